"""End-to-end tests: identity's factories (a practice with staff, invitations) and a
stack of identity behind the real gateway."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from gateway.app import create_app as create_gateway
from gateway.settings import GatewaySettings
from services.identity.app import definition, identity_of
from services.identity.tests.integration.conftest import (  # noqa: F401 - fixtures
    FAST,
    Portal,
    db,
    identity_ready,
    start_portal,
)
from shared.service import build_app
from shared.testing import SmtpInbox, free_port, migrated, running_app, settings_for_test


@pytest.fixture
async def stack(
    admin_dsn: str, amqp_url: str, smtp: SmtpInbox, tmp_path: Path
) -> AsyncIterator[tuple[Portal, str]]:
    settings = settings_for_test(
        definition(),
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        **FAST,
        smtp_host=smtp.host,
        smtp_port=smtp.port,
    )
    await migrated(definition(), settings)
    identity = build_app(definition(), settings)
    async with running_app(identity) as identity_url:
        gateway = create_gateway(
            GatewaySettings(
                # billing is not running: a token the gateway lets through gets 503 there
                upstreams={"identity": identity_url, "billing": f"http://127.0.0.1:{free_port()}"},
                amqp_url=amqp_url,
                jwks_url=f"{identity_url}/.well-known/jwks.json",
                token_issuer=settings.token_issuer,
                web_root=tmp_path,
                auth_burst=100,  # the walk makes more sign-in posts than a person would
                port=0,
            )
        )
        async with running_app(gateway) as gateway_url:
            portal = Portal(url=gateway_url, idp=identity_of(identity), smtp=smtp, db=None)  # type: ignore[arg-type]
            try:
                yield portal, gateway_url
            finally:
                await portal.close()
