"""Hostile input gets a 4xx problem+json naming the field, and changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from services.identity.tests.integration.conftest import Portal, Tenant

TABLES = (
    "accounts",
    "invitations",
    "one_time_tokens",
    "sessions",
    "email_outbox",
    "outbox",
    "login_throttle",
    "practices",
)
HUGE = "a" * 300
SQL = "x' OR '1'='1'; DROP TABLE identity.accounts; --"
SCRIPT = "<script>alert(document.cookie)</script>"
BAD_UTF8 = b'{"practice": "demo", "email": "\xff\xfe@example.com", "password": "x"}'
TOKEN = "A" * 43


def _cases(slug: str) -> list[tuple[str, str, Any]]:
    login = {"practice": slug, "email": "a@example.com", "password": "x"}
    client = {"first_name": "Ann", "last_name": "Lee", "email": "ann.lee@example.com"}
    return [
        ("POST", "/api/v1/identity/sessions", {**login, "email": f"{HUGE}@example.com"}),
        ("POST", "/api/v1/identity/sessions", {**login, "email": "not-an-email"}),
        ("POST", "/api/v1/identity/sessions", {**login, "email": SQL}),
        ("POST", "/api/v1/identity/sessions", {**login, "practice": SQL}),
        ("POST", "/api/v1/identity/sessions", {**login, "password": "p" * 5000}),
        ("POST", "/api/v1/identity/sessions", {**login, "client": "toaster"}),
        ("POST", "/api/v1/identity/sessions", {**login, "is_admin": True}),
        ("POST", "/api/v1/identity/sessions", {"practice": slug}),
        ("POST", "/api/v1/identity/sessions", BAD_UTF8),
        ("POST", "/api/v1/identity/sessions", b"{not json"),
        ("POST", "/api/v1/identity/sessions", b"x" * 1_100_000),
        ("POST", "/api/v1/identity/sessions", b"practice=demo&email=a@example.com"),
        (
            "POST",
            "/api/v1/identity/invitations/accept",
            {"practice": slug, "invitation": TOKEN, "email": "a@example.com", "pin": "12a4"},
        ),
        (
            "POST",
            "/api/v1/identity/invitations/accept",
            {"practice": slug, "invitation": SQL, "email": "a@example.com", "pin": "1234"},
        ),
        (
            "POST",
            "/api/v1/identity/invitations/activate",
            {"grant": SCRIPT, "password": "x", "password_confirmation": "x"},
        ),
        ("POST", "/api/v1/identity/password-resets", {"practice": slug, "email": SCRIPT}),
        ("POST", "/api/v1/identity/password-resets/confirm", {"token": TOKEN}),
        ("POST", "/api/v1/identity/clients", {**client, "first_name": SCRIPT}),
        ("POST", "/api/v1/identity/clients", {**client, "last_name": SQL}),
        ("POST", "/api/v1/identity/clients", {**client, "first_name": "A\u0000B"}),
        ("POST", "/api/v1/identity/clients", {**client, "first_name": "x" * 101}),
        ("POST", "/api/v1/identity/clients", {**client, "email": "two@@example.com"}),
        ("POST", "/api/v1/identity/clients", {**client, "date_of_birth": "2999-01-01"}),
        ("POST", "/api/v1/identity/clients", {**client, "date_of_birth": "1990-02-30"}),
        ("POST", "/api/v1/identity/clients", {"first_name": "Ann"}),
        ("POST", "/api/v1/identity/clients", [client]),
        ("GET", "/api/v1/identity/clients/not-a-uuid", None),
        ("GET", "/api/v1/identity/clients?limit=-1", None),
        ("GET", "/api/v1/identity/clients?status=deleted", None),
        ("PATCH", "/api/v1/identity/clients/00000000-0000-0000-0000-000000000000", {}),
        ("PATCH", "/api/v1/identity/practice", {"npi": "1234567890"}),
        ("PATCH", "/api/v1/identity/practice", {"time_zone": "Mars/Olympus_Mons"}),
        ("PATCH", "/api/v1/identity/practice", {"address": SCRIPT}),
        ("GET", "/api/v1/identity/practices/" + "%27%20OR%201%3D1", None),
    ]


async def _counts(portal: Portal) -> dict[str, int]:
    return {t: await portal.db.fetchval(f"SELECT count(*) FROM identity.{t}") for t in TABLES}


@pytest.mark.parametrize("case", range(34))
async def test_hostile_input_gets_a_problem_and_changes_nothing(
    portal: Portal, tenant: Tenant, case: int
) -> None:
    method, path, body = _cases(tenant.practice.slug)[case]
    admin = await portal.staff_session(tenant, tenant.admin)
    before = await _counts(portal)
    raw = body if isinstance(body, bytes) else None if body is None else json.dumps(body).encode()
    content_type = (
        "application/x-www-form-urlencoded"
        if raw and raw.startswith(b"practice=")
        else "application/json"
    )
    async with admin.request(
        method, path, data=raw, headers={"Content-Type": content_type}
    ) as response:
        problem = await response.json(content_type=None)
        assert 400 <= response.status < 500, (response.status, problem)
        assert response.content_type == "application/problem+json"
    assert problem["status"] == response.status and problem["title"]
    if response.status == 422:
        assert problem["errors"] and all(e["field"] for e in problem["errors"])
    text = json.dumps(problem)
    assert SCRIPT not in text and "DROP TABLE" not in text  # never echoed back
    assert await _counts(portal) == before
