"""After a request: the session completed (billing is told what to invoice) or a no-show,
direct booking where the practice needs no approval, the client's lists, Idempotency-Key,
and an approval checked again against time off."""

from __future__ import annotations

from datetime import timedelta

from services.scheduling.tests.integration.world import World

TUESDAY_9 = "2026-03-03T09:00:00-05:00"


async def test_the_clinician_marks_a_past_session_completed_and_billing_gets_what_to_invoice(
    w: World,
) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, TUESDAY_9)
    await w.act(p, made, "approve")
    early = await w.act(p, made, "complete", expect=409)
    assert "not started" in early["detail"]
    w.clock.advance(timedelta(days=1, hours=3))  # Tuesday 10:00 EST
    done = await w.act(p, made, "complete")
    assert done["status"] == "completed"
    [event] = await w.events(p, "appointment.completed")
    assert event["data"]["billing"] == {
        "name": "Individual therapy",
        "cpt_code": "90834",
        "fee": 15000,
        "currency": "USD",
        "place_of_service": "11",
    }
    await w.act(p, made, "no-show", expect=409)


async def test_a_no_show_is_recorded_after_the_start(w: World) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, TUESDAY_9)
    await w.act(p, made, "approve")
    w.clock.advance(timedelta(days=2))
    assert (await w.act(p, made, "no-show"))["status"] == "no_show"
    assert len(await w.events(p, "appointment.no_show")) == 1


async def test_where_the_practice_books_directly_a_request_is_confirmed_at_once(w: World) -> None:
    p = await w.setup(await w.practice(), policy={"requires_approval": False})
    made = await w.request(p, TUESDAY_9)
    assert made["status"] == "confirmed"
    assert await w.events(p, "appointment.requested") == []
    assert len(await w.events(p, "appointment.approved")) == 1


async def test_the_client_lists_upcoming_and_past_appointments(w: World) -> None:
    p = await w.setup(await w.practice())
    first = await w.request(p, TUESDAY_9)
    second = await w.request(p, "2026-03-05T14:00:00-05:00")
    await w.act(p, second, "approve")
    await w.act(p, first, "approve")
    w.clock.advance(timedelta(days=2))  # Wednesday
    upcoming = await w.call("GET", "/api/v1/scheduling/appointments", practice=p, who=p.client)
    past = await w.call(
        "GET", "/api/v1/scheduling/appointments?scope=past", practice=p, who=p.client
    )
    assert [a["id"] for a in upcoming] == [second["id"]]
    assert [a["id"] for a in past] == [first["id"]]


async def test_the_same_idempotency_key_books_once(w: World) -> None:
    p = await w.setup(await w.practice())
    key = {"Idempotency-Key": "book-tuesday-9"}
    body = w.choice(p) | {"starts_at": TUESDAY_9}
    first = await w.call(
        "POST",
        "/api/v1/scheduling/appointments",
        practice=p,
        who=p.client,
        body=body,
        headers=key,
        expect=201,
    )
    again = await w.call(
        "POST",
        "/api/v1/scheduling/appointments",
        practice=p,
        who=p.client,
        body=body,
        headers=key,
        expect=201,
    )
    assert again["id"] == first["id"]
    assert (
        await w.count("SELECT count(*) FROM scheduling.appointments WHERE practice_id = $1", p.id)
        == 1
    )


async def test_approval_is_checked_again_against_time_off_taken_since_the_request(w: World) -> None:
    p = await w.setup(await w.practice())
    made = await w.request(p, TUESDAY_9)
    await w.call(
        "POST",
        f"/api/v1/scheduling/clinicians/{p.clinician.id}/time-off",
        practice=p,
        who=p.clinician,
        expect=201,
        body={"starts_at": "2026-03-03T00:00:00-05:00", "ends_at": "2026-03-04T00:00:00-05:00"},
    )
    refused = await w.act(p, made, "approve", expect=409)
    assert "time off" in refused["detail"]
    still = await w.call(
        "GET", f"/api/v1/scheduling/appointments/{made['id']}", practice=p, who=p.client
    )
    assert still["status"] == "requested"
    assert await w.events(p, "appointment.approved") == []
