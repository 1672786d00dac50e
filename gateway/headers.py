"""Security headers, the request id and ``no-store`` on every response.

Set in ``on_response_prepare`` rather than a middleware so that streamed responses,
WebSocket handshakes, static files and aiohttp's own errors get them too.
"""

from __future__ import annotations

from aiohttp import web

from gateway.settings import GatewaySettings
from shared.logging import REQUEST_ID_HEADER
from shared.web.middleware import REQUEST_ID


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


class SecurityHeaders:
    def __init__(self, settings: GatewaySettings) -> None:
        self._headers = {
            "Content-Security-Policy": content_security_policy(settings.csp_extra),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "X-Frame-Options": "DENY",
            "Permissions-Policy": "camera=(), microphone=(), geolocation=(), usb=()",
            "Cross-Origin-Opener-Policy": "same-origin",
            # Without this aiohttp would announce its exact version.
            "Server": "client-portal",
        }
        if settings.hsts:
            self._headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"

    async def __call__(self, request: web.BaseRequest, response: web.StreamResponse) -> None:
        response.headers.update(self._headers)
        if request.path.startswith("/api/"):
            # Answers carry personal health data: no cache, shared or private, keeps them.
            response.headers["Cache-Control"] = "no-store"
        request_id = request.get(REQUEST_ID)
        if request_id:
            response.headers[REQUEST_ID_HEADER] = request_id
