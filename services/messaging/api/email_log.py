"""The email log, for staff: to whom, which template, when, and the outcome."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from services.messaging.api._routes import BASE, TAGS, routes
from services.messaging.domain.messages import parse_time_cursor
from services.messaging.schemas import EmailLogPage, EmailLogQuery
from services.messaging.service import email_log
from services.messaging.service.participants import Participant
from shared.auth import STAFF_ROLES, Caller
from shared.origin import Origin
from shared.runtime import Runtime
from shared.web import endpoint


@routes.get(f"{BASE}/emails")
@endpoint(
    summary="Emails sent (never their text): admins see the practice's, clinicians their "
    "clients'; audited",
    roles=STAFF_ROLES,
    query=EmailLogQuery,
    response=EmailLogPage,
    tags=TAGS,
)
async def read_log(
    request: web.Request,
    *,
    runtime: Runtime[Any],
    caller: Caller,
    query: EmailLogQuery,
    origin: Origin,
) -> EmailLogPage:
    page = await email_log.read_log(
        runtime,
        Participant.of(caller),
        client_id=query.client_id,
        after=parse_time_cursor(query.after),
        limit=query.limit,
        origin=origin,
    )
    return EmailLogPage.of(page)
