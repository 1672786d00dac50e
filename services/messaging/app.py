"""Wiring of the messaging service: its routes, live updates, consumers and jobs."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from services.messaging.api import routes
from services.messaging.api.live import live_hub_ctx
from services.messaging.consumers import SUBSCRIPTIONS
from services.messaging.repo import links as links_repo
from services.messaging.service.demo import seed_demo
from services.messaging.settings import MessagingSettings
from shared.logging import get_logger
from shared.runtime import Work
from shared.service import PeriodicJob, ServiceDefinition

log = get_logger(__name__)
KEEP_EXPIRED_LINKS = timedelta(days=30)


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="messaging",
        title="Messaging API",
        settings_class=MessagingSettings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
        subscriptions=SUBSCRIPTIONS,
        api_resources=(live_hub_ctx,),
        jobs=(PeriodicJob(name="purge-links", every_seconds=3600, run=purge_links),),
        demo_seed=seed_demo,
    )


async def purge_links(work: Work[Any]) -> None:
    """Forget message links long expired (an expired link only leads to Log in; after a
    month an unknown one does the same)."""
    purged = await links_repo.purge_expired(work.conn, older_than=work.now() - KEEP_EXPIRED_LINKS)
    await work.commit()
    if purged:
        log.info("messaging.links_purged", links=purged)
