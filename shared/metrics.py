"""Prometheus counters of a service's background work, served on its /metrics.

Worth an alert: ``events_consumed_total{outcome="parked"}`` rising (an event failed every
retry and waits in ``<queue>.parked`` for a person) and ``emails_total{outcome="deferred"}``
rising (the SMTP server is refusing or away).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter


class WorkerMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        # Without a registry the counts go nowhere (tests, scripts) but code stays simple.
        registry = registry or CollectorRegistry()
        self.events_published = Counter(
            "events_published_total",
            "Events the outbox relay published",
            ["type"],
            registry=registry,
        )
        self.events_consumed = Counter(
            "events_consumed_total",
            "Events delivered to a consumer, by outcome (handled, duplicate, retried, parked)",
            ["queue", "outcome"],
            registry=registry,
        )
        self.emails = Counter(
            "emails_total",
            "Emails the mailer tried, by outcome (sent, deferred)",
            ["outcome"],
            registry=registry,
        )
