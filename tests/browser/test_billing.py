"""The guide's "Billing & Payments" in a real browser at phone width: a new client views
their billing, opens documents, pays with Remember Card through Stripe.js (localstripe's
stand-in, allowed by the gateway's CSP and nothing else), sees Paid, pays the next one
with the saved card, and meets a declined card. Then the clinician's side."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from services.billing.app import definition as billing
from services.billing.service.invoices import invoice_for_appointment
from services.billing.tests.conftest import (
    CARD_DECLINED,
    CARD_OK,
    localstripe_process,
    register_webhook,
    stripe_settings,
    wait_for,
)
from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.tests.integration.conftest import FAST, Portal
from shared import directory
from shared.events.catalog import AppointmentCompleted, BillableService, Place
from shared.testing import eventually, running_stack, smtp_server
from tests.browser.conftest import PHONE, WEB_DIST, Stack, axe_violations, open_page
from tests.browser.test_guide_login import clinician_logs_in

PASSWORD = "quiet-orchard-lantern-58"


@pytest.fixture(scope="module")
async def billing_stack(admin_dsn: str, amqp_url: str) -> AsyncIterator[tuple[Stack, Any]]:
    """Identity and billing behind the gateway, localstripe beside them; the gateway's CSP
    lets the page reach localstripe (Stripe.js) and no other origin."""
    with localstripe_process() as stripe_url, smtp_server() as smtp:
        await wait_for(stripe_url)
        async with running_stack(
            [identity(), billing()],
            admin_dsn=admin_dsn,
            amqp_url=amqp_url,
            smtp=smtp,
            settings={
                "identity": {k: v for k, v in FAST.items() if k != "public_url"},
                "billing": stripe_settings(stripe_url),
            },
            gateway={"csp_extra": stripe_url},
            web_root=WEB_DIST,
        ) as running:
            await register_webhook(stripe_url, f"{running.url}/api/v1/billing/stripe/webhook")
            portal = Portal(
                url=running.url, idp=identity_of(running.apps["identity"]), smtp=smtp, db=None
            )  # type: ignore[arg-type]
            try:
                yield Stack(url=running.url, portal=portal, revoked=None), running  # type: ignore[arg-type]
            finally:
                await portal.close()


async def invoiced_session(running: Any, tenant: Any, client_id: uuid.UUID, fee: int) -> None:
    """A completed session, invoiced by billing's consumer code (as scheduling's event)."""
    rt = running.runtime("billing")
    starts = datetime.now(UTC) - timedelta(days=3)
    event = AppointmentCompleted(
        practice_id=tenant.practice.id,
        appointment_id=uuid.uuid4(),
        client_id=client_id,
        clinician_id=tenant.clinician.account.id,
        service_id=uuid.uuid4(),
        starts_at=starts,
        ends_at=starts + timedelta(minutes=53),
        status="completed",
        place=Place(name="Office", time_zone="America/New_York"),
        billing=BillableService(
            name="Psychotherapy, 53 minutes",
            cpt_code="90837",
            fee=fee,
            currency="usd",
            place_of_service="11",
        ),
    )
    async with rt.uow() as work:
        await invoice_for_appointment(work, event)
        await work.commit()


async def client_with_invoices(
    stack: Stack, running: Any, fees: tuple[int, ...]
) -> tuple[Any, Any]:
    tenant = await stack.portal.tenant(name="Harbor Counseling")
    _, _, invite = await stack.portal.active_client(tenant)
    rt = running.runtime("billing")

    async def known() -> bool:
        async with rt.reader() as conn:
            found = await directory.list_clients(conn, tenant.practice.id)
        return any(c.email == invite.email for c in found)

    await eventually(known)
    async with rt.reader() as conn:
        [client] = [
            c
            for c in await directory.list_clients(conn, tenant.practice.id)
            if c.email == invite.email
        ]
    client_id = client.id
    for fee in fees:
        await invoiced_session(running, tenant, client_id, fee)
    return tenant, invite


async def logs_in(page: Page, url: str, slug: str, email: str) -> None:
    await page.goto(f"{url}/p/{slug}/login")
    await page.get_by_label("Email Address").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.get_by_role("heading", name=re.compile("^Welcome"))).to_be_visible()


async def enter_card(page: Page, number: str, *, remember: bool) -> None:
    await page.get_by_label("Cardholder name").fill("Robin Client")
    card = page.locator("#card-element")
    await expect(card.locator("input").first).to_be_visible()
    for placeholder, value in (
        ("number", number),
        ("exp_month", "12"),
        ("exp_year", "30"),
        ("cvc", "123"),
        ("postal_code", "10001"),
    ):
        await card.locator(f"input[placeholder={placeholder}]").fill(value)
    await page.get_by_label("Billing ZIP code").fill("10001")
    if remember:
        await page.get_by_label("Remember Card").check()


async def clean(page: Page, where: str) -> None:
    wide = await page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{where} is {wide}px wider than the screen"
    assert await axe_violations(page) == [], where


async def test_a_new_client_walks_billing_and_payments_as_the_guide_says(
    browser: Browser, billing_stack: tuple[Stack, Any]
) -> None:
    stack, running = billing_stack
    tenant, invite = await client_with_invoices(stack, running, (15000, 12000))
    page = await open_page(browser, **PHONE)
    await logs_in(page, stack.url, tenant.practice.slug, invite.email)

    # 1. Billing & Payments: the balance at the top, the recent documents.
    await page.get_by_role("navigation").get_by_role("link", name="Billing & Payments").click()
    await expect(page.get_by_role("heading", name="Billing & Payments", level=1)).to_be_focused()
    await expect(page.locator("#balance-amount")).to_have_text("$270.00")
    invoices = page.locator("ul[data-kind=invoices] li")
    await expect(invoices).to_have_count(2)
    await expect(invoices.first).to_contain_text("Due")
    await clean(page, "billing")

    # 2. Account Activity shows or hides the sessions; 3. the calendar icon picks dates.
    activity = page.locator("#activity-body")
    await expect(activity).to_contain_text("Psychotherapy, 53 minutes")
    await page.get_by_role("button", name="Account Activity").click()
    await expect(activity).to_be_hidden()
    await page.get_by_role("button", name="Account Activity").click()
    await expect(activity).to_be_visible()
    await page.get_by_role("button", name=re.compile("^Choose dates")).click()
    await expect(page.get_by_label("From")).to_be_visible()
    await page.get_by_role("button", name="Show").click()

    # Open a document by its date; Print and Download PDF are there; X closes it.
    await invoices.first.get_by_role("button").first.click()
    dialog = page.get_by_role("dialog", name="Invoice")
    await expect(dialog).to_contain_text("Amount due")
    await expect(dialog.get_by_role("button", name="Print")).to_be_visible()
    async with page.expect_download() as download:
        await dialog.get_by_role("link", name="Download PDF").click()
    assert (await download.value).suggested_filename.startswith("invoice-")
    await clean(page, "document")
    await dialog.get_by_role("button", name="Close the invoice").click()
    await expect(dialog).to_be_hidden()

    # Pay one invoice with a new card and Remember Card: it turns from Due to Paid.
    await invoices.first.get_by_role("button", name=re.compile("^Pay Now")).click()
    await enter_card(page, CARD_OK, remember=True)
    await clean(page, "card form")
    await page.get_by_role("button", name="Pay $120.00").click()
    await expect(page.locator("#billing-status")).to_contain_text("Payment received: $120.00")
    await expect(invoices.first).to_contain_text("Paid")
    await expect(page.locator("#balance-amount")).to_have_text("$150.00")

    # The next payment uses the saved card from the dropdown.
    await page.get_by_role("button", name=re.compile("^Pay Now")).first.click()
    await expect(page.get_by_label("Card", exact=True)).to_have_value(re.compile(".+"))
    await expect(page.get_by_role("option", name="Visa ending 4242")).to_have_count(1)
    await page.get_by_role("button", name="Pay $150.00").click()
    await expect(page.locator("#balance-amount")).to_have_text("$0.00")
    await expect(invoices.nth(1)).to_contain_text("Paid")


async def test_a_declined_card_leaves_the_invoice_due_with_stripes_message(
    browser: Browser, billing_stack: tuple[Stack, Any]
) -> None:
    stack, running = billing_stack
    tenant, invite = await client_with_invoices(stack, running, (9000,))
    page = await open_page(browser, **PHONE)
    await logs_in(page, stack.url, tenant.practice.slug, invite.email)
    await page.goto(f"{stack.url}/p/{tenant.practice.slug}/billing")
    await page.get_by_role("button", name=re.compile("^Pay Now")).first.click()
    await enter_card(page, CARD_DECLINED, remember=True)
    await page.get_by_role("button", name="Pay $90.00").click()
    await expect(page.locator("#card-element-error")).to_have_text("Your card was declined.")
    await clean(page, "declined")
    await page.reload()
    await expect(page.locator("ul[data-kind=invoices] li").first).to_contain_text("Due")
    await expect(page.locator("#balance-amount")).to_have_text("$90.00")


async def test_the_clinician_bills_from_the_workspace(
    browser: Browser, billing_stack: tuple[Stack, Any]
) -> None:
    stack, running = billing_stack
    tenant, invite = await client_with_invoices(stack, running, (15000,))
    page = await open_page(browser, **PHONE)
    await clinician_logs_in(page, stack, tenant.practice.slug, tenant.clinician)
    await page.get_by_role("navigation").get_by_role("link", name="Billing").click()
    await expect(page.get_by_role("heading", name="Billing", level=1)).to_be_visible()
    await page.get_by_label("Choose a client").select_option(label="Robin Client")
    await expect(page.get_by_role("heading", name="Invoices")).to_be_visible()
    await page.get_by_label("Fee ($)").fill("120.00")
    await page.get_by_role("button", name="Issue invoice").click()
    await expect(page.locator("#billing-status")).to_contain_text("issued for $120.00")
    await page.get_by_label("Credit ($)").fill("20")
    await page.get_by_label("Reason").fill("Sliding scale")
    await page.get_by_role("button", name="Apply credit").click()
    await expect(page.locator("#billing-status")).to_contain_text("credited")
    await page.get_by_label("ICD-10 diagnosis codes, one a line (first is A)").fill(
        "F41.1 Generalized anxiety disorder"
    )
    await page.get_by_label("Insurance member ID").fill("XJH123456789")
    await page.get_by_role("button", name="Save insurance details").click()
    await expect(page.locator("#billing-status")).to_have_text(
        "Insurance details and diagnosis codes saved."
    )
    await page.get_by_role("button", name="Issue statement").click()
    await expect(page.locator("#billing-status")).to_contain_text("Statement issued")
    await clean(page, "workspace billing")
    assert invite.email
