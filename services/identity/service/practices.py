"""Practices: created from the command line, public details for the Welcome Page,
provider details (for superbills) kept by admins."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from services.identity.domain.model import Account, Practice, check_slug
from services.identity.repo import practices as practices_repo
from services.identity.service.runtime import Actor, Identity, Origin, audit
from services.identity.service.sessions import caller_actor, live_session
from services.identity.service.staff import add_staff_member
from shared.auth import Caller
from shared.errors import Conflict, NotFound
from shared.events.catalog import PracticeCreated, PracticeUpdated


async def create_practice(
    idp: Identity,
    *,
    practice: Practice,
    admin: Account,
    origin: Origin,
) -> str | None:
    """A practice and its first admin. An admin without a password gets a setup link
    (returned); one created with a password hash (the demo seed) is active at once."""
    check_slug(practice.slug)
    async with idp.uow() as uow:
        if not await practices_repo.insert_practice(uow.conn, practice):
            raise Conflict(f"A practice with the slug {practice.slug!r} exists.", field="slug")
        await uow.add_event(
            PracticeCreated(**practice_event_fields(practice)), subject=str(practice.id)
        )
        system = Actor(practice_id=practice.id, role="system")
        await audit(
            uow.conn,
            origin,
            action="practice.created",
            actor=system,
            resource=f"practice:{practice.id}",
        )
        link = await add_staff_member(
            uow, idp, practice=practice, staff=admin, origin=origin, actor=system
        )
        await uow.commit()
    return link


def new_practice(**fields: Any) -> Practice:
    return Practice(id=uuid.uuid4(), **fields)


async def public_practice(idp: Identity, *, slug: str) -> Practice:
    async with idp.reader() as conn:
        practice = await practices_repo.find_practice_by_slug(conn, slug)
    if practice is None:
        raise NotFound("There is no practice at this address.")
    return practice


async def own_practice(idp: Identity, *, caller: Caller) -> Practice:
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        practice = await practices_repo.find_practice(uow.conn, caller.practice_id)
        await uow.commit()
    assert practice is not None
    return practice


async def update_practice(
    idp: Identity, *, caller: Caller, changes: dict[str, Any], origin: Origin
) -> Practice:
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        practice = await practices_repo.find_practice(uow.conn, caller.practice_id)
        assert practice is not None
        updated = replace(practice, **changes)
        await practices_repo.update_practice(uow.conn, updated)
        await uow.add_event(
            PracticeUpdated(**practice_event_fields(updated)), subject=str(updated.id)
        )
        await audit(
            uow.conn,
            origin,
            action="practice.updated",
            actor=caller_actor(caller),
            resource=f"practice:{updated.id}",
            detail={"fields": sorted(changes)},
        )
        await uow.commit()
    return updated


def practice_event_fields(practice: Practice) -> dict[str, Any]:
    """What practice.created and practice.updated say: the whole public record."""
    return {
        "practice_id": practice.id,
        "slug": practice.slug,
        "name": practice.name,
        "time_zone": practice.time_zone,
        "phone": practice.phone,
        "email": practice.email,
        "address": practice.address,
        "npi": practice.npi,
        "tax_id": practice.tax_id,
        "license": practice.license,
    }
