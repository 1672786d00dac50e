"""Forward-only SQL migrations, one schema and one role per service.

Files are ``NNNN_what.sql`` in a service's ``migrations/`` folder. The library's own
tables (outbox, inbox, email outbox) come first from ``shared/sql/``. Everything runs
under one advisory lock, so several replicas starting together apply each file once.
An applied file whose content changed is refused: write a new migration instead.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import asyncpg

from shared.logging import get_logger

log = get_logger(__name__)

SHARED_SQL = Path(__file__).parent / "sql"
_LOCK_KEY = 0x5_0C7A1  # one lock for all services: roles are cluster-wide
_FILE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


class MigrationError(RuntimeError):
    pass


@dataclass(frozen=True)
class Migration:
    source: str
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


def role_dsn(admin_dsn: str, role: str, password: str = "") -> str:
    """``admin_dsn`` with the user replaced by ``role`` (and its password, if any)."""
    parts = urlsplit(admin_dsn)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    auth = quote(role) + (f":{quote(password)}" if password else "")
    port = f":{parts.port}" if parts.port else ""
    return urlunsplit((parts.scheme, f"{auth}@{host}{port}", parts.path, parts.query, ""))


def load_migrations(folder: Path, *, source: str) -> list[Migration]:
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = _FILE.match(path.name)
        if not match:
            raise MigrationError(f"{path}: migration files are named NNNN_what.sql")
        found.append(Migration(source, int(match.group(1)), path.name, path.read_text()))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise MigrationError(f"{folder}: two migrations share a number")
    return found


async def migrate(
    admin_dsn: str, *, schema: str, role: str, folder: Path, password: str = ""
) -> list[str]:
    """Create ``schema`` and ``role``, apply pending migrations, grant the role its schema.

    Returns the names of the files applied now.
    """
    for ident in (schema, role):
        if not _IDENT.match(ident):
            raise MigrationError(f"not a plain identifier: {ident!r}")
    pending = load_migrations(SHARED_SQL, source="shared") + load_migrations(folder, source=schema)
    conn = await asyncpg.connect(admin_dsn)
    try:
        await conn.execute("SELECT pg_advisory_lock($1)", _LOCK_KEY)
        try:
            await _ensure_role_and_schema(conn, schema=schema, role=role, password=password)
            applied = await _apply(conn, schema=schema, migrations=pending)
            await _grant(conn, schema=schema, role=role)
        finally:
            await conn.execute("SELECT pg_advisory_unlock($1)", _LOCK_KEY)
    finally:
        await conn.close()
    if applied:
        log.info("migrations.applied", schema=schema, files=applied)
    return applied


async def _ensure_role_and_schema(
    conn: asyncpg.Connection, *, schema: str, role: str, password: str
) -> None:
    exists = await conn.fetchval("SELECT 1 FROM pg_roles WHERE rolname = $1", role)
    if not exists:
        await conn.execute(f"CREATE ROLE {role} LOGIN")
    if password:
        literal = await conn.fetchval("SELECT quote_literal($1)", password)
        await conn.execute(f"ALTER ROLE {role} PASSWORD {literal}")
    await conn.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    await conn.execute(f"REVOKE ALL ON SCHEMA {schema} FROM PUBLIC")
    await conn.execute(
        f"CREATE TABLE IF NOT EXISTS {schema}.schema_migrations ("
        " source text NOT NULL, version int NOT NULL, name text NOT NULL,"
        " checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(),"
        " PRIMARY KEY (source, version))"
    )


async def _apply(
    conn: asyncpg.Connection, *, schema: str, migrations: list[Migration]
) -> list[str]:
    rows = await conn.fetch(
        f"SELECT source, version, name, checksum FROM {schema}.schema_migrations"
    )
    done = {(r["source"], r["version"]): r for r in rows}
    applied = []
    for m in migrations:
        row = done.get((m.source, m.version))
        if row is not None:
            if row["checksum"] != m.checksum:
                raise MigrationError(
                    f"migration {m.source}/{m.name} was edited after it was applied to schema "
                    f"{schema!r}; migrations are forward-only: restore the file and add a new one"
                )
            continue
        async with conn.transaction():
            await conn.execute(f"SET LOCAL search_path TO {schema}")
            await conn.execute(m.sql)
            await conn.execute(
                f"INSERT INTO {schema}.schema_migrations (source, version, name, checksum)"
                " VALUES ($1, $2, $3, $4)",
                m.source,
                m.version,
                m.name,
                m.checksum,
            )
        applied.append(f"{m.source}/{m.name}")
    return applied


async def _grant(conn: asyncpg.Connection, *, schema: str, role: str) -> None:
    await conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
    await conn.execute(
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}"
    )
    await conn.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")
    await conn.execute(f"REVOKE ALL ON {schema}.schema_migrations FROM {role}")
    await conn.execute(f"ALTER ROLE {role} SET search_path TO {schema}")


async def ensure_database(admin_dsn: str) -> None:
    """Create the database named in ``admin_dsn`` if it does not exist yet."""
    parts = urlsplit(admin_dsn)
    name = parts.path.lstrip("/")
    maintenance = urlunsplit(parts._replace(path="/postgres"))
    conn = await asyncpg.connect(maintenance)
    try:
        if not await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name):
            with contextlib.suppress(asyncpg.DuplicateDatabaseError):
                await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
