"""The API document the web client's types are generated from (built from the services'
code, nothing running) is the one the gateway serves from the running services."""

from __future__ import annotations

from gateway.openapi_document import merged_document
from services.identity.tests.integration.conftest import Portal


def area_of(path: str) -> str:
    """/api/v1/<area>/...: the service behind a path ("" for the others)."""
    parts = path.split("/")
    return parts[3] if len(parts) > 3 and parts[1] == "api" else ""


async def test_the_offline_api_document_is_what_the_gateway_serves(
    stack: tuple[Portal, str],
) -> None:
    portal, _ = stack
    async with portal.http().get("/api/openapi.json") as response:
        served = await response.json()
    offline = merged_document()

    # This stack runs identity (billing is routed to a dead address: it is unavailable);
    # the skeleton services describe no endpoint yet. What is served is the offline
    # document less the areas that are not running.
    down = served["info"]["x-unavailable"]
    assert down == ["billing"]
    running = {p: v for p, v in offline["paths"].items() if area_of(p) not in down}
    assert served["paths"] == running
    for name, schema in served["components"]["schemas"].items():
        assert offline["components"]["schemas"][name] == schema
    assert "/api/v1/identity/clients" in offline["paths"]
    assert offline["info"]["x-unavailable"] == []
