"""Sessions: start one, refresh it (rotating the refresh token), end it, check it.

A session lives server-side. A refresh token works once: presenting a used one again
means it was copied, so the whole session is revoked. A session ends after
``idle_seconds`` without activity and ``max_seconds`` after sign-in whatever happens.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.identity.domain import secrets as tokens
from services.identity.domain.model import Account, ClientKind, Practice
from services.identity.domain.sessions import Session, ended_because, worth_touching
from services.identity.repo import accounts as accounts_repo
from services.identity.repo import practices as practices_repo
from services.identity.repo import sessions as sessions_repo
from services.identity.service.runtime import Actor, Identity, Origin, audit
from shared.auth import Caller
from shared.db import Connection, UnitOfWork
from shared.errors import Unauthenticated
from shared.events.catalog import SessionsRevoked

SESSION_ENDED = "Your session has ended: log in again."


@dataclass(frozen=True)
class SignedIn:
    account: Account
    practice: Practice
    session: Session
    access_token: str
    refresh_token: str
    csrf_token: str
    access_expires_in: int


def actor_of(account: Account) -> Actor:
    return Actor(practice_id=account.practice_id, account_id=account.id, role=account.role)


def caller_actor(caller: Caller) -> Actor:
    return Actor(practice_id=caller.practice_id, account_id=caller.subject, role=caller.role)


async def start_session(
    conn: Connection,
    idp: Identity,
    *,
    account: Account,
    practice: Practice,
    client_kind: ClientKind,
    origin: Origin,
) -> SignedIn:
    """A new session for ``account`` inside the caller's transaction."""
    now = idp.now()
    session = Session(
        id=uuid.uuid4(),
        practice_id=account.practice_id,
        account_id=account.id,
        client_kind=client_kind,
        created_at=now,
        last_seen_at=now,
        expires_at=idp.sessions.expires_at(now=now),
    )
    await sessions_repo.insert_session(conn, session, ip=origin.ip, user_agent=origin.user_agent)
    await audit(
        conn,
        origin,
        action="session.started",
        actor=actor_of(account),
        resource=f"session:{session.id}",
        detail={"client": client_kind},
    )
    return await _issue(conn, idp, account=account, practice=practice, session=session)


async def _issue(
    conn: Connection,
    idp: Identity,
    *,
    account: Account,
    practice: Practice,
    session: Session,
    csrf_token: str | None = None,
) -> SignedIn:
    refresh = tokens.new_token()
    await sessions_repo.insert_refresh(conn, digest=tokens.digest(refresh), session_id=session.id)
    access = idp.keys.sign(
        subject=account.id, practice_id=account.practice_id, role=account.role, sid=session.id
    )
    return SignedIn(
        account=account,
        practice=practice,
        session=session,
        access_token=access,
        refresh_token=refresh,
        csrf_token=csrf_token or secrets.token_urlsafe(32),
        access_expires_in=idp.settings.access_token_seconds,
    )


async def _sibling_refreshed_first(
    conn: Connection, idp: Identity, found: sessions_repo.RefreshToken
) -> bool:
    """Two tabs of one browser share the refresh cookie and may refresh together: the
    second presents the token the first just rotated. That is not theft, so it does not
    revoke the session - but only for the latest rotation and within a few seconds, so a
    replay of any older token, or a late one, still does."""
    assert found.used_at is not None
    if idp.now() - found.used_at > timedelta(seconds=idp.settings.refresh_race_seconds):
        return False
    return await sessions_repo.last_refresh_use(conn, session_id=found.session.id) == found.used_at


async def refresh_session(
    idp: Identity, *, refresh_token: str, csrf_token: str | None, origin: Origin
) -> SignedIn:
    """New access and refresh tokens for a live session; the old refresh token dies."""
    digest = tokens.digest(refresh_token)
    async with idp.uow() as uow:
        found = await sessions_repo.find_refresh(uow.conn, digest=digest)
        if found is None:
            raise Unauthenticated(SESSION_ENDED)
        session = found.session
        actor = Actor(practice_id=session.practice_id, account_id=session.account_id)
        if found.used_at is not None:
            if await _sibling_refreshed_first(uow.conn, idp, found):
                raise Unauthenticated(SESSION_ENDED)  # the other tab holds the new tokens
            await end_sessions(
                uow,
                practice_id=session.practice_id,
                account_id=session.account_id,
                session_id=session.id,
                reason="refresh_reuse",
            )
            await audit(
                uow.conn,
                origin,
                action="session.refresh_reused",
                actor=actor,
                outcome="denied",
                resource=f"session:{session.id}",
            )
            await uow.commit()
            raise Unauthenticated(SESSION_ENDED)
        now = idp.now()
        account, practice = await _live_account(uow.conn, session, now=now, idp=idp)
        await sessions_repo.mark_refresh_used(uow.conn, digest=digest)
        await sessions_repo.touch(uow.conn, session_id=session.id, at=now)
        signed_in = await _issue(
            uow.conn,
            idp,
            account=account,
            practice=practice,
            session=session,
            csrf_token=csrf_token,
        )
        await uow.commit()
    return signed_in


