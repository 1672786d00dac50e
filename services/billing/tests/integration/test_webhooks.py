"""Stripe's word, however it comes: the webhook (signed, each event once), the browser
after 3-D Secure, or the reconciliation job. A payment is settled exactly once."""

from __future__ import annotations

import json
import time
import uuid

import aiohttp
import stripe

from services.billing.service.settlement import reconcile
from services.billing.tests.conftest import CARD_3DS, WEBHOOK_SECRET, Desk, Tenant

B = "/api/v1/billing"


def signed(event: dict[str, object], secret: str = WEBHOOK_SECRET) -> tuple[bytes, str]:
    payload = json.dumps(event).encode()
    stamp = int(time.time())
    signature = stripe.WebhookSignature._compute_signature(f"{stamp}.{payload.decode()}", secret)
    return payload, f"t={stamp},v1={signature}"


async def deliver(desk: Desk, event: dict[str, object], *, secret: str = WEBHOOK_SECRET) -> int:
    payload, header = signed(event, secret)
    async with desk.http.post(
        f"{B}/stripe/webhook",
        data=payload,
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    ) as response:
        return response.status


async def three_d_secure_payment(desk: Desk, tenant: Tenant) -> tuple[dict, dict]:
    invoice = await desk.session_invoiced(tenant)
    setup = await desk.confirm_card(tenant.client, CARD_3DS)
    # localstripe asks 3-D Secure already at setup; Stripe.js's box, answered "complete":
    async with aiohttp.ClientSession() as http:
        await http.post(
            f"{desk.localstripe}/v1/setup_intents/{setup}/confirm",
            data=json.dumps({"key": "pk_test_portal"}),
        )
    _, payment = await desk.pay(
        tenant.client,
        amount=15000,
        invoice_ids=[invoice["id"]],
        setup_intent_id=setup,
        remember_card=True,
        expect=201,
    )
    assert payment["status"] == "requires_action" and payment["client_secret"]
    return invoice, payment


async def authenticate(desk: Desk, payment: dict) -> None:
    """What Stripe.js's confirmCardPayment does when the client completes 3-D Secure."""
    intent = payment["client_secret"].split("_secret_")[0]
    async with aiohttp.ClientSession() as http:
        await http.post(
            f"{desk.localstripe}/v1/payment_intents/{intent}/_authenticate?success=true",
            data=json.dumps({"key": "pk_test_portal", "client_secret": payment["client_secret"]}),
        )


async def ledger_entries(desk: Desk, payment_id: str) -> int:
    async with desk.runtime.reader() as conn:
        return int(
            await conn.fetchval(
                "SELECT count(*) FROM ledger_entries WHERE payment_id = $1", uuid.UUID(payment_id)
            )
        )


async def test_after_3d_secure_the_browser_confirms_and_the_invoice_is_paid(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice, payment = await three_d_secure_payment(desk, tenant)
    assert (await desk.get(f"{B}/invoices/{invoice['id']}", tenant.client.headers))[
        "status"
    ] == "due"
    await authenticate(desk, payment)
    _, done = await desk.send(
        "POST", f"{B}/payments/{payment['id']}/confirm", tenant.client.headers, expect=200
    )
    assert done["status"] == "succeeded"
    assert (await desk.get(f"{B}/invoices/{invoice['id']}", tenant.client.headers))[
        "status"
    ] == "paid"
    assert [c["last4"] for c in await desk.get(f"{B}/cards", tenant.client.headers)] == ["3155"]


async def test_the_same_webhook_delivered_twice_settles_once(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice, payment = await three_d_secure_payment(desk, tenant)
    intent = payment["client_secret"].split("_secret_")[0]
    event = {
        "id": f"evt_{uuid.uuid4().hex}",
        "object": "event",
        "type": "payment_intent.succeeded",
        "data": {
            "object": {
                "id": intent,
                "object": "payment_intent",
                "status": "succeeded",
                "metadata": {"payment_ref": payment["id"]},
            }
        },
    }
    assert [await deliver(desk, event) for _ in range(2)] == [200, 200]
    assert await ledger_entries(desk, payment["id"]) == 1
    assert len(await desk.events("payment.succeeded", payment_id=payment["id"])) == 1
    assert (await desk.get(f"{B}/invoices/{invoice['id']}", tenant.client.headers))[
        "status"
    ] == "paid"
    [succeeded] = await desk.events("payment.succeeded", payment_id=payment["id"])
    assert (succeeded["amount"], succeeded["invoice_ids"], succeeded["card_last4"]) == (
        15000,
        [invoice["id"]],
        "3155",
    )


async def test_a_webhook_with_a_bad_signature_changes_nothing(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice, payment = await three_d_secure_payment(desk, tenant)
    intent = payment["client_secret"].split("_secret_")[0]
    event = {
        "id": f"evt_{uuid.uuid4().hex}",
        "type": "payment_intent.succeeded",
        "data": {"object": {"id": intent, "object": "payment_intent"}},
    }
    assert await deliver(desk, event, secret="whsec_someone_else") == 422
    async with desk.http.post(f"{B}/stripe/webhook", json=event) as response:
        assert response.status == 422
    assert (await desk.get(f"{B}/invoices/{invoice['id']}", tenant.client.headers))[
        "status"
    ] == "due"


async def test_a_failed_payment_event_fails_an_unsettled_payment_with_stripes_words(
    desk: Desk,
) -> None:
    tenant = await desk.tenant()
    invoice, payment = await three_d_secure_payment(desk, tenant)
    intent = payment["client_secret"].split("_secret_")[0]
    event = {
        "id": f"evt_{uuid.uuid4().hex}",
        "type": "payment_intent.payment_failed",
        "data": {
            "object": {
                "id": intent,
                "object": "payment_intent",
                "last_payment_error": {"message": "Your card has expired."},
            }
        },
    }
    assert await deliver(desk, event) == 200
    [failed] = await desk.events("payment.failed", payment_id=payment["id"])
    assert failed["reason"] == "Your card has expired."
    assert (await desk.get(f"{B}/invoices/{invoice['id']}", tenant.client.headers))[
        "status"
    ] == "due"


async def test_the_reconciler_settles_a_payment_nobody_told_us_about(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice, payment = await three_d_secure_payment(desk, tenant)
    await authenticate(desk, payment)  # charged at Stripe; our confirm never comes
    async with desk.runtime.uow() as work:
        await reconcile(work)
    assert (await desk.get(f"{B}/invoices/{invoice['id']}", tenant.client.headers))[
        "status"
    ] == "paid"
    assert await ledger_entries(desk, payment["id"]) == 1
