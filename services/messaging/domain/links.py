"""The "Read Secure Message" link: a capability for one thread, for a short time.

The link carries a random token (256 bits); only its SHA-256 is stored, so a copy of
the database opens nothing. Until it expires (15 minutes after the message was sent)
the token lets its holder read that one thread and answer in it, as the client, and
nothing else: it is never a session, so no other endpoint, service or thread accepts
it. After that the same link leads to Log in, and from there to the thread.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from shared.errors import Gone, NotFound

TOKEN_BYTES = 32
NOT_VALID = "This link is not valid. Log in to your Client Portal to read your messages."
EXPIRED = (
    "This link has expired: links in message emails work for 15 minutes. "
    "Log in to your Client Portal to read your messages."
)


def new_token() -> tuple[str, bytes]:
    """``(token for the email, digest to store)``."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, digest(token)


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("ascii")).digest()


@dataclass(frozen=True)
class MessageLink:
    practice_id: UUID
    thread_id: UUID
    client_id: UUID
    message_id: UUID
    created_at: datetime
    expires_at: datetime

    @classmethod
    def for_message(
        cls,
        *,
        practice_id: UUID,
        thread_id: UUID,
        client_id: UUID,
        message_id: UUID,
        sent_at: datetime,
        minutes: float,
    ) -> MessageLink:
        return cls(
            practice_id=practice_id,
            thread_id=thread_id,
            client_id=client_id,
            message_id=message_id,
            created_at=sent_at,
            expires_at=sent_at + timedelta(minutes=minutes),
        )

    def check_usable(self, now: datetime) -> None:
        if now >= self.expires_at:
            raise LinkExpired(EXPIRED)


class LinkExpired(Gone):
    code, title = "link-expired", "Link expired"


class LinkNotValid(NotFound):
    code, title = "link-not-valid", "Link not valid"


def not_valid() -> LinkNotValid:
    return LinkNotValid(NOT_VALID)
