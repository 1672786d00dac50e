"""Response bodies (also the OpenAPI source)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from services.messaging.domain.messages import message_cursor
from services.messaging.repo.email_log import LogEntry
from services.messaging.service.email_log import LogPage
from services.messaging.service.inbox import Inbox, InboxThread
from services.messaging.service.live import LiveUpdate
from services.messaging.service.threads import Entry, ThreadPage
from shared.types import ResponseModel


class SecureMessageView(ResponseModel):
    id: UUID
    thread_id: UUID
    sender_id: UUID
    sender_role: str
    sender_name: str
    body: str
    sent_at: datetime
    mine: bool  # written by the caller
    read: bool  # the other side has read it (the sender's "Read" receipt)

    @classmethod
    def of(cls, entry: Entry, *, reader_id: UUID) -> SecureMessageView:
        m = entry.message
        return cls(
            id=m.id,
            thread_id=m.thread_id,
            sender_id=m.sender_id,
            sender_role=m.sender_role,
            sender_name=entry.sender_name,
            body=m.body,
            sent_at=m.created_at,
            mine=m.sender_id == reader_id,
            read=entry.read,
        )


class MessageThreadView(ResponseModel):
    """A page of a client's thread, newest first; ``next_cursor`` fetches older ones."""

    thread_id: UUID | None
    client_id: UUID
    client_name: str
    clinician_name: str | None
    messages: list[SecureMessageView]
    next_cursor: str | None
    unread: int

    @classmethod
    def of(cls, page: ThreadPage, *, reader_id: UUID) -> MessageThreadView:
        return cls(
            thread_id=page.thread_id,
            client_id=page.client_id,
            client_name=page.client_name,
            clinician_name=page.clinician_name,
            messages=[SecureMessageView.of(e, reader_id=reader_id) for e in page.entries],
            next_cursor=message_cursor(page.next_before) if page.next_before else None,
            unread=page.unread,
        )


class MessageLinkThreadView(MessageThreadView):
    """The thread a "Read Secure Message" link opens, and until when it does."""

    link_expires_at: datetime


class UnreadMessagesView(ResponseModel):
    unread: int


class MessageInboxThreadView(ResponseModel):
    thread_id: UUID
    client_id: UUID
    client_name: str
    last_message_at: datetime
    unread: int
    preview: str
    last_from_client: bool

    @classmethod
    def of(cls, thread: InboxThread) -> MessageInboxThreadView:
        return cls.model_validate(thread)


class MessageInboxPage(ResponseModel):
    threads: list[MessageInboxThreadView]
    next_cursor: str | None
    unread: int

    @classmethod
    def of(cls, inbox: Inbox) -> MessageInboxPage:
        return cls(
            threads=[MessageInboxThreadView.of(t) for t in inbox.threads],
            next_cursor=inbox.next_after,
            unread=inbox.unread,
        )


class EmailLogEntryView(ResponseModel):
    """One email sent (never its body)."""

    id: UUID
    recipient: str
    recipient_role: str
    client_id: UUID | None
    template: str
    cause_type: str
    queued_at: datetime
    outcome: Literal["queued", "sent", "retrying"]
    attempts: int
    last_error: str | None
    sent_at: datetime | None

    @classmethod
    def of(cls, entry: LogEntry) -> EmailLogEntryView:
        return cls.model_validate(entry)


class EmailLogPage(ResponseModel):
    entries: list[EmailLogEntryView]
    next_cursor: str | None

    @classmethod
    def of(cls, page: LogPage) -> EmailLogPage:
        return cls(
            entries=[EmailLogEntryView.of(e) for e in page.entries], next_cursor=page.next_after
        )


class MessagingSettingsView(ResponseModel):
    staff_may_message: bool


class MessagingLiveEvent(ResponseModel):
    """What the live socket sends: ``hello`` (on connect), ``message`` (a new message in
    a thread the reader sees), ``read`` (someone read a thread: receipts and counts
    changed), ``resync`` (updates may have been missed: fetch again)."""

    type: Literal["hello", "message", "read", "resync"]
    unread: int | None = None
    thread_id: UUID | None = None
    client_id: UUID | None = None
    thread_unread: int | None = None
    message: SecureMessageView | None = None
    reader_side: str | None = None

    @classmethod
    def of(cls, update: LiveUpdate, *, reader_id: UUID) -> MessagingLiveEvent:
        message = SecureMessageView.of(update.entry, reader_id=reader_id) if update.entry else None
        return cls(
            type=update.kind,
            unread=update.unread,
            thread_id=update.thread_id,
            client_id=update.client_id,
            thread_unread=update.thread_unread,
            message=message,
            reader_side=update.reader_side,
        )
