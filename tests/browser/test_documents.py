"""The guide's "Documents and Forms" in a real browser at phone width, as a new client
meets it (welcome message, Get Started, sign and Continue, a form with autosave and Submit,
the review page with Make Corrections and Submit, the confirmation), and the clinician's
side: a form built with a conditional field, previewed and assigned, then the client's
submission read with its PDF."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator

import aiohttp
import pytest
from playwright.async_api import Browser, Page, expect

from services.forms.app import definition as forms
from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.tests.integration.conftest import FAST, Invite, Portal, Tenant
from shared.testing import eventually, running_stack, smtp_server
from tests.browser.conftest import PHONE, WEB_DIST, axe_violations, open_page
from tests.browser.test_guide_login import clinician_logs_in

PASSWORD = "lantern-orchid-velvet-31"


@pytest.fixture(scope="module")
async def portal(admin_dsn: str, amqp_url: str) -> AsyncIterator[Portal]:
    """Identity and forms behind the gateway serving the built web client."""
    with smtp_server() as smtp:
        async with running_stack(
            [identity(), forms()],
            admin_dsn=admin_dsn,
            amqp_url=amqp_url,
            smtp=smtp,
            settings={"identity": {k: v for k, v in FAST.items() if k != "public_url"}},
            web_root=WEB_DIST,
        ) as running:
            found = Portal(
                url=running.url, idp=identity_of(running.apps["identity"]), smtp=smtp, db=None
            )  # type: ignore[arg-type]
            yield found
            await found.close()


async def invited(
    portal: Portal, tenant: Tenant, first: str
) -> tuple[aiohttp.ClientSession, str, str, Invite]:
    """The clinician invites a client: (the clinician's session, client id, email, invite)."""
    staff = await portal.staff_session(tenant, tenant.clinician)
    email = f"{first.lower()}-{uuid.uuid4().hex[:6]}@example.com"
    client, invite = await portal.invite(staff, email=email, first_name=first, last_name="Walker")
    return staff, str(client["id"]), email, invite


async def intake_assigned(portal: Portal, staff: aiohttp.ClientSession, client_id: str) -> None:
    """Wait until forms has assigned the intake packet: it comes through the broker from
    client.invited (in life, while the welcome email is on its way); a busy runner is slow."""

    async def three() -> bool:
        found = await portal.get(staff, f"/api/v1/forms/clients/{client_id}/assignments")
        return len(found.get("assignments", [])) == 3

    try:
        await eventually(three, seconds=60)
    except TimeoutError:
        found = await portal.get(staff, f"/api/v1/forms/clients/{client_id}/assignments")
        pytest.fail(f"no intake packet assigned in 60 s: {found!r}")


async def follows_the_welcome_email(page: Page, portal: Portal, email: str, invite: Invite) -> None:
    """The guide's first login: the link, email and PIN, then a new password and Update."""
    await page.goto(invite.link.replace("http://portal.test", portal.url))
    await page.get_by_label("Email Address").fill(email)
    await page.get_by_label("Password").fill(invite.pin)
    await page.get_by_role("button", name="Log in").click()
    await page.get_by_label("New password").fill(PASSWORD)
    await page.get_by_label("Re-enter password").fill(PASSWORD)
    await page.get_by_role("button", name="Update").click()


async def new_client_logs_in(page: Page, portal: Portal, tenant: Tenant, first: str) -> str:
    """Invited by the clinician, the client follows the guide's first login (landing on
    Documents or home, depending on whether the packet has arrived yet)."""
    _, client_id, email, invite = await invited(portal, tenant, first)
    await follows_the_welcome_email(page, portal, email, invite)
    await page.wait_for_url(re.compile(r"/p/[^/]+/(home|documents)$"))
    return client_id


async def logs_in_again(page: Page, email: str) -> None:
    await page.get_by_role("button", name="Log out").click()
    await page.get_by_label("Email Address").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()


async def sign(page: Page, title: str, name: str) -> None:
    await expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
    await page.get_by_label("I agree, and sign this electronically").check()
    await page.get_by_label("Type your full name").fill(name)
    await page.get_by_role("button", name="Continue").click()


async def test_a_new_client_walks_documents_and_forms_as_the_guide_says(
    browser: Browser, portal: Portal
) -> None:
    tenant = await portal.tenant(name="Harbor Counseling")
    page = await open_page(browser, **PHONE)
    staff, client_id, email, invite = await invited(portal, tenant, "Robin")
    await intake_assigned(portal, staff, client_id)
    await follows_the_welcome_email(page, portal, email, invite)

    # "The first time you log into the Client Portal, you'll see a welcome message from
    # your clinician. Click Get Started": right after creating the password, not the home.
    welcome = page.get_by_role("heading", name="A welcome message from Harbor Counseling")
    await expect(welcome).to_be_visible()
    await expect(page).to_have_url(re.compile(r"/documents$"))
    assert await axe_violations(page) == []
    # Until one is started, each login opens it again; the home is one tap away.
    await logs_in_again(page, email)
    await expect(welcome).to_be_visible()
    await page.get_by_role("navigation").get_by_role("link", name="Home").click()
    await expect(page.get_by_role("heading", name="Welcome, Robin")).to_be_visible()
    await expect(page.get_by_text("3 to complete")).to_be_visible()
    await page.get_by_role("link", name=re.compile("^Documents")).first.click()
    await page.get_by_role("button", name="Get Started").click()

    # "Some documents can be signed by clicking the checkbox ... Then, click Continue"
    await expect(
        page.get_by_role("heading", name="Consent for treatment", exact=True)
    ).to_be_visible()
    assert await axe_violations(page) == []
    await page.get_by_role("button", name="Continue").click()  # not signed yet
    await expect(page.get_by_role("alert")).to_contain_text("I agree")
    await page.get_by_label("I agree, and sign this electronically").check()
    await page.get_by_label("Type your full name").fill("Robin Walker")
    await page.get_by_role("button", name="Continue").click()
    await sign(page, "Notice of privacy practices acknowledgement", "Robin Walker")

    # "Fill out as many fields as you can, then click Submit": answers save as they type.
    await expect(page.get_by_role("heading", name="Intake questionnaire")).to_be_visible()
    await page.get_by_label("Full legal name").fill("Robin Walker")
    await page.get_by_label("What brings you to therapy?").fill(
        "Trouble sleeping <b>before</b> exams"
    )
    await expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    assert await axe_violations(page) == []
    await page.reload()  # the draft survives leaving the page
    await expect(page.get_by_label("Full legal name")).to_have_value("Robin Walker")
    await page.get_by_role("button", name="Submit").click()
    await expect(page.get_by_role("alert")).to_contain_text("Date of birth is required")
    await page.get_by_label("Date of birth").fill("1990-04-05")
    await page.get_by_label("Phone number").fill("555 010 0142")
    details = page.get_by_label("Tell us about your previous therapy")
    await expect(details).to_be_hidden()
    therapy = page.get_by_role("group", name=re.compile("Have you been in therapy before"))
    await therapy.get_by_label("Yes").check()
    await expect(details).to_be_visible()  # conditional display
    await details.fill("A year of CBT")
    await page.get_by_role("button", name="Submit").click()

    # "you'll see a confirmation page where you can Make Corrections or Submit"
    await expect(page.get_by_role("heading", name="Review your answers")).to_be_visible()
    await expect(page.get_by_text("Trouble sleeping <b>before</b> exams")).to_be_visible()
    assert await axe_violations(page) == []
    await page.get_by_role("button", name="Make Corrections").click()
    await page.get_by_label("Phone number").fill("555 010 0199")
    await expect(page.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    await page.get_by_role("button", name="Submit").click()
    await expect(page.get_by_text("555 010 0199")).to_be_visible()
    await page.get_by_role("button", name="Submit").click()
    await expect(page.get_by_role("heading", name="Congratulations!")).to_be_visible()
    await expect(
        page.get_by_text("You're now ready to start using your Client Portal.")
    ).to_be_visible()
    assert await axe_violations(page) == []

    # Pending and done.
    await page.get_by_role("link", name="See your documents").click()
    await expect(page.get_by_text("Nothing to complete.")).to_be_visible()
    await expect(page.get_by_role("link", name="Intake questionnaire")).to_be_visible()

    # Nothing waits any more: the next login lands on the home page, as before.
    await logs_in_again(page, email)
    await expect(page.get_by_role("heading", name="Welcome, Robin")).to_be_visible()


async def test_two_tabs_never_overwrite_each_others_answers_unseen(
    browser: Browser, portal: Portal
) -> None:
    tenant = await portal.tenant()
    first = await open_page(browser, **PHONE)
    await new_client_logs_in(first, portal, tenant, "Sam")
    await first.goto(f"{portal.url}/p/{tenant.practice.slug}/documents")
    await first.get_by_role("link", name="Intake questionnaire").click()
    second = await first.context.new_page()
    await second.goto(first.url)
    await first.get_by_label("Full legal name").fill("From tab one")
    await expect(first.get_by_role("status").filter(has_text="Saved")).to_be_visible()
    await second.get_by_label("Full legal name").fill("From tab two")
    await expect(second.get_by_role("status").filter(has_text="another tab")).to_be_visible()
    await second.reload()
    await expect(second.get_by_label("Full legal name")).to_have_value("From tab one")


async def test_the_clinician_builds_a_form_with_a_conditional_field_and_assigns_it(
    browser: Browser, portal: Portal
) -> None:
    tenant = await portal.tenant(name="Meadow Practice")
    slug = tenant.practice.slug
    client_page = await open_page(browser, **PHONE)
    client_id = await new_client_logs_in(client_page, portal, tenant, "Alex")
    page = await open_page(browser)
    await clinician_logs_in(page, portal, slug, tenant.clinician)  # type: ignore[arg-type]
    await page.get_by_role("link", name="Forms").click()
    await page.get_by_role("link", name="New form").click()
    await page.get_by_label("Title").fill("Smoking check-in")
    await page.get_by_role("button", name="Add a field").click()
    first = page.locator("fieldset[data-field='1']")
    await first.get_by_label("Type").select_option("single_choice")
    await first.get_by_label("Question").fill("Do you smoke?")
    await first.get_by_label("Options, one per line").fill("Yes\nNo")
    await first.get_by_label("Required").check()
    await page.get_by_role("button", name="Add a field").click()
    second = page.locator("fieldset[data-field='2']")
    await second.get_by_label("Type").select_option("number")
    await second.get_by_label("Question").fill("How many a day?")
    await second.get_by_label("Show only when").select_option(label="Do you smoke?")
    await second.get_by_label("has the answer").select_option(label="Yes")
    await page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("form", name="Preview")
    await expect(preview.get_by_label("How many a day?")).to_be_hidden()
    await preview.get_by_label("Yes").check()
    await expect(preview.get_by_label("How many a day?")).to_be_visible()
    assert await axe_violations(page) == []
    await page.get_by_role("button", name="Save form").click()
    await expect(page.get_by_text("Saved “Smoking check-in” (version 1).")).to_be_visible()

    await page.get_by_role("link", name="Documents", exact=True).click()
    await page.get_by_label("Search by name or email").fill("Alex")
    await page.get_by_role("button", name="Search").click()
    await page.get_by_role("link", name="Alex Walker").click()
    await page.get_by_label("Smoking check-in").check()
    await page.get_by_role("button", name="Assign").click()
    await expect(page.get_by_role("status").first).to_contain_text("Shared 1 with Alex Walker")
    await expect(page.get_by_role("cell", name="Smoking check-in")).to_be_visible()
    assert await axe_violations(page) == []

    # The client fills it in: the conditional question appears for Yes.
    await client_page.goto(f"{portal.url}/p/{slug}/documents")
    await client_page.get_by_role("link", name="Smoking check-in").click()
    await client_page.get_by_label("Yes").check()
    await client_page.get_by_label("How many a day?").fill("5")
    await client_page.get_by_role("button", name="Submit").click()
    await client_page.get_by_role("button", name="Submit").click()
    await expect(
        client_page.get_by_role("heading", name=re.compile("Consent for treatment|Congratulations"))
    ).to_be_visible()

    # The clinician reads the submission (audited) and downloads its PDF.
    await page.goto(f"{portal.url}/p/{slug}/workspace/documents?client={client_id}")
    await page.get_by_role("link", name="View of Smoking check-in").click()
    await expect(page.get_by_text("How many a day?")).to_be_visible()
    await expect(page.get_by_text("5", exact=True)).to_be_visible()
    async with page.expect_download() as download:
        await page.get_by_role("button", name="Download PDF of Smoking check-in").click()
    pdf = await (await download.value).path()
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert await axe_violations(page) == []
