"""Access-token verification: EdDSA JWTs signed by identity, checked against its JWKS.

Every service (and the gateway) verifies tokens itself. Keys are cached and fetched
again when a token names a ``kid`` not seen yet, which is how rotation reaches us.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import aiohttp
import jwt
from jwt.algorithms import OKPAlgorithm

from shared.errors import Forbidden, ServiceUnavailable, Unauthenticated

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


class TokenVerifier:
    """Verifies access tokens; safe to share across a process."""

    def __init__(
        self,
        source: JwksSource,
        *,
        issuer: str,
        ttl_seconds: float = 300.0,
        min_refetch_seconds: float = 5.0,
        leeway_seconds: float = 5.0,
    ) -> None:
        self._source = source
        self._issuer = issuer
        self._ttl = ttl_seconds
        self._min_refetch = min_refetch_seconds
        self._leeway = leeway_seconds
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._lock = asyncio.Lock()

    @property
    def has_keys(self) -> bool:
        """Whether keys were fetched at least once (tokens can be checked from the cache)."""
        return bool(self._keys)

    async def _refresh(self, *, force: bool) -> None:
        async with self._lock:
            age = time.monotonic() - self._fetched_at
            if (force and age < self._min_refetch) or (not force and age < self._ttl):
                return
            try:
                document = await self._source()
            except Exception as exc:
                if not self._keys:
                    raise ServiceUnavailable("token keys cannot be fetched right now") from exc
                return  # keep serving with the keys we have
            self._keys = {
                jwk["kid"]: OKPAlgorithm.from_jwk(jwk)
                for jwk in document.get("keys", [])
                if jwk.get("kty") == "OKP" and "kid" in jwk
            }
            self._fetched_at = time.monotonic()

    async def _key_for(self, kid: str) -> Any:
        await self._refresh(force=False)
        if kid not in self._keys:
            await self._refresh(force=True)
        if kid not in self._keys:
            raise Unauthenticated("token signed by an unknown key")
        return self._keys[kid]

    async def verify(self, token: str) -> Caller:
        """A Caller from a valid token; ``Unauthenticated`` for anything else."""
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
            return Caller(
                subject=UUID(claims["sub"]),
                practice_id=UUID(claims["pid"]),
                role=str(claims["role"]),
                session_id=str(claims["sid"]),
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthenticated("token expired") from exc
        except (jwt.PyJWTError, KeyError, ValueError) as exc:
            raise Unauthenticated("invalid token") from exc


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
