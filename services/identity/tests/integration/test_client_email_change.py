"""Who may change a client's email, and what follows (issue 8, finding 1).

Before the client has a password any staff member corrects it and the invitation goes
again to the new address; once they do, only an admin may, their sessions end, their
links die and both addresses are told.
"""

from __future__ import annotations

import uuid

from services.identity.tests.integration.conftest import Portal, Tenant
from shared.testing import text_of

CLIENTS = "/api/v1/identity/clients"
RESETS = "/api/v1/identity/password-resets"


def _new_email() -> str:
    return f"new-{uuid.uuid4().hex[:8]}@example.com"


async def test_a_clinician_cannot_change_an_active_clients_email(
    portal: Portal, tenant: Tenant
) -> None:
    client_http, body, invite = await portal.active_client(tenant, client="mobile")
    client_id = body["account"]["id"]
    staff = await portal.staff_session(tenant, tenant.clinician)
    refused = await portal.post(
        staff, f"{CLIENTS}/{client_id}", {"email": _new_email()}, method="PATCH"
    )
    assert refused["_status"] == 403, refused
    assert [e["field"] for e in refused["errors"]] == ["email"]
    unchanged = await portal.get(staff, f"{CLIENTS}/{client_id}", expect=200)
    assert unchanged["email"] == invite.email
    await portal.get(client_http, "/api/v1/identity/me", expect=200)


async def test_an_admin_changing_an_active_clients_email_ends_their_sessions_and_tells_both(
    portal: Portal, tenant: Tenant
) -> None:
    client_http, body, invite = await portal.active_client(tenant, client="mobile")
    client_id = body["account"]["id"]
    await portal.post(
        portal.http(), RESETS, {"practice": tenant.practice.slug, "email": invite.email}
    )
    await portal.smtp.wait_for(invite.email, count=2)  # the welcome, the reset link
    new = _new_email()
    admin = await portal.staff_session(tenant, tenant.admin)
    changed = await portal.post(
        admin, f"{CLIENTS}/{client_id}", {"email": new}, method="PATCH", expect=200
    )
    assert changed["email"] == new

    # Every session and refresh token of the client ended; no link of the old mailbox works.
    async with client_http.get("/api/v1/identity/me") as response:
        assert response.status == 401
    refresh = await portal.post(
        portal.http(), "/api/v1/identity/sessions/refresh", {"refresh_token": body["refresh_token"]}
    )
    assert refresh["_status"] == 401
    live = await portal.db.fetchval(
        "SELECT count(*) FROM identity.one_time_tokens WHERE account_id = $1 AND used_at IS NULL"
        " AND superseded_at IS NULL",
        uuid.UUID(client_id),
    )
    assert live == 0

    [*_, old_notice] = await portal.smtp.wait_for(invite.email, count=3)
    old_text = text_of(old_notice)
    masked = new[0] + "***@example.com"
    assert masked in old_text and new not in old_text
    assert tenant.practice.name in old_text and "555 010 0199" in old_text
    assert "http" not in old_text  # nothing to click that signs in
    [new_notice] = await portal.smtp.wait_for(new, count=1)
    assert tenant.practice.name in text_of(new_notice)

    [row] = await portal.audit_rows(action="client.email_changed", client_id=uuid.UUID(client_id))
    assert row["actor_id"] == tenant.admin.account.id
    assert '"old"' in row["detail"] and invite.email in row["detail"] and new in row["detail"]


async def test_any_clinician_corrects_an_invited_clients_email_and_the_invitation_follows(
    portal: Portal, tenant: Tenant
) -> None:
    own = await portal.staff_session(tenant, tenant.clinician)
    client, invite = await portal.invite(own)
    other = await portal.add_staff(tenant.practice, "clinician")
    someone_else = await portal.staff_session(tenant, other)
    new = _new_email()
    await portal.post(
        someone_else, f"{CLIENTS}/{client['id']}", {"email": new}, method="PATCH", expect=200
    )
    fresh = await portal.invitation_email(new)
    old = await portal.post(
        portal.http(),
        "/api/v1/identity/invitations/accept",
        {
            "practice": tenant.practice.slug,
            "invitation": invite.token,
            "email": invite.email,
            "pin": invite.pin,
        },
    )
    assert old["_status"] in (401, 410), old
    await portal.activate(fresh, slug=tenant.practice.slug)

    # The new invitation went out already (above): anything to the old address would too.
    assert len(portal.smtp.to(invite.email)) == 1


async def test_any_clinician_may_still_correct_an_active_clients_name(
    portal: Portal, tenant: Tenant
) -> None:
    _, body, _ = await portal.active_client(tenant)
    other = await portal.add_staff(tenant.practice, "clinician")
    staff = await portal.staff_session(tenant, other)
    renamed = await portal.post(
        staff,
        f"{CLIENTS}/{body['account']['id']}",
        {"first_name": "Robyn"},
        method="PATCH",
        expect=200,
    )
    assert renamed["first_name"] == "Robyn"
