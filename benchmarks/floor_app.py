"""The floor: the smallest aiohttp JSON endpoint this machine can serve (uvloop)."""

from __future__ import annotations

import sys

import uvloop
from aiohttp import web


async def hello(_: web.Request) -> web.Response:
    return web.json_response({"hello": "world"})


def main() -> None:
    app = web.Application()
    app.router.add_get("/", hello)
    uvloop.install()
    web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)


if __name__ == "__main__":
    main()
