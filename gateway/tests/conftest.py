"""The gateway in-process, in front of small real aiohttp services on free ports."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jwt
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from gateway.app import create_app
from gateway.settings import GatewaySettings
from gateway.tests.upstream import Seen, upstream_app

ISSUER = "client-portal"
MakeGateway = Callable[..., Awaitable[TestClient]]


@dataclass(frozen=True)
class SigningKey:
    private: Ed25519PrivateKey
    kid: str

    @property
    def jwk(self) -> dict[str, Any]:
        public = OKPAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        return {**public, "kid": self.kid, "alg": "EdDSA", "use": "sig"}


@dataclass
class Upstreams:
    urls: dict[str, str]
    seen: dict[str, list[Seen]] = field(default_factory=dict)

    def requests_to(self, area: str) -> list[Seen]:
        return self.seen[area]

    def nothing_seen(self) -> bool:
        return not any(self.seen.values())


@pytest.fixture(scope="session")
def signing_key() -> SigningKey:
    return SigningKey(Ed25519PrivateKey.generate(), kid=f"test-{uuid.uuid4().hex[:8]}")


@pytest.fixture(scope="session")
def make_token(signing_key: SigningKey) -> Callable[..., str]:
    def make(*, key: SigningKey | None = None, kid: str | None = None, **claims: Any) -> str:
        key = key or signing_key
        now = int(time.time())
        payload = {
            "iss": ISSUER,
            "aud": "client-portal",
            "sub": str(uuid.uuid4()),
            "pid": str(uuid.uuid4()),
            "role": "client",
            "sid": uuid.uuid4().hex,
            "iat": now,
            "exp": now + 300,
            **claims,
        }
        headers = {"kid": kid or key.kid}
        return jwt.encode(payload, key.private, algorithm="EdDSA", headers=headers)

    return make


@pytest.fixture(scope="session")
async def upstreams(signing_key: SigningKey) -> AsyncIterator[Upstreams]:
    jwks = {"keys": [signing_key.jwk]}
    result = Upstreams(urls={})
    servers = []
    for area in ("identity", "billing", "forms"):
        seen: list[Seen] = []
        server = TestServer(upstream_app(area, seen=seen, jwks=jwks))
        await server.start_server()
        servers.append(server)
        result.urls[area] = str(server.make_url("")).rstrip("/")
        result.seen[area] = seen
    yield result
    for server in servers:
        await server.close()


@pytest.fixture(autouse=True)
def _forget_seen_requests(upstreams: Upstreams) -> None:
    for seen in upstreams.seen.values():
        seen.clear()


@pytest.fixture
def web_root(tmp_path: Path) -> Path:
    root = tmp_path / "dist"
    (root / "assets").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>portal</title>SPA-INDEX")
    (root / "assets" / "index-BkX3a9Zq.js").write_text("console.log('app')")
    (root / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("TOP-SECRET")
    return root


@pytest.fixture
async def make_gateway(upstreams: Upstreams, web_root: Path) -> AsyncIterator[MakeGateway]:
    clients: list[TestClient] = []

    async def make(**overrides: Any) -> TestClient:
        values: dict[str, Any] = {
            "upstreams": upstreams.urls,
            "jwks_url": f"{upstreams.urls['identity']}/.well-known/jwks.json",
            "token_issuer": ISSUER,
            "web_root": web_root,
            "metrics_port": 0,
            **overrides,
        }
        client = TestClient(TestServer(create_app(GatewaySettings(**values))))
        await client.start_server()
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


@pytest.fixture
async def gateway(make_gateway: MakeGateway) -> TestClient:
    return await make_gateway()


def unused_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def raw_request(port: int, target: str, *, method: str = "GET") -> tuple[int, bytes]:
    """Send ``target`` byte for byte: HTTP client libraries would normalise it first."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    data = await reader.read()
    writer.close()
    return int(data.split(b" ", 2)[1]), data


async def start_app(app: web.Application) -> TestServer:
    server = TestServer(app)
    await server.start_server()
    return server
