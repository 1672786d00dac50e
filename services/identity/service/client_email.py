"""A client's email address changed by staff (docs/identity.md, "who may change what").

The address is how a client gets back into the portal, so a change of it is a change of
who can: before the client has created a password any staff member may correct it and
the invitation goes again to the new address (the old one gets nothing: it never had a
way in); after, only an admin may, every session and link of the client ends, and both
addresses are told (the old one whom to contact if it wasn't expected).
"""

from __future__ import annotations

from services.identity.domain.model import (
    Account,
    Practice,
    check_can_change_email,
    has_activated,
    masked_email,
)
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import invitations as invitations_repo
from services.identity.repo import practices as practices_repo
from services.identity.repo import tokens as tokens_repo
from services.identity.service.addresses import check_not_look_alike
from services.identity.service.invitations import issue_invitation
from services.identity.service.notices import notify
from services.identity.service.runtime import Identity, Origin, audit
from services.identity.service.sessions import caller_actor, end_sessions
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import Conflict

EMAIL_TAKEN = "This email already has a portal account in this practice."


async def change_email(
    uow: UnitOfWork,
    idp: Identity,
    *,
    caller: Caller,
    client: Account,
    updated: Account,
    origin: Origin,
) -> None:
    """Apply ``updated.email`` to ``client`` (locked by the caller) within ``uow``: the
    checks, then what follows from the change (nothing of it reaches the old mailbox
    but a notice)."""
    check_can_change_email(actor_role=caller.role, client=client)
    if await accounts_repo.email_taken(
        uow.conn, practice_id=client.practice_id, email=updated.email, other_than=client.id
    ):
        raise Conflict(EMAIL_TAKEN, field="email")
    await check_not_look_alike(uow.conn, practice_id=client.practice_id, email=updated.email)
    practice = await practices_repo.find_practice(uow.conn, client.practice_id)
    assert practice is not None
    # The invitation and every link went to the old address: none of them works now.
    await invitations_repo.supersede_current(uow.conn, account_id=client.id)
    await tokens_repo.supersede_tokens(
        uow.conn, account_id=client.id, purposes=("activate", "reset", "setup", "login")
    )
    ended = 0
    if has_activated(client):
        ended = await end_sessions(
            uow, practice_id=client.practice_id, account_id=client.id, reason="email_changed"
        )
        await _tell_both(uow, idp, practice, old=client.email, new=updated.email)
    elif client.status == "invited":
        await issue_invitation(
            uow.conn, idp, practice=practice, client=updated, sent_by=caller.subject
        )
    await audit(
        uow.conn,
        origin,
        action="client.email_changed",
        actor=caller_actor(caller),
        resource=f"client:{client.id}",
        client_id=client.id,
        detail={
            "old": client.email,
            "new": updated.email,
            "sessions_ended": ended,
            "invitation_sent": client.status == "invited" and not has_activated(client),
        },
    )


async def _tell_both(
    uow: UnitOfWork, idp: Identity, practice: Practice, *, old: str, new: str
) -> None:
    await notify(
        uow.conn, idp, practice, to=old, kind="email_changed_old", masked=masked_email(new)
    )
    await notify(uow.conn, idp, practice, to=new, kind="email_changed_new")
