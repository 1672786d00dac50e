"""Log out other devices: the other device's access token stops at the gateway at once,
not minutes later when it expires - for every service, not only identity."""

from __future__ import annotations

import uuid

import aiohttp

from services.identity.tests.integration.conftest import CLIENT_PASSWORD, Portal
from shared.testing import eventually


async def test_a_session_ended_elsewhere_is_refused_by_the_gateway_for_every_service(
    stack: tuple[Portal, str],
) -> None:
    portal, _ = stack
    tenant = await portal.tenant(slug=f"rv-{uuid.uuid4().hex[:8]}")
    _, _, invite = await portal.active_client(tenant)
    login = {"practice": tenant.practice.slug, "email": invite.email, "password": CLIENT_PASSWORD}
    laptop, tablet, phone = portal.http(), portal.http(), portal.http()
    await portal.post(laptop, "/api/v1/identity/sessions", login, expect=200)
    app = await portal.post(tablet, "/api/v1/identity/sessions", login | {"client": "mobile"})
    bearer = {"Authorization": f"Bearer {app['access_token']}"}
    await portal.post(phone, "/api/v1/identity/sessions", login, expect=200)
    # billing is down in this stack: a token the gateway accepts is forwarded and gets 503
    assert await status_of(tablet, "/api/v1/billing/invoices", bearer) == 503

    phone_csrf = {"X-CSRF-Token": phone.cookie_jar.filter_cookies(portal.url)["portal_csrf"].value}
    await portal.post(
        phone, "/api/v1/identity/sessions/revoke-others", None, headers=phone_csrf, expect=200
    )

    async def tablet_refused() -> bool:
        return await status_of(tablet, "/api/v1/billing/invoices", bearer) == 401

    await eventually(tablet_refused, seconds=10)
    assert await status_of(phone, "/api/v1/billing/invoices") == 503
    # The laptop's dead cookie is no credential: protected answers are 401, while the
    # practice's public page still opens, so the browser can show Log in.
    assert await status_of(laptop, "/api/v1/identity/me") == 401
    practice = f"/api/v1/identity/practices/{tenant.practice.slug}"
    assert await status_of(laptop, practice) == 200


async def status_of(
    http: aiohttp.ClientSession, path: str, headers: dict[str, str] | None = None
) -> int:
    async with http.get(path, headers=headers) as response:
        return response.status
