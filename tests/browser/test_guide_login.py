"""The guide's "How do I log in?", "Troubleshooting" and "Forgot your password?" clicked
through in a real browser, the clinician's side included, on a phone-sized screen."""

from __future__ import annotations

import re
import uuid

import pyotp
from playwright.async_api import Browser, Page, expect

from services.identity.tests.integration.conftest import CLIENT_PASSWORD, parse_invitation
from shared.testing import text_of
from tests.browser.conftest import PHONE, Stack, axe_violations, open_page

PASSWORD = "lantern-orchid-velvet-31"
NEW_PASSWORD = "copper-meadow-kettle-58"


async def clinician_logs_in(page: Page, stack: Stack, slug: str, staff: object) -> None:
    await page.goto(f"{stack.url}/p/{slug}")
    await page.get_by_role("link", name="Existing Client").click()
    await page.get_by_label("Email Address").fill(staff.email)  # type: ignore[attr-defined]
    await page.get_by_label("Password").fill(staff.password)  # type: ignore[attr-defined]
    await page.get_by_role("button", name="Log in").click()
    await page.get_by_label("Authentication code").fill(staff.code())  # type: ignore[attr-defined]
    await page.get_by_role("button", name="Verify").click()
    await expect(page.get_by_role("heading", name="Clients")).to_be_visible()


