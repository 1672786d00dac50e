"""Threads, messages and read state: who may read a thread, what a message may hold,
what is unread and what the other side has read.

A practice has one thread per client. Its two sides are the client and the practice:
a message is unread for a reader when it comes from the other side and lies past the
reader's read mark; a message is "Read" for its sender once the other side's mark
(the client's, or any staff member's) reaches it.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from shared.bounds import bounded_int, bounded_moment
from shared.errors import InvalidInput

Side = Literal["client", "practice"]
STAFF_ROLES = frozenset({"clinician", "admin"})


def side_of(role: str) -> Side:
    return "practice" if role in STAFF_ROLES else "client"


@dataclass(frozen=True)
class Thread:
    id: UUID
    practice_id: UUID
    client_id: UUID
    created_at: datetime
    last_message_at: datetime


@dataclass(frozen=True)
class Message:
    id: UUID
    seq: int
    thread_id: UUID
    practice_id: UUID
    sender_id: UUID
    sender_role: str
    body: str
    created_at: datetime

    @property
    def side(self) -> Side:
        return side_of(self.sender_role)

    def read_by_other_side(self, *, client_read_seq: int, practice_read_seq: int) -> bool:
        """The sender's "Read" receipt."""
        other = practice_read_seq if self.side == "client" else client_read_seq
        return other >= self.seq


def checked_body(text: str, *, max_chars: int) -> str:
    """The message as it will be stored: trimmed, not empty, not over the limit."""
    body = text.strip()
    if not body:
        raise InvalidInput("Write a message before you send it.", field="body")
    if len(body) > max_chars:
        raise InvalidInput(
            f"A message can be at most {max_chars:,} characters; this one has {len(body):,}. "
            "Shorten it or send it in two parts.",
            field="body",
            max_chars=max_chars,
        )
    return body


def staff_may_open(
    *,
    staff_id: UUID,
    staff_role: str,
    client_clinician_id: UUID | None,
    staff_may_message: bool,
) -> bool:
    """A staff member reads and answers a client's thread when they are the client's
    clinician, when the practice lets every staff member message, or (so no client
    writes into the void) when they are an admin and the client has no clinician."""
    if staff_role not in STAFF_ROLES:
        return False
    if client_clinician_id == staff_id or staff_may_message:
        return True
    return staff_role == "admin" and client_clinician_id is None


# Cursors are opaque to callers: a base64 word, so nobody builds one by hand.


def message_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"m{seq}".encode()).decode().rstrip("=")


def parse_message_cursor(cursor: str | None, *, field: str = "before") -> int | None:
    if cursor is None:
        return None
    text = _unwrap(cursor, field)
    try:
        if not text.startswith("m") or not text[1:].isdigit():
            raise ValueError(text)
        return bounded_int(int(text[1:]))  # a bigint in the database
    except ValueError as exc:
        raise InvalidInput("is not a cursor this list gave out", field=field) from exc


def time_cursor(moment: datetime, row_id: UUID) -> str:
    raw = f"t{moment.isoformat()}|{row_id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def parse_time_cursor(cursor: str | None, *, field: str = "after") -> tuple[datetime, UUID] | None:
    if cursor is None:
        return None
    text = _unwrap(cursor, field)
    try:
        moment, _, row_id = text[1:].partition("|")
        at = bounded_moment(datetime.fromisoformat(moment))
        if not text.startswith("t") or at.tzinfo is None:
            raise ValueError(text)
        return at, UUID(row_id)
    except ValueError as exc:
        raise InvalidInput("is not a cursor this list gave out", field=field) from exc


def _unwrap(cursor: str, field: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, ValueError) as exc:
        raise InvalidInput("is not a cursor this list gave out", field=field) from exc
