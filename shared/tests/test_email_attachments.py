"""Emails name where replies go and carry small attachments (an appointment's calendar
file), through the outbox and the mailer to a real SMTP server."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from email.header import decode_header, make_header
from typing import Any

from aiosmtpd.controller import Controller

from shared.config import ServiceSettings
from shared.email import Attachment, Mailer, OutgoingEmail, queue_email
from shared.email_templates import EmailTemplates, PracticeBrand
from shared.runtime import Runtime
from shared.testing import SmtpInbox, free_port, text_of
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


async def test_names_and_subjects_in_any_script_arrive_as_written(
    backbone_settings: ServiceSettings, runtime: Runtime[Any], smtp: SmtpInbox
) -> None:
    to = f"{uuid.uuid4().hex[:8]}@example.com"
    email = OutgoingEmail(
        to=to,
        subject="Votre rendez-vous à 14 h — confirmé",
        text="Très bien, à lundi.",
        from_name="Cabinet Élise Nguyễn",
    )
    async with runtime.uow() as uow:
        await queue_email(uow.conn, email, keyring=runtime.keyring)
        await uow.commit()
    await mailer(backbone_settings, runtime, smtp).send_due()

    (message,) = await smtp.wait_for(to)
    assert str(make_header(decode_header(message["Subject"]))) == email.subject
    assert "Cabinet Élise Nguyễn" in str(make_header(decode_header(message["From"])))
    assert text_of(message).strip() == "Très bien, à lundi."


class Refusing(SmtpInbox):
    """A mail server that refuses one recipient (a full mailbox, say)."""

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address.startswith("full@"):
            return "552 Mailbox full"
        envelope.rcpt_tos.append(address)
        return "250 OK"


async def test_a_batch_goes_on_after_the_server_refuses_one_email(
    backbone_settings: ServiceSettings, runtime: Runtime[Any]
) -> None:
    server = Refusing(host="127.0.0.1", port=free_port())
    controller = Controller(server, hostname=server.host, port=server.port)
    controller.start()
    try:
        good = [f"{uuid.uuid4().hex[:8]}@example.com" for _ in range(3)]
        full = f"full@{uuid.uuid4().hex[:8]}.example.com"
        async with runtime.uow() as uow:
            for n, to in enumerate([good[0], full, *good[1:]]):
                email = OutgoingEmail(to=to, subject=f"n{n}", text="hi")
                await queue_email(uow.conn, email, keyring=runtime.keyring)
            await uow.commit()
        await mailer(backbone_settings, runtime, server).send_due()
        for to in good:
            assert len(await server.wait_for(to)) == 1
    finally:
        controller.stop()
    refused = await runtime.pool.fetchrow(
        "SELECT attempts, last_error, sent_at FROM email_outbox WHERE to_address = $1", full
    )
    assert refused["attempts"] == 1 and refused["sent_at"] is None
    assert refused["last_error"] == "SMTPRecipientsRefused"


class Recording(SmtpInbox):
    """A mail server that keeps each envelope's recipients and options as it got them."""

    envelopes: list[tuple[list[str], list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        type(self).envelopes.append((list(envelope.rcpt_tos), list(envelope.mail_options)))
        return await super().handle_DATA(server, session, envelope)


async def test_an_address_with_non_ascii_letters_is_the_envelopes_recipient(
    backbone_settings: ServiceSettings, runtime: Runtime[Any]
) -> None:
    # RFC 6531: compat32 wrote it as an encoded word, RCPT TO:<=?utf-8?b?...?=>, no address.
    server = Recording(host="127.0.0.1", port=free_port())
    controller = Controller(server, hostname=server.host, port=server.port, enable_SMTPUTF8=True)
    controller.start()
    to = f"zoë.{uuid.uuid4().hex[:8]}@example.com"
    try:
        async with runtime.uow() as uow:
            email = OutgoingEmail(to=to, subject="Your portal", text="hi", from_name="Zoë's")
            await queue_email(uow.conn, email, keyring=runtime.keyring)
            await uow.commit()
        await mailer(backbone_settings, runtime, server).send_due()
        [message] = await server.wait_for(to)
    finally:
        controller.stop()
    [(recipients, options)] = [e for e in Recording.envelopes if to in e[0]]
    assert recipients == [to] and "SMTPUTF8" in options
    assert message["To"] == to and text_of(message).strip() == "hi"
