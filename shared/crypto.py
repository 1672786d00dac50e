"""Envelope encryption at rest: AES-256-GCM with the key id stored beside the ciphertext.

Keys come from ``PORTAL_ENCRYPTION_KEYS`` = ``"kid:base64key,kid2:base64key"`` (32-byte
keys, standard or URL-safe base64). The first key encrypts; every listed key decrypts,
so a key rotates by putting a new one first and keeping the old ones until their data
has been re-encrypted. A blob is::

    b"\\x01" | len(kid) (1 byte) | kid (ascii) | nonce (12 bytes) | ciphertext + tag

Pass ``aad`` (for example the row's id) to bind a ciphertext to where it is stored: a
blob copied to another row then fails to decrypt.

``Keyring.derive(purpose)`` gives a per-purpose sub-key (HKDF-SHA256) for MACs, such as
identity's PIN HMAC, so one configured secret serves every purpose and rotates the same
way. Generate a key with ``python -m shared.crypto [kid]``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import sys
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_VERSION = 1
_NONCE_BYTES = 12
_KEY_BYTES = 32
_KID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Known to everyone: only for development, and only when explicitly allowed.
_DEV_KID = "dev-insecure"
_DEV_KEY = hashlib.sha256(b"client-portal development key - never use in production").digest()


class CryptoConfigError(RuntimeError):
    """The encryption keys are missing or malformed (raised at startup)."""


class DecryptionError(ValueError):
    """A blob is damaged, was encrypted under an unknown key, or its aad differs."""


@dataclass(frozen=True)
class Keyring:
    """Named 256-bit keys; ``active`` encrypts, all decrypt."""

    keys: dict[str, bytes]
    active: str

    @classmethod
    def parse(cls, spec: str) -> Keyring:
        """Keys from ``"kid:base64key,..."``; the first one is active."""
        keys: dict[str, bytes] = {}
        for item in (part.strip() for part in spec.split(",")):
            if not item:
                continue
            kid, sep, encoded = item.partition(":")
            if not sep or not _KID.match(kid):
                raise CryptoConfigError(
                    "PORTAL_ENCRYPTION_KEYS entries are 'kid:base64key' with a key id of "
                    "letters, digits, '.', '_' or '-'"
                )
            if kid in keys:
                raise CryptoConfigError(f"PORTAL_ENCRYPTION_KEYS lists key id {kid!r} twice")
            keys[kid] = _decode_key(kid, encoded.strip())
        if not keys:
            raise CryptoConfigError("PORTAL_ENCRYPTION_KEYS holds no key")
        return cls(keys=keys, active=next(iter(keys)))

    @classmethod
    def from_config(cls, spec: str, *, allow_dev_key: bool = False) -> Keyring:
        """The configured keyring; the well-known development key only if allowed.

        Raises ``CryptoConfigError`` with what to do when nothing is configured.
        """
        if spec.strip():
            return cls.parse(spec)
        if allow_dev_key:
            return cls(keys={_DEV_KID: _DEV_KEY}, active=_DEV_KID)
        raise CryptoConfigError(
            "no encryption key configured: set PORTAL_ENCRYPTION_KEYS='kid:base64key' "
            "(generate one with `python -m shared.crypto`), or for local development only "
            "set PORTAL_ALLOW_DEV_ENCRYPTION_KEY=true"
        )

    @property
    def uses_dev_key(self) -> bool:
        return self.active == _DEV_KID

    def encrypt(self, plaintext: bytes, *, aad: bytes = b"") -> bytes:
        kid = self.active.encode("ascii")
        nonce = os.urandom(_NONCE_BYTES)
        sealed = AESGCM(self.keys[self.active]).encrypt(nonce, plaintext, aad)
        return bytes([_VERSION, len(kid)]) + kid + nonce + sealed

    def decrypt(self, blob: bytes, *, aad: bytes = b"") -> bytes:
        kid, nonce, sealed = _split(blob)
        key = self.keys.get(kid)
        if key is None:
            raise DecryptionError(
                f"data was encrypted under key {kid!r}, which PORTAL_ENCRYPTION_KEYS does not "
                "hold: configure that key (new keys go first, old ones stay after them)"
            )
        try:
            return AESGCM(key).decrypt(nonce, sealed, aad)
        except InvalidTag as exc:
            raise DecryptionError(
                f"cannot decrypt data under key {kid!r}: damaged, moved between records, or "
                "written with another key of the same id (PORTAL_ENCRYPTION_KEYS must hold the "
                "key the data was written with)"
            ) from exc

    def encrypt_text(self, text: str, *, aad: bytes = b"") -> bytes:
        return self.encrypt(text.encode("utf-8"), aad=aad)

    def decrypt_text(self, blob: bytes, *, aad: bytes = b"") -> str:
        return self.decrypt(blob, aad=aad).decode("utf-8")

    def key_id_of(self, blob: bytes) -> str:
        """Which key a blob was encrypted under (to find data still on an old key)."""
        return _split(blob)[0]

    def derive(self, purpose: str, *, kid: str | None = None) -> tuple[str, bytes]:
        """``(kid, 32-byte sub-key)`` for ``purpose``, from key ``kid`` (default: active)."""
        kid = kid or self.active
        if kid not in self.keys:
            raise DecryptionError(f"key {kid!r} is not configured")
        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode())
        return kid, hkdf.derive(self.keys[kid])


def _decode_key(kid: str, encoded: str) -> bytes:
    padded = encoded + "=" * (-len(encoded) % 4)
    try:
        key = base64.b64decode(padded.replace("-", "+").replace("_", "/"), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise CryptoConfigError(f"encryption key {kid!r} is not valid base64") from exc
    if len(key) != _KEY_BYTES:
        raise CryptoConfigError(f"encryption key {kid!r} must be 32 bytes, not {len(key)}")
    return key


def _split(blob: bytes) -> tuple[str, bytes, bytes]:
    if len(blob) < 2 or blob[0] != _VERSION:
        raise DecryptionError("not an encrypted blob of a known version")
    end = 2 + blob[1]
    if len(blob) < end + _NONCE_BYTES + 16:
        raise DecryptionError("encrypted blob is truncated")
    try:
        kid = blob[2:end].decode("ascii")
    except UnicodeDecodeError as exc:
        raise DecryptionError("encrypted blob has a damaged key id") from exc
    return kid, blob[end : end + _NONCE_BYTES], blob[end + _NONCE_BYTES :]


def new_key_spec(kid: str) -> str:
    """A fresh ``kid:base64key`` entry for PORTAL_ENCRYPTION_KEYS."""
    return f"{kid}:{base64.b64encode(os.urandom(_KEY_BYTES)).decode()}"


if __name__ == "__main__":
    print(new_key_spec(sys.argv[1] if len(sys.argv) > 1 else "k1"))
