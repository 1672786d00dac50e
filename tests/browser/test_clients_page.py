"""The staff Clients page as a new practice meets it: the add action at the top, search
and paging, errors in plain words next to their fields, and no success message left
beside a later failure. Each of these failed before the web client was rebuilt."""

from __future__ import annotations

import uuid

from playwright.async_api import Browser, Page, expect

from tests.browser.conftest import Stack, axe_violations, open_page
from tests.browser.test_guide_login import clinician_logs_in

SMALL_PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}


async def add_client(page: Page, first: str, last: str, email: str) -> None:
    await page.get_by_label("First name").fill(first)
    await page.get_by_label("Last name").fill(last)
    await page.get_by_label("Email", exact=True).fill(email)
    await page.get_by_role("button", name="Send invitation", exact=True).click()


async def no_horizontal_overflow(page: Page) -> bool:
    return bool(await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


async def test_a_field_error_is_in_plain_words_next_to_its_field(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    page = await open_page(browser, **SMALL_PHONE)
    await clinician_logs_in(page, stack, tenant.practice.slug, tenant.clinician)

    await add_client(page, "Robin", "Walker 2", "robin@")
    last_name = page.get_by_label("Last name")
    await expect(last_name).to_have_attribute("aria-invalid", "true")
    await expect(last_name).to_have_accessible_description(
        "Last name can only use letters, spaces, apostrophes ('), hyphens (-), full stops (.) and"
        " commas (,)."
    )
    await expect(page.get_by_label("Email", exact=True)).to_have_accessible_description(
        "Enter an email address like name@example.com."
    )
    await expect(page.get_by_role("alert")).to_contain_text("needs another look")
    for programmer in ("Value error", "last_name", "body.", "value is not a valid"):
        await expect(page.get_by_text(programmer)).to_have_count(0)
    assert await axe_violations(page) == []
    assert await no_horizontal_overflow(page)


async def test_a_success_message_goes_away_when_a_later_attempt_fails(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    page = await open_page(browser)
    await clinician_logs_in(page, stack, tenant.practice.slug, tenant.clinician)
    email = f"robin-{uuid.uuid4().hex[:6]}@example.com"

    await add_client(page, "Robin", "Walker", email)
    status = page.locator("#list-status")
    await expect(status).to_have_text(f"Invitation sent to {email}.")
    await add_client(page, "Jo", "Other 2", f"jo-{uuid.uuid4().hex[:6]}@example.com")
    await expect(page.get_by_role("alert")).to_be_visible()
    await expect(status).to_have_text("")
    await expect(page.get_by_text("Invitation sent to")).to_have_count(0)


async def test_staff_add_a_client_from_the_top_and_find_one_among_many_by_search_or_page(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    staff = await stack.portal.staff_session(tenant, tenant.clinician)
    for n in range(28):
        await stack.portal.invite(staff, first_name="Pat", last_name=f"Number {chr(65 + n % 26)}")
    await stack.portal.invite(staff, first_name="Zed", last_name="Quinn", email="zed@example.org")
    page = await open_page(browser, **SMALL_PHONE)
    await clinician_logs_in(page, stack, tenant.practice.slug, tenant.clinician)

    # The add action comes before the list, whatever its length.
    add = await page.get_by_role("heading", name="Add a client").bounding_box()
    table = await page.get_by_role("table", name="Clients").bounding_box()
    assert add is not None and table is not None and add["y"] < table["y"]

    rows = page.get_by_role("table", name="Clients").locator("tbody tr")
    await expect(rows).to_have_count(25)
    await expect(page.get_by_text("Clients 1\u201325")).to_be_visible()
    await page.get_by_role("button", name="Next clients").click()
    await expect(rows).to_have_count(4)
    await expect(page.get_by_text("Clients 26\u201329 of 29")).to_be_visible()
    await page.get_by_role("button", name="Previous clients").click()
    await expect(rows).to_have_count(25)

    await page.get_by_label("Search by name or email").fill("zed@")
    await page.get_by_role("button", name="Search", exact=True).click()
    await expect(rows).to_have_count(1)
    await expect(page.get_by_role("cell", name="Zed Quinn")).to_be_visible()
    await page.get_by_label("Search by name or email").fill("nobody-like-this")
    await page.get_by_role("button", name="Search", exact=True).click()
    await expect(page.get_by_text("No clients match “nobody-like-this”")).to_be_visible()
    assert await axe_violations(page) == []
    assert await no_horizontal_overflow(page)
