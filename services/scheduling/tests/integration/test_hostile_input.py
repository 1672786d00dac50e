"""Bad input gets a 422 problem naming the field, changes nothing, and is never a 500."""

from __future__ import annotations

import pytest

from services.scheduling.tests.integration.world import Practice, World

TIME = "2026-03-04T09:00:00-05:00"


def fields(problem: dict) -> set[str]:
    return {e["field"].split(".")[-1] for e in problem.get("errors", [])}


async def snapshot(w: World, p: Practice) -> tuple:
    return tuple(
        [
            await w.count(f"SELECT count(*) FROM scheduling.{t} WHERE practice_id = $1", p.id)
            for t in (
                "locations",
                "services",
                "weekly_hours",
                "date_overrides",
                "time_off",
                "appointments",
            )
        ]
        + [
            await w.count(
                "SELECT count(*) FROM scheduling.outbox WHERE envelope->'data'->>"
                "'practice_id' = $1",
                str(p.id),
            )
        ]
    )


BAD_SETUP = [
    (
        "POST",
        "locations",
        {"name": "Office", "time_zone": "Mars/Olympus", "address": "1 St"},
        "time_zone",
    ),
    (
        "POST",
        "locations",
        {"name": "<b>Office</b>", "time_zone": "UTC", "address": "1 Main"},
        "name",
    ),
    ("POST", "locations", {"name": "Office", "time_zone": "UTC"}, "address"),
    (
        "POST",
        "locations",
        {
            "name": "Video",
            "time_zone": "UTC",
            "telehealth": True,
            "video_url": "http://insecure.example.com",
        },
        "video_url",
    ),
    (
        "POST",
        "locations",
        {"name": "Video", "time_zone": "UTC", "telehealth": True, "address": "1 Main St"},
        "address",
    ),
    ("POST", "locations", {"name": "Office\x00", "time_zone": "UTC", "address": "1 Main"}, "name"),
    (
        "POST",
        "locations",
        {"name": "Office", "time_zone": "UTC", "address": "1 Main", "owner": "me"},
        "owner",
    ),
    ("POST", "services", {"name": "Therapy", "duration_minutes": 0}, "duration_minutes"),
    ("POST", "services", {"name": "Therapy", "duration_minutes": 50, "fee": -1}, "fee"),
    (
        "POST",
        "services",
        {"name": "Therapy", "duration_minutes": 50, "cpt_code": "DROP"},
        "cpt_code",
    ),
    (
        "POST",
        "services",
        {"name": "Therapy", "duration_minutes": 50, "currency": "usd"},
        "currency",
    ),
    (
        "POST",
        "services",
        {"name": "Therapy", "duration_minutes": 50, "clinician_ids": ["not-a-uuid"]},
        "0",
    ),
    ("PATCH", "booking-policy", {"cancellation_window_hours": 36}, "cancellation_window_hours"),
    ("PATCH", "booking-policy", {"min_notice_hours": -1}, "min_notice_hours"),
    ("PATCH", "booking-policy", {"office_phone": "call me maybe"}, "office_phone"),
    ("PATCH", "booking-policy", {"requires_approval": None}, "body"),
    ("PATCH", "booking-policy", {}, "body"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), BAD_SETUP)
async def test_bad_setup_is_refused_naming_the_field(
    w: World, method: str, path: str, body: dict, field: str
) -> None:
    p = await w.practice(clients=0)
    before = await snapshot(w, p)
    problem = await w.call(
        method, f"/api/v1/scheduling/{path}", practice=p, who=p.clinician, body=body, expect=422
    )
    assert problem["type"].endswith("/invalid-input")
    assert field in fields(problem), problem
    assert await snapshot(w, p) == before


