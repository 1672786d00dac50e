"""An answer as words, the same in a PDF and an export: option labels, not values."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from services.forms.domain.fields import FormField

NOT_ANSWERED = "Not answered"


def answer_text(field: FormField, value: Any) -> str:
    if value is None:
        return NOT_ANSWERED
    labels = {o.value: o.label for o in field.options}
    if field.type == "single_choice":
        return labels.get(value, str(value))
    if field.type == "multiple_choice":
        return "; ".join(labels.get(v, str(v)) for v in value)
    if field.type == "checkbox":
        return "Yes" if value else "No"
    if field.type == "signature":
        return f"{value['name']} (I agree)" if value.get("agreed") else NOT_ANSWERED
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def local_time(at: datetime, zone: str) -> str:
    """``at`` in the practice's zone, the zone named (the PDF is read anywhere)."""
    try:
        tz = ZoneInfo(zone)
    except (KeyError, ValueError):
        tz, zone = ZoneInfo("UTC"), "UTC"
    return f"{at.astimezone(tz):%B %-d, %Y at %-I:%M %p} ({zone})"
