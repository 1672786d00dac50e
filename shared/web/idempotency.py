"""``Idempotency-Key`` for unsafe requests (``@endpoint(idempotent=True)``).

A client that cannot tell whether its booking or payment went through sends the same
request again with the same key. Keys belong to one caller (practice + account), live in
the service's own ``idempotency_keys`` table (shared/sql) and are purged after
``KEEP_HOURS``:

- the first request claims the key (one INSERT: of two racing requests, one wins);
- the same key and the same request (method, route, path and a SHA-256 of the body)
  replays the first answer: status, body and the headers that describe it;
- the same key with another request is 422; a second request while the first is still
  running is 409 (with ``Retry-After``);
- a request that failed (any error) releases its key, so that it can be sent again.

A process that dies while holding a key leaves it claimed until ``LEASE_SECONDS`` pass; a
retry after that runs the request again. The answer is stored once the use case has
committed, in its own statement: a crash in between is that narrow window.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Awaitable, Callable

from aiohttp import web

from shared.auth import Caller
from shared.db import Connection
from shared.errors import Conflict, InvalidInput
from shared.runtime import RUNTIME

HEADER = "Idempotency-Key"
KEEP_HOURS = 24
LEASE_SECONDS = 60
REPLAYED_HEADERS = ("Content-Type", "Location", "Cache-Control", "ETag")
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # printable ASCII, no spaces

CLAIM = """
INSERT INTO idempotency_keys (practice_id, caller_id, key, request_hash, locked_until)
VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5))
ON CONFLICT (practice_id, caller_id, key) DO UPDATE
    SET request_hash = EXCLUDED.request_hash, locked_until = EXCLUDED.locked_until,
        created_at = now()
    WHERE idempotency_keys.completed_at IS NULL AND idempotency_keys.locked_until < now()
RETURNING true
"""
FIND = """
SELECT request_hash, completed_at, status, headers, body FROM idempotency_keys
WHERE practice_id = $1 AND caller_id = $2 AND key = $3
"""
COMPLETE = """
UPDATE idempotency_keys SET completed_at = now(), status = $4, headers = $5, body = $6
WHERE practice_id = $1 AND caller_id = $2 AND key = $3
"""
RELEASE = """
DELETE FROM idempotency_keys
WHERE practice_id = $1 AND caller_id = $2 AND key = $3 AND completed_at IS NULL
"""


def request_hash(request: web.Request, body: bytes) -> bytes:
    route = request.match_info.route.resource
    head = f"{request.method} {route.canonical if route else ''} {request.rel_url.raw_path}"
    return hashlib.sha256(head.encode() + b"\n" + body).digest()


async def run_idempotent(
    request: web.Request, caller: Caller, call: Callable[[], Awaitable[web.StreamResponse]]
) -> web.StreamResponse:
    key = request.headers.get(HEADER)
    if key is None:
        return await call()
    if not _KEY.match(key):
        raise InvalidInput("must be 1 to 255 printable characters (a UUID)", field=HEADER)
    ids = (caller.practice_id, caller.subject, key)
    digest = request_hash(request, await request.read())
    pool = request.app[RUNTIME].pool
    async with pool.acquire() as conn:
        if not await conn.fetchval(CLAIM, *ids, digest, LEASE_SECONDS):
            return await _replay(conn, ids, digest)
    try:
        response = await call()
    except BaseException:
        async with pool.acquire() as conn:
            await conn.execute(RELEASE, *ids)
        raise
    await _store(request, ids, response)
    return response


async def _replay(conn: Connection, ids: tuple[object, ...], digest: bytes) -> web.Response:
    row = await conn.fetchrow(FIND, *ids)
    if row is None:  # released a moment ago: the first request failed
        raise Conflict("a request with this Idempotency-Key just failed; send it again")
    if row["request_hash"] != digest:
        raise InvalidInput(
            "was already used for a different request: use a new key for a new request",
            field=HEADER,
        )
    if row["completed_at"] is None:
        raise Conflict(
            "a request with this Idempotency-Key is still being processed", retry_after=1
        )
    headers = dict(row["headers"]) | {"Idempotent-Replayed": "true"}
    return web.Response(status=row["status"], body=row["body"], headers=headers)


async def _store(request: web.Request, ids: tuple[object, ...], response: web.StreamResponse) -> None:
    body = response.body if isinstance(response, web.Response) else None
    if not isinstance(body, bytes):  # a streamed answer cannot be replayed: free the key
        async with request.app[RUNTIME].pool.acquire() as conn:
            await conn.execute(RELEASE, *ids)
        return
    headers = {k: response.headers[k] for k in REPLAYED_HEADERS if k in response.headers}
    async with request.app[RUNTIME].pool.acquire() as conn:
        await conn.execute(COMPLETE, *ids, response.status, headers, body)


async def purge_idempotency_keys(conn: Connection) -> int:
    """Forget keys older than ``KEEP_HOURS`` (a periodic job of every service)."""
    done = await conn.execute(
        "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)",
        KEEP_HOURS,
    )
    return int(done.split()[-1])
