"""The audit log as admins read it: entries with names, and the cursor that pages them.

Pages are cut on (at, id), newest first, never on an offset: a row appended while an
admin reads does not shift the older pages under them.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from shared.bounds import bounded_int, bounded_moment
from shared.errors import InvalidInput

Outcome = Literal["success", "failure", "denied"]


@dataclass(frozen=True)
class AuditCursor:
    """The last entry of a page: the next page holds what came strictly before it."""

    at: datetime
    id: int

    def encode(self) -> str:
        text = f"{self.at.isoformat()}|{self.id}".encode()
        return base64.urlsafe_b64encode(text).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> AuditCursor:
        """Raises ValueError for anything this service did not hand out."""
        try:
            text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
            at_text, id_text = text.split("|")
            at = bounded_moment(datetime.fromisoformat(at_text))
            entry_id = bounded_int(int(id_text), minimum=1)  # a bigint in the database
        except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
            raise ValueError("is not a cursor from a previous page") from exc
        if at.tzinfo is None:
            raise ValueError("is not a cursor from a previous page")
        return cls(at=at, id=entry_id)


@dataclass(frozen=True)
class AuditFilter:
    """What an admin narrows the log to; None means any. ``since`` <= at < ``until``."""

    client_id: UUID | None = None
    actor_id: UUID | None = None
    action: str | None = None
    outcome: Outcome | None = None
    service: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def check(self) -> AuditFilter:
        if self.since and self.until and self.until <= self.since:
            raise InvalidInput("must be later than since", field="until")
        return self

    def described(self) -> dict[str, str]:
        """The filters in use, for the audit.read row (ids and dates only, no secret)."""
        values = vars(self).items()
        return {k: v.isoformat() if isinstance(v, datetime) else str(v) for k, v in values if v}


@dataclass(frozen=True)
class AuditRecord:
    id: int
    at: datetime
    actor_id: UUID | None
    actor_role: str | None
    actor_name: str | None
    action: str
    resource: str | None
    client_id: UUID | None
    client_name: str | None
    outcome: str
    ip: str | None
    request_id: str | None
    detail: dict[str, Any]
    service: str = "identity"

    @property
    def cursor(self) -> AuditCursor:
        return AuditCursor(at=self.at, id=self.id)


@dataclass(frozen=True)
class AuditPage:
    records: list[AuditRecord]
    next_before: AuditCursor | None
