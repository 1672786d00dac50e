"""The Billing & Payments page: the balance at the top, the recent documents beside it,
and the account activity (sessions and payments) over a date range."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from uuid import UUID
from zoneinfo import ZoneInfo

from services.billing.domain.invoices import Invoice
from services.billing.domain.payments import Payment
from services.billing.repo import documents as documents_repo
from services.billing.repo import invoices as invoices_repo
from services.billing.repo import ledger as ledger_repo
from services.billing.repo import payments as payments_repo
from services.billing.repo.documents import Statement, Superbill
from services.billing.service.access import audit_staff, client_of, zone_of
from services.billing.service.runtime import Billing
from shared.auth import Caller
from shared.errors import InvalidInput
from shared.origin import Origin

RECENT = 5
LONGEST_RANGE = timedelta(days=3 * 366)


@dataclass(frozen=True)
class Overview:
    client_id: UUID
    time_zone: str
    balances: dict[str, int]
    invoices: list[Invoice] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    superbills: list[Superbill] = field(default_factory=list)


@dataclass(frozen=True)
class Activity:
    date: date
    kind: str  # session, payment
    description: str
    amount: int
    currency: str
    status: str
    invoice_id: UUID | None = None
    payment_id: UUID | None = None


async def overview(
    rt: Billing, *, caller: Caller, client_id: UUID | None, origin: Origin
) -> Overview:
    client = client_of(caller, client_id)
    practice = caller.practice_id
    async with rt.uow() as uow:
        zone = await zone_of(uow.conn, practice)
        balances = await ledger_repo.balances(uow.conn, practice, client)
        found = Overview(
            client_id=client,
            time_zone=zone,
            balances=balances,
            invoices=await invoices_repo.list_for(
                uow.conn, practice, client_id=client, limit=RECENT
            ),
            statements=await documents_repo.list_statements(
                uow.conn, practice, client_id=client, limit=RECENT, offset=0
            ),
            superbills=await documents_repo.list_superbills(
                uow.conn, practice, client_id=client, limit=RECENT, offset=0
            ),
        )
        await audit_staff(uow.conn, origin, caller, action="billing.read", client_id=client)
        await uow.commit()
    return found


async def activity(
    rt: Billing,
    *,
    caller: Caller,
    client_id: UUID | None,
    start: date,
    end: date,
    origin: Origin,
) -> list[Activity]:
    """Sessions (by date of service) and payments (by the day they went through, in the
    practice's zone) from ``start`` to ``end`` inclusive, newest first."""
    if end < start:
        raise InvalidInput("must not be before the start date", field="end")
    if end - start > LONGEST_RANGE:
        raise InvalidInput("choose a range of three years at most", field="start")
    client = client_of(caller, client_id)
    async with rt.uow() as uow:
        zone = await zone_of(uow.conn, caller.practice_id)
        lines = await invoices_repo.lines_between(uow.conn, caller.practice_id, client, start, end)
        paid = await payments_repo.succeeded_between(
            uow.conn,
            caller.practice_id,
            client,
            _start_of(start, zone),
            _start_of(end + timedelta(days=1), zone),
        )
        await audit_staff(
            uow.conn, origin, caller, action="billing.activity_read", client_id=client,
            detail={"start": start.isoformat(), "end": end.isoformat()},
        )  # fmt: skip
        await uow.commit()
    items = [_session(line) for line in lines]
    items += [_payment(p, zone) for p in paid]
    return sorted(items, key=lambda a: (a.date, a.kind), reverse=True)


def _session(line: dict[str, object]) -> Activity:
    total, paid, credited = int(line["total"]), int(line["paid"]), int(line["credited"])  # type: ignore[call-overload]
    return Activity(
        date=line["date_of_service"],  # type: ignore[arg-type]
        kind="session",
        description=str(line["description"]),
        amount=int(line["amount"]),  # type: ignore[call-overload]
        currency=str(line["currency"]),
        status="paid" if paid + credited >= total else "due",
        invoice_id=line["invoice_id"],  # type: ignore[arg-type]
    )


def _payment(payment: Payment, zone: str) -> Activity:
    card = f"{(payment.card_brand or 'card').title()} ending {payment.card_last4}"
    return Activity(
        date=_day(payment.settled_at or payment.created_at, zone),
        kind="payment",
        description=f"Payment, {card}",
        amount=payment.amount,
        currency=payment.currency,
        status="paid",
        payment_id=payment.id,
    )


def _start_of(day: date, zone: str) -> datetime:
    return datetime.combine(day, time(0), ZoneInfo(zone))


def _day(at: datetime, zone: str) -> date:
    return at.astimezone(ZoneInfo(zone)).date()


def default_range(today: date) -> tuple[date, date]:
    """Three months back to today: "your most recent sessions and payments"."""
    return today - timedelta(days=90), today
