"""What a request must pass before any service sees it: size, rate, CSRF, token."""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from aiohttp import web

from gateway.csrf import CsrfExemptions
from gateway.ratelimit import TokenBucketLimiter
from gateway.revocations import RevokedSessions
from gateway.state import AREA, CLIENT, DEAD_ACCESS_COOKIE
from shared.auth import TokenVerifier, bearer_token
from shared.cookies import SAFE_METHODS, session_cookies
from shared.errors import Forbidden, NotFound, TooManyRequests, Unauthenticated

LOGIN_PATH = "/api/v1/identity/sessions"
# Public, and each one costs identity a strength estimate: limited in a bucket of its own.
PASSWORD_CHECK_PATH = "/api/v1/identity/passwords/check"
# Public forms anyone may send that make work for a practice: a New Client's appointment
# request (scheduling caps how many may wait; one address must not take them all).
PUBLIC_FORM_PATHS = re.compile(r"/api/v1/scheduling/practices/[^/]+/booking/requests")
# Refresh and logout ride on tokens nobody can guess; limiting them would only log
# people out of a busy office network.
_NOT_RATE_LIMITED = frozenset({f"{LOGIN_PATH}/refresh", f"{LOGIN_PATH}/current"})


def under(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix.rstrip("/") + "/")


def rate_key(client_ip: str) -> str:
    """The bucket of a client address. An IPv6 subscriber is handed a whole /64 (often
    more), so an address per attempt costs nothing: the /64 is the client. An IPv4-mapped
    address is its IPv4 address."""
    try:
        address = ipaddress.ip_address(client_ip)
    except ValueError:
        return client_ip
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def refuse_dot_segments(path: str) -> None:
    """404 for ``.``/``..`` segments (also when percent-encoded), so that the gateway and
    the service behind it can never disagree about which path was asked for."""
    if "." not in path and "\\" not in path:  # the common case, without splitting
        return
    if any(segment in (".", "..") for segment in path.split("/")) or "\\" in path:
        raise NotFound("no such resource")


class Gatekeeper:
    def __init__(
        self,
        *,
        verifier: TokenVerifier,
        limiter: TokenBucketLimiter,
        check_limiter: TokenBucketLimiter,
        form_limiter: TokenBucketLimiter,
        auth_prefixes: Sequence[str],
        max_body_bytes: int,
        public_url: str,
        revoked: RevokedSessions,
        csrf_exemptions: CsrfExemptions,
    ) -> None:
        self.verifier = verifier
        self.revoked = revoked
        self._csrf_exemptions = csrf_exemptions
        self._limiter = limiter
        self._check_limiter = check_limiter
        self._form_limiter = form_limiter
        self._auth_prefixes = tuple(auth_prefixes)
        self.max_body_bytes = max_body_bytes
        self._public_origin = _origin(public_url)
        self.cookies = session_cookies(public_url)

    def is_auth_path(self, path: str) -> bool:
        return any(under(path, prefix) for prefix in self._auth_prefixes)

    async def admit(self, request: web.Request, *, path: str, client_ip: str) -> str | None:
        """Check the request; the ``Authorization`` value to send upstream, if any."""
        self._check_size(request)
        auth_path = self.is_auth_path(path)
        if auth_path and request.method not in SAFE_METHODS and path not in _NOT_RATE_LIMITED:
            self._check_rate(self._limiter, client_ip)
        elif path == PASSWORD_CHECK_PATH and request.method not in SAFE_METHODS:
            self._check_rate(self._check_limiter, client_ip)
        elif request.method not in SAFE_METHODS and PUBLIC_FORM_PATHS.fullmatch(path):
            self._check_rate(self._form_limiter, client_ip)
        if not self.cookies.csrf_ok(request.method, request.cookies, request.headers):
            # Exemptions are the services' own declarations (gateway/csrf.py).
            exempt = await self._csrf_exemptions.exempt(
                request.app[CLIENT], area=request[AREA], method=request.method, path=path
            )
            if not exempt:
                raise Forbidden("missing or wrong X-CSRF-Token header; reload the page")
        return await self._authorization(request)

    async def _check(self, token: str) -> None:
        caller = await self.verifier.verify(token)
        if caller.session_id in self.revoked:
            raise Unauthenticated("this session has ended; sign in again")

    def check_websocket_origin(self, request: web.Request) -> None:
        """Browsers send cookies on cross-site WebSocket handshakes and SameSite does not
        cover every case: a cookie-borne handshake must come from our own origin."""
        origin = request.headers.get("Origin")
        if origin is None or not self.cookies.rides_on(request.cookies):
            return
        own = {self._public_origin, f"{request.scheme}://{request.host}"}
        if _origin(origin) not in own:
            raise Forbidden("WebSocket from another site")

    def _check_size(self, request: web.Request) -> None:
        length = request.content_length
        if length is not None and length > self.max_body_bytes:
            raise web.HTTPRequestEntityTooLarge(max_size=self.max_body_bytes, actual_size=length)

    def _check_rate(self, limiter: TokenBucketLimiter, client_ip: str) -> None:
        wait = limiter.take(rate_key(client_ip))
        if wait is not None:
            raise TooManyRequests(
                "too many attempts from your network; wait a moment and try again",
                retry_after=math.ceil(wait),
            )

    async def _authorization(self, request: web.Request) -> str | None:
        header = request.headers.get("Authorization")
        if header is not None:
            token = bearer_token(header)
            if token is not None:
                await self._check(token)
            return header  # another scheme goes on as sent: the service refuses it
        cookie = request.cookies.get(self.cookies.access)
        if not cookie:
            return None  # anonymous: the service decides what is public
        try:
            await self._check(cookie)
        except Unauthenticated:
            # A cookie is sent by the browser, not chosen by the caller: a dead one (its
            # session ended elsewhere, or it expired) is no credential at all. The request
            # goes on without it, so public pages (a practice's Log in page) still work
            # and protected endpoints answer 401 from the service, as to anyone anonymous.
            request[DEAD_ACCESS_COOKIE] = True
            return None
        return f"Bearer {cookie}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()
