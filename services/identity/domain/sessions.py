"""Server-side sessions: idle and absolute limits, refresh-token rotation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal
from uuid import UUID

from services.identity.domain.model import ClientKind

Ended = Literal["revoked", "expired", "idle"]


@dataclass(frozen=True)
class SessionPolicy:
    access_seconds: int = 300
    idle_seconds: int = 900
    max_seconds: int = 43_200

    def expires_at(self, *, now: datetime) -> datetime:
        return now + timedelta(seconds=self.max_seconds)


@dataclass(frozen=True)
class Session:
    id: UUID
    practice_id: UUID
    account_id: UUID
    client_kind: ClientKind
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None


def ended_because(session: Session, *, now: datetime, policy: SessionPolicy) -> Ended | None:
    """Why ``session`` can no longer be used, or None while it is live."""
    if session.revoked_at is not None:
        return "revoked"
    if now >= session.expires_at:
        return "expired"
    if now - session.last_seen_at >= timedelta(seconds=policy.idle_seconds):
        return "idle"
    return None


def worth_touching(session: Session, *, now: datetime) -> bool:
    """Record activity at most every few seconds: one write per request is waste."""
    return now - session.last_seen_at >= timedelta(seconds=5)
