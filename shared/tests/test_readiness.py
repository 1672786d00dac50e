"""Readiness: an API process needs its database, a worker also the broker and its
consumers. A broker away never takes the API out of service; the outbox holds events.

The broker is made unreachable for this test's own connections only (a TCP proxy the
test cuts); RabbitMQ itself keeps running for everyone else.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlsplit

import aio_pika
import aiohttp
import pytest
from aio_pika.abc import AbstractQueue
from aiohttp import web

from shared.config import ServiceSettings
from shared.crypto import new_key_spec
from shared.db import UnitOfWork
from shared.events.consumer import Subscription, declare_topology
from shared.events.envelope import Envelope
from shared.service import ServiceDefinition, build_app
from shared.testing import TcpProxy, drain_event_ids, eventually, running_app
from shared.tests.conftest import BACKBONE, ProbeSent, delete_queues
from shared.web import POOL, endpoint
from shared.web.metrics_listener import metrics_url

routes = web.RouteTableDef()


@routes.post("/api/v1/probes/{run}")
@endpoint(summary="A write whose event goes through the outbox")
async def write(request: web.Request) -> dict[str, str]:
    async with UnitOfWork(request.app[POOL], source="backbone") as uow:
        await uow.add_event(ProbeSent(run=request.match_info["run"], n=1))
        await uow.commit()
    return {"written": request.match_info["run"]}


@routes.get("/api/v1/probes")
@endpoint(summary="A read")
async def read(request: web.Request) -> dict[str, int]:
    return {"events": int(await request.app[POOL].fetchval("SELECT count(*) FROM outbox"))}


async def _ignore(uow: UnitOfWork, envelope: Envelope) -> None:
    """Consumes nothing in particular: these tests are about starting."""


def definition(
    queue: str | None = None, *, delays: tuple[float, ...] = (1.0,)
) -> ServiceDefinition:
    subscriptions = ()
    if queue is not None:
        subscriptions = (Subscription(queue, ("test.unused",), _ignore, retry_delays=delays),)
    return ServiceDefinition(
        name=BACKBONE.name,
        title="Readiness test",
        settings_class=BACKBONE.settings_class,
        migrations=BACKBONE.migrations,
        routes=routes,
        subscriptions=subscriptions,
        sends_email=False,
    )


@pytest.fixture
async def broker_proxy(amqp_url: str) -> AsyncIterator[TcpProxy]:
    parts = urlsplit(amqp_url)
    async with TcpProxy(parts.hostname or "127.0.0.1", parts.port or 5672) as proxy:
        yield proxy


def through(settings: ServiceSettings, proxy: TcpProxy) -> ServiceSettings:
    values: dict[str, Any] = {"amqp_url": proxy.url(settings.amqp_url)}
    values["encryption_keys"] = new_key_spec("ready-1")
    return settings.model_copy(update=values)


async def readiness(url: str) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as http, http.get(f"{url}/readyz") as response:
        return response.status, await response.json()


async def _is(url: str, status: int) -> bool:
    return (await readiness(url))[0] == status


async def test_an_api_process_stays_ready_without_the_broker_and_says_the_broker_is_away(
    backbone_settings: ServiceSettings, broker_proxy: TcpProxy
) -> None:
    broker_proxy.cut()
    app = build_app(definition(), through(backbone_settings, broker_proxy), worker=False)
    async with running_app(app) as url:
        status, body = await readiness(url)
    assert status == 200, body
    assert body["checks"] == {"database": True, "broker": False}


async def test_a_worker_is_ready_only_while_the_broker_is_reachable(
    backbone_settings: ServiceSettings, broker_proxy: TcpProxy
) -> None:
    broker_proxy.cut()
    app = build_app(definition(), through(backbone_settings, broker_proxy), api=False)
    async with running_app(app) as url:
        status, body = await readiness(url)
        assert status == 503 and body["checks"]["broker"] is False, body
        broker_proxy.mend()
        await eventually(lambda: _is(url, 200), seconds=30)


async def test_a_consumer_that_cannot_start_keeps_its_worker_unready_counts_it_and_starts_later(
    backbone_settings: ServiceSettings, amqp_url: str
) -> None:
    queue = f"test.ready.{uuid.uuid4().hex[:8]}"
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        # What an earlier release declared: other retry delays, which RabbitMQ will not
        # let a redeclare change (PRECONDITION_FAILED).
        await declare_topology(channel, Subscription(queue, ("test.unused",), _ignore))
    settings = backbone_settings.model_copy(update={"encryption_keys": new_key_spec("r-1")})
    app = build_app(definition(queue, delays=(5.0,)), settings, api=False)
    try:
        async with running_app(app) as url:
            await eventually(lambda: _failures(app, queue, at_least=1), seconds=20)
            status, body = await readiness(url)
            assert status == 503 and body["checks"]["consumers"] is False, body
            # The operator removes the old queues; the worker starts on its next try.
            await delete_queues(amqp_url, queue, retries=3)
            await eventually(lambda: _is(url, 200), seconds=30)
    finally:
        await delete_queues(amqp_url, queue, retries=3)


async def _failures(app: web.Application, queue: str, *, at_least: int) -> bool:
    async with aiohttp.ClientSession() as http, http.get(metrics_url(app)) as response:
        text = await response.text()
    for line in text.splitlines():
        if line.startswith("consumer_start_failures_total{") and f'queue="{queue}"' in line:
            return float(line.rsplit(" ", 1)[1]) >= at_least
    return False


async def test_without_the_broker_an_api_takes_reads_and_writes_and_their_events_follow(
    backbone_settings: ServiceSettings, broker_proxy: TcpProxy, tap: AbstractQueue
) -> None:
    broker_proxy.cut()
    run = uuid.uuid4().hex
    app = build_app(definition(), through(backbone_settings, broker_proxy))  # api and worker
    async with running_app(app) as url, aiohttp.ClientSession() as http:
        assert (await readiness(url))[0] == 200
        for _ in range(3):
            async with http.post(f"{url}/api/v1/probes/{run}") as response:
                assert response.status == 200
        async with http.get(f"{url}/api/v1/probes") as response:
            assert response.status == 200
        broker_proxy.mend()  # the broker is back: the relay publishes what waited
        published: list[str] = []

        async def all_arrived() -> bool:
            published.extend(await drain_event_ids(tap, quiet_seconds=0.5, where=_of(run)))
            return len(published) >= 3

        await eventually(all_arrived, seconds=40)
    assert len(set(published)) == len(published) == 3


def _of(run: str) -> Callable[[Any], bool]:
    return lambda envelope: bool(envelope.get("data", {}).get("run") == run)
