"""Every event type in the system, one pydantic model each.

The model is the contract: producers build it, consumers parse it, and the AsyncAPI
document is generated from it. No secret (PIN, token, password, card number) and no
clinical content (message bodies, form answers) ever goes into an event.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from shared.events.envelope import Event

Role = Literal["client", "clinician", "admin"]


class _PracticeDetails(Event):
    """Everything a read model of practices needs (emails show name, zone, phone, address
    and where replies go), so that either event alone builds the row."""

    practice_id: UUID
    slug: str
    name: str
    time_zone: str
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    npi: str | None = None
    tax_id: str | None = None
    license: str | None = None


class PracticeCreated(_PracticeDetails):
    """A practice (tenant) was created."""

    type = "practice.created"


class PracticeUpdated(_PracticeDetails):
    """A practice's public or provider details changed (name, zone, NPI, tax id...)."""

    type = "practice.updated"


class StaffAdded(Event):
    """A clinician or admin joined a practice."""

    type = "staff.added"
    practice_id: UUID
    staff_id: UUID
    role: Literal["clinician", "admin"]
    first_name: str
    last_name: str
    email: str


class StaffUpdated(Event):
    """A staff member's name, role or status changed."""

    type = "staff.updated"
    practice_id: UUID
    staff_id: UUID
    role: Literal["clinician", "admin"]
    first_name: str
    last_name: str
    email: str
    active: bool


class SessionsRevoked(Event):
    """Sign-in sessions ended before their time (logout, log out other devices, password
    change or reset, deactivation, a reused refresh token). The gateway stops their access
    tokens at once instead of when they expire. Session ids are not secrets."""

    type = "session.revoked"
    practice_id: UUID
    account_id: UUID
    session_ids: list[UUID]
    reason: str


class ClientInvited(Event):
    """A clinician invited a client to the portal (the PIN is never in the event)."""

    type = "client.invited"
    practice_id: UUID
    client_id: UUID
    clinician_id: UUID | None
    first_name: str
    last_name: str
    email: str
    date_of_birth: date | None = None


class ClientActivated(Event):
    """A client created their password and can now use the portal."""

    type = "client.activated"
    practice_id: UUID
    client_id: UUID


class ClientUpdated(Event):
    """A client's name, email or date of birth changed."""

    type = "client.updated"
    practice_id: UUID
    client_id: UUID
    clinician_id: UUID | None
    first_name: str
    last_name: str
    email: str
    date_of_birth: date | None = None


class ClientDeactivated(Event):
    """A client's portal access was disabled."""

    type = "client.deactivated"
    practice_id: UUID
    client_id: UUID


class Place(BaseModel):
    """Where an appointment happens, as the client is told: an office or telehealth. The
    video link of a telehealth appointment is never in an event: the client sees it in the
    portal from 30 minutes before the start."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    location_id: UUID | None = None
    name: str
    telehealth: bool = False
    address: str | None = None
    phone: str | None = None
    time_zone: str  # IANA zone the appointment's times are shown in


class Prospect(BaseModel):
    """Someone with no portal account who asked for a first appointment (New Client)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    first_name: str
    last_name: str
    email: str
    phone: str | None = None


class _Appointment(Event):
    """What every appointment event carries: enough for an email and a calendar entry
    (shared/ics.py) without asking scheduling. Never the reason for the visit: the service
    is an id here; billing learns its fee and code from ``appointment.completed``."""

    practice_id: UUID
    appointment_id: UUID
    client_id: UUID | None  # None only for a New Client request (see ``prospect``)
    clinician_id: UUID
    service_id: UUID
    starts_at: datetime  # UTC
    ends_at: datetime
    place: Place
    sequence: int = 0  # iCalendar SEQUENCE: raised on every change of time or status
    status: Literal["requested", "confirmed", "declined", "cancelled", "completed", "no_show"]
    prospect: Prospect | None = None


class AppointmentRequested(_Appointment):
    """A client (or a new client) asked for a time; it is held but not accepted yet.
    Messaging tells the clinician. (A direct booking, where the practice needs no approval,
    is published as ``appointment.approved`` only.)"""

    type = "appointment.requested"


class AppointmentApproved(_Appointment):
    """The appointment is confirmed (approved by the clinician, or booked directly where the
    practice allows it). Messaging emails the client a confirmation with a calendar file."""

    type = "appointment.approved"


class AppointmentDeclined(_Appointment):
    """The clinician cannot see the client then. Messaging emails the client (or prospect)
    a link back to the booking page; the clinician's note stays in scheduling."""

    type = "appointment.declined"


