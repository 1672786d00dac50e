"""WebSocket pass-through: one upstream socket per client socket, frames both ways.

A socket's token is checked at the handshake only, so the gateway also remembers whose
session each open socket belongs to: when identity ends a session (``session.revoked``,
gateway/revocations.py), its sockets are closed at once with 1008 "session ended", on
both sides, rather than staying open for as long as the client likes.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Iterator

import aiohttp
import jwt
from aiohttp import WSCloseCode, WSMsgType, web
from multidict import CIMultiDict
from yarl import URL

from gateway.state import AREA, CLIENT, GATEKEEPER
from shared.auth import bearer_token
from shared.logging import get_logger

log = get_logger(__name__)
AnySocket = web.WebSocketResponse | aiohttp.ClientWebSocketResponse
# Codes that describe a close but may not be sent in a close frame (RFC 6455 7.4.1).
_UNSENDABLE = frozenset({1004, 1005, 1006, 1015})
SESSION_ENDED = (int(WSCloseCode.POLICY_VIOLATION), b"session ended")


class SessionSockets:
    """The open sockets of each session, so that an ended session's can be closed."""

    def __init__(self) -> None:
        self._ended: dict[str, set[asyncio.Event]] = {}

    @contextlib.contextmanager
    def watch(self, session_id: str | None) -> Iterator[asyncio.Event]:
        """An event set when ``session_id`` ends, for as long as the block runs."""
        ended = asyncio.Event()
        if session_id is None:  # an anonymous socket: no session to end
            yield ended
            return
        self._ended.setdefault(session_id, set()).add(ended)
        try:
            yield ended
        finally:
            watchers = self._ended.get(session_id, set())
            watchers.discard(ended)
            if not watchers:
                self._ended.pop(session_id, None)

    def end(self, session_ids: Iterable[str]) -> int:
        """Close the sockets of these sessions; returns how many there were."""
        closed = 0
        for session_id in session_ids:
            for ended in self._ended.get(session_id, ()):
                ended.set()
                closed += 1
        return closed


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
        revoked = request.app[GATEKEEPER].revoked
        session_id = _session_of(headers)
        with revoked.sockets.watch(session_id) as ended:
            if session_id is not None and session_id in revoked:
                ended.set()  # it ended between the token check and now
            error = await _relay(client, upstream, ended)
    if error is not None:
        log.info("websocket.relay_failed", area=request[AREA], error=type(error).__name__)
    return client


async def _relay(
    client: web.WebSocketResponse, upstream: aiohttp.ClientWebSocketResponse, ended: asyncio.Event
) -> BaseException | None:
    """Frames both ways until one side closes, then close the other with its code; or
    until the session ends, then close both."""
    to_upstream = asyncio.create_task(_forward(client, upstream))
    to_client = asyncio.create_task(_forward(upstream, client))
    session_ended = asyncio.create_task(ended.wait())
    tasks = (to_upstream, to_client)
    try:
        done, _ = await asyncio.wait((*tasks, session_ended), return_when=asyncio.FIRST_COMPLETED)
        if session_ended in done:
            for forward in tasks:  # no reader left on either socket while they close
                forward.cancel()
            code, reason = SESSION_ENDED
            await upstream.close(code=code, message=reason)
            await client.close(code=code, message=reason)
            log.info("websocket.session_ended")
        else:
            first, other = (client, upstream) if to_upstream in done else (upstream, client)
            code = _close_code(first)
            await other.close(code=code)  # also ends the other direction's loop
            await first.close(code=code)  # completes the client's handshake; no-op upstream
    finally:
        for pending in (*tasks, session_ended):
            pending.cancel()
        outcomes = await asyncio.gather(*tasks, session_ended, return_exceptions=True)
    # A socket that failed rather than closed, if any.
    return next((o for o in outcomes if isinstance(o, Exception)), None)


def _session_of(headers: CIMultiDict[str]) -> str | None:
    """The session id of the (already verified) token the socket was opened with."""
    token = bearer_token(headers.get("Authorization"))
    if token is None:
        return None
    try:
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    session_id = claims.get("sid")
    return str(session_id) if session_id is not None else None


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
