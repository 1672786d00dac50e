"""Typed keys of what ``create_app`` puts on the application."""

from __future__ import annotations

from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web
from prometheus_client import CollectorRegistry

if TYPE_CHECKING:  # only for the types: these modules read their state through here
    from gateway.docs import ApiDocs
    from gateway.forwarding import ClientAddress
    from gateway.middleware import GatewayMetrics
    from gateway.security import Gatekeeper
    from gateway.settings import GatewaySettings

SETTINGS: web.AppKey[GatewaySettings] = web.AppKey("settings")
CLIENT: web.AppKey[aiohttp.ClientSession] = web.AppKey("client")
GATEKEEPER: web.AppKey[Gatekeeper] = web.AppKey("gatekeeper")
ADDRESS: web.AppKey[ClientAddress] = web.AppKey("address")
METRICS: web.AppKey[GatewayMetrics] = web.AppKey("metrics")
DOCS: web.AppKey[ApiDocs] = web.AppKey("docs")
REGISTRY: web.AppKey[CollectorRegistry] = web.AppKey("registry")

# Per request (the request id is shared.web.middleware.REQUEST_ID).
AREA: web.RequestKey[str] = web.RequestKey("area")
PEER_TRUSTED: web.RequestKey[bool] = web.RequestKey("peer_trusted")
# The access cookie was dead (expired, revoked, forged): the request goes on without it.
DEAD_ACCESS_COOKIE: web.RequestKey[bool] = web.RequestKey("dead_access_cookie")
