"""Who may call what, and what bad input gets: every endpoint is the practice admin's, and
nothing of one practice is reachable from another; a refused request changes nothing."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from services.integrations.tests.integration.conftest import Practice, Service
from services.integrations.tests.integration.receiver import Receiver

BASE = "/api/v1/integrations"


async def made(service: Service, practice: Practice, receiver: Receiver) -> dict[str, str]:
    """A tool credential, a webhook and a delivery of the practice: their ids."""
    async with service.http(practice).post(f"{BASE}/tool-credentials", json={"name": "ehr"}) as r:
        credential = (await r.json())["id"]
    body = {"url": receiver.url("/access"), "event_types": ["client.activated"]}
    async with service.http(practice).post(f"{BASE}/webhooks", json=body) as r:
        webhook = (await r.json())["id"]
    return {"credential": credential, "webhook": webhook, "delivery": str(uuid.uuid4())}


ENDPOINTS = [
    ("GET", "/event-types", None),
    ("GET", "/tool-credentials", None),
    ("POST", "/tool-credentials", {"name": "other"}),
    ("DELETE", "/tool-credentials/{credential}", None),
    ("GET", "/webhooks", None),
    ("POST", "/webhooks", {"url": "https://93.184.216.34/x", "event_types": ["client.activated"]}),
    ("DELETE", "/webhooks/{webhook}", None),
    ("GET", "/webhooks/{webhook}/deliveries", None),
    ("POST", "/webhooks/{webhook}/deliveries/{delivery}/retry", None),
]


@pytest.fixture(scope="module")
async def owner(service: Service, receiver: Receiver) -> tuple[Practice, dict[str, str]]:
    practice = await service.practice()
    return practice, await made(service, practice, receiver)


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS)
@pytest.mark.parametrize("role", [None, "client", "clinician"])
async def test_only_the_practices_admin_may_call_integrations(
    service: Service,
    owner: tuple[Practice, dict[str, str]],
    method: str,
    path: str,
    body: Any,
    role: str | None,
) -> None:
    practice, ids = owner
    http = service.http(practice, role=role) if role else service.http()
    async with http.request(method, BASE + path.format(**ids), json=body) as reply:
        assert reply.status == (403 if role else 401)
        assert reply.content_type == "application/problem+json"
    await _unchanged(service, practice, ids)


@pytest.mark.parametrize(("method", "path", "body"), [e for e in ENDPOINTS if "{" in e[1]])
async def test_another_practices_admin_finds_nothing_of_this_practice(
    service: Service, owner: tuple[Practice, dict[str, str]], method: str, path: str, body: Any
) -> None:
    practice, ids = owner
    stranger = await service.practice()
    async with service.http(stranger).request(method, BASE + path.format(**ids)) as reply:
        assert reply.status == 404
    for listing in ("/tool-credentials", "/webhooks"):
        async with service.http(stranger).get(BASE + listing) as reply:
            assert await reply.json() == []
    await _unchanged(service, practice, ids)


async def _unchanged(service: Service, practice: Practice, ids: dict[str, str]) -> None:
    async with service.http(practice).get(f"{BASE}/tool-credentials") as reply:
        [credential] = await reply.json()
        assert (credential["id"], credential["status"]) == (ids["credential"], "active")
    async with service.http(practice).get(f"{BASE}/webhooks") as reply:
        assert [w["id"] for w in await reply.json()] == [ids["webhook"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Notes App"}, "name"),
        ({"name": "notes.app"}, "name"),
        ({"name": "x" * 41}, "name"),
        ({"name": ""}, "name"),
        ({}, "name"),
        ({"name": "ok", "admin": True}, "admin"),
    ],
)
async def test_a_bad_tool_name_is_refused_naming_the_field_and_makes_no_broker_user(
    service: Service, body: dict[str, Any], field: str
) -> None:
    practice = await service.practice()
    async with service.http(practice).post(f"{BASE}/tool-credentials", json=body) as reply:
        assert reply.status == 422
        problem = await reply.json()
        assert field in [e["field"] for e in problem["errors"]]
    async with service.http(practice).get(f"{BASE}/tool-credentials") as reply:
        assert await reply.json() == []
    assert not await service.rt.broker_admin.user_exists(f"tool.{practice.slug}.ok")


async def test_a_second_live_credential_of_one_name_is_a_conflict_naming_it(
    service: Service,
) -> None:
    practice = await service.practice()
    http = service.http(practice)
    async with http.post(f"{BASE}/tool-credentials", json={"name": "ehr"}) as reply:
        first = await reply.json()
    async with http.post(f"{BASE}/tool-credentials", json={"name": "ehr"}) as reply:
        assert reply.status == 409
        assert (await reply.json())["errors"][0]["field"] == "name"
    async with http.delete(f"{BASE}/tool-credentials/{first['id']}") as reply:
        assert (await reply.json())["status"] == "revoked"
    async with http.post(f"{BASE}/tool-credentials", json={"name": "ehr"}) as reply:
        assert reply.status == 201, "the name is free again once the user is gone"
        again = await reply.json()
    async with http.delete(f"{BASE}/tool-credentials/{again['id']}"):
        pass


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "not a url", "event_types": ["client.activated"]}, "url"),
        ({"url": "ftp://93.184.216.34/x", "event_types": ["client.activated"]}, "url"),
        ({"url": "https://x.example/" + "a" * 2000, "event_types": ["client.activated"]}, "url"),
        ({"url": "https://u:p@93.184.216.34/x", "event_types": ["client.activated"]}, "url"),
        ({"url": "https://93.184.216.34/x", "event_types": []}, "event_types"),
        ({"url": "https://93.184.216.34/x", "event_types": ["audit.recorded"]}, "event_types.0"),
        ({"url": "https://93.184.216.34/x", "event_types": "client.activated"}, "event_types"),
        ({"url": "https://93.184.216.34/x\x00", "event_types": ["client.activated"]}, "url"),
        ({"event_types": ["client.activated"]}, "url"),
    ],
)
async def test_a_bad_webhook_is_refused_naming_the_field_and_nothing_is_registered(
    service: Service, body: dict[str, Any], field: str
) -> None:
    practice = await service.practice()
    async with service.http(practice).post(f"{BASE}/webhooks", json=body) as reply:
        assert reply.status == 422, await reply.text()
        assert field in [e["field"] for e in (await reply.json())["errors"]]
    async with service.http(practice).get(f"{BASE}/webhooks") as reply:
        assert await reply.json() == []


async def test_the_event_types_offered_are_the_catalogue_with_a_line_each(service: Service) -> None:
    practice = await service.practice()
    async with service.http(practice).get(f"{BASE}/event-types") as reply:
        types = {t["type"]: t["summary"] for t in await reply.json()}
    assert "appointment.approved" in types and "audit.recorded" not in types
    assert all(types.values())
