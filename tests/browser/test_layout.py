"""Every page of the portal on the narrowest phone we support (375 px): nothing wider than
the screen, no serious or critical axe violation, one main heading."""

from __future__ import annotations

import re

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


CLIENT_SECTIONS = ("Home", "Appointments", "Documents", "Messages", "Billing & Payments")


# Words of the elements matching a selector that the browser broke across two lines.
SPLIT_WORDS = """(selector) => {
  const split = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (tops.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


async def test_a_client_reaches_every_section_in_one_tap_on_a_375_px_phone(
    browser: Browser, stack: Stack
) -> None:
    """Guide §3: "Navigate to the appointments tab": from every client page each section is
    on the first screen, a finger-sized target, the current one marked, in keyboard order."""
    tenant = await stack.portal.tenant()
    slug = tenant.practice.slug
    _, _, invite = await stack.portal.active_client(tenant)
    page = await open_page(browser, **NARROW)
    await page.goto(f"{stack.url}/p/{slug}/login")
    await page.get_by_label("Email Address").fill(invite.email)
    await page.get_by_label("Password").fill("quiet-orchard-lantern-58")
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", name="Welcome, Robin")).to_be_visible()
    nav = page.get_by_role("navigation", name="Portal")
    pages = {"home": "Home", "appointments": "Appointments", "documents": "Documents"}
    pages |= {"messages": "Messages", "billing": "Billing & Payments", "account": None}
    for path, current in pages.items():
        await page.goto(f"{stack.url}/p/{slug}/{path}")
        await expect(page.get_by_role("heading", level=1)).to_have_count(1)
        wide = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert wide <= 0, f"{path} is {wide}px wider than the screen"
        for name in CLIENT_SECTIONS:
            link = nav.get_by_role("link", name=re.compile(f"^{re.escape(name)}"))
            box = await link.bounding_box()
            assert box, (path, name)
            # On the first screen without scrolling, inside its width, big enough for a finger.
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (path, name, box)
            assert box["y"] >= 0 and box["y"] + box["height"] <= 740 / 4, (path, name, box)
            assert box["height"] >= 44 and box["width"] >= 44, (path, name, box)
            marked = await link.get_attribute("aria-current")
            assert marked == ("page" if name == current else None), (path, name, marked)
        # Each word of a tab on one line: "Appointment / s" reads as two words.
        assert await page.evaluate(SPLIT_WORDS, ".site-header nav a") == [], path
        assert await axe_violations(page) == [], path

    # Keyboard: past the skip link and the practice's name, Tab walks the sections in order.
    await page.goto(f"{stack.url}/p/{slug}/home")
    await expect(page.get_by_role("heading", name="Welcome, Robin")).to_be_visible()
    await page.get_by_role("link", name="Skip to content").focus()
    reached: list[str] = []
    for _ in range(12):
        await page.keyboard.press("Tab")
        reached.append(await page.evaluate("document.activeElement.textContent.trim()"))
    found = [r for r in reached if any(r.startswith(n) for n in CLIENT_SECTIONS)]
    assert [f.split(",")[0] for f in found[:5]] == list(CLIENT_SECTIONS), reached
