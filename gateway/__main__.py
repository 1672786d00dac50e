"""``python -m gateway``: the public entry of the portal (default port 8080)."""

from __future__ import annotations

import contextlib

from gateway.app import create_app
from gateway.settings import GatewaySettings
from shared.logging import configure_logging, get_logger
from shared.web.server import serve


def main() -> None:
    settings = GatewaySettings()
    configure_logging(level=settings.log_level, service="gateway")
    with contextlib.suppress(ImportError):
        import uvloop

        uvloop.install()
    get_logger(__name__).info(
        "gateway.starting", port=settings.port, web_root=str(settings.web_root)
    )
    serve(create_app(settings), host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
