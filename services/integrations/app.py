"""Wiring of the integrations service: its routes, runtime, consumers, jobs and the
webhook dispatcher (in the worker)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import web

from services.integrations.api import routes
from services.integrations.consumers import SUBSCRIPTIONS
from services.integrations.repo import deliveries as deliveries_repo
from services.integrations.service.dispatcher import WebhookDispatcher
from services.integrations.service.runtime import Integrations, integrations_runtime
from services.integrations.service.tool_credentials import remove_revoked
from services.integrations.settings import IntegrationsSettings
from shared.logging import get_logger
from shared.runtime import RUNTIME, Work
from shared.service import PeriodicJob, ServiceDefinition
from shared.web.app import REGISTRY, SETTINGS

log = get_logger(__name__)


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="integrations",
        title="Integrations API",
        settings_class=IntegrationsSettings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
        runtime=integrations_runtime,
        subscriptions=SUBSCRIPTIONS,
        jobs=(
            PeriodicJob(name="remove-revoked-tools", every_seconds=60, run=remove_revoked),
            PeriodicJob(name="purge-deliveries", every_seconds=3600, run=purge_deliveries),
        ),
        worker_resources=(webhook_dispatcher,),
        sends_email=False,
    )


async def webhook_dispatcher(app: web.Application) -> AsyncIterator[None]:
    """Cleanup context of the worker: sends webhook deliveries while it runs."""
    runtime = app[RUNTIME]
    assert isinstance(runtime, Integrations)
    dispatcher = WebhookDispatcher(
        runtime, listen_dsn=app[SETTINGS].runtime_database_url(), registry=app[REGISTRY]
    )
    dispatcher.start()
    yield
    await dispatcher.stop()


async def purge_deliveries(work: Work[Any]) -> None:
    """Forget delivered and failed deliveries after their retention (they hold events)."""
    days = work.settings.webhook_delivery_retention_days
    purged = await deliveries_repo.purge_finished(
        work.conn, before=work.now() - timedelta(days=days)
    )
    await work.commit()
    if purged:
        log.info("webhook.purged", deliveries=purged)
