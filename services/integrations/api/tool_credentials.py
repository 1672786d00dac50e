"""Tool credentials: a clinician tool's broker user, scoped to the practice's events."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.integrations.api._routes import ADMIN, TAGS, routes
from services.integrations.schemas import (
    CreateToolCredentialRequest,
    NewToolCredentialView,
    ToolCredentialView,
)
from services.integrations.service import tool_credentials
from services.integrations.service.runtime import Integrations
from shared.audit import actor_of
from shared.auth import Caller
from shared.origin import Origin
from shared.web import endpoint

BASE = "/api/v1/integrations/tool-credentials"


@routes.post(BASE)
@endpoint(
    summary="Make broker credentials for a clinician tool (the password is shown once)",
    roles=ADMIN,
    body=CreateToolCredentialRequest,
    response=NewToolCredentialView,
    status=201,
    tags=TAGS,
)
async def create(
    request: web.Request,
    *,
    runtime: Integrations,
    caller: Caller,
    body: CreateToolCredentialRequest,
    origin: Origin,
) -> NewToolCredentialView:
    credential, password = await tool_credentials.create_credential(
        runtime,
        practice_id=caller.practice_id,
        name=body.name,
        actor=actor_of(caller),
        origin=origin,
    )
    settings = runtime.settings
    return NewToolCredentialView.made(
        credential,
        password=password,
        amqp_url=settings.tool_connection_url(),
        vhost=settings.broker_vhost,
    )


@routes.get(BASE)
@endpoint(
    summary="The practice's tool credentials, live ones first",
    roles=ADMIN,
    response=list[ToolCredentialView],
    tags=TAGS,
)
async def list_(
    request: web.Request, *, runtime: Integrations, caller: Caller
) -> list[ToolCredentialView]:
    found = await tool_credentials.list_credentials(runtime, practice_id=caller.practice_id)
    return [ToolCredentialView.of(c) for c in found]


@routes.delete(BASE + "/{credential_id}")
@endpoint(
    summary="Revoke a tool's credentials: its broker user and queues are deleted",
    roles=ADMIN,
    path=("credential_id",),
    response=ToolCredentialView,
    tags=TAGS,
)
async def revoke(
    request: web.Request,
    *,
    runtime: Integrations,
    caller: Caller,
    credential_id: UUID,
    origin: Origin,
) -> ToolCredentialView:
    credential = await tool_credentials.revoke_credential(
        runtime,
        practice_id=caller.practice_id,
        credential_id=credential_id,
        actor=actor_of(caller),
        origin=origin,
    )
    return ToolCredentialView.of(credential)
