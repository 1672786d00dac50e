"""What every use case works with: the shared runtime, the broker's management API and
the HTTP client that calls practices' webhooks (and only those)."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp

from services.integrations.broker_admin import BrokerAdmin
from services.integrations.settings import IntegrationsSettings
from services.integrations.webhook_client import webhook_session
from shared.runtime import Runtime


@dataclass(kw_only=True)
class Integrations(Runtime[IntegrationsSettings]):
    broker_admin: BrokerAdmin
    # Calls URLs a practice chose: its own session, whose resolver refuses local addresses
    # (webhook_client.py). Never used for anything else.
    webhooks_http: aiohttp.ClientSession


@contextlib.asynccontextmanager
async def integrations_runtime(base: Runtime[Any]) -> AsyncIterator[Integrations]:
    settings = base.settings
    assert isinstance(settings, IntegrationsSettings)
    admin_http = aiohttp.ClientSession(
        auth=aiohttp.BasicAuth(settings.broker_admin_user, settings.broker_admin_password),
        timeout=aiohttp.ClientTimeout(total=settings.broker_admin_timeout_seconds),
        trust_env=False,
    )
    async with admin_http, webhook_session(settings) as webhooks_http:
        admin = BrokerAdmin(
            admin_http, base_url=settings.broker_admin_url, vhost=settings.broker_vhost
        )
        yield Integrations(**base.parts(), broker_admin=admin, webhooks_http=webhooks_http)
