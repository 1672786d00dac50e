"""The guide's "Secure Messaging" in a real browser: the clinician writes from the
workspace, the client reads and replies through the 15-minute link on a phone (no
password), the clinician sees the reply arrive without reloading; after 15 minutes the
same link leads to Log in and then to the thread; the orange dot appears and clears."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.async_api import Browser, Page, expect

from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.tests.integration.conftest import CLIENT_PASSWORD, FAST, Portal, Tenant
from services.messaging.app import definition as messaging
from services.messaging.tests.support import email_about, message_link, on_stack
from shared.runtime import Runtime, SystemClock
from shared.testing import FrozenClock, SmtpInbox, eventually, running_stack, smtp_server
from tests.browser.conftest import PHONE, WEB_DIST, axe_violations, open_page
from tests.browser.test_guide_login import clinician_logs_in


@dataclass
class Stack:
    url: str
    portal: Portal
    messaging: Runtime[Any]


@pytest.fixture(scope="module")
def module_smtp() -> Iterator[SmtpInbox]:
    with smtp_server() as inbox:
        yield inbox


@pytest.fixture(scope="module")
async def stack(admin_dsn: str, amqp_url: str, module_smtp: SmtpInbox) -> AsyncIterator[Stack]:
    async with running_stack(
        [identity(), messaging()],
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        smtp=module_smtp,
        settings={"identity": {k: v for k, v in FAST.items() if k != "public_url"}},
        web_root=WEB_DIST,
    ) as running:
        portal = Portal(
            url=running.url, idp=identity_of(running.apps["identity"]), smtp=module_smtp, db=None
        )  # type: ignore[arg-type]
        try:
            yield Stack(url=running.url, portal=portal, messaging=running.runtime("messaging"))
        finally:
            await portal.close()


Opener = Callable[..., Awaitable[Page]]


@pytest.fixture
async def pages(browser: Browser) -> AsyncIterator[Opener]:
    """``await pages(**context)``: a page in a fresh context, closed after the test (an
    open page keeps its socket, and the gateway would wait for it when the stack stops)."""
    opened: list[Page] = []

    async def open_one(**context: Any) -> Page:
        page = await open_page(browser, **context)
        opened.append(page)
        return page

    yield open_one
    for page in opened:
        await page.context.close()


async def client_of(stack: Stack, tenant: Tenant) -> tuple[str, str]:
    """A client invited by the tenant's clinician who created their password: (id, email),
    once messaging knows them."""
    _, body, invite = await stack.portal.active_client(tenant)
    client_id = body["account"]["id"]

    async def known() -> bool:
        async with stack.messaging.reader() as conn:
            status = await conn.fetchval(
                "SELECT status FROM directory_clients WHERE client_id = $1", uuid.UUID(client_id)
            )
        return bool(status == "active")

    await eventually(known, seconds=20)
    return client_id, invite.email


async def send_from_workspace(page: Page, stack: Stack, slug: str, name: str, text: str) -> None:
    await page.goto(f"{stack.url}/p/{slug}/workspace/messages")
    await expect(page.get_by_role("heading", name="Messages", exact=True)).to_be_visible()
    await page.get_by_label("Find a client by name or email").fill(name.split()[0])
    await page.get_by_role("button", name="Find").click()
    await page.get_by_role("link", name=f"Write to {name}").click()
    await expect(page.get_by_role("heading", name=f"Messages with {name}")).to_be_visible()
    await page.get_by_label("Send a message").fill(text)
    await page.get_by_role("button", name="Send").click()
    await expect(page.get_by_role("status").filter(has_text="Message sent.")).to_be_visible()


async def test_the_client_reads_and_replies_through_the_link_and_the_clinician_sees_it_live(
    pages: Opener, stack: Stack
) -> None:
    tenant = await stack.portal.tenant(name="Harbor Counseling")
    slug = tenant.practice.slug
    _, email = await client_of(stack, tenant)
    clinician = await pages()
    await clinician_logs_in(clinician, stack, slug, tenant.clinician)  # type: ignore[arg-type]
    await send_from_workspace(clinician, stack, slug, "Robin Client", "How was your week?")

    # 1. Click on the Read Secure Message button: the thread, no password asked.
    link, _ = message_link(await email_about(stack.portal.smtp, email))
    client = await pages(**PHONE)
    await client.goto(on_stack(link, stack.url))
    await expect(client.get_by_text("How was your week?")).to_be_visible()
    assert await axe_violations(client) == []
    # 3. Type in the box that says "Send a message", then Send.
    await client.get_by_placeholder("Send a message").fill("Better, thank you!")
    await client.get_by_role("button", name="Send").click()
    await expect(client.get_by_text("Better, thank you!")).to_be_visible()

    # The clinician's open thread shows the reply without a reload, and Read under theirs.
    await expect(clinician.get_by_text("Better, thank you!")).to_be_visible()
    await expect(clinician.get_by_text("Read", exact=True)).to_be_visible()
    assert await axe_violations(clinician) == []

    # After 15 minutes the same link leads to Log in, and from there to the thread.
    stack.messaging.clock = FrozenClock(datetime.now(UTC) + timedelta(minutes=16))
    try:
        later = await pages(**PHONE)
        await later.goto(on_stack(link, stack.url))
        await expect(later.get_by_role("heading", name=re.compile("Log in to"))).to_be_visible()
        await expect(later.get_by_text("works for 15 minutes")).to_be_visible()
        await later.get_by_label("Email Address").fill(email)
        await later.get_by_label("Password").fill(CLIENT_PASSWORD)
        await later.get_by_role("button", name="Log in").click()
        await expect(later.get_by_role("heading", name="Messages")).to_be_visible()
        await expect(later.get_by_text("How was your week?")).to_be_visible()
        assert later.url.endswith(f"/p/{slug}/messages")
    finally:
        stack.messaging.clock = SystemClock()


async def test_the_orange_dot_appears_for_a_new_message_and_clears_once_read(
    pages: Opener, stack: Stack
) -> None:
    tenant = await stack.portal.tenant(name="Meadow Therapy")
    slug = tenant.practice.slug
    client_id, email = await client_of(stack, tenant)
    client = await pages(**PHONE)
    await client.goto(f"{stack.url}/p/{slug}/login")
    await client.get_by_label("Email Address").fill(email)
    await client.get_by_label("Password").fill(CLIENT_PASSWORD)
    await client.get_by_role("button", name="Log in").click()
    await expect(client.get_by_role("heading", name="Welcome, Robin")).to_be_visible()
    icon = client.get_by_role("navigation", name="Portal").get_by_role(
        "link", name=re.compile("^Messages")
    )
    await expect(icon).to_be_visible()
    await expect(client.locator(".unread-dot")).to_have_count(0)

    staff = await stack.portal.staff_session(tenant, tenant.clinician)
    await stack.portal.post(
        staff,
        f"/api/v1/messaging/clients/{client_id}/messages",
        {"body": "A note before Tuesday"},
        expect=201,
    )
    # The orange dot indicates a new message is waiting (it arrives live, no reload).
    await expect(client.locator(".unread-dot")).to_have_count(1)
    await expect(icon).to_have_accessible_name(re.compile("1 new message"))
    assert await axe_violations(client) == []

    await icon.click()
    await expect(client.get_by_text("A note before Tuesday")).to_be_visible()
    await expect(client.locator(".unread-dot")).to_have_count(0)
    assert await axe_violations(client) == []
    await client.get_by_label("Send a message").fill("x" * 5001)
    await client.get_by_role("button", name="Send").click()
    # Too long: said next to the box, in words (the server's limit, a 422 naming the field).
    await expect(client.locator("#body-error")).to_contain_text("at most 5,000 characters")


async def test_with_the_socket_down_new_messages_still_arrive_by_polling(
    pages: Opener, stack: Stack
) -> None:
    tenant = await stack.portal.tenant(name="Willow Counseling")
    slug = tenant.practice.slug
    client_id, email = await client_of(stack, tenant)
    client = await pages(**PHONE)
    refused: list[str] = []

    async def refuse(socket: Any) -> None:  # a proxy that drops every socket at once
        refused.append(socket.url)
        await socket.close(code=1011, reason="unavailable")

    await client.route_web_socket(re.compile(r"/api/v1/messaging/live"), refuse)
    await client.goto(f"{stack.url}/p/{slug}/login")
    await client.get_by_label("Email Address").fill(email)
    await client.get_by_label("Password").fill(CLIENT_PASSWORD)
    await client.get_by_role("button", name="Log in").click()
    await (
        client.get_by_role("navigation", name="Portal").get_by_role("link", name="Messages").click()
    )
    await expect(client.get_by_text("Checking for new messages every few seconds.")).to_be_visible()

    staff = await stack.portal.staff_session(tenant, tenant.clinician)
    await stack.portal.post(
        staff,
        f"/api/v1/messaging/clients/{client_id}/messages",
        {"body": "Polling still works"},
        expect=201,
    )
    await expect(client.get_by_text("Polling still works")).to_be_visible(timeout=15_000)
    assert refused, "the page tried its socket (and was refused) before polling"
