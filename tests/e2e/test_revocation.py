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
    laptop, phone = portal.http(), portal.http()
    signed = await portal.post(laptop, "/api/v1/identity/sessions", login, expect=200)
    await portal.post(phone, "/api/v1/identity/sessions", login, expect=200)
    # billing is down in this stack: a token the gateway accepts is forwarded and gets 503
    assert await status_of(laptop, "/api/v1/billing/invoices") == 503

    phone_csrf = {"X-CSRF-Token": phone.cookie_jar.filter_cookies(portal.url)["portal_csrf"].value}
    await portal.post(
        phone, "/api/v1/identity/sessions/revoke-others", None, headers=phone_csrf, expect=200
    )

    async def laptop_refused() -> bool:
        return await status_of(laptop, "/api/v1/billing/invoices") == 401

    await eventually(laptop_refused, seconds=10)
    assert signed["status"] == "signed_in"
    assert await status_of(phone, "/api/v1/billing/invoices") == 503


async def status_of(http: aiohttp.ClientSession, path: str) -> int:
    async with http.get(path) as response:
        return response.status
