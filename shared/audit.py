"""Audit of staff access to client data, for every service (see docs/audit.md).

A use case records who read or changed which client's record in the same transaction as
the access::

    await audit(uow.conn, origin, action="appointment.read", actor=actor_of(caller),
                resource="appointment", client_id=client_id, detail={"appointment_id": ...})

The record goes into the service's outbox for the ``portal.audit`` exchange (routing key
``audit.recorded``), never ``portal.events``: outside tools subscribed to the broker are
only ever given rights on ``portal.events``. Identity keeps the practice's one log: its
consumer appends every service's records, and admins read them on the Activity page.
Identity's own use cases append straight to that log (it is theirs), with the same model.

``detail`` holds ids and facts, never a secret nor clinical content.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal
from uuid import UUID

from shared.auth import Caller
from shared.db import Connection, write_outbox
from shared.events.envelope import AUDIT_EXCHANGE, Event, envelope_for
from shared.origin import Origin

Outcome = Literal["success", "failure", "denied"]


@dataclass(frozen=True)
class Actor:
    """Who acts: the signed-in account (or nobody yet, for sign-in itself)."""

    practice_id: UUID | None = None
    account_id: UUID | None = None
    role: str | None = None


def actor_of(caller: Caller) -> Actor:
    return Actor(practice_id=caller.practice_id, account_id=caller.subject, role=caller.role)


class AuditRecorded(Event):
    """One audit record, as it travels from a service to identity's log. Not in the
    public event catalogue: it rides on ``portal.audit`` only."""

    type = "audit.recorded"
    record_id: UUID
    at: datetime
    service: str
    practice_id: UUID
    actor_id: UUID | None = None
    actor_role: str | None = None
    action: str
    resource: str | None = None
    client_id: UUID | None = None
    outcome: Outcome = "success"
    ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None
    detail: dict[str, Any] = {}


def audit_record(
    origin: Origin,
    *,
    service: str,
    action: str,
    actor: Actor,
    outcome: Outcome = "success",
    resource: str | None = None,
    client_id: UUID | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditRecorded:
    if actor.practice_id is None:
        raise ValueError("an audit record of another service belongs to a practice")
    return AuditRecorded(
        record_id=uuid.uuid4(),
        at=at or datetime.now(UTC),
        service=service,
        practice_id=actor.practice_id,
        actor_id=actor.account_id,
        actor_role=actor.role,
        action=action,
        resource=resource,
        client_id=client_id,
        outcome=outcome,
        ip=origin.ip,
        user_agent=origin.user_agent,
        request_id=origin.request_id,
        detail=detail or {},
    )


async def audit(
    conn: Connection,
    origin: Origin,
    *,
    action: str,
    actor: Actor,
    outcome: Outcome = "success",
    resource: str | None = None,
    client_id: UUID | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Record one access, inside the caller's transaction (rolled back with it)."""
    service = await conn.fetchval("SELECT current_schema()")
    record = audit_record(
        origin, service=service, action=action, actor=actor, outcome=outcome,
        resource=resource, client_id=client_id, detail=detail,
    )  # fmt: skip
    envelope = envelope_for(record, source=service, subject=str(record.practice_id))
    await write_outbox(conn, envelope, exchange=AUDIT_EXCHANGE)
