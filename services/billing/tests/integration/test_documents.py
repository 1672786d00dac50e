"""Statements and superbills: issued, listed (View All), opened, and downloaded as PDFs
that hold their key figures."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from pypdf import PdfReader

from services.billing.service.statements import issue_monthly
from services.billing.tests.conftest import Desk, Tenant
from shared.testing import FrozenClock

B = "/api/v1/billing"


async def pdf_text(desk: Desk, path: str, headers: dict[str, str]) -> str:
    async with desk.http.get(path, headers=headers) as response:
        assert response.status == 200, await response.text()
        assert response.content_type == "application/pdf"
        assert "attachment" in response.headers["Content-Disposition"]
        data = await response.read()
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


async def insurance(desk: Desk, tenant: Tenant, **body: object) -> None:
    payload = {
        "member_id": "XJH123456789",
        "diagnoses": [{"code": "f41.1", "description": "Generalized anxiety disorder"}],
    }
    await desk.send(
        "PUT",
        f"{B}/clients/{tenant.client.id}/insurance",
        tenant.clinician.headers,
        payload | body,
        expect=200,
    )
    await desk.send(
        "PUT",
        f"{B}/providers/{tenant.clinician.id}",
        tenant.clinician.headers,
        {
            "credentials": "PhD, LP",
            "npi": "1234567893",
            "license": "PSY-4321",
            "tax_id": "12-3456789",
        },
        expect=200,
    )


async def test_an_invoice_pdf_has_the_practice_header_and_its_figures(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await desk.session_invoiced(tenant, fee=17500)
    text = await pdf_text(desk, f"{B}/invoices/{invoice['id']}/pdf", tenant.client.headers)
    for figure in (
        "Harbor Counseling",
        "12 Main St",
        "INVOICE",
        f"Invoice {invoice['number']}",
        "Psychotherapy, 53 minutes",
        "90837",
        "$175.00",
        "Amount due",
        "Jordan Nguy",
    ):
        assert figure in text, (figure, text)


async def test_a_statement_of_a_month_shows_opening_payments_and_closing(desk: Desk) -> None:
    tenant = await desk.tenant()
    await desk.session_invoiced(tenant)
    setup = await desk.confirm_card(tenant.client)
    await desk.pay(tenant.client, amount=15000, setup_intent_id=setup, expect=201)
    await desk.session_invoiced(tenant, fee=12000)
    month = datetime.now(ZoneInfo("America/New_York")).strftime("%Y-%m")  # the practice's
    _, statement = await desk.send(
        "POST",
        f"{B}/statements",
        tenant.admin.headers,
        {"client_id": str(tenant.client.id), "month": month},
        expect=201,
    )
    assert (statement["opening_balance"], statement["closing_balance"]) == (0, 12000)
    assert (statement["charges"], statement["payments"]) == (27000, 15000)
    assert [line["kind"] for line in statement["lines"]] == ["charge", "payment", "charge"]
    [listed] = await desk.get(f"{B}/statements", tenant.client.headers)
    assert listed["id"] == statement["id"]
    assert await desk.events("statement.issued", statement_id=statement["id"]) == [
        {
            "practice_id": str(tenant.practice_id),
            "statement_id": statement["id"],
            "client_id": str(tenant.client.id),
            "period_start": statement["period_start"],
            "period_end": statement["period_end"],
            "balance": 12000,
            "currency": "usd",
        }
    ]
    text = await pdf_text(desk, f"{B}/statements/{statement['id']}/pdf", tenant.client.headers)
    for figure in (
        "STATEMENT",
        "Opening balance",
        "$150.00",
        "-$150.00",
        "$120.00",
        "Closing balance",
        "Harbor Counseling",
    ):
        assert figure in text, (figure, text)


async def test_a_month_that_has_not_begun_is_refused(desk: Desk) -> None:
    tenant = await desk.tenant()
    _, problem = await desk.send(
        "POST",
        f"{B}/statements",
        tenant.admin.headers,
        {"client_id": str(tenant.client.id), "month": "2999-01"},
        expect=422,
    )
    assert problem["errors"][0]["field"] == "month"
    _, problem = await desk.send(
        "POST",
        f"{B}/statements",
        tenant.admin.headers,
        {"client_id": str(tenant.client.id), "month": "2026-13"},
        expect=422,
    )


async def test_last_months_statements_are_issued_on_schedule_once(desk: Desk) -> None:
    tenant = await desk.tenant()
    await desk.session_invoiced(tenant)
    clock = desk.runtime.clock
    desk.runtime.clock = FrozenClock(datetime.now(UTC) + timedelta(days=40))
    try:
        for _ in range(2):
            async with desk.runtime.uow() as work:
                await issue_monthly(work)
    finally:
        desk.runtime.clock = clock
    mine = await desk.get(f"{B}/statements", tenant.client.headers)
    assert len(mine) == 1
    assert mine[0]["closing_balance"] == 15000
    assert date.fromisoformat(mine[0]["period_start"]).day == 1


async def test_a_superbill_carries_everything_an_insurer_needs(desk: Desk) -> None:
    tenant = await desk.tenant()
    invoice = await desk.session_invoiced(tenant)
    await insurance(desk, tenant)
    today = date.today()
    _, superbill = await desk.send(
        "POST",
        f"{B}/superbills",
        tenant.clinician.headers,
        {
            "client_id": str(tenant.client.id),
            "period_start": (today - timedelta(days=30)).isoformat(),
            "period_end": today.isoformat(),
        },
        expect=201,
    )
    assert superbill["provider"] == {
        "name": "Casey Clinician",
        "credentials": "PhD, LP",
        "npi": "1234567893",
        "tax_id": "12-3456789",
        "license": "PSY-4321",
    }
    assert superbill["diagnoses"] == [
        {"pointer": "A", "code": "F41.1", "description": "Generalized anxiety disorder"}
    ]
    [line] = superbill["lines"]
    assert (
        line["cpt_code"],
        line["place_of_service"],
        line["units"],
        line["fee"],
        line["pointers"],
    ) == ("90837", "11", 1, 15000, "A")
    assert superbill["client"]["member_id"] == "XJH123456789"
    [listed] = await desk.get(f"{B}/superbills", tenant.client.headers)
    assert listed["id"] == superbill["id"]
    text = await pdf_text(desk, f"{B}/superbills/{superbill['id']}/pdf", tenant.client.headers)
    for figure in (
        "SUPERBILL",
        "1234567893",
        "12-3456789",
        "PSY-4321",
        "F41.1",
        "90837",
        "XJH123456789",
        "Apr 12, 1990",
        "$150.00",
        "Amount paid",
        "12 Main St",
    ):
        assert figure in text, (figure, text)
    assert invoice["id"]
    async with desk.runtime.reader() as conn:
        sealed = await conn.fetchval(
            "SELECT content FROM superbills WHERE id = $1", superbill["id"]
        )
        codes = await conn.fetchval(
            "SELECT code FROM client_diagnoses WHERE client_id = $1", tenant.client.id
        )
    assert b"F41.1" not in bytes(sealed) and b"F41" not in bytes(codes)


async def test_a_superbill_missing_fields_is_refused_with_the_list(desk: Desk) -> None:
    tenant = await desk.tenant(address=None, npi=None, tax_id=None, license=None)
    await desk.session_invoiced(tenant)
    today = date.today()
    _, problem = await desk.send(
        "POST",
        f"{B}/superbills",
        tenant.clinician.headers,
        {
            "client_id": str(tenant.client.id),
            "period_start": (today - timedelta(days=30)).isoformat(),
            "period_end": today.isoformat(),
        },
        expect=422,
    )
    fields = {e["field"] for e in problem["errors"]}
    assert fields == {
        "provider.credentials",
        "provider.npi",
        "provider.tax_id",
        "provider.license",
        "practice.address",
        "client.member_id",
        "diagnoses",
    }
    assert await desk.get(f"{B}/superbills", tenant.client.headers) == []


async def test_bad_insurance_details_are_refused_naming_the_field(desk: Desk) -> None:
    tenant = await desk.tenant()
    path = f"{B}/clients/{tenant.client.id}/insurance"
    for body, field in (
        ({"diagnoses": [{"code": "anxiety"}]}, "diagnoses.0.code"),
        ({"member_id": "<script>"}, "member_id"),
        ({"diagnoses": [{"code": "F41.1"}] * 13}, "diagnoses"),
    ):
        _, problem = await desk.send("PUT", path, tenant.clinician.headers, body, expect=422)
        assert problem["errors"][0]["field"] == field
    _, problem = await desk.send(
        "PUT",
        f"{B}/providers/{tenant.clinician.id}",
        tenant.clinician.headers,
        {"npi": "1234567890"},
        expect=422,
    )
    assert problem["errors"][0]["field"] == "npi"
    found = await desk.get(path, tenant.clinician.headers)
    assert (found["member_id"], found["diagnoses"]) == (None, [])


async def test_a_clinician_cannot_change_another_clinicians_details(desk: Desk) -> None:
    tenant = await desk.tenant()
    other = await desk.staff(tenant.practice_id, "clinician")
    await desk.send(
        "PUT",
        f"{B}/providers/{other.id}",
        tenant.clinician.headers,
        {"credentials": "MD"},
        expect=403,
    )
    await desk.send(
        "PUT",
        f"{B}/providers/{other.id}",
        tenant.admin.headers,
        {"credentials": "LCSW"},
        expect=200,
    )
