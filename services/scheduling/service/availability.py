"""Open times for a client (or a New Client) to choose from, and what can be chosen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from services.scheduling.domain.availability import (
    Blocked,
    Day,
    Request,
    Schedule,
    local_instant,
    open_days,
    week_of,
)
from services.scheduling.domain.setup import BookingPolicy, Location, ServiceType
from services.scheduling.repo import appointments as appointments_repo
from services.scheduling.repo import hours as hours_repo
from services.scheduling.repo import setup as setup_repo
from services.scheduling.service.access import Scheduling, office_phone, practice_staff
from shared import directory
from shared.db import Connection
from shared.errors import NotFound


@dataclass(frozen=True)
class Offer:
    """One bookable combination: a clinician at a location for a service, under a policy."""

    clinician: directory.Staff
    location: Location
    service: ServiceType
    policy: BookingPolicy

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.location.time_zone)


@dataclass(frozen=True)
class Week:
    offer: Offer
    start: date  # a Sunday
    days: list[Day]
    previous: date | None  # None: nothing bookable before this week
    next: date | None  # None: beyond the booking horizon


@dataclass(frozen=True)
class Options:
    """What the booking page offers: clinicians (each with where and what they can be
    booked for), locations and services, and the policy a client should know."""

    clinicians: list[tuple[directory.Staff, list[UUID], list[UUID]]]
    locations: list[Location]
    services: list[ServiceType]
    policy: BookingPolicy
    phone: str | None


async def load_offer(
    conn: Connection,
    practice_id: UUID,
    *,
    clinician_id: UUID,
    location_id: UUID,
    service_id: UUID,
    online_only: bool,
) -> Offer:
    """The offer, or 404 naming what does not exist, is inactive or is not offered (a
    client books only services offered online, with a clinician who offers them)."""
    location = await setup_repo.find_location(conn, practice_id, location_id)
    if location is None or not location.active:
        raise NotFound("No such location.", field="location_id")
    service = await setup_repo.find_service(conn, practice_id, service_id)
    usable = service is not None and service.active and (service.online or not online_only)
    if service is None or not usable or not service.offered_by(clinician_id):
        raise NotFound("This clinician does not offer that service online.", field="service_id")
    clinician = await practice_staff(conn, practice_id, clinician_id)
    policy = await setup_repo.get_policy(conn, practice_id)
    return Offer(clinician=clinician, location=location, service=service, policy=policy)


async def open_times(
    conn: Connection,
    offer: Offer,
    *,
    first: date,
    count: int,
    now: datetime,
    other_than: UUID | None = None,
) -> list[Day]:
    """``count`` days from ``first`` with their open times (domain/availability.py)."""
    days = [first + timedelta(days=i) for i in range(count)]
    zone, policy, clinician = offer.zone, offer.policy, offer.clinician.id
    since = local_instant(first, time(0), zone) - timedelta(days=1)
    until = local_instant(days[-1], time(0), zone) + timedelta(days=2)
    weekly = await hours_repo.list_weekly(
        conn, offer.location.practice_id, clinician, location_id=offer.location.id
    )
    overrides = await hours_repo.list_overrides(
        conn,
        offer.location.practice_id,
        clinician,
        first=first,
        last=days[-1],
        location_id=offer.location.id,
    )
    held = await appointments_repo.held_ranges(
        conn, clinician, since=since, until=until, other_than=other_than
    )
    off = await hours_repo.list_time_off(
        conn, offer.location.practice_id, clinician, since=since, until=until
    )
    request = Request(
        zone=zone,
        duration=offer.service.duration,
        interval=policy.slot_interval,
        buffer=policy.buffer,
        earliest=max(now, now + policy.min_notice),
        latest=now + policy.horizon,
    )
    return open_days(
        Schedule.of(weekly, overrides),
        days,
        request,
        appointments=Blocked(held),
        time_off=Blocked((t.starts_at, t.ends_at) for t in off),
    )


async def open_week(
    rt: Scheduling,
    *,
    practice_id: UUID,
    clinician_id: UUID,
    location_id: UUID,
    service_id: UUID,
    week: date | None,
) -> Week:
    """Sunday to Saturday of the week holding ``week`` (default: this week, where the
    location is), with the weeks before and after when they can hold anything."""
    now = rt.now()
    async with rt.reader() as conn:
        offer = await load_offer(
            conn,
            practice_id,
            clinician_id=clinician_id,
            location_id=location_id,
            service_id=service_id,
            online_only=True,
        )
        today = now.astimezone(offer.zone).date()
        start = week_of(week or today)
        days = await open_times(conn, offer, first=start, count=7, now=now)
    last_bookable = (now + offer.policy.horizon).astimezone(offer.zone).date()
    return Week(
        offer=offer,
        start=start,
        days=days,
        previous=start - timedelta(days=7) if start > today else None,
        next=start + timedelta(days=7) if start + timedelta(days=7) <= last_bookable else None,
    )


async def booking_options(rt: Scheduling, *, practice_id: UUID) -> Options:
    async with rt.reader() as conn:
        locations = await setup_repo.list_locations(conn, practice_id, active_only=True)
        services = [
            s
            for s in await setup_repo.list_services(conn, practice_id, active_only=True)
            if s.online
        ]
        pairs = await hours_repo.bookable_pairs(conn, practice_id)
        staff = await directory.list_staff(conn, practice_id)
        policy = await setup_repo.get_policy(conn, practice_id)
        phone = await office_phone(conn, policy)
    clinicians = []
    for person in staff:
        where = sorted({loc for who, loc in pairs if who == person.id}, key=str)
        what = [s.id for s in services if s.offered_by(person.id)]
        if where and what:
            clinicians.append((person, where, what))
    used = {loc for _, where, _ in clinicians for loc in where}
    offered = {s for _, _, what in clinicians for s in what}
    return Options(
        clinicians=clinicians,
        locations=[loc for loc in locations if loc.id in used],
        services=[s for s in services if s.id in offered],
        policy=policy,
        phone=phone,
    )


async def practice_taking_new_clients(rt: Scheduling, slug: str) -> directory.Practice:
    """The practice at ``slug`` if its policy lets people without an account ask for a
    first appointment; otherwise 404, so the public booking page shows nothing."""
    async with rt.reader() as conn:
        practice = await directory.find_practice_by_slug(conn, slug)
        if practice is not None:
            policy = await setup_repo.get_policy(conn, practice.id)
            if policy.allow_new_clients:
                return practice
    raise NotFound("This practice does not take appointment requests from new clients online.")
