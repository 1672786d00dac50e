"""Which requests need no CSRF token: what each service declares, never a list here.

A service marks an operation ``@endpoint(csrf_exempt=True)`` (it authenticates by what the
body carries, never by a session cookie); its ``/openapi.json`` says so as
``x-csrf-exempt: true``. The gateway reads those declarations from the same documents it
merges for ``/api/docs`` and checks CSRF at the edge with them.

Why the gateway checks at all when every service runs the same guard (shared.web.guard):
a refused request then never reaches a service (nothing to log, no work, no body read),
and the gateway and the services cannot disagree, since both read one declaration.

Failing closed: while a service's document cannot be had, none of its operations is
exempt (a cookie-borne sign-in gets 403 and is retried; nothing unsafe gets through).
Declarations are looked up only for an unsafe request on cookies without a valid token.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

from shared.logging import get_logger

log = get_logger(__name__)
_PARAM = re.compile(r"\\\{[^/]+?\\\}")
_FETCH_TIMEOUT = aiohttp.ClientTimeout(total=3)
Rule = tuple[str, re.Pattern[str]]


def exempt_operations(document: Mapping[str, Any]) -> list[Rule]:
    """(METHOD, path pattern) of every operation declared ``x-csrf-exempt``."""
    rules: list[Rule] = []
    paths = document.get("paths", {})
    for path, operations in paths.items() if isinstance(paths, dict) else ():
        for method, operation in operations.items() if isinstance(operations, dict) else ():
            if isinstance(operation, dict) and operation.get("x-csrf-exempt") is True:
                pattern = _PARAM.sub("[^/]+", re.escape(path))
                rules.append((method.upper(), re.compile(f"^{pattern}$")))
    return rules


@dataclass
class _Known:
    rules: list[Rule]
    expires: float


class CsrfExemptions:
    def __init__(
        self,
        upstreams: Mapping[str, str],
        *,
        refresh_seconds: float = 60.0,
        retry_seconds: float = 2.0,
    ) -> None:
        self._upstreams = dict(upstreams)
        self._refresh = refresh_seconds
        self._retry = retry_seconds
        self._known: dict[str, _Known] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def exempt(
        self, client: aiohttp.ClientSession, *, area: str, method: str, path: str
    ) -> bool:
        rules = await self._rules(client, area)
        return any(m == method and pattern.match(path) for m, pattern in rules)

    async def _rules(self, client: aiohttp.ClientSession, area: str) -> list[Rule]:
        known = self._known.get(area)
        if known is not None and time.monotonic() < known.expires:
            return known.rules
        async with self._locks.setdefault(area, asyncio.Lock()):
            known = self._known.get(area)
            if known is None or time.monotonic() >= known.expires:
                document = await self._fetch(client, area)
                rules = exempt_operations(document) if document is not None else []
                ttl = self._refresh if document is not None else self._retry
                known = self._known[area] = _Known(rules, time.monotonic() + ttl)
            return known.rules

    async def _fetch(self, client: aiohttp.ClientSession, area: str) -> dict[str, Any] | None:
        base = self._upstreams.get(area)
        if base is None:
            return None
        try:
            async with client.get(f"{base}/openapi.json", timeout=_FETCH_TIMEOUT) as response:
                document = await response.json() if response.status == 200 else None
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            log.warning("csrf.declarations_unavailable", area=area, error=type(exc).__name__)
            return None
        return document if isinstance(document, dict) else None
