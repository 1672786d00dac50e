"""A small stand-in for a service: echoes and records what reaches it."""

from __future__ import annotations

import asyncio
import gzip
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web
from multidict import CIMultiDict

BIG_BODY = bytes(range(256)) * 12_288  # 3 MiB
PLAIN_TEXT = b"the same words again and again " * 100
GZIPPED = gzip.compress(PLAIN_TEXT)


@dataclass
class Seen:
    method: str
    target: str  # the request target exactly as the service received it
    headers: CIMultiDict[str]
    body: bytes
    close_code: int | None = None


# What identity declares @endpoint(csrf_exempt=True): the gateway reads it from here.
EXEMPT_PATHS = (
    "/api/v1/identity/sessions",
    "/api/v1/identity/sessions/totp",
    "/api/v1/identity/passwords/check",
    "/api/v1/identity/invitations/{token}/accept",
    "/api/v1/identity/password-resets",
    "/api/v1/identity/password-resets/{token}",
)


def openapi_for(area: str) -> dict[str, Any]:
    """Two services share ``Money`` (same shape) and ``Address`` (different shapes);
    identity declares its sign-in operations CSRF-exempt."""
    address = {"type": "object", "properties": {f"{area}_line": {"type": "string"}}}
    money = {"type": "object", "properties": {"amount": {"type": "integer"}}}
    ref = {"$ref": "#/components/schemas/Address"}
    exempt = {
        path: {"post": {"summary": "sign-in", "responses": {}, "x-csrf-exempt": True}}
        for path in (EXEMPT_PATHS if area == "identity" else ())
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{area.capitalize()} API", "version": "1"},
        "paths": {
            **exempt,
            f"/api/v1/{area}/things": {
                "post": {
                    "summary": f"Create a {area} thing",
                    "tags": ["things"],
                    "requestBody": {"content": {"application/json": {"schema": ref}}},
                    "responses": {"201": {"description": "OK"}},
                }
            },
        },
        "components": {"schemas": {"Address": address, "Money": money}},
    }


def upstream_app(area: str, *, seen: list[Seen], jwks: dict[str, Any]) -> web.Application:
    async def record(request: web.Request) -> Seen:
        entry = Seen(request.method, request.raw_path, request.headers.copy(), b"")
        seen.append(entry)
        entry.body = await request.read()
        return entry

    async def echo(request: web.Request) -> web.StreamResponse:
        entry = await record(request)
        response = web.json_response(
            {"method": entry.method, "target": entry.target, "size": len(entry.body)},
            status=int(request.query.get("reply", "200")),
            headers={"X-Upstream": area, "Connection": "keep-alive, X-Hop", "X-Hop": "1"},
        )
        response.set_cookie("first", "1", path="/")
        response.set_cookie("second", "2", path="/", httponly=True)
        return response

    async def big(request: web.Request) -> web.StreamResponse:
        await record(request)
        response = web.StreamResponse(headers={"Content-Type": "application/octet-stream"})
        await response.prepare(request)
        for start in range(0, len(BIG_BODY), 65_536):
            await response.write(BIG_BODY[start : start + 65_536])
        return response

    async def broken(request: web.Request) -> web.StreamResponse:
        await record(request)
        response = web.StreamResponse()
        if "length" in request.query:  # announce a length it will never reach
            response.content_length = int(request.query["length"])
        await response.prepare(request)
        await response.write(b"the beginning and then")
        await asyncio.sleep(0.05)
        assert request.transport is not None
        request.transport.abort()  # the service dies mid-body
        return response

    async def gzipped(request: web.Request) -> web.Response:
        await record(request)
        return web.Response(
            body=GZIPPED, headers={"Content-Encoding": "gzip", "Content-Type": "text/plain"}
        )

    async def slow(request: web.Request) -> web.Response:
        await record(request)
        await asyncio.sleep(float(request.query.get("seconds", "5")))
        return web.json_response({"late": True})

    async def websocket(request: web.Request) -> web.WebSocketResponse:
        entry = await record(request)
        ws = web.WebSocketResponse(protocols=("portal.v1",))
        await ws.prepare(request)
        async for message in ws:
            if message.type is WSMsgType.TEXT and message.data.startswith("close:"):
                await ws.close(code=int(message.data.split(":")[1]))
            elif message.type is WSMsgType.TEXT:
                await ws.send_str(f"echo {message.data}")
            elif message.type is WSMsgType.BINARY:
                await ws.send_bytes(message.data[::-1])
        entry.close_code = ws.close_code
        return ws

    app = web.Application(client_max_size=16 * 1024 * 1024)
    app.router.add_get("/openapi.json", _json(openapi_for(area)))
    app.router.add_get("/healthz", _json({"status": "ok"}))
    app.router.add_get("/.well-known/jwks.json", _json(jwks))
    app.router.add_get(f"/api/v1/{area}/big", big)
    app.router.add_get(f"/api/v1/{area}/slow", slow)
    app.router.add_get(f"/api/v1/{area}/gzip", gzipped)
    app.router.add_get(f"/api/v1/{area}/broken", broken)
    app.router.add_get(f"/api/v1/{area}/ws", websocket)
    app.router.add_route("*", f"/api/v1/{area}{{tail:.*}}", echo)
    return app


def _json(body: dict[str, Any]) -> Any:
    async def handler(_: web.Request) -> web.Response:
        return web.json_response(body)

    return handler
