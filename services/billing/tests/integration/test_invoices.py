"""Invoices: one per completed appointment, numbered per practice without gaps, made,
credited and voided by staff, each change on the ledger and announced."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import date

import aio_pika

from services.billing.tests.conftest import Desk, Tenant
from shared.events.envelope import EXCHANGE, envelope_for
from shared.events.routing import routing_key_of
from shared.testing import eventually

INVOICES = "/api/v1/billing/invoices"


def line(fee: int = 15000, **extra: object) -> dict[str, object]:
    return {
        "date_of_service": "2026-11-20",
        "description": "Psychotherapy, 53 minutes",
        "fee": fee,
        "cpt_code": "90837",
        "place_of_service": "11",
        **extra,
    }


async def create(desk: Desk, tenant: Tenant, *, expect: int = 201, **body: object) -> dict:
    payload = {"client_id": str(tenant.client.id), "lines": [line()]} | body
    _, invoice = await desk.send("POST", INVOICES, tenant.clinician.headers, payload, expect=expect)
    return dict(invoice)


async def test_a_completed_appointment_is_invoiced_once_however_often_the_event_arrives(
    desk: Desk, amqp_url: str
) -> None:
    tenant = await desk.tenant()
    event = desk.completed(tenant, fee=17500)
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.get_exchange(EXCHANGE)
        for _ in range(3):  # three deliveries, each with an envelope id of its own
            envelope = envelope_for(event, source="scheduling", subject=str(event.appointment_id))
            message = aio_pika.Message(
                body=json.dumps(envelope).encode(),
                message_id=envelope["id"],
                delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
                content_type="application/json",
            )
            await exchange.publish(message, routing_key=routing_key_of(envelope))

    async def invoiced() -> bool:
        return bool(await desk.events("invoice.issued", client_id=tenant.client.id))

    await eventually(invoiced)
    await asyncio.sleep(1)  # the other two deliveries are handled meanwhile
    [invoice] = await desk.get(INVOICES, tenant.client.headers)
    assert (invoice["total"], invoice["status"], invoice["number"]) == (17500, "due", "0001")
    opened = await desk.get(f"{INVOICES}/{invoice['id']}", tenant.client.headers)
    [line_] = opened["lines"]
    assert (line_["cpt_code"], line_["place_of_service"]) == ("90837", "11")
    [issued] = await desk.events("invoice.issued", client_id=tenant.client.id)
    assert issued == {
        "practice_id": str(tenant.practice_id),
        "invoice_id": invoice["id"],
        "client_id": str(tenant.client.id),
        "number": "0001",
        "amount": 17500,
        "currency": "usd",
        "issued_on": invoice["issued_on"],
        "due_on": invoice["due_on"],
    }


async def test_invoice_numbers_run_per_practice_without_gaps(desk: Desk) -> None:
    tenant, other = await desk.tenant(), await desk.tenant()
    await create(desk, tenant, client_id=str(uuid.uuid4()), expect=404)  # takes no number
    made = await asyncio.gather(*(create(desk, tenant) for _ in range(6)))
    assert sorted(i["number"] for i in made) == ["0001", "0002", "0003", "0004", "0005", "0006"]
    assert (await create(desk, other))["number"] == "0001"


async def test_staff_make_an_invoice_of_several_lines(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await create(
        desk, tenant, lines=[line(), line(fee=5000, units=2, cpt_code="90785", modifier="95")]
    )
    assert (invoice["total"], invoice["amount_due"], invoice["clinician_id"]) == (
        25000,
        25000,
        str(tenant.clinician.id),
    )
    assert [ln["amount"] for ln in invoice["lines"]] == [15000, 10000]


async def test_bad_invoices_are_refused_naming_the_field_and_nothing_is_made(desk: Desk) -> None:
    tenant = await desk.tenant()
    cases = [
        ({"lines": []}, "lines"),
        ({"lines": [line(fee=-1)]}, "lines.0.fee"),
        ({"lines": [line(cpt_code="<b>")]}, "lines.0.cpt_code"),
        ({"lines": [line(fee=0)]}, "lines"),
        ({"currency": "dollars"}, "currency"),
        ({"lines": [line(date_of_service="yesterday")]}, "lines.0.date_of_service"),
        ({"surprise": 1}, "surprise"),
    ]
    for body, field in cases:
        problem = await create(desk, tenant, expect=422, **body)
        assert field in [e["field"] for e in problem["errors"]], (body, problem)
    assert await desk.get(INVOICES, tenant.client.headers) == []


async def test_a_credit_lowers_what_is_due_and_never_edits_the_invoice(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await create(desk, tenant)
    path = f"{INVOICES}/{invoice['id']}/credits"
    _, credited = await desk.send(
        "POST", path, tenant.admin.headers, {"amount": 5000, "reason": "Sliding scale"}, expect=200
    )
    assert (credited["total"], credited["credited"], credited["amount_due"]) == (15000, 5000, 10000)
    _, problem = await desk.send(
        "POST", path, tenant.admin.headers, {"amount": 10001, "reason": "Too much"}, expect=422
    )
    assert problem["errors"][0]["field"] == "amount"
    _, paid = await desk.send(
        "POST", path, tenant.admin.headers, {"amount": 10000, "reason": "Waived"}, expect=200
    )
    assert paid["status"] == "paid"
    overview = await desk.get("/api/v1/billing/overview", tenant.client.headers)
    assert overview["balance"] == 0


async def test_voiding_takes_an_unpaid_invoice_off_the_balance(desk: Desk) -> None:
    tenant = await desk.tenant()
    keep, drop = await create(desk, tenant), await create(desk, tenant, lines=[line(fee=9000)])
    _, voided = await desk.send(
        "POST",
        f"{INVOICES}/{drop['id']}/void",
        tenant.admin.headers,
        {"reason": "Entered twice"},
        expect=200,
    )
    assert (voided["status"], voided["amount_due"], voided["void_reason"]) == (
        "void",
        0,
        "Entered twice",
    )
    overview = await desk.get("/api/v1/billing/overview", tenant.client.headers)
    assert overview["balance"] == keep["total"]
    assert await desk.events("invoice.voided", invoice_id=drop["id"]) == [
        {
            "practice_id": str(tenant.practice_id),
            "invoice_id": drop["id"],
            "client_id": str(tenant.client.id),
            "number": drop["number"],
        }
    ]
    await desk.send(
        "POST",
        f"{INVOICES}/{drop['id']}/void",
        tenant.admin.headers,
        {"reason": "Again"},
        expect=409,
    )


async def test_an_invoice_with_money_on_it_is_adjusted_by_credit_not_voided(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await create(desk, tenant)
    await desk.send(
        "POST",
        f"{INVOICES}/{invoice['id']}/credits",
        tenant.admin.headers,
        {"amount": 100, "reason": "Goodwill"},
        expect=200,
    )
    _, problem = await desk.send(
        "POST",
        f"{INVOICES}/{invoice['id']}/void",
        tenant.admin.headers,
        {"reason": "No"},
        expect=409,
    )
    assert "credit" in problem["detail"]


async def test_staff_reads_of_a_clients_invoices_are_audited(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await create(desk, tenant)
    await desk.get(f"{INVOICES}/{invoice['id']}", tenant.admin.headers)
    async with desk.runtime.reader() as conn:
        rows = await conn.fetch(
            "SELECT envelope->'data' AS d FROM outbox WHERE type = 'audit.recorded'"
            " AND envelope->'data'->>'client_id' = $1",
            str(tenant.client.id),
        )
    actions = [r["d"]["action"] for r in rows]
    assert "invoice.read" in actions and "invoice.created" in actions
    assert all(r["d"]["actor_id"] in (str(tenant.admin.id), str(tenant.clinician.id)) for r in rows)


async def test_the_client_and_date_filters_of_lists_hold(desk: Desk) -> None:
    tenant = await desk.tenant()
    await create(desk, tenant)
    await create(desk, tenant, client_id=str(tenant.other_client.id))
    mine = await desk.get(INVOICES, tenant.client.headers)
    assert {i["client_id"] for i in mine} == {str(tenant.client.id)}
    practice_wide = await desk.get(INVOICES, tenant.admin.headers)
    assert len(practice_wide) == 2
    due = await desk.get(f"{INVOICES}?status=paid", tenant.admin.headers)
    assert due == []
    activity = await desk.get(
        f"/api/v1/billing/activity?start=2026-11-01&end={date.today().isoformat()}",
        tenant.client.headers,
    )
    assert [(a["kind"], a["amount"]) for a in activity] == [("session", 15000)]
