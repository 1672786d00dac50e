"""Invoices, statements and superbills as PDFs: the practice's header, the client, the
figures in clean tables."""

from __future__ import annotations

from datetime import date
from typing import Any

from services.billing.documents.pdf import Document, Header
from services.billing.domain.invoices import Invoice
from services.billing.domain.money import format_money
from services.billing.repo.documents import Statement
from shared import directory

STATUS_WORDS = {"due": "Due", "paid": "Paid", "void": "Void"}


def day(value: date | str) -> str:
    """ "Mar 4, 2026": a date with the month in words, never 03/04 read two ways."""
    found = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{found.strftime('%b')} {found.day}, {found.year}"


def practice_lines(practice: directory.Practice | None) -> list[str]:
    if practice is None:
        return []
    return [line for line in (practice.address, practice.phone, practice.email) if line]


def invoice_pdf(
    invoice: Invoice,
    *,
    practice: directory.Practice | None,
    client: directory.Client | None,
    font: str,
) -> bytes:
    money = _money(invoice.currency)
    doc = Document(
        Header(
            practice_name=practice.name if practice else "Invoice",
            title="Invoice",
            practice_lines=practice_lines(practice),
            reference_lines=[
                f"Invoice {invoice.number_text}",
                f"Issued {day(invoice.issued_on)}",
                f"Due {day(invoice.due_on)}",
                f"Status: {STATUS_WORDS[invoice.status]}",
            ],
            bill_to=[client.name] if client and client.name else [],
        ),
        font=font,
    )
    doc.grid(
        ["Date of service", "Service", "Code", "Units", "Fee", "Amount"],
        [
            [day(line.date_of_service), line.description, line.cpt_code or "", line.units,
             money(line.unit_fee), money(line.amount)]
            for line in invoice.lines
        ],
        widths=(28, 62, 18, 14, 30, 30),
        right=(3, 4, 5),
    )  # fmt: skip
    pairs = [("Total", money(invoice.total))]
    if invoice.credited:
        pairs.append(("Credits", money(-invoice.credited)))
    if invoice.paid:
        pairs.append(("Paid", money(-invoice.paid)))
    pairs.append(("Amount due", money(invoice.open)))
    doc.totals(pairs)
    if invoice.status == "void":
        doc.heading("This invoice was voided and is not due.")
    return doc.to_bytes()


def statement_pdf(
    statement: Statement,
    *,
    practice: directory.Practice | None,
    client: directory.Client | None,
    font: str,
) -> bytes:
    money = _money(statement.currency)
    content = statement.content
    doc = Document(
        Header(
            practice_name=practice.name if practice else "Statement",
            title="Statement",
            practice_lines=practice_lines(practice),
            reference_lines=[
                f"{day(statement.period_start)} to {day(statement.period_end)}",
                f"Issued {day(statement.issued_at.date())}",
            ],
            bill_to=[client.name] if client and client.name else [],
            bill_to_label="Statement for",
        ),
        font=font,
    )
    rows = [[day(statement.period_start), "Opening balance", "", money(content["opening_balance"])]]
    rows += [
        [day(line["date"]), line["description"], money(line["amount"]), money(line["balance"])]
        for line in content["lines"]
    ]
    doc.grid(
        ["Date", "Description", "Amount", "Balance"], rows, widths=(30, 86, 33, 33), right=(2, 3)
    )
    doc.totals(
        [
            ("Opening balance", money(content["opening_balance"])),
            ("Charges", money(content["charges"])),
            ("Payments", money(-content["payments"])),
            ("Credits", money(-content["credits"])),
            ("Closing balance", money(content["closing_balance"])),
        ]
    )
    return doc.to_bytes()


def superbill_pdf(content: dict[str, Any], *, font: str, issued_on: date) -> bytes:
    money = _money(content["currency"])
    provider, practice, client = content["provider"], content["practice"], content["client"]
    doc = Document(
        Header(
            practice_name=practice["name"] or "Superbill",
            title="Superbill",
            practice_lines=[practice["address"], practice["phone"]],
            reference_lines=[
                f"{day(content['period_start'])} to {day(content['period_end'])}",
                f"Issued {day(issued_on)}",
            ],
            bill_to=[
                client["name"],
                f"Date of birth: {day(client['date_of_birth'])}",
                f"Member ID: {client['member_id']}",
            ],
            bill_to_label="Patient",
        ),
        font=font,
    )
    doc.heading("Provider")
    doc.grid(
        ["Rendering provider", "NPI", "Tax ID", "License"],
        [[f"{provider['name']}, {provider['credentials']}", provider["npi"], provider["tax_id"],
          provider["license"]]],
        widths=(70, 36, 36, 40),
    )  # fmt: skip
    doc.heading("Diagnoses (ICD-10)")
    doc.grid(
        ["Pointer", "Code", "Description"],
        [[d["pointer"], d["code"], d["description"]] for d in content["diagnoses"]],
        widths=(20, 30, 132),
    )
    doc.heading("Services")
    doc.grid(
        ["Date", "POS", "CPT", "Modifier", "Pointers", "Units", "Fee"],
        [
            [day(ln["date_of_service"]), ln["place_of_service"], ln["cpt_code"],
             ln["modifier"] or "", ln["pointers"], ln["units"], money(ln["fee"])]
            for ln in content["lines"]
        ],
        widths=(28, 16, 20, 22, 26, 16, 54),
        right=(5, 6),
    )  # fmt: skip
    doc.totals(
        [("Total charges", money(content["total"])), ("Amount paid", money(content["paid"]))]
    )
    return doc.to_bytes()


def _money(currency: str) -> Any:
    return lambda amount: format_money(int(amount), currency)
