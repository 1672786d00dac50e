"""The guide's "How do I log in?" and "Troubleshooting", walked end to end."""

from __future__ import annotations

from services.identity.tests.integration.conftest import CLIENT_PASSWORD, Portal, Tenant, link_token

NEW_PASSWORD = "amber-canyon-whistle-17"


async def test_the_guide_from_welcome_email_to_recovery(portal: Portal, tenant: Tenant) -> None:
    slug = tenant.practice.slug
    staff = await portal.staff_session(tenant, tenant.clinician)

    # The clinician adds the client; the welcome email arrives at the SMTP server.
    client, first = await portal.invite(staff, email="robin.walker@example.com")
    assert client["status"] == "invited"
    assert first.link.startswith(f"http://portal.test/p/{slug}/welcome?invitation=")

    # "If your clinician re-sends you an invitation, be sure to use the latest passcode."
    await portal.post(
        staff, f"/api/v1/identity/clients/{client['id']}/invitation", None, expect=202
    )
    latest = await portal.invitation_email(first.email, count=2)
    browser = portal.http()
    stale = await portal.post(
        browser,
        "/api/v1/identity/invitations/accept",
        {"practice": slug, "invitation": first.token, "email": first.email, "pin": first.pin},
    )
    assert stale["_status"] == 410 and stale["reason"] == "superseded"

    # Step 3: email address + 4-digit PIN; steps 4-6: create a password, Update, logged in.
    browser, signed_in = await portal.activate(latest, slug=slug)
    assert signed_in["status"] == "signed_in"
    assert signed_in["account"]["email"] == "robin.walker@example.com"
    headers = {"X-CSRF-Token": signed_in["csrf_token"]}
    me = await portal.get(browser, "/api/v1/identity/me", expect=200)
    assert me["status"] == "active"

    # "You only use the 4-digit passcode once."
    again = await portal.post(
        portal.http(),
        "/api/v1/identity/invitations/accept",
        {"practice": slug, "invitation": latest.token, "email": latest.email, "pin": latest.pin},
    )
    assert again["_status"] == 410 and again["reason"] == "used"

    # "You will now be able to login ... using your email address and the password."
    await portal.post(
        browser,
        "/api/v1/identity/sessions/current",
        None,
        method="DELETE",
        headers=headers,
        expect=204,
    )
    await portal.get(browser, "/api/v1/identity/me", expect=401)
    wrong = await portal.post(
        portal.http(),
        "/api/v1/identity/sessions",
        {"practice": slug, "email": latest.email, "password": latest.pin},
    )
    assert wrong["_status"] == 401
    laptop = portal.http()
    await portal.post(
        laptop,
        "/api/v1/identity/sessions",
        {"practice": slug, "email": latest.email, "password": CLIENT_PASSWORD},
        expect=200,
    )
    await portal.get(laptop, "/api/v1/identity/me", expect=200)

    # "Forgot your password?": the recovery email, a new password, old sessions end.
    await portal.post(
        portal.http(),
        "/api/v1/identity/password-resets",
        {"practice": slug, "email": latest.email},
        expect=202,
    )
    recovery = (await portal.smtp.wait_for(latest.email, count=3))[-1]
    token = link_token(recovery)
    reset_page = portal.http()
    await portal.post(
        reset_page,
        "/api/v1/identity/password-resets/confirm",
        {"token": token, "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD},
        expect=204,
    )
    assert not reset_page.cookie_jar.filter_cookies(portal.url)  # a reset does not log in
    await portal.get(laptop, "/api/v1/identity/me", expect=401)
    refreshed = await portal.post(
        laptop,
        "/api/v1/identity/sessions/refresh",
        None,
        headers={"X-CSRF-Token": _csrf(laptop, portal.url)},
    )
    assert refreshed["_status"] == 401
    old = await portal.post(
        portal.http(),
        "/api/v1/identity/sessions",
        {"practice": slug, "email": latest.email, "password": CLIENT_PASSWORD},
    )
    assert old["_status"] == 401
    await portal.post(
        portal.http(),
        "/api/v1/identity/sessions",
        {"practice": slug, "email": latest.email, "password": NEW_PASSWORD},
        expect=200,
    )


def _csrf(http: object, url: str) -> str:
    jar = http.cookie_jar  # type: ignore[attr-defined]
    cookie = jar.filter_cookies(url).get("portal_csrf")
    return cookie.value if cookie else ""
