"""The client's side: their own thread with the practice (the messaging widget), and the
unread count behind the orange dot (every role asks it)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.messaging.api._routes import BASE, TAGS, routes
from services.messaging.domain.messages import parse_message_cursor
from services.messaging.schemas import (
    MessagePageQuery,
    MessageThreadView,
    SecureMessageView,
    SendMessageRequest,
    UnreadMessagesView,
)
from services.messaging.service import threads
from services.messaging.service.participants import Participant
from shared.auth import ALL_ROLES, Caller
from shared.runtime import Runtime
from shared.web import endpoint

CLIENT = ("client",)


def page_size(runtime: Runtime[Any], asked: int | None) -> int:
    settings = runtime.settings
    return min(asked or settings.page_size, settings.page_size_max)


@routes.get(f"{BASE}/messages")
@endpoint(
    summary="The client's messages with their practice, newest first (next_cursor: older)",
    roles=CLIENT,
    query=MessagePageQuery,
    response=MessageThreadView,
    tags=TAGS,
)
async def read(
    request: web.Request, *, runtime: Runtime[Any], caller: Caller, query: MessagePageQuery
) -> MessageThreadView:
    page = await threads.read_page(
        runtime,
        Participant.of(caller),
        client_id=None,
        before=parse_message_cursor(query.before),
        limit=page_size(runtime, query.limit),
        origin=None,
    )
    return MessageThreadView.of(page, reader_id=caller.subject)


@routes.post(f"{BASE}/messages")
@endpoint(
    summary="Send a message to the practice (send an Idempotency-Key to retry safely)",
    roles=CLIENT,
    body=SendMessageRequest,
    response=SecureMessageView,
    status=201,
    tags=TAGS,
    idempotent=True,
)
async def send(
    request: web.Request, *, runtime: Runtime[Any], caller: Caller, body: SendMessageRequest
) -> SecureMessageView:
    entry = await threads.send(
        runtime, Participant.of(caller), client_id=None, body=body.body, origin=None
    )
    return SecureMessageView.of(entry, reader_id=caller.subject)


@routes.post(f"{BASE}/messages/read")
@endpoint(
    summary="Mark the client's messages read", roles=CLIENT, response=UnreadMessagesView, tags=TAGS
)
async def mark_read(
    request: web.Request, *, runtime: Runtime[Any], caller: Caller
) -> UnreadMessagesView:
    left = await threads.mark_read(runtime, Participant.of(caller), client_id=None)
    return UnreadMessagesView(unread=left)


@routes.get(f"{BASE}/unread")
@endpoint(
    summary="Unread messages (the orange dot): the client's, or a staff member's over the "
    "threads they may open",
    roles=ALL_ROLES,
    response=UnreadMessagesView,
    tags=TAGS,
)
async def unread(
    request: web.Request, *, runtime: Runtime[Any], caller: Caller
) -> UnreadMessagesView:
    return UnreadMessagesView(unread=await threads.unread(runtime, Participant.of(caller)))
