"""Emails name where replies go and carry small attachments (an appointment's calendar
file), through the outbox and the mailer to a real SMTP server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from shared.config import ServiceSettings
from shared.email import Attachment, Mailer, OutgoingEmail, queue_email
from shared.email_templates import EmailTemplates, PracticeBrand
from shared.runtime import Runtime
from shared.testing import SmtpInbox, text_of
from shared.tests.test_email_templates import FOLDER

ICS = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


def mailer(settings: ServiceSettings, runtime: Runtime[Any], smtp: SmtpInbox) -> Mailer:
    return Mailer(
        pool=runtime.pool,
        listen_dsn=settings.runtime_database_url(),
        schema=settings.db_schema,
        smtp_host=smtp.host,
        smtp_port=smtp.port,
        sender="no-reply@portal.test",
        keyring=runtime.keyring,
    )


async def test_an_email_goes_out_with_its_reply_to_and_attachment(
    backbone_settings: ServiceSettings, runtime: Runtime[Any], smtp: SmtpInbox
) -> None:
    to = f"{uuid.uuid4().hex[:8]}@example.com"
    chosen = uuid.uuid4()
    email = OutgoingEmail(
        to=to,
        subject="Your appointment",
        text="See you then.",
        reply_to="office@calm.example",
        attachments=(Attachment("appointment.ics", "text/calendar", ICS),),
    )
    async with runtime.uow() as uow:
        email_id = await queue_email(uow.conn, email, keyring=runtime.keyring, email_id=chosen)
        await uow.commit()
    assert email_id == chosen

    await mailer(backbone_settings, runtime, smtp).send_due()

    (message,) = await smtp.wait_for(to)
    assert message["Reply-To"] == "office@calm.example"
    assert text_of(message).strip() == "See you then."
    (ics,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert ics.get_filename() == "appointment.ics"
    assert ics.get_payload(decode=True) == ICS


async def test_a_practice_branded_email_replies_to_the_practice(
    backbone_settings: ServiceSettings, runtime: Runtime[Any], smtp: SmtpInbox
) -> None:
    to = f"{uuid.uuid4().hex[:8]}@example.com"
    practice = PracticeBrand(name="Calm Counseling", time_zone="UTC", email="desk@calm.example")
    context = {"starts_at": datetime.now(UTC), "note": "", "link": "https://portal.test"}
    rendered = EmailTemplates(FOLDER).render("reminder", context, practice=practice)
    async with runtime.uow() as uow:
        await queue_email(uow.conn, rendered.email(to=to), keyring=runtime.keyring)
        await uow.commit()

    await mailer(backbone_settings, runtime, smtp).send_due()

    (message,) = await smtp.wait_for(to)
    assert message["Reply-To"] == "desk@calm.example"
    assert not [p for p in message.walk() if p.get_content_disposition() == "attachment"]