async def _live_account(
    conn: Connection, session: Session, *, now: datetime, idp: Identity
) -> tuple[Account, Practice]:
    if ended_because(session, now=now, policy=idp.sessions) is not None:
        raise Unauthenticated(SESSION_ENDED)
    account = await accounts_repo.find_account(
        conn, practice_id=session.practice_id, account_id=session.account_id
    )
    practice = await practices_repo.find_practice(conn, session.practice_id)
    if account is None or practice is None or not account.can_sign_in:
        raise Unauthenticated(SESSION_ENDED)
    return account, practice


async def end_sessions(
    uow: UnitOfWork,
    *,
    practice_id: uuid.UUID,
    account_id: uuid.UUID,
    reason: str,
    session_id: uuid.UUID | None = None,
    keep: uuid.UUID | None = None,
) -> int:
    """End one session (``session_id``) or every session of the account but ``keep``, and
    announce them (session.revoked), so the gateway refuses their access tokens at once
    rather than when they expire. Returns how many ended."""
    if session_id is not None:
        ended = await sessions_repo.revoke(uow.conn, session_id=session_id, reason=reason)
    else:
        ended = await sessions_repo.revoke_all(
            uow.conn, account_id=account_id, reason=reason, keep=keep
        )
    if ended:
        revoked = SessionsRevoked(
            practice_id=practice_id, account_id=account_id, session_ids=ended, reason=reason
        )
        await uow.add_event(revoked, subject=str(account_id))
    return len(ended)


async def live_session(conn: Connection, idp: Identity, caller: Caller) -> Session:
    """The caller's session if it is still live (and mark the activity); else 401.

    Identity's own endpoints call this, so a revoked or idle session stops working here
    at once, not only when its access token expires."""
    session = await sessions_repo.find_session(conn, session_id=session_id_of(caller))
    await require_live(conn, idp, caller, session)
    assert session is not None
    return session


def session_id_of(caller: Caller) -> uuid.UUID:
    try:
        return uuid.UUID(caller.session_id)
    except ValueError as exc:
        raise Unauthenticated(SESSION_ENDED) from exc


async def require_live(
    conn: Connection, idp: Identity, caller: Caller, session: Session | None
) -> None:
    """401 unless ``session`` (as read for ``caller``) is live; marks the activity."""
    now = idp.now()
    if (
        session is None
        or session.account_id != caller.subject
        or session.practice_id != caller.practice_id
        or ended_because(session, now=now, policy=idp.sessions) is not None
    ):
        raise Unauthenticated(SESSION_ENDED)
    if worth_touching(session, now=now):
        await sessions_repo.touch(conn, session_id=session.id, at=now)


async def end_session(
    idp: Identity, *, caller: Caller | None, refresh_token: str | None, origin: Origin
) -> None:
    """Log out: the session named by the access token or by the refresh token."""
    async with idp.uow() as uow:
        session_id = await _session_to_end(uow.conn, caller=caller, refresh_token=refresh_token)
        if session_id is None:
            return
        session = await sessions_repo.find_session(uow.conn, session_id=session_id, lock=True)
        if session is None or session.revoked_at is not None:
            return
        await end_sessions(
            uow,
            practice_id=session.practice_id,
            account_id=session.account_id,
            session_id=session.id,
            reason="logout",
        )
        actor = Actor(
            practice_id=session.practice_id,
            account_id=session.account_id,
            role=caller.role if caller else None,
        )
        await audit(
            uow.conn, origin, action="session.ended", actor=actor, resource=f"session:{session.id}"
        )
        await uow.commit()


async def _session_to_end(
    conn: Connection, *, caller: Caller | None, refresh_token: str | None
) -> uuid.UUID | None:
    if caller is not None:
        return uuid.UUID(caller.session_id)
    if refresh_token:
        found = await sessions_repo.find_refresh(conn, digest=tokens.digest(refresh_token))
        return found.session.id if found else None
    return None


async def revoke_other_sessions(idp: Identity, *, caller: Caller, origin: Origin) -> int:
    """Log out every other device of the caller; returns how many sessions ended."""
    async with idp.uow() as uow:
        # The account before its sessions, as everywhere (repo/accounts.py).
        await accounts_repo.find_account(
            uow.conn, practice_id=caller.practice_id, account_id=caller.subject, lock=True
        )
        session = await live_session(uow.conn, idp, caller)
        ended = await end_sessions(
            uow,
            practice_id=caller.practice_id,
            account_id=caller.subject,
            reason="revoked_by_user",
            keep=session.id,
        )
        await audit(
            uow.conn,
            origin,
            action="session.revoked_others",
            actor=caller_actor(caller),
            detail={"sessions": ended},
        )
        await uow.commit()
    return ended
