"""A service that starts later is sent what it missed: one publisher's retained events,
replayed to its queue only, bounded by time and type, with their own ids."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import aio_pika
import asyncpg
import pytest
from aio_pika.abc import AbstractQueue

from shared.config import ServiceSettings
from shared.db import UnitOfWork
from shared.replay import ReplayError, main, replay
from shared.tests.conftest import ProbeSent


@pytest.fixture
async def late_queue(amqp_url: str) -> AsyncIterator[AbstractQueue]:
    """The queue of a service that started after the events went out (bound to nothing)."""
    connection = await aio_pika.connect_robust(amqp_url)
    channel = await connection.channel()
    queue = await channel.declare_queue(f"test.late.{uuid.uuid4().hex[:8]}", exclusive=True)
    yield queue
    await connection.close()


async def drain(queue: AbstractQueue) -> list[tuple[str, dict]]:
    found = []
    while (message := await queue.get(fail=False, timeout=5)) is not None:
        await message.ack()
        found.append((str(message.message_id), json.loads(message.body)))
    return found


async def test_retained_events_in_the_window_reach_the_late_queue_with_their_ids(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, late_queue: AbstractQueue
) -> None:
    run = uuid.uuid4().hex
    ids = []
    for n in range(3):
        async with UnitOfWork(pool, source="backbone") as uow:
            ids.append(await uow.add_event(ProbeSent(run=run, n=n)))
            await uow.commit()
    # The oldest was published long ago: outside the window asked for.
    await pool.execute(
        "UPDATE outbox SET created_at = now() - interval '3 days', published_at = now()"
        " WHERE id = $1::uuid",
        ids[0],
    )
    since = datetime.now(UTC) - timedelta(hours=1)

    count = await replay(
        backbone_settings,
        queue=late_queue.name,
        since=since,
        until=datetime.now(UTC) + timedelta(minutes=1),
        types=["test.probe_sent"],
    )

    mine = [(i, e) for i, e in await drain(late_queue) if e["data"]["run"] == run]
    assert count >= 2
    assert [i for i, _ in mine] == ids[1:], "same ids (inboxes dedupe), in order, in window"
    assert all(e["type"] == "test.probe_sent" for _, e in mine)


async def test_a_type_not_asked_for_is_not_replayed(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, late_queue: AbstractQueue
) -> None:
    async with UnitOfWork(pool, source="backbone") as uow:
        await uow.add_event(ProbeSent(run=uuid.uuid4().hex, n=0))
        await uow.commit()
    now = datetime.now(UTC)
    count = await replay(
        backbone_settings,
        queue=late_queue.name,
        since=now - timedelta(hours=1),
        until=now + timedelta(minutes=1),
        types=["practice.created"],
    )
    assert count == 0 and await drain(late_queue) == []


async def test_replaying_to_a_queue_that_does_not_exist_is_an_error_not_a_silent_loss(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool
) -> None:
    async with UnitOfWork(pool, source="backbone") as uow:
        await uow.add_event(ProbeSent(run=uuid.uuid4().hex, n=0))
        await uow.commit()
    now = datetime.now(UTC)
    with pytest.raises(ReplayError, match="no queue named"):
        await replay(
            backbone_settings,
            queue=f"nobody.{uuid.uuid4().hex}",
            since=now - timedelta(hours=1),
            until=now + timedelta(minutes=1),
        )


def test_the_command_line_wants_a_time_zone(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--from", "backbone", "--to-queue", "q", "--since", "2026-12-01T00:00:00"])
    assert "time zone" in capsys.readouterr().err
