"""The aggregated OpenAPI document, the AsyncAPI document and the docs page."""

from __future__ import annotations

import asyncio

from aiohttp import web
from aiohttp.test_utils import TestClient

from gateway.openapi_merge import merge_openapi
from gateway.tests.conftest import MakeGateway, Upstreams, unused_port
from gateway.tests.upstream import EXEMPT_PATHS, openapi_for
from shared.events.asyncapi import asyncapi_document
from shared.testing import running_app


def counted_service(area: str, calls: list[str]) -> web.Application:
    """A service whose OpenAPI document notes each time it is fetched."""

    async def document(request: web.Request) -> web.Response:
        calls.append(request.path)
        return web.json_response(openapi_for(area))

    app = web.Application()
    app.router.add_get("/openapi.json", document)
    return app


async def test_openapi_merges_the_paths_and_components_of_every_service(
    gateway: TestClient,
) -> None:
    response = await gateway.get("/api/openapi.json")

    assert response.status == 200
    document = await response.json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) == {
        *EXEMPT_PATHS,
        "/api/v1/billing/things",
        "/api/v1/forms/things",
        "/api/v1/identity/things",
    }
    assert document["info"]["x-unavailable"] == []


async def test_openapi_leaves_out_a_service_that_is_down_and_says_so(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    dead = f"http://127.0.0.1:{unused_port()}"
    gateway = await make_gateway(upstreams={**upstreams.urls, "scheduling": dead})

    document = await (await gateway.get("/api/openapi.json")).json()

    assert document["info"]["x-unavailable"] == ["scheduling"]
    assert "/api/v1/billing/things" in document["paths"]


async def test_a_document_missing_a_service_is_never_cached(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    port = unused_port()
    gateway = await make_gateway(
        upstreams={**upstreams.urls, "scheduling": f"http://127.0.0.1:{port}"},
        docs_cache_seconds=3600,
    )
    first = await (await gateway.get("/api/openapi.json")).json()
    assert first["info"]["x-unavailable"] == ["scheduling"]

    # The service comes up (as right after `make up`): the very next request sees it.
    async with running_app(counted_service("scheduling", []), port=port):
        second = await (await gateway.get("/api/openapi.json")).json()

    assert second["info"]["x-unavailable"] == []
    assert "/api/v1/scheduling/things" in second["paths"]
    assert "/api/v1/identity/things" in second["paths"]


async def test_a_complete_document_is_cached_and_served_while_a_service_goes_away(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    port = unused_port()
    calls: list[str] = []
    gateway = await make_gateway(
        upstreams={**upstreams.urls, "scheduling": f"http://127.0.0.1:{port}"},
        docs_cache_seconds=3600,
    )
    async with running_app(counted_service("scheduling", calls), port=port):
        first = await (await gateway.get("/api/openapi.json")).json()
    second = await (await gateway.get("/api/openapi.json")).json()

    assert first["info"]["x-unavailable"] == []
    assert second == first
    assert calls == ["/openapi.json"]


async def test_requests_arriving_together_share_one_build_of_the_document(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    calls: list[str] = []
    async with running_app(counted_service("scheduling", calls)) as url:
        gateway = await make_gateway(upstreams={**upstreams.urls, "scheduling": url})
        answers = await asyncio.gather(*(gateway.get("/api/openapi.json") for _ in range(8)))
        documents = [await answer.json() for answer in answers]

    assert all(answer.status == 200 for answer in answers)
    assert all(document == documents[0] for document in documents)
    assert calls == ["/openapi.json"]


async def test_a_service_answering_an_error_counts_as_unavailable(
    make_gateway: MakeGateway, upstreams: Upstreams
) -> None:
    async def starting(_: web.Request) -> web.Response:
        return web.json_response({"status": "starting"}, status=503)

    app = web.Application()
    app.router.add_get("/openapi.json", starting)
    async with running_app(app) as url:
        gateway = await make_gateway(upstreams={**upstreams.urls, "scheduling": url})
        document = await (await gateway.get("/api/openapi.json")).json()

    assert document["info"]["x-unavailable"] == ["scheduling"]
    assert set(document["paths"]) >= {"/api/v1/identity/things"}


def test_clashing_component_names_are_prefixed_with_their_area() -> None:
    merged = merge_openapi(
        {"billing": openapi_for("billing"), "forms": openapi_for("forms")}, unavailable=[]
    )

    schemas = merged["components"]["schemas"]
    assert {"billing_Address", "forms_Address", "Money"} <= set(schemas)
    assert "Address" not in schemas
    billing_body = merged["paths"]["/api/v1/billing/things"]["post"]["requestBody"]
    assert billing_body["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/billing_Address"
    }


def test_a_schema_pointing_at_a_renamed_one_is_renamed_too() -> None:
    def doc(area: str) -> dict:
        base = openapi_for(area)
        # Same text in both services, but the Address it points at differs.
        base["components"]["schemas"]["Client"] = {
            "type": "object",
            "properties": {"home": {"$ref": "#/components/schemas/Address"}},
        }
        return base

    merged = merge_openapi({"billing": doc("billing"), "forms": doc("forms")}, unavailable=[])

    schemas = merged["components"]["schemas"]
    assert schemas["billing_Client"]["properties"]["home"] == {
        "$ref": "#/components/schemas/billing_Address"
    }
    assert schemas["forms_Client"]["properties"]["home"] == {
        "$ref": "#/components/schemas/forms_Address"
    }


async def test_asyncapi_serves_the_event_catalogue(gateway: TestClient) -> None:
    response = await gateway.get("/api/asyncapi.json")

    assert response.status == 200
    assert await response.json() == asyncapi_document()


async def test_the_docs_page_loads_its_script_and_style_from_the_gateway(
    gateway: TestClient,
) -> None:
    page = await gateway.get("/api/docs")
    html = await page.text()

    assert page.status == 200 and page.content_type == "text/html"
    assert '<script src="/api/docs/docs.js"' in html
    assert "<script>" not in html and "<style>" not in html  # the CSP forbids inline code
    assert "/api/asyncapi.json" in html and "/api/openapi.json" in html
    for asset, kind in (("docs.js", "text/javascript"), ("docs.css", "text/css")):
        response = await gateway.get(f"/api/docs/{asset}")
        assert response.status == 200 and response.content_type == kind
    assert (await gateway.get("/api/docs/../settings.py")).status == 404
    assert (await gateway.get("/api/docs/nothing.js")).status == 404
