"""The signed-in account itself: who it is, and setting up its two-step sign-in (TOTP)."""

from __future__ import annotations

from services.identity.domain import totp
from services.identity.domain.model import Account, Practice
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import practices as practices_repo
from services.identity.repo import signed_in as signed_in_repo
from services.identity.service.login import reauthenticate
from services.identity.service.notices import notify
from services.identity.service.runtime import Identity, Origin, audit
from services.identity.service.sessions import (
    caller_actor,
    live_session,
    require_live,
    session_id_of,
)
from shared.auth import Caller
from shared.errors import Conflict, Forbidden, InvalidInput


async def me(idp: Identity, *, caller: Caller) -> tuple[Account, Practice]:
    """The caller's account and practice, while their session is live.

    One statement and no transaction (the activity mark, every few seconds, is an UPDATE
    of its own): it was five round trips, BEGIN and COMMIT among them."""
    async with idp.reader() as conn:
        found = await signed_in_repo.find_signed_in(
            conn,
            session_id=session_id_of(caller),
            account_id=caller.subject,
            practice_id=caller.practice_id,
        )
        await require_live(conn, idp, caller, found[0] if found else None)
    assert found is not None
    return found[1], found[2]


async def start_totp_enrolment(
    idp: Identity, *, caller: Caller, current_password: str, origin: Origin
) -> tuple[str, str]:
    """A new secret (pending until a code from it is verified): (otpauth URI, secret).
    The password first: a stolen session must not tie the account to a thief's app."""
    await reauthenticate(
        idp,
        caller=caller,
        current_password=current_password,
        origin=origin,
        action="totp.enrolment",
    )
    async with idp.uow() as uow:
        # The account before its session (the lock order: repo/accounts.py).
        account = await accounts_repo.find_account(
            uow.conn, practice_id=caller.practice_id, account_id=caller.subject, lock=True
        )
        await live_session(uow.conn, idp, caller)
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
        account = await accounts_repo.find_account(
            uow.conn, practice_id=caller.practice_id, account_id=caller.subject, lock=True
        )
        await live_session(uow.conn, idp, caller)
        assert account is not None
        if account.totp_pending_secret is None:
            raise Conflict("Start the set-up first: there is no pending secret.")
        secret = idp.keyring.decrypt_text(account.totp_pending_secret, aad=account.id.bytes)
        step = totp.accepted_step(secret, code, now=idp.now(), last_step=account.totp_last_step)
        if step is None:
            raise InvalidInput("The code is incorrect.", field="code")
        await accounts_repo.enable_totp(uow.conn, account_id=account.id, step=step)
        await audit(uow.conn, origin, action="totp.enrolled", actor=caller_actor(caller))
        practice = await practices_repo.find_practice(uow.conn, caller.practice_id)
        assert practice is not None
        await notify(uow.conn, idp, practice, to=account.email, kind="totp_enabled")
        await uow.commit()


async def disable_totp(
    idp: Identity, *, caller: Caller, current_password: str, origin: Origin
) -> None:
    """A client who opted in may opt out, with the password (as for turning it on). Staff
    always sign in with a second step, so they cannot."""
    if caller.role != "client":
        raise Forbidden("Staff sign in with two-step verification; it cannot be turned off.")
    await reauthenticate(
        idp,
        caller=caller,
        current_password=current_password,
        origin=origin,
        action="totp.disable",
    )
    async with idp.uow() as uow:
        account = await accounts_repo.find_account(
            uow.conn, practice_id=caller.practice_id, account_id=caller.subject, lock=True
        )
        await live_session(uow.conn, idp, caller)
        assert account is not None
        if not account.totp_enabled:
            raise Conflict("Two-step verification is not on for this account.")
        await accounts_repo.disable_totp(uow.conn, account_id=account.id)
        await audit(uow.conn, origin, action="totp.disabled", actor=caller_actor(caller))
        practice = await practices_repo.find_practice(uow.conn, caller.practice_id)
        assert practice is not None
        await notify(uow.conn, idp, practice, to=account.email, kind="totp_disabled")
        await uow.commit()
