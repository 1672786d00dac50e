"""Practices (tenants)."""

from __future__ import annotations

from uuid import UUID

import asyncpg

from services.identity.domain.model import Practice
from shared.db import Connection

_COLUMNS = "id, slug, name, time_zone, phone, email, address, npi, tax_id, license"


def _practice(row: asyncpg.Record) -> Practice:
    return Practice(**dict(row))


async def insert_practice(conn: Connection, practice: Practice) -> bool:
    """False if the slug is taken."""
    inserted = await conn.fetchval(
        f"INSERT INTO practices ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
        " ON CONFLICT (slug) DO NOTHING RETURNING true",
        practice.id,
        practice.slug,
        practice.name,
        practice.time_zone,
        practice.phone,
        practice.email,
        practice.address,
        practice.npi,
        practice.tax_id,
        practice.license,
    )
    return bool(inserted)


async def find_practice_by_slug(conn: Connection, slug: str) -> Practice | None:
    row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM practices WHERE slug = $1", slug)
    return _practice(row) if row else None


async def find_practice(conn: Connection, practice_id: UUID) -> Practice | None:
    row = await conn.fetchrow(f"SELECT {_COLUMNS} FROM practices WHERE id = $1", practice_id)
    return _practice(row) if row else None


async def update_practice(conn: Connection, practice: Practice) -> None:
    await conn.execute(
        "UPDATE practices SET name = $2, time_zone = $3, phone = $4, email = $5, address = $6,"
        " npi = $7, tax_id = $8, license = $9, updated_at = now() WHERE id = $1",
        practice.id,
        practice.name,
        practice.time_zone,
        practice.phone,
        practice.email,
        practice.address,
        practice.npi,
        practice.tax_id,
        practice.license,
    )
