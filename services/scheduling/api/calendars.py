"""Calendar files: "Add to calendar" for one appointment, and each person's private
subscription feed (a secret URL calendar apps follow without a session)."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.scheduling.api._routes import BASE, TAGS, routes
from services.scheduling.schemas.views import FeedView
from services.scheduling.service import calendars
from services.scheduling.service.access import Scheduling
from shared.auth import ALL_ROLES, Caller
from shared.origin import Origin
from shared.web import endpoint

CALENDAR = "text/calendar"
FEED = f"{BASE}/calendar-feed"


def _ics(body: bytes, *, filename: str) -> web.Response:
    return web.Response(
        body=body,
        content_type=CALENDAR,
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@routes.get(f"{BASE}/appointments/{{appointment_id}}/calendar.ics")
@endpoint(
    summary="Add to calendar: the appointment as an iCalendar file (stable UID, SEQUENCE)",
    roles=ALL_ROLES,
    path=("appointment_id",),
    tags=TAGS,
)
async def appointment_file(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    appointment_id: UUID,
    origin: Origin,
) -> web.Response:
    body = await calendars.appointment_file(
        runtime, caller=caller, appointment_id=appointment_id, origin=origin
    )
    return _ics(body, filename="appointment.ics")


@routes.get(FEED)
@endpoint(
    summary="Whether you have a calendar subscription link",
    roles=ALL_ROLES,
    response=FeedView,
    tags=TAGS,
)
async def feed_status(request: web.Request, *, runtime: Scheduling, caller: Caller) -> FeedView:
    feed = await calendars.live_feed(runtime, caller=caller)
    return FeedView(active=feed is not None, created_at=feed.created_at if feed else None)


@routes.post(FEED)
@endpoint(
    summary="A new private calendar subscription link (shown once; the previous one stops working)",
    roles=ALL_ROLES,
    response=FeedView,
    status=201,
    tags=TAGS,
)
async def start_feed(request: web.Request, *, runtime: Scheduling, caller: Caller) -> FeedView:
    feed, url = await calendars.start_feed(runtime, caller=caller)
    return FeedView(active=True, created_at=feed.created_at, url=url)


@routes.delete(FEED)
@endpoint(
    summary="Turn off your calendar subscription link", roles=ALL_ROLES, status=204, tags=TAGS
)
async def stop_feed(request: web.Request, *, runtime: Scheduling, caller: Caller) -> None:
    await calendars.stop_feed(runtime, caller=caller)


@routes.get(f"{BASE}/feeds/{{token:[A-Za-z0-9_-]{{20,100}}}}.ics")
@endpoint(
    summary="A calendar subscription feed (the secret in the URL is the only credential)",
    tags=TAGS,
    public=True,
)
async def feed(request: web.Request, *, runtime: Scheduling) -> web.Response:
    body = await calendars.feed_file(runtime, token=request.match_info["token"])
    return _ics(body, filename="appointments.ics")
