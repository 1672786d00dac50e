"""Identity's own guard, inside the shared middlewares (so errors become problem+json).

- CSRF: an unsafe request that rides on the session cookies must repeat the CSRF
  cookie in X-CSRF-Token (shared.cookies.csrf_ok), even when it did not come through
  the gateway. Endpoints that authenticate by what the body carries (a password, a
  PIN, a one-time token), never by a cookie, are exempt: a stale cookie must not stop
  someone from logging in again.
- Bodies must be JSON: a cross-site HTML form can post text/plain or form data without
  a preflight, never application/json.
- A browser that reaches identity directly (no gateway in front, as in development)
  is authenticated by its access cookie the way the gateway would: the cookie becomes
  the Authorization header, after the CSRF check above.
- Nothing identity answers may be cached: it is about people and their sessions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web
from multidict import CIMultiDict

from shared.cookies import ACCESS_COOKIE, SAFE_METHODS, csrf_ok
from shared.errors import Forbidden

# Sign-in and recovery: authenticated by the body, never by a session cookie.
NOT_COOKIE_AUTHENTICATED = frozenset(
    f"/api/v1/identity/{path}"
    for path in (
        "sessions",
        "sessions/totp",
        "invitations/accept",
        "invitations/activate",
        "passwords/check",
        "password-resets",
        "password-resets/confirm",
    )
)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@web.middleware
async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.method not in SAFE_METHODS:
        # By the route the router chose, not the decoded path: "%2F" tricks cannot make
        # another endpoint look like an exempt one.
        resource = request.match_info.route.resource
        exempt = resource is not None and resource.canonical in NOT_COOKIE_AUTHENTICATED
        if not exempt and not csrf_ok(request.method, request.cookies, request.headers):
            raise Forbidden(
                "The security token of this page is missing or out of date: reload the page.",
                reason="csrf",
            )
        if request.body_exists and request.content_type != "application/json":
            raise web.HTTPUnsupportedMediaType(reason="Send JSON (application/json)")
    access = request.cookies.get(ACCESS_COOKIE)
    if access and "Authorization" not in request.headers:
        headers = CIMultiDict(request.headers)
        headers["Authorization"] = f"Bearer {access}"
        request = request.clone(headers=headers)
    response = await handler(request)
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def install(app: web.Application) -> None:
    app.middlewares.append(guard)
