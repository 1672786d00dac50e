"""When a clinician can be booked: weekly hours per location, date overrides, time off.
A clinician sets their own; an admin anyone's in the practice."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Sequence
from datetime import date, datetime, time
from uuid import UUID

from services.scheduling.domain.availability import DateOverride, TimeOff, WeeklyHours
from services.scheduling.repo import hours as hours_repo
from services.scheduling.repo import setup as setup_repo
from services.scheduling.service.access import Scheduling, calendar_owner, practice_staff
from shared.auth import Caller
from shared.db import Connection
from shared.errors import InvalidInput, NotFound

Window = tuple[time, time]


async def weekly_hours(rt: Scheduling, *, caller: Caller, clinician_id: UUID) -> list[WeeklyHours]:
    owner = calendar_owner(caller, clinician_id)
    async with rt.reader() as conn:
        return await hours_repo.list_weekly(conn, caller.practice_id, owner)


async def set_weekly_hours(
    rt: Scheduling,
    *,
    caller: Caller,
    clinician_id: UUID,
    location_id: UUID,
    windows: Sequence[tuple[int, time, time]],
) -> list[WeeklyHours]:
    """The clinician's whole week at ``location_id``: (ISO weekday, start, end) rows."""
    owner = calendar_owner(caller, clinician_id)
    _no_overlaps([(day, (s, e)) for day, s, e in windows])
    hours = [
        WeeklyHours(uuid.uuid4(), owner, location_id, day, starts, ends)
        for day, starts, ends in sorted(windows)
    ]
    async with rt.uow() as uow:
        await _bookable_at(uow.conn, caller, owner, location_id)
        await hours_repo.replace_weekly(uow.conn, caller.practice_id, owner, location_id, hours)
        await uow.commit()
    return hours


async def date_overrides(
    rt: Scheduling, *, caller: Caller, clinician_id: UUID, first: date, last: date
) -> list[DateOverride]:
    owner = calendar_owner(caller, clinician_id)
    async with rt.reader() as conn:
        return await hours_repo.list_overrides(
            conn, caller.practice_id, owner, first=first, last=last
        )


async def add_date_override(
    rt: Scheduling,
    *,
    caller: Caller,
    clinician_id: UUID,
    location_id: UUID,
    on_date: date,
    window: Window | None,
) -> DateOverride:
    """Hours for one date in place of the weekly ones (``window`` None: closed that day)."""
    owner = calendar_owner(caller, clinician_id)
    override = DateOverride(
        id=uuid.uuid4(),
        clinician_id=owner,
        location_id=location_id,
        on_date=on_date,
        starts=window[0] if window else None,
        ends=window[1] if window else None,
    )
    async with rt.uow() as uow:
        await _bookable_at(uow.conn, caller, owner, location_id)
        await hours_repo.insert_override(uow.conn, caller.practice_id, override)
        await uow.commit()
    return override


async def remove_date_override(
    rt: Scheduling, *, caller: Caller, clinician_id: UUID, override_id: UUID
) -> None:
    owner = calendar_owner(caller, clinician_id)
    async with rt.uow() as uow:
        if not await hours_repo.delete_override(uow.conn, caller.practice_id, owner, override_id):
            raise NotFound("No such date override.", field="override_id")
        await uow.commit()


async def time_off(
    rt: Scheduling, *, caller: Caller, clinician_id: UUID, since: datetime, until: datetime
) -> list[TimeOff]:
    owner = calendar_owner(caller, clinician_id)
    async with rt.reader() as conn:
        return await hours_repo.list_time_off(
            conn, caller.practice_id, owner, since=since, until=until
        )


async def add_time_off(
    rt: Scheduling, *, caller: Caller, clinician_id: UUID, starts_at: datetime, ends_at: datetime
) -> TimeOff:
    """Time off stops new bookings then; appointments already made stay (staff cancel
    them if they must, and the clients are told)."""
    owner = calendar_owner(caller, clinician_id)
    off = TimeOff(id=uuid.uuid4(), clinician_id=owner, starts_at=starts_at, ends_at=ends_at)
    async with rt.uow() as uow:
        await practice_staff(uow.conn, caller.practice_id, owner)
        await hours_repo.insert_time_off(uow.conn, caller.practice_id, off)
        await uow.commit()
    return off


async def remove_time_off(
    rt: Scheduling, *, caller: Caller, clinician_id: UUID, time_off_id: UUID
) -> None:
    owner = calendar_owner(caller, clinician_id)
    async with rt.uow() as uow:
        if not await hours_repo.delete_time_off(uow.conn, caller.practice_id, owner, time_off_id):
            raise NotFound("No such time off.", field="time_off_id")
        await uow.commit()


async def _bookable_at(conn: Connection, caller: Caller, owner: UUID, location_id: UUID) -> None:
    await practice_staff(conn, caller.practice_id, owner)
    if await setup_repo.find_location(conn, caller.practice_id, location_id) is None:
        raise NotFound("No such location.", field="location_id")


def _no_overlaps(windows: Sequence[tuple[int, Window]]) -> None:
    by_day: dict[int, list[Window]] = {}
    for day, window in windows:
        by_day.setdefault(day, []).append(window)
    for day, spans in by_day.items():
        spans.sort()
        for (_, end), (start, _) in itertools.pairwise(spans):
            if start < end:
                raise InvalidInput(f"two stretches of weekday {day} overlap", field="hours")
