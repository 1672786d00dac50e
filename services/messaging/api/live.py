"""The live socket: new messages and unread counts, pushed (see service/live.py). The
caller's token is checked at the handshake (the gateway also closes the socket when
the session is revoked); what each update may show is checked again as it is sent."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from services.messaging.api._routes import BASE, TAGS, routes
from services.messaging.schemas import MessagingLiveEvent
from services.messaging.service import threads
from services.messaging.service.live import LiveHub, LiveUpdate, Subscriber
from services.messaging.service.participants import Participant
from shared.auth import ALL_ROLES, Caller
from shared.runtime import RUNTIME, Runtime
from shared.web import SETTINGS, endpoint

HUB = web.AppKey("live_hub", LiveHub)


async def live_hub_ctx(app: web.Application) -> AsyncIterator[None]:
    """The api process's hub: one LISTEN connection, every socket of this replica."""
    hub = LiveHub(app[RUNTIME], listen_dsn=app[SETTINGS].runtime_database_url())
    hub.start()
    app[HUB] = hub

    async def going_away(_: web.Application) -> None:
        await hub.close_all()  # before aiohttp waits for open handlers to finish

    app.on_shutdown.append(going_away)
    yield
    await hub.stop()


class SocketSink:
    def __init__(self, socket: web.WebSocketResponse, me: Participant) -> None:
        self._socket = socket
        self._me = me

    async def push(self, update: LiveUpdate) -> None:
        if not self._socket.closed:
            event = MessagingLiveEvent.of(update, reader_id=self._me.id)
            await self._socket.send_str(event.model_dump_json(exclude_none=True))

    async def close(self) -> None:
        await self._socket.close(code=WSCloseCode.GOING_AWAY, message=b"server restarting")


@routes.get(f"{BASE}/live")
@endpoint(
    summary="Live updates over a WebSocket (MessagingLiveEvent frames): messages, unread counts",
    roles=ALL_ROLES,
    response=MessagingLiveEvent,
    tags=TAGS,
)
async def live(
    request: web.Request, *, runtime: Runtime[Any], caller: Caller
) -> web.StreamResponse:
    socket = web.WebSocketResponse(heartbeat=runtime.settings.live_heartbeat_seconds)
    if not socket.can_prepare(request).ok:
        raise web.HTTPUpgradeRequired(
            reason="Connect with a WebSocket", headers={"Upgrade": "websocket"}
        )
    await socket.prepare(request)
    me = Participant.of(caller)
    sink = SocketSink(socket, me)
    subscriber = Subscriber(me=me, sink=sink)
    hub = request.app[HUB]
    hub.add(subscriber)
    try:
        await sink.push(LiveUpdate(kind="hello", unread=await threads.unread(runtime, me)))
        async for message in socket:  # the client sends nothing we need; read until it closes
            if message.type is WSMsgType.ERROR:
                break
    finally:
        hub.remove(subscriber)
    return socket
