"""A session identity has ended stops at the gateway at once (real RabbitMQ)."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Callable

import aio_pika
import aiohttp
from prometheus_client import CollectorRegistry
from structlog.testing import capture_logs

from gateway.revocations import RevokedSessions
from gateway.state import GATEKEEPER
from gateway.tests.conftest import MakeGateway, Upstreams
from shared.events.catalog import SessionsRevoked
from shared.events.envelope import envelope_for
from shared.events.relay import declare_exchange
from shared.events.routing import routing_key_of
from shared.testing import eventually


async def announce(amqp_url: str, *session_ids: str) -> None:
    event = SessionsRevoked(
        practice_id=uuid.uuid4(),
        account_id=uuid.uuid4(),
        session_ids=[uuid.UUID(s) for s in session_ids],
        reason="logout",
    )
    envelope = envelope_for(event, source="identity")
    body = json.dumps(envelope).encode()
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        exchange = await declare_exchange(await connection.channel())
        await exchange.publish(aio_pika.Message(body), routing_key=routing_key_of(envelope))


async def test_a_token_of_a_session_identity_ended_is_refused_before_any_service(
    make_gateway: MakeGateway, upstreams: Upstreams, make_token: Callable[..., str], amqp_url: str
) -> None:
    gateway = await make_gateway(amqp_url=amqp_url)
    revoked = gateway.server.app[GATEKEEPER].revoked
    await asyncio.wait_for(revoked.listening.wait(), timeout=10)
    ended, other = str(uuid.uuid4()), str(uuid.uuid4())
    ended_token, other_token = make_token(sid=ended), make_token(sid=other)
    assert (await gateway.get("/api/v1/billing/a", headers=bearer(ended_token))).status == 200

    await announce(amqp_url, ended)

    async def refused() -> bool:
        return (await gateway.get("/api/v1/forms/a", headers=bearer(ended_token))).status == 401

    await eventually(refused, seconds=10)
    assert upstreams.requests_to("forms") == [], "no service saw the ended session's request"
    assert (await gateway.get("/api/v1/billing/a", headers=bearer(other_token))).status == 200
    # The same token as a cookie is no credential either: it never reaches a service.
    cookie = {"portal_at": ended_token}
    assert (await gateway.get("/api/v1/billing/a", cookies=cookie)).status == 200
    forwarded = upstreams.requests_to("billing")[-1].headers
    assert "Authorization" not in forwarded and ended_token not in forwarded.get("Cookie", "")


async def test_an_open_websocket_of_a_session_identity_ended_is_closed_at_once(
    make_gateway: MakeGateway, upstreams: Upstreams, make_token: Callable[..., str], amqp_url: str
) -> None:
    gateway = await make_gateway(amqp_url=amqp_url)
    await asyncio.wait_for(gateway.server.app[GATEKEEPER].revoked.listening.wait(), timeout=10)
    ended, other = str(uuid.uuid4()), str(uuid.uuid4())
    path = "/api/v1/billing/ws"
    async with (
        gateway.ws_connect(path, headers=bearer(make_token(sid=ended))) as ending,
        gateway.ws_connect(
            path, headers={"Cookie": f"portal_at={make_token(sid=other)}"}
        ) as staying,
    ):
        await ending.send_str("hello")
        assert (await ending.receive()).data == "echo hello"

        await announce(amqp_url, ended)

        async with asyncio.timeout(10):  # a guard against waiting for ever, not a speed check
            closed = await ending.receive()
        assert (closed.type, closed.data, closed.extra) == (
            aiohttp.WSMsgType.CLOSE,
            1008,
            "session ended",
        )
        await staying.send_str("still here")
        assert (await staying.receive()).data == "echo still here"
    sockets = upstreams.requests_to("billing")
    await eventually(lambda: _true(all(s.close_code is not None for s in sockets)))
    assert sorted(s.close_code or 0 for s in sockets)[-1] == 1008, "the service was told too"


async def _true(value: bool) -> bool:
    return value


def test_ended_sessions_are_forgotten_after_their_tokens_could_live_and_memory_is_bounded() -> None:
    revoked = RevokedSessions(ttl_seconds=0.05, max_entries=2)
    revoked.add(["a", "b", "c"])
    assert ("a" in revoked, "b" in revoked, "c" in revoked) == (False, True, True)
    time.sleep(0.06)
    assert "c" not in revoked


def test_a_full_set_forgets_expired_sessions_first_and_counts_and_logs_live_ones_it_drops() -> None:
    registry = CollectorRegistry()
    revoked = RevokedSessions(ttl_seconds=0.05, max_entries=2, registry=registry)
    revoked.add(["expired-1", "expired-2"])
    time.sleep(0.06)
    with capture_logs() as logs:
        revoked.add(["live-1", "live-2"])  # room made by the expired ones: nothing lost
        assert registry.get_sample_value("gateway_revocations_dropped_total") == 0
        revoked.add(["live-3"])  # full of live sessions: one still refusable is dropped
    assert registry.get_sample_value("gateway_revocations_dropped_total") == 1
    assert "live-1" not in revoked and "live-3" in revoked
    [warning] = [entry for entry in logs if entry["event"] == "revocations.overflow"]
    assert warning["log_level"] == "warning" and warning["dropped"] == 1


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
