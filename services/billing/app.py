"""Wiring of the billing service: its routes, consumers and jobs."""

from pathlib import Path

from aiohttp import web

from services.billing.settings import BillingSettings
from shared.service import ServiceDefinition

routes = web.RouteTableDef()


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="billing",
        title="Billing API",
        settings_class=BillingSettings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
    )
