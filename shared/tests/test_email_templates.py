"""Practice-branded emails from templates: text and phone-width HTML, escaped, in the
practice's time zone, with its footer."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import jinja2
import pytest

from shared.email_templates import EmailTemplates, PracticeBrand, render_email

FOLDER = Path(__file__).parent / "email_templates"
PRACTICE = PracticeBrand(
    id=uuid.uuid4(),
    name="Calm & <Clear> Counseling",
    time_zone="Europe/Paris",
    phone="+33 1 23 45 67 89",
    email="office@calm.example",
    address="1 rue de la Paix, Paris",
)
CONTEXT = {
    "starts_at": datetime(2026, 7, 1, 7, 30, tzinfo=UTC),
    "note": "<script>alert(1)</script>",
    "link": "https://portal.test/p/calm/appointments?a=1&b=2",
}


def test_subject_text_and_html_come_from_the_service_templates() -> None:
    subject, text, html = render_email(FOLDER, "reminder", CONTEXT, practice=PRACTICE)
    assert subject == "Your session with Calm & <Clear> Counseling"
    assert "Your session is on July 1, 2026 at 09:30 AM (Europe/Paris)." in text
    assert "July 1, 2026 at 09:30 AM (Europe/Paris)" in html


def test_html_is_escaped_and_text_is_left_as_written() -> None:
    _, text, html = render_email(FOLDER, "reminder", CONTEXT, practice=PRACTICE)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Calm &amp; &lt;Clear&gt; Counseling" in html
    assert "a=1&amp;b=2" in html
    assert "Note: <script>alert(1)</script>" in text, "plain text is not HTML"


def test_every_email_has_the_practice_footer_and_fits_a_phone() -> None:
    _, text, html = render_email(FOLDER, "reminder", CONTEXT, practice=PRACTICE)
    for part in (text, html):
        assert "1 rue de la Paix, Paris" in part and "+33 1 23 45 67 89" in part
        assert "office@calm.example" in part
    assert 'name="viewport"' in html and "max-width:560px" in html


def test_the_email_comes_from_the_practice_and_carries_where_replies_go() -> None:
    rendered = EmailTemplates(FOLDER).render("reminder", CONTEXT, practice=PRACTICE)
    email = rendered.email(to="client@example.com")
    assert (email.from_name, email.practice_id) == (PRACTICE.name, PRACTICE.id)
    assert rendered.reply_to == "office@calm.example"


def test_a_value_the_template_needs_but_was_not_given_fails_the_render() -> None:
    with pytest.raises(jinja2.UndefinedError):
        render_email(FOLDER, "reminder", {"link": "x", "note": "n"}, practice=PRACTICE)
