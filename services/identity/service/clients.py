"""Client accounts as staff manage them: invite, list, read, update, re-send, deactivate,
reactivate.

Every query is scoped by the caller's practice; a client sees only their own record.
Staff reading client records is written to the audit log.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from services.identity.domain.model import (
    Account,
    Status,
    check_can_manage_client,
    check_resendable,
    restored_status,
)
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import invitations as invitations_repo
from services.identity.repo import practices as practices_repo
from services.identity.repo import tokens as tokens_repo
from services.identity.service.addresses import check_not_look_alike
from services.identity.service.client_email import EMAIL_TAKEN, change_email
from services.identity.service.invitations import issue_invitation
from services.identity.service.runtime import Identity, Origin, audit
from services.identity.service.sessions import caller_actor, end_sessions, live_session
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import Conflict, NotFound
from shared.events.catalog import (
    ClientActivated,
    ClientDeactivated,
    ClientInvited,
    ClientUpdated,
)


async def invite_client(
    idp: Identity,
    *,
    caller: Caller,
    first_name: str,
    last_name: str,
    email: str,
    date_of_birth: date | None,
    origin: Origin,
) -> Account:
    client = Account(
        id=uuid.uuid4(),
        practice_id=caller.practice_id,
        role="client",
        email=email,
        first_name=first_name,
        last_name=last_name,
        status="invited",
        date_of_birth=date_of_birth,
        clinician_id=caller.subject if caller.role == "clinician" else None,
    )
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        practice = await practices_repo.find_practice(uow.conn, caller.practice_id)
        assert practice is not None
        await check_not_look_alike(uow.conn, practice_id=practice.id, email=email)
        if not await accounts_repo.insert_account(uow.conn, client):
            raise Conflict(EMAIL_TAKEN, field="email")
        await issue_invitation(
            uow.conn, idp, practice=practice, client=client, sent_by=caller.subject
        )
        await uow.add_event(ClientInvited(**client_event_fields(client)), subject=str(client.id))
        await _audit_client(uow, origin, caller, client, "client.invited")
        created = await _client(uow, caller, client.id)
        await uow.commit()
    return created


def client_event_fields(client: Account) -> dict[str, Any]:
    """What client.invited and client.updated say about a client (nothing secret)."""
    return {
        "practice_id": client.practice_id,
        "client_id": client.id,
        "clinician_id": client.clinician_id,
        "first_name": client.first_name,
        "last_name": client.last_name,
        "email": client.email,
        "date_of_birth": client.date_of_birth,
    }


async def _audit_client(
    uow: UnitOfWork,
    origin: Origin,
    caller: Caller,
    client: Account,
    action: str,
    *,
    detail: dict[str, Any] | None = None,
) -> None:
    """One audit row for something staff did to (or read of) a client's record."""
    await audit(
        uow.conn,
        origin,
        action=action,
        actor=caller_actor(caller),
        resource=f"client:{client.id}",
        client_id=client.id,
        detail=detail,
    )


async def _client(
    uow: UnitOfWork, caller: Caller, client_id: uuid.UUID, *, lock: bool = False
) -> Account:
    """A client of the caller's practice; a client caller only finds themself. ``lock``
    before changing it or anything of its (the lock order: repo/accounts.py)."""
    if caller.role == "client" and client_id != caller.subject:
        raise NotFound("No such client.")
    client = await accounts_repo.find_account(
        uow.conn, practice_id=caller.practice_id, account_id=client_id, lock=lock
    )
    if client is None or client.role != "client":
        raise NotFound("No such client.")
    return client


async def get_client(
    idp: Identity, *, caller: Caller, client_id: uuid.UUID, origin: Origin
) -> Account:
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        client = await _client(uow, caller, client_id)
        if caller.is_staff:
            await _audit_client(uow, origin, caller, client, "client.read")
        await uow.commit()
    return client


