"""Assignments, their drafts (encrypted answers with a revision) and the intake marker."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from services.forms.domain.model import Assignment
from shared.db import Connection

_ASSIGNMENT = (
    "SELECT a.assignment_id, a.practice_id, a.client_id, a.template_id, a.version,"
    " a.batch_id, a.position, a.assigned_by, a.assigned_at, a.completed_at, v.title, t.kind"
    " FROM assignments a"
    " JOIN template_versions v ON v.template_id = a.template_id AND v.version = a.version"
    " JOIN templates t ON t.template_id = a.template_id"
)


async def insert_assignment(conn: Connection, a: Assignment) -> None:
    await conn.execute(
        "INSERT INTO assignments (assignment_id, practice_id, client_id, template_id, version,"
        " batch_id, position, assigned_by, assigned_at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        a.id, a.practice_id, a.client_id, a.template_id, a.version, a.batch_id, a.position,
        a.assigned_by, a.assigned_at,
    )  # fmt: skip


async def find_assignment(
    conn: Connection,
    practice_id: UUID,
    assignment_id: UUID,
    *,
    client_id: UUID | None = None,
    lock: bool = False,
) -> Assignment | None:
    """One assignment of the practice; with ``client_id``, only if it is that client's."""
    row = await conn.fetchrow(
        f"{_ASSIGNMENT} WHERE a.practice_id = $1 AND a.assignment_id = $2"
        " AND ($3::uuid IS NULL OR a.client_id = $3)" + (" FOR UPDATE OF a" if lock else ""),
        practice_id,
        assignment_id,
        client_id,
    )
    return _assignment(row) if row else None


async def list_for_client(conn: Connection, practice_id: UUID, client_id: UUID) -> list[Assignment]:
    rows = await conn.fetch(
        f"{_ASSIGNMENT} WHERE a.practice_id = $1 AND a.client_id = $2"
        " ORDER BY a.assigned_at, a.position, a.assignment_id",
        practice_id,
        client_id,
    )
    return [_assignment(r) for r in rows]


async def mark_completed(conn: Connection, assignment_id: UUID, at: datetime) -> None:
    await conn.execute(
        "UPDATE assignments SET completed_at = $2 WHERE assignment_id = $1"
        " AND completed_at IS NULL",
        assignment_id,
        at,
    )


async def claim_intake(conn: Connection, practice_id: UUID, client_id: UUID, at: datetime) -> bool:
    """True for the one delivery of client.invited that assigns this client's intake."""
    inserted = await conn.fetchval(
        "INSERT INTO intake_assigned (client_id, practice_id, at) VALUES ($1, $2, $3)"
        " ON CONFLICT DO NOTHING RETURNING true",
        client_id,
        practice_id,
        at,
    )
    return bool(inserted)


async def record_intake_batch(conn: Connection, client_id: UUID, batch_id: UUID) -> None:
    await conn.execute(
        "UPDATE intake_assigned SET batch_id = $2 WHERE client_id = $1", client_id, batch_id
    )


# Drafts ---------------------------------------------------------------------------------


async def find_draft(conn: Connection, assignment_id: UUID) -> Any:
    """(revision, sealed answers, updated_at) or None."""
    return await conn.fetchrow(
        "SELECT revision, answers, updated_at FROM drafts WHERE assignment_id = $1",
        assignment_id,
    )


async def save_draft(
    conn: Connection,
    a: Assignment,
    *,
    expected: int,
    sealed: bytes,
    at: datetime,
) -> int | None:
    """Write the draft if its revision is still ``expected`` (0: none yet); the new
    revision, or None when someone else saved first."""
    if expected == 0:
        return await conn.fetchval(
            "INSERT INTO drafts (assignment_id, practice_id, client_id, revision, answers,"
            " updated_at) VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT DO NOTHING"
            " RETURNING revision",
            a.id, a.practice_id, a.client_id, sealed, at,
        )  # fmt: skip
    return await conn.fetchval(
        "UPDATE drafts SET revision = revision + 1, answers = $3, updated_at = $4"
        " WHERE assignment_id = $1 AND revision = $2 RETURNING revision",
        a.id,
        expected,
        sealed,
        at,
    )


async def delete_draft(conn: Connection, assignment_id: UUID) -> None:
    await conn.execute("DELETE FROM drafts WHERE assignment_id = $1", assignment_id)


async def drafted(conn: Connection, assignment_ids: list[UUID]) -> set[UUID]:
    rows = await conn.fetch(
        "SELECT assignment_id FROM drafts WHERE assignment_id = ANY($1::uuid[])", assignment_ids
    )
    return {r["assignment_id"] for r in rows}


def _assignment(row: Any) -> Assignment:
    return Assignment(
        id=row["assignment_id"],
        practice_id=row["practice_id"],
        client_id=row["client_id"],
        template_id=row["template_id"],
        version=row["version"],
        batch_id=row["batch_id"],
        position=row["position"],
        assigned_by=row["assigned_by"],
        assigned_at=row["assigned_at"],
        completed_at=row["completed_at"],
        title=row["title"],
        kind=row["kind"],
    )
