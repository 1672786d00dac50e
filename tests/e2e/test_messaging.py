"""Secure messaging end to end, through the gateway: identity signs people in and tells
messaging who they are (events), the clinician writes, the email reaches a real SMTP
server, its link opens the thread without a password and takes a reply, the same link
after 15 minutes does not, the client's unread count goes to 0 and the clinician sees
the reply arrive over the WebSocket. And make up's demo data, seeded by the worker."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest

from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.service import demo as identity_demo
from services.identity.service.runtime import Origin
from services.identity.tests.integration.conftest import FAST, Portal
from services.messaging.app import definition as messaging
from services.messaging.service.demo import WELCOME
from services.messaging.tests.support import email_about, message_link
from shared.runtime import Runtime, SystemClock
from shared.testing import FrozenClock, SmtpInbox, eventually, running_stack, smtp_server


@dataclass
class Stack:
    url: str
    portal: Portal
    messaging: Runtime[Any]


@pytest.fixture(scope="module")
def module_smtp() -> Iterator[SmtpInbox]:
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture(scope="module")
async def stack(admin_dsn: str, amqp_url: str, module_smtp: SmtpInbox) -> AsyncIterator[Stack]:
    async with running_stack(
        [identity(), messaging()],
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        smtp=module_smtp,
        settings={
            "identity": {k: v for k, v in FAST.items() if k != "public_url"},
            "messaging": {"demo_data": True},
        },
        gateway={"auth_burst": 100},
    ) as running:
        portal = Portal(
            url=running.url, idp=identity_of(running.apps["identity"]), smtp=module_smtp, db=None
        )  # type: ignore[arg-type]
        try:
            yield Stack(url=running.url, portal=portal, messaging=running.runtime("messaging"))
        finally:
            await portal.close()


async def known_to_messaging(stack: Stack, client_id: str) -> bool:
    async with stack.messaging.reader() as conn:
        email = await conn.fetchval(
            "SELECT email FROM directory_clients WHERE client_id = $1 AND status = 'active'",
            uuid.UUID(client_id),
        )
    return bool(email)


async def test_a_message_link_opens_the_thread_for_fifteen_minutes_and_replies_arrive_live(
    stack: Stack,
) -> None:
    portal = stack.portal
    tenant = await portal.tenant(name="Harbor Counseling")
    clinician = await portal.staff_session(tenant, tenant.clinician)
    client_http, activated, invite = await portal.active_client(tenant, client="mobile")
    client_id = activated["account"]["id"]
    await eventually(lambda: known_to_messaging(stack, client_id), seconds=20)
    clock = FrozenClock(datetime.now(UTC))
    stack.messaging.clock = clock
    try:
        live = await clinician.ws_connect("/api/v1/messaging/live")
        assert (await next_event(live, "hello"))["type"] == "hello"

        await portal.post(
            clinician,
            f"/api/v1/messaging/clients/{client_id}/messages",
            {"body": "How are you feeling this week?"},
            expect=201,
        )
        email = await email_about(portal.smtp, invite.email)
        assert "How are you" not in email.as_string()
        link, token = message_link(email)
        assert link.startswith(f"{stack.url}/p/{tenant.practice.slug}/messages/open#")
        unread = await portal.get(client_http, "/api/v1/messaging/unread", expect=200)
        assert unread == {"unread": 1}

        anonymous = portal.http()  # no cookie, no token: only the link
        thread = await portal.post(
            anonymous, "/api/v1/messaging/links/open", {"token": token}, expect=200
        )
        assert [m["body"] for m in thread["messages"]] == ["How are you feeling this week?"]
        assert await portal.get(client_http, "/api/v1/messaging/unread", expect=200) == {
            "unread": 0
        }
        await portal.post(
            anonymous,
            "/api/v1/messaging/links/messages",
            {"token": token, "body": "Much better, thank you"},
            expect=201,
        )
        arrived = await next_event(live, "message", sender_role="client")
        assert arrived["message"]["body"] == "Much better, thank you"
        assert arrived["message"]["sender_role"] == "client" and arrived["thread_unread"] == 1

        clock.advance(timedelta(minutes=15))
        await portal.post(anonymous, "/api/v1/messaging/links/open", {"token": token}, expect=410)
        await portal.post(
            anonymous,
            "/api/v1/messaging/links/messages",
            {"token": token, "body": "again"},
            expect=410,
        )
        await portal.get(anonymous, "/api/v1/messaging/messages", expect=401)
        await live.close()
    finally:
        stack.messaging.clock = SystemClock()


async def next_event(
    socket: aiohttp.ClientWebSocketResponse, kind: str, *, sender_role: str | None = None
) -> dict[str, Any]:
    async with asyncio.timeout(15):
        while True:
            event = await socket.receive_json()
            if event["type"] != kind:
                continue
            if sender_role is None or event["message"]["sender_role"] == sender_role:
                return event


async def test_another_client_cannot_reach_the_thread_with_their_token(stack: Stack) -> None:
    portal = stack.portal
    tenant = await portal.tenant()
    clinician = await portal.staff_session(tenant, tenant.clinician)
    _, first = await mobile_client(portal, clinician, tenant.practice.slug)
    other_http, _ = await mobile_client(portal, clinician, tenant.practice.slug)
    first_id = first["account"]["id"]
    await eventually(lambda: known_to_messaging(stack, first_id), seconds=20)
    await portal.post(
        clinician, f"/api/v1/messaging/clients/{first_id}/messages", {"body": "private"}, expect=201
    )

    await portal.get(other_http, f"/api/v1/messaging/clients/{first_id}/messages", expect=403)
    await portal.post(
        other_http, f"/api/v1/messaging/clients/{first_id}/messages", {"body": "hi"}, expect=403
    )
    own = await portal.get(other_http, "/api/v1/messaging/messages", expect=200)
    assert own["messages"] == []


async def mobile_client(
    portal: Portal, clinician: aiohttp.ClientSession, slug: str
) -> tuple[aiohttp.ClientSession, dict[str, Any]]:
    """A client the clinician invites (one staff sign-in serves them all: each sign-in
    spends an authenticator code), activated, signed in as a mobile app."""
    _, invite = await portal.invite(clinician)
    http, body = await portal.activate(invite, slug=slug, client="mobile")
    http.headers["Authorization"] = f"Bearer {body['access_token']}"
    return http, body


async def test_the_worker_seeds_the_demo_practices_first_message(stack: Stack) -> None:
    await identity_demo.seed_demo(stack.portal.idp, origin=Origin(user_agent="test"))
    jordan = "jordan.client@example.com"
    link, _ = message_link(await email_about(stack.portal.smtp, jordan, seconds=30))
    assert "/p/demo/messages/open#" in link
    async with stack.messaging.reader() as conn:
        count = await conn.fetchval(
            "SELECT count(*) FROM messages m JOIN threads t ON t.id = m.thread_id"
            " JOIN directory_practices p ON p.practice_id = t.practice_id WHERE p.slug = 'demo'"
        )
    assert count == 1
    assert len(WELCOME) < 5000
