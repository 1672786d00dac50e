"""Sessions identity has ended, so their access tokens stop at the gateway at once.

Access tokens are short-lived and checked by signature alone; without this, a token of a
session that was logged out, reset or deactivated would keep working until it expired
(a few minutes), and a WebSocket opened with it would stay open. Identity announces every
ended session (``session.revoked``); each gateway replica listens on a queue of its own,
refuses those session ids for as long as their tokens could live and closes their open
sockets. A broker outage only falls back to the tokens' own expiry.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Iterable

from aio_pika.abc import AbstractIncomingMessage
from aiohttp import web
from prometheus_client import CollectorRegistry, Counter
from pydantic import ValidationError

from gateway.state import GATEKEEPER, SETTINGS
from gateway.websocket import SessionSockets
from shared.broker import BrokerLink
from shared.events.catalog import SessionsRevoked
from shared.events.envelope import parse_envelope
from shared.events.relay import declare_exchange
from shared.events.routing import binding_key
from shared.logging import get_logger

log = get_logger(__name__)


class RevokedSessions:
    """Session ids refused until they expire; memory bounded. When full, expired ids go
    first; only then the oldest live ones, counted (``gateway_revocations_dropped_total``)
    and logged, since each of those is a session whose tokens work again until they
    expire: a sign that ``max_entries`` is too small for the traffic."""

    def __init__(
        self,
        *,
        ttl_seconds: float,
        max_entries: int = 200_000,
        registry: CollectorRegistry | None = None,
    ) -> None:
        self._ttl = ttl_seconds
        self._max = max_entries
        self._until: OrderedDict[str, float] = OrderedDict()
        self.listening = asyncio.Event()
        self.sockets = SessionSockets()
        self._dropped = Counter(
            "gateway_revocations_dropped_total",
            "Ended sessions forgotten before their tokens expired, for want of room",
            registry=registry or CollectorRegistry(),
        )

    def add(self, session_ids: Iterable[str]) -> None:
        """Refuse these sessions' tokens from now on, and close their open sockets."""
        now = time.monotonic()
        session_ids = list(session_ids)
        for session_id in session_ids:
            self._until[session_id] = now + self._ttl
            self._until.move_to_end(session_id)
        self.sockets.end(session_ids)
        if len(self._until) <= self._max:
            return
        # All share one TTL, so the oldest entries are the first to expire.
        while self._until and next(iter(self._until.values())) < now:
            self._until.popitem(last=False)
        dropped = 0
        while len(self._until) > self._max:
            self._until.popitem(last=False)
            dropped += 1
        if dropped:
            self._dropped.inc(dropped)
            log.warning("revocations.overflow", dropped=dropped, max_entries=self._max)

    def __contains__(self, session_id: object) -> bool:
        until = self._until.get(str(session_id))
        if until is None:
            return False
        if until < time.monotonic():
            del self._until[str(session_id)]
            return False
        return True

    async def on_message(self, message: AbstractIncomingMessage) -> None:
        async with message.process():
            try:
                revoked = parse_envelope(message.body).data_as(SessionsRevoked)
            except ValidationError:
                log.warning("revocations.unreadable", message_id=message.message_id)
                return
            self.add(str(s) for s in revoked.session_ids)
            log.info("revocations.received", count=len(revoked.session_ids))


async def _listen(link: BrokerLink, revoked: RevokedSessions) -> None:
    while True:
        try:
            connection = await link.connection()
            channel = await connection.channel()
            # A queue of this replica's own (every replica must hear every revocation);
            # the robust connection declares, binds and consumes it again after an outage.
            queue = await channel.declare_queue(exclusive=True, auto_delete=True)
            await queue.bind(
                await declare_exchange(channel), routing_key=binding_key(SessionsRevoked.type)
            )
            await queue.consume(revoked.on_message)
            revoked.listening.set()
            return
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            log.warning("revocations.unavailable", error=type(exc).__name__)
            await asyncio.sleep(2)


async def follow_revocations(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context: listen for ``session.revoked`` while the gateway runs."""
    link = BrokerLink(app[SETTINGS].amqp_url, name="gateway-revocations")
    link.start()
    task = asyncio.create_task(_listen(link, app[GATEKEEPER].revoked))
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    await link.close()
