"""Send one publisher's retained events again, to one service's queue.

An event published before a service's queue existed went nowhere (``portal.events`` drops
what no queue is bound to). Outbox rows are kept ``PORTAL_OUTBOX_RETENTION_DAYS`` (7) after
they were published, so an operator can hand a service that starts later what it missed::

    python -m shared.replay --from identity --to-queue scheduling.read_models \\
        --since 2026-12-01T00:00:00Z [--until ...] [--type practice.created --type ...]

Each event goes to the default exchange with the queue's name as routing key: only that
queue receives it, nobody else sees it twice. It keeps its id, so a consumer's inbox drops
one it had already handled; replaying twice is harmless. The queue must exist (the
service declares it when its worker starts): a message nobody could take is an error.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from datetime import datetime

import aio_pika
import asyncpg
from aiormq.abc import DeliveredMessage

from shared.config import ServiceSettings, settings_for
from shared.events.envelope import EXCHANGE
from shared.logging import configure_logging, get_logger

log = get_logger(__name__)

RETAINED = """
SELECT id, type, envelope FROM outbox
WHERE exchange = $1 AND created_at >= $2 AND created_at < $3
  AND (cardinality($4::text[]) = 0 OR type = ANY($4::text[]))
ORDER BY seq
"""


class ReplayError(RuntimeError):
    pass


async def replay(
    settings: ServiceSettings,
    *,
    queue: str,
    since: datetime,
    until: datetime,
    types: Sequence[str] = (),
    exchange: str = EXCHANGE,
) -> int:
    """Publish the retained events of ``settings``' service to ``queue``; how many."""
    conn = await asyncpg.connect(
        settings.runtime_database_url(), server_settings={"search_path": settings.db_schema}
    )
    try:
        rows = await conn.fetch(RETAINED, exchange, since, until, list(types))
    finally:
        await conn.close()
    connection = await aio_pika.connect(settings.amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        for row in rows:
            envelope = row["envelope"]
            envelope = json.loads(envelope) if isinstance(envelope, str) else envelope
            message = aio_pika.Message(
                body=json.dumps(envelope, separators=(",", ":")).encode(),
                content_type="application/cloudevents+json",
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                message_id=str(row["id"]),
                type=row["type"],
                headers={"requestid": envelope.get("requestid") or "", "x-replayed": True},
            )
            result = await channel.default_exchange.publish(
                message, routing_key=queue, mandatory=True, timeout=10
            )
            if isinstance(result, DeliveredMessage):
                raise ReplayError(
                    f"there is no queue named {queue!r}: start the service that consumes it "
                    "once (its worker declares the queue), then replay"
                )
    log.info("replay.done", queue=queue, events=len(rows))
    return len(rows)


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError("give a time zone, e.g. 2026-12-01T00:00:00Z")
    return moment


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.replay", description=__doc__)
    parser.add_argument("--from", dest="service", required=True, help="the publisher")
    parser.add_argument("--to-queue", dest="queue", required=True, help="e.g. scheduling.x")
    parser.add_argument("--since", type=_moment, required=True, help="ISO time with a zone")
    parser.add_argument("--until", type=_moment, default=None, help="default: now")
    parser.add_argument("--type", dest="types", action="append", default=[], help="repeatable")
    args = parser.parse_args(argv)
    settings = settings_for(args.service)()
    configure_logging(level=settings.log_level, service="replay")
    until = args.until or datetime.now(args.since.tzinfo)
    try:
        count = asyncio.run(
            replay(settings, queue=args.queue, since=args.since, until=until, types=args.types)
        )
    except ReplayError as exc:
        print(f"replay: {exc}", file=sys.stderr)
        return 1
    print(f"replayed {count} events of {args.service} to {args.queue}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
