"""Booking: what can be chosen, the week of open times, and a New Client's request.

Signed-in clients use ``/booking/...`` (their practice from their token); someone with no
account uses ``/practices/{slug}/booking/...``, public, and only where the practice takes
New Client requests online."""

from __future__ import annotations

import re
from uuid import UUID

from aiohttp import web

from services.scheduling.api._routes import BASE, TAGS, routes
from services.scheduling.domain.appointments import Prospect
from services.scheduling.schemas.requests import AvailabilityQuery, NewClientRequest
from services.scheduling.schemas.views import (
    BookableClinicianView,
    BookingOptionsView,
    ClientPolicyView,
    DayView,
    LocationView,
    PersonView,
    RequestedView,
    ServiceView,
    SlotView,
    WeekView,
)
from services.scheduling.service import availability, booking, setup
from services.scheduling.service.access import Scheduling
from services.scheduling.service.availability import Options, Week
from shared import directory
from shared.auth import ALL_ROLES, Caller
from shared.errors import NotFound
from shared.web import endpoint

PUBLIC = f"{BASE}/practices/{{slug}}/booking"
_SLUG = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


def options_view(found: Options, *, your_clinician: UUID | None = None) -> BookingOptionsView:
    p = found.policy
    return BookingOptionsView(
        clinicians=[
            BookableClinicianView(id=s.id, name=s.name, location_ids=where, service_ids=what)
            for s, where, what in found.clinicians
        ],
        locations=[LocationView.of(x) for x in found.locations],
        services=[ServiceView.model_validate(s) for s in found.services],
        policy=ClientPolicyView(
            requires_approval=p.requires_approval,
            online_cancellation=p.online_cancellation,
            cancellation_window_hours=p.cancellation_window_hours,
            office_phone=found.phone,
        ),
        your_clinician_id=your_clinician,
    )


def week_view(week: Week) -> WeekView:
    o = week.offer
    return WeekView(
        time_zone=o.location.time_zone,
        week_start=week.start,
        previous_week=week.previous,
        next_week=week.next,
        clinician=PersonView(id=o.clinician.id, name=o.clinician.name),
        location=LocationView.of(o.location),
        service=ServiceView.model_validate(o.service),
        days=[
            DayView(
                date=d.day,
                morning=[SlotView.of(s) for s in d.morning],
                afternoon=[SlotView.of(s) for s in d.afternoon],
            )
            for d in week.days
        ],
    )


@routes.get(f"{BASE}/booking/options")
@endpoint(
    summary='Who, where and what a client can book ("Select your clinician, location, service")',
    roles=ALL_ROLES,
    response=BookingOptionsView,
    tags=TAGS,
)
async def options(
    request: web.Request, *, runtime: Scheduling, caller: Caller
) -> BookingOptionsView:
    found = await availability.booking_options(runtime, practice_id=caller.practice_id)
    return options_view(
        found, your_clinician=await setup.assigned_clinician(runtime, caller=caller)
    )


@routes.get(f"{BASE}/booking/availability")
@endpoint(
    summary="A week (Sunday to Saturday) of open times, split into morning and afternoon & evening",
    roles=ALL_ROLES,
    query=AvailabilityQuery,
    response=WeekView,
    tags=TAGS,
)
async def week(
    request: web.Request, *, runtime: Scheduling, caller: Caller, query: AvailabilityQuery
) -> WeekView:
    found = await availability.open_week(
        runtime,
        practice_id=caller.practice_id,
        clinician_id=query.clinician_id,
        location_id=query.location_id,
        service_id=query.service_id,
        week=query.week,
    )
    return week_view(found)


async def _practice(request: web.Request, runtime: Scheduling) -> directory.Practice:
    slug = request.match_info["slug"]
    if not _SLUG.match(slug):
        raise NotFound("There is no practice at this address.")
    return await availability.practice_taking_new_clients(runtime, slug)


@routes.get(f"{PUBLIC}/options")
@endpoint(
    summary="New Client: who, where and what can be requested (public, where allowed)",
    response=BookingOptionsView,
    tags=TAGS,
    public=True,
)
async def public_options(request: web.Request, *, runtime: Scheduling) -> BookingOptionsView:
    practice = await _practice(request, runtime)
    return options_view(await availability.booking_options(runtime, practice_id=practice.id))


@routes.get(f"{PUBLIC}/availability")
@endpoint(
    summary="New Client: a week of open times (public, where the practice allows it)",
    query=AvailabilityQuery,
    response=WeekView,
    tags=TAGS,
    public=True,
)
async def public_week(
    request: web.Request, *, runtime: Scheduling, query: AvailabilityQuery
) -> WeekView:
    practice = await _practice(request, runtime)
    found = await availability.open_week(
        runtime,
        practice_id=practice.id,
        clinician_id=query.clinician_id,
        location_id=query.location_id,
        service_id=query.service_id,
        week=query.week,
    )
    return week_view(found)


@routes.post(f"{PUBLIC}/requests")
@endpoint(
    summary="New Client: request a first appointment with name, email and phone (not yet accepted)",
    body=NewClientRequest,
    response=RequestedView,
    status=201,
    tags=TAGS,
    public=True,
)
async def new_client(
    request: web.Request, *, runtime: Scheduling, body: NewClientRequest
) -> RequestedView:
    practice = await _practice(request, runtime)
    prospect = Prospect(
        first_name=body.first_name,
        last_name=body.last_name,
        email=str(body.email),
        phone=body.phone,
    )
    found = await booking.request_as_new_client(
        runtime,
        practice=practice,
        clinician_id=body.clinician_id,
        location_id=body.location_id,
        service_id=body.service_id,
        starts_at=body.starts_at,
        prospect=prospect,
    )
    return RequestedView.of(found)
