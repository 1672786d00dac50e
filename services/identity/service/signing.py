"""Access tokens: Ed25519 (EdDSA) JWTs, keys in identity's schema, rotated on a schedule.

The private key is stored encrypted (shared/crypto.py). ``KeyStore`` keeps the signing
key and the published JWKS in memory and reloads both every 30 s, so signing never
waits for the database. When the signing key is older than the rotation period, one
replica (under an advisory lock) makes the next key and publishes it at once, but
nobody signs with it for ``publish_ahead_seconds``: by then every replica's JWKS has it,
so a service meeting its first token finds it in whichever replica it asks (signing
with it at once gave 401s until the other replicas reloaded). When its time comes it
takes over, and the key before it stays published until every token it signed expired.
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
RELOAD_SECONDS = 30.0  # how often each replica reads the keys again


class KeyStore:
    def __init__(
        self,
        pool: asyncpg.Pool,
        keyring: Keyring,
        *,
        issuer: str,
        access_seconds: int,
        rotation_days: float,
        publish_ahead_seconds: float = 3 * RELOAD_SECONDS,
    ) -> None:
        self._pool = pool
        self._keyring = keyring
        self._issuer = issuer
        self._access_seconds = access_seconds
        self._rotation = timedelta(days=rotation_days)
        self._ahead = timedelta(seconds=publish_ahead_seconds)
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
            await asyncio.sleep(RELOAD_SECONDS if self._private is not None else 1.0)
            try:
                await self.reload()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("signing_keys.refresh_failed", error=type(exc).__name__)

    async def reload(self, *, force_rotation: bool = False) -> None:
        """Read the keys again; start a rotation when one is due (or forced) and none is
        under way, and retire the key a next one took over from."""
        async with self._pool.acquire() as conn, conn.transaction():
            now = datetime.now(UTC)
            signing = await keys_repo.find_signing(conn, now=now)
            if await self._needs_key(conn, signing, now=now, force=force_rotation):
                await conn.execute("SELECT pg_advisory_xact_lock(hashtext('identity.keys'))")
                signing = await keys_repo.find_signing(conn, now=now)  # another replica?
                if await self._needs_key(conn, signing, now=now, force=force_rotation):
                    # The very first key signs at once: no token exists to be confused.
                    starts = now if signing is None else now + self._ahead
                    await new_key(conn, self._keyring, signs_from=starts)
                    signing = await keys_repo.find_signing(conn, now=now)
            assert signing is not None
            await keys_repo.retire_older(
                conn, than=signing, publish_until=now + self._retired_publish()
            )
            self._jwks = {"keys": await keys_repo.published(conn, now=now)}
            await keys_repo.purge_unpublished(conn, now=now)
        pem = self._keyring.decrypt(signing.private_key, aad=signing.kid.encode())
        private = serialization.load_pem_private_key(pem, password=None)
        assert isinstance(private, Ed25519PrivateKey)
        self._kid, self._private = signing.kid, private

    async def _needs_key(
        self, conn: Connection, signing: keys_repo.StoredKey | None, *, now: datetime, force: bool
    ) -> bool:
        """No key to sign with, or an old one (or a rotation asked for) and no next key
        published yet."""
        if signing is None:
            return True
        if not force and now - signing.created_at < self._rotation:
            return False
        return await keys_repo.find_next(conn, now=now) is None

    def _retired_publish(self) -> timedelta:
        # Tokens signed just before the switch, plus the time replicas take to notice.
        return timedelta(seconds=self._access_seconds + 4 * RELOAD_SECONDS)

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


async def new_key(conn: Connection, keyring: Keyring, *, signs_from: datetime) -> str:
    """Make and publish a key that signs from ``signs_from``; returns its kid."""
    now = datetime.now(UTC)
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
    await keys_repo.insert_key(
        conn, kid=kid, private_key=sealed, public_jwk=jwk, signs_from=signs_from
    )
    log.info("signing_keys.published", kid=kid, signs_from=signs_from.isoformat())
    return kid
