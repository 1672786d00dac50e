"""Staff (clinicians and admins of one practice), as admins manage them: add, list,
change names or role, deactivate, reactivate.

Every query is scoped by the caller's practice. Every change to the team locks the
practice's admins first, so changes to one practice's team run one at a time and none can
leave it without an active admin (domain.staff has the rules).
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from services.identity.domain.model import Account, Practice, StaffRole, Status, restored_status
from services.identity.domain.staff import check_staff_change, is_active, staff_role
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import practices as practices_repo
from services.identity.repo import tokens as tokens_repo
from services.identity.service.addresses import check_not_look_alike
from services.identity.service.recovery import send_link
from services.identity.service.runtime import Actor, Identity, Origin, audit
from services.identity.service.sessions import caller_actor, end_sessions, live_session
from shared.auth import Caller
from shared.db import Connection, UnitOfWork
from shared.errors import Conflict, NotFound
from shared.events.catalog import StaffAdded, StaffUpdated

EMAIL_TAKEN = "This email already has an account in this practice."


async def add_staff_member(
    uow: UnitOfWork,
    idp: Identity,
    *,
    practice: Practice,
    staff: Account,
    origin: Origin,
    actor: Actor,
) -> str | None:
    """Insert a clinician or admin and announce it. An invited one (no password yet) is
    emailed a setup link, which is returned too (the CLI prints it)."""
    await check_not_look_alike(uow.conn, practice_id=practice.id, email=staff.email)
    if not await accounts_repo.insert_account(uow.conn, staff):
        raise Conflict(EMAIL_TAKEN, field="email")
    link = None
    if staff.status == "invited":
        link = await send_link(uow.conn, idp, practice=practice, account=staff, purpose="setup")
    await uow.add_event(
        StaffAdded(
            practice_id=practice.id,
            staff_id=staff.id,
            role=staff_role(staff),
            first_name=staff.first_name,
            last_name=staff.last_name,
            email=staff.email,
        ),
        subject=str(staff.id),
    )
    await audit(
        uow.conn,
        origin,
        action="staff.added",
        actor=actor,
        resource=f"staff:{staff.id}",
        detail={"role": staff.role},
    )
    return link


async def invite_staff(
    idp: Identity,
    *,
    caller: Caller,
    first_name: str,
    last_name: str,
    email: str,
    role: StaffRole,
    origin: Origin,
) -> Account:
    staff = Account(
        id=uuid.uuid4(),
        practice_id=caller.practice_id,
        role=role,
        email=email,
        first_name=first_name,
        last_name=last_name,
        status="invited",
    )
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        practice = await practices_repo.find_practice(uow.conn, caller.practice_id)
        assert practice is not None
        await add_staff_member(
            uow, idp, practice=practice, staff=staff, origin=origin, actor=caller_actor(caller)
        )
        await uow.commit()
    return staff


async def list_staff(
    idp: Identity, *, caller: Caller, status: Status | None, limit: int, offset: int
) -> list[Account]:
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        staff = await accounts_repo.list_accounts(
            uow.conn,
            practice_id=caller.practice_id,
            roles=("clinician", "admin"),
            status=status,
            limit=limit,
            offset=offset,
        )
        await uow.commit()
    return staff


async def _member(conn: Connection, caller: Caller, staff_id: uuid.UUID) -> Account:
    """A clinician or admin of the caller's practice (a client's id is not a member),
    locked: after the admins, before its links and sessions (the lock order)."""
    member = await accounts_repo.find_account(
        conn, practice_id=caller.practice_id, account_id=staff_id, lock=True
    )
    if member is None or not member.is_staff:
        raise NotFound("No such team member.")
    return member


async def _lock_admins(conn: Connection, idp: Identity, caller: Caller) -> list[Account]:
    """The practice's admins, locked before anything else (the caller's own session row
    included): two admins changing each other at once then queue here instead of each
    holding a row the other needs. Then the member's account, then its links and
    sessions: the order every flow takes them in (repo/accounts.py)."""
    admins = await accounts_repo.lock_admins(conn, practice_id=caller.practice_id)
    await live_session(conn, idp, caller)
    return admins


async def announce_member(uow: UnitOfWork, member: Account) -> None:
    """``staff.updated`` with the member as they are now."""
    await uow.add_event(
        StaffUpdated(
            practice_id=member.practice_id,
            staff_id=member.id,
            role=staff_role(member),
            first_name=member.first_name,
            last_name=member.last_name,
            email=member.email,
            active=is_active(member),
        ),
        subject=str(member.id),
    )


async def update_staff(
    idp: Identity,
    *,
    caller: Caller,
    staff_id: uuid.UUID,
    changes: dict[str, Any],
    origin: Origin,
) -> Account:
    """Change a team member's names or role. A demoted admin's sessions end at once: their
    access token still says admin, and no admin power may outlive the change. (A promotion
    takes effect when their access token is next refreshed, within minutes.)"""
    async with idp.uow() as uow:
        admins = await _lock_admins(uow.conn, idp, caller)
        member = await _member(uow.conn, caller, staff_id)
        updated = replace(member, **changes)
        check_staff_change(
            member,
            actor_id=caller.subject,
            role=staff_role(updated),
            active=is_active(member),
            admins=admins,
        )
        ended = 0
        if member.role == "admin" and updated.role != "admin":
            ended = await end_sessions(
                uow, practice_id=member.practice_id, account_id=member.id, reason="role_changed"
            )
        await accounts_repo.update_staff(uow.conn, updated)
        await announce_member(uow, updated)
        await audit(
            uow.conn,
            origin,
            action="staff.updated",
            actor=caller_actor(caller),
            resource=f"staff:{member.id}",
            detail={"fields": sorted(changes), "role": updated.role, "sessions_ended": ended},
        )
        await uow.commit()
    return updated


async def deactivate_staff(
    idp: Identity, *, caller: Caller, staff_id: uuid.UUID, origin: Origin
) -> Account:
    """End a team member's access: every session of theirs ends at once, and their setup,
    reset and sign-in links or challenges stop working. Already deactivated: no change."""
    async with idp.uow() as uow:
        admins = await _lock_admins(uow.conn, idp, caller)
        member = await _member(uow.conn, caller, staff_id)
        if member.status != "disabled":
            check_staff_change(
                member,
                actor_id=caller.subject,
                role=staff_role(member),
                active=False,
                admins=admins,
            )
            await tokens_repo.supersede_tokens(
                uow.conn, account_id=member.id, purposes=("reset", "setup", "login")
            )
            ended = await end_sessions(
                uow, practice_id=member.practice_id, account_id=member.id, reason="deactivated"
            )
            await accounts_repo.set_status(uow.conn, account_id=member.id, status="disabled")
            member = replace(member, status="disabled")
            await announce_member(uow, member)
            await audit(
                uow.conn,
                origin,
                action="staff.deactivated",
                actor=caller_actor(caller),
                resource=f"staff:{member.id}",
                detail={"sessions_ended": ended},
            )
        await uow.commit()
    return member


async def reactivate_staff(
    idp: Identity, *, caller: Caller, staff_id: uuid.UUID, origin: Origin
) -> Account:
    """Give a deactivated team member access back. One who had set a password is active
    and logs in again (their old sessions stay ended); one who never had is invited again
    and emailed a new setup link, since deactivation voided the old one."""
    async with idp.uow() as uow:
        await _lock_admins(uow.conn, idp, caller)
        member = await _member(uow.conn, caller, staff_id)
        status = restored_status(member)
        await accounts_repo.set_status(uow.conn, account_id=member.id, status=status)
        member = replace(member, status=status)
        if status == "invited":
            practice = await practices_repo.find_practice(uow.conn, caller.practice_id)
            assert practice is not None
            await send_link(uow.conn, idp, practice=practice, account=member, purpose="setup")
        await announce_member(uow, member)
        await audit(
            uow.conn,
            origin,
            action="staff.reactivated",
            actor=caller_actor(caller),
            resource=f"staff:{member.id}",
            detail={"status": status},
        )
        await uow.commit()
    return member
