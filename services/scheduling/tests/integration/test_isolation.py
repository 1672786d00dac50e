"""Nobody reaches what is not theirs: a client another client's appointment, a clinician
another clinician's calendar, staff another practice's anything. "Not found", never a
hint that it exists; and nothing changes."""

from __future__ import annotations

from services.scheduling.tests.integration.world import Practice, World
from shared.events.catalog import ClientDeactivated

WEDNESDAY = "2026-03-04T09:00:00-05:00"
ONE = "/api/v1/scheduling/appointments/{id}"


async def _booked(w: World) -> tuple[Practice, dict]:
    p = await w.setup(await w.practice())
    made = await w.request(p, WEDNESDAY)
    return p, made


async def test_a_client_cannot_reach_another_clients_appointment(w: World) -> None:
    p, made = await _booked(w)
    other = p.clients[1]
    path = ONE.format(id=made["id"])
    for method, suffix, body in (
        ("GET", "", None),
        ("GET", "/calendar.ics", None),
        ("POST", "/cancel", None),
        ("POST", "/reschedule", {"starts_at": "2026-03-04T10:00:00-05:00"}),
    ):
        answer = await w.call(method, path + suffix, practice=p, who=other, body=body, expect=404)
        assert answer["detail"] == "No such appointment."
    assert await w.call("GET", "/api/v1/scheduling/appointments", practice=p, who=other) == []
    unchanged = await w.call("GET", path, practice=p, who=p.client, expect=200)
    assert unchanged["status"] == "requested" and unchanged["starts_at"] == WEDNESDAY


async def test_a_client_cannot_use_staff_endpoints(w: World) -> None:
    p, made = await _booked(w)
    for method, path in (
        ("POST", ONE.format(id=made["id"]) + "/approve"),
        ("POST", ONE.format(id=made["id"]) + "/complete"),
        ("GET", "/api/v1/scheduling/requests"),
        ("GET", "/api/v1/scheduling/calendar?start=2026-03-01"),
        ("GET", "/api/v1/scheduling/locations"),
        ("PATCH", "/api/v1/scheduling/booking-policy"),
        ("GET", f"/api/v1/scheduling/clinicians/{p.clinician.id}/hours"),
    ):
        await w.call(method, path, practice=p, who=p.client, body={}, expect=403)
    # Nor book for someone else.
    body = w.choice(p) | {
        "starts_at": "2026-03-04T10:00:00-05:00",
        "client_id": str(p.clients[1].id),
    }
    refused = await w.call(
        "POST", "/api/v1/scheduling/appointments", practice=p, who=p.client, body=body, expect=422
    )
    assert refused["errors"][0]["field"] == "client_id"


async def test_staff_of_another_practice_reach_nothing_of_this_one(w: World) -> None:
    p, made = await _booked(w)
    q = await w.practice()
    for who in (q.clinician, q.admin):
        for method, path, body in (
            ("GET", ONE.format(id=made["id"]), None),
            ("POST", ONE.format(id=made["id"]) + "/approve", None),
            ("POST", ONE.format(id=made["id"]) + "/cancel", None),
            ("PATCH", f"/api/v1/scheduling/locations/{p.office}", {"name": "Mine now"}),
            ("PATCH", f"/api/v1/scheduling/services/{p.service}", {"name": "Mine now"}),
        ):
            await w.call(method, path, practice=q, who=who, body=body, expect=404)
        assert await w.call("GET", "/api/v1/scheduling/requests", practice=q, who=who) == []
        assert await w.call("GET", "/api/v1/scheduling/locations", practice=q, who=who) == []
    # Their admin setting hours for this practice's clinician: not theirs to find.
    await w.call(
        "PUT",
        f"/api/v1/scheduling/clinicians/{p.clinician.id}/hours",
        practice=q,
        who=q.admin,
        body={"location_id": p.office, "hours": []},
        expect=404,
    )
    # A client of the other practice cannot see this practice's open times.
    await w.call(
        "GET",
        "/api/v1/scheduling/booking/availability",
        practice=q,
        who=q.client,
        params=w.choice(p),
        expect=404,
    )
    still = await w.call("GET", ONE.format(id=made["id"]), practice=p, who=p.client)
    assert still["status"] == "requested" and still["location"]["name"] == "Main Office"


