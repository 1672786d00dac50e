"""Monthly statements: issued for every client with activity or a balance once a month
ends in the practice's zone (a periodic job), and by staff on demand."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

from services.billing.domain.statements import (
    Period,
    month_period,
    previous_month,
    statement_content,
)
from services.billing.repo import documents as documents_repo
from services.billing.repo import ledger as ledger_repo
from services.billing.repo.documents import Statement
from services.billing.service.access import (
    audit_staff,
    client_of,
    local_date,
    require_client,
    zone_of,
)
from services.billing.service.runtime import Billing
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.events.catalog import StatementIssued
from shared.logging import get_logger
from shared.origin import Origin
from shared.runtime import Work

log = get_logger(__name__)
MAX_PER_RUN = 500  # statements one job run issues; the next run goes on


async def issue_statement(
    uow: UnitOfWork,
    *,
    practice_id: UUID,
    client_id: UUID,
    currency: str,
    period: Period,
    at: datetime,
    issued_by: UUID | None = None,
) -> Statement:
    """The client's statement of ``period`` (the one issued already, if any)."""
    existing = await documents_repo.find_statement_for(
        uow.conn, practice_id, client_id, period.start, period.end, currency
    )
    if existing is not None:
        return existing
    opening = await ledger_repo.balance_before(
        uow.conn, practice_id, client_id, currency, period.starts_at
    )
    entries = await ledger_repo.between(
        uow.conn, practice_id, client_id, period.starts_at, period.ends_at, currency=currency
    )
    content = statement_content(opening, entries, zone=period.zone)
    statement = Statement(
        id=uuid.uuid4(), practice_id=practice_id, client_id=client_id,
        period_start=period.start, period_end=period.end, currency=currency,
        opening_balance=opening, closing_balance=content["closing_balance"], content=content,
        issued_at=at, issued_by=issued_by,
    )  # fmt: skip
    await documents_repo.insert_statement(uow.conn, statement)
    await uow.add_event(
        StatementIssued(
            practice_id=practice_id, statement_id=statement.id, client_id=client_id,
            period_start=period.start, period_end=period.end,
            balance=statement.closing_balance, currency=currency,
        ),
        subject=str(statement.id),
    )  # fmt: skip
    return statement


async def statement_on_demand(
    rt: Billing, *, caller: Caller, client_id: UUID, month: str, currency: str, origin: Origin
) -> Statement:
    async with rt.uow() as uow:
        await require_client(uow.conn, caller, client_id)
        zone = await zone_of(uow.conn, caller.practice_id)
        period = month_period(month, zone, today=local_date(rt.now(), zone))
        statement = await issue_statement(
            uow, practice_id=caller.practice_id, client_id=client_id, currency=currency.lower(),
            period=period, at=rt.now(), issued_by=caller.subject,
        )  # fmt: skip
        await audit_staff(
            uow.conn, origin, caller, action="statement.issued", client_id=client_id,
            detail={"statement_id": str(statement.id), "month": month},
        )  # fmt: skip
        await uow.commit()
    return statement


async def issue_monthly(work: Work[Any]) -> None:
    """For each practice whose previous month has ended in its zone: a statement for each
    client with entries in it or a balance at its end (once: issued ones are skipped)."""
    issued, now = 0, work.now()
    for practice_id, zone in await documents_repo.practices(work.conn):
        today = local_date(now, zone)
        first = previous_month(today)
        period = month_period(first.strftime("%Y-%m"), zone, today=today)
        pairs = await ledger_repo.clients_with_activity(
            work.conn, practice_id, period.starts_at, period.ends_at
        )
        for client_id, currency in pairs:
            if issued >= MAX_PER_RUN:
                break
            statement = await issue_statement(
                work, practice_id=practice_id, client_id=client_id, currency=currency,
                period=period, at=now,
            )  # fmt: skip
            issued += statement.issued_at == now  # not one issued before
    await work.commit()
    if issued:
        log.info("statements.issued", count=issued)


async def list_statements(
    rt: Billing, *, caller: Caller, client_id: UUID | None, limit: int, offset: int, origin: Origin
) -> list[Statement]:
    scope = client_of(caller, client_id)
    async with rt.uow() as uow:
        found = await documents_repo.list_statements(
            uow.conn, caller.practice_id, client_id=scope, limit=limit, offset=offset
        )
        await audit_staff(
            uow.conn, origin, caller, action="statement.list", client_id=scope,
            detail={"count": len(found)},
        )  # fmt: skip
        await uow.commit()
    return found


async def get_statement(
    rt: Billing, *, caller: Caller, statement_id: UUID, origin: Origin
) -> Statement:
    own = caller.subject if caller.role == "client" else None
    async with rt.uow() as uow:
        statement = await documents_repo.get_statement(
            uow.conn, caller.practice_id, statement_id, client_id=own
        )
        await audit_staff(
            uow.conn, origin, caller, action="statement.read", client_id=statement.client_id,
            detail={"statement_id": str(statement.id)},
        )  # fmt: skip
        await uow.commit()
    return statement
