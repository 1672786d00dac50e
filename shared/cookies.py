"""Browser session cookies and the CSRF check that goes with them.

A browser holds three cookies set by identity at sign-in:

- access   the access token (httpOnly), sent with every request; the gateway turns it
           into an ``Authorization: Bearer`` header for the services
- refresh  the refresh token (httpOnly), only sent to identity's session paths
- csrf     a random value the page can read; unsafe requests that ride on the cookies
           must repeat it in the ``X-CSRF-Token`` header (double submit)

SameSite=Strict already stops most cross-site requests; the token stops the rest.

Their names depend on where the portal is served (``PORTAL_PUBLIC_URL``). Over HTTPS the
access and CSRF cookies are ``__Host-`` (Secure, Path=/, no Domain: a sibling subdomain
can neither plant nor overwrite them). The refresh cookie is scoped to the session paths
so that it never rides along to other services, and ``__Host-`` demands Path=/: it is
``__Secure-`` instead. A sibling could still plant one of those, but a refresh needs the
CSRF header to match the ``__Host-`` CSRF cookie, which it cannot plant. Over plain HTTP
(http://localhost) browsers refuse prefixed cookies, so the names are plain. Readers
accept only the names of the portal's own scheme: a plain cookie planted beside an HTTPS
portal is no session cookie at all.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

CSRF_HEADER = "X-CSRF-Token"
REFRESH_COOKIE_PATH = "/api/v1/identity/sessions"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class SessionCookies:
    """The names of the session cookies, and whether they must be Secure."""

    access: str
    refresh: str
    csrf: str
    secure_only: bool

    def rides_on(self, cookies: Mapping[str, str]) -> bool:
        """True if the request carries a session cookie (so it needs the CSRF token)."""
        return self.access in cookies or self.refresh in cookies

    def csrf_ok(self, method: str, cookies: Mapping[str, str], headers: Mapping[str, str]) -> bool:
        """True unless this is an unsafe request on session cookies without a matching token."""
        if method.upper() in SAFE_METHODS or not self.rides_on(cookies):
            return True
        expected = cookies.get(self.csrf, "")
        given = headers.get(CSRF_HEADER, "")
        return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())


PLAIN = SessionCookies(
    access="portal_at", refresh="portal_rt", csrf="portal_csrf", secure_only=False
)
PREFIXED = SessionCookies(
    access="__Host-portal_at",
    refresh="__Secure-portal_rt",
    csrf="__Host-portal_csrf",
    secure_only=True,
)


def session_cookies(public_url: str) -> SessionCookies:
    """The cookies of a portal served at ``public_url`` (PORTAL_PUBLIC_URL)."""
    return PREFIXED if urlsplit(public_url).scheme.lower() == "https" else PLAIN
