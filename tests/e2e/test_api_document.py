"""The API document the web client's types are generated from (built from the services'
code, nothing running) is the one the gateway serves from the running services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from gateway.openapi_document import merged_document
from services.forms.app import definition as forms
from services.identity.app import definition as identity
from services.identity.tests.integration.conftest import FAST
from services.integrations.app import definition as integrations
from services.messaging.app import definition as messaging
from services.scheduling.app import definition as scheduling
from shared.testing import SmtpInbox, running_stack


def area_of(path: str) -> str:
    """/api/v1/<area>/...: the service behind a path ("" for the others)."""
    parts = path.split("/")
    return parts[3] if len(parts) > 3 and parts[1] == "api" else ""


@pytest.fixture
async def services_but_billing(
    admin_dsn: str, amqp_url: str, smtp: SmtpInbox, tmp_path: Path
) -> AsyncIterator[str]:
    """Every service behind the gateway (each describes its own endpoints), billing routed
    to a dead address: it is unavailable."""
    async with running_stack(
        [identity(), scheduling(), messaging(), forms(), integrations()], admin_dsn=admin_dsn,
        amqp_url=amqp_url, smtp=smtp, settings={"identity": FAST},
        gateway={"web_root": tmp_path}, down=["billing"],
    ) as running:  # fmt: skip
        yield running.url


async def test_the_offline_api_document_is_what_the_gateway_serves(
    services_but_billing: str,
) -> None:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{services_but_billing}/api/openapi.json") as response,
    ):
        served = await response.json()
    offline = merged_document()

    # What is served is the offline document less the areas that are not running.
    down = served["info"]["x-unavailable"]
    assert down == ["billing"]
    running = {p: v for p, v in offline["paths"].items() if area_of(p) not in down}
    assert served["paths"] == running
    for name, schema in served["components"]["schemas"].items():
        assert offline["components"]["schemas"][name] == schema
    assert "/api/v1/identity/clients" in offline["paths"]
    assert "/api/v1/forms/assignments" in served["paths"]
    assert "/api/v1/integrations/webhooks" in served["paths"]
    assert offline["info"]["x-unavailable"] == []
