"""Appointments. The database, not this code, refuses a double booking: a clash with the
exclusion constraint (SQLSTATE 23P01) becomes a 409 that says the time was taken."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from services.scheduling.domain.appointments import TAKEN, Appointment, Prospect, Status
from services.scheduling.domain.details import Details
from services.scheduling.domain.setup import Location, ServiceType
from shared.db import Connection
from shared.errors import Conflict

_COLUMNS = (
    "id, practice_id, clinician_id, client_id, location_id, service_id, starts_at, ends_at,"
    " held_until, status, requested_by, sequence, decline_note, cancelled_by, cancelled_late,"
    " reminder_sent_at, prospect_first_name, prospect_last_name, prospect_email, prospect_phone"
)
_PROSPECT = ("prospect_first_name", "prospect_last_name", "prospect_email", "prospect_phone")
_DETAILS = f"""
SELECT {", ".join(f"a.{c.strip()}" for c in _COLUMNS.split(","))}, a.updated_at,
    l.name AS l_name, l.time_zone AS l_time_zone, l.address AS l_address, l.phone AS l_phone,
    l.telehealth AS l_telehealth, l.video_url AS l_video_url, l.active AS l_active,
    s.name AS s_name, s.duration_minutes AS s_duration_minutes, s.fee AS s_fee,
    s.currency AS s_currency, s.cpt_code AS s_cpt_code, s.online AS s_online,
    s.active AS s_active,
    COALESCE(NULLIF(trim(st.first_name || ' ' || st.last_name), ''), 'your clinician')
        AS clinician_name,
    COALESCE(NULLIF(c.first_name, ''), a.prospect_first_name, '') AS client_first_name,
    COALESCE(NULLIF(c.last_name, ''), a.prospect_last_name, '') AS client_last_name
