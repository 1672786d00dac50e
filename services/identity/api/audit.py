"""The practice's audit log, as its admins read it."""

from __future__ import annotations

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.api.common import identity, origin
from services.identity.schemas import AuditPageView, AuditQuery
from services.identity.service import audit
from shared.auth import Caller
from shared.web import endpoint


@routes.get("/api/v1/identity/audit")
@endpoint(
    summary="The practice's audit log, newest first (reading it is audited too)",
    roles=("admin",),
    query=AuditQuery,
    response=AuditPageView,
    tags=TAGS,
)
async def list_(request: web.Request, *, caller: Caller, query: AuditQuery) -> AuditPageView:
    page = await audit.read_audit_log(
        identity(request),
        caller=caller,
        where=query.where(),
        before=query.cursor(),
        limit=query.limit,
        origin=origin(request),
    )
    return AuditPageView.of(page)
