"""Who may touch what: every lookup is scoped by the caller's practice; a client reaches
only their own appointments, a clinician their own calendar, an admin the practice's.
What a caller may not see is "not found", never "forbidden": no hint that it exists."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from services.scheduling.domain.appointments import Appointment
from services.scheduling.domain.details import Details
from services.scheduling.domain.setup import BookingPolicy
from services.scheduling.repo import appointments as appointments_repo
from services.scheduling.settings import SchedulingSettings
from shared import directory
from shared.audit import actor_of, audit
from shared.auth import Caller
from shared.db import Connection
from shared.errors import Forbidden, NotFound
from shared.origin import Origin
from shared.runtime import Runtime

Scheduling = Runtime[SchedulingSettings]
NO_APPOINTMENT = "No such appointment."


def may_see(caller: Caller, appointment: Appointment) -> bool:
    if caller.practice_id != appointment.practice_id:
        return False
    if caller.role == "client":
        return appointment.client_id == caller.subject
    if caller.role == "clinician":
        return appointment.clinician_id == caller.subject
    return caller.role == "admin"


async def appointment_for(
    conn: Connection, caller: Caller, appointment_id: UUID, *, lock: bool = False
) -> Appointment:
    found = await appointments_repo.find(conn, caller.practice_id, appointment_id, lock=lock)
    if found is None or not may_see(caller, found):
        raise NotFound(NO_APPOINTMENT)
    return found


async def details_for(conn: Connection, caller: Caller, appointment_id: UUID) -> Details:
    found = await appointments_repo.find_details(conn, caller.practice_id, appointment_id)
    if found is None or not may_see(caller, found.appointment):
        raise NotFound(NO_APPOINTMENT)
    return found


def calendar_owner(caller: Caller, clinician_id: UUID | None) -> UUID:
    """Whose calendar or hours a staff member works on: a clinician their own, an admin
    anyone's in the practice (their own by default)."""
    if clinician_id is None or clinician_id == caller.subject:
        return caller.subject
    if caller.role != "admin":
        raise Forbidden("Clinicians manage their own calendar and hours.", field="clinician_id")
    return clinician_id


async def practice_staff(conn: Connection, practice_id: UUID, staff_id: UUID) -> directory.Staff:
    """An active staff member of the practice (a clinician who can be booked)."""
    staff = await directory.find_staff(conn, practice_id, staff_id)
    if staff is None or not staff.active:
        raise NotFound("No such clinician in this practice.", field="clinician_id")
    return staff


async def office_phone(conn: Connection, policy: BookingPolicy) -> str | None:
    """The number clients are told to call: the policy's, else the practice's."""
    if policy.office_phone:
        return policy.office_phone
    practice = await directory.find_practice(conn, policy.practice_id)
    return practice.phone if practice else None


async def audit_staff(
    conn: Connection,
    caller: Caller,
    origin: Origin,
    *,
    action: str,
    appointment: Appointment | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Staff access to client data, in the caller's transaction (clients' own: none)."""
    if not caller.is_staff:
        return
    facts = dict(detail or {})
    if appointment is not None:
        facts["appointment_id"] = str(appointment.id)
    await audit(
        conn,
        origin,
        action=action,
        actor=actor_of(caller),
        resource="appointment" if appointment else "appointments",
        client_id=appointment.client_id if appointment else None,
        detail=facts,
    )