async def test_a_clinician_works_on_their_own_calendar_and_an_admin_on_everyones(w: World) -> None:
    p, made = await _booked(w)
    colleague = await w.staff(p.id, "clinician", "Jo", "Other")
    await w.call(
        "POST", ONE.format(id=made["id"]) + "/approve", practice=p, who=colleague, expect=404
    )
    assert await w.call("GET", "/api/v1/scheduling/requests", practice=p, who=colleague) == []
    hours = f"/api/v1/scheduling/clinicians/{p.clinician.id}/hours"
    await w.call("GET", hours, practice=p, who=colleague, expect=403)
    # An admin sees and answers every clinician's requests.
    waiting = await w.call("GET", "/api/v1/scheduling/requests", practice=p, who=p.admin)
    assert [r["id"] for r in waiting] == [made["id"]]
    assert len(await w.call("GET", hours, practice=p, who=p.admin, expect=200)) == 7
    await w.call(
        "POST", ONE.format(id=made["id"]) + "/approve", practice=p, who=p.admin, expect=200
    )


async def test_without_a_token_nothing_but_the_public_booking_answers(w: World) -> None:
    _p, made = await _booked(w)
    for path in (
        ONE.format(id=made["id"]),
        "/api/v1/scheduling/appointments",
        "/api/v1/scheduling/booking/options",
        "/api/v1/scheduling/calendar-feed",
    ):
        await w.call("GET", path, expect=401)


async def test_another_practices_admin_finds_none_of_a_clinicians_hours_or_time_off(
    w: World,
) -> None:
    p = await w.setup(await w.practice(clients=0))
    base = f"/api/v1/scheduling/clinicians/{p.clinician.id}"
    mine = {"practice": p, "who": p.clinician}
    off = await w.call(
        "POST",
        f"{base}/time-off",
        **mine,
        expect=201,
        body={"starts_at": "2026-03-10T00:00:00Z", "ends_at": "2026-03-11T00:00:00Z"},
    )
    closed = await w.call(
        "POST",
        f"{base}/date-overrides",
        **mine,
        expect=201,
        body={"location_id": p.office, "date": "2026-03-05"},
    )
    q = await w.practice(clients=0)
    theirs = {"practice": q, "who": q.admin}
    assert await w.call("GET", f"{base}/hours", **theirs, expect=200) == []
    assert await w.call("GET", f"{base}/time-off", **theirs, expect=200) == []
    assert (
        await w.call("GET", f"{base}/date-overrides?first=2026-03-01&last=2026-03-31", **theirs)
        == []
    )
    await w.call("DELETE", f"{base}/time-off/{off['id']}", **theirs, expect=404)
    await w.call("DELETE", f"{base}/date-overrides/{closed['id']}", **theirs, expect=404)
    calendar = await w.call(
        "GET",
        f"/api/v1/scheduling/calendar?start=2026-03-01&clinician_id={p.clinician.id}",
        **theirs,
        expect=200,
    )
    assert calendar["appointments"] == []
    assert len(await w.call("GET", f"{base}/time-off", **mine)) == 1


async def test_a_calendar_link_serves_only_its_owners_appointments(w: World) -> None:
    p = await w.setup(await w.practice())
    await w.request(p, WEDNESDAY)
    feed = await w.call(
        "POST", "/api/v1/scheduling/calendar-feed", practice=p, who=p.clients[1], expect=201
    )
    text = await w.call("GET", feed["url"].removeprefix("http://portal.test"), expect=200)
    assert "BEGIN:VEVENT" not in text


async def test_staff_cannot_book_a_client_whose_portal_access_is_disabled(w: World) -> None:
    p = await w.setup(await w.practice())
    disabled = p.clients[1]
    await w.announce(ClientDeactivated(practice_id=p.id, client_id=disabled.id))
    body = w.choice(p) | {"starts_at": "2026-03-04T10:00:00-05:00", "client_id": str(disabled.id)}
    refused = await w.call(
        "POST", "/api/v1/scheduling/appointments", practice=p, who=p.clinician, body=body,
        expect=409,
    )  # fmt: skip
    assert "disabled" in refused["detail"]
    count = await w.count(
        "SELECT count(*) FROM scheduling.appointments WHERE client_id = $1", disabled.id
    )
    assert count == 0
