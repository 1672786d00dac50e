"""Events of scheduling, forms and billing become emails to the right person, with no
health information; a redelivered event never sends a second one; an event that
arrives before its client waits for them."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime
from email.message import Message

import icalendar

from services.messaging.tests.integration.conftest import Service
from services.messaging.tests.support import Practice, approved, emails_to, publish
from shared.events.catalog import (
    AppointmentCancelled,
    AppointmentDeclined,
    AppointmentReminderDue,
    AppointmentRequested,
    FormAssigned,
    FormSubmitted,
    InvoiceIssued,
    PaymentFailed,
    PaymentSucceeded,
    Place,
    Prospect,
    StatementIssued,
)
from shared.ics import appointment_uid
from shared.testing import eventually, text_of

TELEHEALTH = Place(name="Telehealth", telehealth=True, time_zone="America/Chicago")


def bodies(email: Message) -> str:
    """The text and HTML parts, decoded (not headers, boundaries or ids)."""
    return " ".join(
        part.get_payload(decode=True).decode()  # type: ignore[union-attr]
        for part in email.walk()
        if part.get_content_type() in ("text/plain", "text/html")
    )


def calendar_of(email: object) -> icalendar.Event:
    (part,) = [p for p in email.walk() if p.get_content_type() == "text/calendar"]  # type: ignore[attr-defined]
    (event,) = icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
    return event


async def test_an_approval_emails_the_client_a_confirmation_with_the_calendar_file(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    event = approved(practice, client, sequence=3)
    await publish(messaging.amqp_url, event)

    (email,) = await emails_to(messaging.smtp, client.email)
    assert email["Subject"] == "Your appointment is confirmed"
    assert email["From"].startswith(practice.name)
    text = text_of(email)
    assert "Hello Robin," in text and "March 9, 2026 at 10:00 AM (America/New_York)" in text
    assert "Harbor Office, 12 Harbor Street" in text
    entry = calendar_of(email)
    assert str(entry["uid"]) == appointment_uid(event.appointment_id, domain="portal.test")
    assert int(entry["sequence"]) == 3 and str(entry["status"]) == "CONFIRMED"
    assert str(entry["summary"]) == "Appointment with Casey Rivera"


async def test_the_same_approval_delivered_twice_sends_one_email(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    event = approved(practice, client)
    event_id = str(uuid.uuid4())
    await publish(messaging.amqp_url, event, event_id=event_id)
    await publish(messaging.amqp_url, event, event_id=event_id)
    await emails_to(messaging.smtp, client.email)
    await eventually(lambda: _handled(messaging, event_id), seconds=15)
    later = approved(practice, client, days=7)  # a later event proves the queue moved on
    await publish(messaging.amqp_url, later)
    emails = await emails_to(messaging.smtp, client.email, count=2)
    assert len(emails) == 2 and len(messaging.smtp.to(client.email)) == 2
    log = await messaging.db.fetch(
        "SELECT * FROM messaging.email_log WHERE cause_id = $1", uuid.UUID(event_id)
    )
    assert len(log) == 1 and log[0]["template"] == "appointment_approved"


async def _handled(messaging: Service, event_id: str) -> bool:
    return bool(
        await messaging.db.fetchval(
            "SELECT count(*) FROM messaging.inbox WHERE event_id = $1", uuid.UUID(event_id)
        )
    )


async def test_a_request_tells_the_clinician_and_a_decline_tells_a_new_client_where_to_go(
    messaging: Service, practice: Practice
) -> None:
    prospect = Prospect(
        first_name="Sam", last_name="New", email=f"sam-{uuid.uuid4().hex[:6]}@example.com"
    )
    fields = approved(practice, None, prospect=prospect, status="requested").model_dump()
    await publish(messaging.amqp_url, AppointmentRequested(**fields))
    (note,) = await emails_to(messaging.smtp, practice.clinician.email)
    assert "Someone new to your practice requested" in text_of(note) and "Sam" not in text_of(note)

    await publish(messaging.amqp_url, AppointmentDeclined(**fields | {"status": "declined"}))
    (declined,) = await emails_to(messaging.smtp, prospect.email)
    assert "Hello Sam," in text_of(declined)
    assert f"http://portal.test/p/{practice.slug}/request-appointment" in text_of(declined)


async def test_a_client_cancelling_tells_both_and_the_calendar_entry_is_cancelled(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    fields = approved(practice, client, status="cancelled", sequence=2).model_dump()
    await publish(
        messaging.amqp_url, AppointmentCancelled(**fields, cancelled_by="client", late=True)
    )
    (mine,) = await emails_to(messaging.smtp, client.email)
    assert "was cancelled as you asked" in text_of(mine)
    assert str(calendar_of(mine)["status"]) == "CANCELLED"
    (theirs,) = await emails_to(messaging.smtp, practice.clinician.email)
    assert "inside your cancellation window" in text_of(theirs) and "Robin" not in text_of(theirs)


async def test_a_telehealth_reminder_says_join_from_the_portal_and_holds_no_video_link(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    fields = approved(practice, client, place=TELEHEALTH).model_dump()
    await publish(messaging.amqp_url, AppointmentReminderDue(**fields))
    (email,) = await emails_to(messaging.smtp, client.email)
    text = text_of(email)
    assert "Reminder" in email["Subject"] and "(America/Chicago)" in text
    assert "join from your Client Portal" in text and "video" not in bodies(email).lower()


async def test_forms_and_an_urgent_response_say_nothing_of_what_is_in_them(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    ids = [uuid.uuid4(), uuid.uuid4(), uuid.uuid4()]
    await publish(
        messaging.amqp_url,
        FormAssigned(practice_id=practice.id, client_id=client.id, assignment_ids=ids),
        source="forms",
    )
    (shared_forms,) = await emails_to(messaging.smtp, client.email)
    assert "shared 3 documents" in text_of(shared_forms)
    submitted = FormSubmitted(
        practice_id=practice.id,
        client_id=client.id,
        assignment_id=ids[0],
        submission_id=uuid.uuid4(),
        template_id=uuid.uuid4(),
        measure="phq9",
        score=22,
        severity="severe",
        urgent=True,
        flags=["item9"],
    )
    await publish(messaging.amqp_url, submitted, source="forms")
    (urgent,) = await emails_to(messaging.smtp, practice.clinician.email)
    words = set(re.findall(r"\w+", f"{urgent['Subject']} {bodies(urgent)}".lower()))
    assert "needs your attention" in urgent["Subject"]
    assert not words & {"phq9", "phq", "22", "severe", "item9", "robin"}


async def test_a_calm_form_response_sends_nothing(messaging: Service, practice: Practice) -> None:
    client = await messaging.world.client(practice)
    calm = FormSubmitted(
        practice_id=practice.id,
        client_id=client.id,
        assignment_id=uuid.uuid4(),
        submission_id=uuid.uuid4(),
        template_id=uuid.uuid4(),
    )
    event_id = await publish(messaging.amqp_url, calm, source="forms")
    await eventually(lambda: _handled(messaging, event_id), seconds=15)
    assert messaging.smtp.to(practice.clinician.email) == []


async def test_billing_events_email_the_client_with_amounts_in_their_currency(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    pid, invoice = practice.id, uuid.uuid4()
    events = [
        InvoiceIssued(
            practice_id=pid,
            invoice_id=invoice,
            client_id=client.id,
            number="INV-7",
            amount=15000,
            currency="USD",
            due_on=date(2026, 4, 1),
        ),
        PaymentSucceeded(
            practice_id=pid,
            payment_id=uuid.uuid4(),
            client_id=client.id,
            invoice_ids=[invoice],
            amount=15000,
            currency="USD",
            paid_at=datetime(2026, 3, 20, 15, 0, tzinfo=UTC),
            card_brand="visa",
            card_last4="4242",
        ),
        PaymentFailed(
            practice_id=pid,
            payment_id=uuid.uuid4(),
            client_id=client.id,
            amount=8000,
            currency="EUR",
            reason="Your card was declined.",
        ),
        StatementIssued(
            practice_id=pid,
            statement_id=uuid.uuid4(),
            client_id=client.id,
            period_start=date(2026, 3, 1),
            period_end=date(2026, 3, 31),
            balance=0,
            currency="USD",
        ),
    ]
    for event in events:
        await publish(messaging.amqp_url, event, source="billing")
    emails = await emails_to(messaging.smtp, client.email, count=4)
    texts = {e["Subject"]: text_of(e) for e in emails}
    assert (
        "invoice INV-7 for $150.00, due on 2026-04-01" in texts[f"New invoice from {practice.name}"]
    )
    receipt = texts[f"Your payment receipt from {practice.name}"]
    assert "$150.00" in receipt and "visa ending in 4242" in receipt
    assert "€80.00" in texts[f"Your payment to {practice.name} did not go through"]
    assert "Balance: $0.00" in texts[f"Your statement from {practice.name}"]


async def test_an_event_that_arrives_before_its_client_waits_for_them(
    messaging: Service, practice: Practice
) -> None:
    from shared.events.catalog import ClientActivated, ClientInvited

    client_id = uuid.uuid4()
    email = f"late-{client_id.hex[:8]}@example.com"
    event = approved(practice, None, client_id=client_id)
    retried = messaging.retried()
    event_id = await publish(messaging.amqp_url, event)
    await eventually(lambda: _true(messaging.retried() > retried), seconds=10)
    assert messaging.smtp.to(email) == [] and not await _handled(messaging, event_id)

    await messaging.world.apply(
        ClientInvited(
            practice_id=practice.id,
            client_id=client_id,
            clinician_id=practice.clinician.id,
            first_name="Lee",
            last_name="Late",
            email=email,
        ),
        ClientActivated(practice_id=practice.id, client_id=client_id),
    )
    (confirmation,) = await emails_to(messaging.smtp, email, seconds=30)
    assert "Hello Lee," in text_of(confirmation)


async def _true(value: bool) -> bool:
    return value
