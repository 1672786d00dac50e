"""From the commit of an approval to the confirmation email accepted by a real SMTP server.

    make bench-email          # or: .venv/bin/python benchmarks/email_latency.py [--count 1000]

What runs: a fresh database and RabbitMQ virtual host of its own (nothing of a running
portal is touched, no fixed port is used); scheduling's outbox and relay (in this process:
"approve" is a transaction that writes appointment.approved to the outbox); messaging's
worker as a real separate process (consumer, templates, calendar file, email outbox,
mailer); an aiosmtpd server, also a process of its own (benchmarks/smtp_sink.py), that
stamps each email with the system clock as it accepts it.
Approvals are committed at a steady rate (50 per second by default), each for its own
client, and each email is matched to its approval by its recipient.

The floors, measured in the same run: a commit that NOTIFYs a listener, a confirmed
publish consumed from a queue, and one aiosmtplib send. The pipeline needs two of the
first (outbox -> relay, email outbox -> mailer) and one of each of the others: their sum
is what the hops cost with no work at all, and the ratio says how far above it we are.
Targets (issue 10): p50 < 50 ms, p99 < 250 ms at 50 approvals per second.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import time
from contextlib import AsyncExitStack
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import aio_pika
import aiohttp
import aiosmtplib
import asyncpg

from services.messaging.app import definition as messaging_definition
from services.messaging.settings import MessagingSettings
from services.messaging.tests.support import World, approved
from services.scheduling.app import definition as scheduling_definition
from shared.broker import BrokerLink
from shared.crypto import new_key_spec
from shared.db import UnitOfWork, create_pool
from shared.events.relay import OutboxRelay
from shared.runtime import open_runtime
from shared.service import migrate_service
from shared.testing import free_port, fresh_database, own_vhost

POSTGRES = os.environ.get("PORTAL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
AMQP = os.environ.get("PORTAL_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672/")
ROOT = Path(__file__).resolve().parents[1]
PROFILE = (
    ["-m", "cProfile", "-o", os.environ["BENCH_PROFILE"]] if os.environ.get("BENCH_PROFILE") else []
)


class Stamps:
    """When each recipient's email was accepted, read from the sink's lines; ``done`` is
    set once every ``expected`` recipient has one."""

    def __init__(self) -> None:
        self.at: dict[str, float] = {}
        self.expected: set[str] = set()
        self.done = asyncio.Event()

    async def read(self, lines: asyncio.StreamReader) -> None:
        while line := await lines.readline():
            address, _, moment = line.decode().strip().partition(" ")
            self.at.setdefault(address, float(moment))
            if self.expected and self.expected <= self.at.keys():
                self.done.set()


async def start_sink(port: int, stack: AsyncExitStack) -> Stamps:
    """The SMTP server in a process of its own (benchmarks/smtp_sink.py)."""
    sink = await asyncio.create_subprocess_exec(
        sys.executable,
        str(Path(__file__).with_name("smtp_sink.py")),
        str(port),
        stdout=asyncio.subprocess.PIPE,
    )
    stack.push_async_callback(sink.wait)
    stack.callback(sink.terminate)
    assert sink.stdout is not None
    if (await sink.stdout.readline()).strip() != b"ready":
        sys.exit("the SMTP sink did not start")
    stamps = Stamps()
    reader = asyncio.create_task(stamps.read(sink.stdout))
    stack.callback(reader.cancel)
    return stamps


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def floor_notify(dsn: str, rounds: int = 200) -> float:
    listener, writer = await asyncpg.connect(dsn), await asyncpg.connect(dsn)
    heard: asyncio.Queue[float] = asyncio.Queue()
    await listener.add_listener("bench_floor", lambda *_: heard.put_nowait(time.perf_counter()))
    await writer.execute("CREATE TEMP TABLE f (n int)")
    samples = []
    for n in range(rounds):
        start = time.perf_counter()
        async with writer.transaction():
            await writer.execute("INSERT INTO f VALUES ($1)", n)
            await writer.execute("SELECT pg_notify('bench_floor', '')")
        samples.append(await heard.get() - start)
    await listener.close()
    await writer.close()
    return statistics.median(samples)


async def floor_broker(amqp: str, rounds: int = 200) -> float:
    connection = await aio_pika.connect(amqp)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        queue = await channel.declare_queue(exclusive=True)
        iterator = queue.iterator()
        samples = []
        for _ in range(rounds):
            start = time.perf_counter()
            await channel.default_exchange.publish(
                aio_pika.Message(b"{}", delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                routing_key=queue.name,
            )
            message = await anext(iterator)
            await message.ack()
            samples.append(time.perf_counter() - start)
    return statistics.median(samples)


async def floor_smtp(host: str, port: int, rounds: int = 100) -> float:
    samples = []
    for n in range(rounds):
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "a@b.test", f"floor{n}@x.test", "x"
        message.set_content("x")
        start = time.perf_counter()
        await aiosmtplib.send(message, hostname=host, port=port, start_tls=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def worker_env(settings: MessagingSettings, smtp_port: int) -> dict[str, str]:
    return os.environ | {
        "PORTAL_ADMIN_DATABASE_URL": settings.admin_database_url,
        "PORTAL_AMQP_URL": settings.amqp_url,
        "PORTAL_ENCRYPTION_KEYS": settings.encryption_keys,
        "PORTAL_SMTP_HOST": "127.0.0.1",
        "PORTAL_SMTP_PORT": str(smtp_port),
        "PORTAL_PUBLIC_URL": settings.public_url,
        "PORTAL_LOG_LEVEL": os.environ.get("BENCH_WORKER_LOG_LEVEL", "warning"),  # info: every step
        "MESSAGING_PORT": str(settings.port),
    }


async def wait_ready(port: int) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(300):
            try:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    sys.exit("the messaging worker did not become ready")


async def run(count: int, rate: float, warmup: int) -> None:
    smtp_port = free_port()
    async with AsyncExitStack() as stack:
        stamps = await start_sink(smtp_port, stack)
        amqp = stack.enter_context(own_vhost(AMQP))
        admin_dsn = await stack.enter_async_context(fresh_database(POSTGRES))
        common = {
            "admin_database_url": admin_dsn,
            "amqp_url": amqp,
            "encryption_keys": new_key_spec("bench"),
            "public_url": "http://portal.bench",
        }
        settings = MessagingSettings(**common, port=free_port())
        scheduling = scheduling_definition().settings_class(**common, port=free_port())
        await migrate_service(messaging_definition(), settings)
        await migrate_service(scheduling_definition(), scheduling)

        pool = await create_pool(settings.runtime_database_url(), size=4, schema="messaging")
        stack.push_async_callback(pool.close)
        runtime = await stack.enter_async_context(open_runtime(settings, pool))
        world = World(runtime)
        practice = await world.practice(name="Bench Counseling")
        clients = [await world.client(practice) for _ in range(count + warmup)]

        worker = await asyncio.create_subprocess_exec(
            sys.executable,
            *PROFILE,
            "-m",
            "services.messaging",
            "worker",
            "--no-migrate",
            cwd=ROOT,
            env=worker_env(settings, smtp_port),
        )
        stack.push_async_callback(worker.wait)
        stack.callback(worker.terminate)
        await wait_ready(settings.port + 100)

        publisher = await create_pool(
            scheduling.runtime_database_url(), size=4, schema="scheduling"
        )
        stack.push_async_callback(publisher.close)
        broker = BrokerLink(amqp, name="bench-relay")
        broker.start()
        stack.push_async_callback(broker.close)
        relay = OutboxRelay(
            pool=publisher,
            listen_dsn=scheduling.runtime_database_url(),
            schema="scheduling",
            broker=broker,
        )
        relay.start()
        stack.push_async_callback(relay.stop)

        floors = {
            "commit -> NOTIFY heard": await floor_notify(admin_dsn),
            "publish (confirmed) -> consumed": await floor_broker(amqp),
            "SMTP send accepted": await floor_smtp("127.0.0.1", smtp_port),
        }
        cpu_before = cpu_seconds(worker.pid)
        stamps.expected = {c.email for c in clients}
        committed = await approve(publisher, practice, clients, rate=rate)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(60):
                await stamps.done.wait()
        worker_cpu = cpu_seconds(worker.pid) - cpu_before
        stages = await stage_lags(admin_dsn)

    report(stamps, committed, floors, warmup=warmup, rate=rate)
    print(
        f"messaging worker CPU: {worker_cpu / len(committed) * 1000:.1f} ms per approval"
        f" ({worker_cpu / (len(committed) / rate):.0%} of a core at {rate:g}/s)"
    )
    print("where the time goes (database clock, p50 / p99 ms):")
    for name, (p50, p99) in stages.items():
        print(f"  {name:34} {p50:7.1f} / {p99:7.1f}")


STAGES = """
SELECT extract(epoch FROM o.published_at - o.created_at) * 1000 AS relay,
       extract(epoch FROM i.handled_at - o.published_at) * 1000 AS consumer,
       extract(epoch FROM e.sent_at - l.queued_at) * 1000 AS mailer
