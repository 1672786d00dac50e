"""The answer to a sign-in (tokens for an app, cookies for a browser) and logging out."""

from __future__ import annotations

from aiohttp import web

from services.identity.schemas import (
    AccountView,
    PublicPracticeView,
    SessionInfo,
    SessionResponse,
)
from services.identity.service.login import LoginResult, SecondFactorNeeded
from services.identity.service.runtime import Identity
from services.identity.service.sessions import SignedIn
from shared.cookies import REFRESH_COOKIE_PATH, SessionCookies, session_cookies

NO_STORE = {"Cache-Control": "no-store"}


def _json(body: SessionResponse) -> web.Response:
    return web.Response(
        text=body.model_dump_json(exclude_none=True),
        content_type="application/json",
        headers=NO_STORE,
    )


def session_response(idp: Identity, result: LoginResult) -> web.Response:
    if isinstance(result, SecondFactorNeeded):
        step = "totp_enrolment_required" if result.enrol else "totp_required"
        body = SessionResponse(
            status=step,
            challenge=result.challenge,
            otpauth_uri=result.otpauth_uri,
            totp_secret=result.secret,
        )
        return _json(body)
    body = _signed_in_body(idp, result)
    if result.session.client_kind == "mobile":
        body.access_token = result.access_token
        body.refresh_token = result.refresh_token
        body.token_type = "Bearer"
        body.expires_in = result.access_expires_in
        return _json(body)
    response = _json(body)
    _set_cookies(idp, response, result)
    return response


def _signed_in_body(idp: Identity, result: SignedIn) -> SessionResponse:
    return SessionResponse(
        status="signed_in",
        account=AccountView.of(result.account),
        practice=PublicPracticeView.of(result.practice),
        session=SessionInfo(
            id=result.session.id,
            expires_at=result.session.expires_at,
            idle_timeout_seconds=idp.settings.idle_timeout_seconds,
        ),
        csrf_token=result.csrf_token,
    )


def cookie_names(idp: Identity) -> SessionCookies:
    """The session cookies' names where the portal is served (``shared.cookies``)."""
    return session_cookies(idp.settings.public_url)


def _secure(idp: Identity) -> bool:
    # A prefixed cookie that is not Secure is refused by the browser.
    return idp.settings.cookie_secure or cookie_names(idp).secure_only


def _set_cookies(idp: Identity, response: web.Response, result: SignedIn) -> None:
    names, secure = cookie_names(idp), _secure(idp)
    lifetime = max(1, int((result.session.expires_at - idp.now()).total_seconds()))
    cookies = (
        (names.access, result.access_token, "/", True, result.access_expires_in),
        (names.refresh, result.refresh_token, REFRESH_COOKIE_PATH, True, lifetime),
        (names.csrf, result.csrf_token, "/", False, lifetime),  # the page reads this one
    )
    for name, value, path, httponly, max_age in cookies:
        response.set_cookie(
            name,
            value,
            path=path,
            httponly=httponly,
            max_age=max_age,
            secure=secure,
            samesite="Strict",
        )


def clear_cookies(idp: Identity, response: web.StreamResponse) -> None:
    names = cookie_names(idp)
    for name, path in (
        (names.access, "/"),
        (names.refresh, REFRESH_COOKIE_PATH),
        (names.csrf, "/"),
    ):
        response.del_cookie(name, path=path, secure=_secure(idp), samesite="Strict")
