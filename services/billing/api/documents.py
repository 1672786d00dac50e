"""Statements and superbills: listed (View All), opened, downloaded as PDFs; staff issue
them (statements also come monthly on their own)."""

from __future__ import annotations

from uuid import UUID

from aiohttp import web

from services.billing.api._routes import BASE, TAGS, pdf_response, routes
from services.billing.documents.render import statement_pdf, superbill_pdf
from services.billing.schemas.requests import PageQuery, StatementRequest, SuperbillRequest
from services.billing.schemas.responses import (
    StatementSummary,
    StatementView,
    SuperbillSummary,
    SuperbillView,
)
from services.billing.service import statements, superbills
from services.billing.service.documents import people_of
from services.billing.service.runtime import Billing
from shared.auth import ALL_ROLES, STAFF_ROLES, Caller
from shared.origin import Origin
from shared.web import endpoint

STATEMENT = BASE + "/statements/{statement_id}"
SUPERBILL = BASE + "/superbills/{superbill_id}"


@routes.post(BASE + "/statements")
@endpoint(
    summary="Issue a client's statement of a month now (the month so far, if current)",
    roles=STAFF_ROLES,
    body=StatementRequest,
    response=StatementView,
    status=201,
    tags=TAGS,
)
async def issue_statement(
    request: web.Request,
    *,
    runtime: Billing,
    caller: Caller,
    body: StatementRequest,
    origin: Origin,
) -> StatementView:
    statement = await statements.statement_on_demand(
        runtime, caller=caller, client_id=body.client_id, month=body.month,
        currency=body.currency, origin=origin,
    )  # fmt: skip
    return StatementView.full(statement)


@routes.get(BASE + "/statements")
@endpoint(
    summary="Statements, newest first (a client's own; staff name the client)",
    roles=ALL_ROLES,
    query=PageQuery,
    response=list[StatementSummary],
    tags=TAGS,
)
async def list_statements(
    request: web.Request, *, runtime: Billing, caller: Caller, query: PageQuery, origin: Origin
) -> list[StatementSummary]:
    found = await statements.list_statements(
        runtime, caller=caller, client_id=query.client_id, limit=query.limit,
        offset=query.offset, origin=origin,
    )  # fmt: skip
    return [StatementSummary.of(s) for s in found]


@routes.get(STATEMENT)
@endpoint(
    summary="One statement", roles=ALL_ROLES, path=("statement_id",), response=StatementView,
    tags=TAGS,
)  # fmt: skip
async def read_statement(
    request: web.Request, *, runtime: Billing, caller: Caller, statement_id: UUID, origin: Origin
) -> StatementView:
    statement = await statements.get_statement(
        runtime, caller=caller, statement_id=statement_id, origin=origin
    )
    return StatementView.full(statement)


@routes.get(STATEMENT + "/pdf")
@endpoint(summary="A statement as a PDF", roles=ALL_ROLES, path=("statement_id",), tags=TAGS)
async def statement_as_pdf(
    request: web.Request, *, runtime: Billing, caller: Caller, statement_id: UUID, origin: Origin
) -> web.Response:
    statement = await statements.get_statement(
        runtime, caller=caller, statement_id=statement_id, origin=origin
    )
    practice, client = await people_of(runtime, statement.practice_id, statement.client_id)
    document = statement_pdf(
        statement, practice=practice, client=client, font=runtime.settings.pdf_font
    )
    return pdf_response(document, f"statement-{statement.period_start:%Y-%m}.pdf")


@routes.post(BASE + "/superbills")
@endpoint(
    summary="Issue a superbill for a period (refused with the list of what is missing)",
    roles=STAFF_ROLES,
    body=SuperbillRequest,
    response=SuperbillView,
    status=201,
    tags=TAGS,
)
async def issue_superbill(
    request: web.Request,
    *,
    runtime: Billing,
    caller: Caller,
    body: SuperbillRequest,
    origin: Origin,
) -> SuperbillView:
    superbill, content = await superbills.issue_superbill(
        runtime, caller=caller, client_id=body.client_id, start=body.period_start,
        end=body.period_end, origin=origin,
    )  # fmt: skip
    return SuperbillView.full(superbill, content)


@routes.get(BASE + "/superbills")
@endpoint(
    summary="Superbills, newest first (a client's own; staff name the client)",
    roles=ALL_ROLES,
    query=PageQuery,
    response=list[SuperbillSummary],
    tags=TAGS,
)
async def list_superbills(
    request: web.Request, *, runtime: Billing, caller: Caller, query: PageQuery, origin: Origin
) -> list[SuperbillSummary]:
    found = await superbills.list_superbills(
        runtime, caller=caller, client_id=query.client_id, limit=query.limit,
        offset=query.offset, origin=origin,
    )  # fmt: skip
    return [SuperbillSummary.of(s) for s in found]


@routes.get(SUPERBILL)
@endpoint(
    summary="One superbill", roles=ALL_ROLES, path=("superbill_id",), response=SuperbillView,
    tags=TAGS,
)  # fmt: skip
async def read_superbill(
    request: web.Request, *, runtime: Billing, caller: Caller, superbill_id: UUID, origin: Origin
) -> SuperbillView:
    superbill, content = await superbills.get_superbill(
        runtime, caller=caller, superbill_id=superbill_id, origin=origin
    )
    return SuperbillView.full(superbill, content)


@routes.get(SUPERBILL + "/pdf")
@endpoint(summary="A superbill as a PDF", roles=ALL_ROLES, path=("superbill_id",), tags=TAGS)
async def superbill_as_pdf(
    request: web.Request, *, runtime: Billing, caller: Caller, superbill_id: UUID, origin: Origin
) -> web.Response:
    superbill, content = await superbills.get_superbill(
        runtime, caller=caller, superbill_id=superbill_id, origin=origin
    )
    document = superbill_pdf(
        content, font=runtime.settings.pdf_font, issued_on=superbill.issued_at.date()
    )
    return pdf_response(document, f"superbill-{superbill.period_start:%Y-%m-%d}.pdf")
