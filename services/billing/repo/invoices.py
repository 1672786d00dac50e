"""Invoices and their lines over one connection. Every query names the practice; a
client's queries name the client too."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from services.billing.domain.invoices import Invoice, InvoiceLine
from shared.db import Connection
from shared.errors import NotFound

NOT_FOUND = "No such invoice."
_COLUMNS = (
    "id, practice_id, client_id, clinician_id, number, appointment_id, issued_on, due_on,"
    " currency, total, paid, credited, voided_at, void_reason, created_by"
)


async def next_number(conn: Connection, practice_id: UUID) -> int:
    """The practice's next invoice number. The counter row stays locked until the
    invoice's transaction ends: a rollback gives the number back, so none is skipped."""
    number = await conn.fetchval(
        """
        INSERT INTO invoice_counters (practice_id, last_number) VALUES ($1, 1)
        ON CONFLICT (practice_id) DO UPDATE SET last_number = invoice_counters.last_number + 1
        RETURNING last_number
        """,
        practice_id,
    )
    return int(number)


async def insert(conn: Connection, invoice: Invoice) -> bool:
    """False when an invoice for the same appointment exists already (nothing written)."""
    inserted = await conn.fetchval(
        f"""
        INSERT INTO invoices ({_COLUMNS})
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
        ON CONFLICT (appointment_id) DO NOTHING
        RETURNING true
        """,
        invoice.id, invoice.practice_id, invoice.client_id, invoice.clinician_id,
        invoice.number, invoice.appointment_id, invoice.issued_on, invoice.due_on,
        invoice.currency, invoice.total, invoice.paid, invoice.credited, invoice.voided_at,
        invoice.void_reason, invoice.created_by,
    )  # fmt: skip
    if not inserted:
        return False
    await conn.executemany(
        """
        INSERT INTO invoice_lines (id, invoice_id, position, date_of_service, description,
            cpt_code, modifier, place_of_service, units, unit_fee, amount)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """,
        [
            (line.id, invoice.id, line.position, line.date_of_service, line.description,
             line.cpt_code, line.modifier, line.place_of_service, line.units, line.unit_fee,
             line.amount)
            for line in invoice.lines
        ],
    )  # fmt: skip
    return True


async def exists_for_appointment(conn: Connection, appointment_id: UUID) -> bool:
    found = await conn.fetchval("SELECT 1 FROM invoices WHERE appointment_id = $1", appointment_id)
    return bool(found)


async def get(
    conn: Connection,
    practice_id: UUID,
    invoice_id: UUID,
    *,
    client_id: UUID | None = None,
    lock: bool = False,
) -> Invoice:
    """The invoice of the practice (and of ``client_id`` when given), with its lines."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM invoices WHERE practice_id = $1 AND id = $2"
        " AND ($3::uuid IS NULL OR client_id = $3)" + (" FOR UPDATE" if lock else ""),
        practice_id,
        invoice_id,
        client_id,
    )
    if row is None:
        raise NotFound(NOT_FOUND)
    lines = await conn.fetch(
        "SELECT * FROM invoice_lines WHERE invoice_id = $1 ORDER BY position", invoice_id
    )
    return _invoice(row, lines)


async def list_for(
    conn: Connection,
    practice_id: UUID,
    *,
    client_id: UUID | None,
    status: str | None = None,
    limit: int = 25,
    offset: int = 0,
) -> list[Invoice]:
    """Newest first, without lines; ``status`` due/paid/void narrows."""
    rows = await conn.fetch(
        f"""
        SELECT {_COLUMNS} FROM invoices
        WHERE practice_id = $1 AND ($2::uuid IS NULL OR client_id = $2)
          AND ($3::text IS NULL
               OR ($3 = 'void' AND voided_at IS NOT NULL)
               OR ($3 = 'paid' AND voided_at IS NULL AND paid + credited = total)
               OR ($3 = 'due' AND voided_at IS NULL AND paid + credited < total))
        ORDER BY issued_on DESC, number DESC LIMIT $4 OFFSET $5
        """,
        practice_id,
        client_id,
        status,
        limit,
        offset,
    )
    return [_invoice(r, []) for r in rows]


async def open_for_client(
    conn: Connection, practice_id: UUID, client_id: UUID, *, lock: bool = False
) -> list[Invoice]:
    """The client's invoices with something still due, oldest first."""
    rows = await conn.fetch(
        f"""
        SELECT {_COLUMNS} FROM invoices
        WHERE practice_id = $1 AND client_id = $2 AND voided_at IS NULL
          AND paid + credited < total
        ORDER BY issued_on, number
        """
        + (" FOR UPDATE" if lock else ""),
        practice_id,
        client_id,
    )
    return [_invoice(r, []) for r in rows]


async def save_amounts(conn: Connection, invoice: Invoice) -> None:
    await conn.execute(
        "UPDATE invoices SET paid = $2, credited = $3, voided_at = $4, void_reason = $5"
        " WHERE id = $1",
        invoice.id,
        invoice.paid,
        invoice.credited,
        invoice.voided_at,
        invoice.void_reason,
    )


async def lines_between(
    conn: Connection, practice_id: UUID, client_id: UUID, start: date, end: date
) -> list[dict[str, Any]]:
    """Lines of the client's invoices (not voided) whose date of service is in [start,
    end], with their invoice's currency, clinician and what was paid and credited on it."""
    rows = await conn.fetch(
        """
        SELECT l.*, i.currency, i.clinician_id, i.total, i.paid, i.credited, i.number
        FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id
        WHERE i.practice_id = $1 AND i.client_id = $2 AND i.voided_at IS NULL
          AND l.date_of_service BETWEEN $3 AND $4
        ORDER BY l.date_of_service, i.number, l.position
        """,
        practice_id,
        client_id,
        start,
        end,
    )
    return [dict(r) for r in rows]


def _invoice(row: Any, lines: list[Any]) -> Invoice:
    return Invoice(
        id=row["id"], practice_id=row["practice_id"], client_id=row["client_id"],
        clinician_id=row["clinician_id"], number=row["number"],
        appointment_id=row["appointment_id"], issued_on=row["issued_on"],
        due_on=row["due_on"], currency=row["currency"], total=row["total"],
        paid=row["paid"], credited=row["credited"], voided_at=row["voided_at"],
        void_reason=row["void_reason"], created_by=row["created_by"],
        lines=tuple(_line(line) for line in lines),
    )  # fmt: skip


def _line(row: Any) -> InvoiceLine:
    return InvoiceLine(
        id=row["id"], position=row["position"], date_of_service=row["date_of_service"],
        description=row["description"], units=row["units"], unit_fee=row["unit_fee"],
        cpt_code=row["cpt_code"], modifier=row["modifier"],
        place_of_service=row["place_of_service"],
    )  # fmt: skip
