"""What the handlers share: the runtime, where a request came from, session cookies."""

from __future__ import annotations

import functools
import ipaddress
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel

from services.identity.schemas import (
    AccountView,
    PublicPracticeView,
    SessionInfo,
    SessionResponse,
)
from services.identity.service.login import LoginResult, SecondFactorNeeded
from services.identity.service.runtime import Identity, Origin
from services.identity.service.sessions import SignedIn
from shared.auth import Caller
from shared.cookies import ACCESS_COOKIE, CSRF_COOKIE, REFRESH_COOKIE, REFRESH_COOKIE_PATH
from shared.errors import Unauthenticated
from shared.web.endpoint import authenticate
from shared.web.middleware import REQUEST_ID

IDENTITY = web.AppKey("identity", Identity)
M = TypeVar("M", bound=BaseModel)
NO_STORE = {"Cache-Control": "no-store"}


def identity(request: web.Request) -> Identity:
    return request.app[IDENTITY]


def origin(request: web.Request) -> Origin:
    agent = request.headers.get("User-Agent")
    return Origin(
        ip=client_ip(request),
        user_agent=agent[:300] if agent else None,
        request_id=request.get(REQUEST_ID),
    )


def client_ip(request: web.Request) -> str | None:
    """The client's address: X-Forwarded-For is believed only from a trusted proxy
    (IDENTITY_TRUSTED_PROXIES: addresses or networks, comma-separated)."""
    trusted = _networks(identity(request).settings.trusted_proxies)
    remote = request.remote
    if not _is_trusted(remote, trusted):
        return remote
    hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",")]
    hops = [h for h in hops if h]
    while hops and _is_trusted(hops[-1], trusted):
        hops.pop()
    if hops and _is_address(hops[-1]):
        return hops[-1]
    return remote


@functools.cache
def _networks(spec: str) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(
        ipaddress.ip_network(p.strip(), strict=False) for p in spec.split(",") if p.strip()
    )


def _is_address(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


def _is_trusted(value: str | None, networks: tuple[Any, ...]) -> bool:
    if value is None or not _is_address(value):
        return False
    address = ipaddress.ip_address(value)
    return any(address in network for network in networks)


async def optional_body(request: web.Request, model: type[M]) -> M:
    """A body that may be empty (a browser refreshing with its cookie sends none)."""
    raw = await request.read()
    return model.model_validate_json(raw if raw.strip() else b"{}")


async def optional_caller(request: web.Request) -> Caller | None:
    """The verified caller if a valid access token came, else None."""
    if "Authorization" not in request.headers:
        return None
    try:
        return await authenticate(request)
    except Unauthenticated:
        return None


def _json(body: SessionResponse) -> web.Response:
    return web.Response(
        text=body.model_dump_json(exclude_none=True),
        content_type="application/json",
        headers=NO_STORE,
    )


def session_response(request: web.Request, result: LoginResult) -> web.Response:
    if isinstance(result, SecondFactorNeeded):
        step = "totp_enrolment_required" if result.enrol else "totp_required"
        body = SessionResponse(
            status=step,
            challenge=result.challenge,
            otpauth_uri=result.otpauth_uri,
            totp_secret=result.secret,
        )
        return _json(body)
    body = _signed_in_body(request, result)
    if result.session.client_kind == "mobile":
        body.access_token = result.access_token
        body.refresh_token = result.refresh_token
        body.token_type = "Bearer"
        body.expires_in = result.access_expires_in
        return _json(body)
    response = _json(body)
    _set_cookies(request, response, result)
    return response


def _signed_in_body(request: web.Request, result: SignedIn) -> SessionResponse:
    return SessionResponse(
        status="signed_in",
        account=AccountView.of(result.account),
        practice=PublicPracticeView.of(result.practice),
        session=SessionInfo(
            id=result.session.id,
            expires_at=result.session.expires_at,
            idle_timeout_seconds=identity(request).settings.idle_timeout_seconds,
        ),
        csrf_token=result.csrf_token,
    )


def _set_cookies(request: web.Request, response: web.Response, result: SignedIn) -> None:
    settings = identity(request).settings
    secure = settings.cookie_secure
    lifetime = max(1, int((result.session.expires_at - identity(request).now()).total_seconds()))
    cookies = (
        (ACCESS_COOKIE, result.access_token, "/", True, result.access_expires_in),
        (REFRESH_COOKIE, result.refresh_token, REFRESH_COOKIE_PATH, True, lifetime),
        (CSRF_COOKIE, result.csrf_token, "/", False, lifetime),  # the page reads this one
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


def clear_cookies(request: web.Request, response: web.StreamResponse) -> None:
    settings = identity(request).settings
    for name, path in (
        (ACCESS_COOKIE, "/"),
        (REFRESH_COOKIE, REFRESH_COOKIE_PATH),
        (CSRF_COOKIE, "/"),
    ):
        response.del_cookie(name, path=path, secure=settings.cookie_secure, samesite="Strict")
