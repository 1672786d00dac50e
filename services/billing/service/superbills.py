"""Superbills: a client's sessions of a period with everything an insurer needs, issued
only when complete (domain/superbills.py lists what is missing), sealed at rest."""

from __future__ import annotations

import json
import uuid
from collections import Counter
from datetime import date
from typing import Any
from uuid import UUID

from services.billing.domain.money import format_money
from services.billing.domain.superbills import POINTERS, pointers_for, require_complete
from services.billing.repo import documents as documents_repo
from services.billing.repo import invoices as invoices_repo
from services.billing.repo import profiles as profiles_repo
from services.billing.repo.documents import Superbill
from services.billing.service.access import audit_staff, client_of, require_client
from services.billing.service.profiles import read_insurance
from services.billing.service.runtime import Billing
from shared import directory
from shared.auth import Caller
from shared.crypto import Keyring
from shared.db import Connection
from shared.errors import InvalidInput
from shared.origin import Origin


async def issue_superbill(
    rt: Billing, *, caller: Caller, client_id: UUID, start: date, end: date, origin: Origin
) -> tuple[Superbill, dict[str, Any]]:
    if end < start:
        raise InvalidInput("must not be before the start of the period", field="period_end")
    async with rt.uow() as uow:
        client = await require_client(uow.conn, caller, client_id)
        lines = await invoices_repo.lines_between(
            uow.conn, caller.practice_id, client_id, start, end
        )
        content = await _content(uow.conn, rt.keyring, caller, client, lines, start, end)
        require_complete(content)
        superbill = Superbill(
            id=uuid.uuid4(), practice_id=caller.practice_id, client_id=client_id,
            period_start=start, period_end=end, currency=content["currency"],
            total=content["total"], paid=content["paid"], content=b"", issued_at=rt.now(),
            issued_by=caller.subject,
        )  # fmt: skip
        sealed = rt.keyring.encrypt_text(json.dumps(content), aad=superbill.id.bytes)
        superbill = Superbill(**{**vars(superbill), "content": sealed})
        await documents_repo.insert_superbill(uow.conn, superbill)
        await audit_staff(
            uow.conn, origin, caller, action="superbill.issued", client_id=client_id,
            detail={"superbill_id": str(superbill.id)},
        )  # fmt: skip
        await uow.commit()
    return superbill, content


async def _content(
    conn: Connection,
    keyring: Keyring,
    caller: Caller,
    client: directory.Client,
    lines: list[dict[str, Any]],
    start: date,
    end: date,
) -> dict[str, Any]:
    practice = await directory.find_practice(conn, caller.practice_id)
    insurance = await read_insurance(conn, keyring, caller.practice_id, client.id)
    currency = Counter(line["currency"] for line in lines).most_common(1)
    currency_code = currency[0][0] if currency else "usd"
    lines = [line for line in lines if line["currency"] == currency_code]
    clinician_id = next((ln["clinician_id"] for ln in lines if ln["clinician_id"]), None)
    provider = await _provider(conn, caller.practice_id, clinician_id or client.clinician_id)
    paid = {ln["invoice_id"]: ln["paid"] for ln in lines}
    pointers = pointers_for(len(insurance.diagnoses))
    return {
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "currency": currency_code,
        "provider": provider | _practice_ids(practice, provider),
        "practice": {
            "name": practice.name if practice else None,
            "address": practice.address if practice else None,
            "phone": practice.phone if practice else None,
        },
        "client": {
            "name": client.name,
            "date_of_birth": client.date_of_birth.isoformat() if client.date_of_birth else None,
            "member_id": insurance.member_id,
        },
        "diagnoses": [
            {"pointer": POINTERS[i], "code": d.code, "description": d.description}
            for i, d in enumerate(insurance.diagnoses)
        ],
        "lines": [_line(ln, pointers) for ln in lines],
        "total": sum(ln["amount"] for ln in lines),
        "paid": sum(paid.values()),
    }


def _line(line: dict[str, Any], pointers: str) -> dict[str, Any]:
    return {
        "date_of_service": line["date_of_service"].isoformat(),
        "description": line["description"],
        "place_of_service": line["place_of_service"],
        "cpt_code": line["cpt_code"],
        "modifier": line["modifier"],
        "units": line["units"],
        "fee": line["amount"],
        "fee_text": format_money(line["amount"], line["currency"]),
        "pointers": pointers,
    }


async def _provider(conn: Connection, practice_id: UUID, staff_id: UUID | None) -> dict[str, Any]:
    staff = await directory.find_staff(conn, practice_id, staff_id) if staff_id else None
    details = await profiles_repo.find_provider(conn, practice_id, staff_id) if staff_id else None
    return {
        "name": staff.name if staff else None,
        "credentials": details.credentials if details else None,
        "npi": details.npi if details else None,
        "license": details.license if details else None,
        "tax_id": details.tax_id if details else None,
    }


def _practice_ids(practice: directory.Practice | None, provider: dict[str, Any]) -> dict[str, Any]:
    """The practice's NPI, tax id and license where the clinician has none of their own."""
    if practice is None:
        return {}
    return {
        "npi": provider["npi"] or practice.npi,
        "tax_id": provider["tax_id"] or practice.tax_id,
        "license": provider["license"] or practice.license,
    }


def opened(keyring: Keyring, superbill: Superbill) -> dict[str, Any]:
    content: dict[str, Any] = json.loads(
        keyring.decrypt_text(superbill.content, aad=superbill.id.bytes)
    )
    return content


async def get_superbill(
    rt: Billing, *, caller: Caller, superbill_id: UUID, origin: Origin
) -> tuple[Superbill, dict[str, Any]]:
    own = caller.subject if caller.role == "client" else None
    async with rt.uow() as uow:
        superbill = await documents_repo.get_superbill(
            uow.conn, caller.practice_id, superbill_id, client_id=own
        )
        await audit_staff(
            uow.conn, origin, caller, action="superbill.read", client_id=superbill.client_id,
            detail={"superbill_id": str(superbill.id)},
        )  # fmt: skip
        await uow.commit()
    return superbill, opened(rt.keyring, superbill)


async def list_superbills(
    rt: Billing, *, caller: Caller, client_id: UUID | None, limit: int, offset: int, origin: Origin
) -> list[Superbill]:
    scope = client_of(caller, client_id)
    async with rt.uow() as uow:
        found = await documents_repo.list_superbills(
            uow.conn, caller.practice_id, client_id=scope, limit=limit, offset=offset
        )
        await audit_staff(
            uow.conn, origin, caller, action="superbill.list", client_id=scope,
            detail={"count": len(found)},
        )  # fmt: skip
        await uow.commit()
    return found
