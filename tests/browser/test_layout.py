"""Every page of the portal on the narrowest phone we support (375 px): nothing wider than
the screen, no serious or critical axe violation, one main heading."""

from __future__ import annotations

from playwright.async_api import Browser, Page, expect

from tests.browser.conftest import Stack, axe_violations, open_page
from tests.browser.test_guide_login import clinician_logs_in

NARROW = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}


async def looks_right(page: Page, path: str) -> None:
    await expect(page.get_by_role("heading", level=1)).to_have_count(1)
    wide = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{path} is {wide}px wider than the screen"
    assert await axe_violations(page) == [], path


async def test_every_public_and_client_page_fits_a_375_px_phone(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    slug = tenant.practice.slug
    _, _, invite = await stack.portal.active_client(tenant)
    page = await open_page(browser, **NARROW)
    for path in (
        "/",
        f"/p/{slug}",
        f"/p/{slug}/new-client",
        f"/p/{slug}/welcome",
        f"/p/{slug}/welcome?invitation=x",
        f"/p/{slug}/create-password",
        f"/p/{slug}/login?ended=idle",
        f"/p/{slug}/forgot-password",
        f"/p/{slug}/reset-password?token=x",
        "/p/no-such-practice",
        "/nowhere",
    ):
        await page.goto(f"{stack.url}{path}")
        await looks_right(page, path)

    await page.goto(f"{stack.url}/p/{slug}/login")
    await page.get_by_label("Email Address").fill(invite.email)
    await page.get_by_label("Password").fill("quiet-orchard-lantern-58")
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", name="Welcome, Robin")).to_be_visible()
    await looks_right(page, "home")
    await page.get_by_role("navigation").get_by_role("link", name="Account & security").click()
    await expect(page.get_by_role("heading", name="Account & security")).to_be_focused()
    await looks_right(page, "account")


async def test_every_workspace_page_fits_a_375_px_phone(browser: Browser, stack: Stack) -> None:
    tenant = await stack.portal.tenant()
    staff = await stack.portal.staff_session(tenant, tenant.clinician)
    await stack.portal.invite(
        staff, first_name="Alexandria-Maximiliana", last_name="Montgomery-Worthington"
    )
    page = await open_page(browser, **NARROW)
    await clinician_logs_in(page, stack, tenant.practice.slug, tenant.admin)
    await looks_right(page, "clients")
    for name in ("Team", "Activity", "Account & security"):
        await page.get_by_role("navigation").get_by_role("link", name=name).click()
        await expect(page.get_by_role("heading", name=name, exact=True)).to_be_focused()
        await looks_right(page, name)
