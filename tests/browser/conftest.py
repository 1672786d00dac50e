"""A real browser (Debian's chromium, driven by Playwright) against the real gateway
serving the built web client, in front of a real identity service."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright

from gateway.revocations import RevokedSessions
from gateway.state import GATEKEEPER
from services.identity.app import definition, identity_of
from services.identity.tests.integration.conftest import FAST, Portal
from shared.testing import SmtpInbox, running_stack

WEB_DIST = Path(__file__).resolve().parents[2] / "web" / "dist"
AXE = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@dataclass
class Stack:
    url: str
    portal: Portal
    # The gateway's list of ended sessions (it hears identity's session.revoked).
    revoked: RevokedSessions


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not (WEB_DIST / "index.html").exists():
        pytest.fail("the web client is not built: run `make web` (make test does it first)")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest.fixture
async def stack(admin_dsn: str, amqp_url: str, smtp: SmtpInbox) -> AsyncIterator[Stack]:
    async with running_stack(
        [definition()],
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        smtp=smtp,
        settings={"identity": {k: v for k, v in FAST.items() if k != "public_url"}},
        web_root=WEB_DIST,
    ) as running:
        idp = identity_of(running.apps["identity"])
        portal = Portal(url=running.url, idp=idp, smtp=smtp, db=None)  # type: ignore[arg-type]
        revoked = running.gateway[GATEKEEPER].revoked
        try:
            yield Stack(url=running.url, portal=portal, revoked=revoked)
        finally:
            await portal.close()


async def open_page(browser: Browser, **context: Any) -> Page:
    """A page in a fresh context (its own cookies); a script error fails the test."""
    page = await (await browser.new_context(**context)).new_page()
    page.on("pageerror", lambda error: pytest.fail(f"script error in the page: {error}"))
    page.on("console", _console)
    return page


def _console(message: Any) -> None:
    if message.type != "error":
        return
    print("console:", message.type, message.text)
    # The build must hold under the gateway's CSP: no inline script or style, nothing foreign.
    if "Content Security Policy" in message.text:
        pytest.fail(f"the page broke the CSP: {message.text}")


async def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Serious and critical accessibility violations axe-core finds on the page."""
    # evaluate() is not subject to the page's CSP, which rightly refuses injected scripts
    await page.evaluate(AXE.read_text() + "\n;void 0")
    result = await page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["html"] for n in v["nodes"]][:3]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
