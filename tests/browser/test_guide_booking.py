"""The guide's "Online Booking" ("Request a session", "Viewing and cancelling requests")
clicked through by a client on a phone in another time zone, a New Client's first
request, and the clinician's side: approve and decline, the calendar and booking setup.
Identity, scheduling, the gateway, RabbitMQ and a browser, all real."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from playwright.async_api import Browser, expect

from tests.browser.booking_practice import (  # noqa: F401 - booking_fixture is a fixture
    ELSEWHERE,
    ZONE,
    Booking,
    Office,
    booking_fixture,
    client_logs_in,
    earliest,
    fits,
    office,
)
from tests.browser.conftest import PHONE, axe_violations, open_page
from tests.browser.test_guide_login import clinician_logs_in


async def test_a_client_requests_a_session_and_cancels_it_as_the_guide_shows(
    browser: Browser, booking: Booking
) -> None:
    o = await office(booking)
    page = await open_page(browser, **ELSEWHERE)
    await client_logs_in(page, booking, o)
    # 2. "Navigate to the appointments tab."
    await page.get_by_role("navigation").get_by_role("link", name="Appointments").click()
    await expect(page.get_by_role("heading", name="Appointments", level=1)).to_be_visible()
    # 3-4. The clinician (there are two), the office location and the service.
    await expect(page.get_by_label("Clinician")).to_have_value(o.choice["clinician_id"])
    await expect(page.get_by_label("Location")).to_have_value(o.choice["location_id"])
    await expect(page.get_by_label("Service")).to_have_value(o.choice["service_id"])
    await expect(
        page.get_by_text(re.compile(r"Times are New York time \((EST|EDT)"))
    ).to_be_visible()
    await fits(page)
    # 5. Boxes split into morning and afternoon & evening; arrows move a week.
    week = page.locator("#week-heading")
    this_week = await week.inner_text()
    await page.get_by_role("button", name="Next week").click()
    await expect(week).not_to_have_text(this_week)
    morning = page.get_by_role("button", name=re.compile(r"Morning \d+ times?$")).first
    await morning.click()
    heading = page.locator("#day-heading")
    await expect(heading).to_contain_text("morning")
    await fits(page)
    # "To go back to the previous screen with all of the days, click the back button."
    await page.get_by_role("button", name="Back to the week").click()
    await expect(morning).to_be_focused()
    await page.get_by_role(
        "button", name=re.compile(r"Afternoon & evening \d+ times?$")
    ).first.click()
    first_time = page.locator(".times button").first
    await expect(first_time).to_have_text(re.compile(r"^\d{1,2}:\d\d PM (EST|EDT)$"))
    # 6. Click on the time you'd like to request. 7. The request is confirmed, not accepted.
    await first_time.click()
    await expect(
        page.get_by_role("heading", name="Your appointment request is now confirmed")
    ).to_be_visible()
    await expect(
        page.get_by_text(
            "This doesn't mean that the request has been accepted by your clinician yet."
        )
    ).to_be_visible()
    await expect(page.locator(".confirmation .when")).to_have_text(ZONE)
    confirmation = page.locator(".confirmation")
    map_link = confirmation.get_by_role("link", name=re.compile("^View map"))
    assert (await map_link.get_attribute("href") or "").startswith(
        "https://www.google.com/maps/search/"
    )
    add = confirmation.get_by_role("link", name="Add to calendar")
    ics = await page.request.get(booking.url + (await add.get_attribute("href") or ""))
    assert ics.ok and (await ics.text()).startswith("BEGIN:VCALENDAR")
    await fits(page)

    # Viewing and cancelling: the request is listed below the calendar; Cancel Session.
    listed = page.locator("#upcoming .appointment").first
    await expect(listed).to_contain_text("Requested")
    await listed.get_by_role("button", name="Cancel Session").click()
    dialog = page.get_by_role("dialog")
    await expect(dialog).to_be_visible()
    assert await axe_violations(page) == []
    await dialog.get_by_role("button", name="Cancel Session").click()
    await expect(listed).to_contain_text("Your session is cancelled.")
    await expect(listed).to_contain_text("Cancelled")

    # Too close to the session (the practice allows online cancellation up to 72 hours
    # before): the client is told to call the office, with its number.
    soon = (await earliest(booking, o))[0]
    await booking.portal.post(
        o.client, "/api/v1/scheduling/appointments", o.choice | {"starts_at": soon}, expect=201
    )
    await page.reload()
    soon_item = page.locator("#upcoming .appointment").first
    await soon_item.get_by_role("button", name="Cancel Session").click()
    await page.get_by_role("dialog").get_by_role("button", name="Cancel Session").click()
    await expect(soon_item).to_contain_text("to cancel, please call our office at +1 555 010 0199")
    await expect(soon_item.get_by_role("link", name="Call +1 555 010 0199")).to_be_visible()
    await expect(soon_item).to_contain_text("Requested")


async def test_a_client_moves_a_request_to_another_time_in_one_step(
    browser: Browser, booking: Booking
) -> None:
    o = await office(booking, cancellation_window_hours=24)
    times = await earliest(booking, o)
    await booking.portal.post(
        o.client, "/api/v1/scheduling/appointments", o.choice | {"starts_at": times[-1]}, expect=201
    )
    page = await open_page(browser, **PHONE)
    await client_logs_in(page, booking, o)
    await page.goto(f"{booking.url}/p/{o.tenant.practice.slug}/appointments")
    await (
        page.locator("#upcoming .appointment")
        .first.get_by_role("button", name="Reschedule")
        .click()
    )
    await expect(page.get_by_role("heading", name="Choose a new time")).to_be_visible()
    await expect(page.get_by_label("Clinician")).to_have_count(
        0
    )  # the same clinician, place and service
    await page.get_by_role("button", name="Next week").click()
    await page.get_by_role("button", name=re.compile(r"Morning \d+ times?$")).first.click()
    await page.locator(".times button").first.click()
    await expect(page.get_by_role("heading", name="Your new time is requested")).to_be_visible()
    mine = await booking.portal.get(o.client, "/api/v1/scheduling/appointments", expect=200)
    assert len(mine) == 1 and mine[0]["starts_at"] != times[-1] and mine[0]["status"] == "requested"
    await fits(page)


async def test_the_clinician_approves_one_request_and_declines_another_with_a_note(
    browser: Browser, booking: Booking
) -> None:
    o = await office(booking)
    times = await earliest(booking, o)
    for starts in times[:2]:
        await booking.portal.post(
            o.client,
            "/api/v1/scheduling/appointments",
            o.choice | {"starts_at": starts},
            expect=201,
        )
    page = await open_page(browser, **PHONE)
    page.on("dialog", lambda d: d.accept())
    await clinician_logs_in(page, booking, o.tenant.practice.slug, o.tenant.clinician)  # type: ignore[arg-type]
    await page.get_by_role("navigation").get_by_role("link", name="Requests").click()
    await expect(page.get_by_role("heading", name="Requests", level=1)).to_be_visible()
    requests = page.locator("#requests .appointment")
    await expect(requests).to_have_count(2)
    await expect(requests.first).to_contain_text(ZONE)
    await fits(page)
    await page.get_by_role("button", name="Approve Robin Client").first.click()
    await expect(page.locator("#requests-status")).to_contain_text("Approved: Robin Client")
    await expect(requests).to_have_count(1)
    await page.get_by_role("button", name="Decline Robin Client").click()
    dialog = page.get_by_role("dialog")
    await dialog.get_by_label("Note for the client (optional)").fill(
        "I'm away then; any time next week works."
    )
    assert await axe_violations(page) == []
    await dialog.get_by_role("button", name="Decline request").click()
    await expect(page.locator("#requests-status")).to_contain_text("Declined: Robin Client")
    await expect(page.get_by_text("No requests waiting.")).to_be_visible()

    mine = await booking.portal.get(o.client, "/api/v1/scheduling/appointments", expect=200)
    assert sorted(a["status"] for a in mine) == ["confirmed", "declined"]
    assert [a["decline_note"] for a in mine if a["decline_note"]] == [
        "I'm away then; any time next week works."
    ]

    # The week's calendar shows the confirmed session with its zone; setup pages fit a phone.
    await page.get_by_role("navigation").get_by_role("link", name="Calendar").click()
    await expect(page.get_by_role("heading", name="Calendar", level=1)).to_be_visible()
    await expect(page.get_by_text("Loading the week…")).to_have_count(0)
    if not await page.locator(".calendar-day .appointment").count():
        await page.get_by_role("button", name="Next week").click()
    await expect(page.locator(".calendar-day .appointment").first).to_contain_text("Confirmed")
    await fits(page)
    await page.get_by_role("navigation").get_by_role("link", name="Booking setup").click()
    await expect(page.get_by_role("heading", name="Booking setup", level=1)).to_be_visible()
    office_cell = page.get_by_role("cell", name=re.compile(r"^(Location: )?Main Office$"))
    await expect(office_cell).to_be_visible()
    await fits(page)
    await page.get_by_role("link", name="Availability & time off").first.click()
    await expect(page.get_by_role("heading", name="Weekly hours at Main Office")).to_be_visible()
    await fits(page)


async def test_a_new_client_requests_a_first_appointment_without_an_account(
    browser: Browser, booking: Booking
) -> None:
    o = await office(booking, allow_new_clients=True)
    page = await open_page(browser, **ELSEWHERE)
    await page.goto(f"{booking.url}/p/{o.tenant.practice.slug}")
    await page.get_by_role("link", name="New Client").click()
    await page.get_by_role("link", name="Request a first appointment").click()
    await expect(page.get_by_role("heading", name="Request a first appointment")).to_be_visible()
    await fits(page)
    await page.get_by_role("button", name="Next week").click()
    await page.get_by_role("button", name=re.compile(r"Morning \d+ times?$")).first.click()
    await page.locator(".times button").first.click()
    email = f"dana-{uuid.uuid4().hex[:6]}@example.org"
    await page.get_by_label("First name").fill("Dana")
    await page.get_by_label("Last name").fill("O'Neil")
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Phone (optional)").fill("+1 555 999 0000")
    await fits(page)
    await page.get_by_role("button", name="Request appointment").click()
    await expect(
        page.get_by_role("heading", name="Your appointment request is now confirmed")
    ).to_be_visible()
    await expect(page.locator(".confirmation .when")).to_have_text(ZONE)
    await fits(page)
    [waiting] = await booking.portal.get(o.staff, "/api/v1/scheduling/requests", expect=200)
    assert waiting["prospect"]["email"] == email
    await booking.portal.post(
        o.staff, f"/api/v1/scheduling/appointments/{waiting['id']}/approve", None, expect=200
    )
    await booking.portal.smtp.wait_for(email)  # identity's welcome email, with a PIN


async def test_an_empty_week_says_so_and_next_open_time_jumps_to_the_first_week_with_one(
    browser: Browser, booking: Booking
) -> None:
    o = await office(booking)
    # The clinician is away for the next three weeks: this week and the two after are empty.
    now = datetime.now(UTC)
    await booking.portal.post(
        o.staff,
        f"/api/v1/scheduling/clinicians/{o.choice['clinician_id']}/time-off",
        {
            "starts_at": (now - timedelta(days=1)).isoformat(),
            "ends_at": (now + timedelta(days=21)).isoformat(),
        },
        expect=201,
    )
    first = (await earliest_after(booking, o, weeks=6))[0]
    page = await open_page(browser, **ELSEWHERE)
    await client_logs_in(page, booking, o)
    await page.get_by_role("navigation").get_by_role("link", name="Appointments").click()
    await expect(page.get_by_text("No open times this week.")).to_be_visible()
    await fits(page)
    this_week = await page.locator("#week-heading").inner_text()
    await page.get_by_role("button", name="Next open time").click()
    await expect(page.locator("#week-heading")).not_to_have_text(this_week)
    await expect(page.get_by_text("No open times this week.")).to_be_hidden()
    # The week shown is the one with the first open time (its day where the office is).
    day = datetime.fromisoformat(first).astimezone(ZoneInfo("America/New_York")).date()
    shown = page.locator(".day button.part:not([disabled])").first
    await expect(shown).to_have_attribute("data-day", day.isoformat())
    await expect(page.get_by_role("status").filter(has_text="Found")).to_be_visible()
    await fits(page)


async def earliest_after(b: Booking, o: Office, *, weeks: int) -> list[str]:
    """The open times of the first week (of the next `weeks`) that has any, from the API."""
    week: dict[str, object] = {"next_week": None}
    query = o.choice
    for _ in range(weeks):
        week = await b.portal.get(
            o.client, f"/api/v1/scheduling/booking/availability?{urlencode(query)}", expect=200
        )
        days = week["days"]
        assert isinstance(days, list)
        found = [s["starts_at"] for d in days for s in d["morning"] + d["afternoon"]]
        if found:
            return found
        query = o.choice | {"week": str(week["next_week"])}
    raise AssertionError(f"no open time in {weeks} weeks: {week!r}")
