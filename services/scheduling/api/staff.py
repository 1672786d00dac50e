"""Staff views: the practice's clinicians (from identity's events), the requests waiting
for an answer, and a clinician's calendar."""

from __future__ import annotations

from aiohttp import web

from services.scheduling.api._routes import BASE, TAGS, routes
from services.scheduling.api.appointments import staff_views
from services.scheduling.schemas.requests import CalendarQuery, StaffQuery
from services.scheduling.schemas.views import CalendarView, PersonView, StaffAppointmentView
from services.scheduling.service import lists, setup
from services.scheduling.service.access import Scheduling
from shared.auth import STAFF_ROLES, Caller
from shared.origin import Origin
from shared.web import endpoint


@routes.get(f"{BASE}/clinicians")
@endpoint(
    summary="The practice's active staff (whose hours and calendars can be set)",
    roles=STAFF_ROLES,
    response=list[PersonView],
    tags=TAGS,
)
async def clinicians(
    request: web.Request, *, runtime: Scheduling, caller: Caller
) -> list[PersonView]:
    return [
        PersonView(id=s.id, name=s.name)
        for s in await setup.list_clinicians(runtime, caller=caller)
    ]


@routes.get(f"{BASE}/requests")
@endpoint(
    summary="Requests waiting for an answer (a clinician's own; an admin's: everyone's)",
    roles=STAFF_ROLES,
    query=StaffQuery,
    response=list[StaffAppointmentView],
    tags=TAGS,
)
async def waiting(
    request: web.Request, *, runtime: Scheduling, caller: Caller, query: StaffQuery, origin: Origin
) -> list[StaffAppointmentView]:
    found = await lists.waiting_requests(
        runtime, caller=caller, clinician_id=query.clinician_id, origin=origin
    )
    return await staff_views(runtime, found, caller)


@routes.get(f"{BASE}/calendar")
@endpoint(
    summary="A clinician's appointments for a range of days (the practice's days)",
    roles=STAFF_ROLES,
    query=CalendarQuery,
    response=CalendarView,
    tags=TAGS,
)
async def calendar(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    query: CalendarQuery,
    origin: Origin,
) -> CalendarView:
    zone, found = await lists.calendar(
        runtime,
        caller=caller,
        clinician_id=query.clinician_id,
        start=query.start,
        days=query.days,
        origin=origin,
    )
    views = await staff_views(runtime, found, caller)
    return CalendarView(time_zone=zone, start=query.start, days=query.days, appointments=views)
