"""Identity's credential emails, from the templates in ``templates/email/`` (see
shared/email_templates): plain text and HTML, branded with the practice.

No health information: not the reason for care, not the clinician's specialty, not
even the client's name. A PIN appears only in the body, never in the subject (subjects
show on lock screens and in notification previews).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from services.identity.domain.model import Practice
from shared.email import OutgoingEmail
from shared.email_templates import EmailTemplates, PracticeBrand

TEMPLATES = EmailTemplates(Path(__file__).parent / "templates" / "email")


def brand(practice: Practice) -> PracticeBrand:
    return PracticeBrand(
        id=practice.id,
        name=practice.name,
        time_zone=practice.time_zone,
        phone=practice.phone,
        email=practice.email,
        address=practice.address,
    )


def invitation_email(
    practice: Practice, *, to: str, link: str, pin: str, expires_at: datetime
) -> OutgoingEmail:
    context = {"link": link, "pin": pin, "expires_at": expires_at}
    return TEMPLATES.render("invitation", context, practice=brand(practice)).email(to=to)


def recovery_email(practice: Practice, *, to: str, link: str, minutes: int) -> OutgoingEmail:
    context = {"link": link, "minutes": minutes}
    return TEMPLATES.render("recovery", context, practice=brand(practice)).email(to=to)


def staff_setup_email(practice: Practice, *, to: str, link: str, days: int) -> OutgoingEmail:
    context = {"link": link, "days": days}
    return TEMPLATES.render("staff_setup", context, practice=brand(practice)).email(to=to)


# What a security notice may be about (templates/email/security_notice.*).
NoticeKind = Literal[
    "password_changed",
    "password_reset",
    "email_changed_old",
    "email_changed_new",
    "totp_enabled",
    "totp_disabled",
    "account_locked",
]


def security_notice(
    practice: Practice, *, to: str, kind: NoticeKind, at: datetime, **context: Any
) -> OutgoingEmail:
    """A short notice that something changed about the account's sign-in (ASVS 2.2.3):
    what and when, and whom to contact if it wasn't them. Never a secret, never a link
    that signs in (``masked`` for the new address in ``email_changed_old``, ``until`` for
    ``account_locked``)."""
    values = {"kind": kind, "at": at, **context}
    return TEMPLATES.render("security_notice", values, practice=brand(practice)).email(to=to)