class AppointmentCancelled(_Appointment):
    """An appointment or request was cancelled, by the client or the practice."""

    type = "appointment.cancelled"
    cancelled_by: Role
    late: bool = False  # inside the practice's cancellation window


class AppointmentRescheduled(_Appointment):
    """An appointment or request moved to a new time (``starts_at``/``ends_at``); the
    previous time is free again."""

    type = "appointment.rescheduled"
    previous_starts_at: datetime
    previous_ends_at: datetime


class BillableService(BaseModel):
    """What billing needs to invoice a session (and to put it on a superbill)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    cpt_code: str | None = None
    fee: int  # minor units
    currency: str  # ISO 4217
    place_of_service: str  # CMS code: "11" office, "02"/"10" telehealth


class AppointmentCompleted(_Appointment):
    """The session took place. Billing invoices it once per appointment."""

    type = "appointment.completed"
    billing: BillableService


class AppointmentNoShow(_Appointment):
    """The client did not come (no invoice is made from this event by default)."""

    type = "appointment.no_show"


class AppointmentReminderDue(_Appointment):
    """A confirmed appointment is close enough for its reminder (sent once, by messaging)."""

    type = "appointment.reminder_due"


class MessageSent(Event):
    """A secure message was sent (its body never leaves the messaging service)."""

    type = "message.sent"
    practice_id: UUID
    thread_id: UUID
    message_id: UUID
    client_id: UUID
    sender_id: UUID
    sender_role: Role


class FormAssigned(Event):
    """Forms or documents were shared with a client (one event for a whole packet, so the
    client gets one email). Titles stay in forms: "PHQ-9" in an email says too much."""

    type = "form.assigned"
    practice_id: UUID
    client_id: UUID
    assignment_ids: list[UUID]
    assigned_by: UUID | None = None  # None: assigned automatically (the intake packet)


class FormSubmitted(Event):
    """A client submitted (and where required signed) a form. Answers stay in forms; a
    scored measure carries its score and flags, and ``urgent`` makes messaging tell the
    client's clinician at once (e.g. PHQ-9 item 9 above 0)."""

    type = "form.submitted"
    practice_id: UUID
    client_id: UUID
    assignment_id: UUID
    submission_id: UUID
    template_id: UUID
    measure: str | None = None  # "phq9", "gad7" for scored measures
    score: int | None = None
    severity: str | None = None
    urgent: bool = False
    flags: list[str] = Field(default_factory=list)


class InvoiceIssued(Event):
    """An invoice was issued to a client. Money: integer minor units + ISO 4217."""

    type = "invoice.issued"
    practice_id: UUID
    invoice_id: UUID
    client_id: UUID
    number: str
    amount: int
    currency: str
    issued_on: date | None = None
    due_on: date | None = None


class InvoiceVoided(Event):
    """An invoice was voided (it no longer counts toward the balance)."""

    type = "invoice.voided"
    practice_id: UUID
    invoice_id: UUID
    client_id: UUID
    number: str


class PaymentSucceeded(Event):
    """A payment went through (Stripe confirmed it). Messaging emails the receipt."""

    type = "payment.succeeded"
    practice_id: UUID
    payment_id: UUID
    client_id: UUID
    invoice_ids: list[UUID]
    amount: int
    currency: str
    paid_at: datetime | None = None
    card_brand: str | None = None
    card_last4: str | None = None


class PaymentFailed(Event):
    """A payment was declined or failed; ``reason`` is the processor's words for the client
    (e.g. "Your card was declined."), never a card number."""

    type = "payment.failed"
    practice_id: UUID
    payment_id: UUID
    client_id: UUID
    amount: int
    currency: str
    reason: str


class StatementIssued(Event):
    """A statement of account was issued."""

    type = "statement.issued"
    practice_id: UUID
    statement_id: UUID
    client_id: UUID
    period_start: date
    period_end: date
    balance: int
    currency: str


EVENT_TYPES: dict[str, type[Event]] = {
    cls.type: cls
    for cls in (
        PracticeCreated,
        PracticeUpdated,
        StaffAdded,
        StaffUpdated,
        SessionsRevoked,
        ClientInvited,
        ClientActivated,
        ClientUpdated,
        ClientDeactivated,
        AppointmentRequested,
        AppointmentApproved,
        AppointmentDeclined,
        AppointmentCancelled,
        AppointmentRescheduled,
        AppointmentCompleted,
        AppointmentNoShow,
        AppointmentReminderDue,
        MessageSent,
        FormAssigned,
        FormSubmitted,
        InvoiceIssued,
        InvoiceVoided,
        PaymentSucceeded,
        PaymentFailed,
        StatementIssued,
    )
}
