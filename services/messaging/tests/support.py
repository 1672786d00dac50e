"""What messaging's tests (and the e2e and browser tests) set up: practices, staff and
clients in the service's directory (through the directory's own event handler, as
identity's events would), events published on the real broker as another service
would, and HTTP calls with tokens from a ``TokenMinter``."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import Message
from typing import Any
from urllib.parse import urlsplit

import aio_pika
import aiohttp

from shared import directory
from shared.events.catalog import (
    AppointmentApproved,
    ClientActivated,
    ClientDeactivated,
    ClientInvited,
    Place,
    PracticeCreated,
    StaffAdded,
)
from shared.events.envelope import EXCHANGE, Envelope, Event, envelope_for
from shared.events.routing import routing_key_of
from shared.runtime import Runtime
from shared.testing import SmtpInbox, TokenMinter, text_of

LINK = re.compile(r"(https?://\S+/p/[a-z0-9-]+/messages/open#([A-Za-z0-9_-]+))")


@dataclass
class Person:
    id: uuid.UUID
    role: str
    email: str
    first_name: str
    last_name: str = "Rivera"


@dataclass
class Practice:
    id: uuid.UUID
    slug: str
    name: str
    clinician: Person
    admin: Person
    clients: list[Person] = field(default_factory=list)


class World:
    """Practices and people in one messaging runtime's directory."""

    def __init__(self, runtime: Runtime[Any]) -> None:
        self.runtime = runtime

    async def apply(self, *events: Event, source: str = "identity") -> None:
        for event in events:
            envelope = Envelope.model_validate(envelope_for(event, source=source))
            async with self.runtime.uow() as work:
                await directory.on_directory_event(work, envelope)
                await work.commit()

    async def practice(
        self, *, name: str = "Harbor Counseling", email: str | None = None
    ) -> Practice:
        pid = uuid.uuid4()
        slug = f"p-{pid.hex[:10]}"
        await self.apply(
            PracticeCreated(
                practice_id=pid,
                slug=slug,
                name=name,
                time_zone="America/New_York",
                phone="+1 555 010 0199",
                email=email or f"office-{pid.hex[:6]}@example.com",
                address="12 Harbor Street, Portland",
            )
        )
        clinician = await self.staff(pid, "clinician", "Casey")
        admin = await self.staff(pid, "admin", "Avery")
        return Practice(id=pid, slug=slug, name=name, clinician=clinician, admin=admin)

    async def staff(self, practice_id: uuid.UUID, role: str, first: str) -> Person:
        person = Person(uuid.uuid4(), role, f"{role}-{uuid.uuid4().hex[:8]}@example.com", first)
        await self.apply(
            StaffAdded(
                practice_id=practice_id,
                staff_id=person.id,
                role=role,  # type: ignore[arg-type]
                first_name=first,
                last_name=person.last_name,
                email=person.email,
            )
        )
        return person

    async def client(
        self, practice: Practice, *, clinician: Person | None = None, first: str = "Robin"
    ) -> Person:
        person = Person(uuid.uuid4(), "client", f"client-{uuid.uuid4().hex[:8]}@example.com", first)
        clinician_id = (clinician or practice.clinician).id
        await self.apply(
            ClientInvited(
                practice_id=practice.id,
                client_id=person.id,
                clinician_id=clinician_id,
                first_name=first,
                last_name=person.last_name,
                email=person.email,
            ),
            ClientActivated(practice_id=practice.id, client_id=person.id),
        )
        practice.clients.append(person)
        return person

    async def deactivate(self, practice: Practice, client: Person) -> None:
        await self.apply(ClientDeactivated(practice_id=practice.id, client_id=client.id))


def headers_for(minter: TokenMinter, practice: Practice, person: Person) -> dict[str, str]:
    return minter.bearer(role=person.role, practice_id=practice.id, subject=person.id)


async def call(
    http: aiohttp.ClientSession,
    method: str,
    url: str,
    *,
    expect: int | None = None,
    **kwargs: Any,
) -> Any:
    async with http.request(method, url, **kwargs) as response:
        body = await response.json(content_type=None) if response.content_length != 0 else None
        if expect is not None:
            assert response.status == expect, (response.status, body)
        return body


async def publish(
    amqp_url: str, event: Event, *, event_id: str | None = None, source: str = "scheduling"
) -> str:
    """Publish ``event`` on portal.events as another service's relay would; its id."""
    envelope = envelope_for(event, source=source)
    if event_id is not None:
        envelope["id"] = event_id
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(
            EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True
        )
        await exchange.publish(
            aio_pika.Message(
                body=json.dumps(envelope).encode(),
                content_type="application/cloudevents+json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                message_id=envelope["id"],
                type=envelope["type"],
            ),
            routing_key=routing_key_of(envelope),
        )
    return str(envelope["id"])


def approved(practice: Practice, client: Person | None, **changes: Any) -> AppointmentApproved:
    starts = datetime(2026, 3, 9, 14, 0, tzinfo=UTC) + timedelta(days=changes.pop("days", 0))
    fields: dict[str, Any] = {
        "practice_id": practice.id,
        "appointment_id": uuid.uuid4(),
        "client_id": client.id if client else None,
        "clinician_id": practice.clinician.id,
        "service_id": uuid.uuid4(),
        "starts_at": starts,
        "ends_at": starts + timedelta(minutes=50),
        "place": Place(
            name="Harbor Office", address="12 Harbor Street, Portland", time_zone="America/New_York"
        ),
        "sequence": 1,
        "status": "confirmed",
    } | changes
    return AppointmentApproved(**fields)


def message_link(message: Message) -> tuple[str, str]:
    """(the link of a "Read Secure Message" email, its token)."""
    found = LINK.search(text_of(message))
    assert found, text_of(message)
    return found.group(1), found.group(2)


def on_stack(link: str, base_url: str) -> str:
    """``link`` with its scheme and host replaced by ``base_url``'s."""
    parts = urlsplit(link)
    return base_url.rstrip("/") + parts.path + (f"#{parts.fragment}" if parts.fragment else "")


async def emails_to(
    smtp: SmtpInbox, address: str, *, count: int = 1, seconds: float = 15
) -> list[Message]:
    return await smtp.wait_for(address, count=count, timeout=seconds)


NEW_MESSAGE = "You have a new secure message from "


async def email_about(
    smtp: SmtpInbox,
    address: str,
    subject_starts: str = NEW_MESSAGE,
    *,
    after: int = 0,
    seconds: float = 15,
) -> Message:
    """The first email to ``address`` (past the first ``after``) whose subject starts so:
    other services email the same people (the intake packet, a statement...)."""
    async with asyncio.timeout(seconds):
        while True:
            for message in smtp.to(address)[after:]:
                if str(message["Subject"]).startswith(subject_starts):
                    return message
            await asyncio.sleep(0.05)
