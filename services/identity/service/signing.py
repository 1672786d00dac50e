"""Access tokens: Ed25519 (EdDSA) JWTs, keys in identity's schema, rotated on a schedule.

The private key is stored encrypted (shared/crypto.py). ``KeyStore`` keeps the active
key and the published JWKS in memory and refreshes both in the background, so signing
never waits for the database. When the active key is older than the rotation period, a
new one takes over (one replica does it, under an advisory lock); the retired key stays
in the JWKS until every token it signed has expired.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from services.identity.repo import keys as keys_repo
from shared.auth import AUDIENCE
from shared.crypto import Keyring
from shared.db import DATABASE_DOWN, Connection
from shared.errors import ServiceUnavailable
from shared.logging import get_logger

log = get_logger(__name__)
_REFRESH_SECONDS = 30.0


class KeyStore:
    def __init__(
        self,
        pool: asyncpg.Pool,
        keyring: Keyring,
        *,
        issuer: str,
        access_seconds: int,
        rotation_days: float,
    ) -> None:
        self._pool = pool
        self._keyring = keyring
        self._issuer = issuer
        self._access_seconds = access_seconds
        self._rotation = timedelta(days=rotation_days)
        self._kid = ""
        self._private: Ed25519PrivateKey | None = None
        self._jwks: dict[str, Any] = {"keys": []}
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Load (creating or rotating if due) the keys, then keep them fresh. A database
        that is down at start delays signing (503), it does not stop the service."""
        with contextlib.suppress(*DATABASE_DOWN):
            await self.reload()
        self._task = asyncio.create_task(self._refresh_forever())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _refresh_forever(self) -> None:
        while True:
            await asyncio.sleep(_REFRESH_SECONDS if self._private is not None else 1.0)
            try:
                await self.reload()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("signing_keys.refresh_failed", error=type(exc).__name__)

    async def reload(self, *, force_rotation: bool = False) -> None:
        async with self._pool.acquire() as conn, conn.transaction():
            now = datetime.now(UTC)
            active = await keys_repo.find_active(conn)
            if force_rotation or self._due(active, now=now):
                await conn.execute("SELECT pg_advisory_xact_lock(hashtext('identity.keys'))")
                active = await keys_repo.find_active(conn)  # another replica may have done it
                if force_rotation or self._due(active, now=now):
                    active = await rotate(
                        conn, self._keyring, publish_seconds=self._publish_seconds()
                    )
            assert active is not None
            self._jwks = {"keys": await keys_repo.published(conn, now=now)}
            await keys_repo.purge_unpublished(conn, now=now)
        pem = self._keyring.decrypt(active.private_key, aad=active.kid.encode())
        private = serialization.load_pem_private_key(pem, password=None)
        assert isinstance(private, Ed25519PrivateKey)
        self._kid, self._private = active.kid, private

    def _due(self, active: keys_repo.StoredKey | None, *, now: datetime) -> bool:
        return active is None or now - active.created_at >= self._rotation

    def _publish_seconds(self) -> float:
        # Tokens signed just before the switch, plus the time replicas take to notice.
        return self._access_seconds + 4 * _REFRESH_SECONDS

    def jwks(self) -> dict[str, Any]:
        return self._jwks

    def sign(self, *, subject: uuid.UUID, practice_id: uuid.UUID, role: str, sid: uuid.UUID) -> str:
        if self._private is None:
            raise ServiceUnavailable("signing keys are not loaded yet: try again in a moment")
        now = datetime.now(UTC)
        claims = {
            "iss": self._issuer,
            "aud": AUDIENCE,
            "sub": str(subject),
            "pid": str(practice_id),
            "role": role,
            "sid": str(sid),
            "iat": now,
            "exp": now + timedelta(seconds=self._access_seconds),
        }
        return jwt.encode(claims, self._private, algorithm="EdDSA", headers={"kid": self._kid})


async def rotate(
    conn: Connection, keyring: Keyring, *, publish_seconds: float
) -> keys_repo.StoredKey:
    """Retire the active key (still published for ``publish_seconds``) and make a new one."""
    now = datetime.now(UTC)
    await keys_repo.retire_active(conn, publish_until=now + timedelta(seconds=publish_seconds))
    private = Ed25519PrivateKey.generate()
    kid = f"{now:%Y%m%d}-{uuid.uuid4().hex[:12]}"
    jwk: dict[str, Any] = OKPAlgorithm.to_jwk(private.public_key(), as_dict=True)
    jwk.update({"kid": kid, "alg": "EdDSA", "use": "sig"})
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    sealed = keyring.encrypt(pem, aad=kid.encode())
    await keys_repo.insert_key(conn, kid=kid, private_key=sealed, public_jwk=jwk)
    log.info("signing_keys.rotated", kid=kid)
    stored = await keys_repo.find_active(conn)
    assert stored is not None
    return stored
