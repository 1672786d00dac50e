"""What scheduling's integration tests work with: the running service (``World``), a
practice with its staff and clients in the service's directory (filled through the
directory's own consumer, as identity's events would), and helpers that set up and book
through the API."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aiohttp
import asyncpg

from services.scheduling.settings import SchedulingSettings
from shared import directory
from shared.events.catalog import (
    ClientActivated,
    ClientInvited,
    PracticeCreated,
    StaffAdded,
)
from shared.events.envelope import Envelope, Event, envelope_for
from shared.runtime import Runtime
from shared.testing import FrozenClock, TokenMinter

# A Monday: 2026-03-02 12:00 UTC (7:00 in New York).
MONDAY = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
Json = Any


@dataclass
class Person:
    id: uuid.UUID
    role: str
    first_name: str = "Sam"
    last_name: str = "Person"
    email: str = ""


@dataclass
class Practice:
    id: uuid.UUID
    slug: str
    time_zone: str
    admin: Person
    clinician: Person
    clients: list[Person] = field(default_factory=list)
    # What setup() made: ids of the office, the telehealth room and the service.
    office: str = ""
    room: str = ""
    service: str = ""

    @property
    def client(self) -> Person:
        return self.clients[0]


@dataclass
class World:
    url: str
    rt: Runtime[SchedulingSettings]
    minter: TokenMinter
    http: aiohttp.ClientSession
    db: asyncpg.Pool

    @property
    def clock(self) -> FrozenClock:
        clock = self.rt.clock
        assert isinstance(clock, FrozenClock)
        return clock

    def headers(self, practice: Practice, person: Person) -> dict[str, str]:
        return self.minter.bearer(role=person.role, practice_id=practice.id, subject=person.id)

    async def call(
        self,
        method: str,
        path: str,
        *,
        practice: Practice | None = None,
        who: Person | None = None,
        body: Any = None,
        expect: int | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> Json:
        sent = dict(headers or {})
        if practice is not None and who is not None:
            sent |= self.headers(practice, who)
        async with self.http.request(
            method, path, json=body, headers=sent, params=params
        ) as response:
            text = await response.text()
            data = (
                await response.json(content_type=None)
                if text and "json" in (response.content_type or "")
                else text
            )
            if expect is not None:
                assert response.status == expect, (response.status, data)
            return data

    # --- the directory, as identity's events fill it --------------------------------

    async def announce(self, event: Event) -> None:
        envelope = Envelope.model_validate(envelope_for(event, source="identity"))
        async with self.rt.uow() as work:
            await directory.on_directory_event(work, envelope)
            await work.commit()

    async def practice(self, *, time_zone: str = "America/New_York", clients: int = 2) -> Practice:
        slug = f"p-{uuid.uuid4().hex[:10]}"
        pid = uuid.uuid4()
        await self.announce(
            PracticeCreated(
                practice_id=pid,
                slug=slug,
                name=f"Practice {slug}",
                time_zone=time_zone,
                phone="+1 555 010 0199",
                address="1 Main St, Springfield",
            )
        )
        admin = await self.staff(pid, "admin", "Avery", "Admin")
        clinician = await self.staff(pid, "clinician", "Casey", "Lee")
        practice = Practice(
            id=pid, slug=slug, time_zone=time_zone, admin=admin, clinician=clinician
        )
        for n in range(clients):
            practice.clients.append(await self.client(practice, first_name=f"Robin{chr(65 + n)}"))
        return practice

    async def staff(self, practice_id: uuid.UUID, role: str, first: str, last: str) -> Person:
        person = Person(
            uuid.uuid4(), role, first, last, f"{role}-{uuid.uuid4().hex[:6]}@example.com"
        )
        await self.announce(
            StaffAdded(
                practice_id=practice_id,
                staff_id=person.id,
                role=role,  # type: ignore[arg-type]
                first_name=first,
                last_name=last,
                email=person.email,
            )
        )
        return person

    async def client(self, practice: Practice, *, first_name: str = "Robin") -> Person:
        person = Person(
            uuid.uuid4(), "client", first_name, "Walker", f"c-{uuid.uuid4().hex[:8]}@example.com"
        )
        await self.announce(
            ClientInvited(
                practice_id=practice.id,
                client_id=person.id,
                clinician_id=practice.clinician.id,
                first_name=person.first_name,
                last_name=person.last_name,
                email=person.email,
            )
        )
        await self.announce(ClientActivated(practice_id=practice.id, client_id=person.id))
        return person

    # --- setup through the API --------------------------------------------------------

    async def setup(
        self, practice: Practice, *, duration: int = 50, policy: dict[str, Any] | None = None
    ) -> Practice:
        """An office and a telehealth room, one service, the clinician's hours (weekdays 9
        to 5 at the office, Tuesday and Thursday 5 to 8 pm by video) and a policy."""
        staff = {"practice": practice, "who": practice.clinician}
        office = await self.call(
            "POST",
            "/api/v1/scheduling/locations",
            **staff,
            expect=201,
            body={
                "name": "Main Office",
                "time_zone": practice.time_zone,
                "address": "100 Harbor Street, Springfield",
                "phone": "+1 555 010 0123",
            },
        )
        room = await self.call(
            "POST",
            "/api/v1/scheduling/locations",
            **staff,
            expect=201,
            body={
                "name": "Telehealth",
                "time_zone": practice.time_zone,
                "telehealth": True,
                "video_url": "https://video.example.com/room-1",
            },
        )
        service = await self.call(
            "POST",
            "/api/v1/scheduling/services",
            **staff,
            expect=201,
            body={
                "name": "Individual therapy",
                "duration_minutes": duration,
                "fee": 15000,
                "cpt_code": "90834",
                "clinician_ids": [str(practice.clinician.id)],
            },
        )
        path = f"/api/v1/scheduling/clinicians/{practice.clinician.id}/hours"
        await self.call(
            "PUT",
            path,
            **staff,
            expect=200,
            body={
                "location_id": office["id"],
                "hours": [{"weekday": d, "starts": "09:00", "ends": "17:00"} for d in range(1, 6)],
            },
        )
        await self.call(
            "PUT",
            path,
            **staff,
            expect=200,
            body={
                "location_id": room["id"],
                "hours": [{"weekday": d, "starts": "17:00", "ends": "20:00"} for d in (2, 4)],
            },
        )
        if policy:
            await self.call(
                "PATCH", "/api/v1/scheduling/booking-policy", **staff, body=policy, expect=200
            )
        practice.office, practice.room, practice.service = office["id"], room["id"], service["id"]
        return practice

    def choice(self, practice: Practice, *, location: str | None = None) -> dict[str, str]:
        return {
            "clinician_id": str(practice.clinician.id),
            "location_id": location or practice.office,
            "service_id": practice.service,
        }

    async def week(self, practice: Practice, who: Person | None = None, **params: str) -> Json:
        query = self.choice(practice, location=params.pop("location", None)) | params
        return await self.call(
            "GET",
            "/api/v1/scheduling/booking/availability",
            practice=practice,
            who=who or practice.client,
            params=query,
            expect=200,
        )

    async def request(
        self,
        practice: Practice,
        starts_at: str,
        who: Person | None = None,
        expect: int | None = 201,
        **extra: Any,
    ) -> Json:
        body = (
            self.choice(practice, location=extra.pop("location", None))
            | {"starts_at": starts_at}
            | extra
        )
        return await self.call(
            "POST",
            "/api/v1/scheduling/appointments",
            practice=practice,
            who=who or practice.client,
            body=body,
            expect=expect,
        )

    async def act(
        self,
        practice: Practice,
        appointment: Json,
        action: str,
        who: Person | None = None,
        expect: int = 200,
        body: Any = None,
    ) -> Json:
        return await self.call(
            "POST",
            f"/api/v1/scheduling/appointments/{appointment['id']}/{action}",
            practice=practice,
            who=who or practice.clinician,
            expect=expect,
            body=body,
        )

    async def events(self, practice: Practice, type_: str) -> list[Json]:
        """Events of ``type_`` this practice's changes wrote to the outbox, oldest first."""
        rows = await self.db.fetch(
            "SELECT envelope::text FROM scheduling.outbox WHERE type = $1"
            " AND envelope->'data'->>'practice_id' = $2 ORDER BY seq",
            type_,
            str(practice.id),
        )
        return [json.loads(r["envelope"]) for r in rows]

    async def count(self, sql: str, *args: Any) -> int:
        return int(await self.db.fetchval(sql, *args))
