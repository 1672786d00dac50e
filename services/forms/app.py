"""Wiring of the forms service: its routes, consumers and jobs."""

from pathlib import Path

from aiohttp import web

from services.forms.settings import FormsSettings
from shared.service import ServiceDefinition

routes = web.RouteTableDef()


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="forms",
        title="Forms API",
        settings_class=FormsSettings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
    )
