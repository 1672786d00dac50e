"""The migration runner: schemas, roles, checksums, the advisory lock."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from shared.migrations import SHARED_SQL, MigrationError, migrate, role_dsn


@pytest.fixture(scope="module", autouse=True)
async def _drop_test_roles(admin_dsn: str) -> AsyncIterator[None]:
    """Roles are cluster-wide and outlive the test database: remove the ones made here."""
    yield
    conn = await asyncpg.connect(admin_dsn)
    try:
        for role in await conn.fetch(
            "SELECT rolname FROM pg_roles WHERE rolname LIKE 'portal\\_m\\_%'"
        ):
            await conn.execute(f"DROP OWNED BY {role['rolname']}; DROP ROLE {role['rolname']}")
    finally:
        await conn.close()


def write(folder: Path, name: str, sql: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(sql)


async def test_migrations_apply_once_even_when_replicas_start_together(
    admin_dsn: str, tmp_path: Path
) -> None:
    schema = f"m_{uuid.uuid4().hex[:8]}"
    write(tmp_path, "0001_things.sql", "CREATE TABLE things (id int PRIMARY KEY);")
    results = await asyncio.gather(
        *(
            migrate(admin_dsn, schema=schema, role=f"portal_{schema}", folder=tmp_path)
            for _ in range(3)
        )
    )
    shared_files = len(list(SHARED_SQL.glob("*.sql")))
    assert sorted(len(r) for r in results) == [0, 0, shared_files + 1], (
        "shared tables and ours, applied by one replica"
    )


async def test_an_edited_applied_migration_is_refused_with_a_clear_message(
    admin_dsn: str, tmp_path: Path
) -> None:
    schema = f"m_{uuid.uuid4().hex[:8]}"
    write(tmp_path, "0001_things.sql", "CREATE TABLE things (id int PRIMARY KEY);")
    await migrate(admin_dsn, schema=schema, role=f"portal_{schema}", folder=tmp_path)
    write(tmp_path, "0001_things.sql", "CREATE TABLE things (id bigint PRIMARY KEY);")
    with pytest.raises(MigrationError, match=r"0001_things\.sql was edited after it was applied"):
        await migrate(admin_dsn, schema=schema, role=f"portal_{schema}", folder=tmp_path)


async def test_a_failing_migration_leaves_nothing_half_applied(
    admin_dsn: str, tmp_path: Path
) -> None:
    schema = f"m_{uuid.uuid4().hex[:8]}"
    write(tmp_path, "0001_ok.sql", "CREATE TABLE ok (id int);")
    write(tmp_path, "0002_bad.sql", "CREATE TABLE half (id int); SELECT no_such_function();")
    with pytest.raises(asyncpg.UndefinedFunctionError):
        await migrate(admin_dsn, schema=schema, role=f"portal_{schema}", folder=tmp_path)
    conn = await asyncpg.connect(admin_dsn)
    try:
        assert await conn.fetchval("SELECT to_regclass($1)", f"{schema}.half") is None
        assert await conn.fetchval("SELECT to_regclass($1)", f"{schema}.ok") is not None
    finally:
        await conn.close()


async def test_a_service_role_reaches_its_own_schema_and_no_other(
    admin_dsn: str, tmp_path: Path
) -> None:
    mine, theirs = f"m_{uuid.uuid4().hex[:8]}", f"m_{uuid.uuid4().hex[:8]}"
    for schema in (mine, theirs):
        write(tmp_path / schema, "0001_things.sql", "CREATE TABLE things (id int PRIMARY KEY);")
        await migrate(admin_dsn, schema=schema, role=f"portal_{schema}", folder=tmp_path / schema)
    conn = await asyncpg.connect(role_dsn(admin_dsn, f"portal_{mine}"))
    try:
        await conn.execute("INSERT INTO things VALUES (1)")  # its search_path is its schema
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.fetch(f"SELECT * FROM {theirs}.things")
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute(f"CREATE TABLE {mine}.sneaky (id int)")
    finally:
        await conn.close()


def test_role_dsn_swaps_the_user_and_keeps_the_rest() -> None:
    dsn = role_dsn(
        "postgresql://postgres:pw@db.example:5433/portal?sslmode=require", "portal_x", "s3cr:t"
    )
    assert dsn == "postgresql://portal_x:s3cr%3At@db.example:5433/portal?sslmode=require"
