"""The Billing & Payments page: balance, recent documents, account activity."""

from __future__ import annotations

from aiohttp import web

from services.billing.api._routes import BASE, TAGS, routes
from services.billing.schemas.requests import ActivityQuery, ClientQuery
from services.billing.schemas.responses import ActivityView, OverviewView
from services.billing.service import account
from services.billing.service.access import local_date
from services.billing.service.runtime import Billing
from shared.auth import ALL_ROLES, Caller
from shared.origin import Origin
from shared.web import endpoint


@routes.get(BASE + "/overview")
@endpoint(
    summary="The balance and the recent invoices, statements and superbills "
    "(a client's own; staff name the client)",
    roles=ALL_ROLES,
    query=ClientQuery,
    response=OverviewView,
    tags=TAGS,
)
async def overview(
    request: web.Request, *, runtime: Billing, caller: Caller, query: ClientQuery, origin: Origin
) -> OverviewView:
    found = await account.overview(runtime, caller=caller, client_id=query.client_id, origin=origin)
    return OverviewView.of(found)


@routes.get(BASE + "/activity")
@endpoint(
    summary="Account activity: sessions and payments from start to end "
    "(default: the last three months)",
    roles=ALL_ROLES,
    query=ActivityQuery,
    response=list[ActivityView],
    tags=TAGS,
)
async def activity(
    request: web.Request,
    *,
    runtime: Billing,
    caller: Caller,
    query: ActivityQuery,
    origin: Origin,
) -> list[ActivityView]:
    start, end = account.default_range(local_date(runtime.now(), "UTC"))
    found = await account.activity(
        runtime, caller=caller, client_id=query.client_id, start=query.start or start,
        end=query.end or end, origin=origin,
    )  # fmt: skip
    return [ActivityView.of(item) for item in found]
