"""Field types of scheduling's requests: formats checked at the edge, with reasons."""

from __future__ import annotations

import unicodedata
from datetime import time
from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field, StringConstraints

from shared.types import Name, ShortText


def _time_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError("must be an IANA time zone such as America/New_York") from exc
    return value


def _no_markup(value: str) -> str:
    if "<" in value or ">" in value:
        raise ValueError("must not contain < or >")
    return value


def _person_name(value: str) -> str:
    """Identity's rule for a client's name (approving a New Client request invites the
    person there, so a name identity would refuse is refused here, at the request)."""
    for ch in value:
        if not (unicodedata.category(ch)[0] in "LM" or ch in " '\u2019-.,"):
            raise ValueError("may hold letters, spaces and ' - . , only")
    return value


def _wall_clock(value: time) -> time:
    """Hours are wall-clock times in the location's zone: no offset, whole minutes."""
    if value.tzinfo is not None:
        raise ValueError("must be a time of day without a zone, like 09:00")
    if value.second or value.microsecond:
        raise ValueError("must be whole minutes, like 09:30")
    return value


def _video_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname:
        raise ValueError("must be an https:// link")
    return value


TimeZone = Annotated[str, StringConstraints(max_length=64), AfterValidator(_time_zone)]
Phone = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9 ().-]{7,25}$")]
PersonName = Annotated[Name, AfterValidator(_person_name)]
PlaceName = Annotated[Name, AfterValidator(_no_markup)]
Address = Annotated[ShortText, StringConstraints(min_length=3), AfterValidator(_no_markup)]
VideoUrl = Annotated[str, StringConstraints(max_length=500), AfterValidator(_video_url)]
WallClock = Annotated[time, AfterValidator(_wall_clock)]
Weekday = Annotated[int, Field(ge=1, le=7, description="ISO weekday: 1 Monday .. 7 Sunday")]
Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
CptCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}[0-9A-Z]$")]
Minutes = Annotated[int, Field(ge=5, le=600)]
Fee = Annotated[int, Field(ge=0, le=100_000_000, description="minor units (cents)")]
Note = Annotated[ShortText, StringConstraints(max_length=500), AfterValidator(_no_markup)]
