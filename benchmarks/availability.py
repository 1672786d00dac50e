"""How long one clinician's open times take to compute, by how many appointments they
already have and how far ahead is asked for (a benchmark, not a test: nothing asserts).

    .venv/bin/python benchmarks/availability.py [--appointments 200 2000 20000]
                                                 [--days 7 28 365] [--rounds 30]

Needs the local PostgreSQL (PORTAL_TEST_POSTGRES, default postgres@127.0.0.1:5432): it
makes a database of its own and drops it after. For each count N a clinician gets N
appointments as a busy practice has them: every other hour of the working week booked
from now on for a year, the rest in the past, all still "confirmed" (the harder case: past
sessions nobody marked completed stay in the exclusion constraint's index). The computation timed is the one the API
runs (the offer, weekly hours, overrides, held time through the exclusion constraint's
GiST index, time off, then the slots in Python), on one connection, without HTTP.

Prints the median and 95th percentile per case, the growth against the smallest case,
and the floor measured in the same run (one SELECT round trip), so figures from other
machines compare. Targets (issue 9): one week with 2,000 appointments under 20 ms; a
year with 20,000 well under a second.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import takewhile
from zoneinfo import ZoneInfo

import asyncpg

from services.scheduling.app import definition
from services.scheduling.domain.availability import local_instant
from services.scheduling.service.availability import load_offer, open_times
from services.scheduling.settings import SchedulingSettings
from shared.db import create_pool
from shared.runtime import open_runtime
from shared.testing import fresh_database, migrated, settings_for_test

ZONE = ZoneInfo("America/New_York")
HOURS = range(8, 18)  # ten one-hour sessions a weekday
SERVER = os.environ.get("PORTAL_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")


@dataclass
class Clinician:
    practice_id: uuid.UUID
    clinician_id: uuid.UUID
    location_id: uuid.UUID
    service_id: uuid.UUID
    count: int


def working_hours(start: datetime, *, forward: bool) -> Iterator[datetime]:
    """Every weekday working hour from ``start`` (forward or back), for ever."""
    day = start.astimezone(ZONE).date()
    step = timedelta(days=1 if forward else -1)
    while True:
        if day.isoweekday() <= 5:
            hours = HOURS if forward else reversed(HOURS)
            for hour in hours:
                yield local_instant(day, datetime.min.time().replace(hour=hour), ZONE)
        day += step


def booked_times(count: int, now: datetime) -> list[datetime]:
    """Every other working hour for a year ahead, then back into the past."""
    end = now + timedelta(days=366)
    ahead = list(
        takewhile(lambda t: t < end, working_hours(now + timedelta(days=1), forward=True))
    )[::2]
    ahead = ahead[:count]
    behind = []
    for i, t in enumerate(working_hours(now - timedelta(days=1), forward=False)):
        if len(ahead) + len(behind) >= count:
            break
        if i % 2 == 0:
            behind.append(t)
    return ahead + behind


async def make_clinician(conn: asyncpg.Connection, count: int, now: datetime) -> Clinician:
    c = Clinician(uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), uuid.uuid4(), count)
    s = "scheduling."
    await conn.execute(
        f"INSERT INTO {s}directory_practices (practice_id, slug, name, time_zone, seen_at)"
        " VALUES ($1, $2, 'Bench', 'America/New_York', now())",
        c.practice_id,
        f"b-{count}-{c.practice_id.hex[:6]}",
    )
    await conn.execute(
        f"INSERT INTO {s}directory_staff (staff_id, practice_id, role, first_name, last_name, email,"
        " seen_at) VALUES ($1, $2, 'clinician', 'Casey', 'Lee', 'c@example.com', now())",
        c.clinician_id,
        c.practice_id,
    )
    await conn.execute(
        f"INSERT INTO {s}locations (id, practice_id, name, time_zone, address)"
        " VALUES ($1, $2, 'Office', 'America/New_York', '1 Main St')",
        c.location_id,
        c.practice_id,
    )
    await conn.execute(
        f"INSERT INTO {s}services (id, practice_id, name, duration_minutes, fee)"
        " VALUES ($1, $2, 'Therapy', 50, 15000)",
        c.service_id,
        c.practice_id,
    )
    await conn.execute(
        f"INSERT INTO {s}service_clinicians VALUES ($1, $2)", c.service_id, c.clinician_id
    )
    await conn.execute(
        f"INSERT INTO {s}booking_policies (practice_id, min_notice_hours, horizon_days)"
        " VALUES ($1, 0, 730)",
        c.practice_id,
    )
    await conn.executemany(
        f"INSERT INTO {s}weekly_hours (id, practice_id, clinician_id, location_id, weekday, starts, ends)"
        " VALUES ($1, $2, $3, $4, $5, '08:00', '18:00')",
        [(uuid.uuid4(), c.practice_id, c.clinician_id, c.location_id, d) for d in range(1, 6)],
    )
    rows = [
        (
            uuid.uuid4(),
            c.practice_id,
            c.clinician_id,
            uuid.uuid4(),
            c.location_id,
            c.service_id,
            t,
            t + timedelta(minutes=50),
            t + timedelta(minutes=50),
            "confirmed" if t > now else "completed",
            "client",
        )
        for t in booked_times(count, now)
    ]
    await conn.copy_records_to_table(
        "appointments",
        schema_name="scheduling",
        records=rows,
        columns=[
            "id",
            "practice_id",
            "clinician_id",
            "client_id",
            "location_id",
            "service_id",
            "starts_at",
            "ends_at",
            "held_until",
            "status",
            "requested_by",
        ],
    )
    await conn.execute("ANALYZE scheduling.appointments")
    return c


async def timed(rounds: int, work) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        await work()
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


async def run(counts: list[int], horizons: list[int], rounds: int) -> None:
    async with fresh_database(SERVER) as dsn:
        settings = settings_for_test(
            definition(), admin_dsn=dsn, amqp_url="amqp://guest:guest@127.0.0.1:9/"
        )
        assert isinstance(settings, SchedulingSettings)
        print("migrating a database of its own (the broker is left alone)...", flush=True)
        await migrated(definition(), settings)
        now = datetime.now(UTC)
        admin = await asyncpg.connect(dsn)
        try:
            clinicians = [await make_clinician(admin, n, now) for n in counts]
        finally:
            await admin.close()
        pool = await create_pool(settings.runtime_database_url(), size=2, schema="scheduling")
        try:
            async with open_runtime(settings, pool) as rt, rt.reader() as conn:
                floor = await timed(200, lambda: conn.fetchval("SELECT 1"))
                results = {}
                for c in clinicians:
                    for days in horizons:

                        async def once(c: Clinician = c, days: int = days) -> int:
                            offer = await load_offer(
                                conn,
                                c.practice_id,
                                clinician_id=c.clinician_id,
                                location_id=c.location_id,
                                service_id=c.service_id,
                                online_only=True,
                            )
                            found = await open_times(
                                conn, offer, first=now.astimezone(ZONE).date(), count=days, now=now
                            )
                            return sum(len(d.slots) for d in found)

                        slots = await once()
                        n = max(3, rounds if days <= 28 else rounds // 5)
                        results[(c.count, days)] = (await timed(n, once), slots)
        finally:
            await pool.close()
    report(results, floor, counts, horizons)


def report(results, floor: list[float], counts: list[int], horizons: list[int]) -> None:  # type: ignore[no-untyped-def]
    floor_ms = statistics.median(floor)
    base = statistics.median(results[(counts[0], horizons[0])][0])
    print(f"\nfloor: one SELECT round trip, median {floor_ms:.3f} ms\n")
    print(
        f"{'appointments':>12} {'horizon':>8} {'open times':>10} {'median ms':>10} {'p95 ms':>8} {'x floor':>8} {'x smallest':>10}"
    )
    for n in counts:
        for days in horizons:
            times, slots = results[(n, days)]
            median = statistics.median(times)
            print(
                f"{n:>12,} {days:>7}d {slots:>10,} {median:>10.2f} {p95(times):>8.2f}"
                f" {median / floor_ms:>8.0f} {median / base:>10.1f}"
            )
    print("\ngrowth with appointments (same horizon), largest / smallest count:")
    for days in horizons:
        a, b = (statistics.median(results[(n, days)][0]) for n in (counts[0], counts[-1]))
        print(f"  {days:>3} days: x{b / a:.2f}")
    print("growth with horizon (same appointments), longest / shortest horizon:")
    for n in counts:
        a, b = (statistics.median(results[(n, d)][0]) for d in (horizons[0], horizons[-1]))
        print(f"  {n:>6,} appointments: x{b / a:.1f}")
    for (n, days), target in (((2000, 7), 20.0), ((20000, 365), 1000.0)):
        if (n, days) in results:
            median = statistics.median(results[(n, days)][0])
            print(
                f"target: {days} days with {n:,} appointments {median:.2f} ms (target < {target:.0f} ms)"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--appointments", type=int, nargs="+", default=[200, 2000, 20000])
    parser.add_argument("--days", type=int, nargs="+", default=[7, 28, 365])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(run(sorted(args.appointments), sorted(args.days), args.rounds))


if __name__ == "__main__":
    main()
