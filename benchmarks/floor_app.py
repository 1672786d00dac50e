"""The floors the portal's request path is measured against, each the least code that does
the same job (uvloop, no middleware, no logging):

    floor_app.py select PORT DSN   aiohttp + asyncpg (pool of 10): identity's one-row
                                   SELECT of the public practice, as JSON
    floor_app.py proxy PORT URL    a bare aiohttp reverse proxy in front of URL (one
                                   client session, keep-alive, body read and sent on)
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator

import aiohttp
import asyncpg
import uvloop
from aiohttp import web

# The statement identity runs for GET /api/v1/identity/practices/{slug}.
PRACTICE_BY_SLUG = (
    "SELECT id, slug, name, time_zone, phone, email, address, npi, tax_id, license"
    " FROM identity.practices WHERE slug = $1"
)
POOL = web.AppKey("pool", asyncpg.Pool)
CLIENT = web.AppKey("client", aiohttp.ClientSession)
UPSTREAM = web.AppKey("upstream", str)


def select_app(dsn: str) -> web.Application:
    async def pool_ctx(app: web.Application) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(dsn, min_size=10, max_size=10)
        assert pool is not None
        app[POOL] = pool
        yield
        await pool.close()

    async def practice(request: web.Request) -> web.Response:
        async with request.app[POOL].acquire() as conn:
            row = await conn.fetchrow(PRACTICE_BY_SLUG, request.match_info["slug"])
        if row is None:
            raise web.HTTPNotFound()
        return web.json_response({**dict(row), "id": str(row["id"])})

    app = web.Application()
    app.cleanup_ctx.append(pool_ctx)
    app.router.add_get("/api/v1/identity/practices/{slug}", practice)
    return app


def proxy_app(upstream: str) -> web.Application:
    async def client_ctx(app: web.Application) -> AsyncIterator[None]:
        app[CLIENT] = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        yield
        await app[CLIENT].close()

    async def forward(request: web.Request) -> web.Response:
        url = request.app[UPSTREAM] + request.rel_url.raw_path_qs
        async with request.app[CLIENT].get(url) as response:
            body = await response.read()
            return web.Response(
                body=body, status=response.status, content_type=response.content_type
            )

    app = web.Application()
    app[UPSTREAM] = upstream.rstrip("/")
    app.cleanup_ctx.append(client_ctx)
    app.router.add_get("/{tail:.*}", forward)
    return app


def main() -> None:
    mode, port, target = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    app = select_app(target) if mode == "select" else proxy_app(target)
    uvloop.install()
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


if __name__ == "__main__":
    main()
