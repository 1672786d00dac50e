"""The practice's audit log, as its admins read it (every service's records)."""

from __future__ import annotations

from aiohttp import web

from services.identity.api._routes import TAGS, routes
from services.identity.schemas import AuditPageView, AuditQuery
from services.identity.service import audit
from services.identity.service.runtime import Identity
from shared.auth import Caller
from shared.origin import Origin
from shared.web import endpoint


@routes.get("/api/v1/identity/audit")
@endpoint(
    summary="The practice's audit log, newest first (reading it is audited too)",
    roles=("admin",),
    query=AuditQuery,
    response=AuditPageView,
    tags=TAGS,
)
async def list_(
    request: web.Request, *, runtime: Identity, caller: Caller, query: AuditQuery, origin: Origin
) -> AuditPageView:
    page = await audit.read_audit_log(
        runtime,
        caller=caller,
        where=query.where(),
        before=query.cursor(),
        limit=query.limit,
        origin=origin,
    )
    return AuditPageView.of(page)
