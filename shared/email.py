"""Email through an outbox: written in the caller's transaction, sent by the mailer.

A down SMTP server delays an email, it never loses one: the row stays until the server
accepts it, retried with a growing delay. Emails carry no health information.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import aiosmtplib
import asyncpg

from shared.db import Connection
from shared.logging import get_logger
from shared.metrics import WorkerMetrics
from shared.worker import NotifiedDrainer

log = get_logger(__name__)


@dataclass(frozen=True)
class OutgoingEmail:
    to: str
    subject: str
    text: str
    html: str | None = None
    practice_id: uuid.UUID | None = None
    from_name: str | None = None


async def queue_email(conn: Connection, email: OutgoingEmail) -> uuid.UUID:
    """Add ``email`` to this service's email outbox, inside the caller's transaction."""
    email_id = uuid.uuid4()
    await conn.execute(
        "INSERT INTO email_outbox (id, practice_id, to_address, subject, text_body, html_body,"
        " from_name) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        email_id,
        email.practice_id,
        email.to,
        email.subject,
        email.text,
        email.html,
        email.from_name,
    )
    await conn.execute("SELECT pg_notify('email_' || current_schema(), '')")
    return email_id


CLAIM_DUE = """
SELECT * FROM email_outbox WHERE sent_at IS NULL AND next_attempt_at <= now()
ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED
"""


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
        poll_seconds: float = 2.0,
        metrics: WorkerMetrics | None = None,
    ) -> None:
        super().__init__(
            listen_dsn=listen_dsn, channel=f"email_{schema}", poll_seconds=poll_seconds
        )
        self._pool = pool
        self._metrics = metrics or WorkerMetrics()
        self._smtp = (smtp_host, smtp_port)
        self._sender = sender

    async def drain_once(self) -> bool:
        return await self.send_due() > 0

    async def send_due(self, *, limit: int = 20) -> int:
        """Try every due email once; returns how many were attempted."""
        async with self._pool.acquire() as conn, conn.transaction():
            rows = await conn.fetch(CLAIM_DUE, limit)
            for row in rows:
                await self._send_one(conn, row)
        return len(rows)

    async def _send_one(self, conn: Connection, row: asyncpg.Record) -> None:
        try:
            await aiosmtplib.send(
                self._message(row),
                hostname=self._smtp[0],
                port=self._smtp[1],
                timeout=10,
                start_tls=False,
            )
        except (aiosmtplib.SMTPException, OSError, TimeoutError) as exc:
            delay = min(2 ** row["attempts"], 600)
            await conn.execute(
                "UPDATE email_outbox SET attempts = attempts + 1, last_error = $2,"
                " next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1",
                row["id"],
                type(exc).__name__,
                delay,
            )
            self._metrics.emails.labels("deferred").inc()
            log.warning("email.deferred", email_id=str(row["id"]), retry_in=delay)
            return
        await conn.execute(
            "UPDATE email_outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = $1",
            row["id"],
        )
        self._metrics.emails.labels("sent").inc()
        log.info("email.sent", email_id=str(row["id"]))

    def _message(self, row: asyncpg.Record) -> EmailMessage:
        message = EmailMessage()
        message["From"] = formataddr((row["from_name"] or "", self._sender))
        message["To"] = row["to_address"]
        message["Subject"] = row["subject"]
        message["Message-ID"] = make_msgid(domain=self._sender.rpartition("@")[2] or None)
        message.set_content(row["text_body"])
        if row["html_body"]:
            message.add_alternative(row["html_body"], subtype="html")
        return message
