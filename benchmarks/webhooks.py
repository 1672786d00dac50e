"""Webhook deliveries: how fast events reach receivers, and whether a practice whose
endpoint hangs slows the others down. Self-contained: a fresh database and RabbitMQ
virtual host, the integrations service (API and worker) on a free port, local receivers.

    make bench-webhooks     (or: .venv/bin/python -m benchmarks.webhooks [--events 400])

Prints deliveries per second with every receiver answering, the same with one more
practice whose receiver never answers (its deliveries hang until the timeout), and the
floor: the same POSTs sent straight to the receiver by one aiohttp client at the same
concurrency. Ratios compare runs on different machines.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import uuid
from typing import Any

import aio_pika
import aiohttp
from aiohttp import web

from services.integrations.app import definition
from services.integrations.service import webhooks
from services.integrations.service.runtime import Integrations
from shared import directory
from shared.audit import Actor
from shared.events.catalog import ClientActivated, PracticeCreated
from shared.events.envelope import AUDIT_EXCHANGE, envelope_for, parse_envelope
from shared.events.relay import declare_exchange
from shared.events.routing import binding_key
from shared.origin import Origin
from shared.runtime import RUNTIME
from shared.service import build_app
from shared.testing import (
    TokenMinter,
    fresh_database,
    migrated,
    own_vhost,
    running_app,
    settings_for_test,
)

POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
AMQP = "amqp://guest:guest@127.0.0.1:5672/"


class Receivers:
    def __init__(self) -> None:
        self.seen: dict[str, int] = {}
        self.hang = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        await request.read()
        practice = request.match_info["practice"]
        if practice == "hanging":
            await self.hang.wait()
        self.seen[practice] = self.seen.get(practice, 0) + 1
        return web.Response(status=204)

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/{practice}", self.handle)
        return app


async def practice(rt: Integrations, receivers_url: str, name: str) -> uuid.UUID:
    practice_id = uuid.uuid4()
    event = PracticeCreated(
        practice_id=practice_id, slug=f"bench-{uuid.uuid4().hex[:8]}", name=name,
        time_zone="UTC",
    )  # fmt: skip
    async with rt.uow() as work:
        envelope = parse_envelope(json.dumps(envelope_for(event, source="identity")).encode())
        await directory.on_directory_event(work, envelope)
        await work.commit()
    await webhooks.register(
        rt, practice_id=practice_id, url=f"{receivers_url}/{name}",
        event_types=["client.activated"], actor=Actor(practice_id=practice_id, role="admin"),
        origin=Origin(),
    )  # fmt: skip
    return practice_id


async def publish(rt: Integrations, practices: list[uuid.UUID], events: int) -> None:
    """``events`` events in one transaction: what is measured is the way from the outbox
    on, not how fast this script can commit one by one."""
    async with rt.uow() as uow:
        for n in range(events):
            practice_id = practices[n % len(practices)]
            await uow.add_event(ClientActivated(practice_id=practice_id, client_id=uuid.uuid4()))
        await uow.commit()


async def rate(
    rt: Integrations, receivers: Receivers, ids: list[uuid.UUID], names: list[str], events: int
) -> float:
    """Deliveries per second from the commit to the last delivery (relay, broker,
    consumer, dispatcher, receiver: the whole way)."""
    started = time.perf_counter()
    await publish(rt, ids, events)
    while sum(receivers.seen.get(n, 0) for n in names) < events:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    return events / (time.perf_counter() - started)


async def audit_sink(amqp_url: str) -> aio_pika.abc.AbstractRobustConnection:
    """A queue on portal.audit standing in for identity: without one, the audit records of
    the webhook registrations stay in the outbox and the relay waits a poll per batch."""
    connection = await aio_pika.connect_robust(amqp_url)
    channel = await connection.channel()
    exchange = await declare_exchange(channel, AUDIT_EXCHANGE)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(exchange, routing_key=binding_key("audit.recorded"))
    return connection


async def floor(url: str, requests: int, concurrency: int) -> float:
    """The same POSTs, straight from one client: requests per second."""
    body = b'{"specversion":"1.0"}' * 20
    async with aiohttp.ClientSession() as http:
        semaphore = asyncio.Semaphore(concurrency)

        async def one() -> None:
            async with semaphore, http.post(url, data=body) as reply:
                await reply.read()

        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(requests)))
        return requests / (time.perf_counter() - started)


async def main(events: int, practices: int) -> None:
    receivers = Receivers()
    with own_vhost(AMQP) as amqp_url:
        async with fresh_database(POSTGRES) as dsn, running_app(receivers.app()) as hooks_url:
            settings = settings_for_test(
                definition(), admin_dsn=dsn, amqp_url=amqp_url, webhook_allow_local=True,
                webhook_poll_seconds=0.2, webhook_timeout_seconds=30, log_level="warning",
            )  # fmt: skip
            await migrated(definition(), settings)
            app = build_app(definition(), settings, verifier=TokenMinter().verifier())
            async with running_app(app), await audit_sink(amqp_url):
                rt: Any = app[RUNTIME]
                names = [f"p{i}" for i in range(practices)]
                ids = [await practice(rt, hooks_url, name) for name in names]
                calm = await rate(rt, receivers, ids, names, events)

                receivers.seen.clear()
                hanging = await practice(rt, hooks_url, "hanging")
                await publish(rt, [hanging], settings.webhook_per_practice * 5)
                await asyncio.sleep(1)  # its deliveries are claimed and hang
                busy = await rate(rt, receivers, ids, names, events)
                receivers.hang.set()
            base = await floor(f"{hooks_url}/p0", events, settings.webhook_concurrency)
    print(f"floor: direct POSTs            {base:8.0f} /s")
    print(f"webhooks, {practices} practices         {calm:8.0f} /s  ({calm / base:.3f} of floor)")
    print(f"the same, one practice hanging {busy:8.0f} /s  ({busy / calm:.2f} of the calm run)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=400)
    parser.add_argument("--practices", type=int, default=4)
    args = parser.parse_args()
    asyncio.run(main(args.events, args.practices))
