"""The page a "Read Secure Message" link opens: the token in the body is the only
credential (no session, no cookie needed, so no CSRF token: ``csrf_exempt``). It
opens one thread, for 15 minutes from the message; 410 after that (the web client
then goes to Log in), 404 for a token nobody issued."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.messaging.api._routes import BASE, TAGS, routes
from services.messaging.api.client_messages import page_size
from services.messaging.domain.messages import parse_message_cursor
from services.messaging.schemas import (
    LinkMessageRequest,
    LinkOpenRequest,
    MessageLinkThreadView,
    MessageThreadView,
    SecureMessageView,
)
from services.messaging.service import links
from shared.runtime import Runtime
from shared.web import endpoint


@routes.post(f"{BASE}/links/open")
@endpoint(
    summary="Open the thread of a Read Secure Message link (marks it read)",
    body=LinkOpenRequest,
    response=MessageLinkThreadView,
    tags=TAGS,
    public=True,
    csrf_exempt=True,
)
async def open_link(
    request: web.Request, *, runtime: Runtime[Any], body: LinkOpenRequest
) -> MessageLinkThreadView:
    page, link = await links.open_thread(
        runtime,
        body.token,
        before=parse_message_cursor(body.before),
        limit=page_size(runtime, None),
    )
    view = MessageThreadView.of(page, reader_id=link.client_id)
    return MessageLinkThreadView(**view.model_dump(), link_expires_at=link.expires_at)


@routes.post(f"{BASE}/links/messages")
@endpoint(
    summary="Answer in the thread of a Read Secure Message link",
    body=LinkMessageRequest,
    response=SecureMessageView,
    status=201,
    tags=TAGS,
    public=True,
    csrf_exempt=True,
)
async def reply(
    request: web.Request, *, runtime: Runtime[Any], body: LinkMessageRequest
) -> SecureMessageView:
    entry = await links.reply(runtime, body.token, body=body.body)
    return SecureMessageView.of(entry, reader_id=entry.message.sender_id)
