"""Stopping a consumer: handlers under way finish before the pool closes; none is lost."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import asyncpg

from shared.broker import BrokerLink
from shared.config import ServiceSettings
from shared.events.consumer import ConsumerRunner
from shared.events.envelope import Envelope
from shared.events.relay import OutboxRelay
from shared.runtime import open_runtime
from shared.testing import eventually
from shared.tests.conftest import delete_queues
from shared.tests.test_backbone import commit_probes, handled_count, probe_subscription


class Slow:
    """Records the event, but only once the test lets it go."""

    def __init__(self, queue: str) -> None:
        self.queue = queue
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def __call__(self, work: Any, envelope: Envelope) -> None:
        self.started.set()
        await self.release.wait()
        await work.conn.execute(
            "INSERT INTO handled (event_id, consumer, payload) VALUES ($1::uuid, $2, $3)",
            envelope.id, self.queue, envelope.data,
        )  # fmt: skip


async def _start(settings: ServiceSettings, pool: asyncpg.Pool, handler: Any, queue: str) -> Any:
    link = BrokerLink(settings.amqp_url, name=f"stop-{uuid.uuid4().hex[:6]}")
    link.start()
    runtime_cm = open_runtime(settings, pool)
    runtime = await runtime_cm.__aenter__()
    relay = OutboxRelay(pool=pool, listen_dsn=settings.runtime_database_url(), schema="backbone",
                        broker=link, poll_seconds=0.5)  # fmt: skip
    runner = ConsumerRunner(runtime=runtime, broker=link,
                            subscriptions=[probe_subscription(queue, handler)])  # fmt: skip
    relay.start()
    runner.start()
    await runner.wait_started()
    return link, runtime_cm, relay, runner


async def _stop(parts: Any, **stop: Any) -> None:
    link, runtime_cm, relay, runner = parts
    await runner.stop(**stop)
    await relay.stop()
    await link.close()
    await runtime_cm.__aexit__(None, None, None)


async def test_stopping_waits_for_the_handler_under_way_to_finish_and_commit(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, queue_name: str
) -> None:
    run, handler = uuid.uuid4().hex, Slow(queue_name)
    parts = await _start(backbone_settings, pool, handler, queue_name)
    try:
        await commit_probes(pool, run, 1)
        await asyncio.wait_for(handler.started.wait(), 10)
        stopping = asyncio.create_task(_stop(parts))
        await asyncio.sleep(0.3)
        assert not stopping.done()  # still waiting for the handler
        handler.release.set()
        await asyncio.wait_for(stopping, 10)
        assert await handled_count(pool, run) == 1
    finally:
        handler.release.set()
        await delete_queues(backbone_settings.amqp_url, queue_name, 3)


async def test_a_handler_past_the_grace_time_is_cut_and_its_event_is_handled_after_restart(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, queue_name: str
) -> None:
    run, stuck = uuid.uuid4().hex, Slow(queue_name)
    parts = await _start(backbone_settings, pool, stuck, queue_name)
    try:
        await commit_probes(pool, run, 1)
        await asyncio.wait_for(stuck.started.wait(), 10)
        await asyncio.wait_for(_stop(parts, grace_seconds=0.5), 10)
        assert await handled_count(pool, run) == 0

        willing = Slow(queue_name)
        willing.release.set()
        parts = await _start(backbone_settings, pool, willing, queue_name)
        await eventually(lambda: _is(handled_count(pool, run), 1), seconds=15)
        await _stop(parts)
    finally:
        stuck.release.set()
        await delete_queues(backbone_settings.amqp_url, queue_name, 3)


async def _is(value: Any, expected: int) -> bool:
    return await value == expected
