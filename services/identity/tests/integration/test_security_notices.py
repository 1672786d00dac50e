"""Security notices (issue 8, finding 2): after a password change, a reset, two-step
verification turned on or off, or a lock after too many failures, the account's address gets a
short practice-branded notice with no secret and nothing to click that signs in.
(The email change notices are in test_client_email_change.py.)"""

from __future__ import annotations

from email.message import Message

import aiohttp
import pyotp

from services.identity.tests.integration.conftest import (
    CLIENT_PASSWORD,
    Portal,
    StartPortal,
    Tenant,
    link_token,
)
from shared.testing import text_of

NEW = "copper-harbor-lantern-66"
SESSIONS = "/api/v1/identity/sessions"
RESETS = "/api/v1/identity/password-resets"


def _plain_notice(message: Message, tenant: Tenant, *, subject: str) -> str:
    """The notice's text, after checking what every notice must be."""
    text = text_of(message)
    assert subject in message["Subject"], message["Subject"]
    assert tenant.practice.name in message["Subject"] and tenant.practice.name in text
    assert "555 010 0199" in text  # whom to contact
    assert "http" not in text and "http" not in str(message.get_payload())
    for secret in (NEW, CLIENT_PASSWORD):
        assert secret not in str(message)
    return text


async def _turn_on_two_step(portal: Portal, http: aiohttp.ClientSession, csrf_token: str) -> str:
    """Set up an authenticator app as a client does; its secret."""
    csrf = {"X-CSRF-Token": csrf_token}
    enrol = await portal.post(
        http, "/api/v1/identity/me/totp", {"current_password": CLIENT_PASSWORD}, headers=csrf
    )
    code = pyotp.TOTP(enrol["totp_secret"]).now()
    await portal.post(
        http, "/api/v1/identity/me/totp/verify", {"code": code}, headers=csrf, expect=204
    )
    return str(enrol["totp_secret"])


async def test_a_password_change_is_told_to_the_account(portal: Portal, tenant: Tenant) -> None:
    http, body, invite = await portal.active_client(tenant)
    await portal.post(
        http,
        "/api/v1/identity/me/password",
        {"current_password": CLIENT_PASSWORD, "password": NEW, "password_confirmation": NEW},
        headers={"X-CSRF-Token": body["csrf_token"]},
        expect=200,
    )
    [_, notice] = await portal.smtp.wait_for(invite.email, count=2)
    text = _plain_notice(notice, tenant, subject="password was changed")
    assert "contact" in text


async def test_a_password_reset_is_told_to_the_account_staff_as_well(
    portal: Portal, tenant: Tenant
) -> None:
    staff = tenant.clinician
    before = len(portal.smtp.to(staff.email))
    await portal.post(
        portal.http(), RESETS, {"practice": tenant.practice.slug, "email": staff.email}, expect=202
    )
    link = link_token((await portal.smtp.wait_for(staff.email, count=before + 1))[-1])
    await portal.post(
        portal.http(),
        RESETS + "/confirm",
        {"token": link, "password": NEW, "password_confirmation": NEW},
        expect=204,
    )
    notice = (await portal.smtp.wait_for(staff.email, count=before + 2))[-1]
    _plain_notice(notice, tenant, subject="password was reset")


async def test_turning_on_two_step_verification_is_told_to_the_account(
    portal: Portal, tenant: Tenant
) -> None:
    http, body, invite = await portal.active_client(tenant)
    secret = await _turn_on_two_step(portal, http, body["csrf_token"])
    [_, notice] = await portal.smtp.wait_for(invite.email, count=2)
    text = _plain_notice(notice, tenant, subject="Two-step verification is on")
    assert secret not in str(notice)
    assert "turned on" in text


async def test_a_client_turns_two_step_verification_off_with_the_password_and_is_told(
    portal: Portal, tenant: Tenant
) -> None:
    http, body, invite = await portal.active_client(tenant)
    csrf = {"X-CSRF-Token": body["csrf_token"]}
    await _turn_on_two_step(portal, http, body["csrf_token"])
    wrong = await portal.post(
        http,
        "/api/v1/identity/me/totp/disable",
        {"current_password": "not-the-password-1"},
        headers=csrf,
    )
    assert wrong["_status"] == 422 and wrong["errors"][0]["field"] == "current_password"
    still = await portal.get(http, "/api/v1/identity/me")
    assert still["totp_enabled"], still

    await portal.post(
        http,
        "/api/v1/identity/me/totp/disable",
        {"current_password": CLIENT_PASSWORD},
        headers=csrf,
        expect=204,
    )
    me = await portal.get(http, "/api/v1/identity/me")
    assert me["totp_enabled"] is False
    [*_, notice] = await portal.smtp.wait_for(invite.email, count=3)
    text = _plain_notice(notice, tenant, subject="Two-step verification is off")
    assert "turned off" in text
    # Signing in asks for the password only again.
    signed_in = await portal.post(
        portal.http(),
        SESSIONS,
        {"practice": tenant.practice.slug, "email": invite.email, "password": CLIENT_PASSWORD},
    )
    assert signed_in["_status"] == 200 and "account" in signed_in, signed_in
    audited = await portal.db.fetchval(
        "SELECT count(*) FROM identity.audit_log WHERE action = 'totp.disabled'"
        " AND practice_id = $1",
        tenant.practice.id,
    )
    assert audited == 1


async def test_staff_cannot_turn_two_step_verification_off(portal: Portal, tenant: Tenant) -> None:
    staff = await portal.staff_session(tenant, tenant.clinician)
    refused = await portal.post(
        staff, "/api/v1/identity/me/totp/disable", {"current_password": "whatever-it-is"}
    )
    assert refused["_status"] == 403, refused


async def test_a_lock_after_too_many_wrong_passwords_is_told_once(
    start_portal: StartPortal,
) -> None:
    async with start_portal(login_delay_after=50, login_lock_after=3) as portal:
        tenant = await portal.tenant()
        _, _, invite = await portal.active_client(tenant)
        guess = {"practice": tenant.practice.slug, "email": invite.email, "password": "wrong-1"}
        statuses = [(await portal.post(portal.http(), SESSIONS, guess))["_status"] for _ in "abcd"]
        assert statuses == [401, 401, 401, 429]
        [_, notice] = await portal.smtp.wait_for(invite.email, count=2)
        text = _plain_notice(notice, tenant, subject="paused")
        assert "wrong-1" not in str(notice) and "too many" in text.lower()
        queued = await portal.db.fetchval(
            "SELECT count(*) FROM identity.email_outbox WHERE to_address = $1", invite.email
        )
        assert queued == 2  # the welcome and one notice: the 429 sent nothing more
