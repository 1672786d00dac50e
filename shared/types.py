"""Field types for request models: bounded, trimmed, no control characters.

PostgreSQL refuses NUL bytes in text and nobody needs a control character in a name, so
they are rejected at the edge with a 422 naming the field, not a 500 from the database.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, EmailStr, StringConstraints

from shared.email_address import check_lengths

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _no_control(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return unicodedata.normalize("NFC", value)


# For models of other shapes (a form's labels, its answers): the same rule, by name.
no_control_characters = _no_control


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line")
    return value


Name = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_no_control),
    AfterValidator(_one_line),
]
ShortText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=200),
    AfterValidator(_no_control),
    AfterValidator(_one_line),
]
LongText = Annotated[str, StringConstraints(max_length=20_000), AfterValidator(_no_control)]


def _npi(value: str) -> str:
    """A National Provider Identifier: 10 digits with a Luhn check over 80840 + NPI."""
    digits = re.sub(r"\s", "", value)
    if not re.fullmatch(r"\d{10}", digits):
        raise ValueError("must be 10 digits")
    total = 0
    for i, ch in enumerate(reversed("80840" + digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    if total % 10:
        raise ValueError("is not a valid NPI (check digit)")
    return digits


# Provider identifiers (identity's practice details, billing's clinician details).
Npi = Annotated[str, StringConstraints(max_length=20), AfterValidator(_npi)]
TaxId = Annotated[str, StringConstraints(pattern=r"^\d{2}-?\d{7}$")]
# RFC 5321's lengths (a 64-character local part at most) as well as the syntax.
Email = Annotated[
    EmailStr,
    StringConstraints(max_length=254),
    AfterValidator(lambda v: v.lower()),
    AfterValidator(check_lengths),
]


class RequestModel(BaseModel):
    """Base of request bodies: unknown fields are an error that names them."""

    model_config = ConfigDict(extra="forbid", str_max_length=20_000)


class ResponseModel(BaseModel):
    model_config = ConfigDict(from_attributes=True)
