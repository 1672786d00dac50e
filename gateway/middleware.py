"""The gateway's middlewares: request id, access log and metrics; problem+json; upstream
failures named by area."""

from __future__ import annotations

import time

import aiohttp
from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from prometheus_client import CollectorRegistry, Counter, Histogram

from gateway.state import AREA
from shared.errors import problem_response
from shared.logging import get_logger, request_context
from shared.web.middleware import REQUEST_ID, problems_middleware

log = get_logger(__name__)
_QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


class GatewayMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "gateway_requests_total",
            "Requests answered by the gateway",
            ["area", "status"],
            registry=registry,
        )
        self.upstream_latency = Histogram(
            "gateway_upstream_latency_seconds",
            "Time until an upstream service answered with its status and headers",
            ["area"],
            registry=registry,
        )


def area_of(request: web.Request) -> str:
    """A metrics and log label: the routed area, never raw client input."""
    return request.get(AREA, "gateway")


def make_observe(metrics: GatewayMetrics) -> Middleware:
    @web.middleware
    async def observe(request: web.Request, handler: Handler) -> web.StreamResponse:
        # Always a fresh id: one sent by the client could be chosen to collide or to mislead.
        with request_context(None) as request_id:
            request[REQUEST_ID] = request_id
            started = time.perf_counter()
            response = await handler(request)
            area = area_of(request)
            metrics.requests.labels(area, str(response.status)).inc()
            if request.path not in _QUIET_PATHS:
                # No path: invitation and reset links carry their secret in it.
                log.info(
                    "http.request",
                    method=request.method,
                    area=area,
                    status=response.status,
                    ms=round((time.perf_counter() - started) * 1000, 1),
                )
            return response

    return observe


@web.middleware
async def upstream_failures(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn a failed call to a service into 503/504 naming its area, not its address.

    Only errors raised before the response started reach here: the proxy deals with a
    service that breaks off in the middle of a body itself.
    """
    try:
        return await handler(request)
    except TimeoutError:
        return _upstream_problem(request, 504, "Gateway timeout", "did not answer in time")
    except aiohttp.WSServerHandshakeError as exc:
        status = exc.status if exc.status >= 400 else 502
        return _upstream_problem(request, status, "WebSocket refused", "refused the WebSocket")
    except aiohttp.ClientError:
        return _upstream_problem(request, 503, "Service unavailable", "is not reachable right now")


def _upstream_problem(request: web.Request, status: int, title: str, what: str) -> web.Response:
    area = area_of(request)
    log.warning("proxy.upstream_failed", area=area, status=status)
    return problem_response(
        status,
        title=title,
        detail=f"the {area} service {what}; please try again in a moment",
        code="upstream-timeout" if status == 504 else "upstream-unavailable",
        request_id=request.get(REQUEST_ID),
        headers={"Retry-After": "5"} if status == 503 else None,
        area=area,
    )


def make_middlewares(metrics: GatewayMetrics) -> list[Middleware]:
    # The shared problem+json mapping, but not the shared observe: that one keeps an
    # incoming request id, and at the edge every id must be ours.
    return [make_observe(metrics), problems_middleware, upstream_failures]
