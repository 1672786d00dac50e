"""The shared HTTP behaviour every service gets: problems, limits, tokens, health."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import aiohttp
import asyncpg
import jwt
import pytest
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from shared.auth import AUDIENCE, Caller, TokenVerifier
from shared.config import ServiceSettings
from shared.errors import Conflict
from shared.testing import eventually, running_app
from shared.types import Email, Name, RequestModel
from shared.web import endpoint
from shared.web.app import create_service_app
from shared.web.metrics_listener import metrics_url


class NewThing(RequestModel):
    name: Name
    email: Email


class Keys:
    """An Ed25519 key set standing in for identity's JWKS."""

    def __init__(self) -> None:
        self.keys: dict[str, Ed25519PrivateKey] = {}
        self.fetches = 0
        self.add()

    def add(self) -> str:
        kid = uuid.uuid4().hex[:8]
        self.keys[kid] = Ed25519PrivateKey.generate()
        return kid

    async def jwks(self) -> dict[str, Any]:
        self.fetches += 1
        return {
            "keys": [
                {
                    **OKPAlgorithm.to_jwk(k.public_key(), as_dict=True),
                    "kid": kid,
                    "use": "sig",
                    "alg": "EdDSA",
                }
                for kid, k in self.keys.items()
            ]
        }

    def token(
        self, *, kid: str | None = None, role: str = "client", ttl: int = 300, **claims: Any
    ) -> str:
        kid = kid or next(iter(self.keys))
        now = int(time.time())
        body = {
            "iss": "client-portal",
            "aud": AUDIENCE,
            "sub": str(uuid.uuid4()),
            "pid": str(uuid.uuid4()),
            "role": role,
            "sid": "s1",
            "iat": now,
            "exp": now + ttl,
        }
        return jwt.encode(body | claims, self.keys[kid], algorithm="EdDSA", headers={"kid": kid})


routes = web.RouteTableDef()


@routes.post("/api/v1/things")
@endpoint(
    summary="Create a thing",
    roles=("clinician", "admin"),
    body=NewThing,
    response=NewThing,
    status=201,
)
async def create_thing(request: web.Request, *, caller: Caller, body: NewThing) -> NewThing:
    if body.name == "taken":
        raise Conflict("that name is taken", field="name")
    return body


@routes.get("/api/v1/boom")
@endpoint(summary="Fails")
async def boom(request: web.Request) -> None:
    raise RuntimeError("secret internals /etc/passwd")


@pytest.fixture
def keys() -> Keys:
    return Keys()


@pytest.fixture
async def base_url(backbone_settings: ServiceSettings, keys: Keys) -> AsyncIterator[str]:
    settings = backbone_settings.model_copy(update={"max_body_bytes": 2048})
    verifier = TokenVerifier(keys.jwks, issuer="client-portal", min_refetch_seconds=0)
    app = create_service_app(settings, routes=routes, title="Web test", verifier=verifier)
    async with running_app(app) as url:
        yield url


async def call(method: str, url: str, **kwargs: Any) -> tuple[int, dict[str, str], Any]:
    async with aiohttp.ClientSession() as session, session.request(method, url, **kwargs) as r:
        body = await r.json(content_type=None) if r.content_length != 0 else None
        return r.status, dict(r.headers), body


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_bad_field_gets_422_problem_json_naming_the_field(
    base_url: str, keys: Keys
) -> None:
    status, headers, body = await call(
        "POST",
        f"{base_url}/api/v1/things",
        headers=bearer(keys.token(role="admin")),
        json={"name": "ok", "email": "not-an-email"},
    )
    assert status == 422
    assert headers["Content-Type"].startswith("application/problem+json")
    assert [e["field"] for e in body["errors"]] == ["email"]
    assert "not-an-email" not in str(body), "the bad value is not echoed back"


@pytest.mark.parametrize(
    "payload", [b"{not json", b"\xff\xfe\x00", b"", b'{"name": "a", "email": "a@b.co", "extra": 1}']
)
async def test_malformed_bodies_get_422_and_never_a_500(
    base_url: str, keys: Keys, payload: bytes
) -> None:
    status, _, body = await call(
        "POST",
        f"{base_url}/api/v1/things",
        data=payload,
        headers=bearer(keys.token(role="admin")) | {"Content-Type": "application/json"},
    )
    assert status == 422
    assert body["errors"]


async def test_a_body_over_the_limit_gets_413(base_url: str, keys: Keys) -> None:
    status, _, body = await call(
        "POST",
        f"{base_url}/api/v1/things",
        headers=bearer(keys.token(role="admin")),
        json={"name": "x" * 5000, "email": "a@b.co"},
    )
    assert status == 413
    assert body["status"] == 413


