"""Sign-in attempts, counted per (practice, email) whether or not the account exists.

Each attempt counts as a failure before the password (or code) is checked, and a
success clears the count, so guesses sent in parallel cannot outrun the growing delay
and the lock; both answer 429 with Retry-After for real and unknown emails alike.
"""

from __future__ import annotations

from datetime import datetime

from services.identity.domain import secrets as tokens
from services.identity.domain.model import Account, Practice
from services.identity.domain.throttle import seconds_left
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import throttle as throttle_repo
from services.identity.service.notices import notify
from services.identity.service.runtime import Actor, Identity, Origin, audit
from shared.db import Connection
from shared.errors import TooManyRequests


async def count_attempt(conn: Connection, idp: Identity, practice: Practice, *, email: str) -> int:
    """429 while (practice, email) is locked out; otherwise this attempt counts as a
    failure now, before the password is checked (a success clears the count), so
    guesses sent in parallel cannot all pass the check before one is counted.
    Returns the consecutive failures, this attempt included."""
    digest = tokens.email_digest(email)
    now = idp.now()
    failures = await throttle_repo.count_attempt(
        conn, practice_id=practice.id, email_digest=digest, at=now
    )
    if failures is None:
        until = await throttle_repo.locked_until(conn, practice_id=practice.id, email_digest=digest)
        wait = max(1, seconds_left(until, now=now))
        raise TooManyRequests(f"Too many attempts: try again in {wait} seconds.", retry_after=wait)
    until = idp.throttle.locked_until(failures, now=now)
    if until is not None:
        await throttle_repo.lock(conn, practice_id=practice.id, email_digest=digest, until=until)
    if until is not None and failures == idp.settings.login_lock_after:
        await _tell_of_lock(conn, idp, practice, email=email, until=until)
    return failures


async def _tell_of_lock(
    conn: Connection, idp: Identity, practice: Practice, *, email: str, until: datetime
) -> None:
    """The owner of an account is told when a run of failures first locks it (not again
    for each failure after the lock ends: the count goes on until a success clears it).
    Nothing goes to an address without an account: the caller's answer is the same."""
    account = await accounts_repo.find_account_by_email(conn, practice_id=practice.id, email=email)
    if account is not None and account.can_sign_in:
        await notify(conn, idp, practice, to=account.email, kind="account_locked", until=until)


async def clear_attempts(conn: Connection, practice: Practice, *, email: str) -> None:
    await throttle_repo.clear(
        conn, practice_id=practice.id, email_digest=tokens.email_digest(email)
    )


async def record_failure(
    idp: Identity,
    practice: Practice | None,
    *,
    account: Account | None,
    failures: int,
    origin: Origin,
    action: str = "login.password",
) -> None:
    """Audit a wrong password (``count_attempt`` already counted it)."""
    if practice is None:
        return
    async with idp.uow() as uow:
        actor = Actor(
            practice_id=practice.id,
            account_id=account.id if account else None,
            role=account.role if account else None,
        )
        await audit(
            uow.conn,
            origin,
            action=action,
            actor=actor,
            outcome="failure",
            detail={"failures": failures, "known_account": account is not None},
        )
        await uow.commit()
