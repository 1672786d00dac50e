"""What billing hears: identity's practices, staff and clients (the directory), and
completed sessions, each invoiced once."""

from __future__ import annotations

from typing import Any

from services.billing.service.invoices import invoice_for_appointment
from shared import directory
from shared.events.catalog import AppointmentCompleted
from shared.events.consumer import Subscription
from shared.events.envelope import Envelope
from shared.runtime import Work


async def on_appointment_completed(work: Work[Any], envelope: Envelope) -> None:
    await invoice_for_appointment(work, envelope.data_as(AppointmentCompleted))


SUBSCRIPTIONS = (
    directory.directory_subscription("billing"),
    Subscription(
        queue="billing.appointments",
        event_types=(AppointmentCompleted.type,),
        handler=on_appointment_completed,
    ),
)
