"""Routing and pass-through: what goes in reaches the right service, what it answers
comes back."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

import aiohttp
import pytest
from aiohttp.test_utils import TestClient

from gateway.tests.conftest import MakeGateway, Upstreams, raw_request, unused_port
from gateway.tests.upstream import BIG_BODY, GZIPPED, PLAIN_TEXT


async def test_method_path_query_and_body_reach_the_owning_service_unchanged(
    gateway: TestClient, upstreams: Upstreams
) -> None:
    target = "/api/v1/billing/invoices/42?status=open&q=a%20b&q=c"
    response = await gateway.patch(
        target, data=b'{"note": "x"}', headers={"Content-Type": "application/json"}
    )

    assert response.status == 200
    [seen] = upstreams.requests_to("billing")
    assert (seen.method, seen.target, seen.body) == ("PATCH", target, b'{"note": "x"}')
    assert seen.headers["Content-Type"] == "application/json"
    assert upstreams.requests_to("forms") == []


async def test_status_headers_and_every_set_cookie_come_back(gateway: TestClient) -> None:
    response = await gateway.post("/api/v1/forms/things?reply=201")

    assert response.status == 201
    assert response.headers["X-Upstream"] == "forms"
    cookies = response.headers.getall("Set-Cookie")
    assert len(cookies) == 2
    assert cookies[0].startswith("first=1") and cookies[1].startswith("second=2")
    assert "X-Hop" not in response.headers  # named in Connection: hop-by-hop


async def test_a_large_response_streams_back_intact(gateway: TestClient) -> None:
    response = await gateway.get("/api/v1/billing/big")

    assert response.status == 200
    assert await response.read() == BIG_BODY


async def test_a_service_dying_mid_body_cuts_the_client_off_rather_than_end_cleanly(
    gateway: TestClient,
) -> None:
    response = await gateway.get("/api/v1/billing/broken")

    assert response.status == 200  # the headers were already on their way
    with pytest.raises(aiohttp.ClientPayloadError):
        await response.read()


async def test_a_small_answer_the_service_breaks_off_is_a_503_not_a_short_body(
    gateway: TestClient,
) -> None:
    response = await gateway.get("/api/v1/billing/broken?length=1000")

    assert response.status == 503
    assert (await response.json())["area"] == "billing"


async def test_a_compressed_response_passes_through_still_compressed(
    gateway: TestClient,
) -> None:
    response = await gateway.get("/api/v1/billing/gzip", headers={"Accept-Encoding": "gzip"})

    assert response.headers["Content-Encoding"] == "gzip"
    assert response.headers["Content-Length"] == str(len(GZIPPED))
    assert await response.read() == PLAIN_TEXT


async def test_a_head_request_gets_the_headers_without_a_body(
    gateway: TestClient, upstreams: Upstreams
) -> None:
    response = await gateway.head("/api/v1/billing/a")

    assert response.status == 200
    assert response.headers["X-Upstream"] == "billing"
    assert await response.read() == b""
    assert upstreams.requests_to("billing")[0].method == "HEAD"


async def test_a_body_under_the_limit_is_streamed_through(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    gateway = await make_gateway(max_body_bytes=4_000_000)

    response = await gateway.put("/api/v1/forms/upload", data=BIG_BODY)

    assert (await response.json())["size"] == len(BIG_BODY)
    seen = upstreams.requests_to("forms")[0]
    assert seen.body == BIG_BODY
    assert seen.headers["Content-Length"] == str(len(BIG_BODY))  # not re-chunked


async def test_an_unknown_area_is_a_404_problem(gateway: TestClient) -> None:
    for path in ("/api/v1/nowhere/things", "/api/v2/billing/things", "/api/nothing"):
        response = await gateway.get(path)
        assert response.status == 404, path
        assert response.content_type == "application/problem+json"


async def test_dot_segments_cannot_steer_a_request_past_its_area(
    gateway: TestClient, upstreams: Upstreams
) -> None:
    for target in (
        "/api/v1/billing/x/%2e%2e/%2e%2e/identity/sessions",
        "/api/v1/identity/invitations/..%2F..%2Fadmin",
    ):
        status, _ = await raw_request(gateway.port, target, method="POST")
        assert status == 404, target
    assert upstreams.nothing_seen()


async def test_identity_headers_from_outside_are_stripped(
    gateway: TestClient, upstreams: Upstreams
) -> None:
    forged = {
        "X-Portal-Role": "admin",
        "X-Portal-Practice": "p1",
        "X-Forwarded-User": "someone",
        "X-User-Id": "42",
        "X-Request-ID": "chosen-by-the-client",
        "X-Custom": "kept",
    }
    await gateway.get("/api/v1/billing/invoices", headers=forged)

    headers = upstreams.requests_to("billing")[0].headers
    for name in ("X-Portal-Role", "X-Portal-Practice", "X-Forwarded-User", "X-User-Id"):
        assert name not in headers
    assert headers["X-Custom"] == "kept"
    assert headers["X-Request-ID"] != "chosen-by-the-client"


async def test_every_request_gets_a_fresh_request_id_sent_upstream_and_returned(
    gateway: TestClient, upstreams: Upstreams
) -> None:
    first = await gateway.get("/api/v1/billing/a", headers={"X-Request-ID": "a" * 32})
    second = await gateway.get("/healthz")

    request_id = first.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id) and request_id != "a" * 32
    assert upstreams.requests_to("billing")[0].headers["X-Request-ID"] == request_id
    assert second.headers["X-Request-ID"] not in ("", request_id)


async def test_forwarded_headers_name_the_socket_peer_when_no_proxy_is_trusted(
    gateway: TestClient, upstreams: Upstreams
) -> None:
    await gateway.get(
        "/api/v1/billing/a",
        headers={"X-Forwarded-For": "6.6.6.6", "X-Forwarded-Proto": "https"},
    )

    headers = upstreams.requests_to("billing")[0].headers
    assert headers["X-Forwarded-For"] == "127.0.0.1"
    assert headers["X-Forwarded-Proto"] == "http"
    assert headers["X-Forwarded-Host"] == f"127.0.0.1:{gateway.port}"


async def test_a_trusted_proxy_may_tell_who_the_client_is(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    gateway = await make_gateway(trusted_proxies=["127.0.0.1"])
    await gateway.get(
        "/api/v1/billing/a",
        headers={"X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https"},
    )

    headers = upstreams.requests_to("billing")[0].headers
    assert headers["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"
    assert headers["X-Forwarded-Proto"] == "https"


async def test_jwks_is_forwarded_to_identity(gateway: TestClient) -> None:
    response = await gateway.get("/.well-known/jwks.json")

    assert response.status == 200
    assert (await response.json())["keys"][0]["kty"] == "OKP"


async def test_a_body_over_the_limit_is_a_413_before_the_service_sees_it(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    gateway = await make_gateway(max_body_bytes=1000)

    sized = await gateway.post("/api/v1/billing/a", data=b"x" * 1001)

    async def chunks():  # no Content-Length: sent chunked
        for _ in range(3):
            yield b"y" * 600

    chunked = await gateway.post("/api/v1/billing/a", data=chunks())
    for response in (sized, chunked):
        assert response.status == 413
        assert response.content_type == "application/problem+json"
    assert upstreams.nothing_seen()


async def test_an_unreachable_service_is_a_503_naming_its_area_not_its_address(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    dead = f"http://127.0.0.1:{unused_port()}"
    gateway = await make_gateway(upstreams={**upstreams.urls, "forms": dead})

    response = await gateway.get("/api/v1/forms/templates")

    assert response.status == 503
    problem = await response.json()
    assert "forms" in problem["detail"] and problem["area"] == "forms"
    assert dead not in await response.text()
    assert "Traceback" not in await response.text()


async def test_a_slow_service_is_a_504(make_gateway: MakeGateway) -> None:
    gateway = await make_gateway(upstream_timeout_seconds=0.2)

    response = await gateway.get("/api/v1/billing/slow?seconds=3")

    assert response.status == 504
    assert (await response.json())["area"] == "billing"


async def test_websocket_frames_pass_both_ways_and_closes_are_passed_on(
    gateway: TestClient, upstreams: Upstreams
) -> None:
    async with gateway.ws_connect("/api/v1/billing/ws", protocols=("portal.v1",)) as ws:
        assert ws.protocol == "portal.v1"
        await ws.send_str("hello")
        assert (await ws.receive()).data == "echo hello"
        await ws.send_bytes(b"\x01\x02\x03")
        assert (await ws.receive()).data == b"\x03\x02\x01"
        await ws.send_str("close:4000")  # the service closes with 4000
        message = await ws.receive()
        assert message.type is aiohttp.WSMsgType.CLOSE and message.data == 4000

    async with gateway.ws_connect("/api/v1/billing/ws") as ws:
        await ws.close(code=4001)  # the client closes with 4001
    await _until(lambda: upstreams.requests_to("billing")[-1].close_code is not None)
    assert upstreams.requests_to("billing")[-1].close_code == 4001


async def test_a_websocket_stays_open_longer_than_the_upstream_timeout(
    make_gateway: MakeGateway,
) -> None:
    gateway = await make_gateway(upstream_timeout_seconds=0.2)

    async with gateway.ws_connect("/api/v1/billing/ws") as ws:
        await asyncio.sleep(0.5)
        await ws.send_str("still there?")
        assert (await ws.receive()).data == "echo still there?"


async def _until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(2):
        while not condition():
            await asyncio.sleep(0.01)


async def test_a_websocket_the_service_refuses_is_answered_as_http(gateway: TestClient) -> None:
    with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
        await gateway.ws_connect("/api/v1/billing/not-a-socket")

    assert refused.value.status == 502
