"""What every use case works with: settings, pool, hasher, keys; and who is asking."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from services.identity.domain.sessions import SessionPolicy
from services.identity.domain.throttle import ThrottlePolicy
from services.identity.repo import audit as audit_repo
from services.identity.service.signing import KeyStore
from services.identity.settings import IdentitySettings
from shared.audit import Actor, Outcome
from shared.db import Connection
from shared.origin import Origin
from shared.passwords import PasswordHasher
from shared.runtime import Runtime

__all__ = ["PIN_KEY_PURPOSE", "Actor", "Identity", "Origin", "audit"]
PIN_KEY_PURPOSE = "identity.invitation-pin"


@dataclass(kw_only=True)
class Identity(Runtime[IdentitySettings]):
    """The shared runtime (settings, pool, keyring, HTTP client, clock, units of work)
    plus what only identity has: the password hasher and the signing keys."""

    hasher: PasswordHasher
    keys: KeyStore

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
    outcome: Outcome = "success",
    resource: str | None = None,
    client_id: UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one row to the practice's log in the caller's transaction. Identity keeps
    the log, so its own records go straight in; other services send theirs through
    ``shared.audit.audit`` and identity's consumer appends them. ``detail`` must never
    hold a secret."""
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
