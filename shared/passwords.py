"""Passwords: the policy (length, strength) and argon2id hashing off the event loop.

The policy follows NIST SP 800-63B: at least 8 characters, long ones allowed, any
Unicode (normalised to NFKC so the same text typed on two keyboards matches), no
composition rules, and a rejection of common or guessable passwords by a strength
estimator (zxcvbn) whose feedback a form can show.

argon2id costs tens of milliseconds of CPU on purpose, so ``PasswordHasher`` runs it in
a small thread pool (argon2-cffi releases the GIL); the pool also bounds the memory
that concurrent hashes take. Strength estimates run on a pool of their own: the check is
public, and a flood of them must never queue in front of the hashes sign-ins wait for.
"""

from __future__ import annotations

import asyncio
import functools
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import argon2
import zxcvbn

# zxcvbn's own limit: it gets slow on long inputs, and a long password is strong anyway.
_ESTIMATE_CHARS = 72


@dataclass(frozen=True)
class PasswordPolicy:
    min_length: int = 8
    max_length: int = 256
    min_score: int = 3  # zxcvbn 0..4; 3 = "safely unguessable"


@dataclass(frozen=True)
class Strength:
    """How good a password is, in words a form can show next to the field."""

    score: int
    acceptable: bool
    warning: str = ""
    suggestions: tuple[str, ...] = field(default_factory=tuple)


def normalize_password(password: str) -> str:
    return unicodedata.normalize("NFKC", password)


def check_password(
    password: str, *, policy: PasswordPolicy, user_inputs: Sequence[str] = ()
) -> Strength:
    """The strength of an (already normalised) password against ``policy``.

    ``user_inputs`` are words a guesser would try first (the email, names, the practice).
    """
    if any(unicodedata.category(ch) == "Cc" for ch in password):
        return Strength(0, False, "Passwords cannot contain control characters.")
    if len(password) < policy.min_length:
        return Strength(0, False, f"Use at least {policy.min_length} characters.")
    if len(password) > policy.max_length:
        return Strength(0, False, f"Use at most {policy.max_length} characters.")
    inputs = [word for word in user_inputs if word][:20]
    result = zxcvbn.zxcvbn(password[:_ESTIMATE_CHARS], user_inputs=inputs)
    feedback: dict[str, Any] = result.get("feedback") or {}
    score = int(result["score"])
    acceptable = score >= policy.min_score
    warning = str(feedback.get("warning") or "")
    if not acceptable and not warning:
        warning = "This password would be easy to guess."
    suggestions = tuple(str(s) for s in feedback.get("suggestions") or ())
    if not acceptable and not suggestions:
        suggestions = ("Add another word or two. Uncommon words are better.",)
    return Strength(score, acceptable, warning, suggestions)


@dataclass(frozen=True)
class HashParameters:
    """argon2id cost. The defaults are argon2-cffi's (RFC 9106, low-memory profile)."""

    time_cost: int = 3
    memory_cost_kib: int = 65_536
    parallelism: int = 4


class PasswordHasher:
    """argon2id hash and verify in a bounded thread pool; ``close()`` when done."""

    def __init__(
        self, parameters: HashParameters, *, workers: int = 2, estimate_workers: int = 1
    ) -> None:
        self._hasher = argon2.PasswordHasher(
            time_cost=parameters.time_cost,
            memory_cost=parameters.memory_cost_kib,
            parallelism=parameters.parallelism,
            type=argon2.Type.ID,
        )
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="argon2")
        # zxcvbn is pure Python (it holds the GIL): one thread is as fast as several.
        self._estimates = ThreadPoolExecutor(
            max_workers=estimate_workers, thread_name_prefix="zxcvbn"
        )
        self._dummy: str | None = None

    async def _run(self, fn: Any, *args: Any) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(fn, *args))

    async def hash(self, password: str) -> str:
        return str(await self._run(self._hasher.hash, password))

    async def verify(self, stored_hash: str | None, password: str) -> bool:
        """True if ``password`` matches. With no hash (no such account, no password yet),
        the same work is done against a dummy hash and False returned, so the answer
        takes as long either way."""
        if stored_hash is None:
            if self._dummy is None:
                self._dummy = await self.hash("not a password anybody has")
            await self._run(self._verify_quietly, self._dummy, password)
            return False
        return bool(await self._run(self._verify_quietly, stored_hash, password))

    def _verify_quietly(self, stored_hash: str, password: str) -> bool:
        try:
            return bool(self._hasher.verify(stored_hash, password))
        except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        """True when ``stored_hash`` was made with other parameters than today's."""
        try:
            return self._hasher.check_needs_rehash(stored_hash)
        except argon2.exceptions.InvalidHashError:
            return True

    async def strength(
        self, password: str, *, policy: PasswordPolicy, user_inputs: Sequence[str] = ()
    ) -> Strength:
        """``check_password`` off the event loop (zxcvbn takes a few milliseconds), on the
        estimates' own pool, never argon2's."""
        check = functools.partial(check_password, password, policy=policy, user_inputs=user_inputs)
        verdict: Strength = await asyncio.get_running_loop().run_in_executor(self._estimates, check)
        return verdict

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._estimates.shutdown(wait=False, cancel_futures=True)
