"""The unit of work gives back its connection whatever happens, BEGIN failing included."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from shared.config import ServiceSettings
from shared.db import UnitOfWork


async def test_a_unit_of_work_whose_begin_fails_gives_its_connection_back(
    backbone_settings: ServiceSettings,
) -> None:
    borrowed = 0

    async def cancel_at_begin(_: asyncpg.Connection) -> None:
        # Runs as the connection is handed out the first time: the cancellation lands on
        # the first statement that waits for the server, BEGIN (as a timeout would).
        nonlocal borrowed
        borrowed += 1
        task = asyncio.current_task()
        if borrowed == 1 and task is not None:
            asyncio.get_running_loop().call_soon(task.cancel)

    pool = await asyncpg.create_pool(
        backbone_settings.runtime_database_url(), min_size=0, max_size=1, setup=cancel_at_begin
    )
    assert pool is not None
    try:
        with pytest.raises(asyncio.CancelledError):
            async with UnitOfWork(pool):
                raise AssertionError("BEGIN was meant to fail")
        asyncio.current_task().uncancel()  # type: ignore[union-attr]
        # A pool of one: with the connection leaked, this would wait for ever.
        async with pool.acquire(timeout=5) as conn:
            assert await conn.fetchval("SELECT 1") == 1
    finally:
        pool.terminate()


SLOW_COMMIT = """
CREATE FUNCTION pg_temp.slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN PERFORM pg_sleep(2); RETURN NULL; END $$;
CREATE TEMP TABLE committed_slowly (n int) ON COMMIT DROP;
CREATE CONSTRAINT TRIGGER slow AFTER INSERT ON committed_slowly
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION pg_temp.slow_commit();
INSERT INTO committed_slowly VALUES (1);
"""


async def test_a_unit_of_work_cancelled_during_its_commit_is_cancelled_not_an_interface_error(
    backbone_settings: ServiceSettings,
) -> None:
    """asyncpg refuses to roll back a transaction whose COMMIT was interrupted; that refusal
    must not replace the cancellation (a worker stopping would take it for an outage and
    carry on instead of stopping)."""
    pool = await asyncpg.create_pool(
        backbone_settings.runtime_database_url(), min_size=0, max_size=1
    )
    assert pool is not None

    async def work() -> None:
        async with UnitOfWork(pool) as uow:
            await uow.conn.execute(SLOW_COMMIT)  # the deferred trigger runs at COMMIT
            await uow.commit()

    try:
        task = asyncio.create_task(work())
        await asyncio.sleep(0.5)  # well inside the two-second COMMIT
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with pool.acquire(timeout=10) as conn:  # and the pool still serves
            assert await conn.fetchval("SELECT 1") == 1
    finally:
        pool.terminate()
