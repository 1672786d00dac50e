"""``/api/openapi.json`` (every service's API in one), ``/api/asyncapi.json`` (the
events) and ``/api/docs``, a page that renders both without anything from outside."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from gateway.openapi_merge import merge_openapi
from gateway.state import CLIENT, DOCS
from shared.events.asyncapi import asyncapi_document
from shared.logging import REQUEST_ID_HEADER, current_request_id, get_logger

log = get_logger(__name__)
_STATIC = Path(__file__).parent / "static"
# name -> content type; the page's script and style are files because the CSP forbids
# inline ones.
_PAGE_FILES = {
    "docs.html": "text/html",
    "docs.js": "text/javascript",
    "docs.css": "text/css",
}
_FETCH_TIMEOUT = aiohttp.ClientTimeout(total=3)
# While a service is down, look again soon rather than for the whole cache period.
_RETRY_DOWN_SECONDS = 2.0


class ApiDocs:
    def __init__(self, *, upstreams: Mapping[str, str], cache_seconds: float) -> None:
        self._upstreams = dict(upstreams)
        self._cache_seconds = cache_seconds
        self._openapi = b""
        self._expires = 0.0
        self._lock = asyncio.Lock()
        self.asyncapi = json.dumps(asyncapi_document()).encode()
        self.files = {name: (_STATIC / name).read_bytes() for name in _PAGE_FILES}

    async def openapi(self, client: aiohttp.ClientSession) -> bytes:
        async with self._lock:  # one refresh at a time, however many readers wait
            if time.monotonic() >= self._expires:
                self._openapi, ttl = await self._build(client)
                self._expires = time.monotonic() + ttl
            return self._openapi

    async def _build(self, client: aiohttp.ClientSession) -> tuple[bytes, float]:
        areas = sorted(self._upstreams)
        fetched = await asyncio.gather(*(self._fetch(client, area) for area in areas))
        docs = {area: doc for area, doc in zip(areas, fetched, strict=True) if doc is not None}
        down = [area for area in areas if area not in docs]
        document = merge_openapi(docs, unavailable=down)
        ttl = min(self._cache_seconds, _RETRY_DOWN_SECONDS) if down else self._cache_seconds
        return json.dumps(document).encode(), ttl

    async def _fetch(self, client: aiohttp.ClientSession, area: str) -> dict[str, Any] | None:
        url = f"{self._upstreams[area]}/openapi.json"
        headers = {REQUEST_ID_HEADER: current_request_id() or ""}
        try:
            async with client.get(url, headers=headers, timeout=_FETCH_TIMEOUT) as response:
                document = await response.json() if response.status == 200 else None
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("docs.service_unavailable", area=area, error=type(exc).__name__)
            return None
        return document if isinstance(document, dict) else None


async def openapi_json(request: web.Request) -> web.Response:
    body = await request.app[DOCS].openapi(request.app[CLIENT])
    return web.Response(body=body, content_type="application/json")


async def asyncapi_json(request: web.Request) -> web.Response:
    return web.Response(body=request.app[DOCS].asyncapi, content_type="application/json")


async def docs_page(request: web.Request) -> web.Response:
    return _page_file(request, "docs.html")


async def docs_asset(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if name == "docs.html" or name not in _PAGE_FILES:
        raise web.HTTPNotFound()
    return _page_file(request, name)


def _page_file(request: web.Request, name: str) -> web.Response:
    return web.Response(
        body=request.app[DOCS].files[name], content_type=_PAGE_FILES[name], charset="utf-8"
    )
