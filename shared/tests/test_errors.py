"""Errors PostgreSQL raises for a clash with data already there are a 409, never a 500."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from shared.config import ServiceSettings
from shared.db import UnitOfWork
from shared.testing import running_app
from shared.web import POOL, endpoint
from shared.web.app import create_service_app

routes = web.RouteTableDef()


@routes.post("/api/v1/handled/{event_id}")
@endpoint(summary="Records one effect; the second time the key is taken")
async def record(request: web.Request) -> dict[str, str]:
    event_id = uuid.UUID(request.match_info["event_id"])
    async with UnitOfWork(request.app[POOL]) as uow:
        await uow.conn.execute(
            "INSERT INTO handled (event_id, consumer, payload) VALUES ($1, 'web', '{}')", event_id
        )
        await uow.commit()
    return {"recorded": str(event_id)}


@pytest.fixture
async def base_url(backbone_settings: ServiceSettings) -> AsyncIterator[str]:
    app = create_service_app(backbone_settings, routes=routes, title="Errors test")
    async with running_app(app) as url:
        yield url


async def test_a_unique_violation_is_a_409_problem_naming_the_key_and_not_its_value(
    base_url: str,
) -> None:
    event_id = uuid.uuid4()
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{base_url}/api/v1/handled/{event_id}") as first:
            assert first.status == 200
        async with http.post(f"{base_url}/api/v1/handled/{event_id}") as again:
            body = await again.json(content_type=None)
            assert again.status == 409, body
            assert again.content_type == "application/problem+json"
    assert body["type"].endswith("/conflict")
    assert body["errors"] == [{"field": "event_id", "reason": "event_id is already in use"}]
    assert str(event_id) not in str(body), "the clashing value is never echoed"
