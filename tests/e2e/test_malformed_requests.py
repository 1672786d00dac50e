"""Requests aiohttp's parser cannot read (garbage, a header past the limit, Content-Length
with Transfer-Encoding) are answered by the gateway and by a service like any other
refusal: problem+json, the same security headers, no version banner, and nothing of the
request in any log line. The refresh cookie comes first on session paths, so an
oversized Cookie header once put a refresh token in the log."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest

from services.identity.app import definition as identity
from services.identity.tests.integration.conftest import FAST
from shared.testing import SmtpInbox, Stack, running_stack

REFRESH = "/api/v1/identity/sessions/refresh"
TOKEN = "rT0k3n-" + "x" * 36  # the shape of a refresh token: 43 characters
assert len(TOKEN) == 43
SECURITY = (
    "Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options",
    "Permissions-Policy", "Cross-Origin-Opener-Policy", "Strict-Transport-Security",
)  # fmt: skip
MALFORMED = {
    "garbage": b"GARBAGE\r\n\r\n",
    "oversized header": (
        f"POST {REFRESH} HTTP/1.1\r\nHost: x\r\nCookie: portal_rt={TOKEN}; pad={'p' * 9000}\r\n"
        "Content-Length: 0\r\n\r\n"
    ).encode(),
    "length and chunked": (
        f"POST {REFRESH} HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
    ).encode(),
}


@pytest.fixture
async def stack(
    admin_dsn: str, amqp_url: str, smtp: SmtpInbox, tmp_path: Path
) -> AsyncIterator[Stack]:
    async with running_stack(
        [identity()],
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        smtp=smtp,
        settings={"identity": FAST},
        gateway={"web_root": tmp_path},
    ) as running:
        yield running


def _targets(stack: Stack) -> dict[str, str]:
    return {"gateway": stack.url, "identity": stack.services["identity"]}


async def _raw(url: str, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send bytes as they are (no client would) and read the whole answer."""
    parts = urlsplit(url)
    reader, writer = await asyncio.open_connection(parts.hostname, parts.port)
    try:
        writer.write(request)
        await writer.drain()
        raw = await asyncio.wait_for(reader.read(-1), timeout=10)
    finally:
        writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines)
    return int(status_line.split()[1]), headers, body


async def _ordinary(url: str) -> dict[str, str]:
    async with aiohttp.ClientSession() as http, http.post(f"{url}{REFRESH}", json={}) as answer:
        return dict(answer.headers)


@pytest.mark.parametrize("target", ["gateway", "identity"])
async def test_an_oversized_cookie_header_puts_nothing_of_the_request_in_any_log(
    stack: Stack,
    target: str,
    capfd: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    status, headers, body = await _raw(_targets(stack)[target], MALFORMED["oversized header"])

    await asyncio.sleep(0.2)  # shared.logging writes lines in batches from the loop
    out, err = capfd.readouterr()
    logged = "\n".join([out, err, caplog.text])
    assert "pad=" in MALFORMED["oversized header"].decode() and logged  # something was logged
    assert TOKEN not in logged and "portal_rt" not in logged and "ppppp" not in logged
    assert status in (400, 431)
    assert headers["Content-Type"].startswith("application/problem+json")
    assert json.loads(body)["status"] == status


@pytest.mark.parametrize("target", ["gateway", "identity"])
@pytest.mark.parametrize("request_bytes", list(MALFORMED.values()), ids=list(MALFORMED))
async def test_a_malformed_request_gets_problem_json_with_the_security_headers_and_no_banner(
    stack: Stack, target: str, request_bytes: bytes
) -> None:
    url = _targets(stack)[target]
    ordinary = await _ordinary(url)

    status, headers, body = await _raw(url, request_bytes)

    assert status == 400
    assert headers["Content-Type"].startswith("application/problem+json")
    assert json.loads(body)["status"] == 400 and TOKEN.encode() not in body
    assert "aiohttp" not in headers.get("Server", "") and "Python" not in headers.get("Server", "")
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert {h: headers.get(h) for h in SECURITY} == {h: ordinary.get(h) for h in SECURITY}


@pytest.mark.parametrize("target", ["gateway", "identity"])
@pytest.mark.parametrize("path", ["/healthz", "/api/v1/identity/nothing-here", REFRESH])
async def test_no_answer_names_the_server_software_or_its_version(
    stack: Stack, target: str, path: str
) -> None:
    url = f"{_targets(stack)[target]}{path}"
    async with aiohttp.ClientSession() as http, http.get(url) as answer:
        server = answer.headers.get("Server", "")
        nosniff = answer.headers.get("X-Content-Type-Options")
    assert "aiohttp" not in server and "Python" not in server, server
    assert nosniff == "nosniff"
