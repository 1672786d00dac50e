"""Templates, their versions and the practice's forms setup (welcome message, library)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from services.forms.domain.fields import FormField
from services.forms.domain.model import Template, Version
from shared.db import Connection

_TEMPLATE = (
    "SELECT template_id, practice_id, kind, builtin, title, latest_version, updated_at"
    " FROM templates"
)
_VERSION = (
    "SELECT v.template_id, v.version, v.practice_id, t.kind, v.title, v.description, v.body,"
    " v.fields, v.measure, v.created_at, t.builtin"
    " FROM template_versions v JOIN templates t USING (template_id)"
)


async def claim_setup(conn: Connection, practice_id: UUID, *, welcome: str, at: datetime) -> bool:
    """True for the one caller that sets the practice up (the library is made once)."""
    inserted = await conn.fetchval(
        "INSERT INTO practice_setup (practice_id, welcome_message, created_at)"
        " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING true",
        practice_id,
        welcome,
        at,
    )
    return bool(inserted)


async def welcome_message(conn: Connection, practice_id: UUID) -> str | None:
    value = await conn.fetchval(
        "SELECT welcome_message FROM practice_setup WHERE practice_id = $1", practice_id
    )
    return str(value) if value is not None else None


async def set_welcome_message(conn: Connection, practice_id: UUID, text: str) -> None:
    await conn.execute(
        "UPDATE practice_setup SET welcome_message = $2 WHERE practice_id = $1", practice_id, text
    )


async def insert_template(conn: Connection, template: Template, *, at: datetime) -> None:
    await conn.execute(
        "INSERT INTO templates (template_id, practice_id, kind, builtin, title, latest_version,"
        " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        template.id, template.practice_id, template.kind, template.builtin, template.title,
        template.latest_version, at,
    )  # fmt: skip


async def insert_version(conn: Connection, version: Version, *, created_by: UUID | None) -> None:
    await conn.execute(
        "INSERT INTO template_versions (template_id, version, practice_id, title, description,"
        " body, fields, measure, created_at, created_by)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        version.template_id, version.version, version.practice_id, version.title,
        version.description, version.body, [f.model_dump(mode="json") for f in version.fields],
        version.measure, version.created_at, created_by,
    )  # fmt: skip
    await conn.execute(
        "UPDATE templates SET latest_version = $2, title = $3, updated_at = $4"
        " WHERE template_id = $1 AND latest_version < $2",
        version.template_id,
        version.version,
        version.title,
        version.created_at,
    )


async def find_template(
    conn: Connection, practice_id: UUID, template_id: UUID, *, lock: bool = False
) -> Template | None:
    row = await conn.fetchrow(
        f"{_TEMPLATE} WHERE practice_id = $1 AND template_id = $2"
        + (" FOR UPDATE" if lock else ""),
        practice_id,
        template_id,
    )
    return _template(row) if row else None


async def list_templates(conn: Connection, practice_id: UUID) -> list[Template]:
    rows = await conn.fetch(
        f"{_TEMPLATE} WHERE practice_id = $1 ORDER BY lower(title), template_id", practice_id
    )
    return [_template(r) for r in rows]


async def builtin_ids(conn: Connection, practice_id: UUID) -> dict[str, UUID]:
    rows = await conn.fetch(
        "SELECT builtin, template_id FROM templates WHERE practice_id = $1 AND builtin IS NOT NULL",
        practice_id,
    )
    return {r["builtin"]: r["template_id"] for r in rows}


async def find_version(
    conn: Connection, practice_id: UUID, template_id: UUID, version: int
) -> Version | None:
    row = await conn.fetchrow(
        f"{_VERSION} WHERE v.practice_id = $1 AND v.template_id = $2 AND v.version = $3",
        practice_id,
        template_id,
        version,
    )
    return version_of(row) if row else None


async def latest_versions(
    conn: Connection, practice_id: UUID, template_ids: list[UUID]
) -> dict[UUID, Version]:
    rows = await conn.fetch(
        f"{_VERSION} WHERE v.practice_id = $1 AND v.template_id = ANY($2::uuid[])"
        " AND v.version = t.latest_version",
        practice_id,
        template_ids,
    )
    return {r["template_id"]: version_of(r) for r in rows}


def version_of(row: Any) -> Version:
    return Version(
        template_id=row["template_id"],
        version=row["version"],
        practice_id=row["practice_id"],
        kind=row["kind"],
        title=row["title"],
        description=row["description"],
        body=row["body"],
        fields=[FormField.model_validate(f) for f in row["fields"]],
        measure=row["measure"],
        created_at=row["created_at"],
        builtin=row["builtin"],
    )


def _template(row: Any) -> Template:
    return Template(
        id=row["template_id"],
        practice_id=row["practice_id"],
        kind=row["kind"],
        builtin=row["builtin"],
        title=row["title"],
        latest_version=row["latest_version"],
        updated_at=row["updated_at"],
    )
