"""Superbills: the statement a client sends their insurer to be reimbursed.

An insurer rejects a superbill that lacks any of: the provider's name, credentials, NPI,
tax id and license; the practice's address and phone; the client's name, date of birth
and member id; at least one ICD-10 diagnosis; and on every line the date of service, the
place-of-service code, the CPT code, the units and the fee. So a superbill is refused
with the whole list of what is missing, never issued half-filled.
"""

from __future__ import annotations

import re
from typing import Any

from shared.errors import InvalidInput

POINTERS = "ABCDEFGHIJKL"  # CMS-1500 box 21: up to 12 diagnoses
LINE_POINTERS = 4  # a service line points to at most four of them
# ICD-10-CM: a letter, two characters, then optionally a dot and up to four more.
ICD10 = re.compile(r"^[A-TV-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$")

REQUIRED = (
    ("provider", "name", "the provider's name"),
    ("provider", "credentials", "the provider's credentials"),
    ("provider", "npi", "the NPI"),
    ("provider", "tax_id", "the tax id"),
    ("provider", "license", "the license number"),
    ("practice", "address", "the practice's address"),
    ("practice", "phone", "the practice's phone"),
    ("client", "name", "the client's name"),
    ("client", "date_of_birth", "the client's date of birth"),
    ("client", "member_id", "the client's insurance member id"),
)
LINE_REQUIRED = (
    ("date_of_service", "date of service"),
    ("place_of_service", "place-of-service code"),
    ("cpt_code", "CPT code"),
    ("units", "units"),
    ("fee", "fee"),
)


def missing_fields(content: dict[str, Any]) -> list[dict[str, str]]:
    """Each field an insurer needs that ``content`` lacks, as {field, reason}."""
    missing = [
        {"field": f"{part}.{name}", "reason": f"Add {words}: a superbill needs it."}
        for part, name, words in REQUIRED
        if not content.get(part, {}).get(name)
    ]
    if not content.get("diagnoses"):
        missing.append(
            {"field": "diagnoses", "reason": "Record at least one ICD-10 diagnosis code."}
        )
    if not content.get("lines"):
        missing.append({"field": "lines", "reason": "There are no sessions in this period."})
    for i, line in enumerate(content.get("lines", [])):
        for name, words in LINE_REQUIRED:
            if line.get(name) in (None, ""):
                number = i + 1
                missing.append(
                    {"field": f"lines.{i}.{name}", "reason": f"Add the {words} of line {number}."}
                )
    return missing


def require_complete(content: dict[str, Any]) -> None:
    missing = missing_fields(content)
    if missing:
        raise InvalidInput(
            "This superbill is missing what an insurer needs: "
            + "; ".join(m["reason"] for m in missing),
            errors=missing,
        )


def pointers_for(diagnosis_count: int) -> str:
    """The diagnosis pointers of a line: the first four diagnoses ("A,B,C,D")."""
    return ",".join(POINTERS[: min(diagnosis_count, LINE_POINTERS)])


def check_icd10(code: str) -> str:
    normalised = code.strip().upper()
    if not ICD10.match(normalised):
        raise ValueError("must be an ICD-10 code such as F41.1")
    return normalised
