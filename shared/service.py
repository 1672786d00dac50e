"""What a service is, and how ``python -m services.<name>`` runs it.

A service describes itself once with ``ServiceDefinition``; this module builds its API
app, its worker (outbox relay, event consumers, mailer, periodic jobs) and its CLI:

    python -m services.identity            # api and worker in one process (local runs)
    python -m services.identity api        # only HTTP (scale these)
    python -m services.identity worker     # only relay/consumers/mailer/jobs
    python -m services.identity migrate    # apply migrations and exit
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aio_pika
from aiohttp import web

from shared.auth import JwksSource, TokenVerifier
from shared.config import ServiceSettings
from shared.email import Mailer
from shared.events.consumer import ConsumerRunner, Subscription, declare_topology
from shared.events.relay import OutboxRelay
from shared.logging import configure_logging, get_logger
from shared.metrics import WorkerMetrics
from shared.migrations import ensure_database, migrate
from shared.retention import PURGES
from shared.runtime import RUNTIME, Runtime, Work
from shared.web.app import (
    BROKER,
    CONSUMERS_RUNNING,
    POOL,
    REGISTRY,
    SETTINGS,
    VERIFIER,
    WORKER_PORT_OFFSET,
    CleanupCtx,
    RuntimeFactory,
    create_service_app,
)
from shared.web.idempotency import purge_idempotency_keys
from shared.web.server import serve
from shared.worker import BackgroundTasks

log = get_logger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    """``run`` every ``every_seconds`` on one replica at a time (an advisory lock)."""

    name: str
    every_seconds: float
    run: Callable[[Work[Any]], Awaitable[None]]


async def _purge_idempotency_keys(work: Work[Any]) -> None:
    purged = await purge_idempotency_keys(work.conn)
    await work.commit()
    if purged:
        log.info("idempotency.purged", keys=purged)


# Jobs of every service, run beside its own.
SHARED_JOBS = (
    PeriodicJob(name="purge-idempotency-keys", every_seconds=3600, run=_purge_idempotency_keys),
    *(PeriodicJob(name=name, every_seconds=3600, run=run) for name, run in PURGES.items()),
)


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    title: str
    settings_class: type[ServiceSettings]
    migrations: Path
    routes: web.RouteTableDef | None = None
    subscriptions: Sequence[Subscription] = ()
    jobs: Sequence[PeriodicJob] = ()
    api_resources: Sequence[CleanupCtx] = ()
    worker_resources: Sequence[CleanupCtx] = ()
    sends_email: bool = True
    # The service's own runtime, built from the base one (see shared/runtime.py).
    runtime: RuntimeFactory | None = None
    # Answers carry Cache-Control: no-store unless a handler sets its own (health data).
    no_store: bool = True
    # Where this service gets token-verification keys; None: PORTAL_JWKS_URL over HTTP.
    # Identity passes its own key store, so it never calls itself.
    jwks_source: Callable[[web.Application], JwksSource] | None = None
    extra_apps: Sequence[Callable[[web.Application], None]] = field(default_factory=tuple)
    # Local demo data (PORTAL_DEMO_DATA, set by make up): called by the worker every few
    # seconds until it returns True (done, or nothing to do). It must be idempotent and
    # create data through the service's own use cases; it usually waits until the demo
    # practice and its staff have reached the service's directory (shared/directory.py).
    demo_seed: Callable[[Runtime[Any]], Awaitable[bool]] | None = None


def demo_seed_job(seed: Callable[[Runtime[Any]], Awaitable[bool]]) -> PeriodicJob:
    """The periodic job that runs ``seed`` until it reports done (on each replica once)."""
    done = False

    async def run(work: Work[Any]) -> None:
        nonlocal done
        if not done:
            done = await seed(work.runtime)
            if done:
                log.info("demo.seeded")

    return PeriodicJob(name="demo-seed", every_seconds=2, run=run)


async def migrate_service(definition: ServiceDefinition, settings: ServiceSettings) -> list[str]:
    await ensure_database(settings.admin_database_url)
    applied = await migrate(
        settings.admin_database_url,
        schema=settings.db_schema,
        role=settings.db_role,
        folder=definition.migrations,
        password=settings.database_password,
    )
    await declare_queues(definition, settings)
    return applied


async def declare_queues(definition: ServiceDefinition, settings: ServiceSettings) -> None:
    """Declare the service's queues and bindings when it is migrated, before its worker
    first runs: events published meanwhile (make up's demo seed; identity already serving
    when a service is deployed) then wait in its queues instead of going nowhere. Best
    effort: without a broker now, the worker declares them when it starts."""
    if not definition.subscriptions:
        return
    try:
        async with asyncio.timeout(10):
            connection = await aio_pika.connect(settings.amqp_url)
            async with connection:
                channel = await connection.channel()
                for subscription in definition.subscriptions:
                    await declare_topology(channel, subscription)
    except (OSError, TimeoutError, aio_pika.exceptions.AMQPException) as exc:
        log.warning("migrate.queues_not_declared", error=type(exc).__name__, detail=str(exc))


def build_app(
    definition: ServiceDefinition,
    settings: ServiceSettings,
    *,
    api: bool = True,
    worker: bool = True,
    verifier: TokenVerifier | None = None,
) -> web.Application:
    """The service's app: its API, its worker, or both. ``verifier`` replaces how tokens
    are checked (tests pass ``shared.testing.TokenMinter().verifier()``)."""
    resources: list[CleanupCtx] = []
    if api:
        resources += definition.api_resources
    if worker:
        resources += [*definition.worker_resources, _worker_ctx(definition)]
    app = create_service_app(
        settings,
        routes=definition.routes if api else None,
        title=definition.title,
        resources=resources,
        runtime=definition.runtime,
        no_store=definition.no_store,
        role="all" if api and worker else "api" if api else "worker",
    )
    if verifier is not None:
        app[VERIFIER] = verifier
    elif definition.jwks_source is not None:
        app[VERIFIER] = TokenVerifier(definition.jwks_source(app), issuer=settings.token_issuer)
    for extend in definition.extra_apps if api else ():
        extend(app)
    return app


def _worker_ctx(definition: ServiceDefinition) -> CleanupCtx:
    async def ctx(app: web.Application) -> AsyncIterator[None]:
        settings, pool, broker = app[SETTINGS], app[POOL], app[BROKER]
        dsn, schema = settings.runtime_database_url(), settings.db_schema
        metrics = WorkerMetrics(app[REGISTRY])
        parts: list[OutboxRelay | ConsumerRunner | Mailer | _JobRunner] = [
            OutboxRelay(pool=pool, listen_dsn=dsn, schema=schema, broker=broker, metrics=metrics),
            _JobRunner(runtime=app[RUNTIME], jobs=_jobs_of(definition, app[SETTINGS])),
        ]
        if definition.subscriptions:
            consumers = ConsumerRunner(
                runtime=app[RUNTIME],
                broker=broker,
                subscriptions=list(definition.subscriptions),
                metrics=metrics,
            )
            app[CONSUMERS_RUNNING] = lambda: consumers.running
            parts.append(consumers)
        if definition.sends_email:
            parts.append(
                Mailer(
                    pool=pool,
                    listen_dsn=dsn,
                    schema=schema,
                    smtp_host=settings.smtp_host,
                    smtp_port=settings.smtp_port,
                    sender=settings.smtp_sender,
                    keyring=app[RUNTIME].keyring,
                    metrics=metrics,
                )
            )
        for part in parts:
            part.start()
        yield
        for part in reversed(parts):
            await part.stop()

    return ctx


def _jobs_of(definition: ServiceDefinition, settings: ServiceSettings) -> list[PeriodicJob]:
    jobs = [*SHARED_JOBS, *definition.jobs]
    if settings.demo_data and definition.demo_seed is not None:
        jobs.append(demo_seed_job(definition.demo_seed))
    return jobs


class _JobRunner:
    def __init__(self, *, runtime: Runtime[Any], jobs: Sequence[PeriodicJob]) -> None:
        self._runtime = runtime
        self._jobs = jobs
        self._tasks = BackgroundTasks()

    def start(self) -> None:
        for job in self._jobs:
            self._tasks.spawn(self._loop(job))

    async def stop(self) -> None:
        await self._tasks.cancel_all()

    async def _loop(self, job: PeriodicJob) -> None:
        while True:
            await asyncio.sleep(job.every_seconds)
            try:
                await run_job_once(self._runtime, job)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("job.failed", job=job.name)


async def run_job_once(runtime: Runtime[Any], job: PeriodicJob) -> bool:
    """Run ``job`` if no other replica is running it; True if it ran here."""
    async with runtime.uow() as work:
        locked = await work.conn.fetchval(
            "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.' || $1))", job.name
        )
        if not locked:
            return False
        await job.run(work)
        return True


def main(definition: ServiceDefinition, argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog=f"python -m services.{definition.name}")
    parser.add_argument(
        "mode", nargs="?", default="all", choices=["all", "api", "worker", "migrate"]
    )
    parser.add_argument("--no-migrate", action="store_true", help="do not migrate on start")
    args = parser.parse_args(argv)
    settings = definition.settings_class()
    configure_logging(level=settings.log_level, service=definition.name)
    with contextlib.suppress(ImportError):
        import uvloop

        uvloop.install()
    if args.mode == "migrate" or not args.no_migrate:
        asyncio.run(_migrate_when_reachable(definition, settings))
    if args.mode == "migrate":
        return
    app = build_app(definition, settings, api=args.mode != "worker", worker=args.mode != "api")
    port = settings.port + (WORKER_PORT_OFFSET if args.mode == "worker" else 0)
    log.info("service.starting", mode=args.mode, port=port)
    serve(app, host=settings.host, port=port)


async def _migrate_when_reachable(definition: ServiceDefinition, settings: ServiceSettings) -> None:
    """Migrations need the database; wait for it rather than crash-looping."""
    delay = 0.5
    while True:
        try:
            await migrate_service(definition, settings)
            return
        except OSError as exc:
            log.warning("migrate.waiting_for_database", error=type(exc).__name__)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 10)
