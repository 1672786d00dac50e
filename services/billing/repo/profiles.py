"""What superbills need beyond invoices: a client's diagnosis codes (sealed) and the
practice's clinicians' provider details."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from shared.db import Connection


@dataclass(frozen=True)
class Provider:
    practice_id: UUID
    staff_id: UUID
    credentials: str | None = None
    npi: str | None = None
    license: str | None = None
    tax_id: str | None = None


async def diagnoses(conn: Connection, practice_id: UUID, client_id: UUID) -> list[bytes]:
    """Sealed codes in pointer order (A first)."""
    rows = await conn.fetch(
        "SELECT code FROM client_diagnoses WHERE practice_id = $1 AND client_id = $2"
        " ORDER BY position",
        practice_id,
        client_id,
    )
    return [bytes(r["code"]) for r in rows]


async def replace_diagnoses(
    conn: Connection, practice_id: UUID, client_id: UUID, sealed: list[bytes]
) -> None:
    await conn.execute(
        "DELETE FROM client_diagnoses WHERE practice_id = $1 AND client_id = $2",
        practice_id,
        client_id,
    )
    await conn.executemany(
        "INSERT INTO client_diagnoses (practice_id, client_id, position, code)"
        " VALUES ($1, $2, $3, $4)",
        [(practice_id, client_id, i, code) for i, code in enumerate(sealed, start=1)],
    )


async def find_provider(conn: Connection, practice_id: UUID, staff_id: UUID) -> Provider | None:
    row = await conn.fetchrow(
        "SELECT practice_id, staff_id, credentials, npi, license, tax_id FROM providers"
        " WHERE practice_id = $1 AND staff_id = $2",
        practice_id,
        staff_id,
    )
    return Provider(**dict(row)) if row else None


async def save_provider(conn: Connection, provider: Provider) -> None:
    await conn.execute(
        """
        INSERT INTO providers (practice_id, staff_id, credentials, npi, license, tax_id)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (practice_id, staff_id) DO UPDATE SET credentials = EXCLUDED.credentials,
            npi = EXCLUDED.npi, license = EXCLUDED.license, tax_id = EXCLUDED.tax_id,
            updated_at = now()
        """,
        provider.practice_id, provider.staff_id, provider.credentials, provider.npi,
        provider.license, provider.tax_id,
    )  # fmt: skip
