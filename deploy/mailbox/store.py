"""The inbox: received emails kept in memory, newest last, oldest dropped past the limit."""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True)
class ReceivedMessage:
    id: int
    received_at: datetime
    envelope_from: str
    envelope_to: tuple[str, ...]
    raw: bytes
    sender: str = ""
    to: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    subject: str = ""
    date: str = ""
    message_id: str = ""
    text: str = ""
    html: str | None = None
    attachments: tuple[Attachment, ...] = field(default=())

    def is_for(self, address: str) -> bool:
        """True if ``address`` got this email (envelope, To or Cc), ignoring case."""
        wanted = address.strip().lower()
        headers = [addr for _, addr in getaddresses([*self.to, *self.cc])]
        return any(wanted == a.lower() for a in [*self.envelope_to, *headers])

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "received_at": self.received_at.isoformat().replace("+00:00", "Z"),
            "envelope": {"from": self.envelope_from, "to": list(self.envelope_to)},
            "from": self.sender,
            "to": list(self.to),
            "cc": list(self.cc),
            "subject": self.subject,
            "date": self.date,
            "message_id": self.message_id,
            "text": self.text,
            "html": self.html,
            "attachments": [
                {"filename": a.filename, "content_type": a.content_type, "size": a.size}
                for a in self.attachments
            ],
            "size": len(self.raw),
        }


def parse_message(
    raw: bytes, *, id: int, envelope_from: str, envelope_to: list[str]
) -> ReceivedMessage:
    """A ``ReceivedMessage`` from the bytes an SMTP client sent; never raises on bad mail."""
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)  # policy.default always builds one
    return ReceivedMessage(
        id=id,
        received_at=datetime.now(UTC),
        envelope_from=envelope_from,
        envelope_to=tuple(envelope_to),
        raw=raw,
        sender=_header(parsed, "From"),
        to=_addresses(parsed, "To"),
        cc=_addresses(parsed, "Cc"),
        subject=_header(parsed, "Subject"),
        date=_header(parsed, "Date"),
        message_id=_header(parsed, "Message-ID"),
        text=_body(parsed, "plain") or "",
        html=_body(parsed, "html"),
        attachments=tuple(_attachments(parsed)),
    )


def _header(message: EmailMessage, name: str) -> str:
    try:
        return str(message.get(name, "") or "")
    except Exception:  # a malformed header is shown as missing, not as a crash
        return ""


def _addresses(message: EmailMessage, name: str) -> tuple[str, ...]:
    pairs = getaddresses([_header(message, name)])
    return tuple(_display_address(n, a) for n, a in pairs if a)


def _display_address(name: str, address: str) -> str:
    if not name:
        return address
    if any(c in name for c in ',;:"<>@()'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def _body(message: EmailMessage, subtype: str) -> str | None:
    try:
        part = message.get_body(preferencelist=(subtype,))
        if part is None or part.get_content_subtype() != subtype:
            return None
        content = part.get_content()
    except Exception:
        return None
    # SMTP lines end in CRLF; callers (and tests) expect plain newlines.
    return content.replace("\r\n", "\n") if isinstance(content, str) else None


def _attachments(message: EmailMessage) -> list[Attachment]:
    found: list[Attachment] = []
    with contextlib.suppress(Exception):
        for part in message.iter_attachments():
            payload = part.get_payload(decode=True)
            found.append(
                Attachment(
                    filename=part.get_filename() or "(unnamed)",
                    content_type=part.get_content_type(),
                    size=len(payload) if isinstance(payload, bytes) else 0,
                )
            )
    return found


class Inbox:
    """Received messages in memory. Not thread-safe: used from one event loop."""

    def __init__(self, *, limit: int = 500) -> None:
        self._messages: deque[ReceivedMessage] = deque(maxlen=limit)
        self._next_id = 1
        self._changed = asyncio.Event()

    def add(self, raw: bytes, *, envelope_from: str, envelope_to: list[str]) -> ReceivedMessage:
        message = parse_message(
            raw, id=self._next_id, envelope_from=envelope_from, envelope_to=envelope_to
        )
        self._next_id += 1
        self._messages.append(message)
        self._notify()
        return message

    def list_messages(self, *, to: str | None = None) -> list[ReceivedMessage]:
        """Newest first; only those received by ``to`` when given."""
        newest_first = reversed(self._messages)
        return [m for m in newest_first if to is None or m.is_for(to)]

    def find_message(self, message_id: int) -> ReceivedMessage | None:
        return next((m for m in self._messages if m.id == message_id), None)

    def remove_message(self, message_id: int) -> bool:
        message = self.find_message(message_id)
        if message is None:
            return False
        self._messages.remove(message)
        self._notify()
        return True

    def clear(self) -> int:
        count = len(self._messages)
        self._messages.clear()
        self._notify()
        return count

    async def wait_for_messages(self, *, to: str | None = None) -> list[ReceivedMessage]:
        """Like ``list_messages``, but waits until there is one (bound it with a timeout)."""
        while not (found := self.list_messages(to=to)):
            await self._changed.wait()
        return found

    def _notify(self) -> None:
        # Wake everyone waiting now; later waiters wait on a fresh event.
        self._changed.set()
        self._changed = asyncio.Event()
