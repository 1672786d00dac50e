"""What is left out of the open times: the past, the minimum notice, beyond the horizon,
other appointments and their buffers, time off, and anything outside the hours (date
overrides included). And daylight-saving weeks in America/New_York."""

from __future__ import annotations

from datetime import UTC, datetime

from services.scheduling.tests.integration.world import Practice, World


def times(week: dict, day: str) -> list[str]:
    found = next(d for d in week["days"] if d["date"] == day)
    return [s["local_time"] for s in found["morning"] + found["afternoon"]]


def offsets(week: dict, day: str) -> set[str]:
    found = next(d for d in week["days"] if d["date"] == day)
    return {s["starts_at"][-6:] for s in found["morning"] + found["afternoon"]}


async def override(w: World, p: Practice, day: str, starts: str | None, ends: str | None) -> dict:
    body = {"location_id": p.office, "date": day, "starts": starts, "ends": ends}
    return await w.call(
        "POST",
        f"/api/v1/scheduling/clinicians/{p.clinician.id}/date-overrides",
        practice=p,
        who=p.clinician,
        body=body,
        expect=201,
    )


async def test_notice_horizon_and_the_weeks_around_them(w: World) -> None:
    p = await w.setup(await w.practice(), policy={"min_notice_hours": 48, "horizon_days": 10})
    week = await w.week(p)
    assert times(week, "2026-03-03") == []  # Tuesday is inside 48 hours
    assert times(week, "2026-03-04")[0] == "09:00"  # Wednesday 9:00 is 50 hours away
    later = await w.week(p, week=week["next_week"])
    assert later["previous_week"] == "2026-03-01"
    assert later["next_week"] is None  # nothing after the 10-day horizon
    assert len(times(later, "2026-03-11")) == 8
    assert times(later, "2026-03-12") == []  # the horizon ends at 8:00 that morning


async def test_other_appointments_and_their_buffer_are_not_offered(w: World) -> None:
    p = await w.setup(await w.practice(), policy={"buffer_minutes": 15})
    await w.request(p, "2026-03-04T11:00:00-05:00", client_id=str(p.clients[1].id), who=p.clinician)
    # 11:00-11:50 holds until 12:05: 10:00 (ends 10:50 + 15 = 11:05) and 12:00 clash.
    assert times(await w.week(p), "2026-03-04") == ["09:00", "13:00", "14:00", "15:00", "16:00"]


async def test_time_off_and_a_closed_day_are_not_offered(w: World) -> None:
    p = await w.setup(await w.practice())
    await w.call(
        "POST",
        f"/api/v1/scheduling/clinicians/{p.clinician.id}/time-off",
        practice=p,
        who=p.clinician,
        expect=201,
        body={"starts_at": "2026-03-04T12:30:00-05:00", "ends_at": "2026-03-04T15:00:00-05:00"},
    )
    await override(w, p, "2026-03-05", None, None)  # closed on Thursday
    await override(w, p, "2026-03-06", "13:00", "15:00")  # Friday afternoon only
    week = await w.week(p)
    assert times(week, "2026-03-04") == ["09:00", "10:00", "11:00", "15:00", "16:00"]
    assert times(week, "2026-03-05") == []
    assert times(week, "2026-03-06") == ["13:00", "14:00"]


async def test_the_week_clocks_spring_forward_keeps_nine_to_five_in_new_york(w: World) -> None:
    w.clock.at = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    p = await w.setup(await w.practice())
    # Sunday the 8th, the change itself: hours across the skipped 2 am hour.
    await override(w, p, "2026-03-08", "01:00", "04:00")
    before = await w.week(p, week="2026-03-06")
    assert before["week_start"] == "2026-03-01"
    assert offsets(before, "2026-03-06") == {"-05:00"}  # Friday before: EST
    week = await w.week(p, week="2026-03-08")
    assert week["week_start"] == "2026-03-08"
    assert times(week, "2026-03-08") == ["01:00", "03:00"]  # 2:00 never happens that night
    sunday = next(d for d in week["days"] if d["date"] == "2026-03-08")["morning"]
    assert [(s["starts_at"], s["ends_at"]) for s in sunday] == [
        ("2026-03-08T01:00:00-05:00", "2026-03-08T01:50:00-05:00"),
        ("2026-03-08T03:00:00-04:00", "2026-03-08T03:50:00-04:00"),
    ]
    assert times(week, "2026-03-09")[0] == "09:00"  # still nine o'clock on Monday...
    assert offsets(week, "2026-03-09") == {"-04:00"}  # ...now EDT
    assert {s["zone_abbreviation"] for s in sunday} == {"EST", "EDT"}
    made = await w.request(p, "2026-03-09T09:00:00-04:00")
    assert made["starts_at"] == "2026-03-09T09:00:00-04:00"
    [event] = await w.events(p, "appointment.requested")
    assert event["data"]["starts_at"].startswith("2026-03-09T13:00:00")  # 9 EDT = 13 UTC


async def test_the_week_clocks_fall_back_keeps_nine_to_five_in_new_york(w: World) -> None:
    w.clock.at = datetime(2026, 10, 25, 12, 0, tzinfo=UTC)
    p = await w.setup(await w.practice())
    await override(w, p, "2026-11-01", "00:00", "03:00")  # 1 am happens twice that night
    week = await w.week(p, week="2026-11-01")
    assert week["week_start"] == "2026-11-01"
    sunday = next(d for d in week["days"] if d["date"] == "2026-11-01")["morning"]
    # Each wall-clock time once; the session at 1:00 lasts 50 real minutes.
    assert [s["starts_at"] for s in sunday] == [
        "2026-11-01T00:00:00-04:00",
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T02:00:00-05:00",
    ]
    assert times(week, "2026-11-02") == times(week, "2026-11-06")
    assert times(week, "2026-11-02")[0] == "09:00"
    assert offsets(week, "2026-11-02") == {"-05:00"}
    earlier = await w.week(p, week="2026-10-30")
    assert offsets(earlier, "2026-10-30") == {"-04:00"}


async def test_the_zone_is_named_with_every_time_whatever_the_practice_zone(w: World) -> None:
    p = await w.setup(await w.practice(time_zone="Europe/London"))
    week = await w.week(p)
    assert week["time_zone"] == "Europe/London"
    slots = [s for d in week["days"] for s in d["morning"] + d["afternoon"]]
    assert slots and {s["zone_abbreviation"] for s in slots} == {"GMT"}
    assert all(s["starts_at"].endswith("Z") for s in slots)  # GMT is UTC in winter
