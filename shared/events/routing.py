"""Routing keys on the event exchanges: ``<event type>.<practice id>``.

Every event belongs to one practice, and its routing key says which
(``appointment.approved.5f0c0e4e-...``), so that a binding can select one practice:

- the portal's own consumers bind ``<event type>.*`` (every practice): ``Subscription``
  does it, services name event types only;
- a clinician tool's broker user may bind only keys that end with its own practice's id
  (RabbitMQ topic authorisation, set by ``services/integrations``), so it never receives
  another practice's events.

Services never build keys themselves: ``uow.add_event`` (through ``write_outbox``) refuses
an event without a practice, and the outbox relay publishes with ``routing_key_of``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from uuid import UUID

PRACTICE_FIELD = "practice_id"
# Event types are lower-case dotted words: a practice id (hex and hyphens) can never be
# mistaken for one, so the last word of a key is always the practice.
EVENT_TYPE = re.compile(r"^[a-z_]+(\.[a-z_]+)*$")
# One word of a binding key in the type part: a word, or a topic wildcard.
_BINDING_WORD = r"([a-z_]+|\*|#)"


class UnscopedEvent(ValueError):
    """An event without a practice: it could not be routed to that practice's tools."""


def routing_key(event_type: str, practice_id: UUID | str) -> str:
    return f"{event_type}.{UUID(str(practice_id))}"


def binding_key(event_type: str) -> str:
    """What the portal's consumers bind for ``event_type``: every practice's events."""
    return f"{event_type}.*"


def practice_of(envelope: Mapping[str, Any]) -> UUID:
    """The practice an envelope belongs to (``data.practice_id``), or ``UnscopedEvent``."""
    data = envelope.get("data")
    value = data.get(PRACTICE_FIELD) if isinstance(data, Mapping) else None
    try:
        return UUID(str(value))
    except ValueError as exc:
        raise UnscopedEvent(
            f"event {envelope.get('type')!r} has no {PRACTICE_FIELD}: every event belongs "
            "to one practice (its routing key carries it)"
        ) from exc


def routing_key_of(envelope: Mapping[str, Any]) -> str:
    return routing_key(str(envelope["type"]), practice_of(envelope))


def practice_binding_pattern(practice_id: UUID) -> str:
    """A regular expression matching the binding keys that select only ``practice_id``'s
    events: type words or wildcards (``appointment.*``, ``#``), then that practice's id as
    the last word. RabbitMQ's topic permission ``read`` takes it as is."""
    practice = UUID(str(practice_id))  # hex and hyphens: nothing to escape
    return rf"^{_BINDING_WORD}(\.{_BINDING_WORD})*\.{practice}$"
