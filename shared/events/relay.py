"""The outbox relay: publishes committed outbox rows to ``portal.events``.

Each message's routing key is ``<event type>.<practice id>`` (``shared.events.routing``),
so that a clinician tool's binding can select its own practice.

Woken by ``NOTIFY outbox_<schema>`` when a transaction with events commits (see
``shared.worker.NotifiedDrainer``). Rows are claimed with ``FOR UPDATE SKIP LOCKED``, so
several relays (replicas) share the work without publishing a row twice at the same
time; a row is marked published only after the broker confirmed it.
A broker outage leaves rows unpublished, and they go out once it is back.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aio_pika
import asyncpg
from aio_pika.abc import AbstractChannel, AbstractExchange
from aiormq.abc import DeliveredMessage

from shared.broker import BrokerLink
from shared.events.envelope import AUDIT_EXCHANGE, EXCHANGE
from shared.events.routing import UnscopedEvent, practice_of, routing_key
from shared.logging import get_logger
from shared.metrics import WorkerMetrics
from shared.worker import NotifiedDrainer

log = get_logger(__name__)

CLAIM = """
SELECT seq, id, type, envelope, exchange FROM outbox
WHERE published_at IS NULL AND seq <> ALL($2::bigint[])
ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED
"""
# A must-route record no queue took is set aside this long before it is tried again, so
# that it never holds up the rows behind it.
HOLD_UNROUTABLE_SECONDS = 30.0
# Exchanges whose messages must reach a queue: a record nobody is bound to yet stays in
# the outbox (mandatory publish, returned by the broker) instead of being dropped.
MUST_ROUTE = frozenset({AUDIT_EXCHANGE})


async def declare_exchange(channel: AbstractChannel, name: str = EXCHANGE) -> AbstractExchange:
    return await channel.declare_exchange(name, aio_pika.ExchangeType.TOPIC, durable=True)


class OutboxRelay(NotifiedDrainer):
    def __init__(
        self,
        *,
        pool: asyncpg.Pool,
        listen_dsn: str,
        schema: str,
        broker: BrokerLink,
        batch_size: int = 200,
        poll_seconds: float = 2.0,
        hold_unroutable_seconds: float = HOLD_UNROUTABLE_SECONDS,
        metrics: WorkerMetrics | None = None,
    ) -> None:
        super().__init__(
            listen_dsn=listen_dsn, channel=f"outbox_{schema}", poll_seconds=poll_seconds
        )
        self._pool = pool
        self._schema = schema
        self._broker = broker
        self._batch = batch_size
        self._metrics = metrics or WorkerMetrics()
        self._amqp_channel: AbstractChannel | None = None
        self._exchanges: dict[str, AbstractExchange] = {}
        self._hold = hold_unroutable_seconds
        self._held: dict[int, float] = {}  # outbox seq -> loop time it may be tried again

    async def drain_once(self) -> bool:
        return await self.publish_batch() == self._batch

    async def _open_exchanges(self) -> dict[str, AbstractExchange]:
        if self._amqp_channel is None or self._amqp_channel.is_closed or not self._exchanges:
            connection = await self._broker.connection()
            self._amqp_channel = await connection.channel(publisher_confirms=True)
            self._exchanges = {
                name: await declare_exchange(self._amqp_channel, name)
                for name in (EXCHANGE, AUDIT_EXCHANGE)
            }
        return self._exchanges

    async def publish_batch(self) -> int:
        """Publish up to one batch; returns how many rows it claimed (a must-route record
        no queue took stays in the outbox, set aside for HOLD_UNROUTABLE_SECONDS)."""
        exchanges = await self._open_exchanges()
        try:
            async with self._pool.acquire() as conn, conn.transaction():
                rows = await conn.fetch(CLAIM, self._batch, self._held_now())
                if not rows:
                    return 0
                routed = await asyncio.gather(*(self._publish(exchanges, row) for row in rows))
                done = [row for row, ok in zip(rows, routed, strict=True) if ok]
                await conn.execute(
                    "UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])",
                    [r["seq"] for r in done],
                )
        except BaseException:
            self._exchanges = {}  # a fresh channel next time: this one may be broken
            raise
        for row in done:
            self._metrics.events_published.labels(row["type"]).inc()
        log.info("relay.published", schema=self._schema, count=len(done))
        if len(done) < len(rows):
            # Left in the outbox and set aside for a while: the rows behind them go on.
            again = asyncio.get_running_loop().time() + self._hold
            published = {r["seq"] for r in done}
            self._held.update({r["seq"]: again for r in rows if r["seq"] not in published})
            log.warning("relay.unroutable", schema=self._schema, count=len(rows) - len(done))
        return len(rows)

    def _held_now(self) -> list[int]:
        """The rows still set aside (forgetting those whose time is up)."""
        now = asyncio.get_running_loop().time()
        self._held = {seq: until for seq, until in self._held.items() if until > now}
        return list(self._held)

    @staticmethod
    async def _publish(exchanges: dict[str, AbstractExchange], row: asyncpg.Record) -> bool:
        """True once the broker has it; False when a must-route message found no queue."""
        envelope = row["envelope"]
        message = aio_pika.Message(
            body=json.dumps(envelope, separators=(",", ":")).encode(),
            content_type="application/cloudevents+json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=str(row["id"]),
            type=row["type"],
            headers={"requestid": envelope.get("requestid") or ""},
        )
        # With publisher confirms on, publish() returns once the broker has the message.
        # Events: mandatory=False, an event nobody subscribes to yet is not an error (a
        # service that starts later is sent the retained ones: python -m shared.replay).
        # Audit records: mandatory, a returned message stays in the outbox.
        exchange = row["exchange"]
        must_route = exchange in MUST_ROUTE
        result = await exchanges[exchange].publish(
            message,
            routing_key=_routing_key(row["type"], envelope),
            mandatory=must_route,
            timeout=10,
        )
        return not (must_route and isinstance(result, DeliveredMessage))


def _routing_key(event_type: str, envelope: dict[str, Any]) -> str:
    """``<type>.<practice id>``. ``write_outbox`` refuses an event without a practice, so
    the fallback is for a row written by hand: the portal's consumers (``<type>.*``) still
    get it, and no tool can bind it (it names no practice)."""
    try:
        return routing_key(event_type, practice_of(envelope))
    except UnscopedEvent:
        log.error("relay.unscoped_event", type=event_type)
        return f"{event_type}.unscoped"
