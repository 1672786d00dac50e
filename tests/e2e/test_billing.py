"""Billing end to end through the gateway: identity's real sign-in and directory events,
a completed appointment arriving on the broker, Stripe (localstripe) and its webhook
coming back through the gateway, and messaging's receipt email; and make up's demo data."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import aio_pika
import aiohttp
import pytest

from services.billing.app import definition as billing
from services.billing.tests.conftest import (
    CARD_DECLINED,
    CARD_OK,
    localstripe_process,
    register_webhook,
    stripe_settings,
    wait_for,
)
from services.identity.app import definition as identity
from services.identity.app import identity_of
from services.identity.service.demo import seed_demo
from services.identity.tests.integration.conftest import FAST, Portal
from services.messaging.app import definition as messaging
from services.messaging.tests.support import email_about
from shared import directory
from shared.events.catalog import AppointmentCompleted, BillableService, Place
from shared.events.envelope import EXCHANGE, envelope_for
from shared.events.routing import routing_key_of
from shared.origin import Origin
from shared.testing import Stack, eventually, running_stack, smtp_server

B = "/api/v1/billing"


@pytest.fixture(scope="module")
async def billing_stack(admin_dsn: str, amqp_url: str) -> AsyncIterator[tuple[Stack, Portal, str]]:
    with localstripe_process() as stripe_url, smtp_server() as smtp:
        await wait_for(stripe_url)
        async with running_stack(
            [identity(), billing(), messaging()],
            admin_dsn=admin_dsn,
            amqp_url=amqp_url,
            smtp=smtp,
            settings={
                "identity": {**FAST, "public_url": "http://portal.test"},
                "billing": stripe_settings(stripe_url) | {"demo_data": True},
            },
            gateway={"auth_burst": 100, "csp_extra": stripe_url},
        ) as running:
            # Stripe calls back through the portal's public entry, as in production.
            await register_webhook(stripe_url, f"{running.url}{B}/stripe/webhook")
            portal = Portal(
                url=running.url, idp=identity_of(running.apps["identity"]), smtp=smtp, db=None
            )  # type: ignore[arg-type]
            try:
                yield running, portal, stripe_url
            finally:
                await portal.close()


async def publish_completed(amqp_url: str, event: AppointmentCompleted) -> None:
    """What scheduling does when a session is marked completed."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        exchange = await (await connection.channel()).get_exchange(EXCHANGE)
        envelope = envelope_for(event, source="scheduling", subject=str(event.appointment_id))
        await exchange.publish(
            aio_pika.Message(
                json.dumps(envelope).encode(),
                message_id=envelope["id"],
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            ),
            routing_key=routing_key_of(envelope),
        )


def completed(tenant: Any, client_id: uuid.UUID, fee: int) -> AppointmentCompleted:
    starts = datetime.now(UTC) - timedelta(hours=3)
    return AppointmentCompleted(
        practice_id=tenant.practice.id,
        appointment_id=uuid.uuid4(),
        client_id=client_id,
        clinician_id=tenant.clinician.account.id,
        service_id=uuid.uuid4(),
        starts_at=starts,
        ends_at=starts + timedelta(minutes=53),
        status="completed",
        place=Place(name="Office", time_zone="America/New_York"),
        billing=BillableService(
            name="Psychotherapy, 53 minutes",
            cpt_code="90837",
            fee=fee,
            currency="usd",
            place_of_service="11",
        ),
    )


async def call(
    http: aiohttp.ClientSession, method: str, path: str, body: Any = None, **headers: str
) -> tuple[int, Any]:
    async with http.request(method, path, json=body, headers=headers) as response:
        return response.status, await response.json(content_type=None)


async def card(http: aiohttp.ClientSession, stripe_url: str, number: str) -> str:
    """Stripe.js's part: the card goes to Stripe, never to us."""
    _, setup = await call(http, "POST", f"{B}/card-setups")
    secret = setup["client_secret"]
    body = {
        "key": setup["publishable_key"],
        "client_secret": secret,
        "payment_method_data": {
            "type": "card",
            "card": {"number": number, "exp_month": "12", "exp_year": "2030", "cvc": "123"},
        },
    }
    async with aiohttp.ClientSession() as stripe:
        intent = secret.split("_secret_")[0]
        await stripe.post(f"{stripe_url}/v1/setup_intents/{intent}/confirm", data=json.dumps(body))
    return str(intent)


