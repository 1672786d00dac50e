"""Forms' HTTP API: thin handlers that parse, call one use case and respond."""

from services.forms.api import (  # noqa: F401  (each module adds its routes)
    assignments,
    submissions,
    templates,
)
from services.forms.api._routes import routes

__all__ = ["routes"]
