"""The credential emails: branded, text and HTML, PIN never in the subject, no health data."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.identity import emails
from services.identity.domain.model import Practice

PRACTICE = Practice(
    id=uuid.uuid4(),
    slug="calm",
    name="Calm & <Clear> Counseling",
    time_zone="America/Chicago",
    phone="+1 555 010 0111",
)


def test_the_invitation_has_link_and_pin_in_both_parts_and_escapes_the_html() -> None:
    email = emails.invitation_email(
        PRACTICE,
        to="a@example.com",
        link="https://portal.test/p/calm/welcome?invitation=T&x=1",
        pin="0427",
        expires_at=datetime(2026, 3, 1, 18, 0, tzinfo=UTC),
    )
    assert "0427" not in email.subject and PRACTICE.name in email.subject
    assert email.from_name == PRACTICE.name and email.html
    for body in (email.text, email.html):
        assert "0427" in body
    assert "https://portal.test/p/calm/welcome?invitation=T&x=1" in email.text
    assert "invitation=T&amp;x=1" in email.html and "&lt;Clear&gt;" in email.html
    assert "<Clear>" not in email.html
    assert "March 1, 2026 at 12:00 PM (America/Chicago)" in email.text
    assert "Email Address" in email.text and "Password" in email.text and "Update" in email.text


def test_the_recovery_email_states_its_validity_and_has_no_secret_in_the_subject() -> None:
    email = emails.recovery_email(
        PRACTICE,
        to="a@example.com",
        link="https://portal.test/p/calm/reset-password?token=SECRET",
        minutes=60,
    )
    assert "SECRET" not in email.subject and "60 minutes" in email.text
    assert "SECRET" in email.text and "SECRET" in (email.html or "")
