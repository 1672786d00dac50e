"""Wiring of the scheduling service: its routes, consumers, jobs and demo data."""

from __future__ import annotations

from pathlib import Path

from services.scheduling.api import routes
from services.scheduling.consumers import SUBSCRIPTIONS
from services.scheduling.service.demo import seed_demo
from services.scheduling.service.reminders import send_reminders
from services.scheduling.settings import SchedulingSettings
from shared.service import PeriodicJob, ServiceDefinition

REMINDERS = PeriodicJob(name="send-reminders", every_seconds=60, run=send_reminders)


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="scheduling",
        title="Scheduling API",
        settings_class=SchedulingSettings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
        subscriptions=SUBSCRIPTIONS,
        jobs=(REMINDERS,),
        demo_seed=seed_demo,
        # Scheduling publishes events; messaging sends the emails (issue 10).
        sends_email=False,
    )
