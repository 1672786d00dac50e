"""The aiohttp side of every service: app factory, ``@endpoint``, the request guard,
Idempotency-Key, middlewares, health/readiness/metrics and the OpenAPI document."""

from shared.web.app import BROKER, POOL, SETTINGS, VERIFIER, create_service_app
from shared.web.endpoint import (
    endpoint,
    json_response,
    optional_body,
    optional_caller,
    origin_of,
    path_uuid,
)

__all__ = [
    "BROKER", "POOL", "SETTINGS", "VERIFIER", "create_service_app", "endpoint",
    "json_response", "optional_body", "optional_caller", "origin_of", "path_uuid",
]  # fmt: skip
