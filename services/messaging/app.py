"""Wiring of the messaging service: its routes, consumers and jobs."""

from pathlib import Path

from aiohttp import web

from services.messaging.settings import MessagingSettings
from shared.service import ServiceDefinition

routes = web.RouteTableDef()


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="messaging",
        title="Messaging API",
        settings_class=MessagingSettings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
    )
