"""The CloudEvents 1.0 JSON envelope every event travels in.

``requestid`` is a CloudEvents extension attribute: the request id of the HTTP request
that caused the event, so a consumer's logs join the producer's.
"""

from __future__ import annotations

import builtins
import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict

from shared.logging import current_request_id

EXCHANGE = "portal.events"
# Audit records of staff access (shared/audit.py): only identity binds to it; outside
# tools are given rights on portal.events alone (docs/audit.md).
AUDIT_EXCHANGE = "portal.audit"


class Event(BaseModel):
    """Base of every event's ``data``. Subclasses set ``type`` (past tense, dotted)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    type: ClassVar[str]


EventT = TypeVar("EventT", bound=Event)


def envelope_for(event: Event, *, source: str, subject: str | None = None) -> dict[str, Any]:
    envelope: dict[str, Any] = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": f"/services/{source}",
        "type": event.type,
        "time": datetime.now(UTC).isoformat(),
        "datacontenttype": "application/json",
        "data": event.model_dump(mode="json"),
    }
    if subject:
        envelope["subject"] = subject
    request_id = current_request_id()
    if request_id:
        envelope["requestid"] = request_id
    return envelope


class Envelope(BaseModel):
    """A received envelope. ``data`` stays a dict until a consumer asks for its model."""

    model_config = ConfigDict(extra="allow")
    specversion: str
    id: str
    source: str
    type: str
    time: datetime
    datacontenttype: str = "application/json"
    subject: str | None = None
    requestid: str | None = None
    data: dict[str, Any]

    def data_as(self, model: builtins.type[EventT]) -> EventT:
        return model.model_validate(self.data)


def parse_envelope(body: bytes) -> Envelope:
    return Envelope.model_validate_json(body)
