"""Packets: templates assigned together (the default one on every invitation)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from services.forms.domain.model import Packet
from shared.db import Connection

_PACKET = "SELECT packet_id, practice_id, name, template_ids, default_intake FROM packets"


async def insert_packet(conn: Connection, packet: Packet, *, at: datetime) -> None:
    if packet.default_intake:
        await _clear_default(conn, packet.practice_id)
    await conn.execute(
        "INSERT INTO packets (packet_id, practice_id, name, template_ids, default_intake,"
        " created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6)",
        packet.id, packet.practice_id, packet.name, packet.template_ids,
        packet.default_intake, at,
    )  # fmt: skip


async def update_packet(conn: Connection, packet: Packet, *, at: datetime) -> None:
    if packet.default_intake:
        await _clear_default(conn, packet.practice_id)
    await conn.execute(
        "UPDATE packets SET name = $3, template_ids = $4, default_intake = $5, updated_at = $6"
        " WHERE practice_id = $1 AND packet_id = $2",
        packet.practice_id, packet.id, packet.name, packet.template_ids,
        packet.default_intake, at,
    )  # fmt: skip


async def _clear_default(conn: Connection, practice_id: UUID) -> None:
    await conn.execute(
        "UPDATE packets SET default_intake = false WHERE practice_id = $1 AND default_intake",
        practice_id,
    )


async def find_packet(conn: Connection, practice_id: UUID, packet_id: UUID) -> Packet | None:
    row = await conn.fetchrow(
        f"{_PACKET} WHERE practice_id = $1 AND packet_id = $2", practice_id, packet_id
    )
    return _packet(row) if row else None


async def find_default(conn: Connection, practice_id: UUID) -> Packet | None:
    row = await conn.fetchrow(f"{_PACKET} WHERE practice_id = $1 AND default_intake", practice_id)
    return _packet(row) if row else None


async def list_packets(conn: Connection, practice_id: UUID) -> list[Packet]:
    rows = await conn.fetch(
        f"{_PACKET} WHERE practice_id = $1 ORDER BY lower(name), packet_id", practice_id
    )
    return [_packet(r) for r in rows]


def _packet(row: Any) -> Packet:
    return Packet(
        id=row["packet_id"],
        practice_id=row["practice_id"],
        name=row["name"],
        template_ids=list(row["template_ids"]),
        default_intake=row["default_intake"],
    )
