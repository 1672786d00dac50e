"""Prometheus counters of a service's background work, served on its /metrics.

Worth an alert: ``events_consumed_total{outcome="parked"}`` rising (an event failed every
retry and waits in ``<queue>.parked`` for a person), ``emails_total{outcome="deferred"}``
rising (the SMTP server is refusing or away), and ``consumer_start_failures_total`` rising
or ``consumers_running`` at 0 (a queue RabbitMQ will not let the consumer declare, for
example after its retry delays or delivery limit changed: nothing is consumed from it).
"""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


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
        self.consumer_start_failures = Counter(
            "consumer_start_failures_total",
            "Times a consumer could not declare or consume its queue (it is retried)",
            ["queue"],
            registry=registry,
        )
        self.consumers_running = Gauge(
            "consumers_running",
            "1 while the queue's consumer runs, 0 while it cannot start",
            ["queue"],
            registry=registry,
        )
