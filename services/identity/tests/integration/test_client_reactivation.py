"""Restoring a disabled client's portal access: as it was before (active or invited),
announced and audited, old sessions still ended, admins of the same practice only."""

from __future__ import annotations

import json
import uuid
from typing import Any

import aiohttp

from services.identity.tests.integration.conftest import CLIENT_PASSWORD, Portal, Tenant

CLIENTS = "/api/v1/identity/clients"
SESSIONS = "/api/v1/identity/sessions"


async def _events(portal: Portal, kind: str, subject: str) -> list[dict[str, Any]]:
    rows = await portal.db.fetch(
        "SELECT envelope FROM identity.outbox WHERE type = $1 AND envelope->>'subject' = $2"
        " ORDER BY seq",
        kind,
        subject,
    )
    return [
        json.loads(r["envelope"]) if isinstance(r["envelope"], str) else r["envelope"] for r in rows
    ]


async def _active_client(
    portal: Portal, tenant: Tenant, staff: aiohttp.ClientSession
) -> tuple[aiohttp.ClientSession, dict[str, Any]]:
    """A client who created a password, invited with an open staff session (a staff
    member can only sign in twice in one 30-second TOTP step)."""
    _, invite = await portal.invite(staff)
    return await portal.activate(invite, slug=tenant.practice.slug)


def _detail(row: Any) -> Any:
    return json.loads(row["detail"]) if isinstance(row["detail"], str) else row["detail"]


async def _status(portal: Portal, client_id: str) -> str:
    status: str = await portal.db.fetchval(
        "SELECT status FROM identity.accounts WHERE id = $1", uuid.UUID(client_id)
    )
    return status


async def test_a_restored_client_who_had_a_password_is_active_and_logs_in_again_with_it(
    portal: Portal, tenant: Tenant
) -> None:
    old_session, body, invite = await portal.active_client(tenant)
    client_id = body["account"]["id"]
    admin = await portal.staff_session(tenant, tenant.admin)
    await portal.post(admin, f"{CLIENTS}/{client_id}/deactivate", None, expect=200)

    restored = await portal.post(admin, f"{CLIENTS}/{client_id}/reactivate", None, expect=200)

    assert restored["status"] == "active" and restored["id"] == client_id
    # The sessions ended on deactivation stay ended: the client logs in again.
    await portal.get(old_session, "/api/v1/identity/me", expect=401)
    csrf = {"X-CSRF-Token": body["csrf_token"]}
    refused = await portal.post(old_session, f"{SESSIONS}/refresh", None, headers=csrf)
    assert refused["_status"] == 401
    login = {"practice": tenant.practice.slug, "email": invite.email, "password": CLIENT_PASSWORD}
    signed_in = await portal.post(portal.http(), SESSIONS, login, expect=200)
    assert signed_in["status"] == "signed_in"
    # client.activated once for the first password, once for the restoration.
    activated = await _events(portal, "client.activated", client_id)
    assert len(activated) == 2
    assert activated[-1]["data"] == {"practice_id": str(tenant.practice.id), "client_id": client_id}
    [row] = await portal.audit_rows(action="client.reactivated", client_id=uuid.UUID(client_id))
    assert row["actor_id"] == tenant.admin.account.id and row["actor_role"] == "admin"
    assert str(row["client_id"]) == client_id and row["practice_id"] == tenant.practice.id
    assert _detail(row) == {"status": "active"}


async def test_a_restored_client_who_never_created_a_password_uses_a_re_sent_invitation(
    portal: Portal, tenant: Tenant
) -> None:
    clinician = await portal.staff_session(tenant, tenant.clinician)
    client, first_invite = await portal.invite(clinician)
    admin = await portal.staff_session(tenant, tenant.admin)
    await portal.post(admin, f"{CLIENTS}/{client['id']}/deactivate", None, expect=200)

    restored = await portal.post(admin, f"{CLIENTS}/{client['id']}/reactivate", None, expect=200)

    assert restored["status"] == "invited"
    assert await _events(portal, "client.activated", client["id"]) == []
    # The invitation voided on deactivation stays void; a re-sent one works as usual.
    stale = await portal.post(
        portal.http(),
        "/api/v1/identity/invitations/accept",
        {
            "practice": tenant.practice.slug,
            "invitation": first_invite.token,
            "email": first_invite.email,
            "pin": first_invite.pin,
        },
    )
    assert stale["_status"] == 410
    await portal.post(clinician, f"{CLIENTS}/{client['id']}/invitation", None, expect=202)
    new_invite = await portal.invitation_email(first_invite.email, count=2)
    _, signed_in = await portal.activate(new_invite, slug=tenant.practice.slug)
    assert signed_in["status"] == "signed_in"
    assert await _status(portal, client["id"]) == "active"
    assert len(await _events(portal, "client.activated", client["id"])) == 1
    [row] = await portal.audit_rows(action="client.reactivated", client_id=uuid.UUID(client["id"]))
    assert _detail(row) == {"status": "invited"}


async def test_restoring_a_client_who_is_not_disabled_is_a_conflict_that_says_why(
    portal: Portal, tenant: Tenant
) -> None:
    clinician = await portal.staff_session(tenant, tenant.clinician)
    _, body = await _active_client(portal, tenant, clinician)
    invited, _ = await portal.invite(clinician)
    admin = await portal.staff_session(tenant, tenant.admin)
    for client_id in (body["account"]["id"], invited["id"]):
        async with admin.post(f"{CLIENTS}/{client_id}/reactivate") as response:
            problem = await response.json(content_type=None)
            assert response.status == 409
            assert response.content_type == "application/problem+json"
        assert problem["reason"] == "not_disabled"
        assert problem["detail"] == (
            "This client's portal access is not disabled: there is nothing to restore."
        )
    assert await _status(portal, body["account"]["id"]) == "active"
    assert await _status(portal, invited["id"]) == "invited"
    rows = await portal.audit_rows(action="client.reactivated", practice_id=tenant.practice.id)
    assert rows == []


async def test_only_an_admin_of_the_clients_practice_can_restore_access(
    portal: Portal, tenant: Tenant
) -> None:
    clinician = await portal.staff_session(tenant, tenant.clinician)
    _, body = await _active_client(portal, tenant, clinician)
    client_id = body["account"]["id"]
    admin = await portal.staff_session(tenant, tenant.admin)
    await portal.post(admin, f"{CLIENTS}/{client_id}/deactivate", None, expect=200)
    other_client, _ = await _active_client(portal, tenant, clinician)
    other = await portal.tenant()
    other_admin = await portal.staff_session(other, other.admin)

    path = f"{CLIENTS}/{client_id}/reactivate"
    assert (await portal.post(clinician, path, None))["_status"] == 403
    assert (await portal.post(other_client, path, None))["_status"] == 403
    assert (await portal.post(other_admin, path, None))["_status"] == 404
    missing = f"{CLIENTS}/{uuid.uuid4()}/reactivate"
    assert (await portal.post(admin, missing, None))["_status"] == 404
    # A team member's id is not a client's.
    staff_id = tenant.clinician.account.id
    assert (await portal.post(admin, f"{CLIENTS}/{staff_id}/reactivate", None))["_status"] == 404
    assert await _status(portal, client_id) == "disabled"
    assert len(await _events(portal, "client.activated", client_id)) == 1
