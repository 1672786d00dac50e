"""A throwaway 'backbone' service schema for testing the shared library for real."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractQueue

from shared.broker import BrokerLink
from shared.config import ServiceSettings, settings_for
from shared.db import create_pool
from shared.events.envelope import EXCHANGE, Event
from shared.runtime import Runtime, open_runtime
from shared.service import ServiceDefinition
from shared.testing import migrated, settings_for_test

BACKBONE = ServiceDefinition(
    name="backbone",
    title="Backbone tests",
    settings_class=settings_for("backbone"),
    migrations=Path(__file__).parent / "migrations",
)


# Every event belongs to a practice (its routing key carries it); probes share one.
PROBE_PRACTICE = uuid.UUID("00000000-0000-4000-8000-00000000beef")


class ProbeSent(Event):
    """A test-only event; never part of the product's catalogue."""

    type = "test.probe_sent"
    run: str
    n: int
    practice_id: uuid.UUID = PROBE_PRACTICE


@pytest.fixture(scope="session")
async def backbone_settings(admin_dsn: str, amqp_url: str) -> ServiceSettings:
    return await migrated(
        BACKBONE, settings_for_test(BACKBONE, admin_dsn=admin_dsn, amqp_url=amqp_url)
    )


@pytest.fixture
async def pool(backbone_settings: ServiceSettings) -> AsyncIterator[object]:
    pool = await create_pool(backbone_settings.runtime_database_url(), size=10, schema="backbone")
    yield pool
    await pool.close()


@pytest.fixture
async def runtime(backbone_settings: ServiceSettings, pool: Any) -> AsyncIterator[Runtime[Any]]:
    async with open_runtime(backbone_settings, pool) as opened:
        yield opened


@pytest.fixture
async def broker(amqp_url: str) -> AsyncIterator[BrokerLink]:
    link = BrokerLink(amqp_url, name="backbone-test")
    link.start()
    await link.connection()
    yield link
    await link.close()


@pytest.fixture
def queue_name() -> str:
    return f"test.backbone.{uuid.uuid4().hex[:8]}"


@pytest.fixture
async def tap(amqp_url: str) -> AsyncIterator[AbstractQueue]:
    """An exclusive queue bound to test.* events: every message the relay really published."""
    connection = await aio_pika.connect_robust(amqp_url)
    channel = await connection.channel()
    exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue(exclusive=True, durable=False)
    await queue.bind(exchange, routing_key="test.#")
    yield queue
    await connection.close()


async def delete_queues(amqp_url: str, base: str, retries: int) -> None:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        for name in [base, f"{base}.parked", *(f"{base}.retry.{i}" for i in range(1, retries + 1))]:
            # quorum queues refuse if_unused and close the connection: ask plainly
            await channel.queue_delete(name, if_unused=False, if_empty=False)
