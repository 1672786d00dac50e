"""Look-alike addresses (docs/identity.md): within a practice, no account's email may look
like another's. ``s\u0435cprobe@example.com`` (a Cyrillic e) beside ``secprobe@example.com``
would be two accounts that staff cannot tell apart in a list, and a message or reset
meant for one could be sent to the other."""

from __future__ import annotations

from uuid import UUID

from services.identity.repo import accounts as accounts_repo
from shared.db import Connection
from shared.email_address import skeleton
from shared.errors import Conflict


async def check_not_look_alike(conn: Connection, *, practice_id: UUID, email: str) -> None:
    """409 on ``email`` naming the practice's address that ``email`` looks like (the same
    address is the caller's own "already taken" check)."""
    await accounts_repo.lock_new_addresses(conn, practice_id=practice_id)
    wanted = skeleton(email)
    for existing in await accounts_repo.emails_of_practice(conn, practice_id=practice_id):
        if existing != email and skeleton(existing) == wanted:
            raise Conflict(
                f"This address looks like {existing}, which already has an account in this "
                "practice: check each letter (one may be from another alphabet).",
                field="email",
                reason="looks_alike",
            )
