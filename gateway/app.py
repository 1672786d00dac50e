"""``create_app(settings)``: the one place the gateway is wired."""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web
from prometheus_client import CollectorRegistry

from gateway import docs, health
from gateway.csrf import CsrfExemptions
from gateway.docs import ApiDocs
from gateway.forwarding import ClientAddress
from gateway.headers import SecurityHeaders, fixed_headers
from gateway.middleware import GatewayMetrics, make_middlewares
from gateway.proxy import proxy_area, proxy_jwks
from gateway.ratelimit import TokenBucketLimiter
from gateway.revocations import RevokedSessions, follow_revocations
from gateway.security import Gatekeeper
from gateway.settings import AREA_PATTERN, GatewaySettings
from gateway.state import ADDRESS, CLIENT, DOCS, GATEKEEPER, METRICS, REGISTRY, SETTINGS
from gateway.webclient import web_client
from shared.auth import TokenVerifier, http_jwks_source
from shared.errors import NotFound
from shared.web.metrics_listener import metrics_listener, metrics_port
from shared.web.server import answer_with


def create_app(
    settings: GatewaySettings, *, verifier: TokenVerifier | None = None
) -> web.Application:
    registry = CollectorRegistry()
    metrics = GatewayMetrics(registry)
    app = web.Application(
        middlewares=make_middlewares(metrics), client_max_size=settings.max_body_bytes
    )
    app[SETTINGS] = settings
    app[REGISTRY] = registry
    app[METRICS] = metrics
    app[ADDRESS] = ClientAddress(settings.proxies)
    app[GATEKEEPER] = _gatekeeper(settings, verifier, registry)
    app[DOCS] = ApiDocs(upstreams=settings.upstreams, cache_seconds=settings.docs_cache_seconds)
    answer_with(app, fixed_headers(settings))
    app.on_response_prepare.append(SecurityHeaders())
    app.cleanup_ctx.append(_client_ctx)
    app.cleanup_ctx.append(follow_revocations)
    port = metrics_port(configured=settings.metrics_port, http_port=settings.port)
    app.cleanup_ctx.append(metrics_listener(registry, host=settings.metrics_host, port=port))
    _add_routes(app.router)
    return app


def _gatekeeper(
    settings: GatewaySettings, verifier: TokenVerifier | None, registry: CollectorRegistry
) -> Gatekeeper:
    limiter = TokenBucketLimiter(
        rate_per_minute=settings.auth_rate_per_minute,
        burst=settings.auth_burst,
        max_keys=settings.rate_limit_max_clients,
    )
    check_limiter = TokenBucketLimiter(
        rate_per_minute=settings.password_check_rate_per_minute,
        burst=settings.password_check_burst,
        max_keys=settings.rate_limit_max_clients,
    )
    form_limiter = TokenBucketLimiter(
        rate_per_minute=settings.public_form_rate_per_minute,
        burst=settings.public_form_burst,
        max_keys=settings.rate_limit_max_clients,
    )
    return Gatekeeper(
        verifier=verifier
        or TokenVerifier(http_jwks_source(settings.jwks_url), issuer=settings.token_issuer),
        limiter=limiter,
        check_limiter=check_limiter,
        form_limiter=form_limiter,
        auth_prefixes=settings.auth_prefixes,
        max_body_bytes=settings.max_body_bytes,
        public_url=settings.public_url,
        revoked=RevokedSessions(ttl_seconds=settings.revocation_ttl_seconds, registry=registry),
        csrf_exemptions=CsrfExemptions(settings.upstreams),
    )


async def _no_such_api(_: web.Request) -> web.StreamResponse:
    raise NotFound("no such API path")


def _add_routes(router: web.UrlDispatcher) -> None:
    router.add_get("/healthz", health.healthz)
    router.add_get("/readyz", health.readyz)
    router.add_get("/.well-known/jwks.json", proxy_jwks)
    router.add_get("/api/openapi.json", docs.openapi_json)
    router.add_get("/api/asyncapi.json", docs.asyncapi_json)
    router.add_get("/api/docs", docs.docs_page)
    router.add_get("/api/docs/{name}", docs.docs_asset)
    router.add_route("*", f"/api/v1/{{area:{AREA_PATTERN}}}{{tail:(?:/.*)?}}", proxy_area)
    router.add_route("*", "/api/{tail:.*}", _no_such_api)
    router.add_get("/{path:.*}", web_client)


async def _client_ctx(app: web.Application) -> AsyncIterator[None]:
    """One client session for every upstream call: pooled keep-alive connections, DNS
    cached, nothing rewritten on the way through."""
    timeout = app[SETTINGS].upstream_timeout_seconds
    session = aiohttp.ClientSession(
        # No connection cap: each one serves a client request already in flight, so a cap
        # would only add a hidden queue; the services bound their own concurrency.
        connector=aiohttp.TCPConnector(limit=0, ttl_dns_cache=300),
        timeout=aiohttp.ClientTimeout(total=None, sock_connect=timeout, sock_read=timeout),
        # Cookies belong to the browser: a jar here would hand one user's to the next.
        cookie_jar=aiohttp.DummyCookieJar(),
        # Compressed bodies pass through compressed; no headers the client did not send.
        auto_decompress=False,
        skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding", "Content-Type"),
    )
    app[CLIENT] = session
    yield
    await session.close()
