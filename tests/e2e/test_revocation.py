"""Log out other devices: the other device's access token stops at the gateway at once,
not minutes later when it expires - for every service, not only identity."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import aiohttp
from aiohttp import web

from gateway.app import create_app as create_gateway
from gateway.settings import GatewaySettings
from gateway.state import GATEKEEPER
from services.identity.tests.integration.conftest import CLIENT_PASSWORD, Portal, StartPortal
from shared.testing import eventually, running_app


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


async def echo_socket(request: web.Request) -> web.WebSocketResponse:
    """Stands in for messaging's live updates: a socket that answers what it hears."""
    ws = web.WebSocketResponse()
    await ws.prepare(request)
    async for message in ws:
        if message.type is aiohttp.WSMsgType.TEXT:
            await ws.send_str(f"echo {message.data}")
    return ws


async def test_logging_out_closes_the_sessions_open_websocket_at_the_gateway(
    start_portal: StartPortal, amqp_url: str, tmp_path: Path
) -> None:
    live = web.Application()
    live.router.add_get("/api/v1/messaging/live", echo_socket)
    async with start_portal() as portal, running_app(live) as live_url:
        gateway = create_gateway(
            GatewaySettings(
                upstreams={"identity": portal.url, "messaging": live_url},
                amqp_url=amqp_url,
                jwks_url=f"{portal.url}/.well-known/jwks.json",
                token_issuer=portal.idp.settings.token_issuer,
                web_root=tmp_path,
                port=0,
            )
        )
        async with running_app(gateway) as gateway_url:
            await asyncio.wait_for(gateway[GATEKEEPER].revoked.listening.wait(), timeout=10)
            edge = Portal(url=gateway_url, idp=portal.idp, smtp=portal.smtp, db=portal.db)
            tenant = await edge.tenant(slug=f"ws-{uuid.uuid4().hex[:8]}")
            http, _, _ = await edge.active_client(tenant)  # a browser: cookies
            async with http.ws_connect("/api/v1/messaging/live") as socket:
                await socket.send_str("hello")
                assert (await socket.receive()).data == "echo hello"
                csrf = http.cookie_jar.filter_cookies(gateway_url)["portal_csrf"].value
                async with http.delete(
                    "/api/v1/identity/sessions/current", headers={"X-CSRF-Token": csrf}
                ) as logout:
                    assert logout.status == 204
                async with asyncio.timeout(15):  # a guard against waiting for ever
                    closed = await socket.receive()
                assert (closed.type, closed.data, closed.extra) == (
                    aiohttp.WSMsgType.CLOSE,
                    1008,
                    "session ended",
                )
            await edge.close()
