"""Staff access recorded by any service reaches the practice's one audit log (identity's
Activity), through the recording service's outbox and the portal.audit exchange; never
on portal.events, where outside tools listen."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractQueue

from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.tests.integration.conftest import FAST, Portal
from services.scheduling.app import definition as scheduling
from shared.audit import Actor, audit
from shared.events.envelope import EXCHANGE
from shared.origin import Origin
from shared.testing import SmtpInbox, Stack, eventually, running_stack


@pytest.fixture
async def stack(
    admin_dsn: str, amqp_url: str, smtp: SmtpInbox, tmp_path: Path
) -> AsyncIterator[Stack]:
    async with running_stack(
        [identity(), scheduling()],
        admin_dsn=admin_dsn,
        amqp_url=amqp_url,
        smtp=smtp,
        settings={"identity": FAST},
        gateway={"web_root": tmp_path},
    ) as running:
        yield running


@pytest.fixture
async def tools_tap(amqp_url: str) -> AsyncIterator[AbstractQueue]:
    """What an outside tool bound to every event of portal.events would receive."""
    connection = await aio_pika.connect_robust(amqp_url)
    channel = await connection.channel()
    exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
    queue = await channel.declare_queue(exclusive=True)
    await queue.bind(exchange, routing_key="#")
    yield queue
    await connection.close()


async def test_a_record_written_by_scheduling_in_its_transaction_appears_in_the_practice_log(
    stack: Stack, smtp: SmtpInbox, tools_tap: AbstractQueue
) -> None:
    portal = Portal(url=stack.url, idp=identity_of(stack.apps["identity"]), smtp=smtp, db=None)  # type: ignore[arg-type]
    tenant = await portal.tenant()
    admin = await portal.staff_session(tenant, tenant.admin)
    client_id, clinician = uuid.uuid4(), tenant.clinician.account
    actor = Actor(practice_id=tenant.practice.id, account_id=clinician.id, role="clinician")
    origin = Origin(ip="203.0.113.5", user_agent="a-browser", request_id="req-audit-1234")
    runtime = stack.runtime("scheduling")

    async with runtime.uow() as uow:
        await audit(
            uow.conn, origin, action="appointment.read", actor=actor, resource="appointment",
            client_id=client_id, detail={"appointment_id": "a-1"},
        )  # fmt: skip
        await uow.commit()
    async with runtime.uow() as uow:  # rolled back: the access did not happen
        await audit(uow.conn, origin, action="appointment.changed", actor=actor)

    async def arrived() -> list[dict[str, Any]]:
        page = await portal.get(admin, f"/api/v1/identity/audit?client_id={client_id}", expect=200)
        return list(page["items"])

    await eventually(lambda: _nonempty(arrived()), seconds=20)
    [entry] = await arrived()
    assert entry["service"] == "scheduling" and entry["action"] == "appointment.read"
    assert entry["actor_id"] == str(clinician.id) and entry["actor_name"] == "Sam Clinician"
    assert (entry["ip"], entry["request_id"]) == ("203.0.113.5", "req-audit-1234")
    assert entry["detail"] == {"appointment_id": "a-1"}
    # An admin narrows the log to the part of the portal it came from.
    by_service = await portal.get(admin, "/api/v1/identity/audit?service=scheduling", expect=200)
    assert [e["action"] for e in by_service["items"]] == ["appointment.read"]
    identitys = await portal.get(admin, "/api/v1/identity/audit?service=identity", expect=200)
    assert identitys["items"] and {e["service"] for e in identitys["items"]} == {"identity"}
    unknown = await portal.get(admin, "/api/v1/identity/audit?service=payroll", expect=422)
    assert unknown["errors"][0]["field"] == "service"
    rolled_back = await portal.get(admin, "/api/v1/identity/audit?action=appointment.changed")
    assert rolled_back["items"] == []
    seen = []
    while (message := await tools_tap.get(fail=False)) is not None:
        seen.append(json.loads(message.body)["type"])
    assert "audit.recorded" not in seen, "audit records never ride on portal.events"


async def _nonempty(found: Any) -> bool:
    return bool(await found)
