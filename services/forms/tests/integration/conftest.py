"""A real forms service per test run (API and worker on a socket, real PostgreSQL and
RabbitMQ) trusting tokens from a TokenMinter. Practices and clients reach it as identity's
events would: through its own consumers' handlers, applied here in order."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest

from services.forms.app import definition
from services.forms.consumers import on_setup_event
from shared import directory
from shared.events.catalog import ClientInvited, PracticeCreated, StaffAdded
from shared.events.envelope import Envelope, Event, envelope_for
from shared.runtime import RUNTIME, Runtime
from shared.service import build_app
from shared.testing import TokenMinter, migrated, running_app, settings_for_test


@dataclass
class Practice:
    id: uuid.UUID
    clinician: uuid.UUID
    admin: uuid.UUID


@dataclass
class Forms:
    url: str
    runtime: Runtime[Any]
    minter: TokenMinter
    sessions: list[aiohttp.ClientSession] = field(default_factory=list)

    async def deliver(self, event: Event) -> None:
        """``event`` as identity would send it, through forms' own handlers."""
        envelope = Envelope.model_validate(envelope_for(event, source="identity"))
        async with self.runtime.uow() as work:
            await directory.on_directory_event(work, envelope)
            await on_setup_event(work, envelope)
            await work.commit()

    async def practice(self) -> Practice:
        practice = Practice(id=uuid.uuid4(), clinician=uuid.uuid4(), admin=uuid.uuid4())
        slug = f"p-{practice.id.hex[:10]}"
        await self.deliver(
            PracticeCreated(
                practice_id=practice.id, slug=slug, name="Meadow Counseling",
                time_zone="America/New_York",
            )
        )  # fmt: skip
        for role, staff_id in (("clinician", practice.clinician), ("admin", practice.admin)):
            await self.deliver(
                StaffAdded(
                    practice_id=practice.id, staff_id=staff_id, role=role, first_name="Sam",
                    last_name=role.title(), email=f"{role}-{staff_id.hex[:6]}@example.com",
                )
            )  # fmt: skip
        return practice

    async def client(self, practice: Practice, **fields: Any) -> uuid.UUID:
        client_id = uuid.uuid4()
        values = {
            "practice_id": practice.id, "client_id": client_id,
            "clinician_id": practice.clinician, "first_name": "Jordan", "last_name": "Rivera",
            "email": f"jordan-{client_id.hex[:6]}@example.com",
        } | fields  # fmt: skip
        await self.deliver(ClientInvited(**values))
        return client_id

    async def events(self, event_type: str, *, client_id: uuid.UUID) -> list[dict[str, Any]]:
        """The data of every ``event_type`` forms wrote (to its outbox) about a client."""
        async with self.runtime.reader() as conn:
            rows = await conn.fetch(
                "SELECT envelope FROM outbox WHERE type = $1"
                " AND envelope->'data'->>'client_id' = $2 ORDER BY seq",
                event_type,
                str(client_id),
            )
        return [r["envelope"]["data"] for r in rows]

    async def audits(self, *, client_id: uuid.UUID) -> list[dict[str, Any]]:
        """Audit records forms wrote about a client (for identity's log)."""
        async with self.runtime.reader() as conn:
            rows = await conn.fetch(
                "SELECT envelope FROM outbox WHERE exchange = 'portal.audit'"
                " AND envelope->'data'->>'client_id' = $1 ORDER BY seq",
                str(client_id),
            )
        return [r["envelope"]["data"] for r in rows]

    async def intake(self, practice: Practice, client_id: uuid.UUID) -> list[dict[str, Any]]:
        """The client's pending forms, as the client sees them."""
        mine = await call(self.as_client(practice, client_id), "GET", MINE, expect=200)
        return list(mine["pending"])

    def as_client(self, practice: Practice, client_id: uuid.UUID) -> aiohttp.ClientSession:
        return self._session(
            self.minter.bearer(role="client", practice_id=practice.id, subject=client_id)
        )

    def as_staff(self, practice: Practice, role: str = "clinician") -> aiohttp.ClientSession:
        subject = practice.clinician if role == "clinician" else practice.admin
        return self._session(
            self.minter.bearer(role=role, practice_id=practice.id, subject=subject)
        )

    def _session(self, headers: dict[str, str]) -> aiohttp.ClientSession:
        session = aiohttp.ClientSession(base_url=self.url, headers=headers)
        self.sessions.append(session)
        return session


MINE = "/api/v1/forms/assignments"


@pytest.fixture(scope="session")
async def forms_service(admin_dsn: str, amqp_url: str) -> AsyncIterator[Forms]:
    minter = TokenMinter()
    settings = settings_for_test(definition(), admin_dsn=admin_dsn, amqp_url=amqp_url)
    await migrated(definition(), settings)
    app = build_app(definition(), settings, verifier=minter.verifier())
    async with running_app(app) as url:
        yield Forms(url=url, runtime=app[RUNTIME], minter=minter)


@pytest.fixture
async def forms(forms_service: Forms) -> AsyncIterator[Forms]:
    yield forms_service
    for session in forms_service.sessions:
        await session.close()
    forms_service.sessions.clear()


async def call(
    session: aiohttp.ClientSession, method: str, path: str, *, expect: int | None = None, **kw: Any
) -> Any:
    """JSON (or None) of a request; with ``expect``, the status must be that."""
    async with session.request(method, path, **kw) as response:
        body = await response.read()
        if expect is not None:
            assert response.status == expect, (response.status, body[:500])
        if response.content_type.endswith("json") and body:
            return await response.json(content_type=None)
        return body
