"""Events messaging subscribes to.

- ``messaging.directory``: identity's practices, staff and clients (shared/directory.py),
  whom every email is addressed to.
- ``messaging.notifications``: everything that becomes an email (appointments, forms,
  billing, messages). One handler per event, inside the runner's transaction with the
  inbox row: a redelivered event is dropped, and the email log's unique key (cause,
  recipient) stops a second email even when an event is replayed under a new queue.
  An event whose recipient is not in the directory yet fails and is tried again after
  each of ``NOTIFICATION_RETRIES`` (about 36 minutes in all) before it is parked.
"""

from __future__ import annotations

from typing import Any

from services.messaging.domain.notifications import RULES
from services.messaging.service.message_emails import on_message_sent
from services.messaging.service.notifications import on_notification_event
from shared import directory
from shared.events.catalog import MessageSent
from shared.events.consumer import Subscription
from shared.events.envelope import Envelope
from shared.runtime import Work

NOTIFICATION_RETRIES = (1.0, 10.0, 60.0, 300.0, 1800.0)


async def on_notification(work: Work[Any], envelope: Envelope) -> None:
    if envelope.type == MessageSent.type:
        await on_message_sent(work, envelope)
    else:
        await on_notification_event(work, envelope)


SUBSCRIPTIONS: tuple[Subscription, ...] = (
    directory.directory_subscription("messaging"),
    Subscription(
        queue="messaging.notifications",
        event_types=(*RULES, MessageSent.type),
        handler=on_notification,
        retry_delays=NOTIFICATION_RETRIES,
        # Each handler holds a pooled connection for its transaction: a few at a time keep
        # connections free for the mailer's senders and the relay (a deeper prefetch starved
        # them: with 50, the mailer waited 300 ms p50 for a connection).
        prefetch=6,
    ),
)
