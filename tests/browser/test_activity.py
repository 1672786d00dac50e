"""An admin's Activity page: the practice's audit log in plain words, in the practice's
time zone, narrowed to one client, on a phone-sized screen."""

from __future__ import annotations

import re

from playwright.async_api import Browser, expect

from tests.browser.conftest import PHONE, Stack, axe_violations, open_page
from tests.browser.test_guide_login import clinician_logs_in


async def test_an_admin_sees_that_a_clinician_read_a_client_record_and_filters_it(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    clinician = await stack.portal.staff_session(tenant, tenant.clinician)
    robin, _ = await stack.portal.invite(clinician)
    await stack.portal.invite(clinician, first_name="Jo", last_name="Other")
    await stack.portal.get(clinician, f"/api/v1/identity/clients/{robin['id']}", expect=200)

    page = await open_page(browser, **PHONE)
    await clinician_logs_in(page, stack, tenant.practice.slug, tenant.admin)
    await page.get_by_role("navigation").get_by_role("link", name="Activity").click()
    await expect(page.get_by_role("heading", name="Activity", exact=True)).to_be_visible()
    await expect(page.get_by_role("link", name="Activity")).to_have_attribute(
        "aria-current", "page"
    )

    read = page.get_by_role("row").filter(has_text="Read client record")
    await expect(read).to_have_count(1)
    await expect(read).to_contain_text("Sam Clinician (clinician)")
    await expect(read).to_contain_text("Robin Client")
    await expect(read).to_contain_text("Succeeded")
    # Which part of the portal recorded it (identity), in plain words.
    await expect(read.locator("td[data-label='Part of the portal']")).to_have_text(
        "Accounts & sign-in"
    )
    await expect(read.locator("time")).to_have_text(re.compile(r"E[SD]T|GMT-[45]"))
    await expect(page.get_by_role("row").filter(has_text="Jo Other").first).to_be_visible()
    assert await axe_violations(page) == []

    await page.get_by_label("Client").select_option(label="Client, Robin")
    await page.get_by_role("button", name="Show activity").click()
    await expect(page.locator("#activity-status")).to_contain_text("newest first")
    await expect(page.get_by_role("row").filter(has_text="Read client record")).to_have_count(1)
    await expect(page.get_by_role("row").filter(has_text="Invited client")).to_have_count(1)
    await expect(page.get_by_role("row").filter(has_text="Jo Other")).to_have_count(0)
    await expect(page.get_by_role("button", name="Load older")).to_be_hidden()

    await page.get_by_label("Outcome").select_option("failure")
    await page.get_by_role("button", name="Show activity").click()
    await expect(page.get_by_text("No activity matches these filters.")).to_be_visible()
    assert await axe_violations(page) == []

    # By the part of the portal that recorded it.
    await page.get_by_label("Outcome").select_option("")
    await page.get_by_label("Part of the portal").select_option(label="Appointments")
    await page.get_by_role("button", name="Show activity").click()
    await expect(page.get_by_text("No activity matches these filters.")).to_be_visible()
    await page.get_by_label("Part of the portal").select_option(label="Accounts & sign-in")
    await page.get_by_role("button", name="Show activity").click()
    await expect(page.get_by_role("row").filter(has_text="Read client record")).to_have_count(1)


async def test_load_older_adds_the_next_page_once_and_then_goes_away(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    clinician = await stack.portal.staff_session(tenant, tenant.clinician)
    robin, _ = await stack.portal.invite(clinician)
    for _ in range(55):
        await stack.portal.get(clinician, f"/api/v1/identity/clients/{robin['id']}", expect=200)

    page = await open_page(browser)
    await clinician_logs_in(page, stack, tenant.practice.slug, tenant.admin)
    await page.goto(f"{stack.url}/p/{tenant.practice.slug}/activity")
    await page.get_by_label("Client").select_option(label="Client, Robin")
    await page.get_by_role("button", name="Show activity").click()
    await expect(page.locator("#activity-status")).to_have_text("Showing 50 entries, newest first.")
    rows = page.locator("#entries tr")
    await expect(rows).to_have_count(50)

    await page.get_by_role("button", name="Load older").click()
    await expect(rows).to_have_count(56)
    await expect(page.locator("#activity-status")).to_contain_text(
        "Added 6 older entries. That's the beginning of the activity log."
    )
    await expect(page.get_by_role("button", name="Load older")).to_have_count(0)
    await expect(rows.nth(50).locator("td").first).to_be_focused()
    await expect(rows.last).to_contain_text("Invited client")
