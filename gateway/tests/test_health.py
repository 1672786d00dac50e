"""The gateway's own health, readiness and metrics."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web
from aiohttp.test_utils import TestClient

from gateway.tests.conftest import MakeGateway, Upstreams, unused_port
from shared.testing import running_app
from shared.web.metrics_listener import metrics_url


async def test_healthz_says_the_process_is_alive(gateway: TestClient) -> None:
    response = await gateway.get("/healthz")

    assert response.status == 200
    assert await response.json() == {"status": "ok"}


async def test_readyz_is_ready_with_identity_keys_and_reports_every_upstream(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    dead = f"http://127.0.0.1:{unused_port()}"
    gateway = await make_gateway(upstreams={**upstreams.urls, "messaging": dead})

    response = await gateway.get("/readyz")

    assert response.status == 200
    body = await response.json()
    assert body["checks"]["jwks"] is True
    assert body["checks"]["upstreams"] == {
        "billing": True,
        "forms": True,
        "identity": True,
        "messaging": False,
    }


async def test_readyz_is_not_ready_without_identity_keys(make_gateway: MakeGateway) -> None:
    gateway = await make_gateway(jwks_url=f"http://127.0.0.1:{unused_port()}/jwks.json")

    response = await gateway.get("/readyz")

    assert response.status == 503
    assert (await response.json())["checks"]["jwks"] is False


async def test_metrics_count_requests_by_area_and_status_and_time_upstreams(
    gateway: TestClient,
) -> None:
    await gateway.get("/api/v1/billing/a")
    await gateway.get("/api/v1/billing/a?reply=404")
    await gateway.get("/api/v1/nowhere/a")

    text = await _metrics(gateway)

    assert 'gateway_requests_total{area="billing",status="200"} 1.0' in text
    assert 'gateway_requests_total{area="billing",status="404"} 1.0' in text
    assert 'gateway_requests_total{area="gateway",status="404"} 1.0' in text
    assert 'gateway_upstream_latency_seconds_count{area="billing"} 2.0' in text
    assert "nowhere" not in text  # client input never becomes a label


async def _metrics(gateway: TestClient) -> str:
    async with aiohttp.ClientSession() as http, http.get(metrics_url(gateway.app)) as response:
        assert response.status == 200
        return await response.text()


async def test_the_public_port_never_answers_metrics_their_own_listener_does(
    gateway: TestClient,
) -> None:
    # Request counts by area and status (failed sign-ins among them) are for operators.
    public = await gateway.get("/metrics")

    # What any unknown page gets: the web client, whose router says "not found".
    assert public.content_type == "text/html"
    assert "gateway_requests_total" not in await public.text()
    listener = urlsplit(metrics_url(gateway.app))
    assert listener.hostname == "127.0.0.1" and listener.port != gateway.port
    assert "gateway_requests_total" in await _metrics(gateway)


async def test_readyz_stays_ready_on_cached_keys_when_identity_goes_away(
    make_gateway: MakeGateway, upstreams: Upstreams, make_token: Callable[..., str]
) -> None:
    jwks = f"{upstreams.urls['identity']}/.well-known/jwks.json"
    async with aiohttp.ClientSession() as http, http.get(jwks) as response:
        document = await response.json()
    keys = web.Application()
    keys.router.add_get("/jwks.json", lambda _: web.json_response(document))
    async with running_app(keys) as keys_url:
        gateway = await make_gateway(jwks_url=f"{keys_url}/jwks.json")
        signed_in = {"Authorization": f"Bearer {make_token()}"}
        assert (await gateway.get("/api/v1/billing/a", headers=signed_in)).status == 200
    # identity's keys are gone now; the gateway keeps checking tokens from its cache
    assert (await gateway.get("/readyz")).status == 200
    assert (await gateway.get("/api/v1/billing/a", headers=signed_in)).status == 200
