"""Scheduling's HTTP API: thin handlers that parse, call one use case and respond."""

from services.scheduling.api import (  # noqa: F401  (each module adds its routes)
    appointments,
    booking,
    calendars,
    hours,
    setup,
    staff,
)
from services.scheduling.api._routes import routes

__all__ = ["routes"]
