"""Open times, computed without a database: hours in the location's zone, the rules that
take times away, morning and afternoon & evening."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.scheduling.domain.availability import (
    Blocked,
    DateOverride,
    Request,
    Schedule,
    WeeklyHours,
    open_days,
    week_of,
)

NY = ZoneInfo("America/New_York")
CLINICIAN, OFFICE = uuid.uuid4(), uuid.uuid4()
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def weekly(*days: int, starts: time = time(9), ends: time = time(17)) -> list[WeeklyHours]:
    return [WeeklyHours(uuid.uuid4(), CLINICIAN, OFFICE, d, starts, ends) for d in days]


def request(**changes: object) -> Request:
    values: dict[str, object] = {
        "zone": NY,
        "duration": timedelta(minutes=50),
        "interval": timedelta(hours=1),
        "buffer": timedelta(0),
        "earliest": NOW,
        "latest": NOW + timedelta(days=60),
    }
    return Request(**(values | changes))  # type: ignore[arg-type]


def local_times(
    schedule: Schedule,
    day: date,
    r: Request,
    *held: tuple[datetime, datetime],
    off: tuple[tuple[datetime, datetime], ...] = (),
) -> list[str]:
    [found] = open_days(schedule, [day], r, appointments=Blocked(held), time_off=Blocked(off))
    return [s.starts_at.strftime("%H:%M") for s in found.slots]


def at(day: str, hhmm: str) -> datetime:
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=NY).astimezone(UTC)


def test_a_day_splits_into_morning_before_noon_and_afternoon_and_evening_from_noon() -> None:
    [day] = open_days(
        Schedule.of(weekly(3), []),
        [date(2026, 3, 4)],
        request(),
        appointments=Blocked([]),
        time_off=Blocked([]),
    )
    assert [s.starts_at.strftime("%H:%M") for s in day.morning] == ["09:00", "10:00", "11:00"]
    assert next(s.starts_at.strftime("%H:%M") for s in day.afternoon) == "12:00"
    assert day.slots[-1].ends_at.strftime("%H:%M") == "16:50"


def test_a_held_time_blocks_every_start_whose_session_and_buffer_would_touch_it() -> None:
    schedule = Schedule.of(weekly(3), [])
    held = (at("2026-03-04", "11:00"), at("2026-03-04", "12:05"))  # 11:00-11:50 + 15 min
    r = request(buffer=timedelta(minutes=15))
    assert local_times(schedule, date(2026, 3, 4), r, held) == [
        "09:00",
        "13:00",
        "14:00",
        "15:00",
        "16:00",
    ]
    # Sessions may touch end to start: a half-open range.
    touching = (at("2026-03-04", "09:50"), at("2026-03-04", "10:00"))
    assert "09:00" in local_times(schedule, date(2026, 3, 4), request(), touching)


def test_an_override_replaces_the_weekly_hours_and_an_empty_one_closes_the_day() -> None:
    overrides = [
        DateOverride(uuid.uuid4(), CLINICIAN, OFFICE, date(2026, 3, 4), time(13), time(15)),
        DateOverride(uuid.uuid4(), CLINICIAN, OFFICE, date(2026, 3, 5)),
    ]
    schedule = Schedule.of(weekly(3, 4, 5), overrides)
    assert local_times(schedule, date(2026, 3, 4), request()) == ["13:00", "14:00"]
    assert local_times(schedule, date(2026, 3, 5), request()) == []
    assert len(local_times(schedule, date(2026, 3, 6), request())) == 8


def test_notice_and_horizon_bound_the_times() -> None:
    schedule = Schedule.of(weekly(3), [])
    r = request(earliest=at("2026-03-04", "10:30"), latest=at("2026-03-04", "14:00"))
    assert local_times(schedule, date(2026, 3, 4), r) == ["11:00", "12:00", "13:00", "14:00"]


def test_time_off_takes_away_the_sessions_it_touches() -> None:
    off = ((at("2026-03-04", "12:30"), at("2026-03-04", "15:00")),)
    times = local_times(Schedule.of(weekly(3), []), date(2026, 3, 4), request(), off=off)
    assert times == ["09:00", "10:00", "11:00", "15:00", "16:00"]


def test_hours_across_the_spring_forward_gap_skip_the_hour_that_never_happens() -> None:
    override = DateOverride(uuid.uuid4(), CLINICIAN, OFFICE, date(2026, 3, 8), time(1), time(4))
    r = request(earliest=datetime(2026, 3, 1, tzinfo=UTC))
    [day] = open_days(
        Schedule.of([], [override]),
        [date(2026, 3, 8)],
        r,
        appointments=Blocked([]),
        time_off=Blocked([]),
    )
    assert [(s.starts_at.isoformat(), s.ends_at.isoformat()) for s in day.slots] == [
        ("2026-03-08T01:00:00-05:00", "2026-03-08T01:50:00-05:00"),
        ("2026-03-08T03:00:00-04:00", "2026-03-08T03:50:00-04:00"),
    ]


def test_weeks_start_on_sunday() -> None:
    assert week_of(date(2026, 3, 8)) == date(2026, 3, 8)
    assert week_of(date(2026, 3, 14)) == date(2026, 3, 8)
    assert week_of(date(2026, 3, 7)) == date(2026, 3, 1)


def test_blocked_ranges_merge_and_answer_by_bisection() -> None:
    base = datetime(2026, 1, 1, tzinfo=UTC)
    hours = [(base + timedelta(hours=h), base + timedelta(hours=h, minutes=30)) for h in (5, 1, 3)]
    blocked = Blocked([*hours, (base + timedelta(hours=1, minutes=15), base + timedelta(hours=2))])
    assert blocked.overlaps(base + timedelta(hours=1, minutes=45), base + timedelta(hours=3))
    assert not blocked.overlaps(base + timedelta(hours=2), base + timedelta(hours=3))
    assert not blocked.overlaps(base + timedelta(hours=6), base + timedelta(hours=7))
    assert blocked.overlaps(base, base + timedelta(hours=9))
