"""Secrets minted by identity and how they are stored.

Link tokens, refresh tokens and one-time tokens carry 256 random bits, so a plain
SHA-256 digest is enough to store them. A 4-digit PIN has only 10,000 values: it is
stored as an HMAC under a server-side key, bound to its invitation, so a copy of the
database alone does not reveal it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from uuid import UUID

TOKEN_BYTES = 32
PIN_DIGITS = 4


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> bytes:
    return hashlib.sha256(token.encode("utf-8")).digest()


def email_digest(email: str) -> bytes:
    return hashlib.sha256(email.strip().lower().encode("utf-8")).digest()


def new_pin() -> str:
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def pin_mac(key: bytes, *, invitation_id: UUID, pin: str) -> bytes:
    return hmac.new(key, f"{invitation_id}:{pin}".encode(), hashlib.sha256).digest()


def pin_matches(key: bytes, *, invitation_id: UUID, pin: str, stored: bytes) -> bool:
    return hmac.compare_digest(pin_mac(key, invitation_id=invitation_id, pin=pin), stored)


def same_secret(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
