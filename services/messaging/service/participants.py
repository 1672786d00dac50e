"""Who takes part in a thread, and whether a staff member may open a client's thread."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from services.messaging.domain.messages import Side, side_of, staff_may_open
from services.messaging.repo import settings as settings_repo
from services.messaging.repo.threads import StaffScope
from shared import directory
from shared.audit import Actor
from shared.auth import Caller
from shared.db import Connection
from shared.errors import Forbidden

NOT_YOURS = "Only this client's clinician can read and answer their messages in this practice."


@dataclass(frozen=True)
class Participant:
    """The reader or sender: a signed-in caller, or a client holding a message link."""

    practice_id: UUID
    id: UUID
    role: str

    @classmethod
    def of(cls, caller: Caller) -> Participant:
        return cls(practice_id=caller.practice_id, id=caller.subject, role=caller.role)

    @property
    def side(self) -> Side:
        return side_of(self.role)

    @property
    def actor(self) -> Actor:
        return Actor(practice_id=self.practice_id, account_id=self.id, role=self.role)


async def scope_of(conn: Connection, staff: Participant) -> StaffScope:
    return StaffScope(
        practice_id=staff.practice_id,
        staff_id=staff.id,
        is_admin=staff.role == "admin",
        everyone=await settings_repo.staff_may_message(conn, staff.practice_id),
    )


async def client_for_staff(
    conn: Connection, staff: Participant, client_id: UUID
) -> directory.Client:
    """The client (404 outside the staff member's practice), if the staff member may open
    their thread (403 otherwise)."""
    client = await directory.get_client(conn, staff.practice_id, client_id)
    everyone = await settings_repo.staff_may_message(conn, staff.practice_id)
    allowed = staff_may_open(
        staff_id=staff.id,
        staff_role=staff.role,
        client_clinician_id=client.clinician_id,
        staff_may_message=everyone,
    )
    if not allowed:
        raise Forbidden(NOT_YOURS)
    return client


async def may_see(conn: Connection, staff: Participant, client_id: UUID) -> bool:
    """``client_for_staff`` as a question (for live updates)."""
    client = await directory.find_client(conn, staff.practice_id, client_id)
    everyone = await settings_repo.staff_may_message(conn, staff.practice_id)
    return staff_may_open(
        staff_id=staff.id,
        staff_role=staff.role,
        client_clinician_id=client.clinician_id if client else None,
        staff_may_message=everyone,
    )
