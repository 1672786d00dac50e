"""Taking a time: a client's request (or direct booking, where the practice allows it), a
staff member's booking for a client, and a New Client's first request.

A time is checked against the open times first (a clear 409 when it is not open); two
requests racing for the same open time are settled by the database's exclusion
constraint: one commits, the other gets the same 409."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID

from services.scheduling.domain.appointments import (
    NOT_OPEN,
    Appointment,
    CallTheOffice,
    Prospect,
    Requester,
    Status,
)
from services.scheduling.domain.details import Details
from services.scheduling.repo import appointments as appointments_repo
from services.scheduling.service.access import Scheduling, audit_staff, office_phone
from services.scheduling.service.availability import Offer, load_offer, open_times
from services.scheduling.service.events import appointment_event, publish
from shared import directory
from shared.auth import Caller
from shared.db import Connection
from shared.errors import Conflict
from shared.events.catalog import AppointmentApproved, AppointmentRequested
from shared.origin import Origin


async def request_appointment(
    rt: Scheduling,
    *,
    caller: Caller,
    clinician_id: UUID,
    location_id: UUID,
    service_id: UUID,
    starts_at: datetime,
    client_id: UUID | None,
    origin: Origin,
) -> Details:
    """A client asks for an open time for themself; staff book any free time for a client
    of the practice (confirmed at once)."""
    client = caller.role == "client"
    async with rt.uow() as uow:
        offer = await load_offer(
            uow.conn,
            caller.practice_id,
            clinician_id=clinician_id,
            location_id=location_id,
            service_id=service_id,
            online_only=client,
        )
        if client:
            client_id = caller.subject
            await require_open(uow.conn, offer, starts_at, now=rt.now())
        else:
            assert client_id is not None  # the schema requires it from staff
            booked_for = await directory.get_client(uow.conn, caller.practice_id, client_id)
            if booked_for.status == "deactivated":
                raise Conflict(
                    "This client's portal access is disabled: restore it before booking.",
                    field="client_id",
                )
            if starts_at <= rt.now():
                raise Conflict("Book a time in the future.", field="starts_at")
        status: Status = "requested" if client and offer.policy.requires_approval else "confirmed"
        details = await _take(
            uow.conn,
            offer,
            starts_at,
            client_id=client_id,
            prospect=None,
            status=status,
            requested_by=caller.role,  # type: ignore[arg-type]
        )
        phone = await office_phone(uow.conn, offer.policy)
        kind = AppointmentRequested if status == "requested" else AppointmentApproved
        await publish(uow, appointment_event(kind, details, phone=phone))
        await audit_staff(
            uow.conn, caller, origin, action="appointment.booked", appointment=details.appointment
        )
        await uow.commit()
    return details


async def request_as_new_client(
    rt: Scheduling,
    *,
    practice: directory.Practice,
    clinician_id: UUID,
    location_id: UUID,
    service_id: UUID,
    starts_at: datetime,
    prospect: Prospect,
) -> Details:
    """Someone with no account asks for a first appointment. Always a request (approving
    it creates their account); one waiting request per email, and a cap per practice."""
    async with rt.uow() as uow:
        offer = await load_offer(
            uow.conn,
            practice.id,
            clinician_id=clinician_id,
            location_id=location_id,
            service_id=service_id,
            online_only=True,
        )
        phone = await office_phone(uow.conn, offer.policy)
        await _room_for_new_client(rt, uow.conn, practice.id, prospect.email, phone)
        await require_open(uow.conn, offer, starts_at, now=rt.now())
        details = await _take(
            uow.conn,
            offer,
            starts_at,
            client_id=None,
            prospect=prospect,
            status="requested",
            requested_by="prospect",
        )
        await publish(uow, appointment_event(AppointmentRequested, details, phone=phone))
        await uow.commit()
    return details


async def require_open(
    conn: Connection,
    offer: Offer,
    starts_at: datetime,
    *,
    now: datetime,
    other_than: UUID | None = None,
) -> None:
    """409 unless ``starts_at`` is one of the open times of its day."""
    day = starts_at.astimezone(offer.zone).date()
    [found] = await open_times(conn, offer, first=day, count=1, now=now, other_than=other_than)
    if all(slot.starts_at != starts_at for slot in found.slots):
        raise Conflict(NOT_OPEN, field="starts_at")


async def _take(
    conn: Connection,
    offer: Offer,
    starts_at: datetime,
    *,
    client_id: UUID | None,
    prospect: Prospect | None,
    status: Status,
    requested_by: Requester,
) -> Details:
    duration, buffer = offer.service.duration, offer.policy.buffer
    starts_at = starts_at.astimezone(UTC)
    appointment = Appointment(
        id=uuid.uuid4(),
        practice_id=offer.location.practice_id,
        clinician_id=offer.clinician.id,
        client_id=client_id,
        location_id=offer.location.id,
        service_id=offer.service.id,
        starts_at=starts_at,
        ends_at=starts_at + duration,
        held_until=starts_at + duration + buffer,
        status=status,
        requested_by=requested_by,
        prospect=prospect,
    )
    await appointments_repo.insert(conn, appointment)  # 409 if the time was just taken
    found = await appointments_repo.find_details(conn, appointment.practice_id, appointment.id)
    assert found is not None
    return replace(found, appointment=appointment)


async def _room_for_new_client(
    rt: Scheduling, conn: Connection, practice_id: UUID, email: str, phone: str | None
) -> None:
    # One New Client request of a practice at a time, so the counts below stay true.
    await conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", f"new-client:{practice_id}")
    if await appointments_repo.pending_new_client_requests(conn, practice_id, email=email):
        raise Conflict(
            "You already have a request waiting for the clinician's answer: you'll get an"
            " email when they reply.",
            field="email",
        )
    waiting = await appointments_repo.pending_new_client_requests(conn, practice_id)
    if waiting >= rt.settings.max_pending_new_client_requests:
        call = f"please call the office at {phone}" if phone else "please call the office"
        raise CallTheOffice(f"We can't take more requests online right now: {call}.", phone=phone)
