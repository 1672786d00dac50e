"""Internal HTTP calls carry the caller's request id."""

from __future__ import annotations

from aiohttp import web

from shared.client import service_session
from shared.logging import request_context
from shared.testing import running_app


async def test_a_service_call_carries_the_current_request_id() -> None:
    async def echo(request: web.Request) -> web.Response:
        return web.json_response({"request_id": request.headers.get("X-Request-ID")})

    app = web.Application()
    app.router.add_get("/echo", echo)
    async with running_app(app) as url, service_session() as session:
        with request_context("req-abc-123456"):
            async with session.get(f"{url}/echo") as response:
                assert (await response.json())["request_id"] == "req-abc-123456"
