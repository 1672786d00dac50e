"""The guide's first login: PIN from the welcome email, then "create a password"."""

from __future__ import annotations

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.api.session_cookies import session_response
from services.identity.schemas import (
    AcceptInvitationRequest,
    ActivateRequest,
    GrantResponse,
    SessionResponse,
)
from services.identity.service import invitations
from services.identity.service.runtime import Identity
from shared.origin import Origin
from shared.web import endpoint


@routes.post("/api/v1/identity/invitations/accept")
@endpoint(
    summary="Email address and 4-digit PIN from the welcome email",
    tags=TAGS,
    body=AcceptInvitationRequest,
    response=GrantResponse,
    public=True,
    csrf_exempt=True,
)
async def accept(
    request: web.Request, *, runtime: Identity, body: AcceptInvitationRequest, origin: Origin
) -> GrantResponse:
    grant = await invitations.accept_invitation(
        runtime,
        practice_slug=body.practice,
        token=body.invitation,
        email=body.email,
        pin=body.pin,
        origin=origin,
    )
    expires_in = int(runtime.settings.activation_grant_minutes * 60)
    return GrantResponse(grant=grant, expires_in=expires_in)


@routes.post("/api/v1/identity/invitations/activate")
@endpoint(
    summary="Create a password (enter it twice, Update) and log in",
    tags=TAGS,
    body=ActivateRequest,
    response=SessionResponse,
    public=True,
    csrf_exempt=True,
)
async def activate(
    request: web.Request, *, runtime: Identity, body: ActivateRequest, origin: Origin
) -> web.Response:
    result = await invitations.activate(
        runtime,
        grant=body.grant,
        password=body.password,
        password_confirmation=body.password_confirmation,
        client_kind=body.client,
        origin=origin,
    )
    return session_response(runtime, result)
