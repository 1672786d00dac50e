"""``/healthz`` and ``/readyz`` of the gateway itself (``/metrics`` has a listener of its
own: shared.web.metrics_listener)."""

from __future__ import annotations

import asyncio

import aiohttp
from aiohttp import web

from gateway.state import CLIENT, GATEKEEPER, SETTINGS

_CHECK_TIMEOUT = aiohttp.ClientTimeout(total=2)


async def healthz(_: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Ready when tokens can be checked: identity's keys are cached or can be fetched.
    Once cached, an identity outage does not take the gateway (and every other area)
    out of service. Each service's reachability is reported too, for the operator."""
    settings, client = request.app[SETTINGS], request.app[CLIENT]
    areas = sorted(settings.upstreams)
    fetchable, *services = await asyncio.gather(
        _reachable(client, settings.jwks_url),
        *(_reachable(client, f"{settings.upstreams[area]}/healthz") for area in areas),
    )
    jwks = fetchable or request.app[GATEKEEPER].verifier.has_keys
    body = {
        "status": "ready" if jwks else "not ready",
        "checks": {"jwks": jwks, "upstreams": dict(zip(areas, services, strict=True))},
    }
    return web.json_response(body, status=200 if jwks else 503)


async def _reachable(client: aiohttp.ClientSession, url: str) -> bool:
    try:
        async with client.get(url, timeout=_CHECK_TIMEOUT) as response:
            return response.status == 200
    except (aiohttp.ClientError, TimeoutError):
        return False
