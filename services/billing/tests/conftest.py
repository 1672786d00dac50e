"""Billing against the real thing: PostgreSQL, RabbitMQ, and localstripe (a Stripe
emulator speaking Stripe's HTTP API, run as its own process on a free port) reached by
the same code that reaches Stripe, through settings only.

The directory is filled through its real event handlers (``shared.directory``) with
identity's event models, as if identity had announced a practice, its staff and clients.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from services.billing.app import definition
from services.billing.service.invoices import invoice_for_appointment
from services.billing.service.runtime import Billing
from shared import directory
from shared.events.catalog import (
    AppointmentCompleted,
    BillableService,
    ClientActivated,
    ClientInvited,
    Event,
    Place,
    PracticeCreated,
    StaffAdded,
)
from shared.events.envelope import Envelope, envelope_for
from shared.runtime import RUNTIME
from shared.service import build_app
from shared.testing import TokenMinter, free_port, migrated, running_app, settings_for_test

PUBLISHABLE_KEY = "pk_test_portal"
WEBHOOK_SECRET = "whsec_portal_tests"
CARD_OK = "4242424242424242"
CARD_DECLINED = "4000000000000341"  # attaches, then declined when charged
CARD_REFUSED = "4000000000000002"  # declined already when the card is set up
CARD_3DS = "4000002500003155"


@contextlib.contextmanager
def localstripe_process() -> Iterator[str]:
    """localstripe on a free port (its own temp folder); yields its base URL."""
    binary = Path(sys.executable).with_name("localstripe")
    command = [str(binary)] if binary.exists() else [shutil.which("localstripe") or "localstripe"]
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        process = subprocess.Popen(
            [*command, "--port", str(port), "--from-scratch"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "TMPDIR": tmp},
        )
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=10)


async def wait_for(url: str) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(100):
            with contextlib.suppress(aiohttp.ClientError):
                async with http.get(f"{url}/js.stripe.com/v3/") as response:
                    if response.status == 200:
                        return
            await asyncio.sleep(0.1)
    raise RuntimeError("localstripe did not start")


@pytest.fixture(scope="session")
async def localstripe() -> AsyncIterator[str]:
    with localstripe_process() as url:
        await wait_for(url)
        yield url


def stripe_settings(localstripe: str) -> dict[str, Any]:
    return {
        "stripe_secret_key": "sk_test_portal",
        "stripe_publishable_key": PUBLISHABLE_KEY,
        "stripe_webhook_secret": WEBHOOK_SECRET,
        "stripe_api_base": localstripe,
        "stripe_js_url": f"{localstripe}/js.stripe.com/v3/",
        "reconcile_after_seconds": 0,
    }


async def register_webhook(localstripe: str, url: str) -> None:
    """What make up does when localstripe starts: Stripe's signed events to ``url``."""
    body = {"url": url, "secret": WEBHOOK_SECRET}
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{localstripe}/_config/webhooks/portal", json=body) as response,
    ):
        assert response.status == 200


@dataclass
class Person:
    id: uuid.UUID
    role: str
    headers: dict[str, str]


@dataclass
class Tenant:
    practice_id: uuid.UUID
    clinician: Person
    admin: Person
    client: Person
    other_client: Person


