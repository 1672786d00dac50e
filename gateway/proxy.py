"""Forwarding ``/api/v1/<area>/...`` to the service that owns the area.

Bodies are streamed both ways and never parsed: the gateway only looks at headers.
"""

from __future__ import annotations

import time
from typing import Any

import aiohttp
from aiohttp import web
from multidict import CIMultiDict
from yarl import URL

from gateway.forwarding import downstream_response_headers, upstream_request_headers
from gateway.security import refuse_dot_segments
from gateway.state import ADDRESS, AREA, CLIENT, GATEKEEPER, METRICS, SETTINGS
from gateway.websocket import is_websocket_upgrade, proxy_websocket
from shared.errors import NotFound
from shared.logging import get_logger
from shared.web.middleware import REQUEST_ID

log = get_logger(__name__)
# A body up to this size whose length the service announced is read whole and sent on with
# its headers in one write: most API answers are a few hundred bytes, and streaming them
# cost separate writes for headers, body and end (about a tenth of the gateway's CPU on a
# small read, measured). Larger or unannounced bodies still stream, never held whole.
_WHOLE_BODY_UP_TO = 64 * 1024


async def proxy_area(request: web.Request) -> web.StreamResponse:
    """Any method on ``/api/v1/<area>/...``: admit, then forward to the area's service."""
    base = request.app[SETTINGS].upstreams.get(request.match_info["area"])
    if base is None:
        raise NotFound("no API area of that name")
    request[AREA] = request.match_info["area"]
    path = request.rel_url.path
    refuse_dot_segments(path)
    client_ip, client_chain = request.app[ADDRESS].resolve(request)
    gatekeeper = request.app[GATEKEEPER]
    authorization = await gatekeeper.admit(request, path=path, client_ip=client_ip)
    websocket = is_websocket_upgrade(request)
    headers = upstream_request_headers(
        request,
        request_id=request[REQUEST_ID],
        client_chain=client_chain,
        authorization=authorization,
        websocket=websocket,
    )
    url = URL(base + request.rel_url.raw_path_qs, encoded=True)
    if websocket:
        gatekeeper.check_websocket_origin(request)
        return await proxy_websocket(request, url=url, headers=headers)
    return await forward(request, url=url, headers=headers)


async def proxy_jwks(request: web.Request) -> web.StreamResponse:
    """``/.well-known/jwks.json`` is identity's: clients may verify tokens themselves."""
    base = request.app[SETTINGS].upstreams.get("identity")
    if base is None:
        raise NotFound("no identity service configured")
    request[AREA] = "identity"
    _, client_chain = request.app[ADDRESS].resolve(request)
    headers = upstream_request_headers(
        request, request_id=request[REQUEST_ID], client_chain=client_chain, authorization=None
    )
    return await forward(request, url=URL(base + "/.well-known/jwks.json"), headers=headers)


async def forward(
    request: web.Request, *, url: URL, headers: CIMultiDict[str]
) -> web.StreamResponse:
    area = request[AREA]
    body = await _request_body(request, limit=request.app[GATEKEEPER].max_body_bytes)
    started = time.perf_counter()
    async with request.app[CLIENT].request(
        request.method, url, headers=headers, data=body, allow_redirects=False
    ) as upstream:
        request.app[METRICS].upstream_latency.labels(area).observe(time.perf_counter() - started)
        headers = downstream_response_headers(upstream.headers)
        length = upstream.content_length
        if length is not None and length <= _WHOLE_BODY_UP_TO and request.method != "HEAD":
            # A service breaking off inside it is a 503 problem (nothing was sent yet).
            body = await upstream.read()
            return web.Response(
                status=upstream.status, reason=upstream.reason, headers=headers, body=body
            )
        response = web.StreamResponse(
            status=upstream.status, reason=upstream.reason, headers=headers
        )
        await response.prepare(request)
        await _pump(request, upstream, response)
        return response


async def _request_body(request: web.Request, *, limit: int) -> Any:
    if not request.body_exists:
        return None
    if request.content_length is not None:
        # aiohttp reads exactly Content-Length bytes (already checked against the limit).
        return request.content
    # Chunked with no length: hold at most `limit` bytes so the limit still applies.
    body = bytearray()
    async for chunk in request.content.iter_any():
        body += chunk
        if len(body) > limit:
            raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=len(body))
    return bytes(body)


async def _pump(
    request: web.Request, upstream: aiohttp.ClientResponse, response: web.StreamResponse
) -> None:
    # Headers are gone already, so failures here cannot become a problem+json answer.
    try:
        async for chunk in upstream.content.iter_any():
            await response.write(chunk)
    except ConnectionResetError:
        return  # the client left; nobody is waiting for the rest
    except (aiohttp.ClientError, TimeoutError):
        # The service broke off mid-body. Ending the response normally would pass a
        # truncated body off as complete: cut the client's connection instead.
        log.warning("proxy.upstream_broke_off", area=request[AREA])
        if request.transport is not None:
            request.transport.abort()
