"""The local mail inbox: real SMTP in (aiosmtplib), real HTTP out (aiohttp)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import aiohttp
import aiosmtplib
import pytest
from aiohttp import web

from deploy.mailbox.pages import linkify
from deploy.mailbox.settings import MailboxSettings
from deploy.mailbox.web import SMTP_SERVER, create_app

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Mailbox:
    smtp_port: int
    url: str
    http: aiohttp.ClientSession

    async def send(self, message: EmailMessage) -> None:
        await aiosmtplib.send(message, hostname="127.0.0.1", port=self.smtp_port)

    async def messages(self, query: str = "") -> list[dict[str, object]]:
        async with self.http.get(f"{self.url}/api/messages{query}") as response:
            assert response.status == 200
            body = await response.json()
        assert body["count"] == len(body["messages"])
        return list(body["messages"])


async def _start(settings: MailboxSettings) -> tuple[web.AppRunner, int, int]:
    runner = web.AppRunner(create_app(settings))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    http_port = runner.addresses[0][1]
    smtp_port = runner.app[SMTP_SERVER].sockets[0].getsockname()[1]
    return runner, http_port, smtp_port


@pytest.fixture
async def mailbox() -> AsyncIterator[Mailbox]:
    runner, http_port, smtp_port = await _start(MailboxSettings(smtp_port=0, max_messages=3))
    async with aiohttp.ClientSession() as http:
        yield Mailbox(smtp_port=smtp_port, url=f"http://127.0.0.1:{http_port}", http=http)
    await runner.cleanup()


def make_email(
    *,
    to: str = "client@example.com",
    subject: str = "Your portal invitation",
    text: str = "Hello,\nactivate your account: http://localhost:8080/p/demo/activate?t=abc.\n",
    html: str | None = "<p>Hello <a href='http://localhost:8080/p/demo'>activate</a></p>",
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Demo Practice <no-reply@portal.localhost>"
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


async def test_an_email_sent_over_smtp_can_be_read_back_over_http(mailbox: Mailbox) -> None:
    await mailbox.send(make_email(to='"Doe, Jane" <jane@example.com>'))

    [message] = await mailbox.messages()
    assert message["from"] == "Demo Practice <no-reply@portal.localhost>"
    assert message["to"] == ['"Doe, Jane" <jane@example.com>']
    assert message["envelope"] == {"from": "no-reply@portal.localhost", "to": ["jane@example.com"]}
    assert message["subject"] == "Your portal invitation"
    assert "activate your account: http://localhost:8080/p/demo/activate?t=abc." in str(
        message["text"]
    )
    assert "\r" not in str(message["text"])
    assert "<a href='http://localhost:8080/p/demo'>" in str(message["html"])
    async with mailbox.http.get(f"{mailbox.url}/api/messages/{message['id']}") as response:
        assert response.status == 200
        assert await response.json() == message


async def test_messages_are_listed_newest_first_and_filtered_by_recipient(
    mailbox: Mailbox,
) -> None:
    await mailbox.send(make_email(to="ann@example.com", subject="first"))
    await mailbox.send(make_email(to="bob@example.com", subject="second"))

    assert [m["subject"] for m in await mailbox.messages()] == ["second", "first"]
    assert [m["subject"] for m in await mailbox.messages("?to=ANN@example.com")] == ["first"]
    assert await mailbox.messages("?to=nobody@example.com") == []


async def test_only_the_most_recent_messages_are_kept(mailbox: Mailbox) -> None:
    for n in range(5):  # the fixture keeps 3
        await mailbox.send(make_email(subject=f"email {n}"))

    subjects = [m["subject"] for m in await mailbox.messages()]
    assert subjects == ["email 4", "email 3", "email 2"]


async def test_waiting_for_a_message_returns_as_soon_as_it_arrives(mailbox: Mailbox) -> None:
    waiting = asyncio.create_task(mailbox.messages("?to=late@example.com&wait=10"))
    await asyncio.sleep(0.2)
    assert not waiting.done()

    await mailbox.send(make_email(to="other@example.com"))
    await mailbox.send(make_email(to="late@example.com", subject="at last"))

    found = await asyncio.wait_for(waiting, 5)
    assert [m["subject"] for m in found] == ["at last"]


async def test_waiting_gives_up_after_the_time_asked(mailbox: Mailbox) -> None:
    assert await mailbox.messages("?wait=0.2") == []


async def test_messages_can_be_deleted_one_or_all(mailbox: Mailbox) -> None:
    await mailbox.send(make_email(subject="keep"))
    await mailbox.send(make_email(subject="drop"))
    newest = (await mailbox.messages())[0]

    async with mailbox.http.delete(f"{mailbox.url}/api/messages/{newest['id']}") as response:
        assert response.status == 204
    assert [m["subject"] for m in await mailbox.messages()] == ["keep"]
    async with mailbox.http.get(f"{mailbox.url}/api/messages/{newest['id']}") as response:
        assert response.status == 404

    async with mailbox.http.delete(f"{mailbox.url}/api/messages") as response:
        assert await response.json() == {"deleted": 1}
    assert await mailbox.messages() == []


async def test_the_inbox_page_lists_messages_and_escapes_what_they_say(mailbox: Mailbox) -> None:
    await mailbox.send(make_email(subject="<script>alert(1)</script> Welcome"))

    async with mailbox.http.get(mailbox.url) as response:
        assert response.status == 200
        page = await response.text()
        policy = response.headers["Content-Security-Policy"]
    assert '<html lang="en">' in page
    assert 'name="viewport"' in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Welcome" in page
    assert "<script>" not in page
    assert "Demo Practice &lt;no-reply@portal.localhost&gt;" in page
    assert "client@example.com" in page
    assert "script-src" not in policy and "default-src 'none'" in policy


async def test_the_html_version_runs_sandboxed_under_a_strict_policy(mailbox: Mailbox) -> None:
    await mailbox.send(make_email(html="<p>Hi</p><script>steal()</script>"))
    [message] = await mailbox.messages()

    async with mailbox.http.get(f"{mailbox.url}/messages/{message['id']}") as response:
        page = await response.text()
    assert f'src="/messages/{message["id"]}/html"' in page
    assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in page
    assert "activate?t=abc" in page  # the plain text version is shown too

    async with mailbox.http.get(f"{mailbox.url}/messages/{message['id']}/html") as response:
        assert response.status == 200
        policy = response.headers["Content-Security-Policy"]
        assert "<p>Hi</p>" in await response.text()
    assert "default-src 'none'" in policy
    assert "sandbox" in policy
    assert "allow-scripts" not in policy and "allow-same-origin" not in policy


async def test_an_email_without_html_has_no_html_frame(mailbox: Mailbox) -> None:
    await mailbox.send(make_email(html=None))
    [message] = await mailbox.messages()

    async with mailbox.http.get(f"{mailbox.url}/messages/{message['id']}") as response:
        assert "<iframe" not in await response.text()
    async with mailbox.http.get(f"{mailbox.url}/messages/{message['id']}/html") as response:
        assert response.status == 404


async def test_a_form_posted_from_another_site_cannot_empty_the_inbox(mailbox: Mailbox) -> None:
    await mailbox.send(make_email())

    headers = {"Origin": "https://evil.example"}
    async with mailbox.http.post(f"{mailbox.url}/delete-all", headers=headers) as response:
        assert response.status == 403
    assert len(await mailbox.messages()) == 1

    same_site = {"Origin": mailbox.url}
    async with mailbox.http.post(
        f"{mailbox.url}/delete-all", headers=same_site, allow_redirects=False
    ) as response:
        assert response.status == 303
    assert await mailbox.messages() == []


def test_links_in_plain_text_become_links_and_the_rest_is_escaped() -> None:
    html = linkify("Go to https://x.example/a?b=1&c=2. <b>now</b>")
    assert html == (
        'Go to <a href="https://x.example/a?b=1&amp;c=2" rel="noreferrer">'
        "https://x.example/a?b=1&amp;c=2</a>. &lt;b&gt;now&lt;/b&gt;"
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def mailbox_process() -> Iterator[tuple[int, int]]:
    smtp_port, http_port = _free_port(), _free_port()
    env = {**os.environ, "MAILBOX_SMTP_PORT": str(smtp_port), "MAILBOX_HTTP_PORT": str(http_port)}
    process = subprocess.Popen(
        [sys.executable, "-m", "deploy.mailbox"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield smtp_port, http_port
    finally:
        process.terminate()
        process.wait(timeout=10)


async def test_python_m_deploy_mailbox_serves_smtp_and_the_web_ui(
    mailbox_process: tuple[int, int],
) -> None:
    smtp_port, http_port = mailbox_process
    url = f"http://127.0.0.1:{http_port}"
    async with aiohttp.ClientSession() as http:
        for _ in range(100):
            try:
                async with http.get(f"{url}/healthz") as response:
                    if response.status == 200:
                        break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
        else:
            pytest.fail("python -m deploy.mailbox did not answer /healthz in 10 s")

        await aiosmtplib.send(make_email(subject="from the process"), port=smtp_port)

        mailbox = Mailbox(smtp_port=smtp_port, url=url, http=http)
        assert [m["subject"] for m in await mailbox.messages()] == ["from the process"]
        async with http.get(url) as response:
            assert "from the process" in await response.text()
