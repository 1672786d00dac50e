"""How a service starts: queues declared at migration, demo data seeded once."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import aio_pika
import pytest

from shared.config import ServiceSettings
from shared.events.consumer import Subscription
from shared.runtime import Runtime, Work
from shared.service import _jobs_of, demo_seed_job, migrate_service, run_job_once
from shared.tests.conftest import BACKBONE


async def _ignore(work: Work[Any], envelope: Any) -> None:
    return None


async def test_migrating_a_service_declares_its_queues_before_its_worker_ever_runs(
    backbone_settings: ServiceSettings, amqp_url: str
) -> None:
    name = f"test.early.{uuid.uuid4().hex[:8]}"
    definition = dataclasses.replace(
        BACKBONE,
        subscriptions=(
            Subscription(queue=name, event_types=("test.probe_sent",), handler=_ignore),
        ),
    )
    await migrate_service(definition, backbone_settings)

    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        for queue in (name, f"{name}.parked", f"{name}.retry.1"):
            await channel.declare_queue(queue, passive=True)  # raises if it does not exist
        for queue in (
            name,
            f"{name}.parked",
            f"{name}.retry.1",
            f"{name}.retry.2",
            f"{name}.retry.3",
        ):
            await channel.queue_delete(queue)  # fmt: skip


async def test_migrating_without_a_broker_still_migrates(
    backbone_settings: ServiceSettings,
) -> None:
    definition = dataclasses.replace(
        BACKBONE,
        subscriptions=(Subscription(queue="test.nowhere", event_types=("x",), handler=_ignore),),
    )
    unreachable = backbone_settings.model_copy(
        update={"amqp_url": "amqp://guest:guest@127.0.0.1:1/"}
    )
    assert await migrate_service(definition, unreachable) == []  # nothing new, and no error


async def test_demo_data_is_seeded_only_when_asked_and_only_until_it_is_done(
    runtime: Runtime[Any], backbone_settings: ServiceSettings
) -> None:
    calls: list[int] = []

    async def seed(rt: Runtime[Any]) -> bool:
        calls.append(1)
        return len(calls) >= 2  # the demo practice arrives on the second look

    definition = dataclasses.replace(BACKBONE, demo_seed=seed)
    assert "demo-seed" not in [j.name for j in _jobs_of(definition, backbone_settings)]
    asked = backbone_settings.model_copy(update={"demo_data": True})
    assert "demo-seed" in [j.name for j in _jobs_of(definition, asked)]

    job = demo_seed_job(seed)
    for _ in range(4):
        assert await run_job_once(runtime, job)
    assert len(calls) == 2


@pytest.mark.parametrize("value", ["1", "true"])
def test_the_demo_switch_is_read_from_portal_demo_data(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PORTAL_DEMO_DATA", value)
    assert BACKBONE.settings_class().demo_data is True
