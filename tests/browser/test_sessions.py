"""Sessions as a new user meets them: a session ended elsewhere, tabs left idle, an
invitation left half used. Each of these failed before the web client was rebuilt."""

from __future__ import annotations

import asyncio
import re

import aiohttp
from playwright.async_api import Browser, Page, expect

from shared.testing import eventually
from tests.browser.conftest import PHONE, Stack, axe_violations, open_page

PASSWORD = "quiet-orchard-lantern-58"  # the password of Portal.active_client


async def log_in(page: Page, stack: Stack, slug: str, email: str) -> None:
    await page.goto(f"{stack.url}/p/{slug}/login")
    await page.get_by_label("Email Address").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", name="Welcome, Robin")).to_be_visible()


async def test_after_a_session_ended_elsewhere_the_old_tab_reaches_log_in_with_a_notice(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    slug = tenant.practice.slug
    _, _, invite = await stack.portal.active_client(tenant)
    await asyncio.wait_for(stack.revoked.listening.wait(), timeout=10)
    laptop, phone = await open_page(browser), await open_page(browser, **PHONE)
    for page in (laptop, phone):
        await log_in(page, stack, slug, invite.email)

    await phone.get_by_role("navigation").get_by_role("link", name="Account & security").click()
    await phone.get_by_role("button", name="Log out other devices").click()
    await expect(phone.get_by_text(re.compile(r"\d other sessions? ended"))).to_be_visible()
    # The gateway has heard: the laptop's access token is refused as a bearer token.
    token = next(c["value"] for c in await laptop.context.cookies() if c["name"] == "portal_at")

    async def gateway_refuses() -> bool:
        async with (
            aiohttp.ClientSession() as http,
            http.get(
                f"{stack.url}/api/v1/identity/practices/{slug}",
                headers={"Authorization": f"Bearer {token}"},
            ) as response,
        ):
            return response.status == 401

    await eventually(gateway_refuses, seconds=10)

    # The browser still holds the dead cookie: a reload of the signed-in page goes to
    # Log in with a notice (it showed "We couldn't load this page" before).
    await laptop.reload()
    await expect(laptop.get_by_role("heading", name=re.compile("Log in to"))).to_be_visible()
    await expect(laptop.get_by_role("status").first).to_contain_text("Your session has ended")
    for public in ("", "/new-client", "/forgot-password"):
        await laptop.goto(f"{stack.url}/p/{slug}{public}")
        heading = laptop.get_by_role("heading", level=1)
        await expect(heading).not_to_have_text(re.compile("couldn't load"))
    await laptop.goto(f"{stack.url}/p/{slug}/login")
    await laptop.get_by_label("Email Address").fill(invite.email)
    await laptop.get_by_label("Password").fill(PASSWORD)
    await laptop.get_by_role("button", name="Log in").click()
    await expect(laptop.get_by_role("heading", name="Welcome, Robin")).to_be_visible()


async def test_activity_in_one_tab_keeps_the_other_signed_in_and_the_warning_offers_to_stay(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    slug = tenant.practice.slug
    _, _, invite = await stack.portal.active_client(tenant)
    context = await browser.new_context()
    await context.clock.install()
    idle_tab = await context.new_page()
    await log_in(idle_tab, stack, slug, invite.email)
    busy_tab = await context.new_page()
    await busy_tab.goto(f"{stack.url}/p/{slug}/account")
    await expect(busy_tab.get_by_role("heading", name="Account & security")).to_be_visible()

    # Twenty minutes of work in the other tab: the idle one stays signed in.
    for _ in range(4):
        await context.clock.fast_forward("05:00")
        await busy_tab.get_by_label("Current password").press("a")
    await expect(idle_tab.get_by_role("heading", name="Welcome, Robin")).to_be_visible()
    await expect(idle_tab.get_by_role("alertdialog")).to_have_count(0)

    # Thirteen quiet minutes: both tabs warn, two minutes ahead.
    await context.clock.fast_forward("13:05")
    warning = idle_tab.get_by_role("alertdialog", name="Are you still there?")
    await expect(warning).to_be_visible()
    await expect(busy_tab.get_by_role("alertdialog")).to_be_visible()
    assert await axe_violations(idle_tab) == []
    await warning.get_by_role("button", name="Stay signed in").click()
    await expect(warning).to_have_count(0)
    await expect(busy_tab.get_by_role("alertdialog")).to_have_count(0)

    # Then fifteen quiet minutes end it, in every tab, with the reason.
    await context.clock.fast_forward("15:05")
    for tab in (idle_tab, busy_tab):
        await expect(tab.get_by_role("heading", name=re.compile("Log in to"))).to_be_visible()
        await expect(tab.get_by_role("status").first).to_contain_text("15 minutes without activity")
    await context.close()


async def test_the_invitation_leads_back_to_create_a_password_after_the_browser_was_closed(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    staff = await stack.portal.staff_session(tenant, tenant.clinician)
    _, invite = await stack.portal.invite(staff)
    link = invite.link.replace("http://portal.test", stack.url)

    async def enter_pin(page: Page) -> None:
        await page.goto(link)
        await page.get_by_label("Email Address").fill(invite.email)
        await page.get_by_label("Password").fill(invite.pin)
        await page.get_by_role("button", name="Log in").click()

    first = await open_page(browser, **PHONE)
    await enter_pin(first)
    await expect(first.get_by_role("heading", name="Create a password")).to_be_visible()
    await first.context.close()  # closed the browser before choosing a password

    again = await open_page(browser, **PHONE)
    await enter_pin(again)
    await expect(again.get_by_role("heading", name="Create a password")).to_be_visible()
    await again.get_by_label("New password").fill("lantern-orchid-velvet-31")
    await again.get_by_label("Re-enter password").fill("lantern-orchid-velvet-31")
    await again.get_by_role("button", name="Update").click()
    await expect(again.get_by_role("heading", name="Welcome, Robin")).to_be_visible()
