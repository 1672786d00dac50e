"""Invoices: issued for a completed appointment (once) or by staff; adjusted by credit;
voided. Each change writes the ledger and its event in the same transaction."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from services.billing.domain import ledger
from services.billing.domain.invoices import Invoice, InvoiceLine, lines_total
from services.billing.repo import invoices as invoices_repo
from services.billing.repo import ledger as ledger_repo
from services.billing.service.access import (
    audit_staff,
    client_of,
    local_date,
    require_client,
    scope_of,
    zone_of,
)
from services.billing.service.runtime import Billing
from services.billing.settings import BillingSettings
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import InvalidInput
from shared.events.catalog import AppointmentCompleted, InvoiceIssued, InvoiceVoided
from shared.logging import get_logger
from shared.origin import Origin
from shared.runtime import Work

log = get_logger(__name__)


@dataclass(frozen=True)
class LineDraft:
    date_of_service: date
    description: str
    units: int
    unit_fee: int
    cpt_code: str | None = None
    modifier: str | None = None
    place_of_service: str | None = None


async def invoice_for_appointment(work: Work[BillingSettings], event: AppointmentCompleted) -> None:
    """The invoice of a completed session: exactly one per appointment, however many
    times the event arrives (the appointment id is unique among invoices)."""
    if event.client_id is None or event.billing.fee <= 0:
        log.info("invoice.not_billable", appointment_id=str(event.appointment_id))
        return
    if await invoices_repo.exists_for_appointment(work.conn, event.appointment_id):
        return
    zone = event.place.time_zone
    service = event.billing
    line = LineDraft(
        date_of_service=event.starts_at.astimezone(ZoneInfo(zone)).date(),
        description=service.name,
        units=1,
        unit_fee=service.fee,
        cpt_code=service.cpt_code,
        place_of_service=service.place_of_service,
    )
    await issue(
        work,
        practice_id=event.practice_id,
        client_id=event.client_id,
        clinician_id=event.clinician_id,
        currency=service.currency,
        lines=[line],
        appointment_id=event.appointment_id,
        issued_on=local_date(work.now(), zone),
        due_days=work.settings.invoice_due_days,
        at=work.now(),
    )


async def issue(
    uow: UnitOfWork,
    *,
    practice_id: UUID,
    client_id: UUID,
    currency: str,
    lines: Sequence[LineDraft],
    issued_on: date,
    due_days: int,
    at: datetime,
    clinician_id: UUID | None = None,
    appointment_id: UUID | None = None,
    created_by: UUID | None = None,
) -> Invoice | None:
    """Number, write and announce an invoice, with its charge on the ledger. None when
    the appointment was invoiced already (the number is given back with the rollback)."""
    built = tuple(
        InvoiceLine(id=uuid.uuid4(), position=i, **vars(line)) for i, line in enumerate(lines, 1)
    )
    invoice = Invoice(
        id=uuid.uuid4(),
        practice_id=practice_id,
        client_id=client_id,
        clinician_id=clinician_id,
        appointment_id=appointment_id,
        number=await invoices_repo.next_number(uow.conn, practice_id),
        issued_on=issued_on,
        due_on=issued_on + timedelta(days=due_days),
        currency=currency.lower(),
        total=lines_total(built),
        created_by=created_by,
        lines=built,
    )
    if invoice.total <= 0:
        raise InvalidInput("must add up to more than zero", field="lines")
    if not await invoices_repo.insert(uow.conn, invoice):
        return None
    await ledger_repo.append(
        uow.conn, [ledger.charge_of(invoice, at=at)], practice_id=practice_id, client_id=client_id
    )
    await uow.add_event(
        InvoiceIssued(
            practice_id=practice_id, invoice_id=invoice.id, client_id=client_id,
            number=invoice.number_text, amount=invoice.total, currency=invoice.currency,
            issued_on=invoice.issued_on, due_on=invoice.due_on,
        ),
        subject=str(invoice.id),
    )  # fmt: skip
    log.info("invoice.issued", invoice_id=str(invoice.id), practice_id=str(practice_id))
    return invoice


async def create_invoice(
    rt: Billing,
    *,
    caller: Caller,
    client_id: UUID,
    lines: Sequence[LineDraft],
    currency: str,
    clinician_id: UUID | None,
    origin: Origin,
) -> Invoice:
    async with rt.uow() as uow:
        await require_client(uow.conn, caller, client_id)
        zone = await zone_of(uow.conn, caller.practice_id)
        invoice = await issue(
            uow,
            practice_id=caller.practice_id,
            client_id=client_id,
            currency=currency,
            lines=lines,
            issued_on=local_date(rt.now(), zone),
            due_days=rt.settings.invoice_due_days,
            at=rt.now(),
            clinician_id=clinician_id or (caller.subject if caller.role == "clinician" else None),
            created_by=caller.subject,
        )
        assert invoice is not None  # only appointment invoices can exist already
        await audit_staff(
            uow.conn, origin, caller, action="invoice.created", client_id=client_id,
            detail={"invoice_id": str(invoice.id), "number": invoice.number_text},
        )  # fmt: skip
        await uow.commit()
    return invoice


async def credit_invoice(
    rt: Billing, *, caller: Caller, invoice_id: UUID, amount: int, reason: str, origin: Origin
) -> Invoice:
    """Lower what is due by a credit; the ledger says who and why."""
    async with rt.uow() as uow:
        invoice = await invoices_repo.get(uow.conn, caller.practice_id, invoice_id, lock=True)
        credited = invoice.credited_by(amount)
        await invoices_repo.save_amounts(uow.conn, credited)
        entry = ledger.credit_of(invoice, amount, at=rt.now(), reason=reason)
        await ledger_repo.append(
            uow.conn, [entry], practice_id=invoice.practice_id, client_id=invoice.client_id,
            recorded_by=caller.subject,
        )  # fmt: skip
        await audit_staff(
            uow.conn, origin, caller, action="invoice.credited", client_id=invoice.client_id,
            detail={"invoice_id": str(invoice.id), "amount": amount},
        )  # fmt: skip
        await uow.commit()
    return credited


async def void_invoice(
    rt: Billing, *, caller: Caller, invoice_id: UUID, reason: str, origin: Origin
) -> Invoice:
    async with rt.uow() as uow:
        invoice = await invoices_repo.get(uow.conn, caller.practice_id, invoice_id, lock=True)
        voided = invoice.voided(at=rt.now(), reason=reason)
        await invoices_repo.save_amounts(uow.conn, voided)
        await ledger_repo.append(
            uow.conn, [ledger.void_of(invoice, at=rt.now())], practice_id=invoice.practice_id,
            client_id=invoice.client_id, recorded_by=caller.subject,
        )  # fmt: skip
        await uow.add_event(
            InvoiceVoided(
                practice_id=invoice.practice_id, invoice_id=invoice.id,
                client_id=invoice.client_id, number=invoice.number_text,
            ),
            subject=str(invoice.id),
        )  # fmt: skip
        await audit_staff(
            uow.conn, origin, caller, action="invoice.voided", client_id=invoice.client_id,
            detail={"invoice_id": str(invoice.id)},
        )  # fmt: skip
        await uow.commit()
    return voided


async def get_invoice(rt: Billing, *, caller: Caller, invoice_id: UUID, origin: Origin) -> Invoice:
    async with rt.uow() as uow:
        invoice = await invoices_repo.get(
            uow.conn, caller.practice_id, invoice_id, client_id=scope_of(caller, None)
        )
        await audit_staff(
            uow.conn, origin, caller, action="invoice.read", client_id=invoice.client_id,
            detail={"invoice_id": str(invoice.id)},
        )  # fmt: skip
        await uow.commit()
    return invoice


async def list_invoices(
    rt: Billing,
    *,
    caller: Caller,
    client_id: UUID | None,
    status: str | None,
    limit: int,
    offset: int,
    origin: Origin,
) -> list[Invoice]:
    scope = scope_of(caller, client_id) if caller.is_staff else client_of(caller, client_id)
    async with rt.uow() as uow:
        found = await invoices_repo.list_for(
            uow.conn, caller.practice_id, client_id=scope, status=status, limit=limit,
            offset=offset,
        )  # fmt: skip
        await audit_staff(
            uow.conn, origin, caller, action="invoice.list", client_id=scope,
            detail={"count": len(found)},
        )  # fmt: skip
        await uow.commit()
    return found
