"""Staff of the caller's practice (admins manage them)."""

from __future__ import annotations

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.api.common import identity, origin
from services.identity.schemas import AccountView, AddStaffRequest, ListQuery, UpdateStaffRequest
from services.identity.service import staff
from shared.auth import Caller
from shared.web import endpoint, path_uuid

MEMBER = "/api/v1/identity/staff/{staff_id}"


@routes.get("/api/v1/identity/staff")
@endpoint(
    summary="The practice's clinicians and admins",
    roles=("admin",),
    query=ListQuery,
    response=list[AccountView],
    tags=TAGS,
)
async def list_(request: web.Request, *, caller: Caller, query: ListQuery) -> list[AccountView]:
    found = await staff.list_staff(
        identity(request),
        caller=caller,
        status=query.status,
        limit=query.limit,
        offset=query.offset,
    )
    return [AccountView.of(s) for s in found]


@routes.post("/api/v1/identity/staff")
@endpoint(
    summary="Add a clinician or admin (they get a setup link by email)",
    roles=("admin",),
    body=AddStaffRequest,
    response=AccountView,
    status=201,
    tags=TAGS,
)
async def add(request: web.Request, *, caller: Caller, body: AddStaffRequest) -> AccountView:
    member = await staff.invite_staff(
        identity(request),
        caller=caller,
        first_name=body.first_name,
        last_name=body.last_name,
        email=body.email,
        role=body.role,
        origin=origin(request),
    )
    return AccountView.of(member)


@routes.patch(MEMBER)
@endpoint(
    summary="Change a team member's name or role (a demoted admin is signed out)",
    roles=("admin",),
    body=UpdateStaffRequest,
    response=AccountView,
    tags=TAGS,
)
async def update(request: web.Request, *, caller: Caller, body: UpdateStaffRequest) -> AccountView:
    member = await staff.update_staff(
        identity(request),
        caller=caller,
        staff_id=path_uuid(request, "staff_id"),
        changes=body.model_dump(exclude_unset=True),
        origin=origin(request),
    )
    return AccountView.of(member)


@routes.post(MEMBER + "/deactivate")
@endpoint(
    summary="Deactivate a team member (all their sessions end at once)",
    roles=("admin",),
    response=AccountView,
    tags=TAGS,
)
async def deactivate(request: web.Request, *, caller: Caller) -> AccountView:
    member = await staff.deactivate_staff(
        identity(request),
        caller=caller,
        staff_id=path_uuid(request, "staff_id"),
        origin=origin(request),
    )
    return AccountView.of(member)


@routes.post(MEMBER + "/reactivate")
@endpoint(
    summary="Reactivate a team member (one who never set a password gets a new setup link)",
    roles=("admin",),
    response=AccountView,
    tags=TAGS,
)
async def reactivate(request: web.Request, *, caller: Caller) -> AccountView:
    member = await staff.reactivate_staff(
        identity(request),
        caller=caller,
        staff_id=path_uuid(request, "staff_id"),
        origin=origin(request),
    )
    return AccountView.of(member)
