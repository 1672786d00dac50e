"""The staff inbox: the client threads a staff member may open, latest first, with what
is unread for them and the start of the last message."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from services.messaging.domain.messages import time_cursor
from services.messaging.repo import threads as threads_repo
from services.messaging.service.participants import Participant, scope_of
from shared.audit import audit
from shared.origin import Origin
from shared.runtime import Runtime

PREVIEW_CHARS = 80


@dataclass(frozen=True)
class InboxThread:
    thread_id: UUID
    client_id: UUID
    client_name: str
    last_message_at: datetime
    unread: int
    preview: str
    last_from_client: bool


@dataclass(frozen=True)
class Inbox:
    threads: list[InboxThread]
    next_after: str | None
    unread: int  # over every thread the staff member may open


async def inbox(
    rt: Runtime[Any],
    me: Participant,
    *,
    after: tuple[datetime, UUID] | None,
    limit: int,
    origin: Origin,
) -> Inbox:
    async with rt.uow() as uow:
        scope = await scope_of(uow.conn, me)
        rows = await threads_repo.inbox(uow.conn, scope, after=after, limit=limit + 1)
        total = await threads_repo.staff_unread(uow.conn, scope)
        # Names and previews of clients' conversations are client data: audited.
        await audit(
            uow.conn,
            origin,
            action="message_threads.listed",
            actor=me.actor,
            resource="message_thread",
            detail={"threads": len(rows[:limit])},
        )
        await uow.commit()
    threads = [_thread(rt, r) for r in rows[:limit]]
    last = threads[-1] if len(rows) > limit else None
    return Inbox(
        threads=threads,
        next_after=time_cursor(last.last_message_at, last.thread_id) if last else None,
        unread=total,
    )


def _thread(rt: Runtime[Any], row: threads_repo.InboxRow) -> InboxThread:
    preview = ""
    if row.last_body is not None and row.last_message_id is not None:
        text = rt.keyring.decrypt_text(row.last_body, aad=row.last_message_id.bytes)
        preview = " ".join(text.split())
        if len(preview) > PREVIEW_CHARS:
            preview = preview[: PREVIEW_CHARS - 1].rstrip() + "…"
    return InboxThread(
        thread_id=row.thread_id,
        client_id=row.client_id,
        client_name=f"{row.first_name} {row.last_name}".strip() or "Client",
        last_message_at=row.last_message_at,
        unread=row.unread,
        preview=preview,
        last_from_client=row.last_sender_role == "client",
    )
