"""An example subscriber for clinician tools: log every appointment event.

Run it beside a running portal::

    .venv/bin/python docs/examples/event_subscriber.py

It declares its own durable queue bound to the ``portal.events`` topic exchange, so it
sees every event from the moment the queue exists, even while it is not running.
Events are delivered at least once: deduplicate on the CloudEvents ``id``.
The full catalogue is the AsyncAPI document at http://localhost:8080/api/asyncapi.json.
"""

from __future__ import annotations

import asyncio
import json
import os

import aio_pika

AMQP_URL = os.environ.get("PORTAL_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")
QUEUE = "example-tool.appointments"


async def main() -> None:
    connection = await aio_pika.connect_robust(AMQP_URL)
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=20)
        exchange = await channel.declare_exchange(
            "portal.events", aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(
            QUEUE, durable=True, arguments={"x-queue-type": "quorum"}
        )
        await queue.bind(exchange, routing_key="appointment.*")
        seen: set[str] = set()  # a real tool keeps this in its own database
        async with queue.iterator() as messages:
            async for message in messages:
                async with message.process():
                    event = json.loads(message.body)
                    if event["id"] in seen:
                        continue
                    seen.add(event["id"])
                    print(event["type"], event["time"], event["data"]["appointment_id"])


if __name__ == "__main__":
    asyncio.run(main())
