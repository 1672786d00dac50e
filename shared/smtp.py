"""Talking to the mail server: the email as it is sent (MIME), and one SMTP connection
shared by a batch of emails. The mailer (``shared.email``) uses both."""

from __future__ import annotations

import contextlib
import email
import email.policy
from collections.abc import Sequence
from dataclasses import dataclass
from email.charset import QP, Charset
from email.encoders import encode_base64
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.base import MIMEBase
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, make_msgid

import aiosmtplib


@dataclass(frozen=True)
class Attachment:
    """A file sent with an email (``text/calendar`` for an appointment's .ics)."""

    filename: str
    content_type: str  # "maintype/subtype"
    data: bytes


# Quoted-printable keeps plain text readable in the raw email (base64 is utf-8's default).
_UTF8 = Charset("utf-8")
_UTF8.body_encoding = QP


def mime_message(
    *,
    sender: str,
    from_name: str | None,
    to: str,
    subject: str,
    text: str,
    html: str | None,
    reply_to: str | None = None,
    attachments: Sequence[Attachment] = (),
) -> Message:
    """The email as sent: text (and HTML) alternatives, then any attachments. Built with
    the compat32 MIME classes, about five times cheaper than ``EmailMessage`` with the
    default policy (its header parsing was most of the mailer's CPU). That policy also
    refused line breaks in headers; compat32 does not, so ``ValueError`` comes from here:
    a header that could smuggle in another header ("Bcc:") never goes out."""
    for name, value in (
        ("From", from_name),
        ("To", to),
        ("Subject", subject),
        ("Reply-To", reply_to),
    ):
        if value and ("\r" in value or "\n" in value):
            raise ValueError(f"a line break in the {name} header")
    # MIMEText takes a Charset as well as its name (typeshed says only the name).
    body: Message = MIMEText(text, "plain", _UTF8)  # type: ignore[arg-type]
    if html:
        html_part = MIMEText(html, "html", _UTF8)  # type: ignore[arg-type]
        body = MIMEMultipart("alternative", _subparts=[body, html_part])
    if attachments:
        body = MIMEMultipart("mixed", _subparts=[body, *(_attached(a) for a in attachments)])
    body["From"] = formataddr((from_name or "", sender), charset="utf-8")
    body["To"] = to
    body["Subject"] = subject if subject.isascii() else Header(subject, "utf-8").encode()
    body["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    if reply_to:
        body["Reply-To"] = reply_to
    if not to.isascii():
        return _smtputf8(body, to)
    return body


def _smtputf8(body: Message, to: str) -> EmailMessage:
    """An address with non-ASCII letters (RFC 6531) goes as it is in the envelope and the
    To header, and the server must offer SMTPUTF8. Compat32 would write it as an encoded
    word, which is no address at all: the envelope said ``RCPT TO:<=?utf-8?b?...?=>``."""
    utf8 = email.message_from_bytes(
        body.as_bytes(),
        _class=EmailMessage,
        policy=email.policy.SMTPUTF8,
    )
    utf8.replace_header("To", to)
    return utf8


def _attached(attachment: Attachment) -> MIMEBase:
    maintype, _, subtype = attachment.content_type.partition("/")
    part = MIMEBase(maintype, subtype)
    part.set_payload(attachment.data)
    encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
    return part


class SmtpSession:
    """One SMTP connection for a batch of emails: opened when the first email goes out,
    and again for the next one after any failure (the server may have dropped it). A
    connection per email cost more than building the email."""

    def __init__(self, host: str, port: int) -> None:
        self._address = (host, port)
        self._client: aiosmtplib.SMTP | None = None

    async def send(self, message: Message) -> None:
        if self._client is None:
            client = aiosmtplib.SMTP(
                hostname=self._address[0], port=self._address[1], timeout=10, start_tls=False
            )
            await client.connect()
            self._client = client
        try:
            await self._client.send_message(message)
        except BaseException:
            await self.close()
            raise

    async def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        with contextlib.suppress(aiosmtplib.SMTPException, OSError, TimeoutError):
            await client.quit()
        client.close()
