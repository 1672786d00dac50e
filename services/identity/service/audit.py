"""Admins read their practice's audit log: who did what, to which client, when, from
where, with what outcome. Reading it is itself an access, so it is audited too."""

from __future__ import annotations

from services.identity.domain.audit import AuditCursor, AuditFilter, AuditPage
from services.identity.repo import audit as audit_repo
from services.identity.service.runtime import Identity, Origin, audit
from services.identity.service.sessions import caller_actor, live_session
from shared.auth import Caller


async def read_audit_log(
    idp: Identity,
    *,
    caller: Caller,
    where: AuditFilter,
    before: AuditCursor | None,
    limit: int,
    origin: Origin,
) -> AuditPage:
    """One page of the caller's practice's log, newest first. One row more than asked is
    read to know whether an older page exists. The audit.read row is written after the
    read, so a page never shows the read that produced it; it names a filtered client only
    in its detail, so a client's own history is not crowded with admins reading it."""
    where.check()
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        found = await audit_repo.list_entries(
            uow.conn, practice_id=caller.practice_id, where=where, before=before, limit=limit + 1
        )
        page = found[:limit]
        await audit(
            uow.conn,
            origin,
            action="audit.read",
            actor=caller_actor(caller),
            resource="audit_log",
            detail={**where.described(), "older": before is not None, "count": len(page)},
        )
        await uow.commit()
    more = len(found) > limit
    return AuditPage(records=page, next_before=page[-1].cursor if more else None)
