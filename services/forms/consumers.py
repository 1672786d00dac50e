"""Events forms subscribes to.

- The practice directory (``forms.directory``): practices, staff and clients, for names in
  PDFs and for checking whom a form is assigned to.
- ``forms.setup``: ``practice.created`` gives a new practice its built-in library and
  intake packet; ``client.invited`` assigns that packet to the new client, once per client
  (a redelivery or a replay assigns nothing more).
"""

from __future__ import annotations

from typing import Any

from services.forms.service.assignments import assign_intake
from services.forms.service.library import ensure_library
from shared import directory
from shared.events.catalog import ClientInvited, PracticeCreated
from shared.events.consumer import Subscription
from shared.events.envelope import Envelope
from shared.runtime import Work


async def on_practice_created(work: Work[Any], envelope: Envelope) -> None:
    event = envelope.data_as(PracticeCreated)
    await ensure_library(work.conn, event.practice_id, at=work.now())


async def on_client_invited(work: Work[Any], envelope: Envelope) -> None:
    event = envelope.data_as(ClientInvited)
    await assign_intake(
        work, practice_id=event.practice_id, client_id=event.client_id, at=work.now()
    )


async def on_setup_event(work: Work[Any], envelope: Envelope) -> None:
    if envelope.type == PracticeCreated.type:
        await on_practice_created(work, envelope)
    elif envelope.type == ClientInvited.type:
        await on_client_invited(work, envelope)


SUBSCRIPTIONS: tuple[Subscription, ...] = (
    directory.directory_subscription("forms"),
    Subscription(
        queue="forms.setup",
        event_types=(PracticeCreated.type, ClientInvited.type),
        handler=on_setup_event,
    ),
)
