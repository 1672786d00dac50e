"""The signed-in account, password strength, recovery ("Forgot your password?")."""

from __future__ import annotations

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.schemas import (
    ChangePasswordRequest,
    MessageView,
    MeView,
    PasswordCheckRequest,
    PasswordResetConfirm,
    PasswordResetRequest,
    RevokedView,
    StartTotpRequest,
    StrengthView,
    TotpCodeRequest,
    TotpEnrolmentView,
)
from services.identity.service import accounts, passwords, recovery
from services.identity.service.runtime import Identity
from shared.auth import ALL_ROLES, Caller
from shared.origin import Origin
from shared.web import endpoint

RESET_SENT = (
    "If this email address has a portal account, a password recovery email is on its way. "
    "Check your spam folder too."
)


@routes.get("/api/v1/identity/me")
@endpoint(summary="Who is signed in, and where", roles=ALL_ROLES, response=MeView, tags=TAGS)
async def me(request: web.Request, *, runtime: Identity, caller: Caller) -> MeView:
    account, practice = await accounts.me(runtime, caller=caller)
    return MeView.of_pair(account, practice)


@routes.post("/api/v1/identity/me/password")
@endpoint(
    summary="Change password (other sessions end)",
    roles=ALL_ROLES,
    body=ChangePasswordRequest,
    response=RevokedView,
    tags=TAGS,
)
async def change_password(
    request: web.Request,
    *,
    runtime: Identity,
    caller: Caller,
    body: ChangePasswordRequest,
    origin: Origin,
) -> RevokedView:
    ended = await recovery.change_password(
        runtime,
        caller=caller,
        current_password=body.current_password,
        password=body.password,
        password_confirmation=body.password_confirmation,
        origin=origin,
    )
    return RevokedView(sessions_ended=ended)


@routes.post("/api/v1/identity/me/totp")
@endpoint(
    summary="Start setting up an authenticator app (current password required)",
    roles=ALL_ROLES,
    body=StartTotpRequest,
    response=TotpEnrolmentView,
    status=201,
    tags=TAGS,
)
async def start_totp(
    request: web.Request,
    *,
    runtime: Identity,
    caller: Caller,
    body: StartTotpRequest,
    origin: Origin,
) -> TotpEnrolmentView:
    uri, secret = await accounts.start_totp_enrolment(
        runtime,
        caller=caller,
        current_password=body.current_password,
        origin=origin,
    )
    return TotpEnrolmentView(otpauth_uri=uri, totp_secret=secret)


@routes.post("/api/v1/identity/me/totp/verify")
@endpoint(
    summary="Confirm the authenticator app with a code",
    roles=ALL_ROLES,
    body=TotpCodeRequest,
    status=204,
    tags=TAGS,
)
async def verify_totp(
    request: web.Request,
    *,
    runtime: Identity,
    caller: Caller,
    body: TotpCodeRequest,
    origin: Origin,
) -> None:
    await accounts.confirm_totp_enrolment(runtime, caller=caller, code=body.code, origin=origin)


@routes.post("/api/v1/identity/me/totp/disable")
@endpoint(
    summary="Turn off two-step verification (clients only; current password required)",
    roles=ALL_ROLES,
    body=StartTotpRequest,
    status=204,
    tags=TAGS,
)
async def disable_totp(
    request: web.Request,
    *,
    runtime: Identity,
    caller: Caller,
    body: StartTotpRequest,
    origin: Origin,
) -> None:
    await accounts.disable_totp(
        runtime, caller=caller, current_password=body.current_password, origin=origin
    )


@routes.post("/api/v1/identity/passwords/check")
@endpoint(
    summary="How strong a password is, with feedback to show",
    tags=TAGS,
    body=PasswordCheckRequest,
    response=StrengthView,
    public=True,
    csrf_exempt=True,  # changes nothing
)
async def check_password(
    request: web.Request, *, runtime: Identity, body: PasswordCheckRequest
) -> StrengthView:
    words = [w for w in (body.email, body.first_name, body.last_name, body.practice) if w]
    verdict = await passwords.strength(runtime, body.password, user_inputs=words)
    return StrengthView.of(verdict)


@routes.post("/api/v1/identity/password-resets")
@endpoint(
    summary="Forgot your password? (the same answer for every email)",
    tags=TAGS,
    body=PasswordResetRequest,
    response=MessageView,
    status=202,
    public=True,
    csrf_exempt=True,
)
async def request_reset(
    request: web.Request, *, runtime: Identity, body: PasswordResetRequest, origin: Origin
) -> MessageView:
    await recovery.request_reset(
        runtime, practice_slug=body.practice, email=body.email, origin=origin
    )
    return MessageView(detail=RESET_SENT)


@routes.post("/api/v1/identity/password-resets/confirm")
@endpoint(
    summary="Choose a new password from a recovery or setup link",
    tags=TAGS,
    body=PasswordResetConfirm,
    status=204,
    public=True,
    csrf_exempt=True,
)
async def confirm_reset(
    request: web.Request, *, runtime: Identity, body: PasswordResetConfirm, origin: Origin
) -> None:
    await recovery.confirm_reset(
        runtime,
        token=body.token,
        password=body.password,
        password_confirmation=body.password_confirmation,
        origin=origin,
    )
