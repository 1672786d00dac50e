"""The welcome invitation: a link token plus a 4-digit PIN, usable once.

A PIN is accepted only with the link token of the current invitation and the exact
email the invitation went to, before it expires, and at most ``max_attempts`` wrong
tries: the last wrong try voids it until the clinician re-sends. A right PIN leads to
"Create a password"; the link and PIN keep doing so until a password exists (someone who
closed the browser on that page starts again from the email), then they are used up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from shared.errors import Gone, Unauthenticated

Unusable = Literal["superseded", "used", "voided", "expired"]

WRONG_PIN = "The email address or PIN is incorrect."
_WHY: dict[Unusable, str] = {
    "superseded": "A newer invitation was sent: use the link and PIN in the latest email.",
    "used": "This invitation was already used: log in with the password you created.",
    "voided": "Too many wrong tries: ask your clinician to re-send the invitation.",
    "expired": "This invitation has expired: ask your clinician to re-send it.",
}


@dataclass(frozen=True)
class Invitation:
    id: UUID
    practice_id: UUID
    account_id: UUID
    pin_mac: bytes
    pin_key_id: str
    expires_at: datetime
    attempts: int = 0
    voided_at: datetime | None = None
    accepted_at: datetime | None = None
    superseded_at: datetime | None = None


def unusable_because(
    invitation: Invitation, *, now: datetime, password_created: bool = False
) -> Unusable | None:
    """Why the invitation cannot be used now, or None. Accepted alone does not use it
    up: only a password created with it does."""
    if invitation.superseded_at is not None:
        return "superseded"
    if invitation.accepted_at is not None and password_created:
        return "used"
    if invitation.voided_at is not None:
        return "voided"
    if now >= invitation.expires_at:
        return "expired"
    return None


def gone(reason: Unusable) -> Gone:
    """The 410 that tells the client what to do about an unusable invitation."""
    return Gone(_WHY[reason], reason=reason)


def require_usable(
    invitation: Invitation, *, now: datetime, password_created: bool = False
) -> None:
    reason = unusable_because(invitation, now=now, password_created=password_created)
    if reason is not None:
        raise gone(reason)


def voids_after_wrong_try(invitation: Invitation, *, max_attempts: int) -> bool:
    """Whether the wrong try being recorded now is the last one allowed."""
    return invitation.attempts + 1 >= max_attempts


def wrong_pin() -> Unauthenticated:
    return Unauthenticated(WRONG_PIN)
