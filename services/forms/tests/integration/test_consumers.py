"""Identity's events through the real broker: a new practice gets its library, an invited
client their intake packet, once, however often the invitation arrives; forms' own events
go out on portal.events with ids and scores, never answers or titles."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractExchange, AbstractQueue

from services.forms.tests.integration.conftest import Forms, Practice, call
from shared.events.catalog import ClientInvited, PracticeCreated
from shared.events.envelope import EXCHANGE, Event, envelope_for
from shared.events.routing import binding_key, routing_key_of
from shared.testing import eventually


@pytest.fixture
async def broker(amqp_url: str) -> AsyncIterator[tuple[AbstractExchange, AbstractQueue]]:
    """The events exchange, and a tap on every form.* event (as an outside tool would)."""
    connection = await aio_pika.connect_robust(amqp_url)
    channel = await connection.channel(publisher_confirms=True)
    exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
    tap = await channel.declare_queue(exclusive=True)
    await tap.bind(exchange, routing_key=binding_key("form.*"))
    yield exchange, tap
    await connection.close()


async def publish(exchange: AbstractExchange, event: Event, *, event_id: str | None = None) -> str:
    envelope = envelope_for(event, source="identity")
    envelope["id"] = event_id or envelope["id"]
    await exchange.publish(
        aio_pika.Message(
            body=json.dumps(envelope).encode(),
            content_type="application/cloudevents+json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=envelope["id"],
            type=event.type,
        ),
        routing_key=routing_key_of(envelope),
    )
    return str(envelope["id"])


async def tapped(tap: AbstractQueue, client_id: uuid.UUID) -> list[dict[str, Any]]:
    seen = []
    while (message := await tap.get(fail=False)) is not None:
        await message.ack()
        body = json.loads(message.body)
        if body["data"].get("client_id") == str(client_id):
            seen.append(body)
    return seen


async def test_an_invited_client_gets_the_intake_packet_once_through_the_broker(
    forms: Forms, broker: tuple[AbstractExchange, AbstractQueue]
) -> None:
    exchange, tap = broker
    practice_id, client_id = uuid.uuid4(), uuid.uuid4()
    await publish(exchange, PracticeCreated(
        practice_id=practice_id, slug=f"b-{practice_id.hex[:8]}", name="Harbor Therapy",
        time_zone="Europe/London",
    ))  # fmt: skip
    invited = ClientInvited(
        practice_id=practice_id, client_id=client_id, clinician_id=None, first_name="Ada",
        last_name="Lovelace", email="ada@example.com",
    )  # fmt: skip
    first = await publish(exchange, invited)
    me = forms.as_client(Practice(practice_id, uuid.uuid4(), uuid.uuid4()), client_id)

    async def assigned() -> bool:
        mine = await call(me, "GET", "/api/v1/forms/assignments")
        return len(mine["pending"]) == 3

    await eventually(assigned, seconds=20)
    await publish(exchange, invited, event_id=first)  # a redelivery: the inbox drops it
    await publish(exchange, invited)  # a second invitation event: the marker holds
    messages = []

    async def announced() -> bool:
        messages.extend(await tapped(tap, client_id))
        return len(messages) >= 1

    await eventually(announced, seconds=20)
    mine = await call(me, "GET", "/api/v1/forms/assignments")
    assert len(mine["pending"]) == 3
    [message] = messages
    assert message["type"] == "form.assigned" and message["data"]["assigned_by"] is None
    assert sorted(message["data"]["assignment_ids"]) == sorted(a["id"] for a in mine["pending"])
    assert "title" not in json.dumps(message["data"]) and "Consent" not in json.dumps(message)
    assert len(await forms.events("form.assigned", client_id=client_id)) == 1


async def test_a_submission_goes_out_as_form_submitted_without_answers(
    forms: Forms, broker: tuple[AbstractExchange, AbstractQueue]
) -> None:
    _, tap = broker
    practice = await forms.practice()
    client_id = await forms.client(practice)
    staff = forms.as_staff(practice)
    gad7 = next(
        t for t in await call(staff, "GET", "/api/v1/forms/templates") if t["builtin"] == "gad7"
    )
    [a] = await call(staff, "POST", f"/api/v1/forms/clients/{client_id}/assignments",
                     json={"template_ids": [gad7["id"]]}, expect=201)  # fmt: skip
    answers = {f"q{n}": "3" for n in range(1, 8)}
    me = forms.as_client(practice, client_id)
    await call(me, "POST", f"/api/v1/forms/assignments/{a['id']}/submissions",
               json={"answers": answers}, expect=201)  # fmt: skip
    seen: list[dict[str, Any]] = []

    async def both() -> bool:
        seen.extend(await tapped(tap, client_id))
        return {m["type"] for m in seen} >= {"form.assigned", "form.submitted"}

    await eventually(both, seconds=20)
    submitted = next(m for m in seen if m["type"] == "form.submitted")["data"]
    assert (submitted["measure"], submitted["score"], submitted["severity"]) == (
        "gad7",
        21,
        "severe",
    )
    assert (
        submitted["urgent"] is False
        and "answers" not in submitted
        and "q1" not in json.dumps(submitted)
    )
    by = [m["data"]["assigned_by"] for m in seen if m["type"] == "form.assigned"]
    assert by == [None, str(practice.clinician)]  # the intake packet, then the clinician's
