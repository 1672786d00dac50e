"""Security notices (ASVS 2.2.3): the account's owner is told when its sign-in changes.

Queued on the email outbox in the same transaction as the change, so a change that
commits is always told and one that rolls back never is. What each says is in
``templates/email/security_notice.*``; none holds a secret or a link that signs in.
"""

from __future__ import annotations

from typing import Any

from services.identity import emails
from services.identity.domain.model import Practice
from services.identity.service.runtime import Identity
from shared.db import Connection
from shared.email import queue_email


async def notify(
    conn: Connection,
    idp: Identity,
    practice: Practice,
    *,
    to: str,
    kind: emails.NoticeKind,
    **context: Any,
) -> None:
    notice = emails.security_notice(practice, to=to, kind=kind, at=idp.now(), **context)
    await queue_email(conn, notice, keyring=idp.keyring)
