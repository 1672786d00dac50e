"""Sign-in: email and password at a practice, then TOTP for staff (and opted-in clients).

Every failure answers the same 401, whatever the cause (no practice, no account, wrong
password, disabled, not activated yet), after the same argon2 work. Attempts count per
(practice, email) whether or not the account exists (service/attempts.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from services.identity.domain import secrets as tokens
from services.identity.domain import totp
from services.identity.domain.model import Account, ClientKind, Practice
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import practices as practices_repo
from services.identity.repo import throttle as throttle_repo
from services.identity.repo import tokens as tokens_repo
from services.identity.service.attempts import clear_attempts, count_attempt, record_failure
from services.identity.service.locking import token_and_account
from services.identity.service.notices import notify
from services.identity.service.runtime import Identity, Origin, audit
from services.identity.service.sessions import SignedIn, actor_of, live_session, start_session
from shared.auth import Caller
from shared.db import Connection, UnitOfWork
from shared.errors import InvalidInput, Unauthenticated
from shared.passwords import normalize_password

WRONG_LOGIN = "The email or password is incorrect."
WRONG_CODE = "The code is incorrect."
STEP_EXPIRED = "This sign-in step has expired: log in again."


@dataclass(frozen=True)
class SecondFactorNeeded:
    """Password accepted; a TOTP code (or, first time, an enrolment) must follow."""

    challenge: str
    enrol: bool
    otpauth_uri: str | None = None
    secret: str | None = None


LoginResult = SignedIn | SecondFactorNeeded


async def log_in(
    idp: Identity,
    *,
    practice_slug: str,
    email: str,
    password: str,
    client_kind: ClientKind,
    origin: Origin,
) -> LoginResult:
    async with idp.uow() as uow:
        practice = await practices_repo.find_practice_by_slug(uow.conn, practice_slug)
        account = None
        failures = 0
        if practice is not None:
            failures = await count_attempt(uow.conn, idp, practice, email=email)
            account = await accounts_repo.find_account_by_email(
                uow.conn, practice_id=practice.id, email=email
            )
            await uow.commit()
    password = normalize_password(password)
    usable = account if account is not None and account.can_sign_in else None
    # Outside the transaction: argon2 holds no database connection.
    ok = await idp.hasher.verify(usable.password_hash if usable else None, password)
    if practice is None or usable is None or not ok:
        await record_failure(idp, practice, account=account, failures=failures, origin=origin)
        raise Unauthenticated(WRONG_LOGIN)
    return await _password_accepted(
        idp,
        practice,
        usable,
        password=password,
        failures=failures,
        client_kind=client_kind,
        origin=origin,
    )


async def _password_accepted(
    idp: Identity,
    practice: Practice,
    account: Account,
    *,
    password: str,
    failures: int,
    client_kind: ClientKind,
    origin: Origin,
) -> LoginResult:
    assert account.password_hash is not None
    new_hash = None
    if idp.hasher.needs_rehash(account.password_hash):
        new_hash = await idp.hasher.hash(password)
    async with idp.uow() as uow:
        # Read again, locked: argon2 ran outside any transaction, and a reset, change or
        # deactivation committed meanwhile wins. The password was checked against the
        # hash read before; only while the account still has that hash does it count.
        current = await accounts_repo.find_account(
            uow.conn, practice_id=practice.id, account_id=account.id, lock=True
        )
        accepted = (
            current is not None
            and current.can_sign_in
            and current.password_hash == account.password_hash
        )
        if accepted:
            assert current is not None
            result = await _sign_in(
                uow,
                idp,
                practice,
                current,
                new_hash=new_hash,
                failures=failures,
                client_kind=client_kind,
                origin=origin,
            )
            await uow.commit()
    if not accepted:
        await record_failure(idp, practice, account=account, failures=failures, origin=origin)
        raise Unauthenticated(WRONG_LOGIN)
    return result


async def _sign_in(
    uow: UnitOfWork,
    idp: Identity,
    practice: Practice,
    account: Account,
    *,
    new_hash: str | None,
    failures: int,
    client_kind: ClientKind,
    origin: Origin,
) -> LoginResult:
    """The password was right for the account as it is now (locked): a session, or the
    second step for those who need one."""
    assert account.password_hash is not None
    if new_hash is not None:
        await accounts_repo.replace_hash(
            uow.conn, account_id=account.id, checked=account.password_hash, password_hash=new_hash
        )
    await audit(uow.conn, origin, action="login.password", actor=actor_of(account))
    if account.totp_enabled or account.needs_second_factor_enrolment:
        # Not signed in yet: the count stands (wrong codes add to it) until the code
        # is right, or signing in again with the password would reset the code guesses.
        await throttle_repo.forgive_one(
            uow.conn,
            practice_id=practice.id,
            email_digest=tokens.email_digest(account.email),
            counted=failures,
        )
        return await _challenge(uow.conn, idp, account, client_kind=client_kind)
    await clear_attempts(uow.conn, practice, email=account.email)
    return await start_session(
        uow.conn, idp, account=account, practice=practice, client_kind=client_kind, origin=origin
    )


async def _challenge(
    conn: Connection, idp: Identity, account: Account, *, client_kind: ClientKind
) -> SecondFactorNeeded:
    challenge = tokens.new_token()
    await tokens_repo.supersede_tokens(conn, account_id=account.id, purposes=("login",))
    await tokens_repo.insert_token(
        conn,
        digest=tokens.digest(challenge),
        purpose="login",
        practice_id=account.practice_id,
        account_id=account.id,
        expires_at=idp.now() + _minutes(idp.settings.login_challenge_minutes),
        data={"client": client_kind},
    )
    if account.totp_enabled:
        return SecondFactorNeeded(challenge=challenge, enrol=False)
    secret = totp.new_secret()
    sealed = idp.keyring.encrypt_text(secret, aad=account.id.bytes)
    await accounts_repo.set_pending_totp(conn, account_id=account.id, secret=sealed)
    uri = totp.provisioning_uri(secret, account=account.email, issuer=idp.totp_issuer())
    return SecondFactorNeeded(challenge=challenge, enrol=True, otpauth_uri=uri, secret=secret)


def _minutes(value: float) -> timedelta:
    return timedelta(minutes=value)


async def complete_second_factor(
    idp: Identity, *, challenge: str, code: str, origin: Origin
) -> SignedIn:
    """The TOTP step: a valid, fresh code turns the challenge into a session (and, the
    first time, confirms the enrolment)."""
    digest = tokens.digest(challenge)
    async with idp.uow() as uow:
        found = await token_and_account(uow.conn, digest=digest, purposes=("login",))
        now = idp.now()
        if found is None or not found[0].usable(now=now):
            raise Unauthenticated(STEP_EXPIRED)
        token, account = found
        practice = await practices_repo.find_practice(uow.conn, token.practice_id)
        if practice is None or not account.can_sign_in:
            raise Unauthenticated(STEP_EXPIRED)
        # Codes count with the account's wrong passwords (a new challenge starts no new count).
        await count_attempt(uow.conn, idp, practice, email=account.email)
        enrolling = not account.totp_enabled
        sealed = account.totp_pending_secret if enrolling else account.totp_secret
        if sealed is None:
            raise Unauthenticated(STEP_EXPIRED)
        secret = idp.keyring.decrypt_text(sealed, aad=account.id.bytes)
        step = totp.accepted_step(secret, code, now=now, last_step=account.totp_last_step)
        if step is None:
            void = token.attempts + 1 >= idp.settings.totp_max_attempts
            await tokens_repo.record_attempt(uow.conn, digest=digest, void=void)
            await audit(
                uow.conn, origin, action="login.totp", actor=actor_of(account), outcome="failure"
            )
            await uow.commit()
            raise Unauthenticated(STEP_EXPIRED if void else WRONG_CODE)
        if enrolling:
            await accounts_repo.enable_totp(uow.conn, account_id=account.id, step=step)
            await audit(uow.conn, origin, action="totp.enrolled", actor=actor_of(account))
            await notify(uow.conn, idp, practice, to=account.email, kind="totp_enabled")
            account = replace(account, totp_secret=sealed, totp_enabled_at=now)
        else:
            await accounts_repo.record_totp_step(uow.conn, account_id=account.id, step=step)
        await tokens_repo.mark_used(uow.conn, digest=digest)
        await clear_attempts(uow.conn, practice, email=account.email)
        await audit(uow.conn, origin, action="login.totp", actor=actor_of(account))
        client_kind = token.data.get("client", "browser")
        signed_in = await start_session(
            uow.conn,
            idp,
            account=account,
            practice=practice,
            client_kind=client_kind,
            origin=origin,
        )
        await uow.commit()
    return signed_in


async def reauthenticate(
    idp: Identity, *, caller: Caller, current_password: str, origin: Origin, action: str
) -> tuple[Account, Practice]:
    """The signed-in caller proves it is still them before a sensitive change (password,
    authenticator). Throttled like login: a stolen session must not become a password
    oracle. A wrong password is 422 on ``current_password``."""
    async with idp.uow() as uow:
        await live_session(uow.conn, idp, caller)
        account = await accounts_repo.find_account(
            uow.conn, practice_id=caller.practice_id, account_id=caller.subject
        )
        practice = await practices_repo.find_practice(uow.conn, caller.practice_id)
        assert account is not None and practice is not None
        failures = await count_attempt(uow.conn, idp, practice, email=account.email)
        await uow.commit()
    if not await idp.hasher.verify(account.password_hash, normalize_password(current_password)):
        await record_failure(
            idp, practice, account=account, failures=failures, origin=origin, action=action
        )
        raise InvalidInput("The current password is incorrect.", field="current_password")
    async with idp.uow() as uow:
        await clear_attempts(uow.conn, practice, email=account.email)
        await uow.commit()
    return account, practice
