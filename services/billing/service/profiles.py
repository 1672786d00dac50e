"""What staff record for superbills: a client's insurance member id and ICD-10 diagnosis
codes (health information: sealed at rest, every read and change audited), and each
clinician's provider details (credentials, NPI, license, tax id)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from uuid import UUID

from services.billing.repo import accounts as accounts_repo
from services.billing.repo import profiles as profiles_repo
from services.billing.repo.profiles import Provider
from services.billing.service.access import audit_staff, require_client
from services.billing.service.runtime import Billing
from shared import directory
from shared.auth import Caller
from shared.crypto import Keyring
from shared.db import Connection
from shared.errors import Forbidden, NotFound
from shared.origin import Origin


@dataclass(frozen=True)
class Diagnosis:
    code: str
    description: str = ""


@dataclass(frozen=True)
class Insurance:
    client_id: UUID
    member_id: str | None = None
    diagnoses: tuple[Diagnosis, ...] = field(default=())


async def read_insurance(
    conn: Connection, keyring: Keyring, practice_id: UUID, client_id: UUID
) -> Insurance:
    account = await accounts_repo.find_account(conn, practice_id, client_id)
    aad = client_id.bytes
    sealed_member = account["member_id"] if account else None
    member = keyring.decrypt_text(bytes(sealed_member), aad=aad) if sealed_member else None
    codes = [
        Diagnosis(**json.loads(keyring.decrypt_text(blob, aad=aad)))
        for blob in await profiles_repo.diagnoses(conn, practice_id, client_id)
    ]
    return Insurance(client_id=client_id, member_id=member, diagnoses=tuple(codes))


async def write_insurance(
    conn: Connection,
    keyring: Keyring,
    practice_id: UUID,
    client_id: UUID,
    member_id: str | None,
    diagnoses: list[Diagnosis],
) -> None:
    """Seal and store (bound to the client: a blob moved to another row fails to open)."""
    aad = client_id.bytes
    sealed_member = keyring.encrypt_text(member_id, aad=aad) if member_id else None
    await accounts_repo.set_member_id(conn, practice_id, client_id, sealed_member)
    sealed = [keyring.encrypt_text(json.dumps(vars(d)), aad=aad) for d in diagnoses]
    await profiles_repo.replace_diagnoses(conn, practice_id, client_id, sealed)


async def get_insurance(
    rt: Billing, *, caller: Caller, client_id: UUID, origin: Origin
) -> Insurance:
    async with rt.uow() as uow:
        await require_client(uow.conn, caller, client_id)
        insurance = await read_insurance(uow.conn, rt.keyring, caller.practice_id, client_id)
        await audit_staff(uow.conn, origin, caller, action="insurance.read", client_id=client_id)
        await uow.commit()
    return insurance


async def set_insurance(
    rt: Billing,
    *,
    caller: Caller,
    client_id: UUID,
    member_id: str | None,
    diagnoses: list[Diagnosis],
    origin: Origin,
) -> Insurance:
    async with rt.uow() as uow:
        await require_client(uow.conn, caller, client_id)
        await write_insurance(
            uow.conn, rt.keyring, caller.practice_id, client_id, member_id, diagnoses
        )
        # Which parts changed and how many codes, never the codes themselves.
        await audit_staff(
            uow.conn, origin, caller, action="insurance.updated", client_id=client_id,
            detail={"diagnoses": len(diagnoses), "member_id": member_id is not None},
        )  # fmt: skip
        await uow.commit()
    return Insurance(client_id=client_id, member_id=member_id, diagnoses=tuple(diagnoses))


async def get_provider(rt: Billing, *, caller: Caller, staff_id: UUID) -> Provider:
    async with rt.reader() as conn:
        await _staff(conn, caller, staff_id)
        found = await profiles_repo.find_provider(conn, caller.practice_id, staff_id)
    return found or Provider(practice_id=caller.practice_id, staff_id=staff_id)


async def set_provider(rt: Billing, *, caller: Caller, provider: Provider) -> Provider:
    """A clinician keeps their own details; an admin anyone's in the practice."""
    if caller.role != "admin" and provider.staff_id != caller.subject:
        raise Forbidden("only an admin can change another clinician's details")
    async with rt.uow() as uow:
        await _staff(uow.conn, caller, provider.staff_id)
        await profiles_repo.save_provider(uow.conn, provider)
        await uow.commit()
    return provider


async def _staff(conn: Connection, caller: Caller, staff_id: UUID) -> directory.Staff:
    found = await directory.find_staff(conn, caller.practice_id, staff_id)
    if found is None:
        raise NotFound("No such clinician.", field="staff_id")
    return found
