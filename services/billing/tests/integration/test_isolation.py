"""A client never reaches another client's billing; staff never another practice's."""

from __future__ import annotations

import uuid

from services.billing.tests.conftest import Desk

B = "/api/v1/billing"


async def test_a_client_cannot_see_or_pay_another_clients_invoices(desk: Desk) -> None:
    tenant = await desk.tenant()
    theirs = await desk.session_invoiced(tenant, client=tenant.other_client)
    me = tenant.client
    await desk.get(f"{B}/invoices/{theirs['id']}", me.headers, expect=404)
    async with desk.http.get(f"{B}/invoices/{theirs['id']}/pdf", headers=me.headers) as response:
        assert response.status == 404
    assert await desk.get(f"{B}/invoices", me.headers) == []
    await desk.get(f"{B}/invoices?client_id={tenant.other_client.id}", me.headers, expect=404)
    await desk.get(f"{B}/overview?client_id={tenant.other_client.id}", me.headers, expect=404)
    await desk.get(f"{B}/activity?client_id={tenant.other_client.id}", me.headers, expect=404)
    setup = await desk.confirm_card(me)
    status, problem = await desk.pay(
        me, amount=theirs["total"], invoice_ids=[theirs["id"]], setup_intent_id=setup
    )
    assert status == 422 and problem["errors"][0]["field"] == "invoice_ids"
    after = await desk.get(f"{B}/invoices/{theirs['id']}", tenant.other_client.headers)
    assert after["status"] == "due"


async def test_a_client_cannot_use_another_clients_card_or_setup(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await desk.session_invoiced(tenant, client=tenant.other_client)
    setup = await desk.confirm_card(tenant.other_client)
    await desk.pay(
        tenant.other_client,
        amount=invoice["total"],
        setup_intent_id=setup,
        remember_card=True,
        expect=201,
    )
    [card] = await desk.get(f"{B}/cards", tenant.other_client.headers)
    mine = await desk.session_invoiced(tenant)
    status, _ = await desk.pay(tenant.client, amount=mine["total"], saved_card_id=card["id"])
    assert status == 404
    status, problem = await desk.pay(tenant.client, amount=mine["total"], setup_intent_id=setup)
    assert status == 422 and problem["errors"][0]["field"] == "setup_intent_id"
    await desk.send("DELETE", f"{B}/cards/{card['id']}", tenant.client.headers, expect=404)
    assert len(await desk.get(f"{B}/cards", tenant.other_client.headers)) == 1
    assert (await desk.get(f"{B}/invoices/{mine['id']}", tenant.client.headers))["status"] == "due"


async def test_staff_of_another_practice_reach_nothing(desk: Desk) -> None:
    tenant, stranger = await desk.tenant(), await desk.tenant()
    invoice = await desk.session_invoiced(tenant)
    outsider = stranger.admin.headers
    await desk.get(f"{B}/invoices/{invoice['id']}", outsider, expect=404)
    await desk.send(
        "POST",
        f"{B}/invoices/{invoice['id']}/credits",
        outsider,
        {"amount": 100, "reason": "x"},
        expect=404,
    )
    await desk.send(
        "POST", f"{B}/invoices/{invoice['id']}/void", outsider, {"reason": "x"}, expect=404
    )
    assert await desk.get(f"{B}/invoices?client_id={tenant.client.id}", outsider) == []
    overview = await desk.get(f"{B}/overview?client_id={tenant.client.id}", outsider)
    assert (overview["balance"], overview["invoices"]) == (0, [])
    await desk.get(f"{B}/clients/{tenant.client.id}/insurance", outsider, expect=404)
    await desk.send(
        "POST",
        f"{B}/invoices",
        outsider,
        {
            "client_id": str(tenant.client.id),
            "lines": [{"date_of_service": "2026-11-02", "description": "x", "fee": 100}],
        },
        expect=404,
    )
    await desk.send(
        "POST",
        f"{B}/statements",
        outsider,
        {"client_id": str(tenant.client.id), "month": "2026-11"},
        expect=404,
    )
    await desk.get(f"{B}/providers/{tenant.clinician.id}", outsider, expect=404)
    assert (await desk.get(f"{B}/invoices/{invoice['id']}", tenant.client.headers))[
        "status"
    ] == "due"


async def test_clients_cannot_do_what_only_staff_do(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await desk.session_invoiced(tenant)
    me = tenant.client.headers
    await desk.send(
        "POST",
        f"{B}/invoices/{invoice['id']}/credits",
        me,
        {"amount": 15000, "reason": "Free"},
        expect=403,
    )
    await desk.send("POST", f"{B}/invoices/{invoice['id']}/void", me, {"reason": "No"}, expect=403)
    await desk.get(f"{B}/clients/{tenant.client.id}/insurance", me, expect=403)
    await desk.send(
        "POST",
        f"{B}/superbills",
        me,
        {
            "client_id": str(tenant.client.id),
            "period_start": "2026-11-01",
            "period_end": "2026-11-30",
        },
        expect=403,
    )


async def test_staff_cannot_pay_for_a_client_nor_anyone_without_a_token(desk: Desk) -> None:
    tenant = await desk.tenant()
    await desk.session_invoiced(tenant)
    status, _ = await desk.pay(tenant.admin, amount=15000, setup_intent_id="seti_x")
    assert status == 403
    status, _ = await desk.send("GET", f"{B}/overview", {})
    assert status == 401
    status, _ = await desk.send("GET", f"{B}/invoices/{uuid.uuid4()}", tenant.client.headers)
    assert status == 404
