"""Announce a practice's current records again, for services that missed them.

Every service keeps its own copy of practices, staff and clients from identity's events
(shared/directory.py). A service deployed after those events went out, a queue that was
purged, or a directory restored from an old backup has gaps that ``shared.replay`` cannot
fill once the outbox rows are past their retention. Announcing writes the practice's
current state as ``*.updated`` events (and each client's status), so every consumer brings
its copy up to date; the directory keeps the newest, so announcing twice is harmless.

``portal announce --practice <slug>``; `make up` announces the demo practice when it was
seeded by an earlier run.
"""

from __future__ import annotations

from services.identity.domain.model import Account, Practice
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import practices as practices_repo
from services.identity.service.clients import client_event_fields
from services.identity.service.practices import practice_event_fields
from services.identity.service.runtime import Identity
from services.identity.service.staff import announce_member
from shared.db import UnitOfWork
from shared.errors import NotFound
from shared.events.catalog import ClientActivated, ClientDeactivated, ClientUpdated, PracticeUpdated

PAGE = 500


async def announce_by_slug(idp: Identity, slug: str) -> tuple[Practice, int]:
    """``portal announce``: announce the practice ``slug``; it and how many events."""
    async with idp.uow() as uow:
        practice = await practices_repo.find_practice_by_slug(uow.conn, slug)
        if practice is None:
            raise NotFound(f"no practice {slug!r}")
        count = await announce_practice(uow, practice)
        await uow.commit()
    return practice, count


async def announce_practice(uow: UnitOfWork, practice: Practice) -> int:
    """Write the practice, its staff and its clients to the outbox; how many events."""
    await uow.add_event(
        PracticeUpdated(**practice_event_fields(practice)), subject=str(practice.id)
    )
    count = 1
    for account in await _everyone(uow, practice):
        if account.is_staff:
            await announce_member(uow, account)
            count += 1
        else:
            count += await _announce_client(uow, account)
    return count


async def _everyone(uow: UnitOfWork, practice: Practice) -> list[Account]:
    found: list[Account] = []
    while True:
        page = await accounts_repo.list_accounts(
            uow.conn, practice_id=practice.id, roles=("admin", "clinician", "client"),
            status=None, limit=PAGE, offset=len(found),
        )  # fmt: skip
        found += page
        if len(page) < PAGE:
            return found


async def _announce_client(uow: UnitOfWork, client: Account) -> int:
    subject = str(client.id)
    await uow.add_event(ClientUpdated(**client_event_fields(client)), subject=subject)
    ids = {"practice_id": client.practice_id, "client_id": client.id}
    if client.status == "active":
        await uow.add_event(ClientActivated(**ids), subject=subject)
        return 2
    if client.status == "disabled":
        await uow.add_event(ClientDeactivated(**ids), subject=subject)
        return 2
    return 1
