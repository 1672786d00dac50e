"""Editing a client in the workspace (issue 8, findings 1 and 8): once a client has created
a password a clinician sees the email read-only with the reason; an admin changes it after
a confirmation that says the client is signed out and both addresses are told; an address
with non-Latin letters is marked in the list."""

from __future__ import annotations

import uuid

from playwright.async_api import Browser, Dialog, Page, expect

from tests.browser.conftest import Stack, axe_violations, open_page
from tests.browser.test_guide_login import clinician_logs_in

CYRILLIC_E = "\u0435"


async def _edit(page: Page, name: str) -> None:
    row = page.get_by_role("row").filter(has=page.get_by_role("cell", name=name, exact=True))
    await row.get_by_role("button", name="Edit", exact=True).click()
    await expect(page.get_by_role("dialog", name=f"Edit {name}")).to_be_visible()


async def test_a_clinician_sees_an_active_clients_email_read_only_and_why(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    _, body, _ = await stack.portal.active_client(tenant)
    # Each staff member signs in once here (a TOTP code works once): not the clinician
    # who invited the active client.
    staff = await stack.portal.staff_session(tenant, tenant.admin)
    clinician = await stack.portal.add_staff(tenant.practice, "clinician")
    look = f"s{CYRILLIC_E}cprobe-{uuid.uuid4().hex[:6]}@example.com"
    await stack.portal.post(
        staff,
        "/api/v1/identity/clients",
        {"first_name": "Cy", "last_name": "Rillic", "email": look},
        expect=201,
    )
    page = await open_page(browser)
    await clinician_logs_in(page, stack, tenant.practice.slug, clinician)

    marked = page.get_by_role("row").filter(has_text="contains non-Latin letters")
    await expect(marked).to_have_count(1)
    await expect(marked).to_contain_text("Cy Rillic")
    name = f"{body['account']['first_name']} {body['account']['last_name']}"
    await _edit(page, name)
    email = page.get_by_role("dialog").get_by_label("Email", exact=True)
    await expect(email).to_have_attribute("readonly", "")
    await expect(email).to_have_accessible_description(
        "Only an admin can change this client's email, because they have created a password:"
        " the change signs them out everywhere and both addresses are told."
    )
    assert await axe_violations(page) == []


async def test_an_admin_changes_an_active_clients_email_after_a_confirmation(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    _, body, invite = await stack.portal.active_client(tenant)
    page = await open_page(browser)
    await clinician_logs_in(page, stack, tenant.practice.slug, tenant.admin)
    name = f"{body['account']['first_name']} {body['account']['last_name']}"
    await _edit(page, name)
    new = f"moved-{uuid.uuid4().hex[:6]}@example.com"
    await page.get_by_role("dialog").get_by_label("Email", exact=True).fill(new)
    asked: list[str] = []

    async def confirm(dialog: Dialog) -> None:
        asked.append(dialog.message)
        await dialog.accept()

    page.once("dialog", confirm)
    await page.get_by_role("button", name="Save changes").click()
    await expect(page.locator("#list-status")).to_contain_text("signed out everywhere")
    assert "signed out everywhere" in asked[0] and "both" in asked[0], asked
    await expect(page.get_by_role("cell", name=new)).to_be_visible()
    await stack.portal.smtp.wait_for(new, count=1)
    await stack.portal.smtp.wait_for(invite.email, count=2)
