"""The services' pool serves requests in the order they asked for a connection."""

from __future__ import annotations

import asyncio
import itertools

import asyncpg
import pytest

from shared.config import ServiceSettings
from shared.db import create_pool
from shared.pool import FairPool

POOL_SIZE = 2
WORKERS = 24
ROUNDS = 15


async def worst_overtaking(pool: asyncpg.Pool) -> int:
    """Many tasks borrowing a small pool over and over, as requests do under load: the
    most borrowers that got a connection before one that had asked earlier."""
    tickets = itertools.count()
    granted: list[int] = []

    async def borrower() -> None:
        for _ in range(ROUNDS):
            ticket = next(tickets)  # taken the moment it asks
            async with pool.acquire() as conn:
                granted.append(ticket)
                await conn.fetchval("SELECT 1")
            await asyncio.sleep(0)

    await asyncio.gather(*(borrower() for _ in range(WORKERS)))
    return max(sum(1 for later in granted[i:] if later < t) for i, t in enumerate(granted))


@pytest.fixture
async def fair(backbone_settings: ServiceSettings) -> asyncpg.Pool:
    pool = await create_pool(
        backbone_settings.runtime_database_url(), size=POOL_SIZE, schema="backbone"
    )
    yield pool
    await pool.close()


async def test_services_get_a_fair_pool(fair: asyncpg.Pool) -> None:
    assert isinstance(fair, FairPool)


async def test_no_borrower_is_overtaken_by_more_than_the_pool_holds(fair: asyncpg.Pool) -> None:
    assert await worst_overtaking(fair) <= POOL_SIZE


async def test_asyncpgs_own_pool_lets_late_comers_overtake_which_is_why_ours_exists(
    backbone_settings: ServiceSettings,
) -> None:
    plain = await asyncpg.create_pool(
        backbone_settings.runtime_database_url(), min_size=0, max_size=POOL_SIZE
    )
    try:
        assert await worst_overtaking(plain) > POOL_SIZE
    finally:
        await plain.close()


async def test_a_connection_released_twice_gives_back_one_turn(fair: asyncpg.Pool) -> None:
    conn = await fair.acquire()
    await fair.release(conn)
    await fair.release(conn)  # a no-op, as in asyncpg

    held = [await fair.acquire() for _ in range(POOL_SIZE)]
    waiting = asyncio.ensure_future(fair.acquire())
    await asyncio.sleep(0.05)
    assert not waiting.done()  # no third turn appeared from the double release
    await fair.release(held[0])
    await fair.release(await waiting)
    await fair.release(held[1])


async def test_a_borrower_that_times_out_while_waiting_leaves_its_turn(fair: asyncpg.Pool) -> None:
    held = [await fair.acquire() for _ in range(POOL_SIZE)]
    with pytest.raises(TimeoutError):
        await fair.acquire(timeout=0.05)
    await fair.release(held[0])

    again = await fair.acquire(timeout=5)  # the timed-out waiter did not keep the slot

    await fair.release(again)
    await fair.release(held[1])
