"""Billing's part of the demo practice (make up): once the demo practice, its clinician
and its client have reached billing's directory, three past sessions invoiced the way a
completed appointment is, the clinician's provider details, the client's insurance
details, a statement of the month so far and a superbill for the last 60 days. Seeding
again changes nothing: the sessions have fixed appointment ids, and everything else is
written the same way (a second superbill is not issued)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from services.billing.domain.statements import month_period
from services.billing.repo import documents as documents_repo
from services.billing.repo import profiles as profiles_repo
from services.billing.repo.profiles import Provider
from services.billing.service.access import local_date
from services.billing.service.invoices import invoice_for_appointment
from services.billing.service.profiles import Diagnosis, read_insurance, write_insurance
from services.billing.service.runtime import Billing
from services.billing.service.statements import issue_statement
from services.billing.service.superbills import issue_superbill
from shared import directory
from shared.auth import Caller
from shared.db import Connection
from shared.events.catalog import AppointmentCompleted, BillableService, Place
from shared.origin import Origin
from shared.runtime import Runtime

SLUG = "demo"
_IDS = uuid.UUID("6f1b0c2e-5d1a-4a55-9a37-0e6a0b1c2d3e")
SESSIONS = (  # days ago, service, CPT, fee (cents), place of service
    (26, "Psychotherapy, 53 minutes", "90837", 15000, "11"),
    (19, "Psychotherapy, 45 minutes", "90834", 12000, "02"),
    (5, "Psychotherapy, 53 minutes", "90837", 15000, "11"),
)


async def seed_demo(runtime: Runtime[Any]) -> bool:
    rt = runtime
    assert isinstance(rt, Billing)
    async with rt.reader() as conn:
        practice = await directory.find_practice_by_slug(conn, SLUG)
        if practice is None:
            return False
        clinicians = await directory.list_staff(conn, practice.id, role="clinician")
        clients = [c for c in await directory.list_clients(conn, practice.id) if c.known]
    if not clinicians or not clients:
        return False  # identity's events are still on their way
    clinician, client = clinicians[0], clients[0]
    for n, session in enumerate(SESSIONS):
        async with rt.uow() as work:
            await invoice_for_appointment(
                work, _completed(practice, clinician, client, n, session, rt.now())
            )
            await work.commit()
    async with rt.uow() as uow:
        await _details(uow.conn, rt, practice.id, clinician.id, client.id)
        zone = practice.time_zone
        today = local_date(rt.now(), zone)
        period = month_period(today.strftime("%Y-%m"), zone, today=today)
        await issue_statement(
            uow, practice_id=practice.id, client_id=client.id, currency="usd", period=period,
            at=rt.now(),
        )  # fmt: skip
        await uow.commit()
    if (
        practice.address and practice.phone
    ):  # a superbill needs them (older demo practices lack one)
        await _superbill(rt, practice, clinician, client)
    return True


async def _superbill(
    rt: Billing, practice: directory.Practice, clinician: directory.Staff, client: directory.Client
) -> None:
    """One superbill for the sessions so far, issued as the clinician would."""
    async with rt.reader() as conn:
        if await documents_repo.list_superbills(conn, practice.id, client_id=client.id,
                                                limit=1, offset=0):  # fmt: skip
            return
    clinician_caller = Caller(
        subject=clinician.id, practice_id=practice.id, role="clinician", session_id="demo-seed"
    )
    today = local_date(rt.now(), practice.time_zone)
    await issue_superbill(
        rt, caller=clinician_caller, client_id=client.id, start=today - timedelta(days=60),
        end=today, origin=Origin(user_agent="demo-seed"),
    )  # fmt: skip


def _completed(
    practice: directory.Practice,
    clinician: directory.Staff,
    client: directory.Client,
    n: int,
    session: tuple[int, str, str, int, str],
    now: datetime,
) -> AppointmentCompleted:
    days_ago, name, cpt, fee, pos = session
    starts = (now - timedelta(days=days_ago)).replace(hour=15, minute=0, second=0, microsecond=0)
    telehealth = pos == "02"
    return AppointmentCompleted(
        practice_id=practice.id, appointment_id=uuid.uuid5(_IDS, f"{client.id}:{n}"),
        client_id=client.id, clinician_id=clinician.id, service_id=uuid.uuid5(_IDS, cpt),
        starts_at=starts, ends_at=starts + timedelta(minutes=53), status="completed",
        place=Place(name="Video session" if telehealth else "Office", telehealth=telehealth,
                    time_zone=practice.time_zone),
        billing=BillableService(name=name, cpt_code=cpt, fee=fee, currency="usd",
                                place_of_service=pos),
    )  # fmt: skip


async def _details(
    conn: Connection,
    rt: Billing,
    practice_id: uuid.UUID,
    clinician_id: uuid.UUID,
    client_id: uuid.UUID,
) -> None:
    if await profiles_repo.find_provider(conn, practice_id, clinician_id) is None:
        await profiles_repo.save_provider(
            conn,
            Provider(practice_id=practice_id, staff_id=clinician_id, credentials="LCSW",
                     npi="1234567893", license="LCSW-012345", tax_id="12-3456789"),
        )  # fmt: skip
    insurance = await read_insurance(conn, rt.keyring, practice_id, client_id)
    if insurance.member_id is None:
        anxiety = Diagnosis(code="F41.1", description="Generalized anxiety disorder")
        await write_insurance(conn, rt.keyring, practice_id, client_id, "XJH123456789", [anxiety])
