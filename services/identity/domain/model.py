"""Practices and accounts as the rest of identity sees them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from uuid import UUID

from shared.errors import Conflict, Forbidden, InvalidInput

Role = Literal["client", "clinician", "admin"]
StaffRole = Literal["clinician", "admin"]
Status = Literal["invited", "active", "disabled"]
ClientKind = Literal["browser", "mobile"]

SLUG = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$")


@dataclass(frozen=True)
class Practice:
    id: UUID
    slug: str
    name: str
    time_zone: str
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    npi: str | None = None
    tax_id: str | None = None
    license: str | None = None


@dataclass(frozen=True)
class Account:
    id: UUID
    practice_id: UUID
    role: Role
    email: str
    first_name: str
    last_name: str
    status: Status
    password_hash: str | None = None
    date_of_birth: date | None = None
    clinician_id: UUID | None = None
    totp_secret: bytes | None = None
    totp_enabled_at: datetime | None = None
    totp_pending_secret: bytes | None = None
    totp_last_step: int | None = None
    activated_at: datetime | None = None
    created_at: datetime | None = None

    @property
    def is_staff(self) -> bool:
        return self.role != "client"

    @property
    def can_sign_in(self) -> bool:
        return self.status == "active" and self.password_hash is not None

    @property
    def totp_enabled(self) -> bool:
        return self.totp_enabled_at is not None and self.totp_secret is not None

    @property
    def needs_second_factor_enrolment(self) -> bool:
        """Staff must use TOTP; clients may opt in."""
        return self.is_staff and not self.totp_enabled

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


def check_slug(slug: str) -> str:
    if not SLUG.match(slug):
        raise InvalidInput(
            "lowercase letters, digits and inner hyphens, at most 63 characters", field="slug"
        )
    return slug


def check_resendable(client: Account) -> None:
    """An invitation goes only to a client who has not activated the account yet."""
    if client.role != "client":
        raise InvalidInput("only clients are invited with a PIN", field="client_id")
    if client.status == "active":
        raise Conflict("this client already created a password; they can log in")
    if client.status == "disabled":
        raise Conflict("this client's portal access is disabled")


def restored_status(account: Account) -> Status:
    """The status a disabled account comes back to: active if they had created a password
    (they log in again with it), invited if they never had (they need a new invitation or
    setup link). Only a disabled account can be restored."""
    if account.status != "disabled":
        what = (
            "This client's portal access is not disabled"
            if account.role == "client"
            else "This team member is not deactivated"
        )
        raise Conflict(f"{what}: there is nothing to restore.", reason="not_disabled")
    return "active" if account.password_hash is not None else "invited"


def check_can_manage_client(*, actor_role: str, client: Account) -> None:
    if actor_role == "client" or client.role != "client":
        raise Forbidden("only staff manage client accounts")


EMAIL_ADMIN_ONLY = (
    "Only an admin can change the email of a client who has created a password: their "
    "sessions end and both addresses are told."
)


def has_activated(client: Account) -> bool:
    """Created a password at some point (a disabled client may have, too)."""
    return client.password_hash is not None


def check_can_change_email(*, actor_role: str, client: Account) -> None:
    """Before a client has a password any staff member may correct a mistyped address
    (the invitation goes again to the new one). After, the address is how the client
    gets back in, so a change could hand their account to someone else: admins only."""
    if has_activated(client) and actor_role != "admin":
        raise Forbidden(EMAIL_ADMIN_ONLY, field="email")


def masked_email(email: str) -> str:
    """``n***@example.com``: enough for the owner to recognise, not to write to."""
    local, _, domain = email.rpartition("@")
    return f"{local[:1]}***@{domain}"
