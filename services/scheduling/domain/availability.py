"""Open times: a clinician's hours at a location, minus everything that is not bookable.

Hours are wall-clock times in the location's IANA zone ("Mondays 9 to 5"), so they stay
9 to 5 across daylight-saving changes; each candidate start is made in that zone and
compared in absolute time. A start that does not exist on a spring-forward night is
skipped; a session's length is real elapsed time.

A time is open when it is

- inside the clinician's hours for that date (a date override replaces the weekly hours),
- no earlier than ``earliest`` (now plus the minimum notice; never the past),
- no later than ``latest`` (the booking horizon),
- clear of time off, and clear of every other requested or confirmed appointment
  including its buffer: the candidate holds ``[start, end + buffer)`` against each held
  ``[start, held_until)``, which is exactly what the database's exclusion constraint
  checks when the time is taken.

Morning is before 12 noon; "afternoon & evening" from 12 pm on (the guide's boxes).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

NOON = time(12, 0)
Window = tuple[time, time]


@dataclass(frozen=True)
class WeeklyHours:
    id: UUID
    clinician_id: UUID
    location_id: UUID
    weekday: int  # ISO: 1 Monday .. 7 Sunday
    starts: time
    ends: time


@dataclass(frozen=True)
class DateOverride:
    """Hours for one date replacing the weekly ones there; no times: closed that day."""

    id: UUID
    clinician_id: UUID
    location_id: UUID
    on_date: date
    starts: time | None = None
    ends: time | None = None


@dataclass(frozen=True)
class TimeOff:
    id: UUID
    clinician_id: UUID
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Schedule:
    """A clinician's hours at one location, by weekday and by overridden date."""

    weekly: Mapping[int, Sequence[Window]] = field(default_factory=dict)
    overrides: Mapping[date, Sequence[Window]] = field(default_factory=dict)

    @classmethod
    def of(cls, weekly: Iterable[WeeklyHours], overrides: Iterable[DateOverride]) -> Schedule:
        by_day: dict[int, list[Window]] = {}
        for hours in weekly:
            by_day.setdefault(hours.weekday, []).append((hours.starts, hours.ends))
        by_date: dict[date, list[Window]] = {}
        for o in overrides:
            windows = by_date.setdefault(o.on_date, [])
            if o.starts is not None and o.ends is not None:
                windows.append((o.starts, o.ends))
        return cls(weekly=by_day, overrides=by_date)

    def windows_on(self, day: date) -> Sequence[Window]:
        if day in self.overrides:
            return self.overrides[day]
        return self.weekly.get(day.isoweekday(), ())


class Blocked:
    """Sorted, merged time ranges, asked "does [start, end) touch any of you?" by bisection:
    a year of appointments costs a lookup per candidate, not a scan."""

    def __init__(self, ranges: Iterable[tuple[datetime, datetime]]) -> None:
        merged: list[list[datetime]] = []
        for start, end in sorted(ranges):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [r[0] for r in merged]
        self._ends = [r[1] for r in merged]

    def overlaps(self, start: datetime, end: datetime) -> bool:
        i = bisect_right(self._ends, start)  # the first range ending after `start`
        return i < len(self._starts) and self._starts[i] < end


@dataclass(frozen=True)
class Slot:
    starts_at: datetime  # aware, in the location's zone
    ends_at: datetime

    @property
    def morning(self) -> bool:
        return self.starts_at.time() < NOON


@dataclass(frozen=True)
class Day:
    day: date
    slots: tuple[Slot, ...]

    @property
    def morning(self) -> tuple[Slot, ...]:
        return tuple(s for s in self.slots if s.morning)

    @property
    def afternoon(self) -> tuple[Slot, ...]:
        """Afternoon & evening: 12 pm on."""
        return tuple(s for s in self.slots if not s.morning)


@dataclass(frozen=True)
class Request:
    """What the open times depend on besides the clinician's hours and calendar."""

    zone: ZoneInfo
    duration: timedelta
    interval: timedelta
    buffer: timedelta
    earliest: datetime
    latest: datetime


def open_days(
    schedule: Schedule,
    days: Sequence[date],
    request: Request,
    *,
    appointments: Blocked,
    time_off: Blocked,
) -> list[Day]:
    """Each of ``days`` with its open times, in order."""
    return [
        Day(day, tuple(_open_on(schedule, day, request, appointments, time_off))) for day in days
    ]


def _open_on(
    schedule: Schedule, day: date, r: Request, appointments: Blocked, time_off: Blocked
) -> Iterable[Slot]:
    seen: set[datetime] = set()
    for window in sorted(schedule.windows_on(day)):
        for start in _starts(day, window, r):
            end = start + r.duration
            if start in seen or start < r.earliest or start > r.latest:
                continue
            if time_off.overlaps(start, end) or appointments.overlaps(start, end + r.buffer):
                continue
            seen.add(start)
            yield Slot(starts_at=start.astimezone(r.zone), ends_at=end.astimezone(r.zone))


def _starts(day: date, window: Window, r: Request) -> Iterable[datetime]:
    """Candidate starts (UTC) every ``interval`` of wall-clock time from the window's
    start, for sessions that end by the window's end."""
    close = local_instant(day, window[1], r.zone)
    wall = datetime.combine(day, window[0])
    last = datetime.combine(day, window[1])
    while wall < last:
        start = _instant(wall, r.zone)
        if start is not None:
            if start + r.duration > close:
                return
            yield start
        wall += r.interval


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a wall-clock time (a skipped one moves forward, as clocks did)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _instant(wall: datetime, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of ``wall`` in ``zone``, or None where the clocks skipped it."""
    instant = wall.replace(tzinfo=zone).astimezone(UTC)
    if instant.astimezone(zone).replace(tzinfo=None) != wall:
        return None
    return instant


def week_of(day: date) -> date:
    """The Sunday that starts ``day``'s week (the booking page shows Sunday to Saturday)."""
    return day - timedelta(days=day.isoweekday() % 7)
