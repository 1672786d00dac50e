"""Clinician tools through the real gateway, with identity beside integrations: practices
reach integrations from identity's events (the demo one of make up too), an admin signed
in for real connects a tool both ways, identity's own events reach the webhook, and what
the admin did is in the practice's one audit log."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.service import demo
from services.identity.tests.integration.conftest import FAST, Portal
from services.integrations.app import definition as integrations
from services.integrations.tests.integration.conftest import delete_run_users
from services.integrations.tests.integration.receiver import Receiver
from services.integrations.tests.integration.test_webhooks import example_verifier
from shared import directory
from shared.origin import Origin
from shared.replay import replay
from shared.testing import SmtpInbox, Stack, eventually, running_app, running_stack
from shared.web.app import SETTINGS

TOOLS = {"webhook_allow_local": True, "webhook_poll_seconds": 0.2}


@pytest.fixture
async def stack(
    admin_dsn: str, amqp_url: str, smtp: SmtpInbox, tmp_path: Path, rabbitmq_management: str
) -> AsyncIterator[Stack]:
    async with running_stack(
        [identity(), integrations()],
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        smtp=smtp,
        settings={
            "identity": FAST,
            "integrations": TOOLS | {"broker_admin_url": rabbitmq_management},
        },
        gateway={"web_root": tmp_path},
    ) as running:
        try:
            yield running
        finally:
            await delete_run_users(rabbitmq_management)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    found = Receiver()
    async with running_app(found.app()) as url:
        found.base_url = url
        yield found


async def knows(stack: Stack, slug: str) -> bool:
    async with stack.runtime("integrations").reader() as conn:
        return await directory.find_practice_by_slug(conn, slug) is not None


async def test_the_demo_practice_of_make_up_reaches_integrations_so_tools_can_be_made_for_it(
    stack: Stack,
) -> None:
    idp = identity_of(stack.apps["identity"])
    since = datetime.now(UTC) - timedelta(days=1)
    practice, _ = await demo.seed_demo(idp, origin=Origin())
    # An earlier test of this run may have seeded it before integrations' queue existed:
    # what a service deployed later does (docs/events.md), harmless when it already has it.
    await replay(
        stack.apps["identity"][SETTINGS], queue="integrations.directory", since=since,
        until=datetime.now(UTC), types=["practice.created", "practice.updated"],
    )  # fmt: skip
    await eventually(lambda: knows(stack, practice.slug), seconds=20)


async def test_an_admin_connects_a_tool_through_the_gateway_and_it_is_in_the_audit_log(
    stack: Stack, smtp: SmtpInbox, receiver: Receiver
) -> None:
    portal = Portal(url=stack.url, idp=identity_of(stack.apps["identity"]), smtp=smtp, db=None)  # type: ignore[arg-type]
    tenant = await portal.tenant()
    await eventually(lambda: knows(stack, tenant.practice.slug), seconds=20)
    admin = await portal.staff_session(tenant, tenant.admin)

    made = await portal.post(
        admin, "/api/v1/integrations/tool-credentials", {"name": "ehr"}, expect=201
    )
    assert made["username"] == f"tool.{tenant.practice.slug}.ehr"
    path = f"/e2e/{uuid.uuid4().hex}"
    hook = await portal.post(
        admin,
        "/api/v1/integrations/webhooks",
        {"url": receiver.url(path), "event_types": ["client.invited"]},
        expect=201,
    )

    clinician = await portal.staff_session(tenant, tenant.clinician)
    client, _ = await portal.invite(clinician)

    async def delivered() -> bool:
        return len(receiver.calls[path]) == 1

    await eventually(delivered, seconds=20)
    [call] = receiver.calls[path]
    assert call.event["source"] == "/services/identity"
    assert call.event["data"]["client_id"] == client["id"]
    assert example_verifier()(hook["secret"], call.headers["Portal-Signature"], call.body)

    async def audited() -> list[Any]:
        page = await portal.get(admin, "/api/v1/identity/audit?limit=50", expect=200)
        return [e for e in page["items"] if e["service"] == "integrations"]

    async def both_recorded() -> bool:
        return {e["action"] for e in await audited()} >= {
            "tool_credentials.created",
            "webhook.registered",
        }

    await eventually(both_recorded, seconds=20)
    assert all(e["actor_id"] == str(tenant.admin.account.id) for e in await audited())
    revoked = await portal.post(
        admin, f"/api/v1/integrations/tool-credentials/{made['id']}", None, method="DELETE"
    )
    assert revoked["status"] == "revoked"
