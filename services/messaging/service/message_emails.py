"""The emails about a new message, made by the notification consumer from
``message.sent`` (ids only: the text never leaves this service, and is never emailed).

- From the practice to a client: "Read Secure Message", a link that opens the thread
  without a password for 15 minutes from the time the message was sent. Its token is
  minted here, stored hashed, and exists nowhere but in that email.
- From a client: a note to their clinician to look in the workspace.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from services.messaging.domain import links
from services.messaging.domain.messages import side_of
from services.messaging.domain.notifications import (
    Notice,
    Parties,
    Person,
    RecipientUnknown,
    client_of,
    clinician_of,
)
from services.messaging.repo import links as links_repo
from services.messaging.repo import messages as messages_repo
from services.messaging.service.notifications import parties_of
from services.messaging.service.outgoing import pages_of, send_notice
from shared.events.catalog import MessageSent
from shared.events.envelope import Envelope
from shared.logging import get_logger
from shared.runtime import Work

log = get_logger(__name__)
LINK_PAGE = "messages/open"  # the web client's page for the link (token after the #)


async def on_message_sent(work: Work[Any], envelope: Envelope) -> None:
    event = envelope.data_as(MessageSent)
    message = await messages_repo.find_message(
        work.conn, work.keyring, event.practice_id, event.message_id
    )
    if message is None:
        raise RecipientUnknown(f"message {event.message_id} is not stored here")
    parties = await parties_of(work.conn, event)
    if side_of(event.sender_role) == "practice":
        notice = await _to_client(work, event, parties, sent_at=message.created_at)
    else:
        notice = _to_clinician(event, parties, work.settings.public_url)
    if notice is None:
        log.info("notification.skipped", type=event.type, reason="nobody to tell")
        return
    await send_notice(
        work.conn,
        keyring=work.keyring,
        practice=parties.practice,
        notice=notice,
        cause_id=UUID(envelope.id),
        cause_type=envelope.type,
        at=work.now(),
    )


async def _to_client(
    work: Work[Any], event: MessageSent, parties: Parties, *, sent_at: Any
) -> Notice | None:
    person: Person = client_of(parties, event.client_id)
    if parties.client is not None and parties.client.status == "deactivated":
        return None  # they could not open the portal anyway
    token, digest = links.new_token()
    link = links.MessageLink.for_message(
        practice_id=event.practice_id,
        thread_id=event.thread_id,
        client_id=event.client_id,
        message_id=event.message_id,
        sent_at=sent_at,
        minutes=work.settings.link_minutes,
    )
    await links_repo.insert_link(work.conn, digest, link)
    pages = pages_of(parties.practice, work.settings.public_url)
    context = {
        "link": f"{pages.page(LINK_PAGE)}#{token}",
        "minutes": round(work.settings.link_minutes),
    }
    return Notice("message_received", person, context)


def _to_clinician(event: MessageSent, parties: Parties, public_url: str) -> Notice | None:
    if parties.clinician is None:
        return None  # no clinician: the admins see the thread in their inbox
    pages = pages_of(parties.practice, public_url)
    person = clinician_of(parties, event.client_id)
    return Notice("message_from_client", person, {"link": pages.page("workspace/messages")})
