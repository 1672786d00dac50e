"""Invitations: the PIN, its limits, the welcome email and its delivery."""

from __future__ import annotations

import asyncio
import uuid

from aiosmtpd.controller import Controller

from services.identity.tests.integration.conftest import (
    Portal,
    StartPortal,
    Tenant,
    parse_invitation,
)
from shared.testing import SmtpInbox, eventually, free_port, text_of

ACCEPT = "/api/v1/identity/invitations/accept"


async def test_a_pin_is_accepted_only_with_the_exact_email_it_was_sent_to(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    _, invite = await portal.invite(staff)
    http = portal.http()
    body = {"practice": tenant.practice.slug, "invitation": invite.token, "pin": invite.pin}
    other = await portal.post(http, ACCEPT, {**body, "email": "someone.else@example.com"})
    assert other["_status"] == 401
    assert other["detail"] == "The email address or PIN is incorrect."
    await portal.post(http, ACCEPT, {**body, "email": invite.email.upper()}, expect=200)


async def test_the_link_and_pin_lead_back_to_create_a_password_until_one_exists(
    portal: Portal, tenant: Tenant
) -> None:
    # The client entered the PIN, reached "Create a password" and closed the browser.
    staff = await portal.staff_session(tenant, tenant.clinician)
    _, invite = await portal.invite(staff)
    body = {
        "practice": tenant.practice.slug,
        "invitation": invite.token,
        "email": invite.email,
        "pin": invite.pin,
    }
    closed = await portal.post(portal.http(), ACCEPT, body, expect=200)
    again = await portal.post(portal.http(), ACCEPT, body, expect=200)
    password = {
        "password": "harbor-violet-compass-29",
        "password_confirmation": "harbor-violet-compass-29",
    }

    stale = await portal.post(
        portal.http(),
        "/api/v1/identity/invitations/activate",
        {"grant": closed["grant"], **password},
    )
    assert stale["_status"] == 410 and stale["reason"] == "grant_ended"
    await portal.post(
        portal.http(),
        "/api/v1/identity/invitations/activate",
        {"grant": again["grant"], **password},
        expect=200,
    )
    used = await portal.post(portal.http(), ACCEPT, body)
    assert used["_status"] == 410 and used["reason"] == "used"


async def test_five_wrong_pins_void_the_invitation_until_it_is_re_sent(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    client, invite = await portal.invite(staff)
    wrong = f"{(int(invite.pin) + 1) % 10000:04d}"
    body = {"practice": tenant.practice.slug, "invitation": invite.token, "email": invite.email}
    http = portal.http()
    answers = [
        (await portal.post(http, ACCEPT, {**body, "pin": wrong}))["_status"] for _ in range(5)
    ]
    assert answers == [401, 401, 401, 401, 410]
    right = await portal.post(http, ACCEPT, {**body, "pin": invite.pin})
    assert right["_status"] == 410 and right["reason"] == "voided"

    await portal.post(
        staff, f"/api/v1/identity/clients/{client['id']}/invitation", None, expect=202
    )
    fresh = await portal.invitation_email(invite.email, count=2)
    await portal.post(
        http, ACCEPT, {**body, "invitation": fresh.token, "pin": fresh.pin}, expect=200
    )


async def test_an_invitation_expires(start_portal: StartPortal) -> None:
    async with start_portal(invitation_valid_days=1 / 86400) as portal:  # one second
        tenant = await portal.tenant()
        staff = await portal.staff_session(tenant, tenant.clinician)
        _, invite = await portal.invite(staff)
        await asyncio.sleep(1.1)
        late = await portal.post(
            portal.http(),
            ACCEPT,
            {
                "practice": tenant.practice.slug,
                "invitation": invite.token,
                "email": invite.email,
                "pin": invite.pin,
            },
        )
        assert late["_status"] == 410 and late["reason"] == "expired"


async def test_the_same_email_twice_in_one_practice_is_a_conflict_but_fine_in_another(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    email = "same.person@example.com"
    await portal.invite(staff, email=email)
    twice = await portal.post(
        staff,
        "/api/v1/identity/clients",
        {"first_name": "Same", "last_name": "Person", "email": email.upper()},
    )
    assert twice["_status"] == 409
    assert twice["errors"] == [{"field": "email", "reason": twice["detail"]}]

    other = await portal.tenant()
    other_staff = await portal.staff_session(other, other.clinician)
    _, second = await portal.invite(other_staff, email=email)
    await portal.activate(second, slug=other.practice.slug)
    first_invite = await portal.invitation_email(email, count=1)
    # The first practice's account is separate: still invited, its own PIN still works.
    await portal.activate(first_invite, slug=tenant.practice.slug, password="other-pass-94-zebra")


async def test_the_welcome_email_is_branded_and_has_the_link_and_pin_but_not_in_the_subject(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    _, invite = await portal.invite(staff, date_of_birth="1990-04-02")
    message = invite.message
    assert invite.pin not in message["Subject"]
    assert tenant.practice.name in message["Subject"]
    assert tenant.practice.name in str(message["From"])
    html = next(p for p in message.walk() if p.get_content_type() == "text/html")
    html_text = html.get_payload(decode=True).decode()
    for part in (text_of(message), html_text):
        assert invite.pin in part
        assert tenant.practice.name in part
        assert invite.token in part
    for secret_or_health in ("Robin", "1990", "therapy", "diagnos"):
        assert secret_or_health not in text_of(message)


async def test_an_invitation_sent_while_smtp_is_down_arrives_once_it_is_back(
    start_portal: StartPortal,
) -> None:
    inbox = SmtpInbox(host="127.0.0.1", port=free_port())  # nothing listens there yet
    async with start_portal(smtp_port=inbox.port) as portal:
        tenant = await portal.tenant()
        staff = await portal.staff_session(tenant, tenant.clinician)
        email = "patient.waiting@example.com"
        await portal.post(
            staff,
            "/api/v1/identity/clients",
            {"first_name": "Pat", "last_name": "Waiting", "email": email},
            expect=201,
        )

        async def tried() -> bool:
            row = await portal.db.fetchrow(
                "SELECT attempts, sent_at FROM identity.email_outbox WHERE to_address = $1", email
            )
            return row["attempts"] >= 1 and row["sent_at"] is None

        await eventually(tried, seconds=10)
        controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
        controller.start()
        try:
            [message] = await inbox.wait_for(email, timeout=20)
        finally:
            controller.stop()
        assert parse_invitation(email, message).pin


async def test_an_invitation_sent_again_with_its_idempotency_key_invites_once(
    portal: Portal, tenant: Tenant
) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    email = f"retry-{uuid.uuid4().hex[:8]}@example.com"
    body = {"first_name": "Robin", "last_name": "Client", "email": email}
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = await portal.post(staff, "/api/v1/identity/clients", body, headers=key, expect=201)
    again = await portal.post(staff, "/api/v1/identity/clients", body, headers=key, expect=201)
    assert again["id"] == first["id"]
    queued = await portal.db.fetchval(
        "SELECT count(*) FROM identity.email_outbox WHERE to_address = $1", email
    )
    assert queued == 1, "one welcome email, not two"
