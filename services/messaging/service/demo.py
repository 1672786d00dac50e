"""The demo practice's messages (make up): once identity's demo practice, its clinician
and its client have reached this service's directory, the clinician writes the client
a first message, through the same use case as the workspace. Idempotent."""

from __future__ import annotations

from typing import Any

from services.messaging.repo import threads as threads_repo
from services.messaging.service import threads
from services.messaging.service.participants import Participant
from shared import directory
from shared.runtime import Runtime

SLUG = "demo"
WELCOME = (
    "Welcome to the Client Portal! You can write to me here any time: to reschedule a "
    "session or ask a question. I usually answer within one working day."
)


async def seed_demo(rt: Runtime[Any]) -> bool:
    async with rt.reader() as conn:
        practice = await directory.find_practice_by_slug(conn, SLUG)
        if practice is None:
            return False
        clients = await directory.list_clients(conn, practice.id)
        pairs = [
            (c, await directory.find_staff(conn, practice.id, c.clinician_id))
            for c in clients
            if c.known and c.clinician_id
        ]
        pairs = [(c, s) for c, s in pairs if s is not None]
        if not pairs:
            return False
        client, clinician = pairs[0]
        if await threads_repo.find_thread(conn, practice.id, client.id) is not None:
            return True
    assert clinician is not None
    me = Participant(practice_id=practice.id, id=clinician.id, role=clinician.role)
    await threads.send(rt, me, client_id=client.id, body=WELCOME, origin=None)
    return True
