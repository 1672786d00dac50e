"""Where webhooks may not go in production: URLs that resolve to loopback, private or
link-local addresses are refused when registered, and again at every delivery (the name
may resolve elsewhere by then: DNS rebinding)."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from services.integrations.service import webhooks
from services.integrations.settings import IntegrationsSettings
from services.integrations.tests.integration.conftest import Service
from services.integrations.tests.integration.receiver import Receiver
from services.integrations.webhook_client import post, webhook_session
from shared.audit import Actor
from shared.errors import InvalidInput
from shared.origin import Origin


def production(service: Service) -> IntegrationsSettings:
    return service.settings.model_copy(update={"webhook_allow_local": False})


@pytest.mark.parametrize(
    "url",
    ["https://localhost/hook", "https://127.0.0.1/hook", "https://169.254.169.254/latest",
     "https://[::1]/hook", "https://10.0.0.8/hook", "http://93.184.216.34/hook"],
)  # fmt: skip
async def test_registering_a_local_or_plain_http_target_is_refused_in_production(
    service: Service, url: str
) -> None:
    practice = await service.practice()
    strict = dataclasses.replace(service.rt, settings=production(service))
    with pytest.raises(InvalidInput) as refused:
        await webhooks.register(
            strict, practice_id=practice.id, url=url, event_types=["client.activated"],
            actor=Actor(practice_id=practice.id, role="admin"), origin=Origin(),
        )  # fmt: skip
    assert refused.value.field == "url"
    assert await webhooks.list_webhooks(service.rt, practice_id=practice.id) == []


async def test_a_name_that_resolves_to_a_local_address_at_delivery_is_never_connected_to(
    service: Service, receiver: Receiver
) -> None:
    """Registered as a public name, resolving to 127.0.0.1 when sent: the resolver of the
    webhook client refuses before any connection (the receiver hears nothing)."""
    path = f"/rebound/{uuid.uuid4().hex}"
    port = receiver.base_url.rsplit(":", 1)[1]
    async with webhook_session(production(service)) as session:
        outcome = await post(
            session, f"https://localhost:{port}{path}", body=b"{}", headers={},
            allow_local=False,
        )  # fmt: skip
    assert not outcome.delivered
    assert outcome.error is not None and outcome.error.startswith("refused: the host resolves")
    assert receiver.calls[path] == []
