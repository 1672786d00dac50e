"""Paying by card through localstripe: the guide's "Making payments"."""

from __future__ import annotations

import asyncio

from services.billing.tests.conftest import CARD_DECLINED, CARD_OK, Desk
from shared.testing import eventually


async def test_a_client_pays_an_invoice_with_remember_card_and_it_turns_from_due_to_paid(
    desk: Desk,
) -> None:
    tenant = await desk.tenant()
    invoice = await desk.session_invoiced(tenant)
    assert (invoice["status"], invoice["amount_due"]) == ("due", 15000)
    setup = await desk.confirm_card(tenant.client, CARD_OK)
    _, payment = await desk.pay(
        tenant.client,
        amount=15000,
        invoice_ids=[invoice["id"]],
        setup_intent_id=setup,
        remember_card=True,
        expect=201,
    )
    assert payment["status"] == "succeeded"
    assert (payment["card_brand"], payment["card_last4"]) == ("visa", "4242")
    paid = await desk.get(f"/api/v1/billing/invoices/{invoice['id']}", tenant.client.headers)
    assert (paid["status"], paid["amount_due"], paid["paid"]) == ("paid", 0, 15000)
    overview = await desk.get("/api/v1/billing/overview", tenant.client.headers)
    assert overview["balance"] == 0
    cards = await desk.get("/api/v1/billing/cards", tenant.client.headers)
    assert [c["label"] for c in cards] == ["Visa ending 4242"]


async def test_the_next_payment_uses_the_saved_card(desk: Desk) -> None:
    tenant = await desk.tenant()
    first = await desk.session_invoiced(tenant)
    setup = await desk.confirm_card(tenant.client)
    await desk.pay(
        tenant.client,
        amount=15000,
        invoice_ids=[first["id"]],
        setup_intent_id=setup,
        remember_card=True,
        expect=201,
    )
    second = await desk.session_invoiced(tenant, fee=12000)
    [card] = await desk.get("/api/v1/billing/cards", tenant.client.headers)
    _, payment = await desk.pay(tenant.client, amount=12000, saved_card_id=card["id"], expect=201)
    assert payment["status"] == "succeeded"
    assert payment["invoice_ids"] == [second["id"]]
    overview = await desk.get("/api/v1/billing/overview", tenant.client.headers)
    assert overview["balance"] == 0


async def test_without_remember_card_the_card_is_not_kept(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await desk.session_invoiced(tenant)
    setup = await desk.confirm_card(tenant.client)
    await desk.pay(
        tenant.client, amount=15000, invoice_ids=[invoice["id"]], setup_intent_id=setup, expect=201
    )
    assert await desk.get("/api/v1/billing/cards", tenant.client.headers) == []


async def test_a_declined_card_leaves_the_invoice_due_with_stripes_reason(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await desk.session_invoiced(tenant)
    setup = await desk.confirm_card(tenant.client, CARD_DECLINED)
    status, problem = await desk.pay(
        tenant.client,
        amount=15000,
        invoice_ids=[invoice["id"]],
        setup_intent_id=setup,
        remember_card=True,
    )
    assert status == 422
    assert problem["detail"] == "Your card was declined."
    assert problem["errors"] == [{"field": "card", "reason": "Your card was declined."}]
    after = await desk.get(f"/api/v1/billing/invoices/{invoice['id']}", tenant.client.headers)
    assert (after["status"], after["amount_due"]) == ("due", 15000)
    assert await desk.get("/api/v1/billing/cards", tenant.client.headers) == []
    [failed] = await desk.get("/api/v1/billing/payments", tenant.client.headers)
    assert (failed["status"], failed["failure_message"]) == ("failed", "Your card was declined.")


async def test_paying_the_whole_balance_pays_every_open_invoice(desk: Desk) -> None:
    tenant = await desk.tenant()
    await desk.session_invoiced(tenant)
    await desk.session_invoiced(tenant, fee=12000)
    setup = await desk.confirm_card(tenant.client)
    _, payment = await desk.pay(tenant.client, amount=27000, setup_intent_id=setup, expect=201)
    assert len(payment["invoice_ids"]) == 2
    invoices = await desk.get("/api/v1/billing/invoices", tenant.client.headers)
    assert {i["status"] for i in invoices} == {"paid"}


async def test_the_amount_on_the_button_is_what_is_charged_or_nothing_is(desk: Desk) -> None:
    tenant = await desk.tenant()
    await desk.session_invoiced(tenant)
    setup = await desk.confirm_card(tenant.client)
    status, problem = await desk.pay(tenant.client, amount=10000, setup_intent_id=setup)
    assert status == 409
    assert problem["amount_due"] == 15000
    assert "$150.00" in problem["detail"]
    assert await desk.get("/api/v1/billing/payments", tenant.client.headers) == []


async def test_the_same_pay_request_sent_twice_with_one_key_charges_once(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await desk.session_invoiced(tenant)
    setup = await desk.confirm_card(tenant.client)
    body = {"invoice_ids": [invoice["id"]], "setup_intent_id": setup}
    first, second = await asyncio.gather(
        desk.pay(tenant.client, amount=15000, key="pay-once-1", **body),
        desk.pay(tenant.client, amount=15000, key="pay-once-1", **body),
    )
    statuses = sorted([first[0], second[0]])
    assert statuses in ([201, 201], [201, 409])  # a replay, or "still being processed"
    again = await desk.pay(tenant.client, amount=15000, key="pay-once-1", **body)
    assert again[0] == 201 and again[1]["id"] == first[1].get("id", second[1].get("id"))
    payments = await desk.get("/api/v1/billing/payments", tenant.client.headers)
    assert [p["status"] for p in payments] == ["succeeded"]


async def test_a_pay_request_without_an_idempotency_key_is_refused(desk: Desk) -> None:
    tenant = await desk.tenant()
    await desk.session_invoiced(tenant)
    status, problem = await desk.send(
        "POST", "/api/v1/billing/payments", tenant.client.headers, {"amount": 15000}
    )
    assert status == 422
    assert problem["errors"][0]["field"] == "Idempotency-Key"


async def test_the_webhook_arrives_and_changes_nothing_more(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await desk.session_invoiced(tenant)
    setup = await desk.confirm_card(tenant.client)
    _, payment = await desk.pay(
        tenant.client, amount=15000, invoice_ids=[invoice["id"]], setup_intent_id=setup, expect=201
    )

    async def webhook_seen() -> bool:
        async with desk.runtime.reader() as conn:
            return bool(
                await conn.fetchval(
                    "SELECT count(*) FROM stripe_events WHERE type = 'payment_intent.succeeded'"
                    " AND received_at > now() - interval '1 minute'"
                )
            )

    await eventually(webhook_seen, seconds=15)
    async with desk.runtime.reader() as conn:
        entries = await conn.fetchval(
            "SELECT count(*) FROM ledger_entries WHERE payment_id = $1", payment["id"]
        )
    assert entries == 1
