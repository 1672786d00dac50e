"""Tenancy and privacy: a practice sees only its own people; a client only themself."""

from __future__ import annotations

from services.identity.tests.integration.conftest import Portal, Tenant


async def test_a_client_cannot_read_another_clients_record(portal: Portal, tenant: Tenant) -> None:
    alice, alice_body, _ = await portal.active_client(tenant)
    _, bob_body, _ = await portal.active_client(tenant)
    own = await portal.get(
        alice, f"/api/v1/identity/clients/{alice_body['account']['id']}", expect=200
    )
    assert own["email"] == alice_body["account"]["email"]
    await portal.get(alice, f"/api/v1/identity/clients/{bob_body['account']['id']}", expect=404)
    await portal.get(alice, "/api/v1/identity/clients", expect=403)
    await portal.get(alice, "/api/v1/identity/staff", expect=403)


async def test_a_token_from_practice_b_reads_nothing_of_practice_a(
    portal: Portal, tenant: Tenant
) -> None:
    _, a_client, _ = await portal.active_client(tenant)
    other = await portal.tenant()
    b_client, _, _ = await portal.active_client(other, client="mobile")
    b_staff = await portal.staff_session(other, other.admin)
    a_id = a_client["account"]["id"]
    for http in (b_client, b_staff):
        await portal.get(http, f"/api/v1/identity/clients/{a_id}", expect=404)
        assert (
            await portal.post(
                http, f"/api/v1/identity/clients/{a_id}", {"first_name": "X"}, method="PATCH"
            )
        )["_status"] in (403, 404)
    listed = await portal.get(b_staff, "/api/v1/identity/clients", expect=200)
    assert a_id not in {c["id"] for c in listed}
    await portal.post(b_staff, f"/api/v1/identity/clients/{a_id}/deactivate", None, expect=404)
    await portal.post(b_staff, f"/api/v1/identity/clients/{a_id}/invitation", None, expect=404)
    practice = await portal.get(b_staff, "/api/v1/identity/practice", expect=200)
    assert practice["id"] == str(other.practice.id)


async def test_staff_reading_a_client_record_is_audited(portal: Portal, tenant: Tenant) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    client, _ = await portal.invite(staff)
    await portal.get(staff, f"/api/v1/identity/clients/{client['id']}", expect=200)
    [row] = await portal.audit_rows(action="client.read", actor_id=tenant.clinician.account.id)
    assert str(row["client_id"]) == client["id"]
    assert row["actor_role"] == "clinician" and row["practice_id"] == tenant.practice.id
    assert row["outcome"] == "success" and row["request_id"] and row["ip"] == "127.0.0.1"


async def test_the_audit_log_cannot_be_changed(portal: Portal, tenant: Tenant) -> None:
    import asyncpg
    import pytest

    async with portal.idp.uow() as uow:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await uow.conn.execute("UPDATE audit_log SET outcome = 'success'")
    async with portal.idp.uow() as uow:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await uow.conn.execute("DELETE FROM audit_log")


async def test_clinicians_cannot_manage_staff_or_practice_details(
    portal: Portal, tenant: Tenant
) -> None:
    clinician = await portal.staff_session(tenant, tenant.clinician)
    await portal.get(clinician, "/api/v1/identity/staff", expect=403)
    added = await portal.post(
        clinician,
        "/api/v1/identity/staff",
        {"first_name": "A", "last_name": "B", "email": "a.b@example.com", "role": "admin"},
    )
    assert added["_status"] == 403
    changed = await portal.post(
        clinician, "/api/v1/identity/practice", {"name": "Mine"}, method="PATCH"
    )
    assert changed["_status"] == 403


async def test_a_token_pairing_one_client_with_anothers_session_reads_nothing(
    portal: Portal, tenant: Tenant
) -> None:
    """/me reads session, account and practice in one statement: the session must be the
    caller's own, whatever the token pairs."""
    import uuid

    _, alice, _ = await portal.active_client(tenant, client="mobile")
    bob_http, bob, _ = await portal.active_client(tenant, client="mobile")
    await portal.get(bob_http, "/api/v1/identity/me", expect=200)

    mixed = portal.idp.keys.sign(
        subject=uuid.UUID(alice["account"]["id"]),
        practice_id=tenant.practice.id,
        role="client",
        sid=uuid.UUID(bob["session"]["id"]),
    )
    http = portal.http(Authorization=f"Bearer {mixed}")
    body = await portal.get(http, "/api/v1/identity/me", expect=401)
    assert alice["account"]["email"] not in str(body) and bob["account"]["email"] not in str(body)
