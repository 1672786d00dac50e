"""Changing a practice's team: names, role, deactivation.

Two rules keep a practice manageable: an admin never removes their own admin access
(demoting or deactivating themself is how a practice locks itself out by mistake; another
admin must do it), and a practice always keeps at least one active admin. "Active" means
status 'active': an invited admin has no password yet and cannot sign in to manage
anything, so they do not count.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from services.identity.domain.model import Account, StaffRole
from shared.errors import Conflict

OWN_ACCESS = "You cannot remove your own admin access: ask another admin to do it."
LAST_ADMIN = (
    "A practice needs at least one active admin: make someone else an admin before this change."
)


def staff_role(account: Account) -> StaffRole:
    return "admin" if account.role == "admin" else "clinician"


def is_active(account: Account) -> bool:
    """Whether a team member counts as part of the practice (announced as ``active``):
    only deactivation removes them; an invited one has simply not set a password yet."""
    return account.status != "disabled"


def check_staff_change(
    member: Account,
    *,
    actor_id: UUID,
    role: StaffRole,
    active: bool,
    admins: Iterable[Account],
) -> None:
    """Refuse a change to ``member`` (to ``role``, ``active``) that breaks either rule.

    ``admins`` are the practice's admins as they are now (the caller holds them locked,
    so two admins demoting each other at once cannot both succeed)."""
    keeps_access = active and role == staff_role(member)
    if member.id == actor_id and not keeps_access:
        raise Conflict(OWN_ACCESS, reason="own_access")
    if not (_counts(member) and (role != "admin" or not active)):
        return  # the practice keeps every active admin it has
    if not {a.id for a in admins if _counts(a)} - {member.id}:
        raise Conflict(LAST_ADMIN, reason="last_admin")


def _counts(account: Account) -> bool:
    return account.role == "admin" and account.status == "active"
