"""Answers to a form: checked against its fields, whatever the client's browser sent.

A draft may be incomplete; a submission may not. Either way an unknown field id, a wrong
type or an oversized answer is refused, each named (``answers.<field id>``) with a reason
a person can read. Empty answers ("", [], null) count as not answered and are dropped.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from services.forms.domain.fields import CHOICES, FormField

Answers = dict[str, Any]
SHORT_MAX = 500
LONG_MAX = 10_000
NAME_MAX = 200
NUMBER_LIMIT = 1e12
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ().-]{3,30}$")


@dataclass(frozen=True)
class FieldError:
    field: str  # "answers.<field id>"
    reason: str


class AnswersInvalid(ValueError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.field}: {e.reason}" for e in errors))
        self.errors = errors


def visible_fields(fields: list[FormField], answers: Answers) -> list[FormField]:
    """The fields a person sees given these answers: one hidden by its condition hides
    those that depend on it too (conditions only look upward)."""
    shown: dict[str, FormField] = {}
    for field in fields:
        condition = field.show_if
        if condition is None or (
            condition.field in shown and _matches(answers.get(condition.field), condition.equals)
        ):
            shown[field.id] = field
    return list(shown.values())


def _matches(answer: Any, equals: str | bool) -> bool:
    if isinstance(answer, list):
        return equals in answer
    return answer == equals and type(answer) is type(equals)


def clean_draft(fields: list[FormField], answers: Answers) -> Answers:
    """What may be saved as a draft: every answer well formed, nothing required yet."""
    cleaned, errors = _clean(fields, answers)
    if errors:
        raise AnswersInvalid(errors)
    return cleaned


def clean_submission(fields: list[FormField], answers: Answers) -> Answers:
    """What may be submitted: well formed, every visible required field answered, and
    answers to fields the person could not see dropped."""
    cleaned, errors = _clean(fields, answers)
    shown = visible_fields(fields, cleaned)
    named = {e.field for e in errors}  # one reason per field: a wrong answer is not "missing"
    for field in shown:
        missing = not _complete(field, cleaned.get(field.id))
        if field.required and field.answerable and missing and f"answers.{field.id}" not in named:
            errors.append(FieldError(f"answers.{field.id}", _missing(field)))
    if errors:
        raise AnswersInvalid(errors)
    return {f.id: cleaned[f.id] for f in shown if f.id in cleaned}


def _missing(field: FormField) -> str:
    if field.type == "signature":
        return 'is required: check "I agree" and type your full name'
    return "is required"


def _complete(field: FormField, value: Any) -> bool:
    if value is None:
        return False
    if field.type == "signature":
        return bool(value["agreed"]) and bool(value["name"])
    if field.type == "checkbox":
        return value is True
    return True


def _clean(fields: list[FormField], answers: Answers) -> tuple[Answers, list[FieldError]]:
    by_id = {f.id: f for f in fields}
    cleaned: Answers = {}
    errors: list[FieldError] = []
    for key, value in answers.items():
        field = by_id.get(key)
        if field is None:
            errors.append(FieldError(f"answers.{_shown(key)}", "is not a field of this form"))
            continue
        try:
            tidy = _clean_value(field, value)
        except ValueError as exc:
            errors.append(FieldError(f"answers.{key}", str(exc)))
            continue
        if tidy is not None:
            cleaned[key] = tidy
    return cleaned, errors


def _shown(key: str) -> str:
    """A client's unknown key, safe to echo: short, printable."""
    return re.sub(r"[^A-Za-z0-9_-]", "?", key[:40])


def _clean_value(field: FormField, value: Any) -> Any:
    if value is None or value == "" or value == []:
        return None
    if not field.answerable:
        raise ValueError("takes no answer")
    check = _CHECKS.get(field.type, _text)
    return check(field, value)


def _text(field: FormField, value: Any) -> str:
    limit = LONG_MAX if field.type == "long_text" else SHORT_MAX
    if not isinstance(value, str):
        raise ValueError("must be text")
    if len(value) > limit:
        raise ValueError(f"must be {limit} characters or fewer")
    if _CONTROL.search(value) or (field.type != "long_text" and ("\n" in value or "\r" in value)):
        raise ValueError("must not contain control characters")
    return value.strip() if field.type != "long_text" else value


def _email(field: FormField, value: Any) -> str:
    text = _text(field, value)
    if not _EMAIL.match(text):
        raise ValueError("must be an email address like name@example.com")
    return text


def _phone(field: FormField, value: Any) -> str:
    text = _text(field, value)
    if not _PHONE.match(text):
        raise ValueError("must be a phone number (digits, spaces and + ( ) - . only)")
    return text


def _number(field: FormField, value: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("must be a number")
    if not math.isfinite(value) or abs(value) > NUMBER_LIMIT:
        raise ValueError("must be a number of a sensible size")
    return value


def _date(field: FormField, value: Any) -> str:
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("must be a date (YYYY-MM-DD)")
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError("must be a real date") from exc
    return value


def _single(field: FormField, value: Any) -> str:
    if not isinstance(value, str) or value not in {o.value for o in field.options}:
        raise ValueError("must be one of the choices")
    return value


def _multiple(field: FormField, value: Any) -> list[str]:
    allowed = [o.value for o in field.options]
    if not isinstance(value, list) or not all(isinstance(v, str) and v in allowed for v in value):
        raise ValueError("must be some of the choices")
    picked = set(value)
    return [v for v in allowed if v in picked]  # the form's order, each once


def _checkbox(field: FormField, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be checked or not (true or false)")
    return value


def _signature(field: FormField, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) - {"name", "agreed"}:
        raise ValueError("must be a typed name and whether you agree")
    name, agreed = value.get("name", ""), value.get("agreed", False)
    if not isinstance(name, str) or not isinstance(agreed, bool):
        raise ValueError("must be a typed name and whether you agree")
    name = " ".join(name.split())
    if len(name) > NAME_MAX or _CONTROL.search(name):
        raise ValueError(f"must be a name of {NAME_MAX} characters or fewer")
    return {"name": name, "agreed": agreed}


_CHECKS = {
    "short_text": _text,
    "long_text": _text,
    "email": _email,
    "phone": _phone,
    "number": _number,
    "date": _date,
    "single_choice": _single,
    "multiple_choice": _multiple,
    "checkbox": _checkbox,
    "signature": _signature,
}
assert set(_CHECKS) >= CHOICES


def signature_of(fields: list[FormField], answers: Answers) -> str | None:
    """The typed name of the form's (first) signature, if it was signed."""
    for field in fields:
        value = answers.get(field.id)
        if field.type == "signature" and isinstance(value, dict) and value.get("agreed"):
            return str(value["name"]) or None
    return None
