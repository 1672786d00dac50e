"""Webhooks end to end inside the service: an event published through the real outbox and
RabbitMQ, fanned out by the consumer, sent by the worker's dispatcher to a real local HTTP
receiver, signed, retried, failed after its day, isolated per practice."""

from __future__ import annotations

import asyncio
import importlib.util
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from services.integrations.consumers import on_event
from services.integrations.tests.integration.conftest import Practice, Service, envelope_of
from services.integrations.tests.integration.receiver import Receiver
from shared.events.catalog import ClientActivated, ClientDeactivated
from shared.testing import FrozenClock, eventually

EXAMPLE = Path(__file__).resolve().parents[4] / "docs" / "examples" / "webhook_receiver.py"


def example_verifier() -> Any:
    """docs/examples/webhook_receiver.py's verify_signature: the example is what we test."""
    spec = importlib.util.spec_from_file_location("webhook_receiver_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.verify_signature


async def register(service: Service, practice: Practice, url: str, *types: str) -> dict[str, Any]:
    body = {"url": url, "event_types": list(types or ("client.activated",))}
    async with service.http(practice).post("/api/v1/integrations/webhooks", json=body) as reply:
        assert reply.status == 201, await reply.text()
        return dict(await reply.json())


async def deliveries(service: Service, practice: Practice, webhook_id: str) -> list[Any]:
    path = f"/api/v1/integrations/webhooks/{webhook_id}/deliveries"
    async with service.http(practice).get(path) as reply:
        assert reply.status == 200
        return list(await reply.json())


async def webhook_view(service: Service, practice: Practice, webhook_id: str) -> dict[str, Any]:
    async with service.http(practice).get("/api/v1/integrations/webhooks") as reply:
        [found] = [w for w in await reply.json() if w["id"] == webhook_id]
        return dict(found)


def activated(practice: Practice) -> ClientActivated:
    return ClientActivated(practice_id=practice.id, client_id=uuid.uuid4())


async def test_a_webhook_receives_its_practices_events_of_its_types_signed_with_its_secret(
    service: Service, receiver: Receiver
) -> None:
    practice, other = await service.practice(), await service.practice()
    path = f"/signed/{uuid.uuid4().hex}"
    hook = await register(service, practice, receiver.url(path), "client.activated")
    assert hook["secret"].startswith("whsec_") and hook["signature_header"] == "Portal-Signature"

    await service.publish(ClientDeactivated(practice_id=practice.id, client_id=uuid.uuid4()))
    await service.publish(activated(other))
    event_id = await service.publish(activated(practice))

    await eventually(lambda: _count(receiver, path, 1), seconds=20)
    await asyncio.sleep(1)  # the other practice's and the unsubscribed type would come now
    [call] = receiver.calls[path]
    assert call.event["id"] == event_id and call.event["type"] == "client.activated"
    assert call.event["data"]["practice_id"] == str(practice.id)
    assert call.headers["Portal-Event-Id"] == event_id
    assert call.headers["Content-Type"] == "application/cloudevents+json"
    verify = example_verifier()
    assert verify(hook["secret"], call.headers["Portal-Signature"], call.body)
    assert not verify(hook["secret"], call.headers["Portal-Signature"], call.body + b" ")
    assert not verify("whsec_other", call.headers["Portal-Signature"], call.body)


async def _count(receiver: Receiver, path: str, wanted: int) -> bool:
    return len(receiver.calls[path]) >= wanted


async def test_the_secret_is_shown_once_and_kept_only_encrypted(
    service: Service, receiver: Receiver
) -> None:
    practice = await service.practice()
    hook = await register(service, practice, receiver.url("/secret"))
    assert "secret" not in await webhook_view(service, practice, hook["id"])
    stored = await service.rt.pool.fetchval(
        "SELECT secret FROM webhooks WHERE id = $1", uuid.UUID(hook["id"])
    )
    assert hook["secret"].encode() not in stored
    assert (
        service.rt.keyring.decrypt_text(stored, aad=uuid.UUID(hook["id"]).bytes) == hook["secret"]
    )


async def test_a_500_is_retried_with_the_same_event_and_body_until_it_is_delivered(
    service: Service, receiver: Receiver
) -> None:
    practice = await service.practice()
    path = f"/flaky/{uuid.uuid4().hex}"
    receiver.answer(path, 500, 500, 200)
    hook = await register(service, practice, receiver.url(path))
    event_id = await service.publish(activated(practice))

    await eventually(lambda: _count(receiver, path, 3), seconds=20)
    calls = receiver.calls[path]
    assert {c.event["id"] for c in calls} == {event_id}, "one event id, never two"
    assert len({c.body for c in calls}) == 1, "the same body on every attempt"
    assert [c.headers["Portal-Delivery-Attempt"] for c in calls] == ["1", "2", "3"]
    verify = example_verifier()
    assert all(verify(hook["secret"], c.headers["Portal-Signature"], c.body) for c in calls)

    async def delivered() -> bool:
        return (await deliveries(service, practice, hook["id"]))[0]["status"] == "delivered"

    await eventually(delivered, seconds=10)
    [delivery] = await deliveries(service, practice, hook["id"])
    assert (delivery["event_id"], delivery["attempts"]) == (event_id, 3)
    last = (await webhook_view(service, practice, hook["id"]))["last_delivery"]
    assert (last["status"], last["http_status"], last["error"]) == ("delivered", 200, None)


async def test_an_event_handled_twice_makes_one_delivery(
    service: Service, receiver: Receiver
) -> None:
    practice = await service.practice()
    path = f"/twice/{uuid.uuid4().hex}"
    hook = await register(service, practice, receiver.url(path))
    envelope = envelope_of(activated(practice))
    for _ in range(2):  # past the inbox: the handler itself keeps one per (webhook, event)
        async with service.rt.uow() as work:
            await on_event(work, envelope)
            await work.commit()
    await eventually(lambda: _count(receiver, path, 1), seconds=20)
    await asyncio.sleep(1)
    assert len(receiver.calls[path]) == 1
    assert [d["event_id"] for d in await deliveries(service, practice, hook["id"])] == [envelope.id]


async def test_a_delivery_failing_for_a_day_is_marked_failed_shown_with_its_error_and_can_go_again(
    service: Service, receiver: Receiver
) -> None:
    practice = await service.practice()
    path = f"/down/{uuid.uuid4().hex}"
    receiver.answer(path, 503)
    hook = await register(service, practice, receiver.url(path))
    clock = FrozenClock(service.rt.now())
    real_clock, service.rt.clock = service.rt.clock, clock
    try:
        event_id = await service.publish(activated(practice))
        await eventually(lambda: _count(receiver, path, 1), seconds=20)
        clock.advance(timedelta(minutes=1))  # the next attempt is due: fails again
        await eventually(lambda: _count(receiver, path, 2), seconds=20)
        clock.advance(timedelta(hours=25))  # its day is over: the attempt after is the last

        async def failed() -> bool:
            view = await webhook_view(service, practice, hook["id"])
            return view["failed"] == 1

        await eventually(failed, seconds=20)
    finally:
        service.rt.clock = real_clock
    view = await webhook_view(service, practice, hook["id"])
    assert view["last_delivery"]["status"] == "failed"
    assert view["last_delivery"]["error"] == "HTTP 503 Service Unavailable"
    [delivery] = await deliveries(service, practice, hook["id"])
    assert delivery["status"] == "failed" and delivery["attempts"] == len(receiver.calls[path])

    receiver.answer(path, 200)
    retry = f"/api/v1/integrations/webhooks/{hook['id']}/deliveries/{delivery['id']}/retry"
    async with service.http(practice).post(retry) as reply:
        assert reply.status == 204
    sent = len(receiver.calls[path])
    await eventually(lambda: _count(receiver, path, sent + 1), seconds=20)
    assert receiver.calls[path][-1].event["id"] == event_id, "sent again with the same id"


async def test_a_hanging_endpoint_of_one_practice_never_delays_another_practices_deliveries(
    service: Service, receiver: Receiver
) -> None:
    slow, quick = await service.practice(), await service.practice()
    slow_path, quick_path = f"/hang/{uuid.uuid4().hex}", f"/quick/{uuid.uuid4().hex}"
    release = receiver.hold(slow_path)
    await register(service, slow, receiver.url(slow_path))
    await register(service, quick, receiver.url(quick_path))
    try:
        for _ in range(6):
            await service.publish(activated(slow))
        limit = service.settings.webhook_per_practice

        async def slow_is_full() -> bool:
            return receiver.waiting[slow_path] == limit

        await eventually(slow_is_full, seconds=20)
        await service.publish(activated(quick))
        await eventually(lambda: _count(receiver, quick_path, 1), seconds=20)
        assert receiver.waiting[slow_path] == limit, "the slow practice still hangs, unblocked"
        assert len(receiver.calls[slow_path]) == limit, "and took no more than its share"
    finally:
        release.set()
    await eventually(lambda: _count(receiver, slow_path, 6), seconds=30)