async def test_a_client_invited_by_their_clinician_logs_in_as_the_guide_says(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant(name="Harbor Counseling")
    slug = tenant.practice.slug
    email = f"robin-{uuid.uuid4().hex[:6]}@example.com"

    clinician = await open_page(browser)
    await clinician_logs_in(clinician, stack, slug, tenant.clinician)
    await expect(clinician.get_by_text("No clients yet")).to_be_visible()
    await clinician.get_by_label("First name").fill("Robin")
    await clinician.get_by_label("Last name").fill("Walker")
    await clinician.get_by_label("Email", exact=True).fill(email)
    await clinician.get_by_role("button", name="Send invitation").click()
    await expect(clinician.get_by_role("status").first).to_have_text(f"Invitation sent to {email}.")
    await expect(clinician.get_by_role("cell", name="Robin Walker")).to_be_visible()

    invite = parse_invitation(email, (await stack.portal.smtp.wait_for(email))[0])
    client = await open_page(browser, **PHONE)
    # 1. Click on the link in the welcome email. 2. The Welcome Page.
    await client.goto(invite.link.replace("http://portal.test", stack.url))
    await expect(
        client.get_by_role("heading", name=re.compile("Welcome to Harbor Counseling"))
    ).to_be_visible()
    assert await axe_violations(client) == []
    # 3. Email Address + the 4-digit PIN in the Password field.
    await client.get_by_label("Email Address").fill(email)
    await client.get_by_label("Password").fill(invite.pin)
    await client.get_by_role("button", name="Log in").click()
    # 4-5. Create a password: enter it, re-enter it, Update.
    await expect(client.get_by_role("heading", name="Create a password")).to_be_visible()
    await client.get_by_label("New password").fill(PASSWORD)
    await client.get_by_label("Re-enter password").fill(PASSWORD)
    await client.get_by_role("button", name="Update").click()
    # 6. You are now logged in.
    await expect(client.get_by_role("heading", name="Welcome, Robin")).to_be_visible()
    assert await axe_violations(client) == []

    # Afterwards: email address and the new password; the PIN no longer works.
    await client.get_by_role("button", name="Log out").click()
    await expect(client.get_by_role("heading", name=re.compile("Log in to"))).to_be_visible()
    await client.get_by_label("Email Address").fill(email)
    await client.get_by_label("Password").fill(invite.pin)
    await client.get_by_role("button", name="Log in").click()
    await expect(client.get_by_role("alert")).to_contain_text("incorrect")
    await client.get_by_label("Password").fill(PASSWORD)
    await client.get_by_role("button", name="Log in").click()
    await expect(client.get_by_role("heading", name="Welcome, Robin")).to_be_visible()
    await clinician.reload()
    await expect(clinician.get_by_text("Active")).to_be_visible()


async def test_forgot_your_password_sends_a_link_that_sets_a_new_one(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    slug = tenant.practice.slug
    _, _, invite = await stack.portal.active_client(tenant)
    page = await open_page(browser, **PHONE)
    await page.goto(f"{stack.url}/p/{slug}/login")
    # "click 'Forgot your password?' below the Log in button"
    await page.get_by_role("link", name="Forgot your password?").click()
    await page.get_by_label("Email Address").fill(invite.email)
    await page.get_by_role("button", name="Send recovery email").click()
    await expect(page.get_by_role("status").first).to_contain_text(
        "password recovery email is on its way"
    )
    assert await axe_violations(page) == []

    messages = await stack.portal.smtp.wait_for(invite.email, count=2)
    link = re.search(r"https?://\S+/reset-password\?token=[\w-]+", text_of(messages[-1]))
    assert link is not None
    await page.goto(link.group(0).replace("http://portal.test", stack.url))
    await page.get_by_label("New password").fill(NEW_PASSWORD)
    await page.get_by_label("Re-enter password").fill("something-else-entirely-9")
    await page.get_by_role("button", name="Update").click()
    await expect(page.get_by_text("The two passwords do not match.").first).to_be_visible()
    await page.get_by_label("Re-enter password").fill(NEW_PASSWORD)
    await page.get_by_role("button", name="Update").click()
    await expect(page.get_by_text("Your password has been updated.")).to_be_visible()
    await page.get_by_role("link", name="Log in").click()
    await page.get_by_label("Email Address").fill(invite.email)
    await page.get_by_label("Password").fill(NEW_PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", name="Welcome, Robin")).to_be_visible()


async def test_a_weak_password_gets_feedback_and_is_refused(browser: Browser, stack: Stack) -> None:
    tenant = await stack.portal.tenant()
    staff = await stack.portal.staff_session(tenant, tenant.clinician)
    _, invite = await stack.portal.invite(staff)
    page = await open_page(browser)
    await page.goto(invite.link.replace("http://portal.test", stack.url))
    await page.get_by_label("Email Address").fill(invite.email)
    await page.get_by_label("Password").fill(invite.pin)
    await page.get_by_role("button", name="Log in").click()
    await page.get_by_label("New password").fill("password1")
    await expect(page.locator("#password-feedback")).to_contain_text("Too guessable")
    await page.get_by_label("Re-enter password").fill("password1")
    await page.get_by_role("button", name="Update").click()
    await expect(page.locator("#password-error")).to_be_visible()
    await expect(page.get_by_role("heading", name="Create a password")).to_be_visible()


async def test_an_admin_disables_a_clients_portal_access_and_restores_it(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    slug = tenant.practice.slug
    _, _, invite = await stack.portal.active_client(tenant)
    page = await open_page(browser, **PHONE)
    page.on("dialog", lambda dialog: dialog.accept())
    await clinician_logs_in(page, stack, slug, tenant.admin)

    await page.get_by_role("button", name="Disable portal access").click()
    await expect(page.locator("#list-status")).to_have_text("Portal access disabled.")
    await expect(page.get_by_text("Disabled", exact=True)).to_be_visible()
    restore = page.get_by_role("button", name="Restore portal access for Robin Client")
    await restore.click()
    await expect(page.locator("#list-status")).to_have_text(
        "Portal access restored: Robin Client can log in with their password again."
    )
    await expect(page.get_by_text("Active", exact=True)).to_be_visible()
    await expect(restore).to_have_count(0)
    assert await axe_violations(page) == []

    client = await open_page(browser, **PHONE)
    await client.goto(f"{stack.url}/p/{slug}/login")
    await client.get_by_label("Email Address").fill(invite.email)
    await client.get_by_label("Password").fill(CLIENT_PASSWORD)
    await client.get_by_role("button", name="Log in").click()
    await expect(client.get_by_role("heading", name="Welcome, Robin")).to_be_visible()


async def test_an_admin_changes_a_team_members_role_and_deactivates_them(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    slug = tenant.practice.slug
    name = f"{tenant.clinician.account.first_name} {tenant.clinician.account.last_name}"
    page = await open_page(browser, **PHONE)
    page.on("dialog", lambda dialog: dialog.accept())
    await clinician_logs_in(page, stack, slug, tenant.admin)
    await page.get_by_role("link", name="Team").click()
    await expect(page.get_by_role("heading", name="Team")).to_be_visible()
    await expect(page.get_by_text("This is you")).to_be_visible()
    status = page.locator("#members-status")

    await page.get_by_label(f"Role for {name}").select_option("admin")
    await page.get_by_role("button", name=f"Save role for {name}").click()
    await expect(status).to_have_text(f"{name} is now an admin.")
    await page.get_by_role("button", name=f"Deactivate {name}").click()
    await expect(status).to_have_text(f"{name} is deactivated.")
    await expect(page.get_by_text("Disabled", exact=True)).to_be_visible()
    reactivate = page.get_by_role("button", name=f"Reactivate {name}")
    await expect(reactivate).to_be_focused()
    await reactivate.click()
    await expect(status).to_have_text(f"{name} is reactivated and can log in again.")
    await expect(page.get_by_role("cell", name="Disabled")).to_have_count(0)
    assert await axe_violations(page) == []


async def test_after_a_re_send_the_old_pin_says_to_use_the_latest_email_and_the_new_one_works(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    staff = await stack.portal.staff_session(tenant, tenant.clinician)
    client, first = await stack.portal.invite(staff)
    await stack.portal.post(
        staff, f"/api/v1/identity/clients/{client['id']}/invitation", None, expect=202
    )
    latest = await stack.portal.invitation_email(first.email, count=2)

    page = await open_page(browser, **PHONE)
    await page.goto(first.link.replace("http://portal.test", stack.url))
    await page.get_by_label("Email Address").fill(first.email)
    await page.get_by_label("Password").fill(first.pin)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("alert")).to_contain_text(
        "use the link and PIN in the latest email"
    )
    await expect(page.get_by_role("heading", name=re.compile("Welcome to"))).to_be_visible()

    await page.goto(latest.link.replace("http://portal.test", stack.url))
    await page.get_by_label("Email Address").fill(latest.email)
    await page.get_by_label("Password").fill(latest.pin)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", name="Create a password")).to_be_visible()


async def test_a_page_whose_session_ended_elsewhere_goes_back_to_log_in(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    _, _, invite = await stack.portal.active_client(tenant)
    laptop, phone = await open_page(browser), await open_page(browser, **PHONE)
    for page in (laptop, phone):
        await page.goto(f"{stack.url}/p/{tenant.practice.slug}/login")
        await page.get_by_label("Email Address").fill(invite.email)
        await page.get_by_label("Password").fill("quiet-orchard-lantern-58")
        await page.get_by_role("button", name="Log in").click()
        await expect(page.get_by_role("heading", name="Welcome, Robin")).to_be_visible()

    await phone.get_by_role("navigation").get_by_role("link", name="Account & security").click()
    await phone.get_by_role("button", name="Log out other devices").click()
    await expect(phone.get_by_text(re.compile(r"\d other sessions? ended"))).to_be_visible()

    # The laptop's access token still looks fine to the gateway for a few minutes, but
    # identity checks the session itself: the laptop is sent to log in.
    await laptop.get_by_role("navigation").get_by_role("link", name="Account & security").click()
    await expect(laptop.get_by_role("heading", name=re.compile("Log in to"))).to_be_visible()
    await expect(laptop.get_by_role("status").first).to_contain_text("Your session has ended")


async def test_a_client_turns_two_step_verification_on_and_off_after_giving_their_password(
    browser: Browser, stack: Stack
) -> None:
    tenant = await stack.portal.tenant()
    _, _, invite = await stack.portal.active_client(tenant)
    page = await open_page(browser, **PHONE)
    await page.goto(f"{stack.url}/p/{tenant.practice.slug}/login")
    await page.get_by_label("Email Address").fill(invite.email)
    await page.get_by_label("Password").fill("quiet-orchard-lantern-58")
    await page.get_by_role("button", name="Log in").click()
    await page.get_by_role("navigation").get_by_role("link", name="Account & security").click()
    await page.get_by_label("Your password").fill("not-my-password")
    await page.get_by_role("button", name="Set up two-step verification").click()
    await expect(page.get_by_role("alert").filter(has_text="incorrect")).to_be_visible()
    await page.get_by_label("Your password").fill("quiet-orchard-lantern-58")
    await page.get_by_role("button", name="Set up two-step verification").click()
    secret = await page.get_by_label("Setup key").text_content()
    assert secret
    await page.get_by_label("Authentication code").fill(pyotp.TOTP(secret.strip()).now())
    await page.get_by_role("button", name="Turn on").click()
    await expect(page.get_by_text("Two-step verification is on.")).to_be_visible()
    assert await axe_violations(page) == []

    # And off again, with the password; the client is told by email.
    await page.get_by_label("Your password").fill("quiet-orchard-lantern-58")
    await page.get_by_role("button", name="Turn off two-step verification").click()
    await expect(page.get_by_text("Two-step verification is off.")).to_be_visible()
    await expect(page.get_by_role("button", name="Set up two-step verification")).to_be_visible()
    assert await axe_violations(page) == []
    notices = await stack.portal.smtp.wait_for(invite.email, count=3)
    assert "Two-step verification is off" in notices[-1]["Subject"]
