"""Session limits: idle after 15 minutes, absolute after 12 hours, revoked is final."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from services.identity.domain.sessions import Session, SessionPolicy, ended_because

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
POLICY = SessionPolicy()


def make_session(**overrides: object) -> Session:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "practice_id": uuid.uuid4(),
        "account_id": uuid.uuid4(),
        "client_kind": "browser",
        "created_at": NOW,
        "last_seen_at": NOW,
        "expires_at": POLICY.expires_at(now=NOW),
    }
    values.update(overrides)
    return Session(**values)  # type: ignore[arg-type]


def test_a_session_is_live_while_used() -> None:
    assert ended_because(make_session(), now=NOW + timedelta(minutes=14), policy=POLICY) is None


def test_fifteen_idle_minutes_end_a_session() -> None:
    assert ended_because(make_session(), now=NOW + timedelta(minutes=15), policy=POLICY) == "idle"


def test_twelve_hours_end_a_session_however_active() -> None:
    late = NOW + timedelta(hours=12)
    session = make_session(last_seen_at=late - timedelta(seconds=1))
    assert ended_because(session, now=late, policy=POLICY) == "expired"


def test_a_revoked_session_stays_ended() -> None:
    assert ended_because(make_session(revoked_at=NOW), now=NOW, policy=POLICY) == "revoked"
