"""A real messaging service (api and worker) per test module: real PostgreSQL and
RabbitMQ (the run's database and virtual host), a real SMTP server, HTTP over a socket,
tokens from a ``TokenMinter``. Each test makes its own practices with ``world``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp
import asyncpg
import pytest
from aiohttp import web

from services.messaging.app import definition
from services.messaging.tests.support import Person, Practice, World, call, headers_for
from shared.runtime import RUNTIME, Runtime, SystemClock
from shared.service import build_app
from shared.testing import (
    FrozenClock,
    SmtpInbox,
    TokenMinter,
    migrated,
    running_app,
    settings_for_test,
    smtp_server,
)
from shared.web.app import REGISTRY

PUBLIC_URL = "http://portal.test"


@dataclass
class Service:
    url: str
    runtime: Runtime[Any]
    minter: TokenMinter
    smtp: SmtpInbox
    world: World
    amqp_url: str
    http: aiohttp.ClientSession
    db: asyncpg.Pool
    app: web.Application

    def retried(self) -> float:
        """Notification events that failed and went to a retry queue, so far."""
        labels = {"queue": "messaging.notifications", "outcome": "retried"}
        return self.app[REGISTRY].get_sample_value("events_consumed_total", labels) or 0.0

    def api(self, path: str) -> str:
        return f"{self.url}/api/v1/messaging{path}"

    def headers(self, practice: Practice, person: Any) -> dict[str, str]:
        return headers_for(self.minter, practice, person)

    async def send(
        self,
        practice: Practice,
        sender: Person,
        body: str,
        *,
        to: Person | None = None,
        expect: int | None = 201,
    ) -> Any:
        """``sender`` writes: a client in their own thread, staff in ``to``'s."""
        path = "/messages" if to is None else f"/clients/{to.id}/messages"
        return await call(
            self.http,
            "POST",
            self.api(path),
            json={"body": body},
            headers=self.headers(practice, sender),
            expect=expect,
        )

    async def page(
        self,
        practice: Practice,
        reader: Person,
        *,
        of: Person | None = None,
        expect: int | None = 200,
        **params: str,
    ) -> Any:
        """A page of ``of``'s thread as ``reader`` (a client: their own)."""
        path = "/messages" if of is None else f"/clients/{of.id}/messages"
        return await call(
            self.http,
            "GET",
            self.api(path),
            params=params,
            headers=self.headers(practice, reader),
            expect=expect,
        )

    async def get(self, practice: Practice, reader: Person, path: str, **params: str) -> Any:
        return await call(
            self.http,
            "GET",
            self.api(path),
            params=params,
            headers=self.headers(practice, reader),
            expect=200,
        )

    async def post(
        self,
        practice: Practice,
        person: Person,
        path: str,
        *,
        expect: int | None = 200,
        **body: Any,
    ) -> Any:
        return await call(
            self.http,
            "POST",
            self.api(path),
            json=body,
            headers=self.headers(practice, person),
            expect=expect,
        )


@pytest.fixture(scope="module")
def module_smtp() -> Iterator[SmtpInbox]:
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture(scope="module")
async def messaging(
    admin_dsn: str, amqp_url: str, module_smtp: SmtpInbox
) -> AsyncIterator[Service]:
    minter = TokenMinter()
    settings = settings_for_test(
        definition(),
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        smtp_host=module_smtp.host,
        smtp_port=module_smtp.port,
        public_url=PUBLIC_URL,
    )
    await migrated(definition(), settings)
    app = build_app(definition(), settings, verifier=minter.verifier())
    db = await asyncpg.create_pool(admin_dsn, min_size=0, max_size=2)
    async with running_app(app) as url, aiohttp.ClientSession() as http:
        runtime = app[RUNTIME]
        yield Service(url, runtime, minter, module_smtp, World(runtime), amqp_url, http, db, app)
    await db.close()


@pytest.fixture
def clock(messaging: Service) -> Iterator[FrozenClock]:
    """The service's clock stands still until the test moves it."""
    frozen = FrozenClock(datetime.now(UTC))
    messaging.runtime.clock = frozen
    yield frozen
    messaging.runtime.clock = SystemClock()


@pytest.fixture
async def practice(messaging: Service) -> Practice:
    return await messaging.world.practice()
