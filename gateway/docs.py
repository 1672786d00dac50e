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


class ApiDocs:
    """The merged OpenAPI document, cached only when every service answered.

    A document missing a service (down, still starting, answering an error) is served as
    it is but never kept: right after ``make up`` the next request must see the services
    that have come up since, not an empty document for the whole cache period. Requests
    that arrive while a document is being built share that one build, so a service that
    hangs costs one fetch timeout for all of them, not one each.
    """

    def __init__(self, *, upstreams: Mapping[str, str], cache_seconds: float) -> None:
        self._upstreams = dict(upstreams)
        self._cache_seconds = cache_seconds
        self._complete = b""
        self._expires = 0.0
        self._building: asyncio.Future[bytes] | None = None
        self.asyncapi = json.dumps(asyncapi_document()).encode()
        self.files = {name: (_STATIC / name).read_bytes() for name in _PAGE_FILES}

    async def openapi(self, client: aiohttp.ClientSession) -> bytes:
        if self._complete and time.monotonic() < self._expires:
            return self._complete
        if self._building is None:
            self._building = asyncio.ensure_future(self._build(client))
            self._building.add_done_callback(self._built)
        # shield: one reader giving up (its client went away) must not cancel the others'.
        return await asyncio.shield(self._building)

    def _built(self, build: asyncio.Future[bytes]) -> None:
        self._building = None

    async def _build(self, client: aiohttp.ClientSession) -> bytes:
        areas = sorted(self._upstreams)
        fetched = await asyncio.gather(*(self._fetch(client, area) for area in areas))
        docs = {area: doc for area, doc in zip(areas, fetched, strict=True) if doc is not None}
        down = [area for area in areas if area not in docs]
        body = json.dumps(merge_openapi(docs, unavailable=down)).encode()
        if not down:
            self._complete, self._expires = body, time.monotonic() + self._cache_seconds
        return body

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
