"""Security headers everywhere, and the web client served from its folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient

from gateway.tests.conftest import MakeGateway, raw_request

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


@pytest.mark.parametrize(
    "path", ["/api/v1/billing/a", "/api/v1/nowhere", "/p/acme/login", "/healthz", "/api/docs"]
)
async def test_every_response_carries_the_security_headers(gateway: TestClient, path: str) -> None:
    response = await gateway.get(path)

    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    csp = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"):
        assert directive in csp
    assert "connect-src 'self';" in csp  # same-origin sockets only
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in response.headers
    assert "aiohttp" not in response.headers.get("Server", "")


async def test_api_responses_are_never_stored_by_caches(gateway: TestClient) -> None:
    for path in ("/api/v1/billing/a", "/api/v1/nowhere", "/api/openapi.json"):
        assert (await gateway.get(path)).headers["Cache-Control"] == "no-store"


async def test_hsts_and_extra_csp_origins_come_from_settings(make_gateway: MakeGateway) -> None:
    gateway = await make_gateway(hsts=True, csp_extra="http://localhost:12111")

    response = await gateway.get("/healthz")

    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    csp = response.headers["Content-Security-Policy"]
    assert "connect-src 'self' http://localhost:12111" in csp
    assert "frame-src 'self' http://localhost:12111" in csp


async def test_any_other_page_gets_the_web_client_index(gateway: TestClient) -> None:
    for path in ("/", "/p/acme/login", "/p/acme/appointments/123"):
        response = await gateway.get(path)
        assert response.status == 200, path
        assert "SPA-INDEX" in await response.text()
        assert response.headers["Cache-Control"] == "no-cache"


async def test_hashed_assets_are_cached_for_long_and_other_files_revalidated(
    gateway: TestClient,
) -> None:
    asset = await gateway.get("/assets/index-BkX3a9Zq.js")
    icon = await gateway.get("/favicon.svg")

    assert await asset.text() == "console.log('app')"
    assert "immutable" in asset.headers["Cache-Control"]
    assert icon.headers["Cache-Control"] == "no-cache"


async def test_only_get_and_head_reach_the_web_client(gateway: TestClient) -> None:
    response = await gateway.post("/p/acme/login")

    assert response.status == 405
    assert response.content_type == "application/problem+json"


@pytest.mark.parametrize(
    "target",
    [
        "/../../etc/passwd",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2fsecret.txt",
        "/assets/..%2f..%2fsecret.txt",
        "/assets/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/.%2e/.%2e/etc/passwd",
        "/%252e%252e/secret.txt",
    ],
)
async def test_paths_that_climb_out_of_the_web_root_are_refused(
    gateway: TestClient, target: str
) -> None:
    status, raw = await raw_request(gateway.port, target)

    assert b"TOP-SECRET" not in raw and b"root:" not in raw
    assert status == 404 or (status == 200 and b"SPA-INDEX" in raw)


async def test_hidden_files_in_the_web_root_are_not_served(
    gateway: TestClient, web_root: Path
) -> None:
    (web_root / ".env").write_text("SECRET=1")

    response = await gateway.get("/.env")

    assert response.status == 404
    assert "SECRET" not in await response.text()


async def test_a_symlink_out_of_the_web_root_is_not_followed(
    gateway: TestClient, web_root: Path
) -> None:
    (web_root / "leak.txt").symlink_to(web_root.parent / "secret.txt")

    response = await gateway.get("/leak.txt")

    assert "TOP-SECRET" not in await response.text()


async def test_without_a_build_the_root_explains_how_to_build_it(
    make_gateway: MakeGateway, tmp_path: Path
) -> None:
    gateway = await make_gateway(web_root=tmp_path / "missing")

    response = await gateway.get("/")

    assert response.status == 200
    assert "make web" in await response.text()
