"""A practice ready for Online Booking in the browser tests: identity, scheduling, the
gateway serving the built web client, a clinician with a colleague (so the guide's
"Select your clinician" has a choice), hours every day, and a client with a password."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from playwright.async_api import Page, expect

from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.tests.integration.conftest import CLIENT_PASSWORD, FAST, Portal, Tenant
from services.scheduling.app import definition as scheduling
from shared import directory
from shared.testing import Stack, eventually, running_stack, smtp_server
from tests.browser.conftest import PHONE, WEB_DIST, axe_violations

# A client on the west coast booking with a practice in New York: every time says whose.
ELSEWHERE = {**PHONE, "timezone_id": "America/Los_Angeles"}
ZONE = re.compile(r"\d (AM|PM) (EST|EDT)")


@dataclass
class Booking:
    stack: Stack
    portal: Portal

    @property
    def url(self) -> str:
        return self.stack.url


@dataclass
class Office:
    tenant: Tenant
    staff: aiohttp.ClientSession
    client: aiohttp.ClientSession  # the first client's API session (bearer)
    client_email: str
    choice: dict[str, str]


@pytest.fixture(scope="module", name="booking")
async def booking_fixture(admin_dsn: str, amqp_url: str) -> AsyncIterator[Booking]:
    """Import this into a test module (one stack per module, shared by its tests)."""
    with smtp_server() as smtp:
        async with running_stack(
            [identity(), scheduling()],
            admin_dsn=admin_dsn,
            amqp_url=amqp_url,
            smtp=smtp,
            settings={"identity": {k: v for k, v in FAST.items() if k != "public_url"}},
            gateway={"auth_burst": 200},
            web_root=WEB_DIST,
        ) as running:
            portal = Portal(
                url=running.url, idp=identity_of(running.apps["identity"]), smtp=smtp, db=None
            )  # type: ignore[arg-type]
            try:
                yield Booking(stack=running, portal=portal)
            finally:
                await portal.close()


async def office(b: Booking, **policy: Any) -> Office:
    """A practice whose clinician sees clients every day 8 am to 8 pm at Main Office (and a
    colleague, so the guide's "Select your clinician" has a choice), with one client."""
    portal = b.portal
    tenant = await portal.tenant(name="Harbor Counseling")
    colleague = await portal.add_staff(tenant.practice, "clinician")
    # Staff sessions here are the admin's: the clinician's authenticator codes are kept
    # for signing in through the browser (each code works once).
    staff = await portal.staff_session(tenant, tenant.admin)
    client, me, invite = await portal.active_client(tenant, client="mobile")
    rt = b.stack.runtime("scheduling")

    async def arrived() -> bool:
        async with rt.reader() as conn:
            known = await directory.find_client(
                conn, tenant.practice.id, uuid.UUID(me["account"]["id"])
            )
            other = await directory.find_staff(conn, tenant.practice.id, colleague.account.id)
        return known is not None and known.known and other is not None

    await eventually(arrived, seconds=30)
    location = await portal.post(
        staff,
        "/api/v1/scheduling/locations",
        {
            "name": "Main Office",
            "time_zone": "America/New_York",
            "address": "100 Harbor Street, Springfield",
            "phone": "+1 555 010 0123",
        },
        expect=201,
    )
    clinicians = [str(tenant.clinician.account.id), str(colleague.account.id)]
    service = await portal.post(
        staff,
        "/api/v1/scheduling/services",
        {
            "name": "Individual therapy",
            "duration_minutes": 50,
            "fee": 15000,
            "clinician_ids": clinicians,
        },
        expect=201,
    )
    admin = staff
    every_day = [{"weekday": d, "starts": "08:00", "ends": "20:00"} for d in range(1, 8)]
    for clinician in clinicians:
        await portal.post(
            admin,
            f"/api/v1/scheduling/clinicians/{clinician}/hours",
            {"location_id": location["id"], "hours": every_day},
            method="PUT",
            expect=200,
        )
    await portal.post(
        staff,
        "/api/v1/scheduling/booking-policy",
        {"cancellation_window_hours": 72, **policy},
        method="PATCH",
        expect=200,
    )
    choice = {
        "clinician_id": clinicians[0],
        "location_id": location["id"],
        "service_id": service["id"],
    }
    return Office(
        tenant=tenant, staff=staff, client=client, client_email=invite.email, choice=choice
    )


async def earliest(b: Booking, o: Office) -> list[str]:
    week = await b.portal.get(
        o.client, f"/api/v1/scheduling/booking/availability?{urlencode(o.choice)}", expect=200
    )
    found = [s["starts_at"] for d in week["days"] for s in d["morning"] + d["afternoon"]]
    if not found:
        nxt = urlencode(o.choice | {"week": week["next_week"]})
        week = await b.portal.get(
            o.client, f"/api/v1/scheduling/booking/availability?{nxt}", expect=200
        )
        found = [s["starts_at"] for d in week["days"] for s in d["morning"] + d["afternoon"]]
    return found


async def client_logs_in(page: Page, b: Booking, o: Office) -> None:
    # 1. "Go to your clinician's Client Portal and click Existing Client to log in."
    await page.goto(f"{b.url}/p/{o.tenant.practice.slug}")
    await page.get_by_role("link", name="Existing Client").click()
    await page.get_by_label("Email Address").fill(o.client_email)
    await page.get_by_label("Password").fill(CLIENT_PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", name="Welcome, Robin")).to_be_visible()


async def fits(page: Page) -> None:
    assert await axe_violations(page) == []
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
