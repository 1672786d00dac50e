"""The library's tables keep what is done only for their retention period."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from shared.config import ServiceSettings
from shared.runtime import Runtime
from shared.service import SHARED_JOBS, run_job_once

OLD = datetime.now(UTC) - timedelta(days=30)


async def _rows(pool: asyncpg.Pool, table: str, key: str, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    rows = await pool.fetch(f"SELECT {key} FROM {table} WHERE {key} = ANY($1)", ids)
    return {r[key] for r in rows}


async def test_retention_jobs_purge_done_rows_past_their_time_and_keep_the_rest(
    pool: asyncpg.Pool, runtime: Runtime[Any]
) -> None:
    done_old, done_new, waiting_old = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for event_id, published in (
        (done_old, OLD),
        (done_new, datetime.now(UTC)),
        (waiting_old, None),
    ):
        await pool.execute(
            "INSERT INTO outbox (id, type, envelope, created_at, published_at)"
            " VALUES ($1, 'test.kept', '{}', $2, $3)",
            event_id,
            OLD,
            published,
        )
        await pool.execute(
            "INSERT INTO inbox (consumer, event_id, handled_at) VALUES ('test', $1, $2)",
            event_id,
            published or datetime.now(UTC),
        )
        await pool.execute(
            "INSERT INTO email_outbox (id, to_address, subject, created_at, sent_at)"
            " VALUES ($1, 'a@example.com', 'Hello', $2, $3)",
            event_id,
            OLD,
            published,
        )
    jobs = [job for job in SHARED_JOBS if job.name.startswith("purge-")]
    names = {job.name for job in jobs}
    assert names >= {"purge-email-outbox", "purge-inbox", "purge-outbox"}
    for job in jobs:
        assert await run_job_once(runtime, job)
    ids = [done_old, done_new, waiting_old]
    assert await _rows(pool, "outbox", "id", ids) == {done_new, waiting_old}, "unpublished stays"
    assert await _rows(pool, "inbox", "event_id", ids) == {done_new, waiting_old}
    assert await _rows(pool, "email_outbox", "id", ids) == {done_new, waiting_old}, "unsent stays"


def test_the_inbox_must_remember_events_at_least_as_long_as_the_outbox_keeps_them() -> None:
    # A replay resends retained outbox events: a consumer that forgot their ids would
    # handle them twice.
    with pytest.raises(ValueError, match="PORTAL_INBOX_RETENTION_DAYS"):
        ServiceSettings(outbox_retention_days=14, inbox_retention_days=7)
