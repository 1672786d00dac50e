"""Whether every staff member may message any client of the practice (an admin's
choice; by default only the client's clinician does)."""

from __future__ import annotations

from typing import Any

from services.messaging.repo import settings as settings_repo
from services.messaging.service.participants import Participant
from shared.audit import audit
from shared.origin import Origin
from shared.runtime import Runtime


async def staff_may_message(rt: Runtime[Any], me: Participant) -> bool:
    async with rt.reader() as conn:
        return await settings_repo.staff_may_message(conn, me.practice_id)


async def allow_staff_messaging(
    rt: Runtime[Any], me: Participant, *, allowed: bool, origin: Origin
) -> bool:
    async with rt.uow() as uow:
        await settings_repo.set_staff_may_message(uow.conn, me.practice_id, allowed, at=rt.now())
        await audit(
            uow.conn,
            origin,
            action="messaging_settings.updated",
            actor=me.actor,
            resource="practice",
            detail={"staff_may_message": allowed},
        )
        await uow.commit()
    return allowed
