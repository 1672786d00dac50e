"""Client accounts, as staff manage them (a client reads only their own record)."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.schemas import (
    ClientListQuery,
    ClientView,
    InviteClientRequest,
    MessageView,
    UpdateClientRequest,
)
from services.identity.service import clients
from services.identity.service.runtime import Identity
from shared.auth import ALL_ROLES, STAFF_ROLES, Caller
from shared.origin import Origin
from shared.web import endpoint

CLIENT = "/api/v1/identity/clients/{client_id}"
ID = ("client_id",)


@routes.post("/api/v1/identity/clients")
@endpoint(
    summary="Add a client and send the welcome email (send an Idempotency-Key to retry safely)",
    roles=STAFF_ROLES,
    body=InviteClientRequest,
    response=ClientView,
    status=201,
    tags=TAGS,
    idempotent=True,
)
async def invite(
    request: web.Request,
    *,
    runtime: Identity,
    caller: Caller,
    body: InviteClientRequest,
    origin: Origin,
) -> ClientView:
    client = await clients.invite_client(
        runtime,
        caller=caller,
        first_name=body.first_name,
        last_name=body.last_name,
        email=body.email,
        date_of_birth=body.date_of_birth,
        origin=origin,
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
    request: web.Request,
    *,
    runtime: Identity,
    caller: Caller,
    query: ClientListQuery,
    origin: Origin,
) -> list[ClientView]:
    found = await clients.list_clients(
        runtime,
        caller=caller,
        status=query.status,
        search=query.q,
        limit=query.limit,
        offset=query.offset,
        origin=origin,
    )
    return [ClientView.of(c) for c in found]


@routes.get(CLIENT)
@endpoint(
    summary="One client (staff reads are audited)",
    roles=ALL_ROLES,
    path=ID,
    response=ClientView,
    tags=TAGS,
)
async def read(
    request: web.Request, *, runtime: Identity, caller: Caller, client_id: UUID, origin: Origin
) -> ClientView:
    client = await clients.get_client(runtime, caller=caller, client_id=client_id, origin=origin)
    return ClientView.of(client)


@routes.patch(CLIENT)
@endpoint(
    summary="Change a client's name, email or date of birth",
    roles=STAFF_ROLES,
    path=ID,
    body=UpdateClientRequest,
    response=ClientView,
    tags=TAGS,
)
async def update(
    request: web.Request,
    *,
    runtime: Identity,
    caller: Caller,
    client_id: UUID,
    body: UpdateClientRequest,
    origin: Origin,
) -> ClientView:
    client = await clients.update_client(
        runtime,
        caller=caller,
        client_id=client_id,
        changes=body.model_dump(exclude_unset=True),
        origin=origin,
    )
    return ClientView.of(client)


@routes.post(CLIENT + "/invitation")
@endpoint(
    summary="Re-send the welcome email (the previous PIN and link stop working)",
    roles=STAFF_ROLES,
    path=ID,
    response=MessageView,
    status=202,
    tags=TAGS,
)
async def resend(
    request: web.Request, *, runtime: Identity, caller: Caller, client_id: UUID, origin: Origin
) -> MessageView:
    await clients.resend_invitation(runtime, caller=caller, client_id=client_id, origin=origin)
    return MessageView(detail="A new welcome email with a new PIN is on its way.")


@routes.post(CLIENT + "/deactivate")
@endpoint(
    summary="Disable a client's portal access",
    roles=("admin",),
    path=ID,
    response=ClientView,
    tags=TAGS,
)
async def deactivate(
    request: web.Request, *, runtime: Identity, caller: Caller, client_id: UUID, origin: Origin
) -> ClientView:
    client = await clients.deactivate_client(
        runtime, caller=caller, client_id=client_id, origin=origin
    )
    return ClientView.of(client)


@routes.post(CLIENT + "/reactivate")
@endpoint(
    summary="Restore a disabled client's portal access (active if they had a password, "
    "else invited: re-send the invitation)",
    roles=("admin",),
    path=ID,
    response=ClientView,
    tags=TAGS,
)
async def reactivate(
    request: web.Request, *, runtime: Identity, caller: Caller, client_id: UUID, origin: Origin
) -> ClientView:
    client = await clients.reactivate_client(
        runtime, caller=caller, client_id=client_id, origin=origin
    )
    return ClientView.of(client)
