"""The invitation rules: which PIN attempts count, when an invitation stops working."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.identity.domain import secrets
from services.identity.domain.invitations import (
    Invitation,
    require_usable,
    unusable_because,
    voids_after_wrong_try,
)
from shared.errors import Gone

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


def make_invitation(**overrides: object) -> Invitation:
    values: dict[str, object] = {
        "id": uuid.uuid4(),
        "practice_id": uuid.uuid4(),
        "account_id": uuid.uuid4(),
        "pin_mac": b"x" * 32,
        "pin_key_id": "k1",
        "expires_at": NOW + timedelta(days=7),
    }
    values.update(overrides)
    return Invitation(**values)  # type: ignore[arg-type]


def test_a_fresh_invitation_is_usable_until_it_expires() -> None:
    invitation = make_invitation()
    assert unusable_because(invitation, now=NOW) is None
    assert unusable_because(invitation, now=NOW + timedelta(days=7)) == "expired"


@pytest.mark.parametrize(
    ("field", "reason"),
    [("superseded_at", "superseded"), ("accepted_at", "used"), ("voided_at", "voided")],
)
def test_a_superseded_used_or_voided_invitation_says_why(field: str, reason: str) -> None:
    invitation = make_invitation(**{field: NOW})
    with pytest.raises(Gone) as raised:
        require_usable(invitation, now=NOW, password_created=True)
    assert raised.value.extra["reason"] == reason


def test_an_accepted_invitation_stays_usable_until_a_password_exists() -> None:
    accepted = make_invitation(accepted_at=NOW)
    assert unusable_because(accepted, now=NOW, password_created=False) is None
    assert unusable_because(accepted, now=NOW, password_created=True) == "used"
    assert unusable_because(make_invitation(), now=NOW, password_created=True) is None


def test_a_re_sent_invitation_tells_to_use_the_latest_email_even_when_expired() -> None:
    invitation = make_invitation(superseded_at=NOW, expires_at=NOW - timedelta(days=1))
    assert unusable_because(invitation, now=NOW) == "superseded"


def test_the_fifth_wrong_try_voids_the_invitation() -> None:
    tries = [voids_after_wrong_try(make_invitation(attempts=n), max_attempts=5) for n in range(5)]
    assert tries == [False, False, False, False, True]


def test_pins_have_four_digits_and_are_spread_over_all_values() -> None:
    pins = {secrets.new_pin() for _ in range(2000)}
    assert all(len(p) == 4 and p.isdigit() for p in pins)
    assert len(pins) > 1500


def test_a_pin_mac_needs_the_key_and_is_bound_to_its_invitation() -> None:
    key, other_key = b"k" * 32, b"o" * 32
    first, second = uuid.uuid4(), uuid.uuid4()
    stored = secrets.pin_mac(key, invitation_id=first, pin="0427")
    assert secrets.pin_matches(key, invitation_id=first, pin="0427", stored=stored)
    assert not secrets.pin_matches(key, invitation_id=first, pin="0428", stored=stored)
    assert not secrets.pin_matches(other_key, invitation_id=first, pin="0427", stored=stored)
    assert not secrets.pin_matches(key, invitation_id=second, pin="0427", stored=stored)
    assert b"0427" not in stored


def test_link_tokens_are_long_random_and_stored_as_digests() -> None:
    token = secrets.new_token()
    assert len(token) >= 43 and token != secrets.new_token()
    assert secrets.digest(token) != token.encode() and len(secrets.digest(token)) == 32
