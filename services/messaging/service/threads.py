"""A thread as its participants use it: read a page of messages, send one, mark read,
count what is unread. The client's side works on their own thread only; a staff member
names the client, and reading a client's thread is written to the audit log.

Sending stores the message encrypted, announces ``message.sent`` (ids only) and wakes
the live updates of every api replica, in one transaction. The email about it (the
"Read Secure Message" link, or a note to the clinician) is the notification consumer's
work (service/message_emails.py), like every other email.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from services.messaging.domain.messages import Message, Thread, checked_body
from services.messaging.repo import live as live_repo
from services.messaging.repo import messages as messages_repo
from services.messaging.repo import threads as threads_repo
from services.messaging.service.participants import Participant, client_for_staff, scope_of
from shared import directory
from shared.audit import audit
from shared.db import Connection
from shared.errors import Conflict, Forbidden
from shared.events.catalog import MessageSent
from shared.origin import Origin
from shared.runtime import Runtime

DEACTIVATED = "Portal access for this client is disabled: they cannot read messages now."
YOU_ARE_DEACTIVATED = "Your portal access is disabled. Please call your practice."


@dataclass(frozen=True)
class Entry:
    """A message as one reader sees it: who wrote it and whether the other side read it."""

    message: Message
    sender_name: str
    read: bool


@dataclass(frozen=True)
class ThreadPage:
    client_id: UUID
    client_name: str
    clinician_name: str | None
    thread_id: UUID | None
    entries: list[Entry]
    next_before: int | None  # seq to pass as the next page's cursor
    unread: int  # unread for the reader in this thread


async def read_page(
    rt: Runtime[Any],
    me: Participant,
    *,
    client_id: UUID | None,
    before: int | None,
    limit: int,
    origin: Origin | None,
) -> ThreadPage:
    """A page of the thread, newest first. A client reads their own (``client_id`` is
    ignored); staff read the client's they may open, audited."""
    async with rt.uow() as uow:
        client = await _client(uow.conn, me, client_id)
        thread = await threads_repo.find_thread(uow.conn, me.practice_id, client.id)
        page = await _page(uow.conn, rt, me, client, thread, before=before, limit=limit)
        if me.side == "practice" and origin is not None:
            await audit(
                uow.conn,
                origin,
                action="message_thread.read",
                actor=me.actor,
                resource="message_thread",
                client_id=client.id,
                detail={
                    "thread_id": str(thread.id) if thread else None,
                    "messages": len(page.entries),
                },
            )
        await uow.commit()
    return page


async def send(
    rt: Runtime[Any], me: Participant, *, client_id: UUID | None, body: str, origin: Origin | None
) -> Entry:
    text = checked_body(body, max_chars=rt.settings.message_max_chars)
    async with rt.uow() as uow:
        conn = uow.conn
        client = await _client(conn, me, client_id)
        if client.status == "deactivated":
            raise (
                Forbidden(YOU_ARE_DEACTIVATED)
                if me.side == "client"
                else Conflict(DEACTIVATED, field="client_id")
            )
        now = rt.now()
        thread = await threads_repo.open_thread(conn, me.practice_id, client.id, now)
        message = await messages_repo.insert_message(
            conn,
            rt.keyring,
            message_id=uuid.uuid4(),
            thread_id=thread.id,
            practice_id=me.practice_id,
            sender_id=me.id,
            sender_role=me.role,
            body=text,
            at=now,
        )
        await threads_repo.touch(conn, thread.id, now)
        # Writing in a thread is having read it: the sender's own unread count goes to 0.
        await _mark(conn, me, thread, up_to=message.seq, at=now)
        await uow.add_event(
            MessageSent(
                practice_id=me.practice_id,
                thread_id=thread.id,
                message_id=message.id,
                client_id=client.id,
                sender_id=me.id,
                sender_role=me.role,
            ),
            subject=str(thread.id),
        )
        if me.side == "practice" and origin is not None:
            await audit(
                conn,
                origin,
                action="message.sent",
                actor=me.actor,
                resource="message_thread",
                client_id=client.id,
                detail={"thread_id": str(thread.id), "message_id": str(message.id)},
            )
        await live_repo.notify(
            conn,
            kind="message",
            practice_id=me.practice_id,
            thread_id=thread.id,
            client_id=client.id,
            message_id=message.id,
        )
        name = await _name_of(conn, me.practice_id, me.id, client)
        await uow.commit()
    return Entry(message=message, sender_name=name, read=False)


