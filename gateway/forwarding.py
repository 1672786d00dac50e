"""Which headers cross the gateway, in each direction, and who the client is."""

from __future__ import annotations

from collections.abc import Mapping

from aiohttp import web
from multidict import CIMultiDict, CIMultiDictProxy

from gateway.state import DEAD_ACCESS_COOKIE, GATEKEEPER, PEER_TRUSTED
from shared.logging import REQUEST_ID_HEADER
from shared.origin import TrustedProxies

# RFC 9110 section 7.6.1: meant for one connection, never forwarded.
HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "trailer",
        "trailers",
        "transfer-encoding",
        "upgrade",
    }
)
# Set by aiohttp for the upstream connection or by the gateway itself below.
_REPLACED = frozenset(
    {"host", "x-request-id", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"}
)
_WEBSOCKET_HANDSHAKE = frozenset(
    {"sec-websocket-key", "sec-websocket-version", "sec-websocket-extensions"}
)


def _connection_listed(headers: Mapping[str, str]) -> set[str]:
    listed = ",".join(v for k, v in headers.items() if k.lower() == "connection")
    return {name.strip().lower() for name in listed.split(",") if name.strip()}


def _is_identity_header(name: str) -> bool:
    """Headers that claim who the caller is: only a verified token may say that."""
    return name.startswith(("x-portal-", "x-user-")) or name in ("x-forwarded-user", "forwarded")


def upstream_request_headers(
    request: web.Request,
    *,
    request_id: str,
    client_chain: str,
    authorization: str | None,
    websocket: bool = False,
) -> CIMultiDict[str]:
    drop = HOP_BY_HOP | _REPLACED | _connection_listed(request.headers)
    if websocket:
        drop |= _WEBSOCKET_HANDSHAKE | {"sec-websocket-protocol"}
    out: CIMultiDict[str] = CIMultiDict()
    for name, value in request.headers.items():
        lowered = name.lower()
        if lowered in drop or _is_identity_header(lowered) or lowered == "authorization":
            continue
        out.add(name, value)
    if request.get(DEAD_ACCESS_COOKIE, False):
        _drop_cookie(out, request.app[GATEKEEPER].cookies.access)
    if authorization:
        out["Authorization"] = authorization
    out[REQUEST_ID_HEADER] = request_id
    out["X-Forwarded-For"] = client_chain
    out["X-Forwarded-Proto"] = _forwarded_value(request, "X-Forwarded-Proto", request.scheme)
    out["X-Forwarded-Host"] = _forwarded_value(request, "X-Forwarded-Host", request.host)
    return out


def _drop_cookie(headers: CIMultiDict[str], name: str) -> None:
    """Remove one cookie from the Cookie header(s), keeping the others as sent."""
    kept = [
        pair.strip()
        for value in headers.popall("Cookie", [])
        for pair in value.split(";")
        if pair.strip() and pair.split("=", 1)[0].strip() != name
    ]
    if kept:
        headers["Cookie"] = "; ".join(kept)


def downstream_response_headers(headers: CIMultiDictProxy[str]) -> CIMultiDict[str]:
    """Upstream response headers minus hop-by-hop ones; repeated ones (Set-Cookie) kept."""
    drop = HOP_BY_HOP | _connection_listed(headers)
    out: CIMultiDict[str] = CIMultiDict()
    for name, value in headers.items():
        if name.lower() not in drop:
            out.add(name, value)
    return out


def _forwarded_value(request: web.Request, header: str, own: str) -> str:
    incoming = request.headers.get(header)
    return incoming if incoming and request.get(PEER_TRUSTED, False) else own


class ClientAddress:
    """The client's IP (shared.origin: PORTAL_TRUSTED_PROXIES, the same rule as every
    service's) and the X-Forwarded-For chain to send upstream."""

    def __init__(self, trusted: TrustedProxies) -> None:
        self._trusted = trusted

    def resolve(self, request: web.Request) -> tuple[str, str]:
        """(client ip, X-Forwarded-For value to send upstream); marks a trusted peer."""
        peer = request.remote or "unknown"
        if not self._trusted.trusts(peer):
            return peer, peer
        request[PEER_TRUSTED] = True
        incoming = request.headers.get("X-Forwarded-For", "")
        if not incoming:
            return peer, peer
        client = self._trusted.client_ip(peer, incoming) or peer
        return client, f"{incoming}, {peer}"
