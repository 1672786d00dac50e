"""The guide's "How do I log in?", "Troubleshooting" and "Forgot your password?" through
the gateway, as a browser does it: cookies, CSRF header, the gateway's token check.

Identity and the gateway run on free ports; the gateway forwards /api/v1/identity/* and
/.well-known/jwks.json to identity, and verifies tokens against identity's JWKS.
"""

from __future__ import annotations

import uuid
from typing import Any

import aiohttp

from services.identity.tests.integration.conftest import (
    Portal,
    link_token,
    parse_invitation,
)

PASSWORD = "meadow-violin-harbor-27"
NEW_PASSWORD = "ginger-comet-saddle-84"


def _csrf(http: aiohttp.ClientSession, url: str) -> dict[str, str]:
    cookie = http.cookie_jar.filter_cookies(url).get("portal_csrf")
    return {"X-CSRF-Token": cookie.value if cookie else ""}


async def test_a_client_logs_in_through_the_gateway_as_the_guide_says(
    stack: tuple[Portal, str],
) -> None:
    portal, url = stack
    tenant = await portal.tenant(slug=f"e2e-{uuid.uuid4().hex[:8]}")
    slug = tenant.practice.slug
    staff = await portal.staff_session(tenant, tenant.clinician)  # bearer, via the gateway
    email = f"guide-{uuid.uuid4().hex[:6]}@example.com"
    await portal.post(
        staff,
        "/api/v1/identity/clients",
        {"first_name": "Robin", "last_name": "Walker", "email": email},
        expect=201,
    )
    invite = parse_invitation(email, (await portal.smtp.wait_for(email))[0])

    browser = portal.http()
    # 1-2. The link leads to the Welcome Page, which shows the practice.
    welcome = await portal.get(browser, f"/api/v1/identity/practices/{slug}", expect=200)
    assert welcome["name"] == tenant.practice.name
    # 3. Email Address + 4-digit PIN; 4-5. create a password, re-enter it, Update.
    grant = await portal.post(
        browser,
        "/api/v1/identity/invitations/accept",
        {"practice": slug, "invitation": invite.token, "email": email, "pin": invite.pin},
        expect=200,
    )
    body = await _activate(portal, browser, grant["grant"], PASSWORD)
    # 6. You are now logged in: the gateway turns the cookie into a bearer token.
    me = await portal.get(browser, "/api/v1/identity/me", expect=200)
    assert me["email"] == email and body["csrf_token"]
    refused = await portal.post(browser, "/api/v1/identity/sessions/revoke-others", None)
    assert refused["_status"] == 403  # no CSRF header: refused
    await portal.post(
        browser, "/api/v1/identity/sessions/refresh", None, headers=_csrf(browser, url), expect=200
    )
    await portal.post(
        browser,
        "/api/v1/identity/sessions/current",
        None,
        method="DELETE",
        headers=_csrf(browser, url),
        expect=204,
    )
    await portal.get(browser, "/api/v1/identity/me", expect=401)

    # "You only use the 4-digit passcode once" - afterwards, email and password.
    again = await portal.post(
        portal.http(),
        "/api/v1/identity/sessions",
        {"practice": slug, "email": email, "password": invite.pin},
    )
    assert again["_status"] == 401
    laptop = portal.http()
    await portal.post(
        laptop,
        "/api/v1/identity/sessions",
        {"practice": slug, "email": email, "password": PASSWORD},
        expect=200,
    )
    await portal.get(laptop, "/api/v1/identity/me", expect=200)

    # "Forgot your password?" below the Log in button.
    await portal.post(
        portal.http(),
        "/api/v1/identity/password-resets",
        {"practice": slug, "email": email},
        expect=202,
    )
    token = link_token((await portal.smtp.wait_for(email, count=2))[-1])
    await portal.post(
        portal.http(),
        "/api/v1/identity/password-resets/confirm",
        {"token": token, "password": NEW_PASSWORD, "password_confirmation": NEW_PASSWORD},
        expect=204,
    )
    gone = await portal.post(
        laptop, "/api/v1/identity/sessions/refresh", None, headers=_csrf(laptop, url)
    )
    assert gone["_status"] == 401  # the reset ended the old session
    await portal.post(
        portal.http(),
        "/api/v1/identity/sessions",
        {"practice": slug, "email": email, "password": NEW_PASSWORD},
        expect=200,
    )


async def _activate(
    portal: Portal, browser: aiohttp.ClientSession, grant: str, password: str
) -> dict[str, Any]:
    return await portal.post(
        browser,
        "/api/v1/identity/invitations/activate",
        {"grant": grant, "password": password, "password_confirmation": password},
        expect=200,
    )