FROM appointments a
JOIN locations l ON l.id = a.location_id
JOIN services s ON s.id = a.service_id
LEFT JOIN directory_staff st ON st.staff_id = a.clinician_id AND st.practice_id = a.practice_id
LEFT JOIN directory_clients c ON c.client_id = a.client_id AND c.practice_id = a.practice_id
"""


def appointment_of(row: Any) -> Appointment:
    values = {k: row[k] for k in _COLUMNS.replace(" ", "").split(",") if k not in _PROSPECT}
    prospect = None
    if row["prospect_email"]:
        prospect = Prospect(
            first_name=row["prospect_first_name"],
            last_name=row["prospect_last_name"],
            email=row["prospect_email"],
            phone=row["prospect_phone"],
        )
    return Appointment(**values, prospect=prospect)


def details_of(row: Any) -> Details:
    a = appointment_of(row)
    location = Location(
        id=a.location_id,
        practice_id=a.practice_id,
        **{k: row[f"l_{k}"] for k in ("name", "time_zone", "address", "phone", "telehealth")},
        video_url=row["l_video_url"],
        active=row["l_active"],
    )
    service = ServiceType(
        id=a.service_id,
        practice_id=a.practice_id,
        **{k: row[f"s_{k}"] for k in ("name", "duration_minutes", "fee", "currency")},
        cpt_code=row["s_cpt_code"],
        online=row["s_online"],
        active=row["s_active"],
    )
    return Details(
        appointment=a,
        location=location,
        service=service,
        clinician_name=row["clinician_name"],
        client_first_name=row["client_first_name"],
        client_last_name=row["client_last_name"],
        updated_at=row["updated_at"],
    )


async def insert(conn: Connection, a: Appointment) -> None:
    p = a.prospect
    try:
        await conn.execute(
            f"INSERT INTO appointments ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
            " $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
            a.id,
            a.practice_id,
            a.clinician_id,
            a.client_id,
            a.location_id,
            a.service_id,
            a.starts_at,
            a.ends_at,
            a.held_until,
            a.status,
            a.requested_by,
            a.sequence,
            a.decline_note,
            a.cancelled_by,
            a.cancelled_late,
            a.reminder_sent_at,
            p and p.first_name,
            p and p.last_name,
            p and p.email,
            p and p.phone,
        )
    except asyncpg.ExclusionViolationError as exc:
        raise Conflict(TAKEN, field="starts_at") from exc


async def save(conn: Connection, a: Appointment, *, now: datetime) -> None:
    """Write a changed appointment (its time, status, client and what came with them)."""
    try:
        await conn.execute(
            "UPDATE appointments SET client_id = $3, starts_at = $4, ends_at = $5,"
            " held_until = $6, status = $7, sequence = $8, decline_note = $9,"
            " cancelled_by = $10, cancelled_late = $11, reminder_sent_at = $12, updated_at = $13"
            " WHERE practice_id = $1 AND id = $2",
            a.practice_id,
            a.id,
            a.client_id,
            a.starts_at,
            a.ends_at,
            a.held_until,
            a.status,
            a.sequence,
            a.decline_note,
            a.cancelled_by,
            a.cancelled_late,
            a.reminder_sent_at,
            now,
        )
    except asyncpg.ExclusionViolationError as exc:
        raise Conflict(TAKEN, field="starts_at") from exc


async def find(
    conn: Connection, practice_id: UUID, appointment_id: UUID, *, lock: bool = False
) -> Appointment | None:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM appointments WHERE practice_id = $1 AND id = $2"
        + (" FOR NO KEY UPDATE" if lock else ""),
        practice_id,
        appointment_id,
    )
    return appointment_of(row) if row else None


async def find_details(conn: Connection, practice_id: UUID, appointment_id: UUID) -> Details | None:
    row = await conn.fetchrow(
        f"{_DETAILS} WHERE a.practice_id = $1 AND a.id = $2", practice_id, appointment_id
    )
    return details_of(row) if row else None


async def list_details(
    conn: Connection,
    practice_id: UUID,
    *,
    client_id: UUID | None = None,
    clinician_id: UUID | None = None,
    statuses: Sequence[Status] | None = None,
    ends_after: datetime | None = None,
    ended_by: datetime | None = None,
    starts_before: datetime | None = None,
    newest_first: bool = False,
    limit: int = 200,
) -> list[Details]:
    """Appointments of a practice (of one client, of one clinician), by start."""
    rows = await conn.fetch(
        f"{_DETAILS} WHERE a.practice_id = $1 AND ($2::uuid IS NULL OR a.client_id = $2)"
        " AND ($3::uuid IS NULL OR a.clinician_id = $3)"
        " AND ($4::text[] IS NULL OR a.status = ANY($4))"
        " AND ($5::timestamptz IS NULL OR a.ends_at > $5)"
        " AND ($6::timestamptz IS NULL OR a.ends_at <= $6)"
        " AND ($7::timestamptz IS NULL OR a.starts_at < $7)"
        f" ORDER BY a.starts_at {'DESC' if newest_first else 'ASC'}, a.id LIMIT $8",
        practice_id,
        client_id,
        clinician_id,
        list(statuses) if statuses else None,
        ends_after,
        ended_by,
        starts_before,
        limit,
    )
    return [details_of(r) for r in rows]


async def held_ranges(
    conn: Connection,
    clinician_id: UUID,
    *,
    since: datetime,
    until: datetime,
    other_than: UUID | None = None,
) -> list[tuple[datetime, datetime]]:
    """The clinician's held time (sessions and their buffers) touching [since, until),
    through the exclusion constraint's own GiST index; ``other_than`` leaves out the
    appointment being moved (its old time does not stand in its own way)."""
    rows = await conn.fetch(
        "SELECT starts_at, held_until FROM appointments WHERE clinician_id = $1"
        " AND status IN ('requested', 'confirmed')"
        " AND tstzrange(starts_at, held_until, '[)') && tstzrange($2, $3, '[)')"
        " AND ($4::uuid IS NULL OR id <> $4)",
        clinician_id,
        since,
        until,
        other_than,
    )
    return [(r["starts_at"], r["held_until"]) for r in rows]


async def pending_new_client_requests(
    conn: Connection, practice_id: UUID, *, email: str | None = None
) -> int:
    """New Client requests waiting for approval (of one email address, if given)."""
    count = await conn.fetchval(
        "SELECT count(*) FROM appointments WHERE practice_id = $1 AND status = 'requested'"
        " AND client_id IS NULL AND ($2::text IS NULL OR prospect_email = $2)",
        practice_id,
        email,
    )
    return int(count)


async def claim_due_reminders(
    conn: Connection, *, now: datetime, limit: int = 500
) -> list[tuple[UUID, UUID]]:
    """Mark confirmed appointments whose reminder time has come (the practice's
    ``reminder_hours`` before the start, default 24) as reminded, and return them: the
    caller publishes one event each in the same transaction, so each is sent once.
    (practice id, appointment id) pairs; 168 hours is the policy's longest reminder."""
    rows = await conn.fetch(
        """
        UPDATE appointments a SET reminder_sent_at = $1
        WHERE a.id IN (
            SELECT a2.id FROM appointments a2
            LEFT JOIN booking_policies p ON p.practice_id = a2.practice_id
            WHERE a2.status = 'confirmed' AND a2.reminder_sent_at IS NULL
              AND a2.starts_at > $1 AND a2.starts_at <= $1 + interval '168 hours'
              AND a2.starts_at <= $1 + make_interval(hours => COALESCE(p.reminder_hours, 24))
            ORDER BY a2.starts_at LIMIT $2
            FOR UPDATE OF a2 SKIP LOCKED)
        RETURNING a.id, a.practice_id
        """,
        now,
        limit,
    )
    return [(r["practice_id"], r["id"]) for r in rows]
