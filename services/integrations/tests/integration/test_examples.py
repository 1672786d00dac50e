"""The examples in docs/examples work as their docstrings say: the subscriber with a
tool's scoped credentials receives its practice's appointment events."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from services.integrations.tests.integration.conftest import Practice, Service
from services.integrations.tests.integration.test_broker_isolation import make_tool
from shared.events.catalog import AppointmentApproved, ClientActivated, Place
from shared.testing import eventually

EXAMPLES = Path(__file__).resolve().parents[4] / "docs" / "examples"


def example(name: str) -> Any:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def approved(practice: Practice) -> AppointmentApproved:
    starts = datetime(2026, 12, 7, 15, tzinfo=UTC)
    return AppointmentApproved(
        practice_id=practice.id, appointment_id=uuid.uuid4(), client_id=uuid.uuid4(),
        clinician_id=uuid.uuid4(), service_id=uuid.uuid4(), starts_at=starts,
        ends_at=starts + timedelta(minutes=50), status="confirmed",
        place=Place(name="Office", time_zone="America/New_York"),
    )  # fmt: skip


async def test_the_example_subscriber_gets_its_practices_appointments_with_scoped_credentials(
    service: Service,
) -> None:
    practice, other = await service.practice(), await service.practice()
    tool = await make_tool(service, practice, "example")
    received: list[dict[str, Any]] = []

    async def handle(event: dict[str, Any]) -> None:
        received.append(event)

    subscriber = example("event_subscriber")
    running = asyncio.create_task(
        subscriber.consume(
            tool.url,
            queue_name=tool.queue("appointments"),
            practice_id=str(practice.id),
            handle=handle,
        )
    )
    try:

        async def bound() -> bool:
            return tool.queue("appointments") in await service.rt.broker_admin.queues_named(
                tool.body["queue_prefix"]
            )

        await eventually(bound, seconds=20)
        await service.publish(approved(other))
        await service.publish(ClientActivated(practice_id=practice.id, client_id=uuid.uuid4()))
        mine = await service.publish(approved(practice))

        async def arrived() -> bool:
            return len(received) >= 1

        await eventually(arrived, seconds=20)
        await asyncio.sleep(1)
        assert [e["id"] for e in received] == [mine]
    finally:
        running.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await running
        async with service.http(practice).delete(
            f"/api/v1/integrations/tool-credentials/{tool.body['id']}"
        ):
            pass