FROM scheduling.outbox o
JOIN messaging.inbox i ON i.event_id = o.id
JOIN messaging.email_log l ON l.cause_id = o.id
JOIN messaging.email_outbox e ON e.id = l.id
"""


async def stage_lags(dsn: str) -> dict[str, tuple[float, float]]:
    """Each hop's share, from the rows' own timestamps (one clock: the database's)."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch(STAGES)
    finally:
        await conn.close()
    names = {
        "relay": "outbox row -> published",
        "consumer": "published -> handled",
        "mailer": "email queued -> sent",
    }
    return {
        label: (
            pct([float(r[k]) for r in rows if r[k] is not None], 0.5),
            pct([float(r[k]) for r in rows if r[k] is not None], 0.99),
        )
        for k, label in names.items()
        if rows
    }


async def approve(
    pool: asyncpg.Pool, practice: Any, clients: list[Any], *, rate: float
) -> dict[str, float]:
    """Commit one approval per client, ``rate`` per second; the commit time per client."""
    committed: dict[str, float] = {}
    start = time.perf_counter()
    for n, client in enumerate(clients):
        await asyncio.sleep(max(0.0, start + n / rate - time.perf_counter()))
        async with UnitOfWork(pool, source="scheduling") as uow:
            await uow.add_event(approved(practice, client))
            await uow.commit()
        committed[client.email] = time.time()  # the sink's clock: the same system clock
    return committed


def report(
    stamps: Stamps,
    committed: dict[str, float],
    floors: dict[str, float],
    *,
    warmup: int,
    rate: float,
) -> None:
    measured = list(committed.items())[warmup:]
    latencies = [(stamps.at[e] - t) * 1000 for e, t in measured if e in stamps.at]
    missing = len(measured) - len(latencies)
    floor_ms = (
        2 * floors["commit -> NOTIFY heard"]
        + floors["publish (confirmed) -> consumed"]
        + floors["SMTP send accepted"]
    ) * 1000
    print(
        f"\napproval committed -> email accepted by SMTP, {len(measured)} approvals at {rate:g}/s"
        f" (after {warmup} to warm up):"
    )
    if not latencies:
        sys.exit("no email arrived")
    p50, p99 = pct(latencies, 0.5), pct(latencies, 0.99)
    print(f"  p50 {p50:7.1f} ms   (target < 50)   {'ok' if p50 < 50 else 'OVER'}")
    print(f"  p99 {p99:7.1f} ms   (target < 250)  {'ok' if p99 < 250 else 'OVER'}")
    print(f"  max {max(latencies):7.1f} ms   missing {missing} (emails not arrived within 60 s)")
    print("floors, measured in this run (p50):")
    for name, value in floors.items():
        print(f"  {name:34} {value * 1000:6.2f} ms")
    print(f"  {'the hops, no work (2+1+1 of them)':34} {floor_ms:6.2f} ms")
    print(f"p50 / floor: {p50 / floor_ms:.1f}x   p99 / floor: {p99 / floor_ms:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="approvals measured")
    parser.add_argument("--rate", type=float, default=50.0, help="approvals per second")
    parser.add_argument("--warmup", type=int, default=50)
    args = parser.parse_args()
    asyncio.run(run(args.count, args.rate, args.warmup))


if __name__ == "__main__":
    main()
