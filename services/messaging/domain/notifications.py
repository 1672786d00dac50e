"""Which events reach whom by email, saying what: pure rules over what the service
looked up (the practice, the client or prospect, the clinician).

Nothing about health goes into an email: no reason for a visit, no service name, no
form titles, answers or scores, no message text, and no client name in an email to
staff (emails cross networks we do not control). A telehealth appointment's video link
is never emailed: the client joins from the portal.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from uuid import UUID

from services.messaging.domain.money import money
from shared.directory import Client, Practice, Staff
from shared.email_templates import local_time
from shared.events.catalog import (
    AppointmentApproved,
    AppointmentCancelled,
    AppointmentDeclined,
    AppointmentReminderDue,
    AppointmentRequested,
    AppointmentRescheduled,
    FormAssigned,
    FormSubmitted,
    InvoiceIssued,
    PaymentFailed,
    PaymentSucceeded,
    Place,
    Prospect,
    StatementIssued,
)
from shared.events.catalog import _Appointment as AppointmentEvent  # their common fields
from shared.events.envelope import Event
from shared.ics import CalendarEntry, Status, appointment_uid

Role = Literal["client", "clinician", "prospect"]


@dataclass(frozen=True)
class Person:
    """Whom an email goes to; ``client_id`` is whose matter it is (the log's scope)."""

    address: str
    role: Role
    first_name: str = ""
    client_id: UUID | None = None


@dataclass(frozen=True)
class Parties:
    """What the service found for an event (None: not in its directory)."""

    practice: Practice
    client: Client | None = None
    clinician: Staff | None = None
    prospect: Prospect | None = None


@dataclass(frozen=True)
class Pages:
    """Where links in emails lead: pages of the practice's portal."""

    public_url: str
    slug: str

    def page(self, path: str) -> str:
        return f"{self.public_url.rstrip('/')}/p/{self.slug}/{path}"

    @property
    def calendar_domain(self) -> str:
        return self.public_url.split("://")[-1].split("/")[0].split(":")[0] or "localhost"


# The portal's pages as the sections name them (web/src/sections/*, docs/scheduling.md);
# one place to change. A client's appointments are also where they request another time;
# someone new requests a first appointment on request-appointment.
APPOINTMENTS, NEW_CLIENT = "appointments", "request-appointment"
DOCUMENTS, BILLING = "documents", "billing"
REQUESTS, CALENDAR = "workspace/requests", "workspace/calendar"


def submission_page(submission_id: UUID) -> str:
    return f"workspace/submissions/{submission_id}"


@dataclass(frozen=True)
class Notice:
    template: str
    to: Person
    context: Mapping[str, Any] = field(default_factory=dict)
    calendar: CalendarEntry | None = None


class RecipientUnknown(Exception):
    """The person to write to is not in the directory yet: try the event again later."""


def client_of(parties: Parties, client_id: UUID | None) -> Person:
    """The client (or the prospect of a New Client request) an event is about."""
    if client_id is None:
        if parties.prospect is None:
            raise RecipientUnknown("the event names neither a client nor a prospect")
        p = parties.prospect
        return Person(address=p.email, role="prospect", first_name=p.first_name)
    client = parties.client
    if client is None or not client.known:
        raise RecipientUnknown(f"client {client_id} is not in the directory yet")
    return Person(client.email, "client", client.first_name, client_id=client.id)


def clinician_of(parties: Parties, client_id: UUID | None) -> Person:
    staff = parties.clinician
    if staff is None:
        raise RecipientUnknown("the clinician is not in the directory yet")
    return Person(staff.email, "clinician", staff.first_name, client_id=client_id)


def where(place: Place) -> str:
    """Where an appointment happens, as the client is told (never a video link)."""
    if place.telehealth:
        return "Telehealth: join from your Client Portal"
    return f"{place.name}, {place.address}" if place.address else place.name


def appointment_context(event: AppointmentEvent, pages: Pages) -> dict[str, Any]:
    place = event.place
    return {
        "starts": local_time(event.starts_at, place.time_zone),
        "place": place,
        "where": where(place),
        "link": pages.page(APPOINTMENTS if event.client_id else NEW_CLIENT),
    }


def calendar_entry(
    event: AppointmentEvent, parties: Parties, pages: Pages, *, status: Status
) -> CalendarEntry:
    """The appointment as the client's calendar keeps it: same UID in every email and
    feed, SEQUENCE from the event, no reason for the visit."""
    place = event.place
    with_whom = parties.clinician.name if parties.clinician else parties.practice.name
    return CalendarEntry(
        uid=appointment_uid(event.appointment_id, domain=pages.calendar_domain),
        sequence=event.sequence,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        time_zone=place.time_zone,
        summary=f"Appointment with {with_whom}",
        status=status,
        location=where(place),
        url=pages.page(APPOINTMENTS),
    )


Build = Callable[[Any, Parties, Pages], list[Notice]]


def _requested(e: AppointmentRequested, p: Parties, pages: Pages) -> list[Notice]:
    context = appointment_context(e, pages) | {
        "new_client": e.client_id is None,
        "link": pages.page(REQUESTS),
    }
    return [Notice("appointment_requested", clinician_of(p, e.client_id), context)]


def _approved(e: AppointmentApproved, p: Parties, pages: Pages) -> list[Notice]:
    entry = calendar_entry(e, p, pages, status="CONFIRMED")
    context = appointment_context(e, pages)
    return [Notice("appointment_approved", client_of(p, e.client_id), context, entry)]


def _declined(e: AppointmentDeclined, p: Parties, pages: Pages) -> list[Notice]:
    return [
        Notice("appointment_declined", client_of(p, e.client_id), appointment_context(e, pages))
    ]


def _cancelled(e: AppointmentCancelled, p: Parties, pages: Pages) -> list[Notice]:
    context = appointment_context(e, pages) | {"by_client": e.cancelled_by == "client"}
    entry = calendar_entry(e, p, pages, status="CANCELLED")
    notices = [Notice("appointment_cancelled", client_of(p, e.client_id), context, entry)]
    if e.cancelled_by == "client":
        staff_context = context | {"link": pages.page(CALENDAR), "late": e.late}
        notices.append(
            Notice("appointment_cancelled_staff", clinician_of(p, e.client_id), staff_context)
        )
    return notices


def _rescheduled(e: AppointmentRescheduled, p: Parties, pages: Pages) -> list[Notice]:
    context = appointment_context(e, pages) | {
        "previous": local_time(e.previous_starts_at, e.place.time_zone),
        "confirmed": e.status == "confirmed",
    }
    entry = calendar_entry(e, p, pages, status="CONFIRMED") if e.status == "confirmed" else None
    return [Notice("appointment_rescheduled", client_of(p, e.client_id), context, entry)]


def _reminder(e: AppointmentReminderDue, p: Parties, pages: Pages) -> list[Notice]:
    return [
        Notice("appointment_reminder", client_of(p, e.client_id), appointment_context(e, pages))
    ]


def _forms_assigned(e: FormAssigned, p: Parties, pages: Pages) -> list[Notice]:
    context = {"count": len(e.assignment_ids), "link": pages.page(DOCUMENTS)}
    return [Notice("forms_assigned", client_of(p, e.client_id), context)]


def _form_submitted(e: FormSubmitted, p: Parties, pages: Pages) -> list[Notice]:
    if not e.urgent:
        return []  # only an urgent response is worth an email; the rest waits in the workspace
    link = pages.page(submission_page(e.submission_id))
    return [Notice("form_urgent", clinician_of(p, e.client_id), {"link": link})]


def _invoice(e: InvoiceIssued, p: Parties, pages: Pages) -> list[Notice]:
    context = {
        "number": e.number,
        "amount": money(e.amount, e.currency),
        "due_on": e.due_on,
        "link": pages.page(BILLING),
    }
    return [Notice("invoice_issued", client_of(p, e.client_id), context)]


def _receipt(e: PaymentSucceeded, p: Parties, pages: Pages) -> list[Notice]:
    paid_at = local_time(e.paid_at, p.practice.time_zone) if e.paid_at else None
    context = {
        "amount": money(e.amount, e.currency),
        "paid_at": paid_at,
        "card_brand": e.card_brand,
        "card_last4": e.card_last4,
        "payment_id": e.payment_id,
        "link": pages.page(BILLING),
    }
    return [Notice("payment_receipt", client_of(p, e.client_id), context)]


def _payment_failed(e: PaymentFailed, p: Parties, pages: Pages) -> list[Notice]:
    context = {
        "amount": money(e.amount, e.currency),
        "reason": e.reason,
        "link": pages.page(BILLING),
    }
    return [Notice("payment_failed", client_of(p, e.client_id), context)]


def _statement(e: StatementIssued, p: Parties, pages: Pages) -> list[Notice]:
    context = {
        "period_start": e.period_start,
        "period_end": e.period_end,
        "balance": money(e.balance, e.currency),
        "link": pages.page(BILLING),
    }
    return [Notice("statement_issued", client_of(p, e.client_id), context)]


# Event type -> (model, builder). Adding a kind of email: a builder here, three template
# files in templates/email/, and the type in consumers.py's subscription (from this table).
RULES: dict[str, tuple[type[Event], Build]] = {
    AppointmentRequested.type: (AppointmentRequested, _requested),
    AppointmentApproved.type: (AppointmentApproved, _approved),
    AppointmentDeclined.type: (AppointmentDeclined, _declined),
    AppointmentCancelled.type: (AppointmentCancelled, _cancelled),
    AppointmentRescheduled.type: (AppointmentRescheduled, _rescheduled),
    AppointmentReminderDue.type: (AppointmentReminderDue, _reminder),
    FormAssigned.type: (FormAssigned, _forms_assigned),
    FormSubmitted.type: (FormSubmitted, _form_submitted),
    InvoiceIssued.type: (InvoiceIssued, _invoice),
    PaymentSucceeded.type: (PaymentSucceeded, _receipt),
    PaymentFailed.type: (PaymentFailed, _payment_failed),
    StatementIssued.type: (StatementIssued, _statement),
}


def notices_for(event: Event, parties: Parties, pages: Pages) -> list[Notice]:
    """The emails ``event`` causes; ``RecipientUnknown`` while someone is missing."""
    _, build = RULES[event.type]
    return build(event, parties, pages)
