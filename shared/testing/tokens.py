"""Tokens and time for tests: sign in as any role without the login dance, and a clock
that stands still until the test moves it."""

from __future__ import annotations

import time
import uuid
from datetime import datetime, timedelta
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from shared.auth import AUDIENCE, Caller, TokenVerifier


class FrozenClock:
    """A clock a test sets and moves (``runtime.clock = FrozenClock(at)``)."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta


class TokenMinter:
    """Access tokens for any role, signed by a key of the test's own, and the JWKS that
    verifies them: a service other than identity is tested without the login dance::

        minter = TokenMinter()
        app = build_app(definition(), settings, verifier=minter.verifier())
        headers = minter.bearer(role="clinician", practice_id=practice_id)
    """

    def __init__(self, *, issuer: str = "client-portal") -> None:
        self.issuer = issuer
        self._keys: dict[str, Ed25519PrivateKey] = {}
        self.fetches = 0
        self.rotate()

    def rotate(self) -> str:
        """A new signing key (the older ones stay published); returns its kid."""
        kid = uuid.uuid4().hex[:8]
        self._keys[kid] = Ed25519PrivateKey.generate()
        self._active = kid
        return kid

    async def jwks(self) -> dict[str, Any]:
        self.fetches += 1
        keys = []
        for kid, key in self._keys.items():
            public = OKPAlgorithm.to_jwk(key.public_key(), as_dict=True)
            keys.append({**public, "kid": kid, "use": "sig", "alg": "EdDSA"})
        return {"keys": keys}

    def verifier(self) -> TokenVerifier:
        return TokenVerifier(self.jwks, issuer=self.issuer, min_refetch_seconds=0)

    def token(
        self,
        *,
        role: str = "client",
        practice_id: uuid.UUID | None = None,
        subject: uuid.UUID | None = None,
        session_id: str = "test-session",
        ttl: int = 300,
        kid: str | None = None,
        **claims: Any,
    ) -> str:
        kid = kid or self._active
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": str(subject or uuid.uuid4()),
            "pid": str(practice_id or uuid.uuid4()),
            "role": role,
            "sid": session_id,
            "iat": now,
            "exp": now + ttl,
        }
        return jwt.encode(body | claims, self._keys[kid], algorithm="EdDSA", headers={"kid": kid})

    def bearer(self, **token: Any) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(**token)}"}

    def caller_headers(self, caller: Caller) -> dict[str, str]:
        """Headers for exactly ``caller`` (same practice, account, role and session)."""
        return self.bearer(
            role=caller.role,
            practice_id=caller.practice_id,
            subject=caller.subject,
            session_id=caller.session_id,
        )
