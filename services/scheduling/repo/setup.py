"""Locations, services (with the clinicians who offer them) and booking policies."""

from __future__ import annotations

from dataclasses import asdict, fields
from typing import Any
from uuid import UUID

from services.scheduling.domain.setup import BookingPolicy, Location, ServiceType
from shared.db import Connection

_LOCATION = (
    "SELECT id, practice_id, name, time_zone, address, phone, telehealth, video_url, active"
    " FROM locations"
)
_SERVICE = (
    "SELECT s.id, s.practice_id, s.name, s.duration_minutes, s.fee, s.currency, s.cpt_code,"
    " s.online, s.active, COALESCE(array_agg(c.clinician_id ORDER BY c.clinician_id)"
    " FILTER (WHERE c.clinician_id IS NOT NULL), '{}') AS clinician_ids"
    " FROM services s LEFT JOIN service_clinicians c ON c.service_id = s.id"
)
_POLICY_FIELDS = [f.name for f in fields(BookingPolicy)]


def location_of(row: Any) -> Location:
    return Location(**{f.name: row[f.name] for f in fields(Location)})


def service_of(row: Any) -> ServiceType:
    values = {f.name: row[f.name] for f in fields(ServiceType) if f.name != "clinician_ids"}
    return ServiceType(**values, clinician_ids=tuple(row["clinician_ids"]))


async def insert_location(conn: Connection, location: Location) -> None:
    await conn.execute(
        "INSERT INTO locations (id, practice_id, name, time_zone, address, phone, telehealth,"
        " video_url, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        *asdict(location).values(),
    )


async def update_location(conn: Connection, location: Location) -> None:
    await conn.execute(
        "UPDATE locations SET name = $3, time_zone = $4, address = $5, phone = $6,"
        " telehealth = $7, video_url = $8, active = $9 WHERE id = $1 AND practice_id = $2",
        *asdict(location).values(),
    )


async def find_location(
    conn: Connection, practice_id: UUID, location_id: UUID, *, lock: bool = False
) -> Location | None:
    row = await conn.fetchrow(
        f"{_LOCATION} WHERE practice_id = $1 AND id = $2" + (" FOR UPDATE" if lock else ""),
        practice_id,
        location_id,
    )
    return location_of(row) if row else None


async def list_locations(
    conn: Connection, practice_id: UUID, *, active_only: bool = False
) -> list[Location]:
    rows = await conn.fetch(
        f"{_LOCATION} WHERE practice_id = $1 AND (active OR NOT $2) ORDER BY name, id",
        practice_id,
        active_only,
    )
    return [location_of(r) for r in rows]


async def insert_service(conn: Connection, service: ServiceType) -> None:
    await conn.execute(
        "INSERT INTO services (id, practice_id, name, duration_minutes, fee, currency,"
        " cpt_code, online, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        *list(asdict(service).values())[:9],
    )
    await _set_clinicians(conn, service)


async def update_service(conn: Connection, service: ServiceType) -> None:
    await conn.execute(
        "UPDATE services SET name = $3, duration_minutes = $4, fee = $5, currency = $6,"
        " cpt_code = $7, online = $8, active = $9 WHERE id = $1 AND practice_id = $2",
        *list(asdict(service).values())[:9],
    )
    await conn.execute("DELETE FROM service_clinicians WHERE service_id = $1", service.id)
    await _set_clinicians(conn, service)


async def _set_clinicians(conn: Connection, service: ServiceType) -> None:
    await conn.execute(
        "INSERT INTO service_clinicians (service_id, clinician_id)"
        " SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING",
        service.id,
        list(service.clinician_ids),
    )


async def find_service(conn: Connection, practice_id: UUID, service_id: UUID) -> ServiceType | None:
    row = await conn.fetchrow(
        f"{_SERVICE} WHERE s.practice_id = $1 AND s.id = $2 GROUP BY s.id",
        practice_id,
        service_id,
    )
    return service_of(row) if row else None


async def list_services(
    conn: Connection, practice_id: UUID, *, active_only: bool = False
) -> list[ServiceType]:
    rows = await conn.fetch(
        f"{_SERVICE} WHERE s.practice_id = $1 AND (s.active OR NOT $2)"
        " GROUP BY s.id ORDER BY s.name, s.id",
        practice_id,
        active_only,
    )
    return [service_of(r) for r in rows]


async def get_policy(conn: Connection, practice_id: UUID) -> BookingPolicy:
    """The practice's policy; the defaults until it saves one."""
    row = await conn.fetchrow(
        f"SELECT {', '.join(_POLICY_FIELDS)} FROM booking_policies WHERE practice_id = $1",
        practice_id,
    )
    return BookingPolicy(**dict(row)) if row else BookingPolicy(practice_id=practice_id)


async def save_policy(conn: Connection, policy: BookingPolicy) -> None:
    columns = ", ".join(_POLICY_FIELDS)
    params = ", ".join(f"${i}" for i in range(1, len(_POLICY_FIELDS) + 1))
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in _POLICY_FIELDS[1:])
    await conn.execute(
        f"INSERT INTO booking_policies ({columns}) VALUES ({params})"
        f" ON CONFLICT (practice_id) DO UPDATE SET {updates}, updated_at = now()",
        *asdict(policy).values(),
    )
