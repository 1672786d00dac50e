"""asyncpg pool lifecycle and the unit of work.

A use case does::

    async with UnitOfWork(pool) as uow:
        row = await uow.conn.fetchrow(...)
        await uow.add_event(ClientInvited(...), subject=str(client_id))
        await uow.commit()

Leaving the block without ``commit()`` rolls everything back, events included: the
outbox row lives in the same transaction as the state change.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from types import TracebackType
from typing import Any

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from shared.events.envelope import EXCHANGE, Event, envelope_for
from shared.events.routing import practice_of
from shared.pool import fair_pool

# What repositories take: a plain connection or one borrowed from a pool.
Connection = asyncpg.Connection | PoolConnectionProxy

# Failures that mean "the database is not there right now": 503 and try again later,
# never a 500, and for a consumer a wait that does not spend one of the event's retries.
DATABASE_DOWN: tuple[type[BaseException], ...] = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.CannotConnectNowError,
    asyncpg.TooManyConnectionsError,
    asyncpg.InterfaceError,
    TimeoutError,
)

# Transactions PostgreSQL chose to abort (deadlock, serialization failure): nothing was
# done, and the same request a moment later will very likely go through.
TRANSIENT_CONFLICT: tuple[type[BaseException], ...] = (asyncpg.TransactionRollbackError,)


async def _init_connection(conn: asyncpg.Connection) -> None:
    for type_name in ("json", "jsonb"):
        await conn.set_type_codec(
            type_name, encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )


async def _keep_session_state(_: asyncpg.Connection) -> None:
    """Release without the default reset query (an extra round trip per request, about a
    third of a cheap read). Safe because pooled connections never hold session state:
    LISTEN runs on dedicated connections (listen_forever), advisory locks are
    transaction-scoped, search_path is fixed at connect, and asyncpg still rolls back an
    open transaction on release."""


async def create_pool(dsn: str, *, size: int = 10, schema: str | None = None) -> asyncpg.Pool:
    """A pool whose connections decode json/jsonb and search the service's schema first."""
    server_settings = {"search_path": schema} if schema else {}
    server_settings["application_name"] = f"portal-{schema or 'admin'}"
    # Fair: under load every request waits its turn for a connection (see shared/pool.py).
    pool = await fair_pool(
        dsn,
        min_size=0,  # start even while the database is down; readiness reports it
        max_size=size,
        init=_init_connection,
        reset=_keep_session_state,
        server_settings=server_settings,
        command_timeout=30,
    )
    assert pool is not None
    return pool


class UnitOfWork:
    """One connection and one transaction; rolled back unless ``commit()`` was called."""

    def __init__(self, pool: asyncpg.Pool, *, source: str = "portal") -> None:
        self._pool = pool
        self._source = source
        self._conn: Any = None
        self._tx: Any = None
        self._committed = False
        self._events = 0

    @property
    def conn(self) -> Connection:
        if self._conn is None:
            raise RuntimeError("unit of work used outside its 'async with' block")
        return self._conn

    async def __aenter__(self) -> UnitOfWork:
        self._conn = await self._pool.acquire()
        try:
            self._tx = self._conn.transaction()
            await self._tx.start()
        except BaseException:
            # __aexit__ never runs when __aenter__ fails: give the connection back here
            # (BEGIN cancelled or timed out), or the pool is one connection short for ever.
            conn, self._conn = self._conn, None
            await self._pool.release(conn)
            raise
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if not self._committed:
                await self._rollback(exc)
        finally:
            conn, self._conn = self._conn, None
            await self._pool.release(conn)

    async def _rollback(self, exc: BaseException | None) -> None:
        try:
            await self._tx.rollback()
        except asyncpg.InterfaceError:
            # A COMMIT that failed or was cancelled leaves asyncpg's transaction "in error
            # state", and it refuses the rollback: the commit's own error (a cancellation
            # when a worker stops) must surface, not this refusal. Releasing the connection
            # waits for the interrupted statement and rolls back whatever is still open.
            if exc is None:
                raise

    async def commit(self) -> None:
        await self._tx.commit()
        self._committed = True

    async def add_event(self, event: Event, *, subject: str | None = None) -> str:
        """Write ``event`` to this service's outbox inside the open transaction.

        The relay publishes it after commit; a rollback discards it. Returns the event id.
        """
        envelope = envelope_for(event, source=self._source, subject=subject)
        await write_outbox(self.conn, envelope, notify=self._events == 0)
        self._events += 1
        return str(envelope["id"])


async def write_outbox(
    conn: Connection, envelope: dict[str, Any], *, exchange: str = EXCHANGE, notify: bool = True
) -> None:
    """Add ``envelope`` to the outbox in the caller's transaction, for ``exchange``.

    Refuses (``UnscopedEvent``) an event without ``data.practice_id``: its routing key
    carries the practice (shared/events/routing.py)."""
    practice_of(envelope)
    await conn.execute(
        "INSERT INTO outbox (id, type, envelope, exchange) VALUES ($1::uuid, $2, $3, $4)",
        envelope["id"],
        envelope["type"],
        envelope,
        exchange,
    )
    if notify:
        # Wakes the relay as soon as the transaction commits (NOTIFY is transactional).
        await conn.execute("SELECT pg_notify('outbox_' || current_schema(), '')")


async def listen_forever(dsn: str, channel: str, on_notify: Callable[[], None]) -> None:
    """LISTEN on ``channel`` over a dedicated connection (never a pooled one: pooled
    connections are reset on release), re-connecting after an outage. ``on_notify`` is
    also called on every (re)connect, for whatever was committed while we were away."""
    await listen_payloads(dsn, channel, lambda _: on_notify())


async def listen_payloads(dsn: str, channel: str, on_payload: Callable[[str | None], None]) -> None:
    """``listen_forever`` for notifications that carry a payload (messaging's live
    updates): ``on_payload(payload)`` per notification, and ``on_payload(None)`` on every
    (re)connect, when notifications sent while we were away are lost and the listener
    must catch up by other means."""
    while True:
        try:
            conn = await asyncpg.connect(dsn)
            try:
                await conn.add_listener(channel, lambda *args: on_payload(args[-1]))
                on_payload(None)
                await _until_closed(conn)
            finally:
                with contextlib.suppress(Exception):
                    await conn.close()
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            await asyncio.sleep(1)


async def _until_closed(conn: asyncpg.Connection) -> None:
    closed = asyncio.Event()
    conn.add_termination_listener(lambda _: closed.set())
    while not conn.is_closed():
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):  # not wait_for: see shared/worker.py
                await closed.wait()
