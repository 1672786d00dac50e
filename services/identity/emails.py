"""Identity's credential emails: plain text and HTML, branded with the practice.

No health information: not the reason for care, not the clinician's specialty, not
even the client's name. A PIN appears only in the body, never in the subject (subjects
show on lock screens and in notification previews).
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from services.identity.domain.model import Practice
from shared.email import OutgoingEmail


def _when(moment: datetime, practice: Practice) -> str:
    local = moment.astimezone(ZoneInfo(practice.time_zone))
    return f"{local:%B} {local.day}, {local:%Y} at {local:%I:%M %p} ({practice.time_zone})"


def _contact(practice: Practice) -> str:
    return f" or call {practice.phone}" if practice.phone else ""


def _html(practice: Practice, *, paragraphs: list[str], button: tuple[str, str]) -> str:
    """A small, inline-styled page (email clients ignore style sheets)."""
    label, url = button
    body = "".join(f'<p style="margin:0 0 16px">{p}</p>' for p in paragraphs)
    return (
        '<!doctype html><html><body style="margin:0;background:#f4f5f7;'
        'font-family:Helvetica,Arial,sans-serif;color:#1f2933">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0">'
        '<tr><td align="center" style="padding:24px">'
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" '
        'style="max-width:560px;background:#ffffff;border-radius:8px">'
        f'<tr><td style="background:#2f5d8a;color:#ffffff;padding:20px 24px;font-size:20px;'
        f'border-radius:8px 8px 0 0">{escape(practice.name)}</td></tr>'
        f'<tr><td style="padding:24px;font-size:16px;line-height:1.5">{body}'
        f'<p style="margin:24px 0"><a href="{escape(url, quote=True)}" '
        'style="background:#2f5d8a;color:#ffffff;padding:12px 20px;border-radius:4px;'
        f'text-decoration:none;display:inline-block">{escape(label)}</a></p>'
        f'<p style="margin:0;font-size:13px;color:#52606d">If the button does not work, copy '
        f"this address into your browser:<br>{escape(url)}</p></td></tr>"
        "</table></td></tr></table></body></html>"
    )


def invitation_email(
    practice: Practice, *, to: str, link: str, pin: str, expires_at: datetime
) -> OutgoingEmail:
    name = practice.name
    text = (
        f"{name} has invited you to their secure Client Portal.\n\n"
        f"1. Open your Welcome Page: {link}\n"
        "2. Enter your email address in the Email Address field and this 4-digit PIN in the\n"
        f"   Password field. This is your temporary password:\n\n       {pin}\n\n"
        "3. You'll then be prompted to create a password. Enter it twice and click Update.\n\n"
        f"The PIN works once and until {_when(expires_at, practice)}. If {name} re-sends this\n"
        "invitation, use the PIN from the latest email: older ones stop working.\n\n"
        f"Questions? Reply to {name}{_contact(practice)}.\n"
    )
    html = _html(
        practice,
        paragraphs=[
            f"{escape(name)} has invited you to their secure Client Portal.",
            "On the Welcome Page, enter your email address in the <b>Email Address</b> field "
            "and this 4-digit PIN in the <b>Password</b> field. This is your temporary "
            "password:",
            f'<span style="font-size:28px;letter-spacing:6px;font-weight:bold">{escape(pin)}'
            "</span>",
            "You'll then be prompted to create a password: enter it twice and click <b>Update</b>.",
            f"The PIN works once and until {escape(_when(expires_at, practice))}. If the "
            "invitation is re-sent, use the PIN from the latest email.",
        ],
        button=("Open the Welcome Page", link),
    )
    return _from_practice(
        practice,
        to=to,
        subject=f"Your invitation to the {name} Client Portal",
        text=text,
        html=html,
    )


def recovery_email(practice: Practice, *, to: str, link: str, minutes: int) -> OutgoingEmail:
    name = practice.name
    text = (
        f"Someone asked to reset the password of your {name} Client Portal account.\n\n"
        f"Choose a new password here (the link works once, for {minutes} minutes):\n{link}\n\n"
        "If it wasn't you, ignore this email: your password stays as it is.\n"
        f"Questions? Contact {name}{_contact(practice)}.\n"
    )
    html = _html(
        practice,
        paragraphs=[
            f"Someone asked to reset the password of your {escape(name)} Client Portal account.",
            f"The link below works once, for {minutes} minutes.",
            "If it wasn't you, ignore this email: your password stays as it is.",
        ],
        button=("Choose a new password", link),
    )
    return _from_practice(
        practice, to=to, subject=f"Reset your {name} Client Portal password", text=text, html=html
    )


def staff_setup_email(practice: Practice, *, to: str, link: str, days: int) -> OutgoingEmail:
    name = practice.name
    text = (
        f"You have been added to {name} on the Client Portal.\n\n"
        f"Choose your password here (the link works once, for {days} days):\n{link}\n\n"
        "You will then set up a second step (an authenticator app) when you first log in.\n"
    )
    html = _html(
        practice,
        paragraphs=[
            f"You have been added to {escape(name)} on the Client Portal.",
            f"Choose your password (the link works once, for {days} days). You will then set "
            "up an authenticator app when you first log in.",
        ],
        button=("Choose your password", link),
    )
    return _from_practice(
        practice, to=to, subject=f"Set up your {name} account", text=text, html=html
    )


def _from_practice(
    practice: Practice, *, to: str, subject: str, text: str, html: str
) -> OutgoingEmail:
    """Every credential email comes from the practice by name, not from "the portal"."""
    return OutgoingEmail(
        to=to,
        subject=subject,
        text=text,
        html=html,
        practice_id=practice.id,
        from_name=practice.name,
    )
