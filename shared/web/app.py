"""``create_service_app``: the one place a service's aiohttp app is wired."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any, Literal

import asyncpg
from aiohttp import web
from prometheus_client import CollectorRegistry

from shared.auth import TokenVerifier, http_jwks_source
from shared.broker import BrokerLink
from shared.config import ServiceSettings
from shared.cookies import session_cookies
from shared.db import create_pool
from shared.runtime import RUNTIME, Runtime, open_runtime
from shared.web.guard import request_guard
from shared.web.middleware import HttpMetrics, make_middlewares
from shared.web.metrics_listener import metrics_listener, metrics_port
from shared.web.openapi import openapi_document
from shared.web.server import BASELINE_HEADERS, answer_with

SETTINGS = web.AppKey("settings", ServiceSettings)
POOL = web.AppKey("pool", asyncpg.Pool)
VERIFIER = web.AppKey("verifier", TokenVerifier)
BROKER = web.AppKey("broker", BrokerLink)
REGISTRY = web.AppKey("registry", CollectorRegistry)
# What the process runs, which decides its readiness (see _readyz).
Role = Literal["api", "worker", "all"]
ROLE = web.AppKey("role", str)
# Set by the worker: whether every consumer runs (shared/events/consumer.py).
CONSUMERS_RUNNING: web.AppKey[Callable[[], bool]] = web.AppKey("consumers_running")

CleanupCtx = Callable[[web.Application], AsyncIterator[None]]
# A worker process serves its health on the API's port + 100 (see shared.service.main).
WORKER_PORT_OFFSET = 100
# Builds a service's own runtime (a Runtime subclass) from the base one, for the process's
# lifetime: identity adds its password hasher and signing keys.
RuntimeFactory = Callable[[Runtime[Any]], AbstractAsyncContextManager[Runtime[Any]]]


async def _healthz(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _readyz(request: web.Request) -> web.Response:
    """Ready to be sent traffic (or, for a worker, to be left to work).

    An API process needs its database only: while the broker is away, writes still
    commit their events to the outbox and the worker publishes them later, so a broker
    outage must not take the API out of service. A worker needs the database, the
    broker and every consumer running. Both report each dependency in the body. A
    process running both (``all``, for local runs) answers as an API.
    """
    app = request.app
    checks = {"database": await _database_ok(app[POOL]), "broker": app[BROKER].ready}
    if CONSUMERS_RUNNING in app:
        checks["consumers"] = app[CONSUMERS_RUNNING]()
    ok = all(checks.values()) if app[ROLE] == "worker" else checks["database"]
    body = {"status": "ready" if ok else "not ready", "role": app[ROLE], "checks": checks}
    return web.json_response(body, status=200 if ok else 503)


async def _database_ok(pool: asyncpg.Pool) -> bool:
    try:
        async with asyncio.timeout(2):
            async with pool.acquire() as conn:
                await conn.fetchval("SELECT 1")
        return True
    except Exception:
        return False


def create_service_app(
    settings: ServiceSettings,
    *,
    routes: web.RouteTableDef | None = None,
    title: str,
    resources: list[CleanupCtx] = (),  # type: ignore[assignment]
    verifier: TokenVerifier | None = None,
    runtime: RuntimeFactory | None = None,
    no_store: bool = True,
    role: Role = "api",
) -> web.Application:
    """An app with the shared middlewares and request guard (``shared.web.guard``), a
    pool, a broker link, the runtime (``app[RUNTIME]``), token checks, ``/healthz``,
    ``/readyz`` (by ``role``: see ``_readyz``), ``/openapi.json``, and ``/metrics`` on a
    listener of its own (``shared.web.metrics_listener``).

    ``resources`` are extra cleanup contexts (opened in order after the pool, broker and
    runtime); ``runtime`` extends the base runtime into the service's own.
    """
    registry = CollectorRegistry()
    app = web.Application(
        middlewares=[
            *make_middlewares(HttpMetrics(registry)),
            request_guard(no_store=no_store, cookies=session_cookies(settings.public_url)),
        ],
        client_max_size=settings.max_body_bytes,
    )
    app[SETTINGS] = settings
    app[REGISTRY] = registry
    answer_with(app, dict(BASELINE_HEADERS))
    app[ROLE] = role
    app[VERIFIER] = verifier or TokenVerifier(
        http_jwks_source(settings.jwks_url), issuer=settings.token_issuer
    )
    app.on_cleanup.append(_close_verifier)
    app.cleanup_ctx.append(_pool_ctx)
    app.cleanup_ctx.append(_broker_ctx)
    app.cleanup_ctx.append(_runtime_ctx(runtime))
    app.cleanup_ctx.extend(resources)
    http_port = settings.port + (WORKER_PORT_OFFSET if role == "worker" and settings.port else 0)
    port = metrics_port(configured=settings.metrics_port, http_port=http_port)
    app.cleanup_ctx.append(metrics_listener(registry, host=settings.metrics_host, port=port))
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/readyz", _readyz)
    if routes is not None:
        app.router.add_routes(routes)

    document: list[bytes] = []  # built once: schema generation costs tens of milliseconds

    async def _openapi(_: web.Request) -> web.Response:
        if not document:
            document.append(json.dumps(openapi_document(app, title=title)).encode())
        return web.Response(body=document[0], content_type="application/json")

    app.router.add_get("/openapi.json", _openapi)
    return app


async def _close_verifier(app: web.Application) -> None:
    await app[VERIFIER].close()


async def _pool_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    app[POOL] = await create_pool(
        settings.runtime_database_url(), size=settings.pool_size, schema=settings.db_schema
    )
    yield
    await app[POOL].close()


async def _broker_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    link = BrokerLink(settings.amqp_url, name=f"{settings.service_name}-{app[ROLE]}")
    link.start()
    app[BROKER] = link
    yield
    await link.close()



def _runtime_ctx(extend: RuntimeFactory | None) -> CleanupCtx:
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        async with open_runtime(app[SETTINGS], app[POOL]) as base:
            async with extend(base) if extend else contextlib.nullcontext(base) as runtime:
                app[RUNTIME] = runtime
                yield

    return ctx
