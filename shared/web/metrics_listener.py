"""``/metrics`` on a listener of its own, never on the port the public or the gateway
reaches: request counts by area and status (failed sign-ins among them) and the work of
each worker are for the operator's scraper alone.

Each process binds ``<SERVICE>_METRICS_HOST`` (default 127.0.0.1: a local run keeps them
on the machine; containers set 0.0.0.0 and publish the port to the cluster only, never
through the gateway or an ingress) on ``<SERVICE>_METRICS_PORT`` (default the HTTP port +
1000: the gateway 9080, identity 9101, identity's worker 9201; 0 picks a free port, as
tests do). ``metrics_url(app)`` is where it listens.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from shared.web.server import BASELINE_HEADERS, PortalAppRunner, answer_with

METRICS_URL: web.AppKey[str] = web.AppKey("metrics_url")
METRICS_PORT_OFFSET = 1000


def metrics_port(*, configured: int | None, http_port: int) -> int:
    """The metrics port of a process serving HTTP on ``http_port``."""
    if configured is not None:
        return configured
    return http_port + METRICS_PORT_OFFSET if http_port else 0


def metrics_url(app: web.Application) -> str:
    """The address of ``app``'s metrics, once it has started."""
    return app[METRICS_URL]


def metrics_listener(
    registry: CollectorRegistry, *, host: str, port: int
) -> Callable[[web.Application], AsyncIterator[None]]:
    """A cleanup context: the metrics listener opens and closes with the app."""

    async def ctx(app: web.Application) -> AsyncIterator[None]:
        async def metrics(_: web.Request) -> web.Response:
            body = generate_latest(registry)
            return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

        listener = web.Application()
        answer_with(listener, dict(BASELINE_HEADERS))
        listener.router.add_get("/metrics", metrics)
        runner = PortalAppRunner(listener, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        bound = runner.addresses[0][1]
        app[METRICS_URL] = f"http://{'127.0.0.1' if host == '0.0.0.0' else host}:{bound}/metrics"
        try:
            yield
        finally:
            await runner.cleanup()

    return ctx
