"""A real scheduling service for the module: real PostgreSQL (migrated once per run),
HTTP over a socket, tokens from a TokenMinter (no identity needed) and a clock the test
sets. Each test makes its own practice, staff and clients (world.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import asyncpg
import pytest

from services.scheduling.app import definition
from services.scheduling.settings import SchedulingSettings
from services.scheduling.tests.integration.world import MONDAY, World
from shared.runtime import RUNTIME
from shared.service import build_app
from shared.testing import FrozenClock, TokenMinter, migrated, running_app, settings_for_test


@pytest.fixture(scope="session")
async def scheduling_settings(admin_dsn: str, amqp_url: str) -> SchedulingSettings:
    settings = settings_for_test(
        definition(),
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        public_url="http://portal.test",
        pool_size=20,
    )
    await migrated(definition(), settings)
    assert isinstance(settings, SchedulingSettings)
    return settings


@pytest.fixture(scope="module")
async def world(scheduling_settings: SchedulingSettings, admin_dsn: str) -> AsyncIterator[World]:
    minter = TokenMinter()
    app = build_app(definition(), scheduling_settings, worker=False, verifier=minter.verifier())
    db = await asyncpg.create_pool(admin_dsn, min_size=0, max_size=3)
    assert db is not None
    async with running_app(app) as url, aiohttp.ClientSession(base_url=url) as http:
        rt = app[RUNTIME]
        rt.clock = FrozenClock(MONDAY)
        yield World(url=url, rt=rt, minter=minter, http=http, db=db)
    await db.close()


@pytest.fixture
async def w(world: World) -> World:
    """The module's service with its clock back at ``MONDAY``."""
    world.rt.clock = FrozenClock(MONDAY)
    return world
