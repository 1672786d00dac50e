"""What every use case works with: settings, pool, hasher, keys; and who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import asyncpg
from asyncpg.pool import PoolAcquireContext

from services.identity.domain.sessions import SessionPolicy
from services.identity.domain.throttle import ThrottlePolicy
from services.identity.repo import audit as audit_repo
from services.identity.service.signing import KeyStore
from services.identity.settings import IdentitySettings
from shared.crypto import Keyring
from shared.db import Connection, UnitOfWork
from shared.passwords import PasswordHasher

PIN_KEY_PURPOSE = "identity.invitation-pin"


@dataclass(frozen=True)
class Origin:
    """Where a request came from, for the audit log."""

    ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None


@dataclass(frozen=True)
class Actor:
    """Who acts: the signed-in account (or nobody yet, for sign-in itself)."""

    practice_id: UUID | None = None
    account_id: UUID | None = None
    role: str | None = None


@dataclass
class Identity:
    settings: IdentitySettings
    pool: asyncpg.Pool
    hasher: PasswordHasher
    keyring: Keyring
    keys: KeyStore

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.pool, source="identity")

    def reader(self) -> PoolAcquireContext:
        """A connection for a single read: no transaction, so no BEGIN/ROLLBACK trips."""
        return self.pool.acquire()

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)

    @property
    def sessions(self) -> SessionPolicy:
        s = self.settings
        return SessionPolicy(
            access_seconds=s.access_token_seconds,
            idle_seconds=s.idle_timeout_seconds,
            max_seconds=s.session_max_seconds,
        )

    @property
    def throttle(self) -> ThrottlePolicy:
        s = self.settings
        return ThrottlePolicy(
            delay_after=s.login_delay_after,
            delay_base_seconds=s.login_delay_base_seconds,
            lock_after=s.login_lock_after,
            lock_seconds=s.login_lock_seconds,
        )

    def pin_key(self, kid: str | None = None) -> tuple[str, bytes]:
        return self.keyring.derive(PIN_KEY_PURPOSE, kid=kid)

    def totp_issuer(self) -> str:
        """The name authenticator apps show next to the code."""
        host = self.settings.public_url.split("://")[-1].split("/")[0]
        return f"Client Portal {host}"

    def link(self, slug: str, page: str, **query: str) -> str:
        base = self.settings.public_url.rstrip("/")
        return f"{base}/p/{slug}/{page}?{urlencode(query)}"


async def audit(
    conn: Connection,
    origin: Origin,
    *,
    action: str,
    actor: Actor,
    outcome: str = "success",
    resource: str | None = None,
    client_id: UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one audit row. ``detail`` must never hold a secret."""
    await audit_repo.append(
        conn,
        audit_repo.AuditEntry(
            action=action,
            outcome=outcome,
            practice_id=actor.practice_id,
            actor_id=actor.account_id,
            actor_role=actor.role,
            resource=resource,
            client_id=client_id,
            ip=origin.ip,
            user_agent=origin.user_agent,
            request_id=origin.request_id,
            detail=detail or {},
        ),
    )
