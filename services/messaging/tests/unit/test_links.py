"""The "Read Secure Message" link: random, stored as a digest, 15 minutes from sending."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.messaging.domain.links import LinkExpired, MessageLink, digest, new_token

SENT = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def link(minutes: float = 15) -> MessageLink:
    return MessageLink.for_message(
        practice_id=uuid.uuid4(),
        thread_id=uuid.uuid4(),
        client_id=uuid.uuid4(),
        message_id=uuid.uuid4(),
        sent_at=SENT,
        minutes=minutes,
    )


def test_a_token_is_random_and_only_its_digest_is_kept() -> None:
    token, stored = new_token()
    other, _ = new_token()
    assert token != other and len(token) >= 43
    assert stored == hashlib.sha256(token.encode()).digest() == digest(token)
    assert token.encode() not in stored


def test_a_link_works_until_fifteen_minutes_after_the_message_was_sent() -> None:
    valid = link()
    assert valid.expires_at == SENT + timedelta(minutes=15)
    valid.check_usable(SENT)
    valid.check_usable(SENT + timedelta(minutes=14, seconds=59))
    with pytest.raises(LinkExpired) as expired:
        valid.check_usable(SENT + timedelta(minutes=15))
    assert "Log in" in expired.value.detail


def test_the_window_is_a_setting() -> None:
    with pytest.raises(LinkExpired):
        link(minutes=1).check_usable(SENT + timedelta(minutes=2))
