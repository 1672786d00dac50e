"""A clinician tool's broker credentials: what its RabbitMQ user may do, and nothing more.

A tool of practice ``demo`` named ``ehr`` gets the user ``tool.demo.ehr``. RabbitMQ checks
every operation against three regular expressions per virtual host (configure, write,
read) and, on a topic exchange, the routing key against a topic permission:

- configure ``^tool\\.demo\\.ehr\\..*``: it declares (and deletes) its own queues only;
- write, the same: binding needs write on the queue; no exchange matches, so it can
  publish nothing (not even to the default exchange, ``amq.default``);
- read ``^(portal\\.events|tool\\.demo\\.ehr\\..*)$``: it reads its own queues and may bind
  them to ``portal.events`` (never ``portal.audit``, which carries the audit log);
- topic permission on ``portal.events``: read (binding) only keys that end with the
  practice's id (``appointment.*.<id>``, ``#.<id>``: shared/events/routing.py), write none.

The password is made here, shown once and never stored by the portal (RabbitMQ keeps only
its salted hash).
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Literal
from uuid import UUID

from shared.errors import InvalidInput
from shared.events.envelope import EXCHANGE
from shared.events.routing import practice_binding_pattern

TOOL_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]{0,38}[a-z0-9])?$")
Status = Literal["active", "revoking", "revoked"]


def check_tool_name(name: str) -> str:
    if not TOOL_NAME.match(name):
        raise InvalidInput(
            "use 1 to 40 lower-case letters, digits and hyphens (e.g. notes-app)", field="name"
        )
    return name


def new_password() -> str:
    return secrets.token_urlsafe(24)


@dataclass(frozen=True)
class Permissions:
    """RabbitMQ's per-virtual-host permissions of one user (regular expressions)."""

    configure: str
    write: str
    read: str


@dataclass(frozen=True)
class TopicPermission:
    exchange: str
    write: str
    read: str


@dataclass(frozen=True)
class ToolCredential:
    id: UUID
    practice_id: UUID
    practice_slug: str
    name: str
    created_at: datetime
    created_by: UUID | None
    revoked_at: datetime | None = None
    revoked_by: UUID | None = None
    removed_at: datetime | None = None  # the broker user and its queues are gone

    @classmethod
    def new(
        cls, *, practice_id: UUID, practice_slug: str, name: str, at: datetime, by: UUID | None
    ) -> ToolCredential:
        return cls(
            id=uuid.uuid4(),
            practice_id=practice_id,
            practice_slug=practice_slug,
            name=check_tool_name(name),
            created_at=at,
            created_by=by,
        )

    @property
    def username(self) -> str:
        return f"tool.{self.practice_slug}.{self.name}"

    @property
    def queue_prefix(self) -> str:
        """Every queue the tool may declare starts with this (dot included)."""
        return f"{self.username}."

    @property
    def status(self) -> Status:
        if self.revoked_at is None:
            return "active"
        return "revoked" if self.removed_at else "revoking"

    def permissions(self) -> Permissions:
        own = f"^{re.escape(self.queue_prefix)}.*"
        read = f"^({re.escape(EXCHANGE)}|{re.escape(self.queue_prefix)}.*)$"
        return Permissions(configure=own, write=own, read=read)

    def topic_permission(self) -> TopicPermission:
        return TopicPermission(
            exchange=EXCHANGE, write="^$", read=practice_binding_pattern(self.practice_id)
        )

    def revoke(self, *, at: datetime, by: UUID | None) -> ToolCredential:
        if self.revoked_at is not None:
            return self  # revoking twice changes nothing
        return replace(self, revoked_at=at, revoked_by=by)
