"""What every use case needs: finding a caller's assignment (a client only ever finds
their own), sealing answers at rest, and the audit record of a staff read."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from services.forms.domain.answers import Answers
from services.forms.domain.model import Assignment
from services.forms.repo import assignments as assignments_repo
from shared.audit import actor_of, audit
from shared.auth import Caller
from shared.crypto import Keyring
from shared.db import Connection
from shared.errors import NotFound
from shared.origin import Origin

NO_SUCH_FORM = "No such form or document."


async def assignment_for(
    conn: Connection, caller: Caller, assignment_id: UUID, *, lock: bool = False
) -> Assignment:
    """The assignment if the caller may see it: staff of its practice, or its own client.
    Anyone else is told it does not exist (no hint that it does)."""
    found = await assignments_repo.find_assignment(
        conn,
        caller.practice_id,
        assignment_id,
        client_id=None if caller.is_staff else caller.subject,
        lock=lock,
    )
    if found is None:
        raise NotFound(NO_SUCH_FORM, field="assignment_id")
    return found


def seal(keyring: Keyring, answers: Answers, *, row_id: UUID) -> bytes:
    """Answers encrypted for the row they live in (a blob moved elsewhere fails to open)."""
    text = json.dumps(answers, ensure_ascii=False, separators=(",", ":"))
    return keyring.encrypt_text(text, aad=row_id.bytes)


def unseal(keyring: Keyring, blob: bytes, *, row_id: UUID) -> Answers:
    opened: Any = json.loads(keyring.decrypt_text(bytes(blob), aad=row_id.bytes))
    return dict(opened)


async def audit_staff(
    conn: Connection,
    origin: Origin,
    caller: Caller,
    *,
    action: str,
    client_id: UUID,
    detail: dict[str, Any],
) -> None:
    """One audit record of staff reading or changing a client's forms (ids only)."""
    if caller.is_staff:
        await audit(
            conn,
            origin,
            action=action,
            actor=actor_of(caller),
            resource="form",
            client_id=client_id,
            detail=detail,
        )
