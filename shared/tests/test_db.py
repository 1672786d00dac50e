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
