"""``python -m gateway``: the public entry of the portal (default port 8080)."""

from __future__ import annotations

import contextlib

from aiohttp import web

from gateway.app import create_app
from gateway.settings import GatewaySettings
from shared.logging import configure_logging, get_logger


def main() -> None:
    settings = GatewaySettings()
    configure_logging(level=settings.log_level, service="gateway")
    with contextlib.suppress(ImportError):
        import uvloop

        uvloop.install()
    get_logger(__name__).info(
        "gateway.starting", port=settings.port, web_root=str(settings.web_root)
    )
    web.run_app(
        create_app(settings), host=settings.host, port=settings.port, print=None, access_log=None
    )


if __name__ == "__main__":
    main()
