"""Demo data for `make up` (PORTAL_DEMO_DATA): the demo practice's library, and its intake
packet waiting for the demo client, so a visitor can walk the guide's Documents and Forms.

Identity's demo seed publishes the practice and client events forms' consumers act on; this
only waits for them and makes sure, idempotently, through the same use cases."""

from __future__ import annotations

from typing import Any

from services.forms.service.assignments import assign_intake
from services.forms.service.library import ensure_library
from shared import directory
from shared.runtime import Runtime

DEMO_SLUG = "demo"


async def seed_demo(rt: Runtime[Any]) -> bool:
    """True once the demo practice and its clients have their forms (or nothing to wait for)."""
    async with rt.uow() as work:
        practice = await directory.find_practice_by_slug(work.conn, DEMO_SLUG)
        if practice is None:
            return False  # identity's events have not reached us yet
        clients = await directory.list_clients(work.conn, practice.id)
        if not clients:
            return False
        await ensure_library(work.conn, practice.id, at=rt.now())
        for client in clients:
            await assign_intake(work, practice_id=practice.id, client_id=client.id, at=rt.now())
        await work.commit()
    return True
