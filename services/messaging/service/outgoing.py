"""Every email this service sends goes through ``send_notice``: rendered from the
service's templates for the practice, logged (without its body) and queued in the same
transaction; the shared mailer sends it. A cause (an event, a message) emails an
address once: the log's unique key turns a second attempt into nothing."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path
from uuid import UUID

from services.messaging.domain.notifications import Notice, Pages
from services.messaging.repo import email_log
from shared.crypto import Keyring
from shared.db import Connection
from shared.directory import Practice
from shared.email import Attachment, queue_email
from shared.email_templates import EmailTemplates, PracticeBrand
from shared.ics import calendar_file

TEMPLATE_FOLDER = Path(__file__).resolve().parents[1] / "templates" / "email"
TEMPLATES = EmailTemplates(TEMPLATE_FOLDER)


def brand(practice: Practice) -> PracticeBrand:
    return PracticeBrand(
        id=practice.id,
        name=practice.name,
        time_zone=practice.time_zone,
        phone=practice.phone,
        email=practice.email,
        address=practice.address,
    )


def pages_of(practice: Practice, public_url: str) -> Pages:
    return Pages(public_url=public_url, slug=practice.slug)


async def send_notice(
    conn: Connection,
    *,
    keyring: Keyring,
    practice: Practice,
    notice: Notice,
    cause_id: UUID,
    cause_type: str,
    at: datetime,
) -> bool:
    """Queue ``notice``'s email unless ``cause_id`` already emailed its recipient."""
    to = notice.to
    entry = email_log.LogEntry(
        id=uuid.uuid4(),
        practice_id=practice.id,
        cause_id=cause_id,
        cause_type=cause_type,
        recipient=to.address.lower(),
        recipient_role=to.role,
        client_id=to.client_id,
        template=notice.template,
        queued_at=at,
    )
    if not await email_log.record(conn, entry):
        return False
    greeting = f"Hello {to.first_name}," if to.first_name else "Hello,"
    context = {**notice.context, "first_name": to.first_name, "greeting": greeting}
    rendered = TEMPLATES.render(notice.template, context, practice=brand(practice))
    attachments: tuple[Attachment, ...] = ()
    if notice.calendar is not None:
        ics = calendar_file([notice.calendar])
        attachments = (Attachment("appointment.ics", "text/calendar", ics),)
    email = rendered.email(to=to.address, attachments=attachments)
    await queue_email(conn, email, keyring=keyring, email_id=entry.id)
    return True
