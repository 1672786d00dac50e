"""Client accounts, as staff manage them (a client reads only their own record)."""

from __future__ import annotations

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.api.common import identity, origin
from services.identity.schemas import (
    ClientListQuery,
    ClientView,
    InviteClientRequest,
    MessageView,
    UpdateClientRequest,
)
from services.identity.service import clients
from shared.auth import ALL_ROLES, STAFF_ROLES, Caller
from shared.web import endpoint, path_uuid

CLIENT = "/api/v1/identity/clients/{client_id}"


@routes.post("/api/v1/identity/clients")
@endpoint(
    summary="Add a client and send the welcome email",
    roles=STAFF_ROLES,
    body=InviteClientRequest,
    response=ClientView,
    status=201,
    tags=TAGS,
)
async def invite(request: web.Request, *, caller: Caller, body: InviteClientRequest) -> ClientView:
    client = await clients.invite_client(
        identity(request),
        caller=caller,
        first_name=body.first_name,
        last_name=body.last_name,
        email=body.email,
        date_of_birth=body.date_of_birth,
        origin=origin(request),
    )
    return ClientView.of(client)


@routes.get("/api/v1/identity/clients")
@endpoint(
    summary="The practice's clients, by name; q narrows to a name or email",
    roles=STAFF_ROLES,
    query=ClientListQuery,
    response=list[ClientView],
    tags=TAGS,
)
async def list_(
    request: web.Request, *, caller: Caller, query: ClientListQuery
) -> list[ClientView]:
    found = await clients.list_clients(
        identity(request),
        caller=caller,
        status=query.status,
        search=query.q,
        limit=query.limit,
        offset=query.offset,
        origin=origin(request),
    )
    return [ClientView.of(c) for c in found]


@routes.get(CLIENT)
@endpoint(
    summary="One client (staff reads are audited)", roles=ALL_ROLES, response=ClientView, tags=TAGS
)
async def read(request: web.Request, *, caller: Caller) -> ClientView:
    client = await clients.get_client(
        identity(request),
        caller=caller,
        client_id=path_uuid(request, "client_id"),
        origin=origin(request),
    )
    return ClientView.of(client)


@routes.patch(CLIENT)
@endpoint(
    summary="Change a client's name, email or date of birth",
    roles=STAFF_ROLES,
    body=UpdateClientRequest,
    response=ClientView,
    tags=TAGS,
)
async def update(request: web.Request, *, caller: Caller, body: UpdateClientRequest) -> ClientView:
    client = await clients.update_client(
        identity(request),
        caller=caller,
        client_id=path_uuid(request, "client_id"),
        changes=body.model_dump(exclude_unset=True),
        origin=origin(request),
    )
    return ClientView.of(client)


@routes.post(CLIENT + "/invitation")
@endpoint(
    summary="Re-send the welcome email (the previous PIN and link stop working)",
    roles=STAFF_ROLES,
    response=MessageView,
    status=202,
    tags=TAGS,
)
async def resend(request: web.Request, *, caller: Caller) -> MessageView:
    await clients.resend_invitation(
        identity(request),
        caller=caller,
        client_id=path_uuid(request, "client_id"),
        origin=origin(request),
    )
    return MessageView(detail="A new welcome email with a new PIN is on its way.")


@routes.post(CLIENT + "/deactivate")
@endpoint(
    summary="Disable a client's portal access", roles=("admin",), response=ClientView, tags=TAGS
)
async def deactivate(request: web.Request, *, caller: Caller) -> ClientView:
    client = await clients.deactivate_client(
        identity(request),
        caller=caller,
        client_id=path_uuid(request, "client_id"),
        origin=origin(request),
    )
    return ClientView.of(client)


@routes.post(CLIENT + "/reactivate")
@endpoint(
    summary="Restore a disabled client's portal access (active if they had a password, "
    "else invited: re-send the invitation)",
    roles=("admin",),
    response=ClientView,
    tags=TAGS,
)
async def reactivate(request: web.Request, *, caller: Caller) -> ClientView:
    client = await clients.reactivate_client(
        identity(request),
        caller=caller,
        client_id=path_uuid(request, "client_id"),
        origin=origin(request),
    )
    return ClientView.of(client)
