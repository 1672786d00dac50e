"""An admin connects the practice's tools on a phone-sized screen: broker credentials whose
password is shown once and really opens the broker, a webhook whose deliveries (and their
last error) the page shows, and a revocation; identity and integrations behind the real
gateway, the practice reaching integrations through identity's events."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from urllib.parse import quote, urlsplit, urlunsplit

import aio_pika
import pytest
from playwright.async_api import Browser, Dialog, Page, expect

from gateway.state import GATEKEEPER
from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.tests.integration.conftest import FAST, Portal
from services.integrations.app import definition as integrations
from services.integrations.tests.integration.conftest import delete_run_users
from services.integrations.tests.integration.receiver import Receiver
from shared import directory
from shared.testing import eventually, running_app, running_stack, smtp_server
from tests.browser.conftest import PHONE, WEB_DIST, Stack, axe_violations, open_page
from tests.browser.test_guide_login import clinician_logs_in

TOOLS = {
    "webhook_allow_local": True,  # the receiver is on 127.0.0.1
    "webhook_first_retry_seconds": 0.5,
    "webhook_max_retry_seconds": 1,
    "webhook_poll_seconds": 0.2,
}


@pytest.fixture(scope="module")
async def receiver() -> AsyncIterator[Receiver]:
    found = Receiver()
    async with running_app(found.app()) as url:
        found.base_url = url
        yield found


@pytest.fixture(scope="module")
async def tools_stack(
    admin_dsn: str, amqp_url: str, rabbitmq_management: str
) -> AsyncIterator[tuple[Stack, object]]:
    with smtp_server() as smtp:
        async with running_stack(
            [identity(), integrations()],
            admin_dsn=admin_dsn,
            amqp_url=amqp_url,
            smtp=smtp,
            settings={
                "identity": {k: v for k, v in FAST.items() if k != "public_url"},
                "integrations": TOOLS | {"broker_admin_url": rabbitmq_management},
            },
            web_root=WEB_DIST,
        ) as running:
            portal = Portal(
                url=running.url, idp=identity_of(running.apps["identity"]), smtp=smtp, db=None
            )  # type: ignore[arg-type]
            stack = Stack(
                url=running.url, portal=portal, revoked=running.gateway[GATEKEEPER].revoked
            )
            try:
                yield stack, running
            finally:
                await portal.close()
                await delete_run_users(rabbitmq_management)


def tool_url(amqp_url: str, user: str, password: str) -> str:
    parts = urlsplit(amqp_url)
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(
        parts._replace(netloc=f"{quote(user, safe='')}:{quote(password, safe='')}@{host}")
    )


def accept_dialogs(page: Page) -> None:
    page.on("dialog", lambda dialog: asyncio.ensure_future(_accept(dialog)))


async def _accept(dialog: Dialog) -> None:
    await dialog.accept()


async def test_an_admin_connects_a_tool_both_ways_and_revokes_it_on_a_phone(
    browser: Browser,
    tools_stack: tuple[Stack, object],
    receiver: Receiver,
    amqp_url: str,
) -> None:
    stack, running = tools_stack
    tenant = await stack.portal.tenant(name="Harbor Counseling")
    slug = tenant.practice.slug
    integrations_rt = running.runtime("integrations")  # type: ignore[attr-defined]

    async def known() -> bool:
        async with integrations_rt.reader() as conn:
            return await directory.find_practice_by_slug(conn, slug) is not None

    await eventually(known, seconds=20)  # practice.created reached integrations

    page = await open_page(browser, **PHONE)
    accept_dialogs(page)
    await clinician_logs_in(page, stack, slug, tenant.admin)
    await page.get_by_role("navigation").get_by_role("link", name="Integrations").click()
    await expect(page.get_by_role("heading", name="Integrations", exact=True)).to_be_visible()
    await expect(page.get_by_text("No tool has credentials yet.")).to_be_visible()
    assert await axe_violations(page) == []

    # Broker credentials: the password is shown once and opens the broker.
    await page.get_by_label("Tool name").fill("Notes App")
    await page.get_by_role("button", name="Create credentials").click()
    await expect(page.locator("#name-error")).to_contain_text("lower-case")
    await page.get_by_label("Tool name").fill("notes-app")
    await page.get_by_role("button", name="Create credentials").click()
    shown = page.locator("#new-credentials")
    await expect(shown).to_contain_text("shown only this once")
    password = (await shown.locator("dt:has-text('Password') + dd").inner_text()).strip()
    user = (await shown.locator("dt:has-text('User') + dd").inner_text()).strip()
    assert user == f"tool.{slug}.notes-app"
    connection = await aio_pika.connect(tool_url(amqp_url, user, password))
    await connection.close()
    assert await axe_violations(page) == []
    await page.get_by_role("button", name="Done").click()
    await expect(page.locator("#new-credentials")).to_have_count(0)
    row = page.get_by_role("row").filter(has_text="notes-app")
    await expect(row).to_contain_text("Active")

    # A webhook: its secret shown once, then its deliveries and their last error.
    ok_path, down_path = f"/ok/{uuid.uuid4().hex}", f"/down/{uuid.uuid4().hex}"
    receiver.answer(down_path, 500)
    for path in (ok_path, down_path):
        await page.get_by_label("Endpoint URL").fill(receiver.url(path))
        await page.get_by_label(re.compile(r"^client\.invited")).check()
        await page.get_by_role("button", name="Register webhook").click()
        await expect(page.locator("#new-webhook")).to_contain_text("whsec_")
        await page.get_by_role("button", name="Done").click()
    await expect(page.get_by_text("Nothing sent yet")).to_have_count(2)

    clinician = await stack.portal.staff_session(tenant, tenant.clinician)
    await stack.portal.invite(clinician)  # identity publishes client.invited
    await eventually(lambda: _called(receiver, ok_path), seconds=20)
    await eventually(lambda: _called(receiver, down_path, times=2), seconds=20)
    await page.reload()
    delivered = page.get_by_role("row").filter(has_text=ok_path)
    await expect(delivered).to_contain_text("Delivered")
    failing = page.get_by_role("row").filter(has_text=down_path)
    await expect(failing).to_contain_text("Retrying: HTTP 500 Internal Server Error")
    await failing.get_by_role("button", name=re.compile("^Deliveries")).click()
    await expect(page.get_by_role("heading", name=re.compile("Deliveries to"))).to_be_visible()
    await expect(page.get_by_role("table", name=re.compile("Deliveries to"))).to_contain_text(
        "client.invited"
    )
    assert await axe_violations(page) == []

    # Revoke: the tool is cut off.
    await page.get_by_role("button", name="Revoke notes-app").click()
    await expect(page.locator("#tools-status")).to_have_text(
        "notes-app is revoked and disconnected."
    )
    await expect(page.get_by_role("row").filter(has_text="notes-app")).to_contain_text("Revoked")
    with pytest.raises((aio_pika.exceptions.AMQPError, ConnectionError)):
        await aio_pika.connect(tool_url(amqp_url, user, password))
    await failing.get_by_role("button", name=re.compile("^Delete")).click()
    await expect(page.get_by_role("row").filter(has_text=down_path)).to_have_count(0)
    assert await axe_violations(page) == []


async def _called(receiver: Receiver, path: str, *, times: int = 1) -> bool:
    return len(receiver.calls[path]) >= times
