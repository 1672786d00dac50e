"""A token is verified once per process, and a cached verification never outlives what a
fresh one would accept: the token's expiry, the key that signed it, its exact bytes."""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from jwt.algorithms import OKPAlgorithm

from shared.auth import AUDIENCE, Caller, TokenVerifier, _VerifiedTokens
from shared.errors import Unauthenticated


class KeySet:
    """Identity's published keys, changed at will."""

    def __init__(self) -> None:
        self.keys: dict[str, Ed25519PrivateKey] = {}

    def add(self) -> str:
        kid = uuid.uuid4().hex[:8]
        self.keys[kid] = Ed25519PrivateKey.generate()
        return kid

    async def jwks(self) -> dict[str, Any]:
        return {
            "keys": [
                {**OKPAlgorithm.to_jwk(k.public_key(), as_dict=True), "kid": kid, "alg": "EdDSA"}
                for kid, k in self.keys.items()
            ]
        }

    def token(self, kid: str, *, ttl: int = 300) -> str:
        now = int(time.time())
        claims = {
            "iss": "client-portal",
            "aud": AUDIENCE,
            "sub": str(uuid.uuid4()),
            "pid": str(uuid.uuid4()),
            "role": "client",
            "sid": uuid.uuid4().hex,
            "iat": now,
            "exp": now + ttl,
        }
        return jwt.encode(claims, self.keys[kid], algorithm="EdDSA", headers={"kid": kid})


def verifier_for(keys: KeySet) -> TokenVerifier:
    return TokenVerifier(keys.jwks, issuer="client-portal", min_refetch_seconds=0)


def a_caller() -> Caller:
    return Caller(subject=uuid.uuid4(), practice_id=uuid.uuid4(), role="client", session_id="s")


async def test_a_token_seen_before_is_not_decoded_again(monkeypatch: pytest.MonkeyPatch) -> None:
    keys = KeySet()
    token = keys.token(keys.add())
    verifier = verifier_for(keys)
    decoded: list[str] = []
    real_decode = jwt.decode

    def counting_decode(*args: Any, **kwargs: Any) -> Any:
        decoded.append(args[0])
        return real_decode(*args, **kwargs)

    monkeypatch.setattr(jwt, "decode", counting_decode)
    callers = [await verifier.verify(token) for _ in range(3)]

    assert callers[0] == callers[1] == callers[2]
    assert decoded == [token]


async def test_a_token_changed_by_one_character_is_checked_and_refused() -> None:
    keys = KeySet()
    token = keys.token(keys.add())
    verifier = verifier_for(keys)
    await verifier.verify(token)
    head, payload, signature = token.split(".")
    forged = f"{head}.{payload}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BB'}"

    with pytest.raises(Unauthenticated):
        await verifier.verify(forged)


async def test_a_cached_token_whose_key_was_withdrawn_is_refused_once_keys_reload() -> None:
    keys = KeySet()
    old_kid = keys.add()
    old_token = keys.token(old_kid)
    verifier = verifier_for(keys)
    await verifier.verify(old_token)

    del keys.keys[old_kid]  # identity stops publishing it (say, a leaked key)
    await verifier.verify(keys.token(keys.add()))  # an unknown kid makes the verifier reload

    with pytest.raises(Unauthenticated):
        await verifier.verify(old_token)


async def test_an_expired_token_is_refused_even_though_it_was_verified_before() -> None:
    keys = KeySet()
    kid = keys.add()
    verifier = TokenVerifier(keys.jwks, issuer="client-portal", leeway_seconds=0)
    token = keys.token(kid, ttl=2)
    await verifier.verify(token)

    expires = jwt.decode(token, options={"verify_signature": False})["exp"]
    await asyncio.sleep(max(0.0, expires - time.time()) + 0.2)  # a real token, really expired

    with pytest.raises(Unauthenticated):
        await verifier.verify(token)


def test_an_entry_is_not_served_past_its_end() -> None:
    cache = _VerifiedTokens()
    cache.keep("t", a_caller(), until=time.time() - 0.001, kid="k")

    assert cache.find("t", keys={"k": object()}) is None


def test_the_cache_stays_within_its_size_dropping_expired_then_oldest_entries() -> None:
    cache = _VerifiedTokens(max_entries=3)
    later = time.time() + 60
    cache.keep("expired", a_caller(), until=time.time() - 1, kid="k")
    for name in ("a", "b", "c", "d"):
        cache.keep(name, a_caller(), until=later, kid="k")

    keys = {"k": object()}
    assert [cache.find(n, keys=keys) is not None for n in ("expired", "a", "b", "c", "d")] == [
        False,
        False,
        True,
        True,
        True,
    ]
