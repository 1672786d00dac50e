"""A running service survives PostgreSQL and RabbitMQ going away and coming back."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from shared.config import ServiceSettings
from shared.testing import eventually, postgres_stopped, rabbitmq_stopped, running_app
from shared.web import POOL, endpoint
from shared.web.app import create_service_app

routes = web.RouteTableDef()


@routes.get("/api/v1/count")
@endpoint(summary="Reads the database")
async def count(request: web.Request) -> dict[str, int]:
    return {"handled": await request.app[POOL].fetchval("SELECT count(*) FROM handled")}


@pytest.fixture
async def base_url(backbone_settings: ServiceSettings) -> AsyncIterator[str]:
    app = create_service_app(backbone_settings, routes=routes, title="Outage test")
    async with running_app(app) as url:
        await eventually(lambda: status_is(f"{url}/readyz", 200), seconds=15)
        yield url


async def status_is(url: str, expected: int) -> bool:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status == expected


@pytest.mark.stops_servers
async def test_readiness_goes_red_and_green_again_with_postgresql(base_url: str) -> None:
    with postgres_stopped():
        await eventually(lambda: status_is(f"{base_url}/readyz", 503), seconds=15)
        assert await status_is(f"{base_url}/healthz", 200), "the process itself stays alive"
        assert await status_is(f"{base_url}/api/v1/count", 503), "a clean 503, not a 500"
    await eventually(lambda: status_is(f"{base_url}/readyz", 200), seconds=30)
    assert await status_is(f"{base_url}/api/v1/count", 200)


@pytest.mark.stops_servers
async def test_an_api_stays_ready_while_rabbitmq_is_stopped_and_reports_it(base_url: str) -> None:
    # Writes go to the outbox meanwhile (shared/tests/test_readiness.py): no reason to take
    # the API out of service. Only a worker's readiness needs the broker.
    with rabbitmq_stopped():
        await eventually(lambda: broker_is(base_url, False), seconds=15)
        assert await status_is(f"{base_url}/readyz", 200)
        assert await status_is(f"{base_url}/api/v1/count", 200)
    await eventually(lambda: broker_is(base_url, True), seconds=60)


async def broker_is(base_url: str, up: bool) -> bool:
    async with aiohttp.ClientSession() as session, session.get(f"{base_url}/readyz") as response:
        return bool((await response.json())["checks"]["broker"] is up)
