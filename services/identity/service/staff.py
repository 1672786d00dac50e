"""Staff (clinicians and admins of one practice) and the signed-in account's own TOTP."""

from __future__ import annotations

import uuid

from services.identity.domain import totp
from services.identity.domain.model import Account, Practice, StaffRole, Status
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import practices as practices_repo
from services.identity.service.recovery import send_link
from services.identity.service.runtime import Actor, Identity, Origin, audit
from services.identity.service.sessions import caller_actor, live_session
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import Conflict, InvalidInput
from shared.events.catalog import StaffAdded

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
    if not await accounts_repo.insert_account(uow.conn, staff):
        raise Conflict(EMAIL_TAKEN, field="email")
    link = None
    if staff.status == "invited":
        link = await send_link(uow.conn, idp, practice=practice, account=staff, purpose="setup")
    role: StaffRole = "admin" if staff.role == "admin" else "clinician"
    await uow.add_event(
        StaffAdded(
            practice_id=practice.id,
            staff_id=staff.id,
            role=role,
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


async def me(idp: Identity, *, caller: Caller) -> tuple[Account, Practice]:
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        account = await accounts_repo.find_account(
            uow.conn, practice_id=caller.practice_id, account_id=caller.subject
        )
        practice = await practices_repo.find_practice(uow.conn, caller.practice_id)
        await uow.commit()
    assert account is not None and practice is not None
    return account, practice


async def start_totp_enrolment(idp: Identity, *, caller: Caller, origin: Origin) -> tuple[str, str]:
    """A new secret (pending until a code from it is verified): (otpauth URI, secret)."""
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        account = await accounts_repo.find_account(
            uow.conn, practice_id=caller.practice_id, account_id=caller.subject
        )
        assert account is not None
        if account.totp_enabled:
            raise Conflict("Two-step sign-in is already set up for this account.")
        secret = totp.new_secret()
        sealed = idp.keyring.encrypt_text(secret, aad=account.id.bytes)
        await accounts_repo.set_pending_totp(uow.conn, account_id=account.id, secret=sealed)
        await audit(uow.conn, origin, action="totp.enrolment_started", actor=caller_actor(caller))
        await uow.commit()
    return totp.provisioning_uri(secret, account=account.email, issuer=idp.totp_issuer()), secret


async def confirm_totp_enrolment(
    idp: Identity, *, caller: Caller, code: str, origin: Origin
) -> None:
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        account = await accounts_repo.find_account(
            uow.conn, practice_id=caller.practice_id, account_id=caller.subject, lock=True
        )
        assert account is not None
        if account.totp_pending_secret is None:
            raise Conflict("Start the set-up first: there is no pending secret.")
        secret = idp.keyring.decrypt_text(account.totp_pending_secret, aad=account.id.bytes)
        step = totp.accepted_step(secret, code, now=idp.now(), last_step=account.totp_last_step)
        if step is None:
            raise InvalidInput("The code is incorrect.", field="code")
        await accounts_repo.enable_totp(uow.conn, account_id=account.id, step=step)
        await audit(uow.conn, origin, action="totp.enrolled", actor=caller_actor(caller))
        await uow.commit()
