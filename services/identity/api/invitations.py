"""The guide's first login: PIN from the welcome email, then "create a password"."""

from __future__ import annotations

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.api.common import identity, origin, session_response
from services.identity.schemas import (
    AcceptInvitationRequest,
    ActivateRequest,
    GrantResponse,
    SessionResponse,
)
from services.identity.service import invitations
from shared.web import endpoint


@routes.post("/api/v1/identity/invitations/accept")
@endpoint(
    summary="Email address and 4-digit PIN from the welcome email",
    tags=TAGS,
    body=AcceptInvitationRequest,
    response=GrantResponse,
    public=True,
)
async def accept(request: web.Request, *, body: AcceptInvitationRequest) -> GrantResponse:
    idp = identity(request)
    grant = await invitations.accept_invitation(
        idp,
        practice_slug=body.practice,
        token=body.invitation,
        email=body.email,
        pin=body.pin,
        origin=origin(request),
    )
    return GrantResponse(grant=grant, expires_in=int(idp.settings.activation_grant_minutes * 60))


@routes.post("/api/v1/identity/invitations/activate")
@endpoint(
    summary="Create a password (enter it twice, Update) and log in",
    tags=TAGS,
    body=ActivateRequest,
    response=SessionResponse,
    public=True,
)
async def activate(request: web.Request, *, body: ActivateRequest) -> web.Response:
    result = await invitations.activate(
        identity(request),
        grant=body.grant,
        password=body.password,
        password_confirmation=body.password_confirmation,
        client_kind=body.client,
        origin=origin(request),
    )
    return session_response(request, result)
