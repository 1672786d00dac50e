"""Events identity subscribes to.

Identity is where practices, staff and clients come from, so it needs nobody's events.
It does keep the practice's one audit log: every other service records staff access to
client data through its outbox on the ``portal.audit`` exchange (shared/audit.py), and
``on_audit_recorded`` appends each record here, once (the inbox drops a redelivery).

This is the consumer to copy: a handler takes one ``Work`` (the unit of work with the
runtime beside it), reads the event's model, calls a repository, and never commits
itself (the runner commits the inbox row and the change together).
"""

from __future__ import annotations

from typing import Any

from services.identity.repo import audit as audit_repo
from shared.audit import AuditRecorded
from shared.events.consumer import Subscription
from shared.events.envelope import AUDIT_EXCHANGE, Envelope
from shared.logging import get_logger
from shared.runtime import Work

log = get_logger(__name__)


async def on_audit_recorded(work: Work[Any], envelope: Envelope) -> None:
    record = envelope.data_as(AuditRecorded)
    await audit_repo.append(
        work.conn,
        audit_repo.AuditEntry(
            action=record.action,
            outcome=record.outcome,
            practice_id=record.practice_id,
            actor_id=record.actor_id,
            actor_role=record.actor_role,
            resource=record.resource,
            client_id=record.client_id,
            ip=record.ip,
            user_agent=record.user_agent,
            request_id=record.request_id,
            detail=record.detail,
            service=record.service,
            at=record.at,
        ),
    )
    log.info("audit.appended", service=record.service, action=record.action)


SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription(
        queue="identity.audit",
        event_types=(AuditRecorded.type,),
        handler=on_audit_recorded,
        exchange=AUDIT_EXCHANGE,
    ),
)
