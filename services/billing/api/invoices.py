"""Invoices: a client reads their own; staff create, adjust by credit, and void."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.billing.api._routes import BASE, TAGS, pdf_response, routes
from services.billing.documents.render import invoice_pdf
from services.billing.schemas.requests import (
    CreateInvoiceRequest,
    CreditRequest,
    InvoiceListQuery,
    VoidRequest,
)
from services.billing.schemas.responses import InvoiceView
from services.billing.service import invoices
from services.billing.service.documents import people_of
from services.billing.service.invoices import LineDraft
from services.billing.service.runtime import Billing
from shared.auth import ALL_ROLES, STAFF_ROLES, Caller
from shared.origin import Origin
from shared.web import endpoint

INVOICE = BASE + "/invoices/{invoice_id}"
ID = ("invoice_id",)


@routes.post(BASE + "/invoices")
@endpoint(
    summary="Issue an invoice to a client (send an Idempotency-Key to retry safely)",
    roles=STAFF_ROLES,
    body=CreateInvoiceRequest,
    response=InvoiceView,
    status=201,
    tags=TAGS,
    idempotent=True,
)
async def create(
    request: web.Request,
    *,
    runtime: Billing,
    caller: Caller,
    body: CreateInvoiceRequest,
    origin: Origin,
) -> InvoiceView:
    lines = [
        LineDraft(
            date_of_service=line.date_of_service, description=line.description,
            units=line.units, unit_fee=line.fee, cpt_code=line.cpt_code,
            modifier=line.modifier, place_of_service=line.place_of_service,
        )
        for line in body.lines
    ]  # fmt: skip
    invoice = await invoices.create_invoice(
        runtime, caller=caller, client_id=body.client_id, lines=lines, currency=body.currency,
        clinician_id=body.clinician_id, origin=origin,
    )  # fmt: skip
    return InvoiceView.of(invoice)


@routes.get(BASE + "/invoices")
@endpoint(
    summary="Invoices, newest first: a client's own; staff a client's (client_id) or all",
    roles=ALL_ROLES,
    query=InvoiceListQuery,
    response=list[InvoiceView],
    tags=TAGS,
)
async def list_(
    request: web.Request,
    *,
    runtime: Billing,
    caller: Caller,
    query: InvoiceListQuery,
    origin: Origin,
) -> list[InvoiceView]:
    found = await invoices.list_invoices(
        runtime, caller=caller, client_id=query.client_id, status=query.status,
        limit=query.limit, offset=query.offset, origin=origin,
    )  # fmt: skip
    return [InvoiceView.of(i) for i in found]


@routes.get(INVOICE)
@endpoint(
    summary="One invoice with its lines (staff reads are audited)",
    roles=ALL_ROLES,
    path=ID,
    response=InvoiceView,
    tags=TAGS,
)
async def read(
    request: web.Request, *, runtime: Billing, caller: Caller, invoice_id: UUID, origin: Origin
) -> InvoiceView:
    invoice = await invoices.get_invoice(
        runtime, caller=caller, invoice_id=invoice_id, origin=origin
    )
    return InvoiceView.of(invoice)


@routes.get(INVOICE + "/pdf")
@endpoint(summary="The invoice as a PDF (Download PDF)", roles=ALL_ROLES, path=ID, tags=TAGS)
async def pdf(
    request: web.Request, *, runtime: Billing, caller: Caller, invoice_id: UUID, origin: Origin
) -> web.Response:
    invoice = await invoices.get_invoice(
        runtime, caller=caller, invoice_id=invoice_id, origin=origin
    )
    practice, client = await people_of(runtime, invoice.practice_id, invoice.client_id)
    document = invoice_pdf(
        invoice, practice=practice, client=client, font=runtime.settings.pdf_font
    )
    return pdf_response(document, f"invoice-{invoice.number_text}.pdf")


@routes.post(INVOICE + "/credits")
@endpoint(
    summary="Adjust an invoice by a credit (history is never edited)",
    roles=STAFF_ROLES,
    path=ID,
    body=CreditRequest,
    response=InvoiceView,
    tags=TAGS,
    idempotent=True,
)
async def credit(
    request: web.Request,
    *,
    runtime: Billing,
    caller: Caller,
    invoice_id: UUID,
    body: CreditRequest,
    origin: Origin,
) -> InvoiceView:
    invoice = await invoices.credit_invoice(
        runtime, caller=caller, invoice_id=invoice_id, amount=body.amount, reason=body.reason,
        origin=origin,
    )  # fmt: skip
    return InvoiceView.of(invoice)


@routes.post(INVOICE + "/void")
@endpoint(
    summary="Void an invoice nobody has paid or credited",
    roles=STAFF_ROLES,
    path=ID,
    body=VoidRequest,
    response=InvoiceView,
    tags=TAGS,
)
async def void(
    request: web.Request,
    *,
    runtime: Billing,
    caller: Caller,
    invoice_id: UUID,
    body: VoidRequest,
    origin: Origin,
) -> InvoiceView:
    invoice = await invoices.void_invoice(
        runtime, caller=caller, invoice_id=invoice_id, reason=body.reason, origin=origin
    )
    return InvoiceView.of(invoice)