async def test_a_completed_session_is_invoiced_paid_by_card_and_settled_by_the_webhook(
    billing_stack: tuple[Stack, Portal, str], amqp_url: str
) -> None:
    stack, portal, stripe_url = billing_stack
    tenant = await portal.tenant()
    http, body, _ = await portal.active_client(tenant, client="mobile")
    client_id = uuid.UUID(body["account"]["id"])
    await publish_completed(amqp_url, completed(tenant, client_id, 15000))

    async def invoiced() -> bool:
        status, found = await call(http, "GET", f"{B}/invoices")
        return status == 200 and len(found) == 1

    await eventually(invoiced)
    [invoice] = (await call(http, "GET", f"{B}/invoices"))[1]
    assert (invoice["status"], invoice["amount_due"]) == ("due", 15000)

    setup = await card(http, stripe_url, CARD_OK)
    pay = {
        "amount": 15000,
        "invoice_ids": [invoice["id"]],
        "setup_intent_id": setup,
        "remember_card": True,
    }
    key = str(uuid.uuid4())
    status, payment = await call(http, "POST", f"{B}/payments", pay, **{"Idempotency-Key": key})
    assert (status, payment["status"]) == (201, "succeeded")
    again, replay = await call(http, "POST", f"{B}/payments", pay, **{"Idempotency-Key": key})
    assert (again, replay["id"]) == (201, payment["id"])

    rt = stack.runtime("billing")

    async def webhook_arrived() -> bool:
        async with rt.reader() as conn:
            return bool(
                await conn.fetchval(
                    "SELECT 1 FROM stripe_events WHERE type = 'payment_intent.succeeded'"
                    " AND received_at > now() - interval '1 minute'"
                )
            )

    await eventually(webhook_arrived, seconds=15)
    _, after = await call(http, "GET", f"{B}/invoices/{invoice['id']}")
    assert after["status"] == "paid"
    assert (await call(http, "GET", f"{B}/overview"))[1]["balance"] == 0
    async with rt.reader() as conn:
        receipts = await conn.fetch(
            "SELECT envelope->'data' AS d FROM outbox WHERE type = 'payment.succeeded'"
            " AND envelope->'data'->>'client_id' = $1",
            str(client_id),
        )
        charges = await conn.fetchval(
            "SELECT count(*) FROM payments WHERE client_id = $1", client_id
        )
    assert [r["d"]["amount"] for r in receipts] == [15000] and charges == 1
    receipt = await email_about(
        portal.smtp, body["account"]["email"], "Your payment receipt from", seconds=30
    )
    assert "$150.00" in receipt.as_string()

    # The next payment uses the saved card; a declined card leaves the invoice Due.
    await publish_completed(amqp_url, completed(tenant, client_id, 12000))
    await publish_completed(amqp_url, completed(tenant, client_id, 9000))

    async def three() -> bool:
        return len((await call(http, "GET", f"{B}/invoices"))[1]) == 3

    await eventually(three)
    due = [i for i in (await call(http, "GET", f"{B}/invoices"))[1] if i["status"] == "due"]
    [saved] = (await call(http, "GET", f"{B}/cards"))[1]
    first = {"amount": due[0]["total"], "invoice_ids": [due[0]["id"]], "saved_card_id": saved["id"]}
    status, paid = await call(
        http, "POST", f"{B}/payments", first, **{"Idempotency-Key": str(uuid.uuid4())}
    )
    assert (status, paid["status"]) == (201, "succeeded")
    declined = await card(http, stripe_url, CARD_DECLINED)
    second = {"amount": due[1]["total"], "invoice_ids": [due[1]["id"]], "setup_intent_id": declined}
    status, problem = await call(
        http, "POST", f"{B}/payments", second, **{"Idempotency-Key": str(uuid.uuid4())}
    )
    assert (status, problem["detail"]) == (422, "Your card was declined.")
    assert (await call(http, "GET", f"{B}/invoices/{due[1]['id']}"))[1]["status"] == "due"


async def test_make_up_gets_billing_demo_data_once_the_demo_practice_arrives(
    billing_stack: tuple[Stack, Portal, str],
) -> None:
    stack, portal, _ = billing_stack
    practice, _ = await seed_demo(portal.idp, origin=Origin())
    rt = stack.runtime("billing")

    async def seeded() -> bool:
        async with rt.reader() as conn:
            clients = await directory.list_clients(conn, practice.id)
            if not clients:
                return False
            count = await conn.fetchval(
                "SELECT (SELECT count(*) FROM statements WHERE client_id = $1)"
                " * (SELECT count(*) FROM superbills WHERE client_id = $1)",
                clients[0].id,
            )
        return bool(count)

    await eventually(seeded, seconds=60)
    async with rt.reader() as conn:
        [client] = await directory.list_clients(conn, practice.id)
        totals = await conn.fetch(
            "SELECT total FROM invoices WHERE client_id = $1 ORDER BY number", client.id
        )
    assert [r["total"] for r in totals] == [15000, 12000, 15000]
    superbills = await stack.runtime("billing").pool.fetchval(
        "SELECT count(*) FROM superbills WHERE client_id = $1", client.id
    )
    assert superbills == 1  # the demo practice has an address and phone: a complete superbill
