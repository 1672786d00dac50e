"""A clinician's weekly hours, date overrides and time off."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from datetime import date, datetime
from typing import Any
from uuid import UUID

from services.scheduling.domain.availability import DateOverride, TimeOff, WeeklyHours
from shared.db import Connection


def _weekly(row: Any) -> WeeklyHours:
    return WeeklyHours(**{f.name: row[f.name] for f in fields(WeeklyHours)})


def _override(row: Any) -> DateOverride:
    return DateOverride(**{f.name: row[f.name] for f in fields(DateOverride)})


def _time_off(row: Any) -> TimeOff:
    return TimeOff(**{f.name: row[f.name] for f in fields(TimeOff)})


async def list_weekly(
    conn: Connection, practice_id: UUID, clinician_id: UUID, *, location_id: UUID | None = None
) -> list[WeeklyHours]:
    rows = await conn.fetch(
        "SELECT id, clinician_id, location_id, weekday, starts, ends FROM weekly_hours"
        " WHERE practice_id = $1 AND clinician_id = $2 AND ($3::uuid IS NULL OR location_id = $3)"
        " ORDER BY location_id, weekday, starts",
        practice_id,
        clinician_id,
        location_id,
    )
    return [_weekly(r) for r in rows]


async def replace_weekly(
    conn: Connection,
    practice_id: UUID,
    clinician_id: UUID,
    location_id: UUID,
    hours: Sequence[WeeklyHours],
) -> None:
    """The clinician's whole week at one location, in place of what was there."""
    await conn.execute(
        "DELETE FROM weekly_hours"
        " WHERE practice_id = $1 AND clinician_id = $2 AND location_id = $3",
        practice_id,
        clinician_id,
        location_id,
    )
    await conn.executemany(
        "INSERT INTO weekly_hours (id, practice_id, clinician_id, location_id, weekday, starts,"
        " ends) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        [
            (h.id, practice_id, clinician_id, location_id, h.weekday, h.starts, h.ends)
            for h in hours
        ],
    )


async def list_overrides(
    conn: Connection,
    practice_id: UUID,
    clinician_id: UUID,
    *,
    first: date,
    last: date,
    location_id: UUID | None = None,
) -> list[DateOverride]:
    rows = await conn.fetch(
        "SELECT id, clinician_id, location_id, on_date, starts, ends FROM date_overrides"
        " WHERE practice_id = $1 AND clinician_id = $2 AND on_date BETWEEN $3 AND $4"
        " AND ($5::uuid IS NULL OR location_id = $5) ORDER BY on_date, starts NULLS FIRST",
        practice_id,
        clinician_id,
        first,
        last,
        location_id,
    )
    return [_override(r) for r in rows]


async def insert_override(conn: Connection, practice_id: UUID, o: DateOverride) -> None:
    await conn.execute(
        "INSERT INTO date_overrides (id, practice_id, clinician_id, location_id, on_date,"
        " starts, ends) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        o.id,
        practice_id,
        o.clinician_id,
        o.location_id,
        o.on_date,
        o.starts,
        o.ends,
    )


async def delete_override(
    conn: Connection, practice_id: UUID, clinician_id: UUID, override_id: UUID
) -> bool:
    done = await conn.execute(
        "DELETE FROM date_overrides WHERE practice_id = $1 AND clinician_id = $2 AND id = $3",
        practice_id,
        clinician_id,
        override_id,
    )
    return done.endswith(" 1")


async def list_time_off(
    conn: Connection, practice_id: UUID, clinician_id: UUID, *, since: datetime, until: datetime
) -> list[TimeOff]:
    rows = await conn.fetch(
        "SELECT id, clinician_id, starts_at, ends_at FROM time_off"
        " WHERE practice_id = $1 AND clinician_id = $2 AND ends_at > $3 AND starts_at < $4"
        " ORDER BY starts_at",
        practice_id,
        clinician_id,
        since,
        until,
    )
    return [_time_off(r) for r in rows]


async def insert_time_off(conn: Connection, practice_id: UUID, t: TimeOff) -> None:
    await conn.execute(
        "INSERT INTO time_off (id, practice_id, clinician_id, starts_at, ends_at)"
        " VALUES ($1, $2, $3, $4, $5)",
        t.id,
        practice_id,
        t.clinician_id,
        t.starts_at,
        t.ends_at,
    )


async def delete_time_off(
    conn: Connection, practice_id: UUID, clinician_id: UUID, time_off_id: UUID
) -> bool:
    done = await conn.execute(
        "DELETE FROM time_off WHERE practice_id = $1 AND clinician_id = $2 AND id = $3",
        practice_id,
        clinician_id,
        time_off_id,
    )
    return done.endswith(" 1")


async def bookable_pairs(conn: Connection, practice_id: UUID) -> list[tuple[UUID, UUID]]:
    """(clinician, location) pairs with weekly hours at an active location."""
    rows = await conn.fetch(
        "SELECT DISTINCT h.clinician_id, h.location_id FROM weekly_hours h"
        " JOIN locations l ON l.id = h.location_id AND l.active"
        " WHERE h.practice_id = $1",
        practice_id,
    )
    return [(r["clinician_id"], r["location_id"]) for r in rows]
