"""Field types of identity's requests: formats checked at the edge, with reasons."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, StringConstraints

from shared.types import Name, ShortText

Slug = Annotated[
    str, StringConstraints(min_length=1, max_length=63, pattern=r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")
]
# Secrets we minted: URL-safe base64 of 32 bytes. Anything else is refused at the edge.
Token = Annotated[
    str, StringConstraints(min_length=32, max_length=128, pattern=r"^[A-Za-z0-9_-]+$")
]
Pin = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{4}$")]
TotpCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{3} ?\d{3}$")]
# Passwords are taken as typed (no trimming); the policy decides what is acceptable.
Password = Annotated[str, StringConstraints(min_length=1, max_length=1024)]
ClientKindField = Literal["browser", "mobile"]


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("must be an IANA time zone such as America/New_York") from exc
    return value


def _birth_date(value: date) -> date:
    if not date(1900, 1, 1) <= value <= date.today():
        raise ValueError("must be a real date of birth, not in the future")
    return value


def _person_name(value: str) -> str:
    """Letters of any script, marks, spaces, apostrophes (' and U+2019), - . and , :
    enough for real names
    (O'Brien, Jean-Luc, Nguyễn, 李), never markup or a query fragment."""
    for ch in value:
        if not (unicodedata.category(ch)[0] in "LM" or ch in " '\u2019-.,"):
            raise ValueError("may hold letters, spaces and ' - . , only")
    return value


def _no_markup(value: str) -> str:
    if "<" in value or ">" in value:
        raise ValueError("must not contain < or >")
    return value


PersonName = Annotated[Name, AfterValidator(_person_name)]
PlainText = Annotated[ShortText, AfterValidator(_no_markup)]
PracticeName = Annotated[Name, AfterValidator(_no_markup)]
TimeZone = Annotated[str, StringConstraints(max_length=64), AfterValidator(_time_zone)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ().-]{7,25}$")]
BirthDate = Annotated[date, AfterValidator(_birth_date)]
