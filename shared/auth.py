"""Access-token verification: EdDSA JWTs signed by identity, checked against its JWKS.

Every service (and the gateway) verifies tokens itself. Keys are cached, refreshed in
the background, and fetched at once when a token names a ``kid`` not seen yet, which is
how rotation reaches us.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import aiohttp
import jwt
from jwt.algorithms import OKPAlgorithm

from shared.errors import Forbidden, ServiceUnavailable, Unauthenticated
from shared.logging import get_logger

log = get_logger(__name__)

AUDIENCE = "client-portal"
STAFF_ROLES = ("clinician", "admin")
ALL_ROLES = ("client", "clinician", "admin")

JwksSource = Callable[[], Awaitable[dict[str, Any]]]


@dataclass(frozen=True)
class Caller:
    """Who is calling: taken from a verified token, never from a header a client sent."""

    subject: UUID
    practice_id: UUID
    role: str
    session_id: str

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


def http_jwks_source(url: str, *, timeout: float = 3.0) -> JwksSource:
    """Fetch the JWKS document from ``url`` (the identity service's)."""

    async def fetch() -> dict[str, Any]:
        client_timeout = aiohttp.ClientTimeout(total=timeout)
        async with (
            aiohttp.ClientSession(timeout=client_timeout) as session,
            session.get(url) as response,
        ):
            response.raise_for_status()
            document: dict[str, Any] = await response.json()
            return document

    return fetch


class _VerifiedTokens:
    """Tokens this process has verified, until they expire: a client sends the same access
    token for its whole life (minutes), and an EdDSA check is the largest single cost of
    an authenticated request (a quarter of the gateway's CPU per /me, measured). Keyed by
    the whole token, signature included, so only a byte-identical token ever hits; an
    entry never outlives the token's own ``exp``, and is used only while its key is still
    published. Revocation is not decided here: the gateway's revoked set and each
    service's session check run on every request, cached token or not."""

    def __init__(self, *, max_entries: int = 10_000) -> None:
        self._max = max_entries
        self._entries: dict[str, tuple[Caller, float, str]] = {}  # token -> caller, until, kid

    def find(self, token: str, *, keys: dict[str, Any]) -> Caller | None:
        entry = self._entries.get(token)
        if entry is None:
            return None
        caller, until, kid = entry
        if time.time() >= until or kid not in keys:
            del self._entries[token]
            return None
        return caller

    def keep(self, token: str, caller: Caller, *, until: float, kid: str) -> None:
        if len(self._entries) >= self._max:
            now = time.time()
            self._entries = {t: e for t, e in self._entries.items() if e[1] > now}
            while len(self._entries) >= self._max:  # still full: the oldest go first
                del self._entries[next(iter(self._entries))]
        self._entries[token] = (caller, until, kid)


class TokenVerifier:
    """Verifies access tokens; safe to share across a process.

    Keys are cached for ``ttl_seconds``; after that they are fetched again in the
    background while tokens go on being checked with the cached ones, so an identity
    that is slow or hanging never holds up a request. A token naming a key not seen yet
    waits for one fetch (a rotation); a failed fetch is not tried again for a growing
    while (``backoff_seconds`` doubling up to ``max_backoff_seconds``), and until one
    succeeds such tokens get 503, not a stall.
    """

    def __init__(
        self,
        source: JwksSource,
        *,
        issuer: str,
        ttl_seconds: float = 300.0,
        min_refetch_seconds: float = 5.0,
        leeway_seconds: float = 5.0,
        backoff_seconds: float = 1.0,
        max_backoff_seconds: float = 60.0,
    ) -> None:
        self._source = source
        self._issuer = issuer
        self._ttl = ttl_seconds
        self._min_refetch = min_refetch_seconds
        self._leeway = leeway_seconds
        self._backoff = (backoff_seconds, max_backoff_seconds)
        self._keys: dict[str, Any] = {}
        self._fetched_at = -math.inf
        self._failures = 0
        self._retry_at = -math.inf
        self._fetching: asyncio.Task[None] | None = None
        self._verified = _VerifiedTokens()

    @property
    def has_keys(self) -> bool:
        """Whether keys were fetched at least once (tokens can be checked from the cache)."""
        return bool(self._keys)

    async def close(self) -> None:
        """Stop a fetch still under way (at shutdown)."""
        if self._fetching is not None and not self._fetching.done():
            self._fetching.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._fetching

    def _fetch(self) -> asyncio.Task[None] | None:
        """The fetch under way, or a new one; None while backing off after a failure."""
        if self._fetching is not None and not self._fetching.done():
            return self._fetching
        if time.monotonic() < self._retry_at:
            return None
        self._fetching = asyncio.create_task(self._fetch_keys())
        return self._fetching

    async def _fetch_keys(self) -> None:
        try:
            document = await self._source()
        except Exception as exc:
            self._failures += 1
            first, most = self._backoff
            wait = min(first * 2 ** (self._failures - 1), most)
            self._retry_at = time.monotonic() + wait
            log.warning("jwks.fetch_failed", error=type(exc).__name__, retry_in=wait)
            return
        self._keys = {
            jwk["kid"]: OKPAlgorithm.from_jwk(jwk)
            for jwk in document.get("keys", [])
            if jwk.get("kty") == "OKP" and "kid" in jwk
        }
        self._fetched_at = time.monotonic()
        self._failures, self._retry_at = 0, -math.inf

    async def _key_for(self, kid: str) -> Any:
        key = self._keys.get(kid)
        if key is not None:
            if time.monotonic() - self._fetched_at >= self._ttl:
                self._fetch()  # in the background: this request goes on with the cache
            return key
        # A key not seen yet: a rotation worth one fetch now (not more often than
        # min_refetch, so made-up key ids cannot make us hammer identity).
        if time.monotonic() - self._fetched_at >= self._min_refetch:
            fetching = self._fetch()
            if fetching is not None:
                await asyncio.shield(fetching)
        if kid in self._keys:
            return self._keys[kid]
        if not self._keys or self._failures:
            raise ServiceUnavailable("token keys cannot be fetched right now")
        raise Unauthenticated("token signed by an unknown key")

    async def verify(self, token: str) -> Caller:
        """A Caller from a valid token; ``Unauthenticated`` for anything else."""
        known = self._verified.find(token, keys=self._keys)
        if known is not None:
            if time.monotonic() - self._fetched_at >= self._ttl:
                self._fetch()  # in the background, as below: keys stay as fresh as ever
            return known
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthenticated("malformed token") from exc
        if header.get("alg") != "EdDSA" or not isinstance(header.get("kid"), str):
            raise Unauthenticated("token is not an EdDSA token with a key id")
        key = await self._key_for(header["kid"])
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=["EdDSA"],
                audience=AUDIENCE,
                issuer=self._issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "sub", "sid"]},
            )
            caller = Caller(
                subject=UUID(claims["sub"]),
                practice_id=UUID(claims["pid"]),
                role=str(claims["role"]),
                session_id=str(claims["sid"]),
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("token expired") from exc
        except (jwt.PyJWTError, KeyError, ValueError) as exc:
            raise Unauthenticated("invalid token") from exc
        # Valid as long as decode() would still accept it: until exp plus the leeway.
        until = float(claims["exp"]) + self._leeway
        self._verified.keep(token, caller, until=until, kid=header["kid"])
        return caller


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def require_role(caller: Caller, roles: tuple[str, ...]) -> None:
    if caller.role not in roles:
        raise Forbidden("your role cannot do this")
