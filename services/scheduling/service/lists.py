"""Reading appointments: a client's own (upcoming and past), one appointment, and for
staff the requests waiting and the calendar. Staff reads are audited."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from services.scheduling.domain.availability import local_instant
from services.scheduling.domain.details import Details
from services.scheduling.repo import appointments as appointments_repo
from services.scheduling.service.access import Scheduling, audit_staff, calendar_owner, details_for
from shared import directory
from shared.auth import Caller
from shared.origin import Origin

Scope = Literal["upcoming", "past"]


async def client_appointments(rt: Scheduling, *, caller: Caller, scope: Scope) -> list[Details]:
    """Upcoming: requests, confirmed, declined and cancelled appointments not over yet,
    soonest first. Past: the rest, latest first."""
    now = rt.now()
    async with rt.reader() as conn:
        return await appointments_repo.list_details(
            conn,
            caller.practice_id,
            client_id=caller.subject,
            ends_after=now if scope == "upcoming" else None,
            ended_by=now if scope == "past" else None,
            newest_first=scope == "past",
        )


async def get_appointment(
    rt: Scheduling, *, caller: Caller, appointment_id: UUID, origin: Origin
) -> Details:
    if not caller.is_staff:
        async with rt.reader() as conn:
            return await details_for(conn, caller, appointment_id)
    async with rt.uow() as uow:
        found = await details_for(uow.conn, caller, appointment_id)
        await audit_staff(
            uow.conn, caller, origin, action="appointment.read", appointment=found.appointment
        )
        await uow.commit()
    return found


async def waiting_requests(
    rt: Scheduling, *, caller: Caller, clinician_id: UUID | None, origin: Origin
) -> list[Details]:
    """Requests waiting for an answer: a clinician's own; an admin's: everyone's unless
    one clinician is asked for."""
    whose = calendar_owner(caller, clinician_id) if clinician_id or caller.role != "admin" else None
    async with rt.uow() as uow:
        found = await appointments_repo.list_details(
            uow.conn, caller.practice_id, clinician_id=whose, statuses=("requested",)
        )
        await audit_staff(
            uow.conn,
            caller,
            origin,
            action="appointment.list",
            detail={"count": len(found), "view": "requests"},
        )
        await uow.commit()
    return found


async def calendar(
    rt: Scheduling,
    *,
    caller: Caller,
    clinician_id: UUID | None,
    start: date,
    days: int,
    origin: Origin,
) -> tuple[str, list[Details]]:
    """A clinician's appointments (every status) from ``start`` for ``days`` days, where
    days are the practice's; returns the practice's zone with them."""
    whose = calendar_owner(caller, clinician_id)
    async with rt.uow() as uow:
        practice = await directory.get_practice(uow.conn, caller.practice_id)
        zone = ZoneInfo(practice.time_zone)
        since = local_instant(start, time(0), zone)
        until = local_instant(start + timedelta(days=days), time(0), zone)
        found = await appointments_repo.list_details(
            uow.conn,
            caller.practice_id,
            clinician_id=whose,
            ends_after=since,
            starts_before=until,
            limit=1000,
        )
        await audit_staff(
            uow.conn,
            caller,
            origin,
            action="appointment.list",
            detail={"count": len(found), "view": "calendar"},
        )
        await uow.commit()
    return practice.time_zone, found
