"""Who may see whose billing, and the audit of staff who look.

A client sees only their own account: any other client id is "not found", never
"forbidden" (no hint that it exists). Staff see their practice's clients, and every read
of a client's billing by staff is written to the audit log in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from shared import directory
from shared.audit import actor_of, audit
from shared.auth import Caller
from shared.db import Connection
from shared.errors import InvalidInput, NotFound
from shared.origin import Origin

NO_CLIENT = "No such client."


def client_of(caller: Caller, client_id: UUID | None) -> UUID:
    """The client whose billing this request is about."""
    if caller.role == "client":
        if client_id is not None and client_id != caller.subject:
            raise NotFound(NO_CLIENT, field="client_id")
        return caller.subject
    if client_id is None:
        raise InvalidInput("choose a client", field="client_id")
    return client_id


def scope_of(caller: Caller, client_id: UUID | None) -> UUID | None:
    """For lists: a client's own; staff may list the whole practice (None)."""
    return caller.subject if caller.role == "client" else client_id


async def require_client(conn: Connection, caller: Caller, client_id: UUID) -> directory.Client:
    """A client of the caller's practice, from the directory (staff acting on them)."""
    found = await directory.find_client(conn, caller.practice_id, client_id)
    if found is None:
        raise NotFound(NO_CLIENT, field="client_id")
    return found


async def audit_staff(
    conn: Connection,
    origin: Origin,
    caller: Caller,
    *,
    action: str,
    client_id: UUID | None,
    detail: dict[str, Any] | None = None,
) -> None:
    """An audit record when staff read or change a client's billing (clients reading
    their own need none)."""
    if not caller.is_staff:
        return
    await audit(
        conn,
        origin,
        action=action,
        actor=actor_of(caller),
        resource=f"client:{client_id}" if client_id else "billing",
        client_id=client_id,
        detail=detail,
    )


async def zone_of(conn: Connection, practice_id: UUID) -> str:
    """The practice's IANA zone (UTC until the directory has heard of the practice)."""
    practice = await directory.find_practice(conn, practice_id)
    return practice.time_zone if practice else "UTC"


def local_date(at: datetime, zone: str) -> date:
    return at.astimezone(ZoneInfo(zone)).date()
