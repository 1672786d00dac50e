"""The workspace's side: the inbox of client threads, a client's thread (reading it is
audited), answering, marking read, and the practice's messaging setting."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from aiohttp import web

from services.messaging.api._routes import BASE, TAGS, routes
from services.messaging.api.client_messages import page_size
from services.messaging.domain.messages import parse_message_cursor, parse_time_cursor
from services.messaging.schemas import (
    InboxQuery,
    MessageInboxPage,
    MessagePageQuery,
    MessageThreadView,
    MessagingSettingsRequest,
    MessagingSettingsView,
    SecureMessageView,
    SendMessageRequest,
    UnreadMessagesView,
)
from services.messaging.service import inbox, practice_settings, threads
from services.messaging.service.participants import Participant
from shared.auth import STAFF_ROLES, Caller
from shared.origin import Origin
from shared.runtime import Runtime
from shared.web import endpoint

THREAD = BASE + "/clients/{client_id}"
ID = ("client_id",)


@routes.get(f"{BASE}/threads")
@endpoint(
    summary="The inbox: client threads the caller may open, latest first, with unread counts",
    roles=STAFF_ROLES,
    query=InboxQuery,
    response=MessageInboxPage,
    tags=TAGS,
)
async def list_threads(
    request: web.Request,
    *,
    runtime: Runtime[Any],
    caller: Caller,
    query: InboxQuery,
    origin: Origin,
) -> MessageInboxPage:
    found = await inbox.inbox(
        runtime,
        Participant.of(caller),
        after=parse_time_cursor(query.after),
        limit=query.limit,
        origin=origin,
    )
    return MessageInboxPage.of(found)


@routes.get(f"{THREAD}/messages")
@endpoint(
    summary="A client's thread, newest first (staff reads are audited)",
    roles=STAFF_ROLES,
    path=ID,
    query=MessagePageQuery,
    response=MessageThreadView,
    tags=TAGS,
)
async def read(
    request: web.Request,
    *,
    runtime: Runtime[Any],
    caller: Caller,
    client_id: UUID,
    query: MessagePageQuery,
    origin: Origin,
) -> MessageThreadView:
    page = await threads.read_page(
        runtime,
        Participant.of(caller),
        client_id=client_id,
        before=parse_message_cursor(query.before),
        limit=page_size(runtime, query.limit),
        origin=origin,
    )
    return MessageThreadView.of(page, reader_id=caller.subject)


@routes.post(f"{THREAD}/messages")
@endpoint(
    summary="Send a message to a client: they get an email with a 15-minute link "
    "(send an Idempotency-Key to retry safely)",
    roles=STAFF_ROLES,
    path=ID,
    body=SendMessageRequest,
    response=SecureMessageView,
    status=201,
    tags=TAGS,
    idempotent=True,
)
async def send(
    request: web.Request,
    *,
    runtime: Runtime[Any],
    caller: Caller,
    client_id: UUID,
    body: SendMessageRequest,
    origin: Origin,
) -> SecureMessageView:
    entry = await threads.send(
        runtime, Participant.of(caller), client_id=client_id, body=body.body, origin=origin
    )
    return SecureMessageView.of(entry, reader_id=caller.subject)


@routes.post(f"{THREAD}/read")
@endpoint(
    summary="Mark a client's thread read for the caller",
    roles=STAFF_ROLES,
    path=ID,
    response=UnreadMessagesView,
    tags=TAGS,
)
async def mark_read(
    request: web.Request, *, runtime: Runtime[Any], caller: Caller, client_id: UUID
) -> UnreadMessagesView:
    left = await threads.mark_read(runtime, Participant.of(caller), client_id=client_id)
    return UnreadMessagesView(unread=left)


@routes.get(f"{BASE}/settings")
@endpoint(
    summary="The practice's messaging settings",
    roles=STAFF_ROLES,
    response=MessagingSettingsView,
    tags=TAGS,
)
async def read_settings(
    request: web.Request, *, runtime: Runtime[Any], caller: Caller
) -> MessagingSettingsView:
    allowed = await practice_settings.staff_may_message(runtime, Participant.of(caller))
    return MessagingSettingsView(staff_may_message=allowed)


@routes.put(f"{BASE}/settings")
@endpoint(
    summary="Let every staff member message any client (or only each client's clinician)",
    roles=("admin",),
    body=MessagingSettingsRequest,
    response=MessagingSettingsView,
    tags=TAGS,
)
async def write_settings(
    request: web.Request,
    *,
    runtime: Runtime[Any],
    caller: Caller,
    body: MessagingSettingsRequest,
    origin: Origin,
) -> MessagingSettingsView:
    allowed = await practice_settings.allow_staff_messaging(
        runtime, Participant.of(caller), allowed=body.staff_may_message, origin=origin
    )
    return MessagingSettingsView(staff_may_message=allowed)
