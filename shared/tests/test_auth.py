"""Token checks keep working from cached keys while identity hangs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from shared.auth import TokenVerifier, http_jwks_source
from shared.errors import ServiceUnavailable
from shared.testing import eventually, running_app
from shared.tests.test_web import Keys


@dataclass
class Identity:
    """A JWKS endpoint that can be made to hang, as a stuck identity does."""

    keys: Keys = field(default_factory=Keys)
    hanging: bool = False
    asked: int = 0
    released: asyncio.Event = field(default_factory=asyncio.Event)

    async def jwks(self, _: web.Request) -> web.Response:
        self.asked += 1
        if self.hanging:
            await self.released.wait()
        return web.json_response(await self.keys.jwks())


@pytest.fixture
async def identity() -> AsyncIterator[tuple[Identity, str]]:
    stub = Identity()
    app = web.Application()
    app.router.add_get("/jwks", stub.jwks)
    async with running_app(app) as url:
        yield stub, f"{url}/jwks"
        stub.released.set()


async def test_a_hung_identity_is_asked_once_while_tokens_are_checked_with_the_cached_keys(
    identity: tuple[Identity, str],
) -> None:
    stub, url = identity
    # The fetch would wait 30 s for the hung identity: no check may wait for it.
    verifier = TokenVerifier(
        http_jwks_source(url, timeout=30), issuer="client-portal", ttl_seconds=0
    )
    token = stub.keys.token(role="client")
    await verifier.verify(token)
    stub.hanging, asked = True, stub.asked
    for _ in range(2):
        for _ in range(10):
            async with asyncio.timeout(10):  # a guard against hanging, not a speed check
                caller = await verifier.verify(token)
            assert caller.role == "client"
        await eventually(lambda: _equal(stub.asked - asked, 1))  # the fetch reached identity
    assert stub.asked - asked == 1, "one fetch in flight, not one per request"
    stub.released.set()
    await verifier.close()


async def test_a_new_key_is_waited_for_once_then_refused_quickly_while_identity_cannot_answer(
    identity: tuple[Identity, str],
) -> None:
    stub, url = identity
    verifier = TokenVerifier(
        http_jwks_source(url, timeout=0.5), issuer="client-portal", min_refetch_seconds=0
    )
    await verifier.verify(stub.keys.token())
    stub.hanging = True
    unseen = stub.keys.token(kid=stub.keys.add())
    for _ in range(5):
        with pytest.raises(ServiceUnavailable):
            await verifier.verify(unseen)
    assert stub.asked == 2, "asked again once; then it backs off"
    stub.released.set()
    await verifier.close()


async def _equal(value: int, expected: int) -> bool:
    return value == expected
