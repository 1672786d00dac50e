"""The clinician workspace beyond the guide's client steps: Booking setup's services and
locations edited, stopped and offered again, and "Book an appointment" for a client at an
open time, safe against a lost answer. At phone width, with axe-core; identity,
scheduling, the gateway, RabbitMQ and a browser, all real."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from playwright.async_api import Browser, Page, Request, Route, expect

from tests.browser.booking_practice import (  # noqa: F401 - booking_fixture is a fixture
    ZONE,
    Booking,
    Office,
    booking_fixture,
    fits,
    office,
)
from tests.browser.conftest import PHONE, axe_violations, open_page
from tests.browser.test_guide_login import clinician_logs_in


async def signed_in_clinician(browser: Browser, booking: Booking, o: Office) -> Page:
    page = await open_page(browser, **PHONE)
    await clinician_logs_in(page, booking, o.tenant.practice.slug, o.tenant.clinician)  # type: ignore[arg-type]
    return page


async def setup_row(booking: Booking, o: Office, kind: str, row_id: str) -> dict[str, Any]:
    found = await booking.portal.get(o.staff, f"/api/v1/scheduling/{kind}", expect=200)
    return next(x for x in found if x["id"] == row_id)


async def test_a_clinician_edits_a_service_then_stops_offering_it_and_offers_it_again(
    browser: Browser, booking: Booking
) -> None:
    o = await office(booking)
    page = await signed_in_clinician(browser, booking, o)
    await page.get_by_role("navigation").get_by_role("link", name="Booking setup").click()
    services = page.locator("#services")
    await expect(services).to_contain_text("Individual therapy")
    await expect(services).to_contain_text("Sam Clinician, Sam Clinician")  # both offer it
    await fits(page)

    await services.get_by_role("button", name="Edit Individual therapy").click()
    dialog = page.get_by_role("dialog", name="Edit Individual therapy")
    await expect(dialog.get_by_label("Fee")).to_have_value("150.00")
    # Checked in the browser: the reason in plain words beside the field, nothing sent.
    await dialog.get_by_label("Fee").fill("a lot")
    await dialog.get_by_label("CPT code (optional)").fill("123")
    await dialog.get_by_role("button", name="Save changes").click()
    await expect(dialog.locator("#edit-service-fee-error")).to_have_text(
        "Enter the fee in dollars, like 150.00."
    )
    await expect(dialog.get_by_label("Fee")).to_have_attribute("aria-invalid", "true")
    await expect(dialog.locator("#edit-service-cpt_code-error")).to_contain_text("like 90834")
    assert await axe_violations(page) == []
    # Refused by the service: its reason beside the field; the service is unchanged.
    await dialog.get_by_label("Fee").fill("175")
    await dialog.get_by_label("CPT code (optional)").fill("90847")
    await dialog.get_by_label("Name").fill("")
    await dialog.get_by_role("button", name="Save changes").click()
    await expect(dialog.locator("#edit-service-name-error")).to_have_text("Enter name.")
    service_id = o.choice["service_id"]
    unchanged = await setup_row(booking, o, "services", service_id)
    assert (unchanged["name"], unchanged["fee"], unchanged["cpt_code"]) == (
        "Individual therapy",
        15000,
        None,
    )

    await dialog.get_by_label("Name").fill("Couples therapy")
    await dialog.get_by_label("Length in minutes").fill("80")
    await dialog.get_by_label("Clients can book it online").uncheck()
    offered_by = dialog.get_by_role("group", name="Offered by").get_by_role("checkbox")
    await expect(offered_by).to_have_count(3)  # the admin, the clinician, the colleague
    [colleague] = [c for c in unchanged["clinician_ids"] if c != o.choice["clinician_id"]]
    await dialog.locator(f"#edit-service-offered-by-{colleague}").uncheck()
    await dialog.get_by_role("button", name="Save changes").click()
    await expect(page.locator("#services-status")).to_have_text("Couples therapy is saved.")
    await expect(dialog).to_have_count(0)
    await expect(services).to_contain_text("80 minutes")
    await expect(services).to_contain_text("175.00 USD")
    saved = await setup_row(booking, o, "services", service_id)
    assert saved | {"id": None} == {
        "id": None,
        "name": "Couples therapy",
        "duration_minutes": 80,
        "fee": 17500,
        "currency": "USD",
        "cpt_code": "90847",
        "online": False,
        "active": True,
        "clinician_ids": [o.choice["clinician_id"]],
    }

    await services.get_by_role("button", name="Stop offering Couples therapy").click()
    await expect(page.locator("#services-status")).to_have_text(
        "Couples therapy is no longer offered."
    )
    assert (await setup_row(booking, o, "services", service_id))["active"] is False
    await services.get_by_role("button", name="Offer again Couples therapy").click()
    await expect(page.locator("#services-status")).to_have_text("Couples therapy is offered again.")
    assert (await setup_row(booking, o, "services", service_id))["active"] is True
    await fits(page)


async def test_a_clinician_edits_a_location_and_turns_it_into_a_telehealth_room(
    browser: Browser, booking: Booking
) -> None:
    o = await office(booking)
    page = await signed_in_clinician(browser, booking, o)
    await page.goto(f"{booking.url}/p/{o.tenant.practice.slug}/workspace/booking-setup")
    locations = page.locator("#locations")
    await locations.get_by_role("button", name="Edit Main Office").click()
    dialog = page.get_by_role("dialog", name="Edit Main Office")
    await expect(dialog.get_by_label("Time zone")).to_have_value("America/New_York")
    await dialog.get_by_label("Phone (optional)").fill("call me")
    await dialog.get_by_label("Time zone").fill("Mars/Olympus")
    await dialog.get_by_role("button", name="Save changes").click()
    await expect(dialog.locator("#edit-location-phone-error")).to_have_text(
        "Enter a phone number using digits, spaces and + ( ) - . only."
    )
    await expect(dialog.locator("#edit-location-time_zone-error")).to_have_text(
        "Time zone must be an IANA time zone such as America/New_York."
    )
    assert await axe_violations(page) == []
    location_id = o.choice["location_id"]
    assert (await setup_row(booking, o, "locations", location_id))["time_zone"] == (
        "America/New_York"
    )

    await dialog.get_by_label("Name").fill("Harbor Office")
    await dialog.get_by_label("Address (offices)").fill("200 Pier Road, Springfield")
    await dialog.get_by_label("Phone (optional)").fill("+1 555 010 0456")
    await dialog.get_by_label("Time zone").fill("America/Chicago")
    await dialog.get_by_role("button", name="Save changes").click()
    await expect(page.locator("#locations-status")).to_have_text("Harbor Office is saved.")
    await expect(locations).to_contain_text("200 Pier Road, Springfield")
    await expect(locations).to_contain_text("America/Chicago")
    saved = await setup_row(booking, o, "locations", location_id)
    assert (saved["name"], saved["phone"], saved["time_zone"]) == (
        "Harbor Office",
        "+1 555 010 0456",
        "America/Chicago",
    )
    assert "200+Pier+Road" in saved["map_url"]

    await locations.get_by_role("button", name="Edit Harbor Office").click()
    dialog = page.get_by_role("dialog", name="Edit Harbor Office")
    await dialog.get_by_label("Telehealth (no address)").check()
    await dialog.get_by_label("Video link (telehealth)").fill("http://video.example.org/harbor")
    await dialog.get_by_role("button", name="Save changes").click()
    await expect(dialog.locator("#edit-location-video_url-error")).to_have_text(
        "Video link (telehealth) must be an https:// link."
    )
    await dialog.get_by_label("Video link (telehealth)").fill("https://video.example.org/harbor")
    await dialog.get_by_role("button", name="Save changes").click()
    await expect(page.locator("#locations-status")).to_have_text("Harbor Office is saved.")
    await expect(locations).to_contain_text("Telehealth: https://video.example.org/harbor")
    saved = await setup_row(booking, o, "locations", location_id)
    assert (saved["telehealth"], saved["address"], saved["map_url"]) == (True, None, None)
    await fits(page)

    # Opened again and saved as it is: nothing is sent, and the page says so.
    await locations.get_by_role("button", name="Edit Harbor Office").click()
    await page.get_by_role("dialog").get_by_role("button", name="Save changes").click()
    await expect(page.locator("#locations-status")).to_have_text(
        "Nothing changed for Harbor Office."
    )


async def test_a_clinician_books_a_client_at_an_open_time_once_even_when_the_answer_is_lost(
    browser: Browser, booking: Booking
) -> None:
    o = await office(booking)
    page = await signed_in_clinician(browser, booking, o)
    await page.get_by_role("navigation").get_by_role("link", name="Calendar").click()
    await page.get_by_role("link", name="Book an appointment").click()
    await expect(page.get_by_role("heading", name="Book an appointment", level=1)).to_be_visible()
    await page.get_by_label("Search by name or email").fill("robin")
    await page.get_by_role("button", name="Search").click()
    await page.get_by_role("button", name="Choose Robin Client").click()
    await expect(page.get_by_text("Booking for Robin Client")).to_be_visible()
    # The client's own clinician first; the week the client would see, its zone named.
    await expect(page.get_by_label("Clinician", exact=True)).to_have_value(o.choice["clinician_id"])
    await expect(
        page.get_by_text(re.compile(r"Times are New York time \((EST|EDT)"))
    ).to_be_visible()
    await fits(page)

    # A time the client takes while the clinician is confirming it: a plain refusal.
    await page.get_by_role("button", name="Next week").click()
    await page.get_by_role("button", name=re.compile(r"Morning \d+ times?$")).first.click()
    first_time = page.locator(".times button").first
    await expect(first_time).to_have_text(ZONE)
    await first_time.click()
    dialog = page.get_by_role("dialog", name="Book this appointment?")
    await expect(dialog.locator(".when")).to_have_text(ZONE)
    assert await axe_violations(page) == []
    taken = (await open_times(booking, o, next_week=True))[0]
    await booking.portal.post(
        o.client, "/api/v1/scheduling/appointments", o.choice | {"starts_at": taken}, expect=201
    )
    await dialog.get_by_role("button", name="Book appointment").click()
    await expect(dialog.get_by_role("alert")).to_contain_text("That time is no longer available.")
    await dialog.get_by_role("button", name="Choose another time").click()
    await expect(dialog).to_have_count(0)

    # The answer to the booking is lost on its way back; Book appointment again books once.
    keys: list[str | None] = []
    lost: list[bool] = []

    async def lose_first_answer(route: Route, request: Request) -> None:
        keys.append(await request.header_value("Idempotency-Key"))
        if lost:
            await route.continue_()
            return
        lost.append(True)
        await route.fetch()  # the server books it ...
        await route.abort("connectionreset")  # ... and the browser never hears

    await page.route("**/api/v1/scheduling/appointments", lose_first_answer)
    await page.get_by_role("button", name="Next week").click()
    await page.get_by_role("button", name=re.compile(r"Morning \d+ times?$")).first.click()
    await page.locator(".times button").first.click()
    dialog = page.get_by_role("dialog", name="Book this appointment?")
    when = await dialog.locator(".when").inner_text()
    await dialog.get_by_role("button", name="Book appointment").click()
    await expect(dialog.get_by_role("alert")).to_contain_text("We couldn't reach the portal.")
    await dialog.get_by_role("button", name="Book appointment").click()
    booked = page.locator("#booked")
    await expect(booked.get_by_role("heading", name="Booked: Robin Client")).to_be_focused()
    await expect(booked.locator(".when")).to_have_text(when)
    assert len(keys) == 2 and keys[0] and keys[0] == keys[1]
    await fits(page)

    mine = await booking.portal.get(o.client, "/api/v1/scheduling/appointments", expect=200)
    assert sorted((a["status"], a["starts_at"] == taken) for a in mine) == [
        ("confirmed", False),
        ("requested", True),
    ]

    await booked.get_by_role("button", name="Book for another client").click()
    await expect(page.get_by_role("list", name="Clients found")).to_be_visible()

    # A link from elsewhere in the workspace starts with the client chosen.
    [robin] = await booking.portal.get(o.staff, "/api/v1/identity/clients?q=robin", expect=200)
    await page.goto(
        f"{booking.url}/p/{o.tenant.practice.slug}/workspace/book-appointment?client={robin['id']}"
    )
    await expect(page.get_by_text("Booking for Robin Client")).to_be_visible()
    await expect(page.get_by_label("Service", exact=True)).to_be_visible()


async def open_times(booking: Booking, o: Office, *, next_week: bool) -> list[str]:
    """The morning times the client sees this week or next (as the page's arrow finds it)."""
    path = "/api/v1/scheduling/booking/availability?"
    week = await booking.portal.get(o.client, path + urlencode(o.choice), expect=200)
    if next_week:
        query = urlencode(o.choice | {"week": week["next_week"]})
        week = await booking.portal.get(o.client, path + query, expect=200)
    return [s["starts_at"] for d in week["days"] for s in d["morning"]]
