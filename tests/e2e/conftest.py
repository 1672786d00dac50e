"""End-to-end tests: identity's factories (a practice with staff, invitations) and the
portal's services behind the real gateway (shared.testing.running_stack)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from services.identity.app import definition, identity_of
from services.identity.tests.integration.conftest import (  # noqa: F401 - fixtures
    FAST,
    Portal,
    db,
    identity_ready,
    start_portal,
)
from shared.testing import SmtpInbox, running_stack


@pytest.fixture
async def stack(
    admin_dsn: str, amqp_url: str, smtp: SmtpInbox, tmp_path: Path
) -> AsyncIterator[tuple[Portal, str]]:
    async with running_stack(
        [definition()],
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        smtp=smtp,
        settings={"identity": {**FAST, "public_url": "http://portal.test"}},
        gateway={
            "web_root": tmp_path,
            "auth_burst": 100,  # the walk makes more sign-in posts than a person would
        },
        down=["billing"],  # a token the gateway lets through gets 503 there
    ) as running:
        idp = identity_of(running.apps["identity"])
        portal = Portal(url=running.url, idp=idp, smtp=smtp, db=None)  # type: ignore[arg-type]
        try:
            yield portal, running.url
        finally:
            await portal.close()
