"""Two replicas of a real service (identity: api, outbox relay, mailer, jobs) on one
database and one broker: every event is published once and every email sent once."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import aio_pika
import aiohttp
import pytest
from aio_pika.abc import AbstractQueue

from services.identity.tests.integration.conftest import Portal, StartPortal
from shared.events.relay import declare_exchange
from shared.events.routing import binding_key
from shared.testing import drain_event_ids


@pytest.fixture
async def client_events(amqp_url: str) -> AsyncIterator[AbstractQueue]:
    connection = await aio_pika.connect_robust(amqp_url)
    channel = await connection.channel()
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(await declare_exchange(channel), routing_key=binding_key("client.invited"))
    yield queue
    await connection.close()


async def test_two_replicas_publish_each_event_once_and_send_each_email_once(
    start_portal: StartPortal, client_events: AbstractQueue
) -> None:
    async with start_portal() as first, start_portal() as second:
        tenant = await first.tenant()
        replicas: list[Portal] = [first, second]
        sessions = [await p.staff_session(tenant, tenant.clinician) for p in replicas]
        emails = [f"replica-{uuid.uuid4().hex[:8]}@example.com" for _ in range(12)]
        await asyncio.gather(
            *(
                replicas[i % 2].post(
                    sessions[i % 2],
                    "/api/v1/identity/clients",
                    {"first_name": "Ana", "last_name": "Lee", "email": email},
                    expect=201,
                )
                for i, email in enumerate(emails)
            )
        )
        for email in emails:
            await first.smtp.wait_for(email)
        published = await drain_event_ids(
            client_events, where=lambda e: e["data"]["practice_id"] == str(tenant.practice.id)
        )
        await asyncio.sleep(1)  # a second mailer sending the same row would show up by now
        assert all(len(first.smtp.to(email)) == 1 for email in emails), "one welcome email each"
        counts = [await metric_values(p) for p in replicas]
    assert len(published) == len(set(published)) == len(emails), "one client.invited each"
    # /metrics tells the same story, split between the two replicas' relays and mailers
    invited = 'events_published_total{type="client.invited"}'
    assert sum(c.get(invited, 0) for c in counts) == len(emails)
    assert sum(c.get('emails_total{outcome="sent"}', 0) for c in counts) >= len(emails)


async def metric_values(portal: Portal) -> dict[str, float]:
    async with aiohttp.ClientSession() as http, http.get(portal.metrics_url) as response:
        text = await response.text()
    return {
        name: float(value)
        for name, _, value in (line.rpartition(" ") for line in text.splitlines())
        if name and not name.startswith("#")
    }
