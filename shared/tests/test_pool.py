"""The services' pool serves requests in the order they asked for a connection."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable

import asyncpg
import pytest

from shared.config import ServiceSettings
from shared.db import create_pool
from shared.pool import FairPool, fair_pool

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


PoolMaker = Callable[..., Awaitable[asyncpg.Pool]]


async def who_gets_it_first(make: PoolMaker) -> list[str]:
    """A pool of one is busy and a borrower waits in line; the moment the connection
    comes back, a request that arrived just then asks too (as requests keep arriving
    under load). Which of the two gets the connection first?"""
    arrived = asyncio.Event()

    async def reset(_: object) -> None:
        arrived.set()  # runs just before the connection goes back: the newcomer is due

    pool = await make(reset=reset)
    order: list[str] = []

    async def borrow(name: str, *, after: asyncio.Event | None = None) -> None:
        if after is not None:
            await after.wait()
        async with pool.acquire():
            order.append(name)

    try:
        held = await pool.acquire()
        in_line = asyncio.ensure_future(borrow("waiting in line"))
        await asyncio.sleep(0.05)
        newcomer = asyncio.ensure_future(borrow("newcomer", after=arrived))
        await pool.release(held)
        await asyncio.gather(in_line, newcomer)
    finally:
        await pool.close()
    return order


async def test_the_borrower_in_line_gets_the_connection_before_a_newcomer(
    backbone_settings: ServiceSettings,
) -> None:
    dsn = backbone_settings.runtime_database_url()

    order = await who_gets_it_first(lambda **kw: fair_pool(dsn, min_size=0, max_size=1, **kw))

    assert order == ["waiting in line", "newcomer"]


async def test_asyncpgs_own_pool_hands_it_to_the_newcomer_which_is_why_ours_exists(
    backbone_settings: ServiceSettings,
) -> None:
    dsn = backbone_settings.runtime_database_url()

    order = await who_gets_it_first(
        lambda **kw: asyncpg.create_pool(dsn, min_size=0, max_size=1, **kw)
    )

    assert order == ["newcomer", "waiting in line"]


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
