"""Live updates over a WebSocket: a message written through any api replica reaches the
sockets of every replica (PostgreSQL LISTEN/NOTIFY), each reader gets only what they may
see, with their own unread counts."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from services.messaging.app import definition
from services.messaging.tests.integration.conftest import Service
from services.messaging.tests.support import Person, Practice, call
from shared.service import build_app
from shared.testing import running_app


@pytest.fixture(scope="module")
async def replica(messaging: Service) -> AsyncIterator[str]:
    """A second api replica (no worker) on the same database."""
    app = build_app(
        definition(), messaging.runtime.settings, worker=False, verifier=messaging.minter.verifier()
    )
    async with running_app(app) as url:
        yield url


class Socket:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws

    async def next(self, kind: str | None = None, **fields: Any) -> dict[str, Any]:
        """The next event of ``kind`` (with ``fields``), skipping others."""
        async with asyncio.timeout(15):
            while True:
                event = await self.ws.receive_json()
                if kind in (None, event["type"]) and fields.items() <= event.items():
                    return event

    async def nothing_for(self, seconds: float) -> list[dict[str, Any]]:
        """Events that arrive within ``seconds`` (the test expects none of some kind)."""
        got: list[dict[str, Any]] = []
        try:
            async with asyncio.timeout(seconds):
                while True:
                    got.append(await self.ws.receive_json())
        except TimeoutError:
            return got


async def connect(messaging: Service, base: str, practice: Practice, person: Person) -> Socket:
    ws = await messaging.http.ws_connect(
        f"{base}/api/v1/messaging/live", headers=messaging.headers(practice, person)
    )
    return Socket(ws)


async def test_a_message_sent_through_one_replica_reaches_a_socket_on_another(
    messaging: Service, practice: Practice, replica: str
) -> None:
    client = await messaging.world.client(practice)
    mine = await connect(messaging, replica, practice, client)
    assert await mine.next("hello") == {"type": "hello", "unread": 0}
    staff = await connect(messaging, messaging.url, practice, practice.clinician)
    await staff.next("hello")

    await messaging.send(practice, practice.clinician, "Are you free Tuesday?", to=client)
    event = await mine.next("message")
    assert event["message"]["body"] == "Are you free Tuesday?" and not event["message"]["mine"]
    assert event["unread"] == 1 and event["thread_unread"] == 1
    assert event["client_id"] == str(client.id)

    await messaging.post(practice, client, "/messages/read")
    assert (await mine.next("read"))["unread"] == 0
    receipt = await staff.next("read", reader_side="client")
    assert receipt["client_id"] == str(client.id) and receipt["thread_unread"] == 0

    await call(
        messaging.http,
        "POST",
        f"{replica}/api/v1/messaging/messages",
        json={"body": "Yes, 3 pm works"},
        headers=messaging.headers(practice, client),
        expect=201,
    )
    reply = await staff.next("message")
    assert reply["message"]["body"] == "Yes, 3 pm works" and reply["thread_unread"] == 1
    await mine.ws.close()
    await staff.ws.close()


async def test_a_socket_hears_nothing_of_threads_it_may_not_see(
    messaging: Service, practice: Practice, replica: str
) -> None:
    robin = await messaging.world.client(practice)
    kim = await messaging.world.client(practice, first="Kim")
    colleague = await messaging.world.staff(practice.id, "clinician", "Dana")
    other = await messaging.world.practice(name="Elsewhere")
    watchers = [
        await connect(messaging, replica, practice, robin),
        await connect(messaging, replica, practice, colleague),
        await connect(messaging, replica, other, other.admin),
    ]
    kims = await connect(messaging, replica, practice, kim)
    for socket in [*watchers, kims]:
        await socket.next("hello")

    await messaging.send(practice, practice.clinician, "private to Kim", to=kim)
    assert (await kims.next("message"))["message"]["body"] == "private to Kim"
    for socket in watchers:
        heard = await socket.nothing_for(1.0)
        assert not [e for e in heard if e["type"] in ("message", "read")], heard
        await socket.ws.close()
    await kims.ws.close()


async def test_a_socket_opens_with_the_readers_unread_count(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    await messaging.send(practice, client, "one")
    await messaging.send(practice, client, "two")
    staff = await connect(messaging, messaging.url, practice, practice.clinician)
    hello = await staff.next("hello")
    assert hello["unread"] >= 2
    await staff.ws.close()


async def test_the_live_endpoint_wants_a_token_and_a_websocket(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await messaging.http.ws_connect(messaging.api("/live"))
    assert refused.value.status == 401
    problem = await call(
        messaging.http,
        "GET",
        messaging.api("/live"),
        headers=messaging.headers(practice, client),
        expect=426,
    )
    assert "WebSocket" in problem["title"]
