"""Security headers, the request id and ``no-store`` on every response.

Set in ``on_response_prepare`` rather than a middleware so that streamed responses,
WebSocket handshakes, static files and aiohttp's own errors get them too.
"""

from __future__ import annotations

from aiohttp import web

from gateway.settings import GatewaySettings
from shared.logging import REQUEST_ID_HEADER
from shared.web.middleware import REQUEST_ID
from shared.web.server import BASELINE_HEADERS


def content_security_policy(extra: str) -> str:
    """Same-origin only; ``extra`` (space-separated origins, e.g. a local Stripe test
    page) may also serve scripts, frames, images and forms, and be fetched from."""
    more = f" {extra.strip()}" if extra.strip() else ""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self'{more}",
            "style-src 'self'",
            f"img-src 'self' data:{more}",
            # 'self' covers same-origin ws:/wss: (CSP 3); any other socket host is refused,
            # so an injected script has no easy channel out.
            f"connect-src 'self'{more}",
            f"frame-src 'self'{more}",
            "frame-ancestors 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            f"form-action 'self'{more}",
        ]
    )


def fixed_headers(settings: GatewaySettings) -> dict[str, str]:
    """What every answer of the gateway carries (``shared.web.server.answer_with``), its
    refusals of requests too malformed to reach the app included."""
    headers = {
        **BASELINE_HEADERS,
        "Content-Security-Policy": content_security_policy(settings.csp_extra),
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if settings.hsts:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return headers


class SecurityHeaders:
    """The headers that depend on the request: no-store on the API, the request id."""

    async def __call__(self, request: web.BaseRequest, response: web.StreamResponse) -> None:
        if request.path.startswith("/api/"):
            # Answers carry personal health data: no cache, shared or private, keeps them.
            response.headers["Cache-Control"] = "no-store"
        request_id = request.get(REQUEST_ID)
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
