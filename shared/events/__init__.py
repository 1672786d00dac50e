"""Events between services: CloudEvents envelopes, the catalogue of event models, the
outbox relay and the consumer runner."""

from shared.events.catalog import EVENT_TYPES
from shared.events.envelope import Event, envelope_for, parse_envelope

__all__ = ["EVENT_TYPES", "Event", "envelope_for", "parse_envelope"]
