"""Messaging's HTTP API: thin handlers that parse, call one use case and respond."""

from services.messaging.api import (  # noqa: F401  (each module adds its routes)
    client_messages,
    email_log,
    links,
    live,
    staff_messages,
)
from services.messaging.api._routes import routes

__all__ = ["routes"]
