"""The API document the web client's types are generated from (built from the services'
code, nothing running) is the one the gateway serves from the running services."""

from __future__ import annotations

from gateway.openapi_document import merged_document
from services.identity.tests.integration.conftest import Portal


async def test_the_offline_api_document_is_what_the_gateway_serves(
    stack: tuple[Portal, str],
) -> None:
    portal, _ = stack
    async with portal.http().get("/api/openapi.json") as response:
        served = await response.json()
    offline = merged_document()

    # Only identity runs in this stack; the skeleton services describe no endpoint yet.
    assert served["paths"] == offline["paths"]
    assert served["components"] == offline["components"]
    assert "/api/v1/identity/clients" in offline["paths"]
    assert offline["info"]["x-unavailable"] == []
