"""Practice-branded emails from Jinja2 templates: plain text and phone-width HTML.

Each service keeps its templates in a folder of its own (identity:
``services/identity/templates/email/``), three files per kind of email::

    invitation.subject.txt   one line
    invitation.txt           the plain-text part: {% extends "base.txt" %}
    invitation.html          the HTML part:       {% extends "base.html" %}

``base.txt`` and ``base.html`` (in this folder) give every email the practice's name as
its header, a footer with its address, phone and how to reply, and a layout that fits a
phone (one 560-pixel column, inline styles: mail clients drop style sheets). HTML is
autoescaped; the text part is not HTML and is not escaped. In every template ``when(t)``
shows a time in the practice's zone, with the zone named::

    rendered = templates.render("invitation", {"pin": pin, ...}, practice=brand)
    await queue_email(conn, rendered.email(to=address), keyring=runtime.keyring)

No health information in any email, and never a secret in a subject (subjects show on
lock screens).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import jinja2

from shared.email import Attachment, OutgoingEmail

SHARED_TEMPLATES = Path(__file__).parent


@dataclass(frozen=True)
class PracticeBrand:
    """What an email shows of the practice it comes from (any service's read model of
    ``practice.*`` events has these)."""

    name: str
    time_zone: str
    id: UUID | None = None
    phone: str | None = None
    email: str | None = None  # where replies go
    address: str | None = None


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str
    practice: PracticeBrand

    @property
    def reply_to(self) -> str | None:
        return self.practice.email

    def email(self, *, to: str, attachments: tuple[Attachment, ...] = ()) -> OutgoingEmail:
        """Every email comes from the practice by name, not from "the portal", and
        replies go to the practice's own address (when it has one)."""
        return OutgoingEmail(
            to=to,
            subject=self.subject,
            text=self.text,
            html=self.html,
            practice_id=self.practice.id,
            from_name=self.practice.name,
            reply_to=self.reply_to,
            attachments=attachments,
        )


def local_time(moment: datetime, zone: str) -> str:
    """``March 1, 2026 at 12:00 PM (America/Chicago)``."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%B} {local.day}, {local:%Y} at {local:%I:%M %p} ({zone})"


@functools.cache
def _environment(folder: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(folder), jinja2.FileSystemLoader(SHARED_TEMPLATES)]
        ),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        undefined=jinja2.StrictUndefined,  # a missing value fails the render, not the reader
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


class EmailTemplates:
    """A service's email templates (one folder), rendered per practice."""

    def __init__(self, folder: Path) -> None:
        self._env = _environment(folder.resolve())

    def render(
        self, name: str, context: Mapping[str, Any], *, practice: PracticeBrand
    ) -> RenderedEmail:
        values = {
            **context,
            "practice": practice,
            "when": lambda moment: local_time(moment, practice.time_zone),
        }
        subject = self._env.get_template(f"{name}.subject.txt").render(values)
        return RenderedEmail(
            subject=" ".join(subject.split()),  # one line, whatever the template did
            text=self._env.get_template(f"{name}.txt").render(values),
            html=self._env.get_template(f"{name}.html").render(values),
            practice=practice,
        )


def render_email(
    folder: Path, name: str, context: Mapping[str, Any], *, practice: PracticeBrand
) -> tuple[str, str, str]:
    """(subject, text, html) of template ``name`` in ``folder``."""
    rendered = EmailTemplates(folder).render(name, context, practice=practice)
    return rendered.subject, rendered.text, rendered.html
