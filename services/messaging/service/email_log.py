"""Staff read the email log: to whom, which template, when, and what became of each
email. An admin sees the practice's; a clinician what concerns their own clients (and
what was sent to them). Reading it is staff access to client data: audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from services.messaging.domain.messages import time_cursor
from services.messaging.repo import email_log
from services.messaging.service.participants import Participant
from shared.audit import audit
from shared.origin import Origin
from shared.runtime import Runtime


@dataclass(frozen=True)
class LogPage:
    entries: list[email_log.LogEntry]
    next_after: str | None


async def read_log(
    rt: Runtime[Any],
    me: Participant,
    *,
    client_id: UUID | None,
    after: tuple[datetime, UUID] | None,
    limit: int,
    origin: Origin,
) -> LogPage:
    async with rt.uow() as uow:
        entries = await email_log.page(
            uow.conn,
            me.practice_id,
            clinician_id=None if me.role == "admin" else me.id,
            client_id=client_id,
            after=after,
            limit=limit + 1,
        )
        await audit(
            uow.conn,
            origin,
            action="email_log.read",
            actor=me.actor,
            resource="email_log",
            client_id=client_id,
            detail={"entries": len(entries[:limit])},
        )
        await uow.commit()
    last = entries[limit - 1] if len(entries) > limit else None
    # The same cursor shape as the inbox: (time, id), newest first.
    return LogPage(
        entries=entries[:limit],
        next_after=time_cursor(last.queued_at, last.id) if last else None,
    )