async def test_bad_hours_and_time_off_are_refused_naming_the_field(w: World) -> None:
    p = await w.setup(await w.practice(clients=0))
    before = await snapshot(w, p)
    base = f"/api/v1/scheduling/clinicians/{p.clinician.id}"
    cases = [
        (
            "PUT",
            "/hours",
            {
                "location_id": p.office,
                "hours": [{"weekday": 8, "starts": "09:00", "ends": "10:00"}],
            },
            "weekday",
        ),
        (
            "PUT",
            "/hours",
            {
                "location_id": p.office,
                "hours": [{"weekday": 1, "starts": "10:00", "ends": "09:00"}],
            },
            "ends",
        ),
        (
            "PUT",
            "/hours",
            {
                "location_id": p.office,
                "hours": [{"weekday": 1, "starts": "09:00+02:00", "ends": "10:00"}],
            },
            "starts",
        ),
        (
            "PUT",
            "/hours",
            {
                "location_id": p.office,
                "hours": [
                    {"weekday": 1, "starts": "09:00", "ends": "12:00"},
                    {"weekday": 1, "starts": "11:00", "ends": "13:00"},
                ],
            },
            "hours",
        ),
        (
            "POST",
            "/date-overrides",
            {"location_id": p.office, "date": "2026-03-05", "starts": "09:00"},
            "ends",
        ),
        ("POST", "/date-overrides", {"location_id": p.office, "date": "2026-02-30"}, "date"),
        (
            "POST",
            "/time-off",
            {"starts_at": "2026-03-05T09:00:00", "ends_at": "2026-03-05T10:00:00Z"},
            "starts_at",
        ),
        (
            "POST",
            "/time-off",
            {"starts_at": "2026-03-05T10:00:00Z", "ends_at": "2026-03-05T09:00:00Z"},
            "ends_at",
        ),
    ]
    for method, path, body, field in cases:
        problem = await w.call(
            method, base + path, practice=p, who=p.clinician, body=body, expect=422
        )
        assert field in fields(problem), (path, problem)
    await w.call(
        "GET",
        "/api/v1/scheduling/clinicians/not-a-uuid/hours",
        practice=p,
        who=p.clinician,
        expect=422,
    )
    assert await snapshot(w, p) == before


async def test_bad_requests_for_a_time_are_refused_naming_the_field(w: World) -> None:
    p = await w.setup(await w.practice())
    before = await snapshot(w, p)
    cases = [
        ({"starts_at": "2026-03-04T09:00:00"}, 422, "starts_at"),  # no zone: whose nine o'clock?
        ({"starts_at": "tomorrow"}, 422, "starts_at"),
        ({"starts_at": TIME, "service_id": "x"}, 422, "service_id"),
        (
            {"starts_at": TIME, "clinician_id": "00000000-0000-0000-0000-000000000000"},
            404,
            "service_id",
        ),
        ({"starts_at": "2026-03-04T09:10:00-05:00"}, 409, "starts_at"),  # not one of the times
        ({"starts_at": "2026-03-04T03:00:00-05:00"}, 409, "starts_at"),  # outside the hours
        ({"starts_at": "2026-03-02T09:00:00-05:00"}, 409, "starts_at"),  # inside the notice
        ({"starts_at": "2027-03-04T09:00:00-05:00"}, 409, "starts_at"),  # beyond the horizon
    ]
    for change, status, field in cases:
        body = w.choice(p) | change
        problem = await w.call(
            "POST",
            "/api/v1/scheduling/appointments",
            practice=p,
            who=p.client,
            body=body,
            expect=status,
        )
        assert field in fields(problem), (change, problem)
    bad_key = {"Idempotency-Key": "has spaces in it"}
    problem = await w.call(
        "POST",
        "/api/v1/scheduling/appointments",
        practice=p,
        who=p.client,
        body=w.choice(p) | {"starts_at": TIME},
        headers=bad_key,
        expect=422,
    )
    assert fields(problem) == {"Idempotency-Key"}
    made = await w.request(p, TIME)
    note = "x" * 501
    problem = await w.act(p, made, "decline", body={"note": note}, expect=422)
    assert fields(problem) == {"note"}
    problem = await w.call(
        "GET", "/api/v1/scheduling/appointments?scope=future", practice=p, who=p.client, expect=422
    )
    assert fields(problem) == {"scope"}
    problem = await w.call(
        "GET",
        "/api/v1/scheduling/calendar?start=2026-03-01&days=400",
        practice=p,
        who=p.clinician,
        expect=422,
    )
    assert fields(problem) == {"days"}
    after = await snapshot(w, p)
    assert after[5] == before[5] + 1  # only the one good request


async def test_a_body_that_is_not_json_is_refused(w: World) -> None:
    p = await w.practice(clients=0)
    headers = w.headers(p, p.clinician) | {"Content-Type": "text/plain"}
    async with w.http.post("/api/v1/scheduling/locations", data="name=x", headers=headers) as r:
        assert r.status == 415
    headers["Content-Type"] = "application/json"
    async with w.http.post("/api/v1/scheduling/locations", data="{not json", headers=headers) as r:
        assert r.status == 422
