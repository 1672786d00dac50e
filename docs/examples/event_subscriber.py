"""An example subscriber for clinician tools: log the practice's appointment events.

A tool connects with credentials of its own, scoped to one practice. The practice's admin
makes them in the workspace (Integrations, Create credentials), or an operator runs
``portal tool-credentials create --practice <slug> --name <tool>``; both show the
password once, with the user, the queue names the tool may use and the practice id. Then::

    TOOL_AMQP_URL='amqp://tool.demo.notes-app:<password>@localhost:5672/' \\
    TOOL_QUEUE=tool.demo.notes-app.appointments \\
    PRACTICE_ID=<the practice id> \\
    .venv/bin/python docs/examples/event_subscriber.py

What the broker lets such a tool do, and nothing else: declare queues whose names start
with ``tool.<practice>.<tool>.``, bind them to ``portal.events`` with routing keys that end
with its practice's id (``<event type>.<practice id>``: ``appointment.*.<id>`` here,
``#.<id>`` for every event), and read them. It cannot declare the exchange (so it asks
for it passively), publish, or read anyone else's queue.

The queue is durable: events that arrive while the tool is down wait for it. Delivery is
at least once: deduplicate on the CloudEvents ``id``. The catalogue of events is the
AsyncAPI document at http://localhost:8080/api/asyncapi.json.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import aio_pika

EXCHANGE = "portal.events"
Handler = Callable[[dict[str, Any]], Awaitable[None]]


async def consume(
    url: str, *, queue_name: str, practice_id: str, handle: Handler, types: str = "appointment.*"
) -> None:
    """Call ``handle`` once per event id of ``types`` of the practice (runs until cancelled)."""
    connection = await aio_pika.connect_robust(url)
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=20)
        exchange = await channel.get_exchange(EXCHANGE)  # passive: it is the portal's
        queue = await channel.declare_queue(
            queue_name, durable=True, arguments={"x-queue-type": "quorum"}
        )
        await queue.bind(exchange, routing_key=f"{types}.{practice_id}")
        seen: set[str] = set()  # a real tool keeps these in its own database
        async with queue.iterator() as messages:
            async for message in messages:
                async with message.process():
                    event = json.loads(message.body)
                    if event["id"] not in seen:
                        seen.add(event["id"])
                        await handle(event)


async def show(event: dict[str, Any]) -> None:
    print(event["type"], event["time"], event["data"]["appointment_id"])


if __name__ == "__main__":
    asyncio.run(
        consume(
            os.environ["TOOL_AMQP_URL"],
            queue_name=os.environ["TOOL_QUEUE"],
            practice_id=os.environ["PRACTICE_ID"],
            handle=show,
        )
    )
