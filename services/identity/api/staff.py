"""Staff of the caller's practice (admins manage them)."""

from __future__ import annotations

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.api.common import identity, origin
from services.identity.schemas import AccountView, AddStaffRequest, ListQuery
from services.identity.service import staff
from shared.auth import Caller
from shared.web import endpoint


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
