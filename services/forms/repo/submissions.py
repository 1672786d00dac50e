"""Submissions: written once (a trigger refuses any change), read with their signing
record. Answers and the typed name stay sealed here; the service opens them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from shared.db import Connection

_SUBMISSION = (
    "SELECT s.submission_id, s.assignment_id, s.practice_id, s.client_id, s.template_id,"
    " s.version, s.number, s.answers, s.submitted_at, s.measure, s.score, s.severity,"
    " s.urgent, s.flags, s.signer_name, s.signed_at, s.signer_ip, s.signer_user_agent,"
    " s.document_sha256, v.title"
    " FROM submissions s"
    " JOIN template_versions v ON v.template_id = s.template_id AND v.version = s.version"
)


async def insert_submission(conn: Connection, values: dict[str, Any]) -> None:
    columns = ", ".join(values)
    params = ", ".join(f"${n}" for n in range(1, len(values) + 1))
    await conn.execute(
        f"INSERT INTO submissions ({columns}) VALUES ({params})",  # names are ours
        *values.values(),
    )


async def next_number(conn: Connection, assignment_id: UUID) -> int:
    value = await conn.fetchval(
        "SELECT coalesce(max(number), 0) + 1 FROM submissions WHERE assignment_id = $1",
        assignment_id,
    )
    return int(value)


async def find_submission(
    conn: Connection, practice_id: UUID, submission_id: UUID, *, client_id: UUID | None = None
) -> Any:
    return await conn.fetchrow(
        f"{_SUBMISSION} WHERE s.practice_id = $1 AND s.submission_id = $2"
        " AND ($3::uuid IS NULL OR s.client_id = $3)",
        practice_id,
        submission_id,
        client_id,
    )


async def find_previous(conn: Connection, assignment_id: UUID, number: int) -> Any:
    return await conn.fetchrow(
        f"{_SUBMISSION} WHERE s.assignment_id = $1 AND s.number = $2", assignment_id, number - 1
    )


async def latest_for(conn: Connection, assignment_id: UUID) -> Any:
    return await conn.fetchrow(
        f"{_SUBMISSION} WHERE s.assignment_id = $1 ORDER BY s.number DESC LIMIT 1",
        assignment_id,
    )


async def list_for_assignments(conn: Connection, assignment_ids: list[UUID]) -> list[Any]:
    """Every submission of these assignments, newest version last (no answers opened)."""
    return list(
        await conn.fetch(
            f"{_SUBMISSION} WHERE s.assignment_id = ANY($1::uuid[])"
            " ORDER BY s.assignment_id, s.number",
            assignment_ids,
        )
    )
