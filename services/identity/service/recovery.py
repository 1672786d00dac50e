"""Passwords after the first one: "Forgot your password?", staff setup links, changes.

A reset request answers the same, in about the same time, whether or not the email has
an account, and whether or not it sent an email (at most one per account per
``reset_email_interval_seconds``). A reset link works once, for ``reset_link_minutes``,
and only the newest one does. Completing a reset (or a change) ends the account's other
sessions, and tells the account's address; a reset does not sign in by itself.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from services.identity import emails
from services.identity.domain import secrets as tokens
from services.identity.domain.model import Account, Practice
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import practices as practices_repo
from services.identity.repo import throttle as throttle_repo
from services.identity.repo import tokens as tokens_repo
from services.identity.service.locking import token_and_account
from services.identity.service.login import reauthenticate
from services.identity.service.notices import notify
from services.identity.service.passwords import guessable_words, new_password_hash
from services.identity.service.runtime import Actor, Identity, Origin, audit
from services.identity.service.sessions import actor_of, caller_actor, end_sessions, live_session
from shared.auth import Caller
from shared.db import Connection
from shared.email import queue_email
from shared.errors import Gone

LINK_ENDED = "This link has expired or a newer one was sent: ask for a new one."


async def request_reset(idp: Identity, *, practice_slug: str, email: str, origin: Origin) -> None:
    started = time.monotonic()
    async with idp.uow() as uow:
        practice = await practices_repo.find_practice_by_slug(uow.conn, practice_slug)
        account = None
        if practice is not None:
            account = await accounts_repo.find_account_by_email(
                uow.conn, practice_id=practice.id, email=email
            )
        known = practice is not None and account is not None and account.status == "active"
        emailed = False
        if known:
            assert practice is not None and account is not None
            emailed = await _send_reset_unless_recent(uow.conn, idp, practice, account)
        actor = Actor(
            practice_id=practice.id if practice else None,
            account_id=account.id if known and account else None,
        )
        await audit(
            uow.conn,
            origin,
            action="password_reset.requested",
            actor=actor,
            detail={"known_account": known, "emailed": emailed},
        )
        await uow.commit()
    # The same answer after the same time: the timing must not tell whether it was known.
    remaining = idp.settings.reset_min_response_seconds - (time.monotonic() - started)
    if remaining > 0:
        await asyncio.sleep(remaining)


async def _send_reset_unless_recent(
    conn: Connection, idp: Identity, practice: Practice, account: Account
) -> bool:
    """Email a reset link unless one went to the account within the interval; whether it
    did. The account is locked first, so requests at once queue and only one sends."""
    await accounts_repo.find_account(
        conn, practice_id=practice.id, account_id=account.id, lock=True
    )
    since = idp.now() - timedelta(seconds=idp.settings.reset_email_interval_seconds)
    if await tokens_repo.issued_since(conn, account_id=account.id, purpose="reset", since=since):
        return False
    await send_link(conn, idp, practice=practice, account=account, purpose="reset")
    return True


async def send_link(
    conn: Connection,
    idp: Identity,
    *,
    practice: Practice,
    account: Account,
    purpose: tokens_repo.Purpose,
) -> str:
    """Email a reset (or staff setup) link; older links of the account stop working."""
    token = tokens.new_token()
    if purpose == "setup":
        valid = timedelta(days=idp.settings.staff_setup_link_days)
    else:
        valid = timedelta(minutes=idp.settings.reset_link_minutes)
    await tokens_repo.supersede_tokens(conn, account_id=account.id, purposes=("reset", "setup"))
    await tokens_repo.insert_token(
        conn,
        digest=tokens.digest(token),
        purpose=purpose,
        practice_id=practice.id,
        account_id=account.id,
        expires_at=idp.now() + valid,
    )
    link = idp.link(practice.slug, "reset-password", token=token)
    if purpose == "setup":
        email = emails.staff_setup_email(practice, to=account.email, link=link, days=valid.days)
    else:
        minutes = int(valid.total_seconds() // 60)
        email = emails.recovery_email(practice, to=account.email, link=link, minutes=minutes)
    await queue_email(conn, email, keyring=idp.keyring)
    return link


async def confirm_reset(
    idp: Identity, *, token: str, password: str, password_confirmation: str, origin: Origin
) -> None:
    digest = tokens.digest(token)
    async with idp.uow() as uow:
        account, practice, _ = await _link_owner(uow.conn, idp, digest=digest)
    password_hash = await new_password_hash(
        idp, password, password_confirmation, user_inputs=guessable_words(account, practice)
    )
    async with idp.uow() as uow:
        account, practice, purpose = await _link_owner(uow.conn, idp, digest=digest)
        await tokens_repo.mark_used(uow.conn, digest=digest)
        await accounts_repo.set_password(
            uow.conn, account_id=account.id, password_hash=password_hash, activate=True
        )
        ended = await end_sessions(
            uow, practice_id=account.practice_id, account_id=account.id, reason="password_reset"
        )
        # A sign-in half done with the old password must not finish with a code.
        await tokens_repo.supersede_tokens(uow.conn, account_id=account.id, purposes=("login",))
        await throttle_repo.clear(
            uow.conn, practice_id=practice.id, email_digest=tokens.email_digest(account.email)
        )
        await audit(
            uow.conn,
            origin,
            action="password_reset.completed",
            actor=actor_of(account),
            client_id=account.id if account.role == "client" else None,
            detail={"sessions_ended": ended},
        )
        if purpose == "reset":  # a first password (a setup link) changes nothing to tell
            await notify(uow.conn, idp, practice, to=account.email, kind="password_reset")
        await uow.commit()


async def _link_owner(
    conn: Connection, idp: Identity, *, digest: bytes
) -> tuple[Account, Practice, tokens_repo.Purpose]:
    found = await token_and_account(conn, digest=digest, purposes=("reset", "setup"))
    if found is None or not found[0].usable(now=idp.now()):
        raise Gone(LINK_ENDED, reason="link_ended")
    token, account = found
    practice = await practices_repo.find_practice(conn, token.practice_id)
    if practice is None or account.status == "disabled":
        raise Gone(LINK_ENDED, reason="link_ended")
    return account, practice, token.purpose


async def change_password(
    idp: Identity,
    *,
    caller: Caller,
    current_password: str,
    password: str,
    password_confirmation: str,
    origin: Origin,
) -> int:
    """A signed-in password change; every other session ends. Returns how many did."""
    account, practice = await reauthenticate(
        idp,
        caller=caller,
        current_password=current_password,
        origin=origin,
        action="password.change",
    )
    password_hash = await new_password_hash(
        idp, password, password_confirmation, user_inputs=guessable_words(account, practice)
    )
    async with idp.uow() as uow:
        # The account before its sessions, as everywhere (repo/accounts.py).
        await accounts_repo.find_account(
            uow.conn, practice_id=caller.practice_id, account_id=caller.subject, lock=True
        )
        session = await live_session(uow.conn, idp, caller)
        await accounts_repo.set_password(
            uow.conn, account_id=account.id, password_hash=password_hash, activate=False
        )
        ended = await end_sessions(
            uow,
            practice_id=account.practice_id,
            account_id=account.id,
            reason="password_changed",
            keep=session.id,
        )
        await tokens_repo.supersede_tokens(uow.conn, account_id=account.id, purposes=("login",))
        await audit(
            uow.conn,
            origin,
            action="password.changed",
            actor=caller_actor(caller),
            detail={"sessions_ended": ended},
        )
        await notify(uow.conn, idp, practice, to=account.email, kind="password_changed")
        await uow.commit()
    return ended
