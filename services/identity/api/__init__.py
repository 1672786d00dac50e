"""Identity's HTTP API: thin handlers that parse, call one use case and respond."""

from services.identity.api import (  # noqa: F401  (each module adds its routes)
    accounts,
    audit,
    clients,
    invitations,
    practices,
    sessions,
    staff,
)
from services.identity.api._routes import routes

__all__ = ["routes"]
