"""Audit records ride on portal.audit and are never dropped: while no queue takes them
(identity has not started yet) they stay in the outbox, and go out once one does."""

from __future__ import annotations

import json
import uuid
from typing import Any

import aio_pika
import asyncpg

from shared.audit import Actor, audit
from shared.broker import BrokerLink
from shared.config import ServiceSettings
from shared.db import write_outbox
from shared.events.envelope import AUDIT_EXCHANGE
from shared.events.relay import OutboxRelay, declare_exchange
from shared.origin import Origin
from shared.runtime import Runtime
from shared.testing import eventually


async def _unpublished(pool: asyncpg.Pool, event_id: str) -> bool:
    published = await pool.fetchval("SELECT published_at FROM outbox WHERE id = $1::uuid", event_id)
    return published is None


async def test_an_audit_record_nobody_can_take_yet_waits_in_the_outbox_until_someone_can(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, amqp_url: str
) -> None:
    # Its own routing key, so that no queue of another test takes it first.
    key = f"test.audit.{uuid.uuid4().hex[:8]}"
    practice = str(uuid.uuid4())
    envelope: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "type": key,
        "data": {"n": 1, "practice_id": practice},
    }
    async with pool.acquire() as conn, conn.transaction():
        await write_outbox(conn, envelope, exchange=AUDIT_EXCHANGE)
    link = BrokerLink(amqp_url, name="audit-test")
    link.start()
    relay = OutboxRelay(
        pool=pool,
        listen_dsn=backbone_settings.runtime_database_url(),
        schema="backbone",
        broker=link,
        poll_seconds=0.2,
        hold_unroutable_seconds=0.2,
    )
    relay.start()
    connection = await aio_pika.connect_robust(amqp_url)
    try:
        channel = await connection.channel()
        await relay.publish_batch()
        assert await _unpublished(pool, envelope["id"]), "returned by the broker, kept"

        exchange = await channel.get_exchange(AUDIT_EXCHANGE)
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(exchange, routing_key=f"{key}.{practice}")
        await eventually(lambda: _published(pool, envelope["id"]), seconds=10)
        message = await queue.get(timeout=5)
        assert json.loads(message.body)["id"] == envelope["id"]
    finally:
        await relay.stop()
        await connection.close()
        await link.close()


async def _published(pool: asyncpg.Pool, event_id: str) -> bool:
    return not await _unpublished(pool, event_id)


async def test_the_writer_puts_the_record_in_the_callers_transaction_for_portal_audit(
    runtime: Runtime[Any],
) -> None:
    practice, actor_id, client_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    actor = Actor(practice_id=practice, account_id=actor_id, role="clinician")
    async with runtime.uow() as uow:
        await audit(
            uow.conn, Origin(ip="203.0.113.9"), action="thing.read", actor=actor,
            client_id=client_id, detail={"thing_id": "t-1"},
        )  # fmt: skip
        await uow.commit()
    async with runtime.uow() as uow:  # rolled back with what it recorded
        await audit(uow.conn, Origin(), action="thing.read", actor=actor, client_id=client_id)
    rows = await runtime.pool.fetch(
        "SELECT exchange, type, envelope FROM outbox WHERE envelope->'data'->>'client_id' = $1",
        str(client_id),
    )
    [row] = rows
    data = row["envelope"]["data"]
    assert (row["exchange"], row["type"]) == (AUDIT_EXCHANGE, "audit.recorded")
    assert data["service"] == "backbone" and data["practice_id"] == str(practice)
    assert (data["actor_id"], data["ip"]) == (str(actor_id), "203.0.113.9")
    assert data["detail"] == {"thing_id": "t-1"}


async def test_records_no_queue_takes_never_hold_up_the_events_behind_them(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, amqp_url: str
) -> None:
    practice = str(uuid.uuid4())
    stuck_key, event_key = (f"test.{name}.{uuid.uuid4().hex[:8]}" for name in ("stuck", "event"))
    async with pool.acquire() as conn, conn.transaction():
        for _ in range(3):  # audit records for a queue that does not exist (yet)
            await write_outbox(conn, _envelope(stuck_key, practice), exchange=AUDIT_EXCHANGE)
        event = _envelope(event_key, practice)
        await write_outbox(conn, event)
    link = BrokerLink(amqp_url, name="audit-hold-test")
    link.start()
    connection = await aio_pika.connect_robust(amqp_url)
    try:
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(await declare_exchange(channel), routing_key=f"{event_key}.*")
        relay = OutboxRelay(
            pool=pool, listen_dsn=backbone_settings.runtime_database_url(), schema="backbone",
            broker=link, batch_size=2,
        )  # fmt: skip
        for _ in range(4):  # no poll waits: each batch sets the stuck ones aside
            await relay.publish_batch()
        message = await queue.get(timeout=5)
        assert json.loads(message.body)["id"] == event["id"]
        assert await _unpublished(pool, event["id"]) is False
    finally:
        await connection.close()
        await link.close()


def _envelope(event_type: str, practice: str) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": event_type, "data": {"practice_id": practice}}