async def test_a_domain_error_maps_to_its_status_with_the_field(base_url: str, keys: Keys) -> None:
    status, _, body = await call(
        "POST",
        f"{base_url}/api/v1/things",
        headers=bearer(keys.token(role="admin")),
        json={"name": "taken", "email": "a@b.co"},
    )
    assert (status, body["errors"][0]["field"]) == (409, "name")


async def test_an_unknown_error_is_a_500_with_a_request_id_and_no_internals(base_url: str) -> None:
    status, headers, body = await call(
        "GET", f"{base_url}/api/v1/boom", headers={"X-Request-ID": "req-12345678"}
    )
    assert status == 500
    assert body["request_id"] == headers["X-Request-ID"] == "req-12345678"
    assert "passwd" not in str(body) and "Traceback" not in str(body)


async def test_no_token_is_401_and_the_wrong_role_is_403(base_url: str, keys: Keys) -> None:
    assert (await call("POST", f"{base_url}/api/v1/things", json={}))[0] == 401
    status, _, _ = await call(
        "POST",
        f"{base_url}/api/v1/things",
        headers=bearer(keys.token(role="client")),
        json={"name": "a", "email": "a@b.co"},
    )
    assert status == 403


@pytest.mark.parametrize("bad", ["expired", "foreign_key", "wrong_audience", "alg_none", "garbage"])
async def test_bad_tokens_are_refused(base_url: str, keys: Keys, bad: str) -> None:
    tokens = {
        "expired": lambda: keys.token(role="admin", ttl=-60),
        "foreign_key": lambda: Keys().token(role="admin"),
        "wrong_audience": lambda: keys.token(role="admin", aud="someone-else"),
        "alg_none": lambda: jwt.encode({"sub": "x"}, None, algorithm="none"),
        "garbage": lambda: "a.b.c",
    }
    status, _, _ = await call(
        "POST",
        f"{base_url}/api/v1/things",
        headers=bearer(tokens[bad]()),
        json={"name": "a", "email": "a@b.co"},
    )
    assert status == 401


async def test_a_rotated_key_is_picked_up_by_its_kid(base_url: str, keys: Keys) -> None:
    ok = {"name": "a", "email": "a@b.co"}
    assert (
        await call(
            "POST", f"{base_url}/api/v1/things", headers=bearer(keys.token(role="admin")), json=ok
        )
    )[0] == 201
    new_kid = keys.add()
    status, _, _ = await call(
        "POST",
        f"{base_url}/api/v1/things",
        headers=bearer(keys.token(kid=new_kid, role="admin")),
        json=ok,
    )
    assert status == 201


async def test_health_readiness_metrics_and_openapi_are_served(base_url: str) -> None:
    assert (await call("GET", f"{base_url}/healthz"))[0] == 200
    await eventually(lambda: _status_is(f"{base_url}/readyz", 200), seconds=10)
    _, _, doc = await call("GET", f"{base_url}/openapi.json")
    operation = doc["paths"]["/api/v1/things"]["post"]
    assert operation["x-roles"] == ["clinician", "admin"]
    assert "NewThing" in doc["components"]["schemas"]


async def test_metrics_have_a_listener_of_their_own_never_the_api_port(
    backbone_settings: ServiceSettings, keys: Keys
) -> None:
    verifier = TokenVerifier(keys.jwks, issuer="client-portal", min_refetch_seconds=0)
    app = create_service_app(backbone_settings, routes=routes, title="Web test", verifier=verifier)
    async with running_app(app) as url:
        assert (await call("GET", f"{url}/healthz"))[0] == 200
        public = await call("GET", f"{url}/metrics")
        listener = metrics_url(app)
        async with aiohttp.ClientSession() as s, s.get(listener) as r:
            text = await r.text()
    assert public[0] == 404
    assert urlsplit(listener).hostname == "127.0.0.1" and not listener.startswith(url)
    assert 'http_requests_total{method="GET",route="/healthz",status="200"} 1.0' in text


async def _status_is(url: str, status: int) -> bool:
    return (await call("GET", url))[0] == status


@routes.get("/api/v1/deadlock")
@endpoint(summary="Loses a deadlock")
async def deadlock(request: web.Request) -> None:
    raise asyncpg.DeadlockDetectedError("deadlock detected")


async def test_a_transaction_the_database_aborted_is_a_503_to_retry_not_a_500(
    base_url: str,
) -> None:
    status, headers, body = await call("GET", f"{base_url}/api/v1/deadlock")
    assert (status, headers["Retry-After"], body["type"].rsplit("/", 1)[1]) == (503, "1", "retry")
