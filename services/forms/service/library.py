"""The built-in library and default intake packet a practice starts with.

Made when ``practice.created`` arrives, or on first use for a practice that existed before
forms did (whichever comes first; ``practice_setup`` makes it happen once)."""

from __future__ import annotations

import uuid
from datetime import datetime
from uuid import UUID

from services.forms.domain.library import (
    INTAKE_PACKET,
    INTAKE_PACKET_NAME,
    LIBRARY,
    WELCOME,
    Builtin,
)
from services.forms.domain.model import Packet, Template, Version
from services.forms.repo import packets as packets_repo
from services.forms.repo import templates as templates_repo
from shared.db import Connection
from shared.logging import get_logger

log = get_logger(__name__)


async def ensure_library(conn: Connection, practice_id: UUID, *, at: datetime) -> bool:
    """Give the practice its library and intake packet unless it has them; True if made."""
    if not await templates_repo.claim_setup(conn, practice_id, welcome=WELCOME, at=at):
        return False
    ids = {}
    for builtin in LIBRARY:
        ids[builtin.key] = await _add_builtin(conn, practice_id, builtin, at=at)
    packet = Packet(
        id=uuid.uuid4(),
        practice_id=practice_id,
        name=INTAKE_PACKET_NAME,
        template_ids=[ids[key] for key in INTAKE_PACKET],
        default_intake=True,
    )
    await packets_repo.insert_packet(conn, packet, at=at)
    log.info("forms.library_created", practice_id=str(practice_id))
    return True


async def _add_builtin(conn: Connection, practice_id: UUID, b: Builtin, *, at: datetime) -> UUID:
    template = Template(
        id=uuid.uuid4(), practice_id=practice_id, kind=b.kind, builtin=b.key, title=b.title,
        latest_version=1, updated_at=at,
    )  # fmt: skip
    await templates_repo.insert_template(conn, template, at=at)
    version = Version(
        template_id=template.id, version=1, practice_id=practice_id, kind=b.kind,
        title=b.title, description=b.description, body=b.body, fields=list(b.fields),
        measure=b.measure, created_at=at, builtin=b.key,
    )  # fmt: skip
    await templates_repo.insert_version(conn, version, created_by=None)
    return template.id