@dataclass
class Desk:
    """A running billing service and what a test does with it."""

    url: str
    runtime: Billing
    minter: TokenMinter
    localstripe: str
    http: aiohttp.ClientSession
    sessions: list[aiohttp.ClientSession] = field(default_factory=list)

    async def announce(self, event: Event, *, at: datetime | None = None) -> None:
        """Apply an identity event to billing's directory through its real handler."""
        envelope = Envelope(**envelope_for(event, source="identity"))
        if at is not None:
            envelope = envelope.model_copy(update={"time": at})
        async with self.runtime.uow() as work:
            await directory.on_directory_event(work, envelope)
            await work.commit()

    async def tenant(self, **practice: Any) -> Tenant:
        practice_id = uuid.uuid4()
        details = {"name": "Harbor Counseling", "time_zone": "America/New_York",
                   "phone": "+1 555 010 0199", "address": "12 Main St, Springfield, IL 62701",
                   "npi": "1234567893", "tax_id": "12-3456789", "license": "PSY-4321"}  # fmt: skip
        details |= practice
        await self.announce(
            PracticeCreated(practice_id=practice_id, slug=f"p-{practice_id.hex[:10]}", **details)
        )
        clinician = await self.staff(practice_id, "clinician")
        admin = await self.staff(practice_id, "admin")
        client = await self.client(practice_id, clinician.id)
        other = await self.client(practice_id, clinician.id, first_name="Sam")
        return Tenant(practice_id, clinician, admin, client, other)

    async def staff(self, practice_id: uuid.UUID, role: str) -> Person:
        staff_id = uuid.uuid4()
        await self.announce(
            StaffAdded(practice_id=practice_id, staff_id=staff_id, role=role,  # type: ignore[arg-type]
                       first_name="Casey", last_name=role.title(), email=f"{staff_id}@ex.com")
        )  # fmt: skip
        return Person(
            staff_id, role, self.minter.bearer(role=role, practice_id=practice_id, subject=staff_id)
        )

    async def client(
        self, practice_id: uuid.UUID, clinician_id: uuid.UUID, *, first_name: str = "Jordan"
    ) -> Person:
        client_id = uuid.uuid4()
        await self.announce(
            ClientInvited(practice_id=practice_id, client_id=client_id, clinician_id=clinician_id,
                          first_name=first_name, last_name="Nguyễn", email=f"{client_id}@ex.com",
                          date_of_birth=date(1990, 4, 12))
        )  # fmt: skip
        await self.announce(ClientActivated(practice_id=practice_id, client_id=client_id))
        headers = self.minter.bearer(role="client", practice_id=practice_id, subject=client_id)
        return Person(client_id, "client", headers)

    def completed(
        self, tenant: Tenant, *, client: Person | None = None, fee: int = 15000, **extra: Any
    ) -> AppointmentCompleted:
        starts = extra.pop("starts_at", datetime.now(UTC) - timedelta(hours=2))
        appointment_id = extra.pop("appointment_id", uuid.uuid4())
        return AppointmentCompleted(
            practice_id=tenant.practice_id, appointment_id=appointment_id,
            client_id=(client or tenant.client).id, clinician_id=tenant.clinician.id,
            service_id=uuid.uuid4(), starts_at=starts, ends_at=starts + timedelta(minutes=53),
            status="completed",
            place=Place(name="Office", time_zone="America/New_York"),
            billing=BillableService(name="Psychotherapy, 53 minutes", cpt_code="90837", fee=fee,
                                    currency="usd", place_of_service="11"),
        )  # fmt: skip

    async def session_invoiced(self, tenant: Tenant, **kwargs: Any) -> dict[str, Any]:
        """A completed session, invoiced through billing's consumer code; the invoice."""
        event = self.completed(tenant, **kwargs)
        async with self.runtime.uow() as work:
            await invoice_for_appointment(work, event)
            await work.commit()
        client = kwargs.get("client") or tenant.client
        invoices = await self.get("/api/v1/billing/invoices", client.headers)
        return dict(invoices[0])  # newest first

    async def events(self, event_type: str, **where: Any) -> list[dict[str, Any]]:
        """The ``data`` of the events of ``event_type`` billing wrote to its outbox (the
        relay publishes each), narrowed to those whose fields equal ``where``."""
        async with self.runtime.reader() as conn:
            rows = await conn.fetch(
                "SELECT envelope FROM outbox WHERE type = $1 ORDER BY seq", event_type
            )
        found = [dict(r["envelope"]["data"]) for r in rows]
        return [e for e in found if all(e.get(k) == str(v) for k, v in where.items())]

    async def get(self, path: str, headers: dict[str, str], *, expect: int = 200) -> Any:
        async with self.http.get(path, headers=headers) as response:
            body = await response.json(content_type=None)
            assert response.status == expect, (response.status, body)
            return body

    async def send(
        self,
        method: str,
        path: str,
        headers: dict[str, str],
        body: Any = None,
        *,
        expect: int | None = None,
    ) -> tuple[int, Any]:
        async with self.http.request(method, path, json=body, headers=headers) as response:
            data = await response.json(content_type=None) if response.status != 204 else None
            if expect is not None:
                assert response.status == expect, (response.status, data)
            return response.status, data

    async def confirm_card(self, client: Person, number: str = CARD_OK) -> str:
        """What Stripe.js does with the card element: ask for a SetupIntent (our API),
        confirm it at Stripe with the card; the SetupIntent's id."""
        _, setup = await self.send(
            "POST", "/api/v1/billing/card-setups", client.headers, expect=201
        )
        secret = setup["client_secret"]
        intent = secret.split("_secret_")[0]
        body = {"key": setup["publishable_key"], "use_stripe_sdk": True, "client_secret": secret,
                "payment_method_data": {"type": "card", "card": {
                    "number": number, "exp_month": "12", "exp_year": "2030", "cvc": "123"},
                    "billing_details": {"name": "Jordan Nguyen",
                                        "address": {"postal_code": "10001"}}}}  # fmt: skip
        async with self.http.post(
            f"{self.localstripe}/v1/setup_intents/{intent}/confirm", data=json.dumps(body)
        ) as response:
            await response.read()
        return intent

    async def pay(
        self,
        client: Person,
        *,
        amount: int,
        key: str | None = None,
        expect: int | None = None,
        **body: Any,
    ) -> tuple[int, Any]:
        headers = client.headers | {"Idempotency-Key": key or str(uuid.uuid4())}
        return await self.send(
            "POST", "/api/v1/billing/payments", headers, {"amount": amount, **body}, expect=expect
        )


@pytest.fixture(scope="session")
async def billing_ready(admin_dsn: str, amqp_url: str) -> None:
    base = settings_for_test(definition(), admin_dsn=admin_dsn, amqp_url=amqp_url)
    await migrated(definition(), base)


@pytest.fixture(scope="session")
async def desk(
    admin_dsn: str, amqp_url: str, localstripe: str, billing_ready: None
) -> AsyncIterator[Desk]:
    """One billing service (API and worker) for the module's tests; each test makes its
    own practice, so tests never see each other's data."""
    minter = TokenMinter()
    port = free_port()
    settings = settings_for_test(
        definition(), admin_dsn=admin_dsn, amqp_url=amqp_url, **stripe_settings(localstripe)
    )
    app = build_app(definition(), settings, verifier=minter.verifier())
    async with running_app(app, port=port) as url:
        await register_webhook(localstripe, f"{url}/api/v1/billing/stripe/webhook")
        async with aiohttp.ClientSession(base_url=url) as http:
            runtime = app[RUNTIME]
            assert isinstance(runtime, Billing)
            yield Desk(url=url, runtime=runtime, minter=minter, localstripe=localstripe, http=http)
