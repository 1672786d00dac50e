"""Middlewares every service app runs: request id and access log, metrics, errors."""

from __future__ import annotations

import asyncio
import re
import time

from aiohttp import web
from aiohttp.typedefs import Handler, Middleware
from prometheus_client import CollectorRegistry, Counter, Histogram
from pydantic import ValidationError

from shared.db import DATABASE_DOWN, TRANSIENT_CONFLICT
from shared.errors import (
    DomainError,
    conflict_for,
    problem_for_domain_error,
    problem_for_validation_error,
    problem_response,
)
from shared.logging import REQUEST_ID_HEADER, get_logger, request_context

log = get_logger(__name__)
REQUEST_ID: web.RequestKey[str] = web.RequestKey("request_id")
_SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")



def incoming_request_id(request: web.Request) -> str | None:
    value = request.headers.get(REQUEST_ID_HEADER)
    return value if value and _SAFE_REQUEST_ID.match(value) else None


def route_label(request: web.Request) -> str:
    info = request.match_info.route.resource
    return info.canonical if info is not None else "unmatched"


class HttpMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "http_requests_total", "HTTP requests", ["method", "route", "status"],
            registry=registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds", "HTTP request latency", ["method", "route"],
            registry=registry,
        )


def observe_middleware(metrics: HttpMetrics) -> Middleware:
    """Request id (the caller's when it looks sane), access log and metrics."""

    @web.middleware
    async def observe(request: web.Request, handler: Handler) -> web.StreamResponse:
        with request_context(incoming_request_id(request)) as request_id:
            request[REQUEST_ID] = request_id
            started = time.perf_counter()
            response = await handler(request)
            elapsed = time.perf_counter() - started
            route = route_label(request)
            metrics.requests.labels(request.method, route, str(response.status)).inc()
            metrics.latency.labels(request.method, route).observe(elapsed)
            if route not in ("/healthz", "/readyz", "/metrics"):
                log.info(
                    "http.request",
                    method=request.method,
                    route=route,
                    status=response.status,
                    ms=round(elapsed * 1000, 1),
                )
            response.headers[REQUEST_ID_HEADER] = request_id
            return response

    return observe


@web.middleware
async def problems_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Every failure becomes RFC 9457 problem+json: domain errors by the shared table,
    validation errors as 422 naming fields, a database outage as 503, a key already taken
    as 409, the rest as 500."""
    request_id = request.get(REQUEST_ID)
    try:
        return await handler(request)
    except DomainError as exc:
        return problem_for_domain_error(exc, request_id)
    except ValidationError as exc:
        return problem_for_validation_error(exc, request_id)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return problem_response(
            exc.status,
            title=exc.reason,
            detail=_http_detail(exc),
            request_id=request_id,
            headers={k: v for k, v in exc.headers.items() if k.lower() == "allow"},
        )
    except TRANSIENT_CONFLICT as exc:
        log.warning("database.conflict", error=type(exc).__name__)
        return problem_response(
            503,
            title="Busy",
            detail="another change got in the way; nothing was changed, please try again",
            code="retry",
            request_id=request_id,
            headers={"Retry-After": "1"},
        )
    except DATABASE_DOWN as exc:
        log.warning("database.unavailable", error=type(exc).__name__)
        return problem_response(
            503,
            title="Service unavailable",
            detail="please try again in a moment",
            code="unavailable",
            request_id=request_id,
            headers={"Retry-After": "5"},
        )
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        conflict = conflict_for(exc)  # a unique key taken meanwhile: the caller's conflict
        if conflict is not None:
            log.info("database.conflict", field=conflict.field)
            return problem_for_domain_error(conflict, request_id)
        log.exception("http.unhandled")
        return problem_response(
            500,
            title="Internal error",
            code="internal",
            detail="something went wrong on our side; quote the request id if you report it",
            request_id=request_id,
        )


def make_middlewares(metrics: HttpMetrics) -> list[Middleware]:
    return [observe_middleware(metrics), problems_middleware]


def _http_detail(exc: web.HTTPException) -> str:
    if exc.status == 413:
        return "the request body is too large"
    if exc.status == 404:
        return "no such resource"
    if exc.status == 405:
        return "method not allowed on this resource"
    return exc.reason
