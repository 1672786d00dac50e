"""Email through an outbox: written in the caller's transaction, sent by the mailer.

A down SMTP server delays an email, it never loses one: the row stays until the server
accepts it, retried with a growing delay. Each email is claimed, sent and marked in a
transaction of its own, so one that fails never sends those before it again. Bodies
hold PINs and one-time links: they wait encrypted with the keyring (the key id beside
them) and are cleared once sent. Emails carry no health information.

An email may name where replies go (``reply_to``: the practice's address, not the
portal's no-reply sender) and carry small attachments (a calendar file), encrypted with
the body. A caller that keeps its own record of what it sent (messaging's email log)
passes ``email_id`` and joins that record to the outbox row by it.
"""

from __future__ import annotations

import asyncio
import base64
import json
import uuid
from dataclasses import dataclass
from email.message import Message
from typing import Any

import aiosmtplib
import asyncpg

from shared.crypto import Keyring
from shared.db import Connection
from shared.logging import get_logger
from shared.metrics import WorkerMetrics
from shared.smtp import Attachment, SmtpSession, mime_message
from shared.worker import NotifiedDrainer

log = get_logger(__name__)
__all__ = ["Attachment", "Mailer", "OutgoingEmail", "queue_email"]


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str | None = None
    practice_id: uuid.UUID | None = None
    from_name: str | None = None
    reply_to: str | None = None
    attachments: tuple[Attachment, ...] = ()


async def queue_email(
    conn: Connection,
    email: OutgoingEmail,
    *,
    keyring: Keyring,
    email_id: uuid.UUID | None = None,
) -> uuid.UUID:
    """Add ``email`` to this service's email outbox, inside the caller's transaction,
    its body (and attachments) encrypted with ``keyring``'s active key. Returns its id
    (``email_id`` when the caller chose one)."""
    email_id = email_id or uuid.uuid4()
    attachments = [
        {"filename": a.filename, "content_type": a.content_type,
         "data": base64.b64encode(a.data).decode("ascii")}
        for a in email.attachments
    ]  # fmt: skip
    body = json.dumps({"text": email.text, "html": email.html, "attachments": attachments})
    await conn.execute(
        "INSERT INTO email_outbox (id, practice_id, to_address, subject, body, key_id,"
        " from_name, reply_to) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        email_id,
        email.practice_id,
        email.to,
        email.subject,
        keyring.encrypt(body.encode(), aad=email_id.bytes),
        keyring.active,
        email.from_name,
        email.reply_to,
    )
    await conn.execute("SELECT pg_notify('email_' || current_schema(), '')")
    return email_id


CLAIM_ONE = """
SELECT * FROM email_outbox WHERE sent_at IS NULL AND next_attempt_at <= now()
ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED
"""
MARK_SENT = """
UPDATE email_outbox SET sent_at = now(), attempts = attempts + 1,
    body = NULL, text_body = NULL, html_body = NULL
WHERE id = $1
"""
DEFER = """
UPDATE email_outbox SET attempts = attempts + 1, last_error = $2,
    next_attempt_at = now() + make_interval(secs => $3)
WHERE id = $1
"""
# What a mail server (or the way to it) answers when it cannot take an email right now.
_SMTP_TROUBLE = (aiosmtplib.SMTPException, OSError, TimeoutError)


class Mailer(NotifiedDrainer):
    """Sends due emails from the outbox; several replicas may run (SKIP LOCKED)."""

    def __init__(
        self,
        *,
        pool: asyncpg.Pool,
        listen_dsn: str,
        schema: str,
        smtp_host: str,
        smtp_port: int,
        sender: str,
        keyring: Keyring,
        poll_seconds: float = 2.0,
        metrics: WorkerMetrics | None = None,
        concurrency: int = 3,
    ) -> None:
        super().__init__(
            listen_dsn=listen_dsn, channel=f"email_{schema}", poll_seconds=poll_seconds
        )
        self._pool = pool
        self._keyring = keyring
        self._metrics = metrics or WorkerMetrics()
        self._smtp = (smtp_host, smtp_port)
        self._sender = sender
        self._concurrency = concurrency  # pooled connections it may hold at once

    async def drain_once(self) -> bool:
        return await self.send_due() > 0

    async def send_due(self, *, limit: int = 20) -> int:
        """Try up to ``limit`` due emails once each; returns how many were attempted.
        ``concurrency`` senders work side by side (each claim is its own transaction,
        SKIP LOCKED), each over one SMTP connection: a burst no longer waits for every
        email before it, one round trip after another."""
        budget = [limit]

        async def sender() -> int:
            attempted = 0
            smtp = SmtpSession(*self._smtp)
            try:
                while budget[0] > 0:
                    budget[0] -= 1
                    if not await self._send_next(smtp):
                        break
                    attempted += 1
            finally:
                await smtp.close()
            return attempted

        return sum(await asyncio.gather(*(sender() for _ in range(self._concurrency))))

    async def _send_next(self, smtp: SmtpSession) -> bool:
        """Claim, send and record one due email; False when none is due. The row stays
        locked while it goes out, so no other replica sends it at the same time."""
        async with self._pool.acquire() as conn, conn.transaction():
            row = await conn.fetchrow(CLAIM_ONE)
            if row is None:
                return False
            try:
                await smtp.send(self._message(row))
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                await self._defer(conn, row, exc)
                return True
            await conn.execute(MARK_SENT, row["id"])
        self._metrics.emails.labels("sent").inc()
        log.info("email.sent", email_id=str(row["id"]))
        return True

    async def _defer(self, conn: Connection, row: asyncpg.Record, exc: Exception) -> None:
        """Try again later, waiting longer each time. A mail server away is routine; an
        email that cannot be built or decrypted needs a person (logged as an error)."""
        delay = min(2 ** row["attempts"], 600)
        await conn.execute(DEFER, row["id"], type(exc).__name__, delay)
        self._metrics.emails.labels("deferred").inc()
        report = log.warning if isinstance(exc, _SMTP_TROUBLE) else log.error
        report("email.deferred", email_id=str(row["id"]), retry_in=delay, error=type(exc).__name__)

    def _message(self, row: asyncpg.Record) -> Message:
        body = self._body(row)
        return mime_message(
            sender=self._sender,
            from_name=row["from_name"],
            to=row["to_address"],
            subject=row["subject"],
            text=body["text"],
            html=body.get("html"),
            reply_to=row["reply_to"],
            attachments=[
                Attachment(a["filename"], a["content_type"], base64.b64decode(a["data"]))
                for a in body.get("attachments") or ()
            ],
        )

    def _body(self, row: asyncpg.Record) -> dict[str, Any]:
        """``{"text", "html", "attachments"}`` of a row."""
        if row["body"] is None:  # queued in clear before bodies were encrypted
            return {"text": row["text_body"], "html": row["html_body"]}
        body: dict[str, Any] = json.loads(self._keyring.decrypt(row["body"], aad=row["id"].bytes))
        return body
