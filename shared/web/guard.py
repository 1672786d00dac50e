"""The request guard every service runs, inside the shared middlewares (so what it
refuses becomes problem+json), whether or not the gateway is in front:

- CSRF (double submit): an unsafe request that rides on the session cookies must repeat
  the CSRF cookie in ``X-CSRF-Token`` (``shared.cookies.SessionCookies.csrf_ok``). Endpoints declared
  ``@endpoint(csrf_exempt=True)`` authenticate by what the body carries (a password, a
  PIN, a one-time token), never by a cookie, and are exempt: a stale cookie must not stop
  anyone from signing in again. Exemption is read from the route the router chose, never
  from the decoded path, so "%2F" tricks cannot make one endpoint look like another.
- Bodies must be JSON: a cross-site HTML form can post text/plain or form data without a
  preflight, never application/json.
- A browser that reaches a service directly (no gateway in front, as in development) is
  authenticated by its access cookie the way the gateway would: the cookie becomes the
  ``Authorization`` header, after the CSRF check above.
- ``no_store``: nothing the service answers is cached (a handler may still set its own
  ``Cache-Control``, as identity's JWKS does).
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from multidict import CIMultiDict

from shared.cookies import PLAIN, SAFE_METHODS, SessionCookies
from shared.errors import Forbidden
from shared.web.endpoint import spec_of

CSRF_REFUSED = "The security token of this page is missing or out of date: reload the page."


def csrf_exempt(request: web.Request) -> bool:
    spec = spec_of(request.match_info.route.handler)
    return spec is not None and spec.csrf_exempt


def request_guard(*, no_store: bool, cookies: SessionCookies = PLAIN) -> Middleware:
    """``cookies``: the session cookies' names where the portal is served
    (``shared.cookies.session_cookies``)."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method not in SAFE_METHODS:
            if not csrf_exempt(request) and not cookies.csrf_ok(
                request.method, request.cookies, request.headers
            ):
                raise Forbidden(CSRF_REFUSED, reason="csrf")
            if request.body_exists and request.content_type != "application/json":
                raise web.HTTPUnsupportedMediaType(reason="Send JSON (application/json)")
        access = request.cookies.get(cookies.access)
        if access and "Authorization" not in request.headers:
            headers = CIMultiDict(request.headers)
            headers["Authorization"] = f"Bearer {access}"
            request = request.clone(headers=headers)
        response = await handler(request)
        if no_store:
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return guard
