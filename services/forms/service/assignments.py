"""Sharing forms and documents with a client: one by one, as a packet, or the intake
packet when a client is invited. Each batch is one ``form.assigned`` event (one email)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from services.forms.domain.library import WELCOME
from services.forms.domain.model import Assignment
from services.forms.repo import assignments as assignments_repo
from services.forms.repo import packets as packets_repo
from services.forms.repo import submissions as submissions_repo
from services.forms.repo import templates as templates_repo
from services.forms.service.access import audit_staff
from services.forms.service.library import ensure_library
from shared import directory
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import InvalidInput, NotFound
from shared.events.catalog import FormAssigned
from shared.logging import get_logger
from shared.origin import Origin
from shared.runtime import Runtime

log = get_logger(__name__)


async def assign(
    rt: Runtime,
    *,
    caller: Caller,
    client_id: UUID,
    template_ids: list[UUID],
    packet_id: UUID | None,
    origin: Origin,
) -> list[Assignment]:
    """Share templates (their latest versions) and/or a packet's with a client."""
    now = rt.now()
    async with rt.uow() as uow:
        await ensure_library(uow.conn, caller.practice_id, at=now)
        await directory.get_client(uow.conn, caller.practice_id, client_id)
        wanted = list(template_ids)
        if packet_id is not None:
            packet = await packets_repo.find_packet(uow.conn, caller.practice_id, packet_id)
            if packet is None:
                raise NotFound("No such packet.", field="packet_id")
            wanted += [t for t in packet.template_ids if t not in wanted]
        if not wanted:
            raise InvalidInput("choose at least one form, document or packet", field="template_ids")
        made = await _assign_batch(
            uow, practice_id=caller.practice_id, client_id=client_id, template_ids=wanted,
            assigned_by=caller.subject, at=now,
        )  # fmt: skip
        await audit_staff(
            uow.conn, origin, caller, action="form.assigned", client_id=client_id,
            detail={"assignment_ids": [str(a.id) for a in made]},
        )  # fmt: skip
        await uow.commit()
    return made


async def _assign_batch(
    uow: UnitOfWork,
    *,
    practice_id: UUID,
    client_id: UUID,
    template_ids: list[UUID],
    assigned_by: UUID | None,
    at: datetime,
) -> list[Assignment]:
    versions = await templates_repo.latest_versions(uow.conn, practice_id, template_ids)
    batch_id = uuid.uuid4()
    made = []
    for position, template_id in enumerate(template_ids):
        version = versions.get(template_id)
        if version is None:
            raise InvalidInput("no such form or document", field=f"template_ids.{position}")
        assignment = Assignment(
            id=uuid.uuid4(), practice_id=practice_id, client_id=client_id,
            template_id=template_id, version=version.version, batch_id=batch_id,
            position=position, assigned_by=assigned_by, assigned_at=at, completed_at=None,
            title=version.title, kind=version.kind,
        )  # fmt: skip
        await assignments_repo.insert_assignment(uow.conn, assignment)
        made.append(assignment)
    event = FormAssigned(
        practice_id=practice_id, client_id=client_id,
        assignment_ids=[a.id for a in made], assigned_by=assigned_by,
    )  # fmt: skip
    await uow.add_event(event, subject=str(client_id))
    return made


async def assign_intake(
    uow: UnitOfWork, *, practice_id: UUID, client_id: UUID, at: datetime
) -> list[Assignment]:
    """The practice's default packet for a newly invited client, once per client."""
    await ensure_library(uow.conn, practice_id, at=at)
    if not await assignments_repo.claim_intake(uow.conn, practice_id, client_id, at):
        return []
    packet = await packets_repo.find_default(uow.conn, practice_id)
    if packet is None or not packet.template_ids:
        return []
    made = await _assign_batch(
        uow, practice_id=practice_id, client_id=client_id, template_ids=packet.template_ids,
        assigned_by=None, at=at,
    )  # fmt: skip
    await assignments_repo.record_intake_batch(uow.conn, client_id, made[0].batch_id)
    log.info("forms.intake_assigned", client_id=str(client_id), count=len(made))
    return made


@dataclass(frozen=True)
class ClientForms:
    """A client's forms as their Documents page shows them."""

    welcome: str
    items: list[Assignment]
    drafted: set[UUID]


async def my_forms(rt: Runtime, *, caller: Caller) -> ClientForms:
    """Reads only (the client home asks on every visit): no transaction, no setup."""
    async with rt.reader() as conn:
        items = await assignments_repo.list_for_client(conn, caller.practice_id, caller.subject)
        welcome = await templates_repo.welcome_message(conn, caller.practice_id)
        drafted = await assignments_repo.drafted(conn, [a.id for a in items])
    return ClientForms(welcome=welcome or WELCOME, items=items, drafted=drafted)


async def client_forms_for_staff(
    rt: Runtime, *, caller: Caller, client_id: UUID, origin: Origin
) -> tuple[directory.Client, list[Assignment], list[Any]]:
    """A client's assignments with every submission's score and flags (audited)."""
    async with rt.uow() as uow:
        client = await directory.get_client(uow.conn, caller.practice_id, client_id)
        items = await assignments_repo.list_for_client(uow.conn, caller.practice_id, client_id)
        rows = await submissions_repo.list_for_assignments(uow.conn, [a.id for a in items])
        await audit_staff(
            uow.conn, origin, caller, action="form.list_read", client_id=client_id,
            detail={"assignments": len(items), "submissions": len(rows)},
        )  # fmt: skip
        await uow.commit()
    return client, items, rows
