"""The guide's Online Booking through the API: a week of open times split into morning
and afternoon & evening, a request that holds the time but is not yet accepted, the
clinician's approve or decline, Cancel Session inside and outside the policy,
reschedule, complete - and the event each step publishes."""

from __future__ import annotations

from services.scheduling.tests.integration.conftest import World

TUESDAY_9 = "2026-03-03T09:00:00-05:00"
TUESDAY_10 = "2026-03-03T10:00:00-05:00"


async def test_a_client_sees_a_week_of_open_times_split_into_morning_and_afternoon(w: World) -> None:
    p = await w.setup(await w.practice())
    week = await w.week(p)
    assert week["time_zone"] == "America/New_York"
    assert week["week_start"] == "2026-03-01"  # a Sunday
    assert week["previous_week"] is None and week["next_week"] == "2026-03-08"
    days = {d["date"]: d for d in week["days"]}
    assert list(days) == [f"2026-03-0{n}" for n in range(1, 8)]
    # Monday is inside the day's notice (it is 7 am there); the weekend has no hours.
    for day in ("2026-03-01", "2026-03-02", "2026-03-07"):
        assert days[day]["morning"] == days[day]["afternoon"] == []
    tuesday = days["2026-03-03"]
    assert [s["local_time"] for s in tuesday["morning"]] == ["09:00", "10:00", "11:00"]
    assert [s["local_time"] for s in tuesday["afternoon"]] == [
        "12:00", "13:00", "14:00", "15:00", "16:00"
    ]
    assert tuesday["morning"][0]["starts_at"] == TUESDAY_9
    assert tuesday["morning"][0]["ends_at"] == "2026-03-03T09:50:00-05:00"
    assert tuesday["morning"][0]["zone_abbreviation"] == "EST"
