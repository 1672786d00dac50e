"""A clinician's hours (weekly per location, date overrides) and time off. A clinician
works on their own; an admin on anyone's in the practice."""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from aiohttp import web

from services.scheduling.api._routes import BASE, TAGS, routes
from services.scheduling.domain.availability import DateOverride
from services.scheduling.schemas.requests import (
    DateOverrideRequest,
    DateRangeQuery,
    TimeOffRequest,
    WeeklyHoursRequest,
)
from services.scheduling.schemas.views import DateOverrideView, HoursView, TimeOffView
from services.scheduling.service import hours
from services.scheduling.service.access import Scheduling
from shared.auth import STAFF_ROLES, Caller
from shared.web import endpoint

CLINICIAN = f"{BASE}/clinicians/{{clinician_id}}"


@routes.get(f"{CLINICIAN}/hours")
@endpoint(
    summary="A clinician's weekly hours at every location (wall-clock times in its zone)",
    roles=STAFF_ROLES,
    path=("clinician_id",),
    response=list[HoursView],
    tags=TAGS,
)
async def weekly(
    request: web.Request, *, runtime: Scheduling, caller: Caller, clinician_id: UUID
) -> list[HoursView]:
    found = await hours.weekly_hours(runtime, caller=caller, clinician_id=clinician_id)
    return [HoursView.of(h) for h in found]


@routes.put(f"{CLINICIAN}/hours")
@endpoint(
    summary="Set a clinician's whole week at one location (replaces what was there)",
    roles=STAFF_ROLES,
    path=("clinician_id",),
    body=WeeklyHoursRequest,
    response=list[HoursView],
    tags=TAGS,
)
async def set_weekly(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    clinician_id: UUID,
    body: WeeklyHoursRequest,
) -> list[HoursView]:
    windows = [(h.weekday, h.starts, h.ends) for h in body.hours]
    found = await hours.set_weekly_hours(
        runtime,
        caller=caller,
        clinician_id=clinician_id,
        location_id=body.location_id,
        windows=windows,
    )
    return [HoursView.of(h) for h in found]


def _override_view(o: DateOverride) -> DateOverrideView:
    return DateOverrideView(
        id=o.id,
        location_id=o.location_id,
        date=o.on_date,
        starts=o.starts.strftime("%H:%M") if o.starts else None,
        ends=o.ends.strftime("%H:%M") if o.ends else None,
    )


@routes.get(f"{CLINICIAN}/date-overrides")
@endpoint(
    summary="A clinician's date overrides between two dates",
    roles=STAFF_ROLES,
    path=("clinician_id",),
    query=DateRangeQuery,
    response=list[DateOverrideView],
    tags=TAGS,
)
async def overrides(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    clinician_id: UUID,
    query: DateRangeQuery,
) -> list[DateOverrideView]:
    found = await hours.date_overrides(
        runtime, caller=caller, clinician_id=clinician_id, first=query.first, last=query.last
    )
    return [_override_view(o) for o in found]


@routes.post(f"{CLINICIAN}/date-overrides")
@endpoint(
    summary="Hours for one date in place of the weekly ones (no times: closed that day)",
    roles=STAFF_ROLES,
    path=("clinician_id",),
    body=DateOverrideRequest,
    response=DateOverrideView,
    status=201,
    tags=TAGS,
)
async def add_override(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    clinician_id: UUID,
    body: DateOverrideRequest,
) -> DateOverrideView:
    window = (body.starts, body.ends) if body.starts and body.ends else None
    found = await hours.add_date_override(
        runtime,
        caller=caller,
        clinician_id=clinician_id,
        location_id=body.location_id,
        on_date=body.date,
        window=window,
    )
    return _override_view(found)


@routes.delete(f"{CLINICIAN}/date-overrides/{{override_id}}")
@endpoint(
    summary="Remove a date override",
    roles=STAFF_ROLES,
    path=("clinician_id", "override_id"),
    status=204,
    tags=TAGS,
)
async def remove_override(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    clinician_id: UUID,
    override_id: UUID,
) -> None:
    await hours.remove_date_override(
        runtime, caller=caller, clinician_id=clinician_id, override_id=override_id
    )


@routes.get(f"{CLINICIAN}/time-off")
@endpoint(
    summary="A clinician's time off, from a month ago on",
    roles=STAFF_ROLES,
    path=("clinician_id",),
    response=list[TimeOffView],
    tags=TAGS,
)
async def list_time_off(
    request: web.Request, *, runtime: Scheduling, caller: Caller, clinician_id: UUID
) -> list[TimeOffView]:
    now = runtime.now()
    found = await hours.time_off(
        runtime,
        caller=caller,
        clinician_id=clinician_id,
        since=now - timedelta(days=31),
        until=now + timedelta(days=3650),
    )
    return [TimeOffView.model_validate(t) for t in found]


@routes.post(f"{CLINICIAN}/time-off")
@endpoint(
    summary="Add time off (no new bookings then, at any location)",
    roles=STAFF_ROLES,
    path=("clinician_id",),
    body=TimeOffRequest,
    response=TimeOffView,
    status=201,
    tags=TAGS,
)
async def add_time_off(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    clinician_id: UUID,
    body: TimeOffRequest,
) -> TimeOffView:
    found = await hours.add_time_off(
        runtime,
        caller=caller,
        clinician_id=clinician_id,
        starts_at=body.starts_at,
        ends_at=body.ends_at,
    )
    return TimeOffView.model_validate(found)


@routes.delete(f"{CLINICIAN}/time-off/{{time_off_id}}")
@endpoint(
    summary="Remove time off",
    roles=STAFF_ROLES,
    path=("clinician_id", "time_off_id"),
    status=204,
    tags=TAGS,
)
async def remove_time_off(
    request: web.Request,
    *,
    runtime: Scheduling,
    caller: Caller,
    clinician_id: UUID,
    time_off_id: UUID,
) -> None:
    await hours.remove_time_off(
        runtime, caller=caller, clinician_id=clinician_id, time_off_id=time_off_id
    )
