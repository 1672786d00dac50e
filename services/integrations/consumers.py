"""Events integrations subscribes to.

- The practice directory (shared/directory.py): tool credentials are named after the
  practice's slug.
- Every event of the catalogue, for webhooks: ``on_event`` adds one delivery per webhook
  of the event's practice that asked for its type, in the consumer's transaction with the
  inbox row, and wakes the dispatcher (service/dispatcher.py), which sends them. A
  redelivered event adds nothing: the inbox drops it, and each (webhook, event) has one
  delivery row at most.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from uuid import UUID

from services.integrations.repo import deliveries as deliveries_repo
from services.integrations.repo import webhooks as webhooks_repo
from shared import directory
from shared.events.catalog import EVENT_TYPES
from shared.events.consumer import Subscription
from shared.events.envelope import Envelope
from shared.events.routing import practice_of
from shared.logging import get_logger
from shared.runtime import Work

log = get_logger(__name__)


def webhook_body(envelope: Envelope) -> str:
    """The CloudEvents JSON a receiver gets: the envelope as it travelled, its optional
    attributes left out when empty, ``data`` untouched."""
    attributes = envelope.model_dump(mode="json")
    return json.dumps({k: v for k, v in attributes.items() if v is not None}, separators=(",", ":"))


async def on_event(work: Work[Any], envelope: Envelope) -> None:
    practice_id = practice_of(envelope.model_dump())
    webhook_ids = await webhooks_repo.subscribed(work.conn, practice_id, envelope.type)
    if not webhook_ids:
        return
    now = work.now()
    added = await deliveries_repo.add(
        work.conn,
        webhook_ids=webhook_ids,
        practice_id=practice_id,
        event_id=UUID(envelope.id),
        event_type=envelope.type,
        body=webhook_body(envelope),
        now=now,
        give_up_at=now + timedelta(hours=work.settings.webhook_retry_hours),
    )
    # Wakes the dispatcher as soon as this commits (NOTIFY is transactional).
    await work.conn.execute("SELECT pg_notify('webhooks_' || current_schema(), '')")
    log.info("webhook.queued", event_type=envelope.type, deliveries=added)


SUBSCRIPTIONS: tuple[Subscription, ...] = (
    directory.directory_subscription("integrations"),
    Subscription(queue="integrations.webhooks", event_types=tuple(EVENT_TYPES), handler=on_event),
)
