"""Appointments: request (or book), read, and every change after that."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.scheduling.api._routes import BASE, TAGS, routes
from services.scheduling.domain.details import Details
from services.scheduling.schemas.requests import (
    AppointmentRequest,
    ClientListQuery,
    DeclineRequest,
    RescheduleRequest,
)
from services.scheduling.schemas.views import AppointmentView, StaffAppointmentView
from services.scheduling.service import appointments, booking, lists, setup
from services.scheduling.service.access import Scheduling
from shared.auth import ALL_ROLES, STAFF_ROLES, Caller
from shared.errors import InvalidInput
from shared.origin import Origin
from shared.web import endpoint

ONE = f"{BASE}/appointments/{{appointment_id}}"
ID = ("appointment_id",)


async def client_view(runtime: Scheduling, d: Details) -> AppointmentView:
    policy, phone = await setup.policy_and_phone(runtime, d.appointment.practice_id)
    minutes = runtime.settings.video_link_minutes_before
    return AppointmentView.of(
        d, now=runtime.now(), policy=policy, phone=phone, video_minutes=minutes
    )


async def staff_views(
    runtime: Scheduling, found: list[Details], caller: Caller
) -> list[StaffAppointmentView]:
    policy, phone = await setup.policy_and_phone(runtime, caller.practice_id)
    now = runtime.now()
    return [StaffAppointmentView.of_staff(d, now=now, policy=policy, phone=phone) for d in found]


@routes.post(f"{BASE}/appointments")
@endpoint(
    summary='Request an open time (a client; "not yet accepted" where the practice approves '
    "requests), or book a client (staff). Send an Idempotency-Key to retry safely",
    roles=ALL_ROLES,
    body=AppointmentRequest,
    response=AppointmentView,
    status=201,
    tags=TAGS,
    idempotent=True,
)
async def request_appointment(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    body: AppointmentRequest,
    origin: Origin,
) -> AppointmentView:
    if caller.is_staff and body.client_id is None:
        raise InvalidInput("choose the client to book for", field="client_id")
    if not caller.is_staff and body.client_id is not None:
        raise InvalidInput("clients book for themselves only", field="client_id")
    found = await booking.request_appointment(
        runtime,
        caller=caller,
        clinician_id=body.clinician_id,
        location_id=body.location_id,
        service_id=body.service_id,
        starts_at=body.starts_at,
        client_id=body.client_id,
        origin=origin,
    )
    return await client_view(runtime, found)


@routes.get(f"{BASE}/appointments")
@endpoint(
    summary="A client's upcoming requests and appointments (or past ones)",
    roles=("client",),
    query=ClientListQuery,
    response=list[AppointmentView],
    tags=TAGS,
)
async def mine(
    request: web.Request, *, runtime: Scheduling, caller: Caller, query: ClientListQuery
) -> list[AppointmentView]:
    found = await lists.client_appointments(runtime, caller=caller, scope=query.scope)
    policy, phone = await setup.policy_and_phone(runtime, caller.practice_id)
    now, minutes = runtime.now(), runtime.settings.video_link_minutes_before
    return [
        AppointmentView.of(d, now=now, policy=policy, phone=phone, video_minutes=minutes)
        for d in found
    ]


@routes.get(ONE)
@endpoint(
    summary="One appointment (staff reads are audited)",
    roles=ALL_ROLES,
    path=ID,
    response=AppointmentView,
    tags=TAGS,
)
async def read(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    appointment_id: UUID,
    origin: Origin,
) -> AppointmentView:
    found = await lists.get_appointment(
        runtime, caller=caller, appointment_id=appointment_id, origin=origin
    )
    return await client_view(runtime, found)


@routes.post(f"{ONE}/approve")
@endpoint(
    summary="Approve a request (a New Client's creates their account and sends the invitation)",
    roles=STAFF_ROLES,
    path=ID,
    response=StaffAppointmentView,
    tags=TAGS,
)
async def approve(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    appointment_id: UUID,
    origin: Origin,
) -> StaffAppointmentView:
    found = await appointments.approve(
        runtime,
        caller=caller,
        appointment_id=appointment_id,
        authorization=request.headers["Authorization"],
        origin=origin,
    )
    return (await staff_views(runtime, [found], caller))[0]


@routes.post(f"{ONE}/decline")
@endpoint(
    summary="Decline a request, with an optional note for the client",
    roles=STAFF_ROLES,
    path=ID,
    body=DeclineRequest,
    response=StaffAppointmentView,
    tags=TAGS,
)
async def decline(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    appointment_id: UUID,
    body: DeclineRequest,
    origin: Origin,
) -> StaffAppointmentView:
    found = await appointments.decline(
        runtime, caller=caller, appointment_id=appointment_id, note=body.note, origin=origin
    )
    return (await staff_views(runtime, [found], caller))[0]


@routes.post(f"{ONE}/cancel")
@endpoint(
    summary="Cancel Session: a client within the cancellation policy (else 403 with the office "
    "phone to call), staff always",
    roles=ALL_ROLES,
    path=ID,
    response=AppointmentView,
    tags=TAGS,
)
async def cancel(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    appointment_id: UUID,
    origin: Origin,
) -> AppointmentView:
    found = await appointments.cancel(
        runtime, caller=caller, appointment_id=appointment_id, origin=origin
    )
    return await client_view(runtime, found)


@routes.post(f"{ONE}/reschedule")
@endpoint(
    summary="Move a request or appointment to another open time in one step (the old time is "
    "freed only if the new one is taken)",
    roles=ALL_ROLES,
    path=ID,
    body=RescheduleRequest,
    response=AppointmentView,
    tags=TAGS,
    idempotent=True,
)
async def reschedule(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    appointment_id: UUID,
    body: RescheduleRequest,
    origin: Origin,
) -> AppointmentView:
    found = await appointments.reschedule(
        runtime,
        caller=caller,
        appointment_id=appointment_id,
        starts_at=body.starts_at,
        origin=origin,
    )
    return await client_view(runtime, found)


@routes.post(f"{ONE}/complete")
@endpoint(
    summary="Mark a past appointment completed (billing invoices it)",
    roles=STAFF_ROLES,
    path=ID,
    response=StaffAppointmentView,
    tags=TAGS,
)
async def complete(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    appointment_id: UUID,
    origin: Origin,
) -> StaffAppointmentView:
    found = await appointments.complete(
        runtime, caller=caller, appointment_id=appointment_id, origin=origin
    )
    return (await staff_views(runtime, [found], caller))[0]


@routes.post(f"{ONE}/no-show")
@endpoint(
    summary="Mark a past appointment as a no-show",
    roles=STAFF_ROLES,
    path=ID,
    response=StaffAppointmentView,
    tags=TAGS,
)
async def no_show(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    appointment_id: UUID,
    origin: Origin,
) -> StaffAppointmentView:
    found = await appointments.no_show(
        runtime, caller=caller, appointment_id=appointment_id, origin=origin
    )
    return (await staff_views(runtime, [found], caller))[0]
