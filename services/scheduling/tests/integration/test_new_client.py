"""The New Client path: someone with no account asks for a first appointment with their
name, email and phone, where the practice allows it. (Approving it invites them through
identity: tests/e2e/test_scheduling_new_client.py, with identity running.)"""

from __future__ import annotations

from services.scheduling.tests.integration.world import Practice, World

TIME = "2026-03-04T09:00:00-05:00"


def public(p: Practice, what: str) -> str:
    return f"/api/v1/scheduling/practices/{p.slug}/booking/{what}"


def asking(w: World, p: Practice, **changes: str) -> dict:
    person = {
        "first_name": "Dana",
        "last_name": "O'Neil",
        "email": "dana@example.org",
        "phone": "+1 555 999 0000",
    }
    return w.choice(p) | {"starts_at": TIME} | person | changes


async def test_a_practice_that_does_not_take_new_clients_online_shows_nothing(w: World) -> None:
    p = await w.setup(await w.practice(clients=0))
    for what in (
        "options",
        f"availability?clinician_id={p.clinician.id}&location_id={p.office}&service_id={p.service}",
    ):
        await w.call("GET", public(p, what), expect=404)
    await w.call("POST", public(p, "requests"), body=asking(w, p), expect=404)
    await w.call("GET", "/api/v1/scheduling/practices/NOT_A_SLUG/booking/options", expect=404)


async def test_a_new_client_requests_a_first_appointment_without_an_account(w: World) -> None:
    p = await w.setup(await w.practice(clients=1), policy={"allow_new_clients": True})
    options = await w.call("GET", public(p, "options"), expect=200)
    assert options["your_clinician_id"] is None and options["clinicians"][0]["name"] == "Casey Lee"
    week = await w.call("GET", public(p, "availability"), params=w.choice(p), expect=200)
    assert week["days"][3]["morning"][0]["starts_at"] == TIME
    made = await w.call("POST", public(p, "requests"), body=asking(w, p), expect=201)
    assert made["status"] == "requested" and made["starts_at"] == TIME
    assert made["location"]["name"] == "Main Office"
    [event] = await w.events(p, "appointment.requested")
    assert event["data"]["client_id"] is None
    assert event["data"]["prospect"] == {
        "first_name": "Dana",
        "last_name": "O'Neil",
        "email": "dana@example.org",
        "phone": "+1 555 999 0000",
    }
    waiting = await w.call("GET", "/api/v1/scheduling/requests", practice=p, who=p.clinician)
    assert waiting[0]["client_name"] == "Dana O'Neil"
    assert waiting[0]["prospect"]["email"] == "dana@example.org"
    # The time is held for them as for anyone.
    await w.request(p, TIME, expect=409)


async def test_one_waiting_request_per_email_and_a_cap_per_practice(w: World) -> None:
    p = await w.setup(await w.practice(clients=0), policy={"allow_new_clients": True})
    await w.call("POST", public(p, "requests"), body=asking(w, p), expect=201)
    again = await w.call(
        "POST",
        public(p, "requests"),
        expect=409,
        body=asking(w, p, starts_at="2026-03-04T10:00:00-05:00"),
    )
    assert again["errors"][0]["field"] == "email"
    cap = w.rt.settings.max_pending_new_client_requests
    w.rt.settings.max_pending_new_client_requests = 2
    try:
        await w.call(
            "POST",
            public(p, "requests"),
            expect=201,
            body=asking(w, p, email="b@example.org", starts_at="2026-03-04T10:00:00-05:00"),
        )
        full = await w.call(
            "POST",
            public(p, "requests"),
            expect=403,
            body=asking(w, p, email="c@example.org", starts_at="2026-03-04T11:00:00-05:00"),
        )
        assert "call the office at +1 555 010 0199" in full["detail"]
    finally:
        w.rt.settings.max_pending_new_client_requests = cap


async def test_a_declined_new_client_request_tells_the_person_politely(w: World) -> None:
    p = await w.setup(await w.practice(clients=0), policy={"allow_new_clients": True})
    made = await w.call("POST", public(p, "requests"), body=asking(w, p), expect=201)
    await w.act(p, made, "decline", body={"note": "Not taking new clients this month."})
    [event] = await w.events(p, "appointment.declined")
    assert event["data"]["prospect"]["email"] == "dana@example.org"
    assert event["data"]["client_id"] is None


async def test_a_new_clients_name_is_checked_as_identity_would(w: World) -> None:
    p = await w.setup(await w.practice(clients=0), policy={"allow_new_clients": True})
    problem = await w.call(
        "POST",
        public(p, "requests"),
        expect=422,
        body=asking(w, p, first_name="Robert'); DROP TABLE--"),
    )
    assert problem["errors"][0]["field"] == "first_name"
    problem = await w.call("POST", public(p, "requests"), expect=422, body=asking(w, p, email="x@"))
    assert problem["errors"][0]["field"] == "email"
    assert (
        await w.count("SELECT count(*) FROM scheduling.appointments WHERE practice_id = $1", p.id)
        == 0
    )
