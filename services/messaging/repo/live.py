"""Live updates leave the database as NOTIFY on one channel, sent when the transaction
that caused them commits; every api replica LISTENs (service/live.py) and pushes to its
own sockets. Payloads hold ids only, never a message's text."""

from __future__ import annotations

import json
from typing import Any

from shared.db import Connection

CHANNEL = "messaging_live"


async def notify(conn: Connection, **fields: Any) -> None:
    payload = json.dumps({k: str(v) if v is not None else None for k, v in fields.items()})
    await conn.execute("SELECT pg_notify($1, $2)", CHANNEL, payload)
