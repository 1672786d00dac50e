"""HTTP calls from one service to another: short timeouts and the request id.

Prefer events; when a service must ask another, it uses ``service_session()`` so the
caller's request id goes along (``X-Request-ID``) and a slow peer fails fast.
"""

from __future__ import annotations

from types import SimpleNamespace

import aiohttp

from shared.logging import REQUEST_ID_HEADER, current_request_id


async def _add_request_id(
    session: aiohttp.ClientSession,
    context: SimpleNamespace,
    params: aiohttp.TraceRequestStartParams,
) -> None:
    request_id = current_request_id()
    if request_id and REQUEST_ID_HEADER not in params.headers:
        params.headers[REQUEST_ID_HEADER] = request_id


def service_session(*, timeout_seconds: float = 3.0) -> aiohttp.ClientSession:
    """A client session for internal calls; create one per process and reuse it."""
    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(_add_request_id)
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=timeout_seconds), trace_configs=[trace]
    )
