"""The appointment events of the catalogue (shared/events/catalog.py), built from an
appointment with its details: what messaging needs for an email and a calendar file,
and billing to invoice; never the reason for the visit beyond the service's id."""

from __future__ import annotations

from datetime import UTC
from typing import Any, TypeVar

from services.scheduling.domain.details import Details, place_fields
from shared.events.catalog import (
    BillableService,
    Place,
    Prospect,
    _Appointment,
)
from shared.runtime import Work

E = TypeVar("E", bound=_Appointment)


def appointment_event(cls: type[E], d: Details, *, phone: str | None, **extra: Any) -> E:
    a = d.appointment
    prospect = None
    if a.prospect is not None:
        p = a.prospect
        prospect = Prospect(
            first_name=p.first_name, last_name=p.last_name, email=p.email, phone=p.phone
        )
    return cls(
        practice_id=a.practice_id,
        appointment_id=a.id,
        client_id=a.client_id,
        clinician_id=a.clinician_id,
        service_id=a.service_id,
        starts_at=a.starts_at.astimezone(UTC),
        ends_at=a.ends_at.astimezone(UTC),
        place=Place(**place_fields(d.location, phone=phone)),
        sequence=a.sequence,
        status=a.status,
        prospect=prospect,
        **extra,
    )


def billing_of(d: Details) -> BillableService:
    s = d.service
    return BillableService(
        name=s.name,
        cpt_code=s.cpt_code,
        fee=s.fee,
        currency=s.currency,
        place_of_service=d.location.place_of_service,
    )


async def publish(work: Work[Any], event: _Appointment) -> None:
    await work.add_event(event, subject=str(event.appointment_id))
