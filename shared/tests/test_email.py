"""The email outbox: each email marked sent on its own, bodies encrypted while they wait
and cleared once sent."""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid

import asyncpg

from shared.config import ServiceSettings
from shared.crypto import Keyring, new_key_spec
from shared.email import Mailer, OutgoingEmail, queue_email
from shared.testing import SmtpInbox, text_of

KEYS = Keyring.parse(new_key_spec("mail-1"))


def mailer(
    pool: asyncpg.Pool, settings: ServiceSettings, smtp: SmtpInbox, **extra: object
) -> Mailer:
    return Mailer(
        pool=pool,
        listen_dsn=settings.runtime_database_url(),
        schema="backbone",
        smtp_host=smtp.host,
        smtp_port=smtp.port,
        sender="no-reply@portal.test",
        keyring=extra.pop("keyring", KEYS),  # type: ignore[arg-type]
    )


async def queue(pool: asyncpg.Pool, *emails: OutgoingEmail, keyring: Keyring = KEYS) -> None:
    for email in emails:  # one after the other: due in this order
        async with pool.acquire() as conn, conn.transaction():
            await queue_email(conn, email, keyring=keyring)


def to(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:8]}@example.com"


async def test_an_email_that_fails_to_go_does_not_send_the_ones_before_it_again(
    pool: asyncpg.Pool, backbone_settings: ServiceSettings, smtp: SmtpInbox
) -> None:
    first, broken, last = to("first"), to("broken"), to("last")
    await queue(
        pool,
        OutgoingEmail(to=first, subject="One", text="one"),
        # A header no message may carry: building it fails, not the SMTP server.
        OutgoingEmail(to=broken, subject="Two\r\nBcc: someone@example.com", text="two"),
        OutgoingEmail(to=last, subject="Three", text="three"),
    )
    sender = mailer(pool, backbone_settings, smtp)
    for _ in range(3):
        with contextlib.suppress(Exception):
            await sender.send_due()
    await asyncio.sleep(0.2)
    assert (len(smtp.to(first)), len(smtp.to(last)), len(smtp.to(broken))) == (1, 1, 0)
    row = await pool.fetchrow(
        "SELECT attempts, last_error, sent_at FROM email_outbox WHERE to_address = $1", broken
    )
    assert (row["attempts"], row["sent_at"]) == (1, None)
    assert row["last_error"] == "ValueError", "kept for a later try, with what went wrong"


async def test_a_body_waits_encrypted_and_is_cleared_once_sent(
    pool: asyncpg.Pool, backbone_settings: ServiceSettings, smtp: SmtpInbox
) -> None:
    address, pin = to("pin"), "4821"
    html = f"<p>Your PIN is <b>{pin}</b></p>"
    await queue(pool, OutgoingEmail(to=address, subject="Welcome", text=f"PIN {pin}", html=html))
    waiting = await pool.fetchrow("SELECT * FROM email_outbox WHERE to_address = $1", address)
    stored = b"".join(
        value if isinstance(value, bytes) else str(value).encode()
        for value in dict(waiting).values()
        if value is not None
    )
    assert pin.encode() not in stored, "no secret in clear while the email waits"
    assert waiting["key_id"] == "mail-1"
    await mailer(pool, backbone_settings, smtp).send_due()
    [message] = await smtp.wait_for(address)
    assert f"PIN {pin}" in text_of(message)
    sent = await pool.fetchrow("SELECT * FROM email_outbox WHERE to_address = $1", address)
    assert sent["sent_at"] is not None
    assert (sent["body"], sent["text_body"], sent["html_body"]) == (None, None, None)


async def test_an_email_queued_under_an_older_key_is_sent_after_the_key_rotates(
    pool: asyncpg.Pool, backbone_settings: ServiceSettings, smtp: SmtpInbox
) -> None:
    address = to("rotated")
    await queue(pool, OutgoingEmail(to=address, subject="Hello", text="before the rotation"))
    rotated = Keyring(keys={"mail-2": os.urandom(32), **KEYS.keys}, active="mail-2")
    await mailer(pool, backbone_settings, smtp, keyring=rotated).send_due()
    [message] = await smtp.wait_for(address)
    assert "before the rotation" in text_of(message)
