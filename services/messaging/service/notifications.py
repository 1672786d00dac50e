"""The notification consumer's work: one event in, its emails queued (or nothing, when
the event was handled before). Whoever an email goes to must be in the directory: an
event that arrives before its client does fails with ``RecipientUnknown`` and is tried
again later by the consumer runner (retry queues), never dropped."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from services.messaging.domain.notifications import RULES, Parties, RecipientUnknown, notices_for
from services.messaging.service.outgoing import pages_of, send_notice
from shared import directory
from shared.db import Connection
from shared.events.envelope import Envelope, Event
from shared.logging import get_logger
from shared.runtime import Work

log = get_logger(__name__)


async def on_notification_event(work: Work[Any], envelope: Envelope) -> None:
    model, _ = RULES[envelope.type]
    event = envelope.data_as(model)
    parties = await parties_of(work.conn, event)
    notices = notices_for(event, parties, pages_of(parties.practice, work.settings.public_url))
    queued = 0
    for notice in notices:
        queued += await send_notice(
            work.conn,
            keyring=work.keyring,
            practice=parties.practice,
            notice=notice,
            cause_id=UUID(envelope.id),
            cause_type=envelope.type,
            at=work.now(),
        )
    log.info("notification.queued", type=envelope.type, emails=queued, of=len(notices))


async def parties_of(conn: Connection, event: Event) -> Parties:
    """The practice, client, clinician and prospect an event names, from the directory
    (always within the event's practice)."""
    practice_id: UUID = event.practice_id  # type: ignore[attr-defined]
    practice = await directory.find_practice(conn, practice_id)
    if practice is None:
        raise RecipientUnknown(f"practice {practice_id} is not in the directory yet")
    client_id: UUID | None = getattr(event, "client_id", None)
    client = await directory.find_client(conn, practice_id, client_id) if client_id else None
    clinician_id: UUID | None = getattr(event, "clinician_id", None)
    if clinician_id is None and client is not None:
        clinician_id = client.clinician_id
    clinician = (
        await directory.find_staff(conn, practice_id, clinician_id) if clinician_id else None
    )
    return Parties(
        practice=practice,
        client=client,
        clinician=clinician,
        prospect=getattr(event, "prospect", None),
    )
