"""Wiring of the billing service: its routes, runtime, consumers and jobs."""

from __future__ import annotations

from pathlib import Path

from services.billing.api import routes
from services.billing.consumers import SUBSCRIPTIONS
from services.billing.service.demo import seed_demo
from services.billing.service.runtime import billing_runtime
from services.billing.service.settlement import reconcile
from services.billing.service.statements import issue_monthly
from services.billing.settings import BillingSettings
from shared.service import PeriodicJob, ServiceDefinition


def definition() -> ServiceDefinition:
    settings = BillingSettings
    return ServiceDefinition(
        name="billing",
        title="Billing API",
        settings_class=settings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
        runtime=billing_runtime,
        subscriptions=SUBSCRIPTIONS,
        jobs=(
            PeriodicJob(name="reconcile-payments", every_seconds=60, run=reconcile),
            PeriodicJob(name="monthly-statements", every_seconds=3600, run=issue_monthly),
        ),
        # Billing's emails (invoice, receipt, failed payment, statement) are messaging's,
        # sent from billing's events.
        sends_email=False,
        demo_seed=seed_demo,
    )
