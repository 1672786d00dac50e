"""Billing's HTTP handlers: parse, call one use case, answer with a view."""

from services.billing.api import (  # noqa: F401 - each module adds its routes
    account,
    documents,
    invoices,
    payments,
    profiles,
    webhooks,
)
from services.billing.api._routes import routes

__all__ = ["routes"]
