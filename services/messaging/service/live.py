"""Live updates: every api replica LISTENs on the database's ``messaging_live`` channel
and pushes what concerns them to its own sockets, so a message written through any
replica reaches every open portal and workspace.

A notification names a thread and what happened (a message, a read mark); for each
socket of the practice the hub checks that the reader may see that thread (the client
whose thread it is, or staff who may open it, checked afresh each time) and sends them
the message and their own unread counts. After the LISTEN connection was lost, sockets
are told to catch up ("resync"): notifications sent meanwhile are gone.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from typing import Any, Literal, Protocol
from uuid import UUID

from services.messaging.repo import live as live_repo
from services.messaging.repo import messages as messages_repo
from services.messaging.repo import threads as threads_repo
from services.messaging.service.participants import Participant, may_see, scope_of
from services.messaging.service.threads import Entry
from shared import directory
from shared.db import Connection, listen_payloads
from shared.logging import get_logger
from shared.runtime import Runtime
from shared.worker import BackgroundTasks

log = get_logger(__name__)
Kind = Literal["hello", "message", "read", "resync"]


@dataclass(frozen=True)
class LiveUpdate:
    kind: Kind
    unread: int | None = None  # the reader's total (the orange dot)
    thread_id: UUID | None = None
    client_id: UUID | None = None
    thread_unread: int | None = None
    entry: Entry | None = None
    reader_side: str | None = None  # for "read": whose mark moved


class Sink(Protocol):
    async def push(self, update: LiveUpdate) -> None: ...

    async def close(self) -> None: ...


@dataclass(eq=False)
class Subscriber:
    me: Participant
    sink: Sink


@dataclass(frozen=True)
class _Note:
    kind: str
    practice_id: UUID
    thread_id: UUID
    client_id: UUID
    message_id: UUID | None
    reader_id: UUID | None

    @classmethod
    def parse(cls, payload: str) -> _Note:
        raw = json.loads(payload)

        def uuid_of(key: str) -> UUID | None:
            return UUID(raw[key]) if raw.get(key) else None

        return cls(
            kind=raw["kind"],
            practice_id=UUID(raw["practice_id"]),
            thread_id=UUID(raw["thread_id"]),
            client_id=UUID(raw["client_id"]),
            message_id=uuid_of("message_id"),
            reader_id=uuid_of("reader_id"),
        )


class LiveHub:
    def __init__(self, runtime: Runtime[Any], *, listen_dsn: str) -> None:
        self._rt = runtime
        self._dsn = listen_dsn
        self._subscribers: set[Subscriber] = set()
        self._notes: asyncio.Queue[_Note | None] = asyncio.Queue(maxsize=10_000)
        self._tasks = BackgroundTasks()

    def start(self) -> None:
        self._tasks.spawn(listen_payloads(self._dsn, live_repo.CHANNEL, self._heard))
        self._tasks.spawn(self._deliver_forever())

    async def stop(self) -> None:
        await self._tasks.cancel_all()

    def add(self, subscriber: Subscriber) -> None:
        self._subscribers.add(subscriber)

    def remove(self, subscriber: Subscriber) -> None:
        self._subscribers.discard(subscriber)

    @property
    def sockets(self) -> int:
        return len(self._subscribers)

    async def close_all(self) -> None:
        """Going away (the process stops): browsers reconnect to another replica."""
        for subscriber in list(self._subscribers):
            await subscriber.sink.close()

    def _heard(self, payload: str | None) -> None:
        try:
            self._notes.put_nowait(_Note.parse(payload) if payload else None)
        except asyncio.QueueFull:
            log.warning("live.overflow")  # sockets fall back on their polling

    async def _deliver_forever(self) -> None:
        while True:
            note = await self._notes.get()
            try:
                await self._deliver(note)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # a database hiccup costs one update, not the hub
                log.warning("live.delivery_failed", error=type(exc).__name__)

    async def _deliver(self, note: _Note | None) -> None:
        if note is None:
            for subscriber in list(self._subscribers):
                await _push(subscriber, LiveUpdate(kind="resync"))
            return
        audience = [s for s in self._subscribers if s.me.practice_id == note.practice_id]
        if not audience:
            return
        async with self._rt.reader() as conn:
            seen: dict[UUID, bool] = {}
            for subscriber in audience:
                me = subscriber.me
                if me.side == "client" and me.id != note.client_id:
                    continue
                if me.side == "practice":
                    if me.id not in seen:
                        seen[me.id] = await may_see(conn, me, note.client_id)
                    if not seen[me.id]:
                        continue
                update = await self._update_for(conn, me, note)
                if update is not None:
                    await _push(subscriber, update)

    async def _update_for(
        self, conn: Connection, me: Participant, note: _Note
    ) -> LiveUpdate | None:
        unread, thread_unread = await unread_counts(conn, me, note.thread_id)
        common = {
            "unread": unread,
            "thread_id": note.thread_id,
            "client_id": note.client_id,
            "thread_unread": thread_unread,
        }
        if note.kind == "read":
            reader_side = "client" if note.reader_id == note.client_id else "practice"
            return LiveUpdate(kind="read", reader_side=reader_side, **common)  # type: ignore[arg-type]
        assert note.message_id is not None
        message = await messages_repo.find_message(
            conn, self._rt.keyring, me.practice_id, note.message_id
        )
        if message is None:
            return None
        name = await _sender_name(conn, message.practice_id, message.sender_id)
        entry = Entry(message=message, sender_name=name, read=False)
        return LiveUpdate(kind="message", entry=entry, **common)  # type: ignore[arg-type]


async def unread_counts(
    conn: Connection, me: Participant, thread_id: UUID | None
) -> tuple[int, int]:
    """``(total unread for me, unread for me in thread_id)``."""
    if me.side == "client":
        total = await threads_repo.client_unread(conn, me.practice_id, me.id)
        return total, total
    total = await threads_repo.staff_unread(conn, await scope_of(conn, me))
    here = await threads_repo.staff_thread_unread(conn, thread_id, me.id) if thread_id else 0
    return total, here


async def _sender_name(conn: Connection, practice_id: UUID, sender_id: UUID) -> str:
    staff = await directory.find_staff(conn, practice_id, sender_id)
    if staff is not None:
        return staff.name
    client = await directory.find_client(conn, practice_id, sender_id)
    return client.name if client else ""


async def _push(subscriber: Subscriber, update: LiveUpdate) -> None:
    """Send one update; a socket that cannot take it within a second (closing, or a
    reader that stopped reading) misses it and catches up by polling."""
    try:
        async with asyncio.timeout(1):
            await subscriber.sink.push(update)
    except (ConnectionError, RuntimeError, TimeoutError) as exc:
        log.info("live.push_failed", error=type(exc).__name__)
