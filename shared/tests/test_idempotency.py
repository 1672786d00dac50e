"""Idempotency-Key: a retried booking or payment happens once, against the real database."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import asyncpg
import pytest
from aiohttp import web

from shared.auth import Caller
from shared.config import ServiceSettings
from shared.errors import Conflict
from shared.testing import TokenMinter, running_app
from shared.types import Name, RequestModel
from shared.web import endpoint
from shared.web.app import create_service_app
from shared.web.idempotency import purge_idempotency_keys

routes = web.RouteTableDef()
CALLS: list[str] = []


class Booking(RequestModel):
    what: Name
    seconds: float = 0


@routes.post("/api/v1/bookings")
@endpoint(summary="Book", roles=("client",), body=Booking, status=201, idempotent=True)
async def book(request: web.Request, *, caller: Caller, body: Booking) -> web.Response:
    CALLS.append(body.what)
    await asyncio.sleep(body.seconds)
    if body.what == "taken":
        raise Conflict("that time is taken")
    number = len(CALLS)
    return web.json_response(
        {"what": body.what, "number": number}, status=201, headers={"Location": f"/b/{number}"}
    )


@pytest.fixture
def minter() -> TokenMinter:
    return TokenMinter()


@pytest.fixture
async def url(backbone_settings: ServiceSettings, minter: TokenMinter) -> AsyncIterator[str]:
    CALLS.clear()
    app = create_service_app(
        backbone_settings, routes=routes, title="t", verifier=minter.verifier()
    )
    async with running_app(app) as base:
        yield base


@pytest.fixture
def client(minter: TokenMinter) -> dict[str, str]:
    return minter.bearer(role="client", subject=uuid.uuid4(), practice_id=uuid.uuid4())


async def book_once(
    url: str, headers: dict[str, str], key: str | None, **body: Any
) -> tuple[int, dict[str, str], Any]:
    extra = {"Idempotency-Key": key} if key else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"{url}/api/v1/bookings", json={"what": "tuesday", **body}, headers=headers | extra
        ) as r,
    ):
        return r.status, dict(r.headers), await r.json(content_type=None)


async def test_the_same_key_and_body_replays_the_first_answer_without_booking_again(
    url: str, client: dict[str, str]
) -> None:
    key = str(uuid.uuid4())
    first = await book_once(url, client, key)
    again = await book_once(url, client, key)
    assert first[0] == again[0] == 201
    assert first[2] == again[2] == {"what": "tuesday", "number": 1}
    assert again[1]["Location"] == "/b/1" and again[1]["Idempotent-Replayed"] == "true"
    assert CALLS == ["tuesday"]


async def test_the_same_key_with_another_body_is_a_422_naming_the_header(
    url: str, client: dict[str, str]
) -> None:
    key = str(uuid.uuid4())
    await book_once(url, client, key)
    status, _, body = await book_once(url, client, key, what="wednesday")
    assert status == 422
    assert body["errors"][0]["field"] == "Idempotency-Key"
    assert CALLS == ["tuesday"]


async def test_a_second_request_while_the_first_runs_is_a_409_and_only_one_books(
    url: str, client: dict[str, str]
) -> None:
    key = str(uuid.uuid4())
    first, second = await asyncio.gather(
        book_once(url, client, key, seconds=0.5),
        book_once(url, client, key, seconds=0.5),
    )
    assert sorted([first[0], second[0]]) == [201, 409]
    assert CALLS == ["tuesday"]


async def test_keys_belong_to_one_caller(
    url: str, client: dict[str, str], minter: TokenMinter
) -> None:
    key = str(uuid.uuid4())
    await book_once(url, client, key)
    other = minter.bearer(role="client", subject=uuid.uuid4(), practice_id=uuid.uuid4())
    status, _, body = await book_once(url, other, key)
    assert (status, body["number"]) == (201, 2), "another client's key is not mine to replay"


async def test_a_request_that_failed_frees_its_key_for_a_retry(
    url: str, client: dict[str, str]
) -> None:
    key = str(uuid.uuid4())
    assert (await book_once(url, client, key, what="taken"))[0] == 409
    assert (await book_once(url, client, key, what="taken"))[0] == 409
    assert CALLS == ["taken", "taken"], "an error is not replayed: the retry ran again"


async def test_without_a_key_every_request_runs_and_a_malformed_key_is_a_422(
    url: str, client: dict[str, str]
) -> None:
    await book_once(url, client, None)
    await book_once(url, client, None)
    assert CALLS == ["tuesday", "tuesday"]
    status, _, body = await book_once(url, client, "has spaces in it")
    assert status == 422 and body["errors"][0]["field"] == "Idempotency-Key"


async def test_old_keys_are_purged(
    url: str, client: dict[str, str], backbone_settings: ServiceSettings
) -> None:
    key = str(uuid.uuid4())
    await book_once(url, client, key)
    conn = await asyncpg.connect(backbone_settings.runtime_database_url())
    try:
        await conn.execute(
            "UPDATE backbone.idempotency_keys SET created_at = now() - interval '25 hours'"
            " WHERE key = $1",
            key,
        )
        await conn.execute("SET search_path = backbone")
        assert await purge_idempotency_keys(conn) >= 1
    finally:
        await conn.close()
    again = await book_once(url, client, key)
    assert (again[0], again[2]["number"]) == (201, 2), "an expired key is a new request"
