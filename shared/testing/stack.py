"""A running portal for end-to-end and browser tests: any set of services (each with its
API and worker, migrated into the run's database, on the run's broker and SMTP server)
and the real gateway in front of them::

    async with running_stack(
        [identity.definition(), scheduling.definition()],
        admin_dsn=admin_dsn, amqp_url=amqp_url, smtp=smtp,
        settings={"identity": FAST},
    ) as stack:
        stack.url                 # the gateway
        stack.runtime("scheduling")  # a service's runtime, for setting up data

Identity, when it is one of them, is started first: every other service and the gateway
fetch its keys. Without identity, pass ``verifier`` (``TokenMinter().verifier()``) and
mint tokens instead of signing in.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web

from shared.auth import TokenVerifier
from shared.runtime import RUNTIME, Runtime
from shared.service import ServiceDefinition, build_app
from shared.testing.servers import (
    SmtpInbox,
    free_port,
    migrated,
    running_app,
    settings_for_test,
)


@dataclass
class Stack:
    url: str  # the gateway (the portal's public address)
    services: dict[str, str] = field(default_factory=dict)  # name -> base URL
    apps: dict[str, web.Application] = field(default_factory=dict)
    gateway: web.Application = field(default_factory=web.Application)

    def runtime(self, name: str) -> Runtime[Any]:
        return self.apps[name][RUNTIME]


@contextlib.asynccontextmanager
async def running_stack(
    definitions: Sequence[ServiceDefinition],
    *,
    admin_dsn: str,
    amqp_url: str,
    smtp: SmtpInbox,
    settings: Mapping[str, Mapping[str, Any]] | None = None,
    gateway: Mapping[str, Any] | None = None,
    web_root: Path | None = None,
    verifier: TokenVerifier | None = None,
    down: Sequence[str] = (),
) -> AsyncIterator[Stack]:
    """``settings``: overrides per service name; ``gateway``: GatewaySettings overrides;
    ``down``: areas the gateway routes to an address where nothing listens.
    The gateway listens on a free port and ``public_url`` (links in emails) is its
    address, unless overridden."""
    from gateway.app import create_app as create_gateway
    from gateway.settings import GatewaySettings

    port = free_port()
    public_url = f"http://localhost:{port}"
    ordered = sorted(definitions, key=lambda d: d.name != "identity")
    stack = Stack(url=public_url)
    jwks_url = ""
    async with contextlib.AsyncExitStack() as running:
        for definition in ordered:
            values: dict[str, Any] = {"public_url": public_url, "smtp_host": smtp.host}
            values |= {"smtp_port": smtp.port} | ({"jwks_url": jwks_url} if jwks_url else {})
            values |= dict((settings or {}).get(definition.name, {}))
            service_settings = settings_for_test(
                definition, admin_dsn=admin_dsn, amqp_url=amqp_url, **values
            )
            await migrated(definition, service_settings)
            app = build_app(definition, service_settings, verifier=verifier)
            url = await running.enter_async_context(running_app(app))
            stack.apps[definition.name], stack.services[definition.name] = app, url
            if definition.name == "identity":
                jwks_url = f"{url}/.well-known/jwks.json"
        gateway_values: dict[str, Any] = {
            "upstreams": stack.services
            | {area: f"http://127.0.0.1:{free_port()}" for area in down},
            "amqp_url": amqp_url,
            "jwks_url": jwks_url or "http://127.0.0.1:9/none",
            "public_url": public_url,
            "web_root": web_root or Path("web/dist"),
            "port": port,
            "metrics_port": 0,
            **(gateway or {}),
        }
        stack.gateway = create_gateway(GatewaySettings(**gateway_values), verifier=verifier)
        await running.enter_async_context(running_app(stack.gateway, port=port))
        yield stack
