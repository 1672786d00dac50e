"""How the gateway and every service serve HTTP: ``serve`` (``python -m ...``) and
``PortalAppRunner`` (``serve`` and the tests' ``running_app``).

Every answer carries the app's fixed headers (``answer_with``: security headers and a
``Server`` that names no software or version), set in ``on_response_prepare``.

A request aiohttp's parser cannot read (garbage, a header past the size limit,
Content-Length with Transfer-Encoding) never reaches the app, its middlewares or that
signal: aiohttp answers it itself, in plain text, with its version in ``Server``, and
logs the parser's exception, whose text quotes up to 100 bytes of the request (an
oversized Cookie header's first cookie: on session paths, the refresh token). The
runner here answers such requests as the app answers any refusal (problem+json with the
app's fixed headers) and logs only what kind of error it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from http import HTTPStatus
from typing import Any

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.web_protocol import RequestHandler

from shared.errors import PROBLEM_JSON
from shared.logging import get_logger

log = get_logger(__name__)

# What every answer of every service carries; the gateway adds its page policies.
BASELINE_HEADERS = {
    "Server": "client-portal",  # aiohttp would name itself, Python and their versions
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}
RESPONSE_HEADERS: web.AppKey[dict[str, str]] = web.AppKey("response_headers")


def answer_with(app: web.Application, headers: dict[str, str]) -> None:
    """Every answer of ``app`` carries ``headers``, its refusals of unreadable requests
    included (``PortalAppRunner``)."""
    app[RESPONSE_HEADERS] = headers

    async def add(_: web.BaseRequest, response: web.StreamResponse) -> None:
        response.headers.update(headers)

    app.on_response_prepare.append(add)


class _PortalRequestHandler(RequestHandler):
    def __init__(self, manager: web.Server, *, headers: dict[str, str], **kwargs: Any) -> None:
        super().__init__(manager, **kwargs)
        self._answer_headers = headers

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        """What aiohttp answers itself: an unreadable request (400) or an exception that
        got past every middleware (500). ``message`` is never used: it quotes the request."""
        if isinstance(exc, HttpProcessingError):
            # The exception's text quotes the request: its kind is all the log gets.
            log.info("http.unreadable_request", status=status, error=type(exc).__name__)
        elif exc is not None:
            log.error("http.unhandled", status=status, exc_info=exc)
        if request.writer.output_size > 0:  # the answer had begun: nothing can follow it
            raise ConnectionError("the answer was already being sent")
        response = web.Response(
            status=status,
            body=json.dumps(_problem(status)).encode(),
            headers={**self._answer_headers, "Content-Type": PROBLEM_JSON},
        )
        response.headers.setdefault("Cache-Control", "no-store")
        response.force_close()
        return response


def _problem(status: int) -> dict[str, Any]:
    if status == 400:
        detail = "the request could not be read: it is malformed or its headers are too large"
    else:
        detail = "something went wrong on our side; please try again"
    title = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return {
        "type": f"https://client-portal.dev/problems/{status}",
        "title": title,
        "status": status,
        "detail": detail,
    }


class _PortalServer(web.Server):
    def __init__(self, *args: Any, headers: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._answer_headers = headers

    def __call__(self) -> RequestHandler:
        return _PortalRequestHandler(
            self, loop=self._loop, headers=self._answer_headers, **self._kwargs
        )


class PortalAppRunner(web.AppRunner):
    """``web.AppRunner`` whose connections answer unreadable requests as described above."""

    async def _make_server(self) -> web.Server:
        made = await super()._make_server()
        # The same server aiohttp built (handler, request factory, settings), but with
        # connections of our own kind. _loop and _kwargs are what Server.__call__ reads.
        return _PortalServer(
            made.request_handler,
            request_factory=made.request_factory,
            handler_cancellation=made.handler_cancellation,
            loop=made._loop,
            headers=self.app.get(RESPONSE_HEADERS, BASELINE_HEADERS),
            **made._kwargs,
        )


def serve(app: web.Application, *, host: str, port: int) -> None:
    """Serve ``app`` until SIGINT or SIGTERM, then clean it up (as ``web.run_app`` does)."""
    with contextlib.suppress(web.GracefulExit, KeyboardInterrupt):
        asyncio.run(_serve(app, host=host, port=port))


async def _serve(app: web.Application, *, host: str, port: int) -> None:
    runner = PortalAppRunner(app, handle_signals=True, access_log=None)
    await runner.setup()
    try:
        await web.TCPSite(runner, host, port).start()
        await asyncio.Event().wait()  # until a signal raises GracefulExit
    finally:
        await runner.cleanup()
