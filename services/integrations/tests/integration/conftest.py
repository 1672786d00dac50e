"""A real integrations service for the whole run (API and worker: relay, consumers,
webhook dispatcher) on the run's database and RabbitMQ virtual host, its tool users made
through the real management API. Tokens come from a ``TokenMinter``; practices reach the
service's directory through its real directory handler."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import aiohttp
import pytest

from services.integrations.app import definition
from services.integrations.service.runtime import Integrations
from services.integrations.settings import IntegrationsSettings
from services.integrations.tests.integration.receiver import Receiver
from shared import directory
from shared.events.catalog import PracticeCreated
from shared.events.envelope import Event, envelope_for, parse_envelope
from shared.runtime import RUNTIME
from shared.service import build_app
from shared.testing import TokenMinter, migrated, running_app, settings_for_test

# Every practice of this run has a slug starting with this, so the run's leftover broker
# users (tool.<slug>.<tool>) can be found and deleted at the end, whatever happened.
RUN = f"it{uuid.uuid4().hex[:6]}"
FAST: dict[str, Any] = {
    "webhook_allow_local": True,  # the receivers are on 127.0.0.1
    "webhook_first_retry_seconds": 0.2,
    "webhook_max_retry_seconds": 0.4,
    "webhook_poll_seconds": 0.2,
    "webhook_timeout_seconds": 20,
    "webhook_per_practice": 2,
    "webhook_concurrency": 8,
}


@dataclass(frozen=True)
class Practice:
    id: UUID
    slug: str


@dataclass
class Service:
    url: str
    rt: Integrations
    settings: IntegrationsSettings
    minter: TokenMinter
    amqp_url: str
    management_url: str
    _sessions: list[aiohttp.ClientSession] = field(default_factory=list)

    def http(self, practice: Practice | None = None, role: str = "admin") -> aiohttp.ClientSession:
        """A client calling the service as ``role`` of ``practice`` (none: anonymous)."""
        headers = self.minter.bearer(role=role, practice_id=practice.id) if practice else {}
        session = aiohttp.ClientSession(base_url=self.url, headers=headers)
        self._sessions.append(session)
        return session

    async def practice(self) -> Practice:
        """A practice known to the service's directory, as identity's event puts it there."""
        practice = Practice(id=uuid.uuid4(), slug=f"{RUN}-{uuid.uuid4().hex[:8]}")
        event = PracticeCreated(
            practice_id=practice.id, slug=practice.slug, name=f"Practice {practice.slug}",
            time_zone="America/New_York",
        )  # fmt: skip
        async with self.rt.uow() as work:
            await directory.on_directory_event(work, envelope_of(event))
            await work.commit()
        return practice

    async def publish(self, event: Event) -> str:
        """An event through the real outbox and relay, as any service publishes it."""
        async with self.rt.uow() as uow:
            event_id = await uow.add_event(event)
            await uow.commit()
        return event_id

    async def close(self) -> None:
        for session in self._sessions:
            await session.close()


def envelope_of(event: Event) -> Any:
    return parse_envelope(json.dumps(envelope_for(event, source="identity")).encode())


@pytest.fixture(scope="session")
async def service(
    admin_dsn: str, amqp_url: str, rabbitmq_management: str
) -> AsyncIterator[Service]:
    settings = settings_for_test(
        definition(),
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        broker_admin_url=rabbitmq_management,
        **FAST,
    )
    assert isinstance(settings, IntegrationsSettings)
    await migrated(definition(), settings)
    minter = TokenMinter()
    app = build_app(definition(), settings, verifier=minter.verifier())
    async with running_app(app) as url:
        rt = app[RUNTIME]
        assert isinstance(rt, Integrations)
        running = Service(url, rt, settings, minter, amqp_url, rabbitmq_management)
        try:
            yield running
        finally:
            await running.close()
            await delete_run_users(rabbitmq_management)


async def delete_run_users(management_url: str) -> None:
    auth = aiohttp.BasicAuth("guest", "guest")
    async with aiohttp.ClientSession(auth=auth) as http:
        async with http.get(f"{management_url}/api/users") as response:
            users = await response.json()
        for user in users:
            if user["name"].startswith(f"tool.{RUN}-"):
                await http.delete(f"{management_url}/api/users/{user['name']}")


@pytest.fixture(scope="session")
async def receiver() -> AsyncIterator[Receiver]:
    found = Receiver()
    async with running_app(found.app()) as url:
        found.base_url = url
        yield found
