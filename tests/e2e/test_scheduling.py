"""Scheduling with identity, RabbitMQ and the gateway, all real: the practice, its staff
and clients reach scheduling through identity's events; a client signed in with a
password requests a time the clinician approves, and the events go out through the
broker, and messaging emails the client the confirmation with its calendar file; a New
Client's approval creates their account in identity; a calendar feed is
followed without a session; and `make up`'s demo data appears once identity's demo does."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import aio_pika
import aiohttp
import icalendar
import pytest
from aio_pika.abc import AbstractQueue

from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.service.demo import seed_demo
from services.identity.service.runtime import Origin
from services.identity.tests.integration.conftest import FAST, Portal, Tenant
from services.messaging.app import definition as messaging
from services.messaging.tests.support import email_about
from services.scheduling.app import definition as scheduling
from services.scheduling.service.demo import seed_demo as seed_scheduling
from shared import directory
from shared.events.envelope import EXCHANGE
from shared.testing import Stack, drain_event_ids, eventually, running_stack, smtp_server

Json = Any


@pytest.fixture(scope="module")
async def stack(
    admin_dsn: str, amqp_url: str, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[tuple[Stack, Portal]]:
    with smtp_server() as smtp:
        async with running_stack(
            [identity(), scheduling(), messaging()],
            admin_dsn=admin_dsn,
            amqp_url=amqp_url,
            smtp=smtp,
            settings={"identity": FAST, "scheduling": {"demo_data": True}},
            gateway={"web_root": tmp_path_factory.mktemp("web"), "auth_burst": 100},
        ) as running:
            idp = identity_of(running.apps["identity"])
            portal = Portal(url=running.url, idp=idp, smtp=smtp, db=None)  # type: ignore[arg-type]
            try:
                yield running, portal
            finally:
                await portal.close()


@pytest.fixture
async def tap(amqp_url: str) -> AsyncIterator[AbstractQueue]:
    """Every appointment event really published on portal.events."""
    connection = await aio_pika.connect_robust(amqp_url)
    channel = await connection.channel()
    exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(exchange, routing_key="appointment.#")
    yield queue
    await connection.close()


async def known_to_scheduling(stack: Stack, tenant: Tenant, *client_ids: str) -> None:
    """Identity's events have reached scheduling's directory (through RabbitMQ)."""
    rt = stack.runtime("scheduling")

    async def arrived() -> bool:
        async with rt.reader() as conn:
            staff = await directory.find_staff(
                conn, tenant.practice.id, tenant.clinician.account.id
            )
            clients = [
                await directory.find_client(conn, tenant.practice.id, uuid.UUID(c))
                for c in client_ids
            ]
        return staff is not None and all(c is not None and c.known for c in clients)

    await eventually(arrived, seconds=30)


async def set_up(
    portal: Portal, staff: aiohttp.ClientSession, tenant: Tenant, **policy: Any
) -> dict[str, str]:
    office = await portal.post(
        staff,
        "/api/v1/scheduling/locations",
        {
            "name": "Main Office",
            "time_zone": "America/New_York",
            "address": "100 Harbor Street",
        },
        expect=201,
    )
    service = await portal.post(
        staff,
        "/api/v1/scheduling/services",
        {
            "name": "Individual therapy",
            "duration_minutes": 50,
            "fee": 15000,
            "clinician_ids": [str(tenant.clinician.account.id)],
        },
        expect=201,
    )
    every_day = [{"weekday": d, "starts": "08:00", "ends": "20:00"} for d in range(1, 8)]
    await portal.post(
        staff,
        f"/api/v1/scheduling/clinicians/{tenant.clinician.account.id}/hours",
        {"location_id": office["id"], "hours": every_day},
        method="PUT",
        expect=200,
    )
    if policy:
        await portal.post(
            staff, "/api/v1/scheduling/booking-policy", policy, method="PATCH", expect=200
        )
    return {
        "clinician_id": str(tenant.clinician.account.id),
        "location_id": office["id"],
        "service_id": service["id"],
    }


async def first_open(
    portal: Portal, http: aiohttp.ClientSession, path: str, choice: dict[str, str]
) -> str:
    week: Json = await portal.get(http, f"{path}?{_query(choice)}", expect=200)
    while True:
        for day in week["days"]:
            for slot in day["morning"] + day["afternoon"]:
                return str(slot["starts_at"])
        week = await portal.get(
            http, f"{path}?{_query(choice | {'week': week['next_week']})}", expect=200
        )


def _query(values: dict[str, str]) -> str:
    return urlencode(values)


async def events_of(tap: AbstractQueue, appointment_id: str) -> list[Json]:
    seen: list[Json] = []

    def mine(body: Json) -> bool:
        if body["data"].get("appointment_id") == appointment_id:
            seen.append(body)
            return True
        return False

    await drain_event_ids(tap, where=mine)
    return seen


async def test_a_signed_in_client_books_the_clinician_approves_and_the_events_go_out(
    stack: tuple[Stack, Portal], tap: AbstractQueue
) -> None:
    running, portal = stack
    tenant = await portal.tenant()
    staff = await portal.staff_session(tenant, tenant.clinician)
    client, me, _ = await portal.active_client(tenant, client="mobile")
    client_id = me["account"]["id"]
    await known_to_scheduling(running, tenant, client_id)
    choice = await set_up(portal, staff, tenant)

    starts = await first_open(portal, client, "/api/v1/scheduling/booking/availability", choice)
    made = await portal.post(
        client,
        "/api/v1/scheduling/appointments",
        choice | {"starts_at": starts},
        headers={"Idempotency-Key": str(uuid.uuid4())},
        expect=201,
    )
    assert made["status"] == "requested"
    [waiting] = await portal.get(staff, "/api/v1/scheduling/requests", expect=200)
    assert waiting["id"] == made["id"] and waiting["client_name"] == "Robin Client"
    await portal.post(
        staff, f"/api/v1/scheduling/appointments/{made['id']}/approve", None, expect=200
    )
    mine = await portal.get(client, "/api/v1/scheduling/appointments", expect=200)
    assert [(a["id"], a["status"]) for a in mine] == [(made["id"], "confirmed")]

    published = await events_of(tap, made["id"])
    assert [e["type"] for e in published] == ["appointment.requested", "appointment.approved"]
    approved = published[1]["data"]
    assert approved["client_id"] == client_id and approved["prospect"] is None
    assert approved["place"]["time_zone"] == "America/New_York" and approved["sequence"] == 1

    # "an approved appointment leads to a confirmation email": through the broker to
    # messaging, its email outbox and a real SMTP server, with the calendar file.
    email = await email_about(
        portal.smtp, me["account"]["email"], "Your appointment is confirmed", seconds=30
    )
    (part,) = [p for p in email.walk() if p.get_content_type() == "text/calendar"]
    (entry,) = icalendar.Calendar.from_ical(part.get_payload(decode=True)).walk("VEVENT")
    assert str(entry["uid"]).startswith(f"appointment-{made['id']}@")
    assert str(entry["status"]) == "CONFIRMED" and int(entry["sequence"]) == 1

    # The calendar feed is followed through the gateway with no session at all.
    feed = await portal.post(client, "/api/v1/scheduling/calendar-feed", None, expect=201)
    assert feed["url"].startswith(running.url)
    async with aiohttp.ClientSession() as anonymous, anonymous.get(feed["url"]) as r:
        assert r.status == 200 and r.content_type == "text/calendar"
        assert f"appointment-{made['id']}@" in (await r.text()).replace("\r\n ", "")


async def test_approving_a_new_client_request_creates_their_account_and_invites_them(
    stack: tuple[Stack, Portal], tap: AbstractQueue
) -> None:
    running, portal = stack
    tenant = await portal.tenant()
    staff = await portal.staff_session(tenant, tenant.clinician)
    existing, me, invite = await portal.active_client(tenant, client="mobile")
    await known_to_scheduling(running, tenant, me["account"]["id"])
    choice = await set_up(portal, staff, tenant, allow_new_clients=True)
    public = f"/api/v1/scheduling/practices/{tenant.practice.slug}/booking"
    anonymous = portal.http()
    email = f"dana-{uuid.uuid4().hex[:6]}@example.org"

    starts = await first_open(portal, anonymous, f"{public}/availability", choice)
    person = {
        "first_name": "Dana",
        "last_name": "O'Neil",
        "email": email,
        "phone": "+1 555 999 0000",
    }
    asked = await portal.post(
        anonymous, f"{public}/requests", choice | {"starts_at": starts} | person, expect=201
    )
    approved = await portal.post(
        staff, f"/api/v1/scheduling/appointments/{asked['id']}/approve", None, expect=200
    )
    assert approved["status"] == "confirmed" and approved["client_id"]
    # Identity invited them: the welcome email with a PIN went to the address they gave.
    await portal.smtp.wait_for(email)
    clients = await portal.get(staff, f"/api/v1/identity/clients?q={email}", expect=200)
    assert [c["id"] for c in clients] == [approved["client_id"]]
    [requested, confirmed] = await events_of(tap, asked["id"])
    assert (
        requested["data"]["client_id"] is None and requested["data"]["prospect"]["email"] == email
    )
    assert confirmed["data"]["client_id"] == approved["client_id"]

    # Someone who already has an account asking as a New Client is linked to it.
    later = await first_open(portal, anonymous, f"{public}/availability", choice)
    again = await portal.post(
        anonymous,
        f"{public}/requests",
        choice | {"starts_at": later} | person | {"email": invite.email},
        expect=201,
    )
    linked = await portal.post(
        staff, f"/api/v1/scheduling/appointments/{again['id']}/approve", None, expect=200
    )
    ids = await portal.get(staff, f"/api/v1/identity/clients?q={invite.email}", expect=200)
    assert linked["client_id"] == ids[0]["id"] == me["account"]["id"]
    mine = await portal.get(existing, "/api/v1/scheduling/appointments", expect=200)
    assert again["id"] in [a["id"] for a in mine]


async def test_the_demo_practice_gets_its_scheduling_once_identitys_demo_is_seeded(
    stack: tuple[Stack, Portal],
) -> None:
    running, portal = stack
    await seed_demo(portal.idp, origin=Origin())
    rt = running.runtime("scheduling")

    async def seeded() -> bool:
        async with rt.reader() as conn:
            return bool(
                await conn.fetchval(
                    "SELECT count(*) FROM appointments a"
                    " JOIN directory_clients c ON c.client_id = a.client_id"
                    " WHERE c.email = 'jordan.client@example.com' AND a.status = 'confirmed'"
                )
            )

    await eventually(seeded, seconds=30)
    jordan = portal.http()
    login = await portal.post(
        jordan,
        "/api/v1/identity/sessions",
        {
            "practice": "demo",
            "email": "jordan.client@example.com",
            "password": "demo-client-meadow-42",
            "client": "mobile",
        },
        expect=200,
    )
    jordan.headers["Authorization"] = f"Bearer {login['access_token']}"
    options = await portal.get(jordan, "/api/v1/scheduling/booking/options", expect=200)
    assert {x["name"] for x in options["locations"]} == {"Main Office", "Telehealth"}
    assert [c["name"] for c in options["clinicians"]] == ["Casey Clinician"]
    public = await portal.get(
        portal.http(), "/api/v1/scheduling/practices/demo/booking/options", expect=200
    )
    assert len(public["services"]) == 2
    mine = await portal.get(jordan, "/api/v1/scheduling/appointments", expect=200)
    assert [a["status"] for a in mine] == ["confirmed"]
    # Seeding again changes nothing.
    async with rt.reader() as conn:
        before = await conn.fetchval("SELECT count(*) FROM locations")
    assert await seed_scheduling(rt) is True
    async with rt.reader() as conn:
        assert await conn.fetchval("SELECT count(*) FROM locations") == before
