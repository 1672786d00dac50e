"""The demo practice's scheduling (make up, PORTAL_DEMO_DATA): an office and a telehealth
room, two services, the demo clinician's hours, a policy that takes New Client requests,
and one confirmed session for the demo client, so every step of the guide's Online
Booking can be walked. Made through the service's own use cases, once: a practice that
already has a location is left alone."""

from __future__ import annotations

from datetime import time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from services.scheduling.domain.availability import local_instant
from services.scheduling.repo import setup as setup_repo
from services.scheduling.service import booking, hours, setup
from services.scheduling.service.access import Scheduling
from shared import directory
from shared.auth import Caller
from shared.logging import get_logger
from shared.origin import Origin

log = get_logger(__name__)
SLUG = "demo"
CLINICIAN_EMAIL = "casey.clinician@example.com"
CLIENT_EMAIL = "jordan.client@example.com"
WEEKDAYS = range(1, 6)


async def seed_demo(rt: Scheduling) -> bool:
    """True once done (or already done); False while identity's demo has not arrived."""
    async with rt.reader() as conn:
        practice = await directory.find_practice_by_slug(conn, SLUG)
        if practice is None:
            return False
        if await setup_repo.list_locations(conn, practice.id):
            return True
        staff = await directory.list_staff(conn, practice.id)
        clinician = next((s for s in staff if s.email == CLINICIAN_EMAIL), None)
        clients = await directory.list_clients(conn, practice.id)
        client = next((c for c in clients if c.email == CLIENT_EMAIL), None)
    if clinician is None or client is None:
        return False
    caller = Caller(
        subject=clinician.id, practice_id=practice.id, role="clinician", session_id="demo"
    )
    office, room = await _locations(rt, caller, practice)
    therapy = await _services(rt, caller)
    for location, windows in (
        (office, [(d, time(9), time(17)) for d in WEEKDAYS]),
        (room, [(d, time(17), time(20)) for d in (2, 4)]),
    ):
        await hours.set_weekly_hours(
            rt, caller=caller, clinician_id=clinician.id, location_id=location, windows=windows
        )
    await setup.change_policy(rt, caller=caller, changes={"allow_new_clients": True})
    await _first_session(rt, caller, practice, office=office, service=therapy, client=client.id)
    log.info("scheduling.demo_seeded", practice=SLUG)
    return True


async def _locations(
    rt: Scheduling, caller: Caller, practice: directory.Practice
) -> tuple[UUID, UUID]:
    office = await setup.add_location(
        rt,
        caller=caller,
        fields={
            "name": "Main Office",
            "time_zone": practice.time_zone,
            "address": "100 Harbor Street, Suite 2, Springfield, IL 62701",
            "phone": practice.phone,
        },
    )
    room = await setup.add_location(
        rt,
        caller=caller,
        fields={
            "name": "Telehealth",
            "time_zone": practice.time_zone,
            "telehealth": True,
            "video_url": "https://video.example.com/demo-casey",
        },
    )
    return office.id, room.id


async def _services(rt: Scheduling, caller: Caller) -> UUID:
    therapy = await setup.add_service(
        rt,
        caller=caller,
        fields={
            "name": "Individual therapy (50 minutes)",
            "duration_minutes": 50,
            "fee": 15000,
            "cpt_code": "90834",
            "clinician_ids": [caller.subject],
        },
    )
    await setup.add_service(
        rt,
        caller=caller,
        fields={
            "name": "First consultation (30 minutes)",
            "duration_minutes": 30,
            "fee": 0,
            "clinician_ids": [caller.subject],
        },
    )
    return therapy.id


async def _first_session(
    rt: Scheduling,
    caller: Caller,
    practice: directory.Practice,
    *,
    office: UUID,
    service: UUID,
    client: UUID,
) -> None:
    zone = ZoneInfo(practice.time_zone)
    day = rt.now().astimezone(zone).date() + timedelta(days=10)
    while day.isoweekday() not in WEEKDAYS:
        day += timedelta(days=1)
    await booking.request_appointment(
        rt,
        caller=caller,
        clinician_id=caller.subject,
        location_id=office,
        service_id=service,
        starts_at=local_instant(day, time(10), zone),
        client_id=client,
        origin=Origin(),
    )
