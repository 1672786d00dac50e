"""Tokens and CSRF are checked at the gateway, before any service sees the request."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import pytest
from aiohttp.test_utils import TestClient
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gateway.tests.conftest import MakeGateway, SigningKey, Upstreams, unused_port

MakeToken = Callable[..., str]
CSRF = "c5rf-value-from-the-cookie"


async def test_a_valid_bearer_token_is_forwarded_as_is(
    gateway: TestClient, upstreams: Upstreams, make_token: MakeToken
) -> None:
    token = make_token()
    response = await gateway.get("/api/v1/billing/a", headers={"Authorization": f"Bearer {token}"})

    assert response.status == 200
    assert upstreams.requests_to("billing")[0].headers["Authorization"] == f"Bearer {token}"


async def test_a_request_without_any_token_goes_through_for_the_service_to_judge(
    gateway: TestClient, upstreams: Upstreams
) -> None:
    response = await gateway.get("/api/v1/billing/public")

    assert response.status == 200
    assert "Authorization" not in upstreams.requests_to("billing")[0].headers


@pytest.mark.parametrize(
    "kind", ["expired", "bad signature", "unknown kid", "wrong issuer", "garbage"]
)
async def test_a_bad_token_is_a_401_before_the_service_sees_anything(
    gateway: TestClient,
    upstreams: Upstreams,
    make_token: MakeToken,
    signing_key: SigningKey,
    kind: str,
) -> None:
    stranger = SigningKey(Ed25519PrivateKey.generate(), kid=f"stranger-{uuid.uuid4().hex}")
    now = int(time.time())
    token = {
        "expired": lambda: make_token(iat=now - 600, exp=now - 300),
        # Signed by another key but claiming ours: the signature check must fail.
        "bad signature": lambda: make_token(key=stranger, kid=signing_key.kid),
        "unknown kid": lambda: make_token(key=stranger),
        "wrong issuer": lambda: make_token(iss="someone-else"),
        "garbage": lambda: "not.a.jwt",
    }[kind]()

    response = await gateway.get(
        "/api/v1/billing/invoices", headers={"Authorization": f"Bearer {token}"}
    )

    assert response.status == 401
    assert response.content_type == "application/problem+json"
    assert upstreams.nothing_seen()


async def test_the_access_cookie_is_forwarded_as_a_bearer_token(
    gateway: TestClient, upstreams: Upstreams, make_token: MakeToken
) -> None:
    token = make_token()
    response = await gateway.get("/api/v1/billing/a", cookies={"portal_at": token})

    assert response.status == 200
    assert upstreams.requests_to("billing")[0].headers["Authorization"] == f"Bearer {token}"


async def test_over_https_only_the_prefixed_cookies_count(
    make_gateway: MakeGateway, upstreams: Upstreams, make_token: MakeToken
) -> None:
    # Served over HTTPS the portal's cookies are __Host- (a sibling subdomain cannot plant
    # or overwrite them): a plain-named one is no session cookie at all.
    gateway = await make_gateway(public_url="https://portal.test")
    token = make_token()

    prefixed = await gateway.get(
        "/api/v1/billing/a", headers={"Cookie": f"__Host-portal_at={token}"}
    )
    planted = await gateway.get("/api/v1/billing/a", headers={"Cookie": f"portal_at={token}"})
    unsafe = await gateway.post(
        "/api/v1/billing/payments",
        headers={
            "Cookie": f"__Host-portal_at={token}; portal_csrf={CSRF}",
            "X-CSRF-Token": CSRF,
        },
    )

    assert (prefixed.status, planted.status) == (200, 200)
    first, second = upstreams.requests_to("billing")
    assert first.headers["Authorization"] == f"Bearer {token}"
    assert "Authorization" not in second.headers
    assert unsafe.status == 403, "the CSRF cookie must be the __Host- one too"


async def test_an_authorization_header_wins_over_the_cookie(
    gateway: TestClient, upstreams: Upstreams, make_token: MakeToken
) -> None:
    header, cookie = make_token(), make_token()
    await gateway.get(
        "/api/v1/billing/a",
        headers={"Authorization": f"Bearer {header}"},
        cookies={"portal_at": cookie},
    )

    assert upstreams.requests_to("billing")[0].headers["Authorization"] == f"Bearer {header}"


async def test_a_dead_cookie_is_dropped_and_the_request_goes_on_as_anonymous(
    gateway: TestClient, upstreams: Upstreams, make_token: MakeToken
) -> None:
    # A public page (a practice's Log in) must work whatever cookie the browser still
    # holds; a protected endpoint answers 401 itself, as to anyone without a token.
    expired = make_token(iat=int(time.time()) - 600, exp=int(time.time()) - 300)
    response = await gateway.get(
        "/api/v1/billing/a", cookies={"portal_at": expired, "portal_csrf": CSRF, "other": "1"}
    )

    assert response.status == 200
    seen = upstreams.requests_to("billing")[0].headers
    assert "Authorization" not in seen
    assert "portal_at" not in seen["Cookie"]
    assert "portal_csrf=" in seen["Cookie"] and "other=1" in seen["Cookie"]


async def test_a_bad_bearer_token_is_still_refused_even_with_a_good_cookie(
    gateway: TestClient, upstreams: Upstreams, make_token: MakeToken
) -> None:
    response = await gateway.get(
        "/api/v1/billing/a",
        headers={"Authorization": "Bearer not.a.jwt"},
        cookies={"portal_at": make_token()},
    )

    assert response.status == 401
    assert upstreams.nothing_seen()


async def test_a_stale_cookie_never_blocks_signing_in(
    gateway: TestClient, upstreams: Upstreams, make_token: MakeToken
) -> None:
    expired = make_token(iat=int(time.time()) - 600, exp=int(time.time()) - 300)
    response = await gateway.post(
        "/api/v1/identity/sessions", json={"email": "a@b.c"}, cookies={"portal_at": expired}
    )

    assert response.status == 200
    assert "Authorization" not in upstreams.requests_to("identity")[0].headers


@pytest.mark.parametrize("given", [None, "wrong-value"])
async def test_an_unsafe_request_on_cookies_without_the_matching_csrf_header_is_a_403(
    gateway: TestClient, upstreams: Upstreams, make_token: MakeToken, given: str | None
) -> None:
    headers = {"X-CSRF-Token": given} if given else {}
    response = await gateway.post(
        "/api/v1/billing/payments",
        headers=headers,
        cookies={"portal_at": make_token(), "portal_csrf": CSRF},
    )

    assert response.status == 403
    assert response.content_type == "application/problem+json"
    assert upstreams.nothing_seen()


async def test_an_unsafe_request_with_the_matching_csrf_header_passes(
    gateway: TestClient, upstreams: Upstreams, make_token: MakeToken
) -> None:
    response = await gateway.post(
        "/api/v1/billing/payments",
        headers={"X-CSRF-Token": CSRF},
        cookies={"portal_at": make_token(), "portal_csrf": CSRF},
    )

    assert response.status == 200
    assert len(upstreams.requests_to("billing")) == 1


async def test_refreshing_on_the_refresh_cookie_needs_the_csrf_header(
    gateway: TestClient, upstreams: Upstreams
) -> None:
    response = await gateway.post(
        "/api/v1/identity/sessions/refresh", cookies={"portal_rt": "r", "portal_csrf": CSRF}
    )

    assert response.status == 403
    assert upstreams.nothing_seen()


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/identity/sessions",
        "/api/v1/identity/invitations/some-token/accept",
        "/api/v1/identity/password-resets",
        "/api/v1/identity/password-resets/some-token",
        "/api/v1/identity/sessions/totp",
        "/api/v1/identity/passwords/check",
    ],
)
async def test_sign_in_invitation_and_reset_requests_need_no_csrf_header(
    gateway: TestClient, upstreams: Upstreams, path: str
) -> None:
    response = await gateway.post(path, cookies={"portal_rt": "r", "portal_csrf": CSRF})

    assert response.status == 200
    assert len(upstreams.requests_to("identity")) == 1


async def test_tokens_cannot_be_checked_while_identity_keys_are_unreachable(
    make_gateway: MakeGateway, upstreams: Upstreams, make_token: MakeToken
) -> None:
    gateway = await make_gateway(jwks_url=f"http://127.0.0.1:{unused_port()}/jwks.json")

    response = await gateway.get(
        "/api/v1/billing/a", headers={"Authorization": f"Bearer {make_token()}"}
    )

    assert response.status == 503
    assert response.content_type == "application/problem+json"
    assert upstreams.nothing_seen()


async def test_a_cookie_borne_websocket_from_another_site_is_refused(
    gateway: TestClient, upstreams: Upstreams, make_token: MakeToken
) -> None:
    response = await gateway.get(
        "/api/v1/billing/ws",
        headers={
            "Upgrade": "websocket",
            "Connection": "Upgrade",
            "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            "Origin": "https://evil.example",
        },
        cookies={"portal_at": make_token()},
    )

    assert response.status == 403
    assert upstreams.nothing_seen()


async def test_csrf_exemptions_are_what_the_service_declares_and_nothing_else(
    gateway: TestClient, upstreams: Upstreams
) -> None:
    # Declared exempt for POST only: another method on the same path needs the token.
    response = await gateway.put(
        "/api/v1/identity/sessions", cookies={"portal_rt": "r", "portal_csrf": CSRF}
    )

    assert response.status == 403
    assert upstreams.nothing_seen()


async def test_while_a_service_declarations_cannot_be_read_nothing_is_exempt(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    gateway = await make_gateway(
        upstreams={**upstreams.urls, "identity": f"http://127.0.0.1:{unused_port()}"}
    )

    response = await gateway.post(
        "/api/v1/identity/sessions", cookies={"portal_rt": "r", "portal_csrf": CSRF}
    )

    assert response.status == 403
