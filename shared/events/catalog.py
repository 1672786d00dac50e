"""Every event type in the system, one pydantic model each.

The model is the contract: producers build it, consumers parse it, and the AsyncAPI
document is generated from it. No secret (PIN, token, password, card number) and no
clinical content (message bodies, form answers) ever goes into an event.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

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


class _Appointment(Event):
    practice_id: UUID
    appointment_id: UUID
    client_id: UUID
    clinician_id: UUID
    service_id: UUID
    location_id: UUID | None
    starts_at: datetime
    ends_at: datetime


class AppointmentRequested(_Appointment):
    """A client requested an appointment; the clinician has not accepted it yet."""

    type = "appointment.requested"


class AppointmentApproved(_Appointment):
    """The clinician accepted a request; the client gets a confirmation email."""

    type = "appointment.approved"


class AppointmentDeclined(_Appointment):
    """The clinician cannot see the client then; the client gets a link to ask again."""

    type = "appointment.declined"


class AppointmentCancelled(_Appointment):
    """An appointment or request was cancelled by the client or the practice."""

    type = "appointment.cancelled"
    cancelled_by: Role


class AppointmentRescheduled(_Appointment):
    """An appointment moved to a new time."""

    type = "appointment.rescheduled"
    previous_starts_at: datetime
    previous_ends_at: datetime


class AppointmentCompleted(_Appointment):
    """A session took place (billing may invoice it)."""

    type = "appointment.completed"


class AppointmentReminderDue(_Appointment):
    """An approved appointment is close enough that its reminder should go out."""

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
    """A form or document was shared with a client."""

    type = "form.assigned"
    practice_id: UUID
    assignment_id: UUID
    client_id: UUID
    template_id: UUID
    title: str


class FormSubmitted(Event):
    """A client submitted (and where required signed) a form (answers stay in forms)."""

    type = "form.submitted"
    practice_id: UUID
    assignment_id: UUID
    client_id: UUID
    template_id: UUID


class InvoiceIssued(Event):
    """An invoice was issued to a client. Money: integer minor units + ISO 4217."""

    type = "invoice.issued"
    practice_id: UUID
    invoice_id: UUID
    client_id: UUID
    number: str
    amount: int
    currency: str
    due_on: date | None = None


class PaymentSucceeded(Event):
    """A payment went through."""

    type = "payment.succeeded"
    practice_id: UUID
    payment_id: UUID
    client_id: UUID
    invoice_ids: list[UUID]
    amount: int
    currency: str


class PaymentFailed(Event):
    """A payment was declined or failed."""

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
        AppointmentReminderDue,
        MessageSent,
        FormAssigned,
        FormSubmitted,
        InvoiceIssued,
        PaymentSucceeded,
        PaymentFailed,
        StatementIssued,
    )
}
