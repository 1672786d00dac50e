"""Wiring of the forms service: its routes, consumers and demo data."""

from pathlib import Path

from services.forms.api import routes
from services.forms.consumers import SUBSCRIPTIONS
from services.forms.service.demo import seed_demo
from services.forms.settings import FormsSettings
from shared.service import ServiceDefinition


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="forms",
        title="Forms API",
        settings_class=FormsSettings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
        subscriptions=SUBSCRIPTIONS,
        demo_seed=seed_demo,
        # Messaging sends the emails forms' events lead to.
        sends_email=False,
    )