async def mark_read(rt: Runtime[Any], me: Participant, *, client_id: UUID | None) -> int:
    """Everything in the thread is read for ``me``; returns what stays unread for them."""
    async with rt.uow() as uow:
        client = await _client(uow.conn, me, client_id)
        thread = await threads_repo.find_thread(uow.conn, me.practice_id, client.id)
        if thread is not None:
            latest = await messages_repo.latest_seq(uow.conn, thread.id)
            await _mark(uow.conn, me, thread, up_to=latest, at=rt.now())
        await uow.commit()
    return await unread(rt, me)


async def unread(rt: Runtime[Any], me: Participant) -> int:
    """The orange dot: the client's unread messages, or a staff member's over every
    thread they may open."""
    async with rt.reader() as conn:
        if me.side == "client":
            return await threads_repo.client_unread(conn, me.practice_id, me.id)
        return await threads_repo.staff_unread(conn, await scope_of(conn, me))


async def _client(conn: Connection, me: Participant, client_id: UUID | None) -> directory.Client:
    if me.side == "client":
        found = await directory.find_client(conn, me.practice_id, me.id)
        # A client who reached us before their details did: still their own thread.
        return found or directory.Client(
            id=me.id,
            practice_id=me.practice_id,
            clinician_id=None,
            first_name="",
            last_name="",
            email="",
            date_of_birth=None,
            status="active",
        )
    if client_id is None:
        raise Conflict("name the client whose thread this is", field="client_id")
    return await client_for_staff(conn, me, client_id)


async def _mark(conn: Connection, me: Participant, thread: Thread, *, up_to: int, at: Any) -> None:
    moved = await messages_repo.mark_read(
        conn, thread_id=thread.id, reader_id=me.id, reader_role=me.role, up_to=up_to, at=at
    )
    if moved:
        await live_repo.notify(
            conn,
            kind="read",
            practice_id=me.practice_id,
            thread_id=thread.id,
            client_id=thread.client_id,
            reader_id=me.id,
        )


async def _page(
    conn: Connection,
    rt: Runtime[Any],
    me: Participant,
    client: directory.Client,
    thread: Thread | None,
    *,
    before: int | None,
    limit: int,
) -> ThreadPage:
    clinician = (
        await directory.find_staff(conn, me.practice_id, client.clinician_id)
        if client.clinician_id
        else None
    )
    messages: list[Message] = []
    entries: list[Entry] = []
    unread_here = 0
    if thread is not None:
        messages = await messages_repo.list_messages(
            conn, rt.keyring, thread.id, before=before, limit=limit + 1
        )
        client_mark, practice_mark = await messages_repo.read_marks(conn, thread.id)
        names = await _names(conn, me.practice_id, client)
        entries = [
            Entry(
                m,
                names.get(m.sender_id, ""),
                m.read_by_other_side(client_read_seq=client_mark, practice_read_seq=practice_mark),
            )
            for m in messages[:limit]
        ]
        unread_here = (
            await threads_repo.client_unread(conn, me.practice_id, client.id)
            if me.side == "client"
            else await threads_repo.staff_thread_unread(conn, thread.id, me.id)
        )
    return ThreadPage(
        client_id=client.id,
        client_name=client.name,
        clinician_name=clinician.name if clinician else None,
        thread_id=thread.id if thread else None,
        entries=entries,
        next_before=messages[limit - 1].seq if len(messages) > limit else None,
        unread=unread_here,
    )


async def _names(conn: Connection, practice_id: UUID, client: directory.Client) -> dict[UUID, str]:
    staff = await directory.list_staff(conn, practice_id, active_only=False)
    return {s.id: s.name for s in staff} | {client.id: client.name}


async def _name_of(
    conn: Connection, practice_id: UUID, sender_id: UUID, client: directory.Client
) -> str:
    if sender_id == client.id:
        return client.name
    staff = await directory.find_staff(conn, practice_id, sender_id)
    return staff.name if staff else ""
