"""What happens to an appointment after it is requested: approve, decline, cancel,
reschedule, complete, no-show. Each change is one transaction: the row (the database
re-checks the time against every other held one), its event and, for staff, its audit
record."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from services.scheduling.domain.appointments import Appointment
from services.scheduling.domain.details import Details
from services.scheduling.domain.setup import BookingPolicy
from services.scheduling.repo import appointments as appointments_repo
from services.scheduling.repo import hours as hours_repo
from services.scheduling.repo import setup as setup_repo
from services.scheduling.service.access import (
    Scheduling,
    appointment_for,
    audit_staff,
    details_for,
    office_phone,
)
from services.scheduling.service.availability import load_offer
from services.scheduling.service.booking import require_open
from services.scheduling.service.events import appointment_event, billing_of, publish
from services.scheduling.service.identity_client import invite_or_find_client
from shared.auth import Caller
from shared.db import Connection
from shared.errors import Conflict
from shared.events.catalog import (
    AppointmentApproved,
    AppointmentCancelled,
    AppointmentCompleted,
    AppointmentDeclined,
    AppointmentNoShow,
    AppointmentRescheduled,
    _Appointment,
)
from shared.origin import Origin


@dataclass(frozen=True)
class Change:
    """What a change sees: the appointment as it was, the policy and the office phone."""

    conn: Connection
    before: Details
    policy: BookingPolicy
    phone: str | None
    now: datetime


Apply = Callable[[Change], Awaitable[Appointment]]
MakeEvent = Callable[[Change, Details], _Appointment]


async def _change(
    rt: Scheduling,
    *,
    caller: Caller,
    appointment_id: UUID,
    origin: Origin,
    action: str,
    apply: Apply,
    event: MakeEvent,
) -> Details:
    async with rt.uow() as uow:
        await appointment_for(uow.conn, caller, appointment_id, lock=True)
        before = await details_for(uow.conn, caller, appointment_id)
        policy = await setup_repo.get_policy(uow.conn, caller.practice_id)
        change = Change(uow.conn, before, policy, await office_phone(uow.conn, policy), rt.now())
        changed = await apply(change)
        await appointments_repo.save(uow.conn, changed, now=change.now)
        after = replace(before, appointment=changed, updated_at=change.now)
        await publish(uow, event(change, after))
        await audit_staff(uow.conn, caller, origin, action=action, appointment=changed)
        await uow.commit()
    return after


def _plain(cls: type[_Appointment]) -> MakeEvent:
    return lambda change, after: appointment_event(cls, after, phone=change.phone)


async def approve(
    rt: Scheduling, *, caller: Caller, appointment_id: UUID, authorization: str, origin: Origin
) -> Details:
    """Confirm a request (re-checked: still ahead, no time off since). A New Client's
    request first gets the person a client account (identity sends the invitation)."""
    async with rt.reader() as conn:
        current = await appointment_for(conn, caller, appointment_id)
        current.approve(now=rt.now())  # refuse before anyone is invited
        await _no_time_off(conn, current)
    client_id = current.client_id
    if client_id is None and current.prospect is not None:
        client_id = await invite_or_find_client(
            rt,
            authorization=authorization,
            practice_id=caller.practice_id,
            appointment_id=current.id,
            prospect=current.prospect,
        )

    async def apply(c: Change) -> Appointment:
        a = c.before.appointment
        approved = (a if a.client_id else a.with_client(client_id)).approve(now=c.now)  # type: ignore[arg-type]
        await _no_time_off(c.conn, a)
        return approved

    return await _change(
        rt,
        caller=caller,
        appointment_id=appointment_id,
        origin=origin,
        action="appointment.approved",
        apply=apply,
        event=_plain(AppointmentApproved),
    )


async def _no_time_off(conn: Connection, a: Appointment) -> None:
    off = await hours_repo.list_time_off(
        conn, a.practice_id, a.clinician_id, since=a.starts_at, until=a.ends_at
    )
    if off:
        raise Conflict("You have time off then: decline the request, or remove the time off first.")


async def decline(
    rt: Scheduling, *, caller: Caller, appointment_id: UUID, note: str | None, origin: Origin
) -> Details:
    """The clinician cannot see the client then; the note stays here (not in the event)."""

    async def apply(c: Change) -> Appointment:
        return c.before.appointment.decline(note=note)

    return await _change(
        rt,
        caller=caller,
        appointment_id=appointment_id,
        origin=origin,
        action="appointment.declined",
        apply=apply,
        event=_plain(AppointmentDeclined),
    )


async def cancel(
    rt: Scheduling, *, caller: Caller, appointment_id: UUID, origin: Origin
) -> Details:
    """ "Cancel Session": a client within the policy (else: call the office), staff always."""

    async def apply(c: Change) -> Appointment:
        return c.before.appointment.cancel(
            by=caller.role, now=c.now, policy=c.policy, phone=c.phone
        )

    def event(c: Change, after: Details) -> _Appointment:
        a = after.appointment
        return appointment_event(
            AppointmentCancelled,
            after,
            phone=c.phone,
            cancelled_by=caller.role,
            late=a.cancelled_late,
        )

    return await _change(
        rt,
        caller=caller,
        appointment_id=appointment_id,
        origin=origin,
        action="appointment.cancelled",
        apply=apply,
        event=event,
    )


async def reschedule(
    rt: Scheduling, *, caller: Caller, appointment_id: UUID, starts_at: datetime, origin: Origin
) -> Details:
    """Move to another time in one step. The old time is given up only when the new one
    is taken: both happen in one UPDATE the exclusion constraint checks."""

    async def apply(c: Change) -> Appointment:
        a = c.before.appointment
        offer = await load_offer(
            c.conn,
            a.practice_id,
            clinician_id=a.clinician_id,
            location_id=a.location_id,
            service_id=a.service_id,
            online_only=caller.role == "client",
        )
        moved = a.reschedule(
            by=caller.role,
            starts_at=starts_at,
            duration=offer.service.duration,
            buffer=c.policy.buffer,
            now=c.now,
            policy=c.policy,
            phone=c.phone,
        )
        if caller.role == "client":
            await require_open(c.conn, offer, starts_at, now=c.now, other_than=a.id)
        elif starts_at <= c.now:
            raise Conflict("Choose a time in the future.", field="starts_at")
        return moved

    def event(c: Change, after: Details) -> _Appointment:
        was = c.before.appointment
        return appointment_event(
            AppointmentRescheduled,
            after,
            phone=c.phone,
            previous_starts_at=was.starts_at,
            previous_ends_at=was.ends_at,
        )

    return await _change(
        rt,
        caller=caller,
        appointment_id=appointment_id,
        origin=origin,
        action="appointment.rescheduled",
        apply=apply,
        event=event,
    )


async def complete(
    rt: Scheduling, *, caller: Caller, appointment_id: UUID, origin: Origin
) -> Details:
    """The session took place: billing invoices it from ``appointment.completed``."""

    async def apply(c: Change) -> Appointment:
        return c.before.appointment.complete(now=c.now)

    def event(c: Change, after: Details) -> _Appointment:
        return appointment_event(
            AppointmentCompleted, after, phone=c.phone, billing=billing_of(after)
        )

    return await _change(
        rt,
        caller=caller,
        appointment_id=appointment_id,
        origin=origin,
        action="appointment.completed",
        apply=apply,
        event=event,
    )


async def no_show(
    rt: Scheduling, *, caller: Caller, appointment_id: UUID, origin: Origin
) -> Details:
    async def apply(c: Change) -> Appointment:
        return c.before.appointment.no_show(now=c.now)

    return await _change(
        rt,
        caller=caller,
        appointment_id=appointment_id,
        origin=origin,
        action="appointment.no_show",
        apply=apply,
        event=_plain(AppointmentNoShow),
    )
