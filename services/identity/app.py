"""Wiring of the identity service: its routes, consumers and jobs."""

from pathlib import Path

from aiohttp import web

from services.identity.settings import IdentitySettings
from shared.service import ServiceDefinition

routes = web.RouteTableDef()


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="identity",
        title="Identity API",
        settings_class=IdentitySettings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
    )
