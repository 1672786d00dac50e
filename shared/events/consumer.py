"""The consumer runner: durable quorum queues, manual acks, inbox, retries, parking.

For a subscription with queue ``Q`` the broker holds:

- ``Q``            quorum queue bound to ``portal.events`` for the subscribed types (key
                   ``<type>.*``: every practice's events), with an explicit delivery
                   limit; a message over it dead-letters to ``Q.parked``
- ``Q.retry.N``    one quorum queue per retry delay; its TTL dead-letters back into ``Q``
- ``Q.parked``     where a message lands after its last retry, its error in the headers

A handler runs in a unit of work together with the inbox insert of the event id, so a
redelivered event that was already handled is acknowledged without running again.
Dead-lettering uses ``at-least-once`` so a message moving between queues is never lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage, AbstractRobustConnection
from aiormq.abc import FieldValue
from pydantic import ValidationError

from shared.broker import BrokerLink
from shared.db import DATABASE_DOWN, TRANSIENT_CONFLICT
from shared.events.envelope import EXCHANGE, Envelope, parse_envelope
from shared.events.relay import declare_exchange
from shared.events.routing import binding_key
from shared.logging import get_logger, request_context
from shared.metrics import WorkerMetrics
from shared.runtime import Runtime, Work

log = get_logger(__name__)

# A handler gets one Work: the unit of work (inbox row included) and the runtime beside it.
EventHandler = Callable[[Work[Any], Envelope], Awaitable[None]]
DEFAULT_RETRY_DELAYS = (1.0, 30.0, 300.0)


@dataclass(frozen=True)
class Subscription:
    """``handler`` runs for every event whose type matches one of ``event_types`` on
    ``exchange`` (``portal.events``, or ``portal.audit`` for identity's audit log), from
    every practice: the queue binds ``<type>.*`` (see shared/events/routing.py)."""

    queue: str
    event_types: tuple[str, ...]
    handler: EventHandler
    exchange: str = EXCHANGE
    retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS
    delivery_limit: int = 20
    prefetch: int = 10


def _dead_letter_to(routing_key: str) -> dict[str, FieldValue]:
    return {
        "x-queue-type": "quorum",
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": routing_key,
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }


async def declare_topology(
    channel: AbstractChannel, sub: Subscription
) -> aio_pika.abc.AbstractQueue:
    exchange = await declare_exchange(channel, sub.exchange)
    await channel.declare_queue(
        f"{sub.queue}.parked", durable=True, arguments={"x-queue-type": "quorum"}
    )
    for attempt, delay in enumerate(sub.retry_delays, start=1):
        args = _dead_letter_to(sub.queue) | {"x-message-ttl": int(delay * 1000)}
        await channel.declare_queue(f"{sub.queue}.retry.{attempt}", durable=True, arguments=args)
    args = _dead_letter_to(f"{sub.queue}.parked") | {"x-delivery-limit": sub.delivery_limit}
    queue = await channel.declare_queue(sub.queue, durable=True, arguments=args)
    for event_type in sub.event_types:
        await queue.bind(exchange, routing_key=binding_key(event_type))
    return queue


class ConsumerRunner:
    """Runs a service's subscriptions on one broker connection."""

    def __init__(
        self,
        *,
        runtime: Runtime[Any],
        broker: BrokerLink,
        subscriptions: list[Subscription],
        metrics: WorkerMetrics | None = None,
        retry_seconds: float = 1.0,
    ) -> None:
        self._runtime = runtime
        self._broker = broker
        self._subs = subscriptions
        self._metrics = metrics or WorkerMetrics()
        self._retry_seconds = retry_seconds
        self._task: asyncio.Task[None] | None = None
        self._channels: list[AbstractChannel] = []
        self._consumers: list[tuple[aio_pika.abc.AbstractQueue, str]] = []
        self._started: set[str] = set()
        self._inflight: set[asyncio.Task[Any]] = set()
        self._stopping = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._start_until_running())

    @property
    def running(self) -> bool:
        """Every subscription declared and consuming (a worker is not ready until then)."""
        return len(self._started) == len(self._subs)

    async def _start_until_running(self) -> None:
        """Start every subscription; one that cannot start is retried with a growing wait,
        loudly (an error log and a metric each time), never left silently dead."""
        delay = self._retry_seconds
        for sub in self._subs:
            self._metrics.consumers_running.labels(sub.queue).set(0)
        while not await self._start_missing(retry_in=delay):
            await asyncio.sleep(delay)
            delay = min(delay * 2, 60.0)

    async def _start_missing(self, *, retry_in: float) -> bool:
        """Try each subscription not started yet; True when all are running."""
        connection = await self._broker.connection()
        for sub in self._subs:
            if sub.queue in self._started:
                continue
            try:
                await self._start_one(connection, sub)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self._metrics.consumer_start_failures.labels(sub.queue).inc()
                log.error(
                    "consumer.cannot_start",
                    queue=sub.queue,
                    error=f"{type(exc).__name__}: {exc}"[:300],
                    retry_in=retry_in,
                )
        return self.running

    async def _start_one(self, connection: AbstractRobustConnection, sub: Subscription) -> None:
        channel = await connection.channel(publisher_confirms=True)
        try:
            await channel.set_qos(prefetch_count=sub.prefetch)
            queue = await declare_topology(channel, sub)
            tag = await queue.consume(functools.partial(self._on_message, sub, channel))
        except BaseException:
            # A refused declare closes the channel already; anything else, close it here.
            if not channel.is_closed:
                with contextlib.suppress(Exception):
                    await channel.close()
            raise
        self._channels.append(channel)
        self._consumers.append((queue, tag))
        self._started.add(sub.queue)
        self._metrics.consumers_running.labels(sub.queue).set(1)
        log.info("consumer.started", queue=sub.queue, types=list(sub.event_types))

    async def wait_started(self) -> None:
        """Wait until every queue is declared and consumed (useful before publishing)."""
        assert self._task is not None, "start() first"
        await asyncio.shield(self._task)

    async def stop(self, *, grace_seconds: float = 10.0) -> None:
        """Stop taking messages, let the handlers under way finish (for ``grace_seconds``
        at most: the pool closes after us), then close the channels. A message not acked
        by then goes back to its queue: delivered again, handled once (the inbox)."""
        self._stopping = True
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        for queue, tag in self._consumers:
            with contextlib.suppress(Exception):
                async with asyncio.timeout(2):
                    await queue.cancel(tag)
        if self._inflight:
            _, late = await asyncio.wait(set(self._inflight), timeout=grace_seconds)
            for task in late:
                task.cancel()
            if late:
                log.warning("consumer.stopped_with_handlers_running", handlers=len(late))
        for channel in self._channels:
            if not channel.is_closed:
                with contextlib.suppress(Exception):
                    await channel.close()

    async def _on_message(
        self, sub: Subscription, channel: AbstractChannel, message: AbstractIncomingMessage
    ) -> None:
        if self._stopping:  # delivered before the cancel took effect: let another take it
            with contextlib.suppress(Exception):
                await message.nack(requeue=True)
            return
        task = asyncio.current_task()
        if task is not None:
            self._inflight.add(task)
        try:
            await self._receive(sub, channel, message)
        finally:
            if task is not None:
                self._inflight.discard(task)

    async def _receive(
        self, sub: Subscription, channel: AbstractChannel, message: AbstractIncomingMessage
    ) -> None:
        try:
            envelope = parse_envelope(message.body)
        except ValidationError as exc:
            await self._park(
                sub, channel, message, f"unreadable envelope: {exc.error_count()} errors"
            )
            return
        with request_context(envelope.requestid, event_id=envelope.id, event_type=envelope.type):
            try:
                handled = await self._handle_once(sub, envelope)
            except asyncio.CancelledError:
                raise
            except DATABASE_DOWN + TRANSIENT_CONFLICT as exc:
                # An outage or a deadlock is not the event's fault: try again without
                # spending one of its retries.
                log.warning(
                    "consumer.database_unavailable", queue=sub.queue, error=type(exc).__name__
                )
                await self._retry(sub, channel, message, attempt=0, error=type(exc).__name__)
                return
            except Exception as exc:
                await self._on_failure(sub, channel, message, exc)
                return
            await message.ack()
            outcome = "handled" if handled else "duplicate"
            self._metrics.events_consumed.labels(sub.queue, outcome).inc()
            log.info(f"consumer.{outcome}", queue=sub.queue)

    async def _handle_once(self, sub: Subscription, envelope: Envelope) -> bool:
        async with self._runtime.uow() as uow:
            fresh = await uow.conn.fetchval(
                "INSERT INTO inbox (consumer, event_id) VALUES ($1, $2::uuid)"
                " ON CONFLICT DO NOTHING RETURNING true",
                sub.queue,
                envelope.id,
            )
            if not fresh:
                return False
            await sub.handler(uow, envelope)
            await uow.commit()
            return True

    async def _on_failure(
        self,
        sub: Subscription,
        channel: AbstractChannel,
        message: AbstractIncomingMessage,
        exc: Exception,
    ) -> None:
        attempt = _int_header(message, "x-attempt") + 1
        error = f"{type(exc).__name__}: {exc}"[:500]
        log.warning("consumer.failed", queue=sub.queue, attempt=attempt, error=error)
        self._metrics.events_consumed.labels(sub.queue, "retried").inc()
        if attempt > len(sub.retry_delays):
            await self._park(sub, channel, message, error, attempts=attempt)
        else:
            await self._retry(sub, channel, message, attempt=attempt, error=error)

    async def _retry(
        self,
        sub: Subscription,
        channel: AbstractChannel,
        message: AbstractIncomingMessage,
        *,
        attempt: int,
        error: str,
    ) -> None:
        queue = f"{sub.queue}.retry.{max(attempt, 1)}"
        headers = dict(message.headers or {}) | {"x-attempt": attempt, "x-last-error": error}
        await channel.default_exchange.publish(_copy(message, headers), routing_key=queue)
        await message.ack()

    async def _park(
        self,
        sub: Subscription,
        channel: AbstractChannel,
        message: AbstractIncomingMessage,
        error: str,
        *,
        attempts: int = 1,
    ) -> None:
        headers = dict(message.headers or {}) | {"x-attempts": attempts, "x-last-error": error}
        await channel.default_exchange.publish(
            _copy(message, headers), routing_key=f"{sub.queue}.parked"
        )
        await message.ack()
        self._metrics.events_consumed.labels(sub.queue, "parked").inc()
        log.error("consumer.parked", queue=sub.queue, error=error, message_id=message.message_id)


def _int_header(message: AbstractIncomingMessage, name: str) -> int:
    value = (message.headers or {}).get(name)
    return value if isinstance(value, int) else 0


def _copy(message: AbstractIncomingMessage, headers: dict[str, Any]) -> aio_pika.Message:
    return aio_pika.Message(
        body=message.body,
        headers=headers,
        content_type=message.content_type,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=message.message_id,
        type=message.type,
    )
