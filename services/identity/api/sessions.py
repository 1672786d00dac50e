"""Sign-in, the TOTP step, refresh, logout and "log out other devices"."""

from __future__ import annotations

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.api.session_cookies import (
    NO_STORE,
    clear_cookies,
    cookie_names,
    session_response,
)
from services.identity.schemas import (
    LoginRequest,
    LogoutRequest,
    RefreshRequest,
    RevokedView,
    SessionResponse,
    TotpLoginRequest,
)
from services.identity.service import login, sessions
from services.identity.service.runtime import Identity
from shared.auth import ALL_ROLES, Caller
from shared.errors import Unauthenticated
from shared.origin import Origin
from shared.web import endpoint, json_response, optional_body, optional_caller


@routes.post("/api/v1/identity/sessions")
@endpoint(
    summary="Log in with email and password",
    body=LoginRequest,
    response=SessionResponse,
    tags=TAGS,
    public=True,
    csrf_exempt=True,
)
async def log_in(
    request: web.Request, *, runtime: Identity, body: LoginRequest, origin: Origin
) -> web.Response:
    result = await login.log_in(
        runtime,
        practice_slug=body.practice,
        email=body.email,
        password=body.password,
        client_kind=body.client,
        origin=origin,
    )
    return session_response(runtime, result)


@routes.post("/api/v1/identity/sessions/totp")
@endpoint(
    summary="Finish signing in with an authenticator code",
    body=TotpLoginRequest,
    response=SessionResponse,
    tags=TAGS,
    public=True,
    csrf_exempt=True,  # carries its one-time challenge
)
async def log_in_totp(
    request: web.Request, *, runtime: Identity, body: TotpLoginRequest, origin: Origin
) -> web.Response:
    result = await login.complete_second_factor(
        runtime, challenge=body.challenge, code=body.code, origin=origin
    )
    return session_response(runtime, result)


@routes.post("/api/v1/identity/sessions/refresh")
@endpoint(
    summary="New access and refresh tokens (the refresh token rotates)",
    response=SessionResponse,
    tags=TAGS,
    public=True,
)
async def refresh(request: web.Request, *, runtime: Identity, origin: Origin) -> web.Response:
    body = await optional_body(request, RefreshRequest)
    names = cookie_names(runtime)
    token = body.refresh_token or request.cookies.get(names.refresh)
    if not token:
        raise Unauthenticated(sessions.SESSION_ENDED)
    result = await sessions.refresh_session(
        runtime, refresh_token=token, csrf_token=request.cookies.get(names.csrf), origin=origin
    )
    return session_response(runtime, result)


@routes.delete("/api/v1/identity/sessions/current")
@endpoint(summary="Log out (this session)", status=204, tags=TAGS, public=True)
async def log_out(request: web.Request, *, runtime: Identity, origin: Origin) -> web.Response:
    body = await optional_body(request, LogoutRequest)
    await sessions.end_session(
        runtime,
        caller=await optional_caller(request),
        refresh_token=body.refresh_token or request.cookies.get(cookie_names(runtime).refresh),
        origin=origin,
    )
    response = web.Response(status=204, headers=NO_STORE)
    clear_cookies(runtime, response)
    return response


@routes.post("/api/v1/identity/sessions/revoke-others")
@endpoint(summary="Log out every other device", roles=ALL_ROLES, response=RevokedView, tags=TAGS)
async def revoke_others(
    request: web.Request, *, runtime: Identity, caller: Caller, origin: Origin
) -> web.Response:
    ended = await sessions.revoke_other_sessions(runtime, caller=caller, origin=origin)
    return json_response(RevokedView(sessions_ended=ended), headers=NO_STORE)
