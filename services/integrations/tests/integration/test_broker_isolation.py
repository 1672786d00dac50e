"""Two practices, two tools, the real RabbitMQ: each tool receives its own practice's
events, and the broker itself refuses everything else it tries."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import aio_pika
import pytest
from aio_pika.abc import AbstractChannel, AbstractRobustConnection
from aiormq.exceptions import AMQPError

from services.integrations.tests.integration.conftest import Practice, Service
from shared.events.catalog import ClientActivated
from shared.events.envelope import AUDIT_EXCHANGE, EXCHANGE


@dataclass(frozen=True)
class Tool:
    practice: Practice
    body: dict[str, Any]  # the API's answer: username, password, amqp_url, ...

    @property
    def url(self) -> str:
        parts = urlsplit(self.body["amqp_url"])
        auth = f"{quote(self.body['username'], safe='')}:{quote(self.body['password'], safe='')}"
        return urlunsplit(parts._replace(netloc=f"{auth}@{parts.netloc}"))

    def queue(self, suffix: str) -> str:
        return f"{self.body['queue_prefix']}{suffix}"


async def make_tool(service: Service, practice: Practice, name: str) -> Tool:
    async with service.http(practice).post(
        "/api/v1/integrations/tool-credentials", json={"name": name}
    ) as response:
        assert response.status == 201, await response.text()
        return Tool(practice, await response.json())


@pytest.fixture(scope="module")
async def tools(service: Service) -> AsyncIterator[tuple[Tool, Tool]]:
    first, second = await service.practice(), await service.practice()
    ehr, notes = await make_tool(service, first, "ehr"), await make_tool(service, second, "notes")
    yield ehr, notes
    for tool in (ehr, notes):
        async with service.http(tool.practice).delete(
            f"/api/v1/integrations/tool-credentials/{tool.body['id']}"
        ) as response:
            assert response.status == 200


async def connect(tool: Tool) -> AbstractRobustConnection:
    return await aio_pika.connect_robust(tool.url, reconnect_interval=60)


async def own_queue(channel: AbstractChannel, tool: Tool, suffix: str, key: str) -> Any:
    exchange = await channel.get_exchange(EXCHANGE)  # passive: a tool may not declare it
    queue = await channel.declare_queue(
        tool.queue(suffix), durable=True, arguments={"x-queue-type": "quorum"}
    )
    await queue.bind(exchange, routing_key=key)
    return queue


async def refused(tool: Tool, attempt: Callable[[AbstractChannel], Awaitable[Any]]) -> str:
    """What the broker said when it refused ``attempt`` (which must fail)."""
    connection = await aio_pika.connect(tool.url)
    try:
        channel = await connection.channel(publisher_confirms=True)
        with pytest.raises(AMQPError) as refusal:
            await attempt(channel)
        return str(refusal.value)
    finally:
        await connection.close()


def activated(practice: Practice) -> ClientActivated:
    return ClientActivated(practice_id=practice.id, client_id=uuid.uuid4())


async def received_ids(queue: Any, *, wanted: int) -> set[str]:
    """Event ids from ``queue`` until ``wanted`` arrived and a moment of quiet after."""
    ids: set[str] = set()
    async with asyncio.timeout(20):
        while len(ids) < wanted:
            message = await queue.get(fail=False)
            if message is None:
                await asyncio.sleep(0.1)
                continue
            await message.ack()
            ids.add(json.loads(message.body)["id"])
    await asyncio.sleep(1)  # anything that should not come would come now
    while (message := await queue.get(fail=False)) is not None:
        await message.ack()
        ids.add(json.loads(message.body)["id"])
    return ids


async def test_each_tool_receives_its_own_practices_events_and_never_the_others(
    service: Service, tools: tuple[Tool, Tool]
) -> None:
    ehr, notes = tools
    async with await connect(ehr) as first, await connect(notes) as second:
        ehr_queue = await own_queue(await first.channel(), ehr, "all", f"#.{ehr.practice.id}")
        notes_queue = await own_queue(
            await second.channel(), notes, "clients", f"client.*.{notes.practice.id}"
        )
        mine = [await service.publish(activated(ehr.practice)) for _ in range(2)]
        theirs = [await service.publish(activated(notes.practice)) for _ in range(3)]
        assert await received_ids(ehr_queue, wanted=2) == set(mine)
        assert await received_ids(notes_queue, wanted=3) == set(theirs)


@pytest.mark.parametrize(
    "key",
    ["#", "client.activated.*", "client.#", "{other}", "#.{other}", "client.activated.{other}"],
)
async def test_binding_with_another_practices_key_or_an_open_wildcard_is_refused_by_the_broker(
    tools: tuple[Tool, Tool], key: str
) -> None:
    ehr, notes = tools
    binding = key.format(other=notes.practice.id)

    async def bind(channel: AbstractChannel) -> None:
        await own_queue(channel, ehr, "sneaky", binding)

    assert "ACCESS_REFUSED" in await refused(ehr, bind)


async def test_reading_another_tools_queue_or_declaring_a_queue_outside_its_names_is_refused(
    tools: tuple[Tool, Tool],
) -> None:
    ehr, notes = tools
    async with await connect(notes) as connection:
        await own_queue(await connection.channel(), notes, "inbox", f"#.{notes.practice.id}")

    async def read_theirs(channel: AbstractChannel) -> None:
        queue = await channel.get_queue(notes.queue("inbox"))
        await queue.get(fail=False)

    async def declare_elsewhere(channel: AbstractChannel) -> None:
        await channel.declare_queue(f"tool.{notes.practice.slug}.ehr.q", durable=True)

    async def declare_service_queue(channel: AbstractChannel) -> None:
        await channel.declare_queue("identity.audit.mine", durable=True)

    for attempt in (read_theirs, declare_elsewhere, declare_service_queue):
        assert "ACCESS_REFUSED" in await refused(ehr, attempt)


async def test_a_tool_can_publish_nothing_anywhere(tools: tuple[Tool, Tool]) -> None:
    ehr, _ = tools
    body = aio_pika.Message(b"{}", delivery_mode=aio_pika.DeliveryMode.PERSISTENT)

    async def to_events(channel: AbstractChannel) -> None:
        exchange = await channel.get_exchange(EXCHANGE)
        await exchange.publish(body, routing_key=f"client.activated.{ehr.practice.id}")

    async def to_own_queue(channel: AbstractChannel) -> None:
        await channel.default_exchange.publish(body, routing_key=ehr.queue("all"))

    for attempt in (to_events, to_own_queue):
        assert "ACCESS_REFUSED" in await refused(ehr, attempt)


async def test_a_tool_can_never_bind_the_audit_exchange(tools: tuple[Tool, Tool]) -> None:
    ehr, _ = tools

    async def bind_audit(channel: AbstractChannel) -> None:
        queue = await channel.declare_queue(ehr.queue("audit"), durable=True)
        await queue.bind(AUDIT_EXCHANGE, routing_key=f"audit.recorded.{ehr.practice.id}")

    assert "ACCESS_REFUSED" in await refused(ehr, bind_audit)


async def test_revoking_deletes_the_user_and_its_queues_and_cuts_its_connection(
    service: Service,
) -> None:
    practice = await service.practice()
    tool = await make_tool(service, practice, "dashboard")
    connection = await aio_pika.connect(tool.url)
    closed = asyncio.Event()
    connection.close_callbacks.add(lambda *_: closed.set())
    await own_queue(await connection.channel(), tool, "live", f"#.{practice.id}")

    async with service.http(practice).delete(
        f"/api/v1/integrations/tool-credentials/{tool.body['id']}"
    ) as response:
        assert response.status == 200
        assert (await response.json())["status"] == "revoked"
    await asyncio.wait_for(closed.wait(), timeout=10)
    with pytest.raises((AMQPError, ConnectionError)):
        await aio_pika.connect(tool.url)
    assert await service.rt.broker_admin.queues_named(tool.body["queue_prefix"]) == []
    assert not await service.rt.broker_admin.user_exists(tool.body["username"])
