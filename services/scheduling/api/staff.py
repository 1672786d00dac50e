"""The practice's staff as scheduling knows them (from identity's events)."""

from __future__ import annotations

from aiohttp import web

from services.scheduling.api._routes import BASE, TAGS, routes
from services.scheduling.schemas.views import PersonView
from services.scheduling.service import setup
from services.scheduling.service.access import Scheduling
from shared.auth import STAFF_ROLES, Caller
from shared.web import endpoint


@routes.get(f"{BASE}/clinicians")
@endpoint(
    summary="The practice's active staff (whose hours and calendars can be set)",
    roles=STAFF_ROLES,
    response=list[PersonView],
    tags=TAGS,
)
async def clinicians(
    request: web.Request, *, runtime: Scheduling, caller: Caller
) -> list[PersonView]:
    return [
        PersonView(id=s.id, name=s.name)
        for s in await setup.list_clinicians(runtime, caller=caller)
    ]
