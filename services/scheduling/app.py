"""Wiring of the scheduling service: its routes, consumers and jobs."""

from pathlib import Path

from aiohttp import web

from services.scheduling.settings import SchedulingSettings
from shared.service import ServiceDefinition

routes = web.RouteTableDef()


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="scheduling",
        title="Scheduling API",
        settings_class=SchedulingSettings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
    )
