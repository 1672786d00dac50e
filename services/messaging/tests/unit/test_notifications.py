"""Which events email whom, and that every template renders with what its event gives
(a template asking for a missing value fails here, not in a consumer at night)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from services.messaging.domain.notifications import (
    RULES,
    Pages,
    Parties,
    RecipientUnknown,
    notices_for,
)
from services.messaging.service.outgoing import TEMPLATE_FOLDER, TEMPLATES, brand
from shared.directory import Client, Practice, Staff
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
from shared.events.envelope import Event

PRACTICE = Practice(
    id=uuid.uuid4(),
    slug="harbor",
    name="Harbor Counseling",
    time_zone="America/New_York",
    email="office@harbor.example",
)
CLINICIAN = Staff(
    id=uuid.uuid4(),
    practice_id=PRACTICE.id,
    role="clinician",
    first_name="Casey",
    last_name="Lee",
    email="casey@harbor.example",
    active=True,
)
CLIENT = Client(
    id=uuid.uuid4(),
    practice_id=PRACTICE.id,
    clinician_id=CLINICIAN.id,
    first_name="Robin",
    last_name="Rivera",
    email="robin@example.com",
    date_of_birth=None,
    status="active",
)
PARTIES = Parties(practice=PRACTICE, client=CLIENT, clinician=CLINICIAN)
PAGES = Pages(public_url="https://portal.example", slug="harbor")
START = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
OFFICE = Place(name="Harbor Office", address="12 Harbor St", time_zone="America/New_York")


def appointment(**changes: object) -> dict[str, object]:
    return {
        "practice_id": PRACTICE.id,
        "appointment_id": uuid.uuid4(),
        "client_id": CLIENT.id,
        "clinician_id": CLINICIAN.id,
        "service_id": uuid.uuid4(),
        "starts_at": START,
        "ends_at": START + timedelta(minutes=50),
        "place": OFFICE,
        "sequence": 2,
        "status": "confirmed",
    } | changes


EVENTS: list[Event] = [
    AppointmentRequested(**appointment(status="requested")),  # type: ignore[arg-type]
    AppointmentApproved(**appointment()),  # type: ignore[arg-type]
    AppointmentDeclined(**appointment(status="declined")),  # type: ignore[arg-type]
    AppointmentCancelled(**appointment(status="cancelled"), cancelled_by="client"),  # type: ignore[arg-type]
    AppointmentRescheduled(
        **appointment(),
        previous_starts_at=START - timedelta(days=1),
        previous_ends_at=START - timedelta(days=1),
    ),  # type: ignore[arg-type]
    AppointmentReminderDue(**appointment()),  # type: ignore[arg-type]
    FormAssigned(practice_id=PRACTICE.id, client_id=CLIENT.id, assignment_ids=[uuid.uuid4()]),
    FormSubmitted(
        practice_id=PRACTICE.id,
        client_id=CLIENT.id,
        assignment_id=uuid.uuid4(),
        submission_id=uuid.uuid4(),
        template_id=uuid.uuid4(),
        measure="gad7",
        score=19,
        severity="severe",
        urgent=True,
    ),
    InvoiceIssued(
        practice_id=PRACTICE.id,
        invoice_id=uuid.uuid4(),
        client_id=CLIENT.id,
        number="INV-1",
        amount=9000,
        currency="USD",
    ),
    PaymentSucceeded(
        practice_id=PRACTICE.id,
        payment_id=uuid.uuid4(),
        client_id=CLIENT.id,
        invoice_ids=[],
        amount=9000,
        currency="USD",
    ),
    PaymentFailed(
        practice_id=PRACTICE.id,
        payment_id=uuid.uuid4(),
        client_id=CLIENT.id,
        amount=9000,
        currency="USD",
        reason="Your card was declined.",
    ),
    StatementIssued(
        practice_id=PRACTICE.id,
        statement_id=uuid.uuid4(),
        client_id=CLIENT.id,
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        balance=0,
        currency="USD",
    ),
]
TEMPLATE_FILES = {p.name.split(".")[0] for p in TEMPLATE_FOLDER.iterdir()}


def test_every_notification_event_has_a_rule_and_a_sample_here() -> None:
    assert {e.type for e in EVENTS} == set(RULES)


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.type)
def test_every_email_renders_and_says_nothing_clinical(event: Event) -> None:
    notices = notices_for(event, PARTIES, PAGES)
    assert notices, event.type
    for notice in notices:
        assert notice.template in TEMPLATE_FILES
        context = {**notice.context, "first_name": notice.to.first_name, "greeting": "Hello,"}
        rendered = TEMPLATES.render(notice.template, context, practice=brand(PRACTICE))
        assert "\n" not in rendered.subject and rendered.subject
        words = f"{rendered.subject} {rendered.text} {rendered.html}".lower()
        for clinical in ("gad7", "severe", "19", "service_id", str(event.practice_id)):
            assert clinical not in words, (notice.template, clinical)
        if notice.to.role == "clinician":
            assert "robin" not in words and "rivera" not in words


def test_the_client_hears_of_their_appointments_and_the_clinician_of_requests() -> None:
    by_type = {e.type: notices_for(e, PARTIES, PAGES) for e in EVENTS}
    to = {t: [(n.template, n.to.role) for n in notices] for t, notices in by_type.items()}
    assert to["appointment.requested"] == [("appointment_requested", "clinician")]
    assert to["appointment.approved"] == [("appointment_approved", "client")]
    assert to["appointment.cancelled"] == [
        ("appointment_cancelled", "client"),
        ("appointment_cancelled_staff", "clinician"),
    ]
    assert to["form.submitted"] == [("form_urgent", "clinician")]
    approved = by_type["appointment.approved"][0]
    assert approved.calendar is not None and approved.calendar.sequence == 2
    assert approved.calendar.uid.endswith("@portal.example")


def test_a_calm_form_response_and_a_practice_cancellation_email_less() -> None:
    calm = FormSubmitted(
        practice_id=PRACTICE.id,
        client_id=CLIENT.id,
        assignment_id=uuid.uuid4(),
        submission_id=uuid.uuid4(),
        template_id=uuid.uuid4(),
    )
    assert notices_for(calm, PARTIES, PAGES) == []
    by_practice = AppointmentCancelled(**appointment(status="cancelled"), cancelled_by="clinician")  # type: ignore[arg-type]
    assert [n.to.role for n in notices_for(by_practice, PARTIES, PAGES)] == ["client"]


def test_a_prospect_is_written_to_at_the_address_they_gave() -> None:
    prospect = Prospect(first_name="Sam", last_name="New", email="sam@example.com")
    declined = AppointmentDeclined(
        **appointment(client_id=None, prospect=prospect, status="declined")
    )  # type: ignore[arg-type]
    parties = Parties(practice=PRACTICE, clinician=CLINICIAN, prospect=prospect)
    (notice,) = notices_for(declined, parties, PAGES)
    assert (notice.to.address, notice.to.role) == ("sam@example.com", "prospect")
    assert notice.context["link"] == "https://portal.example/p/harbor/request-appointment"


def test_someone_missing_from_the_directory_makes_the_event_wait() -> None:
    approved = AppointmentApproved(**appointment())  # type: ignore[arg-type]
    with pytest.raises(RecipientUnknown):
        notices_for(approved, Parties(practice=PRACTICE, clinician=CLINICIAN), PAGES)
    unknown = Client(**{**CLIENT.__dict__, "email": ""})
    with pytest.raises(RecipientUnknown):
        notices_for(approved, Parties(practice=PRACTICE, client=unknown), PAGES)
    requested = AppointmentRequested(**appointment(status="requested"))  # type: ignore[arg-type]
    with pytest.raises(RecipientUnknown):
        notices_for(requested, Parties(practice=PRACTICE, client=CLIENT), PAGES)
