"""The mailbox's HTTP side: HTML pages for people, ``/api/messages`` for tests and scripts."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web

from deploy.mailbox import pages
from deploy.mailbox.settings import MailboxSettings
from deploy.mailbox.smtp import start_smtp_server
from deploy.mailbox.store import Inbox, ReceivedMessage

INBOX = web.AppKey("inbox", Inbox)
SETTINGS = web.AppKey("settings", MailboxSettings)
SMTP_SERVER = web.AppKey("smtp_server", asyncio.Server)

MAX_WAIT_SECONDS = 30.0
PAGE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# For the email's own HTML: no script, no forms, no same-origin access, only inline styles
# and images; links open outside the frame.
EMAIL_CSP = (
    "default-src 'none'; img-src data: http: https:; style-src 'unsafe-inline'; "
    "font-src data:; sandbox allow-popups allow-popups-to-escape-sandbox; "
    "frame-ancestors 'self'"
)

routes = web.RouteTableDef()
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def create_app(settings: MailboxSettings, *, inbox: Inbox | None = None) -> web.Application:
    """The web app; it also runs the SMTP server on ``settings.smtp_port`` while it runs."""
    app = web.Application(middlewares=[_same_origin_writes, _security_headers])
    app[SETTINGS] = settings
    app[INBOX] = inbox or Inbox(limit=settings.max_messages)
    app.cleanup_ctx.append(_smtp_ctx)
    app.router.add_routes(routes)
    return app


async def _smtp_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    server = await start_smtp_server(
        app[INBOX],
        host=settings.host,
        port=settings.smtp_port,
        max_message_bytes=settings.max_message_bytes,
    )
    app[SMTP_SERVER] = server
    yield
    server.close()
    await server.wait_closed()


@web.middleware
async def _same_origin_writes(request: web.Request, handler: Handler) -> web.StreamResponse:
    # The delete buttons are plain forms: refuse them when another site submits them.
    origin = request.headers.get("Origin")
    cross_site = request.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site")
    if request.method not in ("GET", "HEAD") and (
        cross_site or (origin and origin.split("://", 1)[-1] != request.host)
    ):
        raise web.HTTPForbidden(text="cross-site request refused")
    return await handler(request)


@web.middleware
async def _security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    response = await handler(request)
    response.headers.setdefault("Content-Security-Policy", PAGE_CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("Cache-Control", "no-store")
    return response


def _smtp_port(request: web.Request) -> int:
    server = request.app.get(SMTP_SERVER)
    if server is not None and server.sockets:
        return int(server.sockets[0].getsockname()[1])
    return request.app[SETTINGS].smtp_port


def _message_or_404(request: web.Request) -> ReceivedMessage:
    message = request.app[INBOX].find_message(int(request.match_info["id"]))
    if message is None:
        raise web.HTTPNotFound(text="no such message (it may have been deleted)")
    return message


def _recipient(request: web.Request) -> str | None:
    return request.query.get("to", "").strip() or None


@routes.get("/healthz")
async def healthz(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


@routes.get("/static/mailbox.css")
async def stylesheet(_: web.Request) -> web.Response:
    return web.Response(text=pages.STYLESHEET, content_type="text/css")


@routes.get("/")
async def inbox_page(request: web.Request) -> web.Response:
    to = _recipient(request)
    messages = request.app[INBOX].list_messages(to=to)
    html = pages.inbox_page(messages, to=to, smtp_port=_smtp_port(request))
    return web.Response(text=html, content_type="text/html")


@routes.get(r"/messages/{id:\d+}")
async def message_page(request: web.Request) -> web.Response:
    html = pages.message_page(_message_or_404(request), smtp_port=_smtp_port(request))
    return web.Response(text=html, content_type="text/html")


@routes.get(r"/messages/{id:\d+}/html")
async def message_html(request: web.Request) -> web.Response:
    message = _message_or_404(request)
    if message.html is None:
        raise web.HTTPNotFound(text="this email has no HTML version")
    response = web.Response(text=pages.email_html_document(message.html), content_type="text/html")
    response.headers["Content-Security-Policy"] = EMAIL_CSP
    return response


@routes.get(r"/messages/{id:\d+}/raw")
async def message_source(request: web.Request) -> web.Response:
    raw = _message_or_404(request).raw.decode("utf-8", errors="replace")
    response = web.Response(text=raw, content_type="text/plain")
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@routes.post(r"/messages/{id:\d+}/delete")
async def delete_message_form(request: web.Request) -> web.Response:
    request.app[INBOX].remove_message(int(request.match_info["id"]))
    raise web.HTTPSeeOther("/")


@routes.post("/delete-all")
async def delete_all_form(request: web.Request) -> web.Response:
    request.app[INBOX].clear()
    raise web.HTTPSeeOther("/")


@routes.get("/api/messages")
async def api_list(request: web.Request) -> web.Response:
    """Newest first. ``?to=`` keeps one recipient's; ``?wait=N`` waits up to N s for one."""
    to = _recipient(request)
    try:
        wait = min(max(float(request.query.get("wait", "0")), 0.0), MAX_WAIT_SECONDS)
    except ValueError:
        raise web.HTTPBadRequest(text="wait: a number of seconds") from None
    found = request.app[INBOX].list_messages(to=to)
    if wait and not found:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(wait):
                found = await request.app[INBOX].wait_for_messages(to=to)
    return web.json_response({"count": len(found), "messages": [m.to_json() for m in found]})


@routes.get(r"/api/messages/{id:\d+}")
async def api_get(request: web.Request) -> web.Response:
    message = request.app[INBOX].find_message(int(request.match_info["id"]))
    if message is None:
        return web.json_response({"error": "not found"}, status=404)
    return web.json_response(message.to_json())


@routes.delete("/api/messages")
async def api_clear(request: web.Request) -> web.Response:
    return web.json_response({"deleted": request.app[INBOX].clear()})


@routes.delete(r"/api/messages/{id:\d+}")
async def api_delete(request: web.Request) -> web.Response:
    if not request.app[INBOX].remove_message(int(request.match_info["id"])):
        return web.json_response({"error": "not found"}, status=404)
    return web.Response(status=204)
