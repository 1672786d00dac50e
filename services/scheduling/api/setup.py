"""Practice setup (staff): locations, services and the booking policy."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.scheduling.api._routes import BASE, TAGS, routes
from services.scheduling.schemas.requests import (
    LocationChange,
    LocationRequest,
    PolicyChange,
    ServiceChange,
    ServiceRequest,
)
from services.scheduling.schemas.views import PolicyView, StaffLocationView, StaffServiceView
from services.scheduling.service import setup
from services.scheduling.service.access import Scheduling
from shared.auth import STAFF_ROLES, Caller
from shared.web import endpoint


@routes.get(f"{BASE}/locations")
@endpoint(
    summary="The practice's locations",
    roles=STAFF_ROLES,
    response=list[StaffLocationView],
    tags=TAGS,
)
async def list_locations(
    request: web.Request, *, runtime: Scheduling, caller: Caller
) -> list[StaffLocationView]:
    return [
        StaffLocationView.model_validate(x)
        for x in await setup.list_locations(runtime, caller=caller)
    ]


@routes.post(f"{BASE}/locations")
@endpoint(
    summary="Add a location: an office (with an address) or telehealth (with a video link)",
    roles=STAFF_ROLES,
    body=LocationRequest,
    response=StaffLocationView,
    status=201,
    tags=TAGS,
)
async def add_location(
    request: web.Request, *, runtime: Scheduling, caller: Caller, body: LocationRequest
) -> StaffLocationView:
    location = await setup.add_location(runtime, caller=caller, fields=body.model_dump())
    return StaffLocationView.model_validate(location)


@routes.patch(f"{BASE}/locations/{{location_id}}")
@endpoint(
    summary="Change a location (active: false stops new bookings there)",
    roles=STAFF_ROLES,
    path=("location_id",),
    body=LocationChange,
    response=StaffLocationView,
    tags=TAGS,
)
async def change_location(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    location_id: UUID,
    body: LocationChange,
) -> StaffLocationView:
    location = await setup.change_location(
        runtime, caller=caller, location_id=location_id, changes=body.model_dump(exclude_unset=True)
    )
    return StaffLocationView.model_validate(location)


@routes.get(f"{BASE}/services")
@endpoint(
    summary="The practice's services", roles=STAFF_ROLES, response=list[StaffServiceView], tags=TAGS
)
async def list_services(
    request: web.Request, *, runtime: Scheduling, caller: Caller
) -> list[StaffServiceView]:
    return [StaffServiceView.of(s) for s in await setup.list_services(runtime, caller=caller)]


@routes.post(f"{BASE}/services")
@endpoint(
    summary="Add a service (name, duration, fee, CPT code, online or not, who offers it)",
    roles=STAFF_ROLES,
    body=ServiceRequest,
    response=StaffServiceView,
    status=201,
    tags=TAGS,
)
async def add_service(
    request: web.Request, *, runtime: Scheduling, caller: Caller, body: ServiceRequest
) -> StaffServiceView:
    return StaffServiceView.of(
        await setup.add_service(runtime, caller=caller, fields=body.model_dump())
    )


@routes.patch(f"{BASE}/services/{{service_id}}")
@endpoint(
    summary="Change a service",
    roles=STAFF_ROLES,
    path=("service_id",),
    body=ServiceChange,
    response=StaffServiceView,
    tags=TAGS,
)
async def change_service(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    service_id: UUID,
    body: ServiceChange,
) -> StaffServiceView:
    service = await setup.change_service(
        runtime, caller=caller, service_id=service_id, changes=body.model_dump(exclude_unset=True)
    )
    return StaffServiceView.of(service)


@routes.get(f"{BASE}/booking-policy")
@endpoint(
    summary="The practice's booking policy", roles=STAFF_ROLES, response=PolicyView, tags=TAGS
)
async def get_policy(request: web.Request, *, runtime: Scheduling, caller: Caller) -> PolicyView:
    return PolicyView.of(await setup.get_policy(runtime, caller=caller))


@routes.patch(f"{BASE}/booking-policy")
@endpoint(
    summary="Change the booking policy (approval, notice, horizon, buffer, cancellation window, "
    "New Client requests, office phone)",
    roles=STAFF_ROLES,
    body=PolicyChange,
    response=PolicyView,
    tags=TAGS,
)
async def change_policy(
    request: web.Request, *, runtime: Scheduling, caller: Caller, body: PolicyChange
) -> PolicyView:
    policy = await setup.change_policy(
        runtime, caller=caller, changes=body.model_dump(exclude_unset=True)
    )
    return PolicyView.of(policy)
