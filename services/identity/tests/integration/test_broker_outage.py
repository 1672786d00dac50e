"""With RabbitMQ unreachable, identity stays ready and serves reads and writes; its events
follow once the broker is back. Unreachable for this test's connections only (a proxy it
cuts): RabbitMQ keeps running for everyone else."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import urlsplit

import aio_pika
import pytest
from aio_pika.abc import AbstractQueue

from services.identity.tests.integration.conftest import StartPortal
from shared.events.envelope import EXCHANGE
from shared.events.routing import binding_key
from shared.testing import TcpProxy, drain_event_ids, eventually


@pytest.fixture
async def invited_tap(amqp_url: str) -> AsyncIterator[AbstractQueue]:
    """Every client.invited the relay really publishes."""
    connection = await aio_pika.connect_robust(amqp_url)
    channel = await connection.channel()
    exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(exchange, routing_key=binding_key("client.invited"))
    yield queue
    await connection.close()


async def test_identity_serves_reads_and_writes_without_the_broker_and_its_events_follow(
    start_portal: StartPortal, amqp_url: str, invited_tap: AbstractQueue
) -> None:
    parts = urlsplit(amqp_url)
    async with TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5672) as broker:
        broker.cut()
        async with start_portal(amqp_url=broker.url(amqp_url)) as portal:
            ready = await portal.get(portal.http(), "/readyz", expect=200)
            assert ready["checks"]["broker"] is False
            tenant = await portal.tenant()
            staff = await portal.staff_session(tenant, tenant.clinician)
            client, invite = await portal.invite(staff)  # a write, and its email went out
            listed = await portal.get(staff, "/api/v1/identity/clients", expect=200)
            assert client["id"] in [c["id"] for c in listed]
            broker.mend()
            subjects: list[str] = []

            async def arrived() -> bool:
                subjects.extend(
                    await drain_event_ids(
                        invited_tap,
                        quiet_seconds=0.5,
                        where=lambda e: e.get("subject") == client["id"],
                    )
                )
                return len(subjects) >= 1

            await eventually(arrived, seconds=40)
    assert len(subjects) == 1 and invite.pin
