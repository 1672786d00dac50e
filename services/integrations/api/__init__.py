"""The integrations HTTP API: thin handlers that parse, call one use case and respond."""

from services.integrations.api import (  # noqa: F401  (each module adds its routes)
    tool_credentials,
    webhooks,
)
from services.integrations.api._routes import routes

__all__ = ["routes"]
