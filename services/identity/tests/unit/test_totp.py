"""TOTP codes: the current step and one either side, each step once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp

from services.identity.domain import totp

NOW = datetime(2026, 1, 5, 12, 0, 10, tzinfo=UTC)


def test_the_current_code_is_accepted_and_then_not_again() -> None:
    secret = totp.new_secret()
    code = pyotp.TOTP(secret).at(NOW)
    step = totp.accepted_step(secret, code, now=NOW, last_step=None)
    assert step == pyotp.TOTP(secret).timecode(NOW)
    assert totp.accepted_step(secret, code, now=NOW, last_step=step) is None


def test_a_code_from_the_previous_step_is_accepted_but_not_older() -> None:
    secret = totp.new_secret()
    previous = pyotp.TOTP(secret).at(NOW - timedelta(seconds=30))
    older = pyotp.TOTP(secret).at(NOW - timedelta(seconds=90))
    assert totp.accepted_step(secret, previous, now=NOW, last_step=None) is not None
    assert totp.accepted_step(secret, older, now=NOW, last_step=None) is None


def test_malformed_codes_are_refused() -> None:
    secret = totp.new_secret()
    for code in ("", "12345", "1234567", "abcdef", "12 34 56"):
        assert totp.accepted_step(secret, code, now=NOW, last_step=None) is None


def test_the_provisioning_uri_names_the_issuer_and_account() -> None:
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    uri = totp.provisioning_uri(secret, account="a@example.com", issuer="Portal")
    assert uri.startswith(f"otpauth://totp/Portal:a%40example.com?secret={secret}")
