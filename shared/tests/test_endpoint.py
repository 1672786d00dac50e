"""What ``@endpoint`` and the shared request guard give every service's handlers: path
ids, the caller, the origin, the runtime, declared CSRF exemptions, JSON-only bodies,
the access cookie as a bearer token, and no-store."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import aiohttp
import pytest
from aiohttp import web

from shared.auth import Caller
from shared.config import ServiceSettings
from shared.origin import Origin
from shared.runtime import Runtime
from shared.testing import TokenMinter, running_app
from shared.types import Name, RequestModel
from shared.web import endpoint
from shared.web.app import create_service_app

routes = web.RouteTableDef()
CSRF = "the-csrf-cookie-value"


class Words(RequestModel):
    words: Name


@routes.get("/api/v1/things/{thing_id}/parts/{part_id}")
@endpoint(summary="Echo the path ids", roles=("clinician",), path=("thing_id", "part_id"))
async def parts(
    request: web.Request, *, caller: Caller, thing_id: UUID, part_id: UUID, origin: Origin
) -> dict[str, Any]:
    return {
        "thing": str(thing_id),
        "part": str(part_id),
        "caller": str(caller.subject),
        "ip": origin.ip,
        "agent": origin.user_agent,
        "request_id": origin.request_id,
    }


@routes.post("/api/v1/things")
@endpoint(summary="Change something", roles=("clinician",), body=Words)
async def change(request: web.Request, *, body: Words, runtime: Runtime[Any]) -> dict[str, str]:
    return {"words": body.words, "service": runtime.source, "at": runtime.now().isoformat()}


@routes.post("/api/v1/sign-in")
@endpoint(summary="Signs in by what the body carries", body=Words, csrf_exempt=True)
async def sign_in(request: web.Request, *, body: Words) -> dict[str, str]:
    return {"words": body.words}


@pytest.fixture
def minter() -> TokenMinter:
    return TokenMinter()


@pytest.fixture
async def url(backbone_settings: ServiceSettings, minter: TokenMinter) -> AsyncIterator[str]:
    settings = backbone_settings.model_copy(update={"trusted_proxies": ["127.0.0.1"]})
    app = create_service_app(settings, routes=routes, title="t", verifier=minter.verifier())
    async with running_app(app) as base:
        yield base


async def call(method: str, url: str, **kwargs: Any) -> tuple[int, dict[str, str], Any]:
    async with aiohttp.ClientSession() as session, session.request(method, url, **kwargs) as r:
        body = await r.json(content_type=None) if r.content_length != 0 else None
        return r.status, dict(r.headers), body


async def test_the_handler_gets_its_path_ids_as_uuids_its_caller_and_its_origin(
    url: str, minter: TokenMinter
) -> None:
    thing, part, me = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    headers = minter.bearer(role="clinician", subject=me) | {
        "X-Forwarded-For": "198.51.100.7",
        "User-Agent": "a-browser",
        "X-Request-ID": "req-abcdefgh",
    }
    status, _, body = await call(
        "GET", f"{url}/api/v1/things/{thing}/parts/{part}", headers=headers
    )
    assert status == 200
    assert body == {
        "thing": str(thing),
        "part": str(part),
        "caller": str(me),
        "ip": "198.51.100.7",  # the test client is on 127.0.0.1, a trusted proxy here
        "agent": "a-browser",
        "request_id": "req-abcdefgh",
    }


async def test_a_path_id_that_is_not_a_uuid_is_a_422_naming_it(
    url: str, minter: TokenMinter
) -> None:
    status, _, body = await call(
        "GET",
        f"{url}/api/v1/things/{uuid.uuid4()}/parts/not-a-uuid",
        headers=minter.bearer(role="clinician"),
    )
    assert status == 422
    assert body["errors"] == [{"field": "part_id", "reason": "must be a UUID"}]


async def test_the_handler_gets_the_runtime(url: str, minter: TokenMinter) -> None:
    status, _, body = await call(
        "POST",
        f"{url}/api/v1/things",
        json={"words": "hi"},
        headers=minter.bearer(role="clinician"),
    )
    assert status == 200
    assert body["service"] == "backbone" and body["at"]


async def test_an_unsafe_request_on_the_session_cookie_needs_the_csrf_header(
    url: str, minter: TokenMinter
) -> None:
    cookies = {"portal_at": minter.token(role="clinician"), "portal_csrf": CSRF}
    refused = await call("POST", f"{url}/api/v1/things", json={"words": "a"}, cookies=cookies)
    assert refused[0] == 403 and refused[2]["reason"] == "csrf"
    accepted = await call(
        "POST",
        f"{url}/api/v1/things",
        json={"words": "a"},
        cookies=cookies,
        headers={"X-CSRF-Token": CSRF},
    )
    assert accepted[0] == 200, "the access cookie became the bearer token"


async def test_an_endpoint_declared_csrf_exempt_takes_a_stale_cookie_without_the_header(
    url: str,
) -> None:
    cookies = {"portal_at": "stale", "portal_rt": "old", "portal_csrf": CSRF}
    status, _, _ = await call("POST", f"{url}/api/v1/sign-in", json={"words": "a"}, cookies=cookies)
    assert status == 200


async def test_the_exemption_is_declared_in_the_openapi_document(url: str) -> None:
    _, _, doc = await call("GET", f"{url}/openapi.json")
    assert doc["paths"]["/api/v1/sign-in"]["post"]["x-csrf-exempt"] is True
    assert doc["paths"]["/api/v1/things"]["post"]["x-csrf-exempt"] is False
    ids = doc["paths"]["/api/v1/things/{thing_id}/parts/{part_id}"]["get"]["parameters"]
    assert {p["name"]: p["schema"].get("format") for p in ids} == {
        "thing_id": "uuid",
        "part_id": "uuid",
    }


async def test_a_body_that_is_not_json_is_a_415(url: str, minter: TokenMinter) -> None:
    status, _, body = await call(
        "POST",
        f"{url}/api/v1/things",
        data="words=a",
        headers=minter.bearer(role="clinician") | {"Content-Type": "text/plain"},
    )
    assert status == 415 and body["status"] == 415


async def test_answers_are_not_stored_by_caches(url: str, minter: TokenMinter) -> None:
    token = minter.bearer(role="clinician")
    _, headers, _ = await call("POST", f"{url}/api/v1/things", json={"words": "a"}, headers=token)
    assert headers["Cache-Control"] == "no-store"


def test_an_idempotent_endpoint_must_know_its_caller() -> None:
    with pytest.raises(ValueError, match="needs roles"):
        endpoint(summary="x", idempotent=True)
