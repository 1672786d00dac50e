"""The SMTP side: an aiosmtpd server on the running event loop that files mail in the inbox."""

from __future__ import annotations

import asyncio

from aiosmtpd.smtp import SMTP, Envelope, Session

from deploy.mailbox.store import Inbox
from shared.logging import get_logger

log = get_logger(__name__)


class InboxHandler:
    """aiosmtpd handler: every message is accepted and kept, whoever it is for."""

    def __init__(self, inbox: Inbox) -> None:
        self._inbox = inbox

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        message = self._inbox.add(
            raw, envelope_from=envelope.mail_from or "", envelope_to=list(envelope.rcpt_tos)
        )
        log.info("mailbox.received", message_id=message.id, recipients=len(message.envelope_to))
        return "250 Message accepted for delivery"


async def start_smtp_server(
    inbox: Inbox, *, host: str, port: int, max_message_bytes: int
) -> asyncio.Server:
    """Listen on ``host:port`` (0 picks a free port) in the current event loop."""
    loop = asyncio.get_running_loop()
    handler = InboxHandler(inbox)

    def protocol() -> SMTP:
        return SMTP(
            handler,
            hostname="mailbox.localhost",  # no DNS lookup of our own name at each connection
            data_size_limit=max_message_bytes,
            enable_SMTPUTF8=True,
            loop=loop,
        )

    return await loop.create_server(protocol, host=host, port=port)
