"""Email through an outbox: written in the caller's transaction, sent by the mailer.

A down SMTP server delays an email, it never loses one: the row stays until the server
accepts it, retried with a growing delay. Emails carry no health information.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

import aiosmtplib
import asyncpg

from shared.db import Connection, listen_forever
from shared.logging import get_logger

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


class Mailer:
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
    ) -> None:
        self._pool = pool
        self._listen_dsn = listen_dsn
        self._schema = schema
        self._smtp = (smtp_host, smtp_port)
        self._sender = sender
        self._poll = poll_seconds
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []

    def start(self) -> None:
        self._tasks = [
            asyncio.create_task(
                listen_forever(self._listen_dsn, f"email_{self._schema}", self._wake.set)
            ),
            asyncio.create_task(self._run()),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll)
            self._wake.clear()
            try:
                while await self.send_due() > 0:
                    pass
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("mailer.stalled", schema=self._schema, error=type(exc).__name__)
                await asyncio.sleep(1)

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
            log.warning("email.deferred", email_id=str(row["id"]), retry_in=delay)
            return
        await conn.execute(
            "UPDATE email_outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = $1",
            row["id"],
        )
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
