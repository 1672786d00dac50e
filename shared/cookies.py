"""Browser session cookies and the CSRF check that goes with them.

A browser holds three cookies set by identity at sign-in:

- ``portal_at``   the access token (httpOnly), sent with every request; the gateway turns
                  it into an ``Authorization: Bearer`` header for the services
- ``portal_rt``   the refresh token (httpOnly), only sent to identity's session paths
- ``portal_csrf`` a random value the page can read; unsafe requests that ride on the
                  cookies must repeat it in the ``X-CSRF-Token`` header (double submit)

SameSite=Strict already stops most cross-site requests; the token stops the rest.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping

ACCESS_COOKIE = "portal_at"
REFRESH_COOKIE = "portal_rt"
CSRF_COOKIE = "portal_csrf"
CSRF_HEADER = "X-CSRF-Token"
REFRESH_COOKIE_PATH = "/api/v1/identity/sessions"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def rides_on_cookies(cookies: Mapping[str, str]) -> bool:
    return ACCESS_COOKIE in cookies or REFRESH_COOKIE in cookies


def csrf_ok(method: str, cookies: Mapping[str, str], headers: Mapping[str, str]) -> bool:
    """True unless this is an unsafe request on session cookies without a matching token."""
    if method.upper() in SAFE_METHODS or not rides_on_cookies(cookies):
        return True
    expected = cookies.get(CSRF_COOKIE, "")
    given = headers.get(CSRF_HEADER, "")
    return bool(expected) and hmac.compare_digest(expected.encode(), given.encode())
