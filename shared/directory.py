"""The practice directory: each service's own read model of identity's practices, staff and
clients, kept current from identity's events.

Scheduling shows a clinician's name, messaging emails a client, billing prints the
practice's address: none of them asks identity. A service adds one subscription::

    SUBSCRIPTIONS = (directory_subscription("scheduling"), ...)

and reads with ``find_practice``/``get_client``/``list_staff``... over its own connection.
The tables (``shared/sql/0004_directory.sql``) live in every service's schema.

Events may arrive late or twice: each row keeps the time of the event it reflects and an
older event never overwrites a newer one; the inbox drops a redelivery. A client's status
event can arrive before their details (a retry): the row then waits with empty names until
``client.invited``/``client.updated`` fills them. A service that starts after identity has
published gets the past with ``python -m shared.replay`` (docs/events.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from shared.db import Connection
from shared.errors import NotFound
from shared.events.catalog import (
    ClientActivated,
    ClientDeactivated,
    ClientInvited,
    ClientUpdated,
    PracticeCreated,
    PracticeUpdated,
    StaffAdded,
    StaffUpdated,
)
from shared.events.consumer import Subscription
from shared.events.envelope import Envelope
from shared.runtime import Work

ClientStatus = Literal["invited", "active", "deactivated"]


@dataclass(frozen=True)
class Practice:
    id: UUID
    slug: str
    name: str
    time_zone: str
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    npi: str | None = None
    tax_id: str | None = None
    license: str | None = None


@dataclass(frozen=True)
class Staff:
    id: UUID
    practice_id: UUID
    role: str
    first_name: str
    last_name: str
    email: str
    active: bool

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Client:
    id: UUID
    practice_id: UUID
    clinician_id: UUID | None
    first_name: str
    last_name: str
    email: str
    date_of_birth: date | None
    status: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def known(self) -> bool:
        """False while only a status event has arrived (no name or email yet)."""
        return bool(self.email)


# Reading --------------------------------------------------------------------------------


async def find_practice(conn: Connection, practice_id: UUID) -> Practice | None:
    row = await conn.fetchrow(f"{_PRACTICE} WHERE practice_id = $1", practice_id)
    return _practice(row) if row else None


async def find_practice_by_slug(conn: Connection, slug: str) -> Practice | None:
    row = await conn.fetchrow(f"{_PRACTICE} WHERE slug = $1", slug)
    return _practice(row) if row else None


async def get_practice(conn: Connection, practice_id: UUID) -> Practice:
    found = await find_practice(conn, practice_id)
    if found is None:
        raise NotFound("no such practice")
    return found


async def find_staff(conn: Connection, practice_id: UUID, staff_id: UUID) -> Staff | None:
    row = await conn.fetchrow(
        f"{_STAFF} WHERE practice_id = $1 AND staff_id = $2", practice_id, staff_id
    )
    return _staff(row) if row else None


async def list_staff(
    conn: Connection, practice_id: UUID, *, role: str | None = None, active_only: bool = True
) -> list[Staff]:
    rows = await conn.fetch(
        f"{_STAFF} WHERE practice_id = $1 AND ($2::text IS NULL OR role = $2)"
        " AND (active OR NOT $3) ORDER BY last_name, first_name, staff_id",
        practice_id,
        role,
        active_only,
    )
    return [_staff(r) for r in rows]


async def find_client(conn: Connection, practice_id: UUID, client_id: UUID) -> Client | None:
    """A client of ``practice_id`` (never another practice's, whatever the id)."""
    row = await conn.fetchrow(
        f"{_CLIENT} WHERE practice_id = $1 AND client_id = $2", practice_id, client_id
    )
    return _client(row) if row else None


async def get_client(conn: Connection, practice_id: UUID, client_id: UUID) -> Client:
    found = await find_client(conn, practice_id, client_id)
    if found is None:
        raise NotFound("no such client", field="client_id")
    return found


async def list_clients(
    conn: Connection,
    practice_id: UUID,
    *,
    clinician_id: UUID | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Client]:
    rows = await conn.fetch(
        f"{_CLIENT} WHERE practice_id = $1 AND ($2::uuid IS NULL OR clinician_id = $2)"
        " ORDER BY last_name, first_name, client_id LIMIT $3 OFFSET $4",
        practice_id,
        clinician_id,
        limit,
        offset,
    )
    return [_client(r) for r in rows]


# Keeping it current ---------------------------------------------------------------------


async def on_directory_event(work: Work[Any], envelope: Envelope) -> None:
    """The one handler for every identity event the directory follows."""
    apply = _APPLY.get(envelope.type)
    if apply is not None:
        await apply(work.conn, envelope)


def directory_subscription(service: str) -> Subscription:
    """The subscription that keeps ``service``'s directory current (queue
    ``<service>.directory``)."""
    return Subscription(
        queue=f"{service}.directory",
        event_types=tuple(_APPLY),
        handler=on_directory_event,
    )


async def _upsert_practice(conn: Connection, envelope: Envelope) -> None:
    created = envelope.type == PracticeCreated.type
    e = envelope.data_as(PracticeCreated) if created else envelope.data_as(PracticeUpdated)
    await conn.execute(
        """
        INSERT INTO directory_practices (practice_id, slug, name, time_zone, phone, email,
            address, npi, tax_id, license, seen_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (practice_id) DO UPDATE SET slug = EXCLUDED.slug, name = EXCLUDED.name,
            time_zone = EXCLUDED.time_zone, phone = EXCLUDED.phone, email = EXCLUDED.email,
            address = EXCLUDED.address, npi = EXCLUDED.npi, tax_id = EXCLUDED.tax_id,
            license = EXCLUDED.license, seen_at = EXCLUDED.seen_at
        WHERE directory_practices.seen_at <= EXCLUDED.seen_at
        """,
        e.practice_id, e.slug, e.name, e.time_zone, e.phone, e.email, e.address,
        e.npi, e.tax_id, e.license, envelope.time,
    )  # fmt: skip


async def _upsert_staff(conn: Connection, envelope: Envelope) -> None:
    if envelope.type == StaffAdded.type:
        added = envelope.data_as(StaffAdded)
        fields = added.model_dump() | {"active": True}
    else:
        fields = envelope.data_as(StaffUpdated).model_dump()
    await conn.execute(
        """
        INSERT INTO directory_staff (staff_id, practice_id, role, first_name, last_name,
            email, active, seen_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (staff_id) DO UPDATE SET role = EXCLUDED.role,
            first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
            email = EXCLUDED.email, active = EXCLUDED.active, seen_at = EXCLUDED.seen_at
        WHERE directory_staff.seen_at <= EXCLUDED.seen_at
          AND directory_staff.practice_id = EXCLUDED.practice_id
        """,
        fields["staff_id"], fields["practice_id"], fields["role"], fields["first_name"],
        fields["last_name"], fields["email"], fields["active"], envelope.time,
    )  # fmt: skip


async def _upsert_client_details(conn: Connection, envelope: Envelope) -> None:
    first = envelope.type == ClientInvited.type
    e = envelope.data_as(ClientInvited) if first else envelope.data_as(ClientUpdated)
    await conn.execute(
        """
        INSERT INTO directory_clients (client_id, practice_id, clinician_id, first_name,
            last_name, email, date_of_birth, details_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (client_id) DO UPDATE SET clinician_id = EXCLUDED.clinician_id,
            first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
            email = EXCLUDED.email, date_of_birth = EXCLUDED.date_of_birth,
            details_at = EXCLUDED.details_at
        WHERE (directory_clients.details_at IS NULL
               OR directory_clients.details_at <= EXCLUDED.details_at)
          AND directory_clients.practice_id = EXCLUDED.practice_id
        """,
        e.client_id, e.practice_id, e.clinician_id, e.first_name, e.last_name,
        str(e.email), e.date_of_birth, envelope.time,
    )  # fmt: skip
    if first:
        await _set_client_status(conn, e.practice_id, e.client_id, "invited", envelope.time)


async def _client_status_event(conn: Connection, envelope: Envelope) -> None:
    if envelope.type == ClientActivated.type:
        e: ClientActivated | ClientDeactivated = envelope.data_as(ClientActivated)
        status: ClientStatus = "active"
    else:
        e = envelope.data_as(ClientDeactivated)
        status = "deactivated"
    await _set_client_status(conn, e.practice_id, e.client_id, status, envelope.time)


async def _set_client_status(
    conn: Connection, practice_id: UUID, client_id: UUID, status: ClientStatus, at: datetime
) -> None:
    await conn.execute(
        """
        INSERT INTO directory_clients (client_id, practice_id, status, status_at)
        VALUES ($1, $2, $3, $4)
        ON CONFLICT (client_id) DO UPDATE SET status = EXCLUDED.status,
            status_at = EXCLUDED.status_at
        WHERE (directory_clients.status_at IS NULL
               OR directory_clients.status_at <= EXCLUDED.status_at)
          AND directory_clients.practice_id = EXCLUDED.practice_id
        """,
        client_id,
        practice_id,
        status,
        at,
    )


_APPLY = {
    PracticeCreated.type: _upsert_practice,
    PracticeUpdated.type: _upsert_practice,
    StaffAdded.type: _upsert_staff,
    StaffUpdated.type: _upsert_staff,
    ClientInvited.type: _upsert_client_details,
    ClientUpdated.type: _upsert_client_details,
    ClientActivated.type: _client_status_event,
    ClientDeactivated.type: _client_status_event,
}

_PRACTICE = (
    "SELECT practice_id, slug, name, time_zone, phone, email, address, npi, tax_id, license"
    " FROM directory_practices"
)
_STAFF = (
    "SELECT staff_id, practice_id, role, first_name, last_name, email, active FROM directory_staff"
)
_CLIENT = (
    "SELECT client_id, practice_id, clinician_id, first_name, last_name, email,"
    " date_of_birth, status FROM directory_clients"
)


def _practice(row: Any) -> Practice:
    return Practice(id=row["practice_id"], **{k: row[k] for k in _PRACTICE_FIELDS})


def _staff(row: Any) -> Staff:
    return Staff(id=row["staff_id"], **{k: row[k] for k in _STAFF_FIELDS})


def _client(row: Any) -> Client:
    return Client(id=row["client_id"], **{k: row[k] for k in _CLIENT_FIELDS})


_PRACTICE_FIELDS = ("slug", "name", "time_zone", "phone", "email", "address", "npi",
                    "tax_id", "license")  # fmt: skip
_STAFF_FIELDS = ("practice_id", "role", "first_name", "last_name", "email", "active")
_CLIENT_FIELDS = ("practice_id", "clinician_id", "first_name", "last_name", "email",
                  "date_of_birth", "status")  # fmt: skip
