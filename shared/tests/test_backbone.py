"""The event backbone end to end, against the real PostgreSQL and RabbitMQ."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable
from typing import Any

import aio_pika
import asyncpg
import pytest
import structlog
from aio_pika.abc import AbstractQueue

from shared.broker import BrokerLink
from shared.config import ServiceSettings
from shared.db import UnitOfWork
from shared.events.consumer import ConsumerRunner, Subscription, declare_topology
from shared.events.envelope import Envelope, envelope_for
from shared.events.relay import OutboxRelay, declare_exchange
from shared.events.routing import routing_key_of
from shared.logging import request_context
from shared.runtime import Runtime, open_runtime
from shared.service import PeriodicJob, run_job_once
from shared.testing import drain_event_ids, eventually, postgres_stopped, rabbitmq_stopped
from shared.tests.conftest import ProbeSent, delete_queues


class Recorder:
    """A handler that records its effect in the database, failing on purpose when told."""

    def __init__(self, queue: str, *, fail_first: int = 0, always_fail: bool = False) -> None:
        self.queue = queue
        self.fail_first = fail_first
        self.always_fail = always_fail
        self.calls: Counter[str] = Counter()

    async def __call__(self, uow: UnitOfWork, envelope: Envelope) -> None:
        self.calls[envelope.id] += 1
        if self.always_fail or self.calls[envelope.id] <= self.fail_first:
            raise RuntimeError(f"refusing {envelope.data['n']} on call {self.calls[envelope.id]}")
        await uow.conn.execute(
            "INSERT INTO handled (event_id, consumer, payload) VALUES ($1::uuid, $2, $3)",
            envelope.id,
            self.queue,
            envelope.data,
        )


async def commit_probes(pool: asyncpg.Pool, run: str, count: int) -> None:
    for n in range(count):
        async with UnitOfWork(pool, source="backbone") as uow:
            await uow.add_event(ProbeSent(run=run, n=n))
            await uow.commit()


async def handled_count(pool: asyncpg.Pool, run: str) -> int:
    return int(await pool.fetchval("SELECT count(*) FROM handled WHERE payload->>'run' = $1", run))


@contextlib.asynccontextmanager
async def running(
    settings: ServiceSettings, pool: asyncpg.Pool, subscription: Subscription, *, replicas: int = 1
) -> AsyncIterator[None]:
    """``replicas`` relays and consumer runners, each with its own broker connection."""
    contexts = contextlib.AsyncExitStack()
    links = [BrokerLink(settings.amqp_url, name=f"replica-{i}") for i in range(replicas)]
    parts: list[OutboxRelay | ConsumerRunner] = []
    runtime = await contexts.enter_async_context(open_runtime(settings, pool))
    for link in links:
        link.start()
        parts.append(
            OutboxRelay(
                pool=pool,
                listen_dsn=settings.runtime_database_url(),
                schema="backbone",
                broker=link,
                poll_seconds=0.5,
            )
        )
        parts.append(ConsumerRunner(runtime=runtime, broker=link, subscriptions=[subscription]))
    for part in parts:
        part.start()
    for part in parts:
        if isinstance(part, ConsumerRunner):
            await part.wait_started()
    try:
        yield
    finally:
        for part in parts:
            await part.stop()
        for link in links:
            await link.close()
        await contexts.aclose()
        await delete_queues(settings.amqp_url, subscription.queue, len(subscription.retry_delays))


def probe_subscription(
    queue: str, handler: Recorder, *, delays: tuple[float, ...] = (0.2, 0.4, 0.6)
) -> Subscription:
    return Subscription(
        queue=queue, event_types=("test.probe_sent",), handler=handler, retry_delays=delays
    )


async def test_an_event_committed_with_the_state_change_reaches_its_consumer(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, queue_name: str
) -> None:
    run, recorder = uuid.uuid4().hex, Recorder(queue_name)
    async with running(backbone_settings, pool, probe_subscription(queue_name, recorder)):
        await commit_probes(pool, run, 1)
        await eventually(lambda: _equals(handled_count(pool, run), 1), seconds=10)
    assert sum(recorder.calls.values()) == 1


async def test_a_rolled_back_transaction_publishes_nothing(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, queue_name: str, tap: AbstractQueue
) -> None:
    run, recorder = uuid.uuid4().hex, Recorder(queue_name)
    async with running(backbone_settings, pool, probe_subscription(queue_name, recorder)):
        async with UnitOfWork(pool, source="backbone") as uow:
            await uow.add_event(ProbeSent(run=run, n=0))  # and no commit
        await commit_probes(pool, f"{run}-control", 1)
        published = await drain_event_ids(tap, where=lambda e: e["data"]["run"].startswith(run))
    assert len(published) == 1, "only the committed control event goes out"
    assert await handled_count(pool, run) == 0
    assert (
        await pool.fetchval("SELECT count(*) FROM outbox WHERE envelope->'data'->>'run' = $1", run)
        == 0
    )


@pytest.mark.stops_servers
async def test_events_committed_while_rabbitmq_is_down_all_arrive_once_it_is_back(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, queue_name: str
) -> None:
    run, recorder = uuid.uuid4().hex, Recorder(queue_name)
    async with running(backbone_settings, pool, probe_subscription(queue_name, recorder)):
        with rabbitmq_stopped():
            await commit_probes(pool, run, 100)
            await asyncio.sleep(1)  # the relay tries, fails, and keeps the rows
            assert await handled_count(pool, run) == 0
        await eventually(lambda: _equals(handled_count(pool, run), 100), seconds=90)
        await asyncio.sleep(1)  # a late duplicate would show up here
    rows = await pool.fetch(
        "SELECT payload->>'n' AS n FROM handled WHERE payload->>'run' = $1", run
    )
    assert sorted(int(r["n"]) for r in rows) == list(range(100)), (
        "each event exactly once in effect"
    )
    unpublished = await pool.fetchval(
        "SELECT count(*) FROM outbox WHERE envelope->'data'->>'run' = $1 AND published_at IS NULL",
        run,
    )
    assert unpublished == 0


async def test_a_consumer_that_fails_twice_succeeds_on_the_third_delivery(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, queue_name: str
) -> None:
    run, recorder = uuid.uuid4().hex, Recorder(queue_name, fail_first=2)
    async with running(backbone_settings, pool, probe_subscription(queue_name, recorder)):
        await commit_probes(pool, run, 1)
        await eventually(lambda: _equals(handled_count(pool, run), 1), seconds=15)
    assert list(recorder.calls.values()) == [3]


async def test_a_consumer_that_always_fails_ends_in_the_parking_queue_with_its_error(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, queue_name: str, amqp_url: str
) -> None:
    run, recorder = uuid.uuid4().hex, Recorder(queue_name, always_fail=True)
    subscription = probe_subscription(queue_name, recorder, delays=(0.1, 0.2))
    links = BrokerLink(amqp_url, name="parking-reader")
    links.start()
    async with running(backbone_settings, pool, subscription):
        await commit_probes(pool, run, 1)
        channel = await (await links.connection()).channel()
        parked = await channel.declare_queue(f"{queue_name}.parked", passive=True)

        async def parked_message() -> bool:
            nonlocal message
            message = await parked.get(fail=False)
            return message is not None

        message = None
        await eventually(parked_message, seconds=15)
        assert message is not None
        await message.ack()
    await links.close()
    assert list(recorder.calls.values()) == [3], "first delivery plus one per retry delay"
    headers = message.headers or {}
    assert "refusing 0 on call 3" in str(headers["x-last-error"])
    assert headers["x-attempts"] == 3
    assert await handled_count(pool, run) == 0


async def test_two_replicas_of_relay_and_consumer_publish_and_handle_each_event_once(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, queue_name: str, tap: AbstractQueue
) -> None:
    run, recorder = uuid.uuid4().hex, Recorder(queue_name)
    async with running(
        backbone_settings, pool, probe_subscription(queue_name, recorder), replicas=2
    ):
        await asyncio.gather(*(commit_probes(pool, f"{run}", 50) for _ in range(4)))
        await eventually(lambda: _equals(handled_count(pool, run), 200), seconds=30)
        published = await drain_event_ids(tap, where=lambda e: e["data"]["run"] == run)
    assert len(published) == len(set(published)) == 200, "every event published exactly once"
    assert sorted(recorder.calls.values()) == [1] * 200, "every event handled exactly once"


async def test_a_periodic_job_runs_on_one_replica_at_a_time(runtime: Runtime[Any]) -> None:
    async def slow_job(uow: UnitOfWork) -> None:
        await uow.conn.execute("INSERT INTO job_runs (job) VALUES ('nightly')")
        await asyncio.sleep(0.5)
        await uow.commit()

    job = PeriodicJob(name=f"nightly-{uuid.uuid4().hex}", every_seconds=60, run=slow_job)
    ran = await asyncio.gather(*(run_job_once(runtime, job) for _ in range(2)))
    assert sorted(ran) == [False, True]


async def _equals(value: Awaitable[int], expected: int) -> bool:
    return await value == expected


async def test_the_request_id_travels_from_the_request_into_the_event_and_its_consumer(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, queue_name: str
) -> None:
    seen: list[tuple[str | None, object]] = []

    async def handler(uow: UnitOfWork, envelope: Envelope) -> None:
        seen.append((envelope.requestid, structlog.contextvars.get_contextvars().get("request_id")))

    subscription = Subscription(queue=queue_name, event_types=("test.probe_sent",), handler=handler)
    async with running(backbone_settings, pool, subscription):
        with request_context("req-from-the-gateway"):
            await commit_probes(pool, uuid.uuid4().hex, 1)
        await eventually(lambda: _truthy(len(seen)), seconds=10)
    assert seen == [("req-from-the-gateway", "req-from-the-gateway")]


async def _truthy(value: int) -> bool:
    return bool(value)


@pytest.mark.stops_servers
async def test_events_that_arrive_while_postgresql_is_down_are_handled_once_it_is_back(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, queue_name: str, amqp_url: str
) -> None:
    run, recorder = uuid.uuid4().hex, Recorder(queue_name)
    subscription = probe_subscription(queue_name, recorder, delays=(0.5, 1.0, 1.5))
    async with running(backbone_settings, pool, subscription):
        with postgres_stopped():
            await publish_directly(amqp_url, run, 20)  # from another service, still up
            await asyncio.sleep(4)  # longer than every retry delay together
        await eventually(lambda: _equals(handled_count(pool, run), 20), seconds=60)
        await asyncio.sleep(1)
    assert await handled_count(pool, run) == 20
    assert all(calls >= 1 for calls in recorder.calls.values())


async def publish_directly(amqp_url: str, run: str, count: int) -> None:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await declare_exchange(channel)
        for n in range(count):
            body = envelope_for(ProbeSent(run=run, n=n), source="elsewhere")
            await exchange.publish(
                aio_pika.Message(
                    json.dumps(body).encode(),
                    message_id=body["id"],
                    delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                ),
                routing_key=routing_key_of(body),
            )


async def test_a_message_over_its_delivery_limit_is_parked_not_dropped(
    amqp_url: str, queue_name: str
) -> None:
    """A consumer that dies mid-message (no ack, no retry of ours) makes the broker
    redeliver; past the explicit delivery limit the quorum queue parks the message."""

    async def never_called(uow: UnitOfWork, envelope: Envelope) -> None:
        raise AssertionError("not consumed through the runner here")

    subscription = Subscription(
        queue=queue_name, event_types=("test.probe_sent",), handler=never_called, delivery_limit=2
    )
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        queue = await declare_topology(channel, subscription)
        await channel.default_exchange.publish(
            aio_pika.Message(
                b'{"crash": "me"}',
                message_id="poison-1",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            ),
            routing_key=queue_name,
        )
        for _ in range(3):  # delivered, "crashed" (requeued), delivered again...
            message = None

            async def delivered() -> bool:
                nonlocal message
                message = await queue.get(fail=False)
                return message is not None

            await eventually(delivered, seconds=10)
            assert message is not None
            await message.nack(requeue=True)
        parked = await channel.declare_queue(f"{queue_name}.parked", passive=True)

        async def in_parking() -> bool:
            found = await parked.get(fail=False)
            if found is not None:
                await found.ack()
            return found is not None and found.message_id == "poison-1"

        await eventually(in_parking, seconds=10)
        assert await queue.get(fail=False) is None
    await delete_queues(amqp_url, queue_name, len(subscription.retry_delays))
