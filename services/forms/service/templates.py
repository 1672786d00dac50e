"""Templates as staff build them (every edit a new version), packets, the welcome message."""

from __future__ import annotations

import uuid
from uuid import UUID

from services.forms.domain.fields import DefinitionError, FormField, check_fields, signature_field
from services.forms.domain.model import Kind, Packet, Template, Version
from services.forms.repo import packets as packets_repo
from services.forms.repo import templates as templates_repo
from services.forms.service.library import ensure_library
from shared.auth import Caller
from shared.db import Connection
from shared.errors import Conflict, InvalidInput, NotFound
from shared.runtime import Runtime


def _fields_for(kind: Kind, fields: list[FormField], body: str | None) -> list[FormField]:
    """A document is its text and a signature; a form is what staff built."""
    if kind == "document":
        if not body or not body.strip():
            raise InvalidInput("a document needs its text", field="body")
        return [signature_field()]
    if body:
        raise InvalidInput("only a document has a text to sign", field="body")
    if not any(f.answerable for f in fields):
        raise InvalidInput("a form needs at least one question", field="fields")
    try:
        check_fields(fields)
    except DefinitionError as exc:
        raise InvalidInput(exc.reason, field=exc.field) from exc
    return fields


async def list_templates(rt: Runtime, *, caller: Caller) -> list[Template]:
    async with rt.uow() as uow:
        await ensure_library(uow.conn, caller.practice_id, at=rt.now())
        found = await templates_repo.list_templates(uow.conn, caller.practice_id)
        await uow.commit()
    return found


async def get_version(
    rt: Runtime, *, caller: Caller, template_id: UUID, version: int | None = None
) -> tuple[Template, Version]:
    async with rt.reader() as conn:
        template = await _template(conn, caller, template_id)
        found = await templates_repo.find_version(
            conn, caller.practice_id, template_id, version or template.latest_version
        )
    if found is None:
        raise NotFound("No such version of this template.", field="version")
    return template, found


async def create_template(
    rt: Runtime,
    *,
    caller: Caller,
    kind: Kind,
    title: str,
    description: str,
    body: str | None,
    fields: list[FormField],
) -> tuple[Template, Version]:
    fields = _fields_for(kind, fields, body)
    now = rt.now()
    template = Template(
        id=uuid.uuid4(), practice_id=caller.practice_id, kind=kind, builtin=None, title=title,
        latest_version=1, updated_at=now,
    )  # fmt: skip
    version = Version(
        template_id=template.id, version=1, practice_id=caller.practice_id, kind=kind,
        title=title, description=description, body=body, fields=fields, measure=None,
        created_at=now,
    )  # fmt: skip
    async with rt.uow() as uow:
        await ensure_library(uow.conn, caller.practice_id, at=now)
        await templates_repo.insert_template(uow.conn, template, at=now)
        await templates_repo.insert_version(uow.conn, version, created_by=caller.subject)
        await uow.commit()
    return template, version


async def revise_template(
    rt: Runtime,
    *,
    caller: Caller,
    template_id: UUID,
    title: str,
    description: str,
    body: str | None,
    fields: list[FormField],
) -> tuple[Template, Version]:
    """A new version; what was assigned keeps the version it was assigned at."""
    now = rt.now()
    async with rt.uow() as uow:
        template = await _template(uow.conn, caller, template_id, lock=True)
        if not template.editable:
            raise Conflict(f"{template.title} is a validated measure: its wording and scoring "
                           "stay as published. Build a form of your own instead.")  # fmt: skip
        fields = _fields_for(template.kind, fields, body)
        version = Version(
            template_id=template.id, version=template.latest_version + 1,
            practice_id=caller.practice_id, kind=template.kind, title=title,
            description=description, body=body, fields=fields, measure=None, created_at=now,
            builtin=template.builtin,
        )  # fmt: skip
        await templates_repo.insert_version(uow.conn, version, created_by=caller.subject)
        template = await _template(uow.conn, caller, template_id)
        await uow.commit()
    return template, version


async def _template(
    conn: Connection, caller: Caller, template_id: UUID, *, lock: bool = False
) -> Template:
    found = await templates_repo.find_template(conn, caller.practice_id, template_id, lock=lock)
    if found is None:
        raise NotFound("No such form or document template.", field="template_id")
    return found


# Packets ------------------------------------------------------------------------------


async def list_packets(rt: Runtime, *, caller: Caller) -> list[Packet]:
    async with rt.uow() as uow:
        await ensure_library(uow.conn, caller.practice_id, at=rt.now())
        found = await packets_repo.list_packets(uow.conn, caller.practice_id)
        await uow.commit()
    return found


async def save_packet(
    rt: Runtime,
    *,
    caller: Caller,
    packet_id: UUID | None,
    name: str,
    template_ids: list[UUID],
    default_intake: bool,
) -> Packet:
    """A new packet (``packet_id`` None) or a change to one; only one is the default."""
    now = rt.now()
    async with rt.uow() as uow:
        await ensure_library(uow.conn, caller.practice_id, at=now)
        known = packet_id is None or await packets_repo.find_packet(
            uow.conn, caller.practice_id, packet_id
        )
        if not known:
            raise NotFound("No such packet.", field="packet_id")
        await _check_templates(uow.conn, caller, template_ids)
        packet = Packet(
            id=packet_id or uuid.uuid4(), practice_id=caller.practice_id, name=name,
            template_ids=template_ids, default_intake=default_intake,
        )  # fmt: skip
        if packet_id is None:
            await packets_repo.insert_packet(uow.conn, packet, at=now)
        else:
            await packets_repo.update_packet(uow.conn, packet, at=now)
        await uow.commit()
    return packet


async def _check_templates(conn: Connection, caller: Caller, template_ids: list[UUID]) -> None:
    if len(set(template_ids)) != len(template_ids):
        raise InvalidInput("a form is listed twice", field="template_ids")
    found = await templates_repo.latest_versions(conn, caller.practice_id, template_ids)
    for index, template_id in enumerate(template_ids):
        if template_id not in found:
            raise InvalidInput("no such form or document", field=f"template_ids.{index}")


# The welcome message --------------------------------------------------------------------


async def get_welcome(rt: Runtime, *, caller: Caller) -> str:
    async with rt.uow() as uow:
        await ensure_library(uow.conn, caller.practice_id, at=rt.now())
        text = await templates_repo.welcome_message(uow.conn, caller.practice_id)
        await uow.commit()
    return text or ""


async def set_welcome(rt: Runtime, *, caller: Caller, text: str) -> str:
    async with rt.uow() as uow:
        await ensure_library(uow.conn, caller.practice_id, at=rt.now())
        await templates_repo.set_welcome_message(uow.conn, caller.practice_id, text)
        await uow.commit()
    return text
