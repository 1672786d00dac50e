"""Routing keys carry the practice: ``<event type>.<practice id>``, so that a binding can
select one practice (a clinician tool's) while the portal's consumers bind ``<type>.*``."""

from __future__ import annotations

import re
import uuid
from typing import Any
from uuid import UUID

import aio_pika
import asyncpg
import pytest

from shared.audit import AuditRecorded
from shared.broker import BrokerLink
from shared.config import ServiceSettings
from shared.db import UnitOfWork
from shared.events.asyncapi import asyncapi_document
from shared.events.catalog import EVENT_TYPES
from shared.events.envelope import EXCHANGE, Event
from shared.events.relay import OutboxRelay, declare_exchange
from shared.events.routing import (
    EVENT_TYPE,
    UnscopedEvent,
    binding_key,
    practice_binding_pattern,
    routing_key,
)
from shared.runtime import Runtime
from shared.testing import drain_event_ids
from shared.tests.conftest import ProbeSent

EVERY_EVENT: list[type[Event]] = [*EVENT_TYPES.values(), AuditRecorded]


@pytest.mark.parametrize("model", EVERY_EVENT, ids=lambda m: m.type)
def test_every_event_belongs_to_one_practice_by_a_required_practice_id(
    model: type[Event],
) -> None:
    field = model.model_fields.get("practice_id")
    assert field is not None, f"{model.type} needs practice_id: its routing key carries it"
    assert field.annotation is UUID and field.is_required()


@pytest.mark.parametrize("event_type", [*EVENT_TYPES, AuditRecorded.type])
def test_every_event_type_is_lower_case_dotted_words_never_mistaken_for_a_practice(
    event_type: str,
) -> None:
    assert EVENT_TYPE.match(event_type)


def test_a_routing_key_is_the_event_type_then_the_practice_id() -> None:
    practice = uuid.uuid4()
    assert routing_key("appointment.approved", practice) == f"appointment.approved.{practice}"
    assert binding_key("appointment.approved") == "appointment.approved.*"
    with pytest.raises(ValueError):
        routing_key("appointment.approved", "#")


def test_a_tools_binding_pattern_admits_only_keys_that_end_with_its_practice() -> None:
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    pattern = re.compile(practice_binding_pattern(mine))
    for allowed in (f"appointment.approved.{mine}", f"appointment.*.{mine}", f"#.{mine}"):
        assert pattern.match(allowed), allowed
    refused = (
        f"appointment.approved.{theirs}",
        "appointment.approved.*",
        "appointment.#",
        "#",
        f"{mine}",
        f"appointment.approved.{mine}.x",
        f"appointment.approved.{mine}x",
        f"Appointment.approved.{mine}",
    )
    for key in refused:
        assert not pattern.match(key), key


def test_the_asyncapi_document_says_how_keys_are_built() -> None:
    document = asyncapi_document()
    channel = document["channels"]["appointment_approved"]
    assert channel["address"] == "appointment.approved.{practiceId}"
    assert "practiceId" in document["components"]["parameters"]
    assert "<event type>.<practice id>" in document["info"]["description"]


async def test_an_event_without_a_practice_is_refused_in_the_producers_transaction(
    runtime: Runtime[Any],
) -> None:
    class Unscoped(Event):
        type = "test.unscoped"
        n: int

    async with runtime.uow() as uow:
        with pytest.raises(UnscopedEvent, match="practice_id"):
            await uow.add_event(Unscoped(n=1))


async def test_a_binding_for_one_practice_receives_that_practices_events_only(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, amqp_url: str
) -> None:
    run, mine, theirs = uuid.uuid4().hex, uuid.uuid4(), uuid.uuid4()
    connection = await aio_pika.connect_robust(amqp_url)
    link = BrokerLink(amqp_url, name="routing-test")
    link.start()
    try:
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(await declare_exchange(channel, EXCHANGE), f"test.probe_sent.{mine}")
        for n, practice in enumerate((mine, theirs, mine)):
            async with UnitOfWork(pool, source="backbone") as uow:
                await uow.add_event(ProbeSent(run=run, n=n, practice_id=practice))
                await uow.commit()
        relay = OutboxRelay(
            pool=pool,
            listen_dsn=backbone_settings.runtime_database_url(),
            schema="backbone",
            broker=link,
        )
        while await relay.publish_batch():
            pass
        received = await drain_event_ids(queue, where=lambda e: e["data"]["run"] == run)
        assert len(received) == 2, "both of this practice's events, none of the other's"
    finally:
        await connection.close()
        await link.close()


async def test_a_row_written_by_hand_without_a_practice_still_goes_out_where_no_tool_binds(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool, amqp_url: str
) -> None:
    """The relay never stalls on such a row: the portal's consumers (``<type>.*``) get it
    under ``<type>.unscoped``, a key no tool's permission admits."""
    event_type = f"test.hand_{uuid.uuid4().hex[:8]}"
    connection = await aio_pika.connect_robust(amqp_url)
    link = BrokerLink(amqp_url, name="routing-test")
    link.start()
    try:
        channel = await connection.channel()
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(await declare_exchange(channel, EXCHANGE), binding_key(event_type))
        await pool.execute(
            "INSERT INTO outbox (id, type, envelope) VALUES ($1, $2, '{}')",
            uuid.uuid4(),
            event_type,
        )
        relay = OutboxRelay(
            pool=pool, listen_dsn=backbone_settings.runtime_database_url(), schema="backbone",
            broker=link,
        )  # fmt: skip
        while await relay.publish_batch():
            pass
        message = await queue.get(timeout=10)
        assert message.routing_key == f"{event_type}.unscoped"
        assert not re.match(practice_binding_pattern(uuid.uuid4()), message.routing_key or "")
    finally:
        await connection.close()
        await link.close()
