"""A practice's messaging settings (who on the staff may message any client)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from shared.db import Connection


async def staff_may_message(conn: Connection, practice_id: UUID) -> bool:
    value = await conn.fetchval(
        "SELECT staff_may_message FROM practice_settings WHERE practice_id = $1", practice_id
    )
    return bool(value)


async def set_staff_may_message(
    conn: Connection, practice_id: UUID, value: bool, *, at: datetime
) -> None:
    await conn.execute(
        """
        INSERT INTO practice_settings (practice_id, staff_may_message, updated_at)
        VALUES ($1, $2, $3)
        ON CONFLICT (practice_id) DO UPDATE SET staff_may_message = EXCLUDED.staff_may_message,
            updated_at = EXCLUDED.updated_at
        """,
        practice_id,
        value,
        at,
    )
