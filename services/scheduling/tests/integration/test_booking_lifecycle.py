"""The guide's Online Booking through the API: a week of open times split into morning
and afternoon & evening, a request that holds the time but is not yet accepted, the
clinician's approve or decline, Cancel Session inside and outside the policy,
reschedule, complete - and the event each step publishes."""

from __future__ import annotations

from services.scheduling.tests.integration.world import World

TUESDAY_9 = "2026-03-03T09:00:00-05:00"
TUESDAY_10 = "2026-03-03T10:00:00-05:00"


async def test_a_client_sees_a_week_of_open_times_split_into_morning_and_afternoon(
    w: World,
) -> None:
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
        "12:00",
        "13:00",
        "14:00",
        "15:00",
        "16:00",
    ]
    assert tuesday["morning"][0]["starts_at"] == TUESDAY_9
    assert tuesday["morning"][0]["ends_at"] == "2026-03-03T09:50:00-05:00"
    assert tuesday["morning"][0]["zone_abbreviation"] == "EST"


async def test_a_request_holds_the_time_and_says_it_is_not_yet_accepted(w: World) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, TUESDAY_9)
    assert made["status"] == "requested"
    assert made["starts_at"] == TUESDAY_9 and made["time_zone"] == "America/New_York"
    assert made["clinician"]["name"] == "Casey Lee"
    assert made["location"]["map_url"].startswith("https://www.google.com/maps/search/")
    assert made["calendar_url"].endswith(f"/appointments/{made['id']}/calendar.ics")
    # The time is held: nobody else is offered it.
    other = await w.week(p, p.clients[1])
    tuesday = next(d for d in other["days"] if d["date"] == "2026-03-03")
    assert "09:00" not in [s["local_time"] for s in tuesday["morning"]]
    [event] = await w.events(p, "appointment.requested")
    data = event["data"]
    assert data["client_id"] == str(p.client.id) and data["prospect"] is None
    assert data["status"] == "requested" and data["sequence"] == 0
    assert data["starts_at"].startswith("2026-03-03T14:00:00")  # UTC
    assert data["place"] == {
        "location_id": p.office,
        "name": "Main Office",
        "telehealth": False,
        "address": "100 Harbor Street, Springfield",
        "phone": "+1 555 010 0123",
        "time_zone": "America/New_York",
    }
    assert "Individual therapy" not in str(event), "never the reason for the visit"


async def test_the_clinician_approves_a_request_and_the_approval_event_is_published(
    w: World,
) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, TUESDAY_9)
    waiting = await w.call(
        "GET", "/api/v1/scheduling/requests", practice=p, who=p.clinician, expect=200
    )
    assert [r["id"] for r in waiting] == [made["id"]]
    assert waiting[0]["client_name"] == "RobinA Walker"
    approved = await w.act(p, made, "approve")
    assert approved["status"] == "confirmed"
    assert await w.call("GET", "/api/v1/scheduling/requests", practice=p, who=p.clinician) == []
    [event] = await w.events(p, "appointment.approved")
    assert event["data"]["status"] == "confirmed" and event["data"]["sequence"] == 1
    assert event["subject"] == made["id"]
    # Staff access to a client's appointment is audited (on portal.audit, never the events).
    audits = await w.db.fetch(
        "SELECT envelope::text FROM scheduling.outbox WHERE type = 'audit.recorded'"
        " AND envelope->'data'->>'client_id' = $1",
        str(p.client.id),
    )
    assert any('"appointment.approved"' in r["envelope"] for r in audits)
    await w.act(p, made, "approve", expect=409)  # only a request can be approved


async def test_a_declined_request_frees_the_time_and_the_client_sees_the_note(w: World) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, TUESDAY_9)
    declined = await w.act(
        p, made, "decline", body={"note": "I'm away that morning; try Thursday."}
    )
    assert declined["status"] == "declined"
    [event] = await w.events(p, "appointment.declined")
    assert "Thursday" not in str(event), "the note stays in scheduling"
    mine = await w.call(
        "GET", "/api/v1/scheduling/appointments", practice=p, who=p.client, expect=200
    )
    assert mine[0]["status"] == "declined"
    assert mine[0]["decline_note"] == "I'm away that morning; try Thursday."
    assert mine[0]["cancellable_online"] is False
    again = await w.request(p, TUESDAY_9, who=p.clients[1])
    assert again["status"] == "requested"


