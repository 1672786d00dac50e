"""WebSocket pass-through: one upstream socket per client socket, frames both ways."""

from __future__ import annotations

import asyncio

import aiohttp
from aiohttp import WSCloseCode, WSMsgType, web
from multidict import CIMultiDict
from yarl import URL

from gateway.state import AREA, CLIENT
from shared.logging import get_logger

log = get_logger(__name__)
AnySocket = web.WebSocketResponse | aiohttp.ClientWebSocketResponse
# Codes that describe a close but may not be sent in a close frame (RFC 6455 7.4.1).
_UNSENDABLE = frozenset({1004, 1005, 1006, 1015})


def is_websocket_upgrade(request: web.Request) -> bool:
    return request.method == "GET" and request.headers.get("Upgrade", "").lower() == "websocket"


def _offered_protocols(request: web.Request) -> list[str]:
    offered = request.headers.get("Sec-WebSocket-Protocol", "")
    return [name.strip() for name in offered.split(",") if name.strip()]


async def proxy_websocket(
    request: web.Request, *, url: URL, headers: CIMultiDict[str]
) -> web.WebSocketResponse:
    # Connect upstream first: if the service refuses, the client gets its answer as HTTP.
    async with request.app[CLIENT].ws_connect(
        url, headers=headers, protocols=_offered_protocols(request)
    ) as upstream:
        protocols = (upstream.protocol,) if upstream.protocol else ()
        # autoclose off: when the client closes, its connection (and this handler) must
        # outlive passing the close on to the service.
        client = web.WebSocketResponse(protocols=protocols, heartbeat=30.0, autoclose=False)
        await client.prepare(request)
        error = await _relay(client, upstream)
    if error is not None:
        log.info("websocket.relay_failed", area=request[AREA], error=type(error).__name__)
    return client


async def _relay(
    client: web.WebSocketResponse, upstream: aiohttp.ClientWebSocketResponse
) -> BaseException | None:
    """Frames both ways until one side closes; then close the other with its code."""
    to_upstream = asyncio.create_task(_forward(client, upstream))
    to_client = asyncio.create_task(_forward(upstream, client))
    tasks = (to_upstream, to_client)
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        first, other = (client, upstream) if to_upstream in done else (upstream, client)
        code = _close_code(first)
        await other.close(code=code)  # also ends the other direction's loop
        await first.close(code=code)  # completes the client's handshake; no-op upstream
    finally:
        for task in tasks:
            task.cancel()
        outcomes = await asyncio.gather(*tasks, return_exceptions=True)
    # A socket that failed rather than closed, if any.
    return next((o for o in outcomes if isinstance(o, Exception)), None)


async def _forward(source: AnySocket, target: AnySocket) -> None:
    """Data frames from ``source`` to ``target`` until ``source`` closes."""
    async for message in source:
        if message.type is WSMsgType.TEXT:
            await target.send_str(message.data)
        elif message.type is WSMsgType.BINARY:
            await target.send_bytes(message.data)


def _close_code(source: AnySocket) -> int:
    """The code the other side closed with; 1011 if it went away without closing."""
    code = source.close_code
    if code == 1005:  # closed properly, just without a code
        return int(WSCloseCode.OK)
    if code is None or code in _UNSENDABLE:
        return int(WSCloseCode.INTERNAL_ERROR)
    return int(code)