async def list_clients(
    idp: Identity,
    *,
    caller: Caller,
    status: Status | None,
    limit: int,
    offset: int,
    origin: Origin,
    search: str | None = None,
) -> list[Account]:
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        clients = await accounts_repo.list_accounts(
            uow.conn,
            practice_id=caller.practice_id,
            roles=("client",),
            status=status,
            search=search,
            limit=limit,
            offset=offset,
        )
        await audit(
            uow.conn,
            origin,
            action="client.list",
            actor=caller_actor(caller),
            resource="clients",
            # Whether a search narrowed it, never what was typed (a name is personal data).
            detail={"count": len(clients), "searched": search is not None},
        )
        await uow.commit()
    return clients


async def update_client(
    idp: Identity,
    *,
    caller: Caller,
    client_id: uuid.UUID,
    changes: dict[str, Any],
    origin: Origin,
) -> Account:
    """Change names, email or date of birth. Any staff member of the practice may change
    names and date of birth; the email follows the rules of service/client_email.py."""
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        # Locked: two edits at once apply one after the other, neither undoing the other.
        client = await _client(uow, caller, client_id, lock=True)
        check_can_manage_client(actor_role=caller.role, client=client)
        updated = replace(client, **changes)
        if updated.email != client.email:
            await change_email(
                uow, idp, caller=caller, client=client, updated=updated, origin=origin
            )
        await accounts_repo.update_profile(uow.conn, updated)
        await uow.add_event(ClientUpdated(**client_event_fields(updated)), subject=str(client.id))
        await _audit_client(
            uow, origin, caller, client, "client.updated", detail={"fields": sorted(changes)}
        )
        await uow.commit()
    return updated


async def resend_invitation(
    idp: Identity, *, caller: Caller, client_id: uuid.UUID, origin: Origin
) -> None:
    """A new link and PIN; the previous ones stop working."""
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        # Locked: re-sends at once queue here, each superseding the one before.
        client = await _client(uow, caller, client_id, lock=True)
        check_resendable(client)
        practice = await practices_repo.find_practice(uow.conn, caller.practice_id)
        assert practice is not None
        await issue_invitation(
            uow.conn, idp, practice=practice, client=client, sent_by=caller.subject
        )
        await _audit_client(uow, origin, caller, client, "client.invitation_resent")
        await uow.commit()


async def deactivate_client(
    idp: Identity, *, caller: Caller, client_id: uuid.UUID, origin: Origin
) -> Account:
    """Disable portal access: sessions end, invitations and links stop working."""
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        client = await _client(uow, caller, client_id, lock=True)
        if client.status != "disabled":
            await accounts_repo.set_status(uow.conn, account_id=client.id, status="disabled")
            await invitations_repo.supersede_current(uow.conn, account_id=client.id)
            await tokens_repo.supersede_tokens(
                uow.conn, account_id=client.id, purposes=("activate", "reset", "login")
            )
            await end_sessions(
                uow, practice_id=client.practice_id, account_id=client.id, reason="deactivated"
            )
            await uow.add_event(
                ClientDeactivated(practice_id=client.practice_id, client_id=client.id),
                subject=str(client.id),
            )
            await _audit_client(uow, origin, caller, client, "client.deactivated")
        disabled = await _client(uow, caller, client_id)
        await uow.commit()
    return disabled


async def reactivate_client(
    idp: Identity, *, caller: Caller, client_id: uuid.UUID, origin: Origin
) -> Account:
    """Restore a disabled client's portal access. One who had created a password is active
    again (announced as client.activated) and logs in with it; their old sessions stay
    ended. One who never had is invited again: re-send the invitation as usual."""
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        client = await _client(uow, caller, client_id, lock=True)
        check_can_manage_client(actor_role=caller.role, client=client)
        status = restored_status(client)
        await accounts_repo.set_status(uow.conn, account_id=client.id, status=status)
        if status == "active":
            await uow.add_event(
                ClientActivated(practice_id=client.practice_id, client_id=client.id),
                subject=str(client.id),
            )
        await _audit_client(
            uow, origin, caller, client, "client.reactivated", detail={"status": status}
        )
        restored = await _client(uow, caller, client_id)
        await uow.commit()
    return restored
