"""What consumers and periodic jobs see: one Work with the unit of work, typed settings,
the keyring, the internal HTTP client and a clock a test can set."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import asyncpg

from shared.config import ServiceSettings
from shared.runtime import Work, open_runtime
from shared.service import PeriodicJob, run_job_once
from shared.testing import FrozenClock


async def test_a_job_gets_the_runtime_and_the_clock_the_test_set(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool
) -> None:
    clock = FrozenClock(datetime(2026, 1, 2, 3, 4, tzinfo=UTC))
    seen: dict[str, Any] = {}

    async def job(work: Work[Any]) -> None:
        seen["now"] = work.now()
        seen["service"] = work.settings.service_name
        sealed = work.keyring.encrypt_text("a secret", aad=b"row-1")
        seen["round_trip"] = work.keyring.decrypt_text(sealed, aad=b"row-1")
        seen["http"] = isinstance(work.http, aiohttp.ClientSession)
        await work.conn.execute("INSERT INTO job_runs (job) VALUES ('runtime')")
        await work.commit()

    async with open_runtime(backbone_settings, pool, clock=clock) as runtime:
        ran = await run_job_once(runtime, PeriodicJob(f"j-{uuid.uuid4().hex}", 60, job))
        clock.advance(timedelta(days=1))
        assert runtime.now() == datetime(2026, 1, 3, 3, 4, tzinfo=UTC)

    assert ran and seen == {
        "now": datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        "service": "backbone",
        "round_trip": "a secret",
        "http": True,
    }


async def test_a_job_that_does_not_commit_changes_nothing(
    backbone_settings: ServiceSettings, pool: asyncpg.Pool
) -> None:
    marker = f"rolled-back-{uuid.uuid4().hex}"

    async def job(work: Work[Any]) -> None:
        await work.conn.execute("INSERT INTO job_runs (job) VALUES ($1)", marker)

    async with open_runtime(backbone_settings, pool) as runtime:
        await run_job_once(runtime, PeriodicJob(marker, 60, job))
    assert await pool.fetchval("SELECT count(*) FROM job_runs WHERE job = $1", marker) == 0
