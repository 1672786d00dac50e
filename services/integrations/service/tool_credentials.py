"""Tool credentials: make, list and revoke a clinician tool's scoped broker user.

The portal's row and the broker's user are made together: the row is written first (a
name already taken is a 409 before the broker is touched), the user is made while the
transaction is open, and a commit that fails takes the user away again. Revoking is
recorded first and the broker user removed right after; if the broker cannot be reached
then, the removal job tries again until it is done (the credential shows "revoking").
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from uuid import UUID

from services.integrations.domain.tool_credentials import (
    ToolCredential,
    check_tool_name,
    new_password,
)
from services.integrations.repo import tool_credentials as repo
from services.integrations.service.runtime import Integrations
from shared import directory
from shared.audit import Actor, audit
from shared.errors import ServiceUnavailable
from shared.logging import get_logger
from shared.origin import Origin
from shared.runtime import Work

log = get_logger(__name__)
RESOURCE = "tool_credentials"


async def create_credential(
    rt: Integrations, *, practice_id: UUID, name: str, actor: Actor, origin: Origin
) -> tuple[ToolCredential, str]:
    """The new credential and its password (shown once, stored nowhere by the portal)."""
    check_tool_name(name)
    async with rt.uow() as uow:
        practice = await directory.find_practice(uow.conn, practice_id)
        if practice is None:
            raise ServiceUnavailable("this practice is not known to integrations yet; try again")
        credential = ToolCredential.new(
            practice_id=practice_id,
            practice_slug=practice.slug,
            name=name,
            at=rt.now(),
            by=actor.account_id,
        )
        await repo.insert(uow.conn, credential)
        await audit(
            uow.conn, origin, action="tool_credentials.created", actor=actor,
            resource=RESOURCE, detail={"credential_id": str(credential.id), "name": name},
        )  # fmt: skip
        password = await _make_broker_user(rt, credential)
        try:
            await uow.commit()
        except BaseException:
            await rt.broker_admin.remove_tool_user(credential)
            raise
    log.info("tool_credentials.created", credential_id=str(credential.id))
    return credential, password


async def _make_broker_user(rt: Integrations, credential: ToolCredential) -> str:
    password = new_password()
    await rt.broker_admin.create_tool_user(credential, password)
    return password


async def list_credentials(rt: Integrations, *, practice_id: UUID) -> list[ToolCredential]:
    async with rt.reader() as conn:
        return await repo.list_for_practice(conn, practice_id)


async def revoke_credential(
    rt: Integrations, *, practice_id: UUID, credential_id: UUID, actor: Actor, origin: Origin
) -> ToolCredential:
    async with rt.uow() as uow:
        credential = await repo.get_for_update(uow.conn, practice_id, credential_id)
        revoked = credential.revoke(at=rt.now(), by=actor.account_id)
        if revoked is not credential:
            await repo.mark_revoked(uow.conn, revoked)
            await audit(
                uow.conn, origin, action="tool_credentials.revoked", actor=actor,
                resource=RESOURCE, detail={"credential_id": str(credential_id)},
            )  # fmt: skip
        await uow.commit()
    if revoked.removed_at is None:
        revoked = await _remove_from_broker(rt, revoked)
    return revoked


async def _remove_from_broker(rt: Integrations, credential: ToolCredential) -> ToolCredential:
    """Remove the user and its queues now; if the broker is away, the job will."""
    try:
        queues = await rt.broker_admin.remove_tool_user(credential)
    except ServiceUnavailable:
        log.warning("tool_credentials.removal_deferred", credential_id=str(credential.id))
        return credential
    at = rt.now()
    async with rt.uow() as uow:
        await repo.mark_removed(uow.conn, credential.id, at=at)
        await uow.commit()
    log.info("tool_credentials.removed", credential_id=str(credential.id), queues=queues)
    return replace(credential, removed_at=at)


async def remove_revoked(work: Work[Any]) -> None:
    """Periodic job: finish revocations the broker could not take when they were made."""
    rt = work.runtime
    assert isinstance(rt, Integrations)
    pending = await repo.waiting_for_removal(work.conn)
    await work.commit()  # nothing held while the broker is called
    for credential in pending:
        await _remove_from_broker(rt, credential)