async def test_cancel_session_works_outside_the_window_and_tells_the_client_to_call_inside_it(
    w: World,
) -> None:
    p = await w.setup(await w.practice(), policy={"cancellation_window_hours": 48})
    early = await w.request(p, "2026-03-06T09:00:00-05:00")  # Friday: 94 hours ahead
    late = await w.request(p, TUESDAY_10, who=p.clients[1])  # 27 hours ahead
    for made in (early, late):
        await w.act(p, made, "approve")

    cancelled = await w.act(p, early, "cancel", who=p.client)
    assert cancelled["status"] == "cancelled"
    refused = await w.act(p, late, "cancel", who=p.clients[1], expect=403)
    assert refused["type"].endswith("/call-the-office")
    assert "less than 48 hours" in refused["detail"] and "+1 555 010 0199" in refused["detail"]
    assert refused["phone"] == "+1 555 010 0199"
    still = await w.call(
        "GET", f"/api/v1/scheduling/appointments/{late['id']}", practice=p, who=p.clients[1]
    )
    assert still["status"] == "confirmed" and still["cancellable_online"] is False
    [event] = await w.events(p, "appointment.cancelled")
    assert event["data"]["cancelled_by"] == "client" and event["data"]["late"] is False

    # Staff can always cancel; inside the window it is recorded as late.
    await w.act(p, late, "cancel", who=p.clinician)
    events = await w.events(p, "appointment.cancelled")
    assert [(e["data"]["cancelled_by"], e["data"]["late"]) for e in events] == [
        ("client", False),
        ("clinician", True),
    ]


async def test_without_online_cancellation_the_client_is_told_to_call_the_office(w: World) -> None:
    p = await w.setup(
        await w.practice(), policy={"online_cancellation": False, "office_phone": "+1 555 222 3333"}
    )
    made = await w.request(p, "2026-03-06T09:00:00-05:00")
    refused = await w.act(p, made, "cancel", who=p.client, expect=403)
    assert refused["detail"] == (
        "This practice does not take cancellations online: to cancel, please call our office"
        " at +1 555 222 3333."
    )
    assert await w.events(p, "appointment.cancelled") == []


async def test_a_client_moves_a_request_in_one_step_and_the_old_time_is_freed(w: World) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, TUESDAY_9)
    other = await w.request(p, "2026-03-03T11:00:00-05:00", who=p.clients[1])
    path = f"/api/v1/scheduling/appointments/{made['id']}/reschedule"
    # A taken time: refused, and the appointment keeps its time.
    taken = await w.call(
        "POST", path, practice=p, who=p.client, expect=409, body={"starts_at": other["starts_at"]}
    )
    assert taken["errors"][0]["field"] == "starts_at"
    moved = await w.call(
        "POST", path, practice=p, who=p.client, expect=200, body={"starts_at": TUESDAY_10}
    )
    assert moved["starts_at"] == TUESDAY_10 and moved["status"] == "requested"
    [event] = await w.events(p, "appointment.rescheduled")
    assert event["data"]["previous_starts_at"].startswith("2026-03-03T14:00:00")
    assert event["data"]["starts_at"].startswith("2026-03-03T15:00:00")
    assert event["data"]["sequence"] == 1
    free = await w.week(p, p.clients[1])
    tuesday = next(d for d in free["days"] if d["date"] == "2026-03-03")
    assert [s["local_time"] for s in tuesday["morning"]] == ["09:00"]


async def test_moving_a_confirmed_appointment_makes_it_a_request_where_approval_is_needed(
    w: World,
) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, "2026-03-04T09:00:00-05:00")
    await w.act(p, made, "approve")
    path = f"/api/v1/scheduling/appointments/{made['id']}/reschedule"
    # One step within its own old time plus an hour: its own hold never stands in its way.
    moved = await w.call(
        "POST",
        path,
        practice=p,
        who=p.client,
        expect=200,
        body={"starts_at": "2026-03-04T10:00:00-05:00"},
    )
    assert moved["status"] == "requested"
    not_open = await w.call(
        "POST",
        path,
        practice=p,
        who=p.client,
        expect=409,
        body={"starts_at": "2026-03-04T10:30:00-05:00"},
    )
    assert "not open" in not_open["detail"]
