"""Practices, staff and the events identity publishes (never a secret in them)."""

from __future__ import annotations

import json

from services.identity.tests.integration.conftest import Portal, Tenant


async def test_the_welcome_page_gets_public_practice_details_only(
    portal: Portal, tenant: Tenant
) -> None:
    info = await portal.get(
        portal.http(), f"/api/v1/identity/practices/{tenant.practice.slug}", expect=200
    )
    assert info == {
        "slug": tenant.practice.slug,
        "name": tenant.practice.name,
        "time_zone": "America/New_York",
        "phone": "+1 555 010 0199",
    }
    await portal.get(portal.http(), "/api/v1/identity/practices/no-such-practice", expect=404)


async def test_an_admin_keeps_the_provider_details_for_superbills(
    portal: Portal, tenant: Tenant
) -> None:
    admin = await portal.staff_session(tenant, tenant.admin)
    changed = await portal.post(
        admin,
        "/api/v1/identity/practice",
        {
            "npi": "1234567893",
            "tax_id": "12-3456789",
            "license": "LMFT 12345",
            "address": "1 Main St, Springfield",
        },
        method="PATCH",
        expect=200,
    )
    assert changed["npi"] == "1234567893" and changed["name"] == tenant.practice.name
    public = await portal.get(portal.http(), f"/api/v1/identity/practices/{tenant.practice.slug}")
    assert "npi" not in public and "tax_id" not in public
    [event] = await _events(portal, "practice.updated", str(tenant.practice.id))
    assert event["data"]["npi"] == "1234567893"


async def test_client_lifecycle_events_carry_no_secret(portal: Portal, tenant: Tenant) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    client, invite = await portal.invite(staff, date_of_birth="1985-06-15")
    await portal.post(
        staff,
        f"/api/v1/identity/clients/{client['id']}",
        {"last_name": "O'Brien-Nguyễn"},
        method="PATCH",
        expect=200,
    )
    await portal.activate(invite, slug=tenant.practice.slug)
    admin = await portal.staff_session(tenant, tenant.admin)
    await portal.post(
        admin, f"/api/v1/identity/clients/{client['id']}/deactivate", None, expect=200
    )
    kinds = ["client.invited", "client.updated", "client.activated", "client.deactivated"]
    found = {kind: await _events(portal, kind, client["id"]) for kind in kinds}
    assert all(len(events) == 1 for events in found.values()), found
    invited = found["client.invited"][0]["data"]
    assert invited["clinician_id"] == str(tenant.clinician.account.id)
    assert invited["date_of_birth"] == "1985-06-15"
    assert found["client.updated"][0]["data"]["last_name"] == "O'Brien-Nguyễn"
    dump = json.dumps(found)
    for secret in (invite.pin, invite.token, "quiet-orchard-lantern-58"):
        assert secret not in dump


async def test_no_pin_token_or_password_is_stored_in_clear(portal: Portal, tenant: Tenant) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    _, invite = await portal.invite(staff)
    await portal.activate(invite, slug=tenant.practice.slug)
    for table in (
        "invitations",
        "one_time_tokens",
        "accounts",
        "sessions",
        "refresh_tokens",
        "audit_log",
        "outbox",
        "email_outbox",
        "signing_keys",
    ):
        rows = await portal.db.fetch(f"SELECT * FROM identity.{table}")
        dump = repr([dict(r) for r in rows])
        for secret in (invite.token, "quiet-orchard-lantern-58"):
            assert secret not in dump, table
    pin_macs = await portal.db.fetch("SELECT pin_mac FROM identity.invitations")
    assert all(len(r["pin_mac"]) == 32 for r in pin_macs)


async def _events(portal: Portal, kind: str, subject: str) -> list[dict]:
    rows = await portal.db.fetch(
        "SELECT envelope FROM identity.outbox WHERE type = $1 AND envelope->>'subject' = $2",
        kind,
        subject,
    )
    return [
        json.loads(r["envelope"]) if isinstance(r["envelope"], str) else r["envelope"] for r in rows
    ]


async def test_practice_created_carries_what_a_read_model_of_practices_needs(
    portal: Portal,
) -> None:
    tenant = await portal.tenant(address="12 Elm St", email="office@example.com")
    [event] = await _events(portal, "practice.created", str(tenant.practice.id))
    assert event["data"] | {"practice_id": None} == {
        "practice_id": None,
        "slug": tenant.practice.slug,
        "name": tenant.practice.name,
        "time_zone": "America/New_York",
        "phone": "+1 555 010 0199",
        "email": "office@example.com",
        "address": "12 Elm St",
        "npi": None,
        "tax_id": None,
        "license": None,
    }
