"""Admins read their practice's audit log: who did what, to which client, when, from
where, with what outcome; only their own practice, newest first, paged by a cursor."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from services.identity.tests.integration.conftest import Portal, Tenant

AUDIT = "/api/v1/identity/audit"
SESSIONS = "/api/v1/identity/sessions"


async def _audit(
    http: aiohttp.ClientSession, *, expect: int = 200, **params: Any
) -> dict[str, Any]:
    query = {k: str(v) for k, v in params.items()}
    async with http.get(AUDIT, params=query) as response:
        body: dict[str, Any] = await response.json(content_type=None)
        assert response.status == expect, (response.status, body)
        return body


def _actions(page: dict[str, Any]) -> list[str]:
    return [item["action"] for item in page["items"]]


async def _wrong_password(portal: Portal, tenant: Tenant, email: str) -> None:
    body = {"practice": tenant.practice.slug, "email": email, "password": "wrong-pass-7"}
    await portal.post(portal.http(), SESSIONS, body, expect=401)


async def _client_read_by_clinician(portal: Portal, tenant: Tenant) -> dict[str, Any]:
    clinician = await portal.staff_session(tenant, tenant.clinician)
    client, _ = await portal.invite(clinician)
    await portal.get(clinician, f"/api/v1/identity/clients/{client['id']}", expect=200)
    return client


async def test_an_admin_sees_that_a_clinician_read_a_client_record_with_names_and_origin(
    portal: Portal, tenant: Tenant
) -> None:
    client = await _client_read_by_clinician(portal, tenant)
    admin = await portal.staff_session(tenant, tenant.admin)

    page = await _audit(admin)

    [read] = [i for i in page["items"] if i["action"] == "client.read"]
    assert read["actor_id"] == str(tenant.clinician.account.id)
    assert read["actor_role"] == "clinician" and read["actor_name"] == "Sam Clinician"
    assert read["client_id"] == client["id"] and read["client_name"] == "Robin Client"
    assert read["resource"] == f"client:{client['id']}" and read["outcome"] == "success"
    assert read["ip"] == "127.0.0.1" and read["request_id"]
    assert isinstance(read["detail"], dict) and isinstance(read["id"], int)
    stamps = [(i["at"], i["id"]) for i in page["items"]]
    assert stamps == sorted(stamps, reverse=True)
    assert page["next_before"] is None


async def test_an_admin_of_another_practice_never_sees_the_first_practices_rows(
    portal: Portal, tenant: Tenant
) -> None:
    client = await _client_read_by_clinician(portal, tenant)
    await portal.db.execute(
        "INSERT INTO identity.audit_log (practice_id, action, client_id, outcome)"
        " VALUES (NULL, 'client.read', $1, 'success')",
        uuid.UUID(client["id"]),
    )
    other = await portal.tenant()
    b_admin = await portal.staff_session(other, other.admin)

    everything = await _audit(b_admin, limit=200)
    by_client = await _audit(b_admin, client_id=client["id"])
    by_actor = await _audit(b_admin, actor_id=tenant.clinician.account.id)

    a_people = {str(tenant.admin.account.id), str(tenant.clinician.account.id), client["id"]}
    for item in everything["items"]:
        assert not {item["actor_id"], item["client_id"]} & a_people
    assert by_client["items"] == [] and by_actor["items"] == []
    a_admin = await portal.staff_session(tenant, tenant.admin)
    own = await _audit(a_admin, client_id=client["id"], limit=200)
    assert own["items"] and all(i["id"] for i in own["items"])
    assert "client.read" in _actions(own)
    orphan = await portal.audit_rows(client_id=uuid.UUID(client["id"]))
    orphan_ids = {r["id"] for r in orphan if r["practice_id"] is None}
    assert orphan_ids and not orphan_ids & {i["id"] for i in own["items"]}


async def test_clinicians_and_clients_are_refused_the_audit_log(
    portal: Portal, tenant: Tenant
) -> None:
    client, _, _ = await portal.active_client(tenant, client="mobile")
    clinician = await portal.staff_session(tenant, tenant.clinician)
    await _audit(clinician, expect=403)
    await _audit(client, expect=403)
    await _audit(portal.http(), expect=401)


async def test_filters_narrow_the_log_by_client_actor_action_outcome_and_time(
    portal: Portal, tenant: Tenant
) -> None:
    client = await _client_read_by_clinician(portal, tenant)
    await _wrong_password(portal, tenant, tenant.clinician.email)
    admin = await portal.staff_session(tenant, tenant.admin)

    by_client = await _audit(admin, client_id=client["id"])
    assert by_client["items"] and {i["client_id"] for i in by_client["items"]} == {client["id"]}
    assert set(_actions(by_client)) >= {"client.invited", "client.read"}
    by_actor = await _audit(admin, actor_id=tenant.clinician.account.id)
    assert {i["actor_id"] for i in by_actor["items"]} == {str(tenant.clinician.account.id)}
    reads = await _audit(admin, action="client.read")
    assert _actions(reads) == ["client.read"]
    failed = await _audit(admin, outcome="failure")
    assert _actions(failed) == ["login.password"]
    assert failed["items"][0]["detail"] == {"failures": 1, "known_account": True}
    assert (await _audit(admin, outcome="denied"))["items"] == []

    [read] = reads["items"]
    at = datetime.fromisoformat(read["at"])
    since = await _audit(admin, since=at.isoformat(), limit=200)
    assert all(datetime.fromisoformat(i["at"]) >= at for i in since["items"])
    assert "client.invited" not in _actions(since)
    until = await _audit(admin, until=at.isoformat(), limit=200)
    assert "client.invited" in _actions(until) and "client.read" not in _actions(until)
    later = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert (await _audit(admin, since=later))["items"] == []


async def test_paging_with_the_cursor_is_stable_when_new_rows_arrive(
    portal: Portal, tenant: Tenant
) -> None:
    clinician = await portal.staff_session(tenant, tenant.clinician)
    client, _ = await portal.invite(clinician)
    for _ in range(5):
        await portal.get(clinician, f"/api/v1/identity/clients/{client['id']}", expect=200)
    admin = await portal.staff_session(tenant, tenant.admin)
    whole = await _audit(admin, action="client.read", limit=200)
    assert len(whole["items"]) == 5

    first = await _audit(admin, action="client.read", limit=2)
    for _ in range(3):  # new reads arrive while the admin pages
        await portal.get(clinician, f"/api/v1/identity/clients/{client['id']}", expect=200)
    second = await _audit(admin, action="client.read", limit=2, before=first["next_before"])
    third = await _audit(admin, action="client.read", limit=2, before=second["next_before"])

    paged = [i["id"] for page in (first, second, third) for i in page["items"]]
    assert paged == [i["id"] for i in whole["items"]]
    assert third["next_before"] is None and len(third["items"]) == 1
    newest = await _audit(admin, action="client.read", limit=200)
    assert len(newest["items"]) == 8


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "201"}, "limit"),
        ({"client_id": "not-a-uuid"}, "client_id"),
        ({"actor_id": "1"}, "actor_id"),
        ({"outcome": "maybe"}, "outcome"),
        ({"action": "x" * 65}, "action"),
        ({"action": "client.read'; --"}, "action"),
        ({"since": "yesterday"}, "since"),
        ({"until": "2024-01-01T00:00:00"}, "until"),  # no time zone: ambiguous
        ({"since": "2024-02-01T00:00:00Z", "until": "2024-01-01T00:00:00Z"}, "until"),
        ({"before": "bm90LWEtY3Vyc29y"}, "before"),
        ({"before": "!!"}, "before"),
        ({"offset": "10"}, "offset"),
    ],
)
async def test_bad_filters_are_refused_naming_the_field(
    portal: Portal, tenant: Tenant, params: dict[str, str], field: str
) -> None:
    admin = await portal.staff_session(tenant, tenant.admin)
    problem = await _audit(admin, expect=422, **params)
    assert field in {e["field"] for e in problem["errors"]}, problem


async def test_reading_the_audit_log_is_itself_audited(portal: Portal, tenant: Tenant) -> None:
    client = await _client_read_by_clinician(portal, tenant)
    admin = await portal.staff_session(tenant, tenant.admin)

    first = await _audit(admin, client_id=client["id"], outcome="success")
    assert "audit.read" not in _actions(first)  # a page never shows the read behind it

    [row] = await portal.audit_rows(action="audit.read", actor_id=tenant.admin.account.id)
    assert row["practice_id"] == tenant.practice.id and row["actor_role"] == "admin"
    assert row["outcome"] == "success" and row["ip"] == "127.0.0.1" and row["request_id"]
    assert row["client_id"] is None  # the client's own history is not crowded by reads
    assert json.loads(row["detail"]) == {
        "client_id": client["id"],
        "outcome": "success",
        "older": False,
        "count": len(first["items"]),
    }
    again = await _audit(admin, action="audit.read")
    assert [i["actor_id"] for i in again["items"]] == [str(tenant.admin.account.id)]
