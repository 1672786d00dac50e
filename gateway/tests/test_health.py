"""The gateway's own health, readiness and metrics."""

from __future__ import annotations

from aiohttp.test_utils import TestClient

from gateway.tests.conftest import MakeGateway, Upstreams, unused_port


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

    text = await (await gateway.get("/metrics")).text()

    assert 'gateway_requests_total{area="billing",status="200"} 1.0' in text
    assert 'gateway_requests_total{area="billing",status="404"} 1.0' in text
    assert 'gateway_requests_total{area="gateway",status="404"} 1.0' in text
    assert 'gateway_upstream_latency_seconds_count{area="billing"} 2.0' in text
    assert "nowhere" not in text  # client input never becomes a label
