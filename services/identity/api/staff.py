"""Staff of the caller's practice (admins manage them)."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.schemas import AccountView, AddStaffRequest, ListQuery, UpdateStaffRequest
from services.identity.service import staff
from services.identity.service.runtime import Identity
from shared.auth import Caller
from shared.origin import Origin
from shared.web import endpoint

MEMBER = "/api/v1/identity/staff/{staff_id}"
ID = ("staff_id",)
ADMIN = ("admin",)


@routes.get("/api/v1/identity/staff")
@endpoint(
    summary="The practice's clinicians and admins",
    roles=ADMIN,
    query=ListQuery,
    response=list[AccountView],
    tags=TAGS,
)
async def list_(
    request: web.Request, *, runtime: Identity, caller: Caller, query: ListQuery
) -> list[AccountView]:
    found = await staff.list_staff(
        runtime, caller=caller, status=query.status, limit=query.limit, offset=query.offset
    )
    return [AccountView.of(s) for s in found]


@routes.post("/api/v1/identity/staff")
@endpoint(
    summary="Add a clinician or admin (they get a setup link by email)",
    roles=ADMIN,
    body=AddStaffRequest,
    response=AccountView,
    status=201,
    tags=TAGS,
)
async def add(
    request: web.Request,
    *,
    runtime: Identity,
    caller: Caller,
    body: AddStaffRequest,
    origin: Origin,
) -> AccountView:
    member = await staff.invite_staff(
        runtime,
        caller=caller,
        first_name=body.first_name,
        last_name=body.last_name,
        email=body.email,
        role=body.role,
        origin=origin,
    )
    return AccountView.of(member)


@routes.patch(MEMBER)
@endpoint(
    summary="Change a team member's name or role (a demoted admin is signed out)",
    roles=ADMIN,
    path=ID,
    body=UpdateStaffRequest,
    response=AccountView,
    tags=TAGS,
)
async def update(
    request: web.Request,
    *,
    runtime: Identity,
    caller: Caller,
    staff_id: UUID,
    body: UpdateStaffRequest,
    origin: Origin,
) -> AccountView:
    member = await staff.update_staff(
        runtime,
        caller=caller,
        staff_id=staff_id,
        changes=body.model_dump(exclude_unset=True),
        origin=origin,
    )
    return AccountView.of(member)


@routes.post(MEMBER + "/deactivate")
@endpoint(
    summary="Deactivate a team member (all their sessions end at once)",
    roles=ADMIN,
    path=ID,
    response=AccountView,
    tags=TAGS,
)
async def deactivate(
    request: web.Request, *, runtime: Identity, caller: Caller, staff_id: UUID, origin: Origin
) -> AccountView:
    member = await staff.deactivate_staff(runtime, caller=caller, staff_id=staff_id, origin=origin)
    return AccountView.of(member)


@routes.post(MEMBER + "/reactivate")
@endpoint(
    summary="Reactivate a team member (one who never set a password gets a new setup link)",
    roles=ADMIN,
    path=ID,
    response=AccountView,
    tags=TAGS,
)
async def reactivate(
    request: web.Request, *, runtime: Identity, caller: Caller, staff_id: UUID, origin: Origin
) -> AccountView:
    member = await staff.reactivate_staff(runtime, caller=caller, staff_id=staff_id, origin=origin)
    return AccountView.of(member)
