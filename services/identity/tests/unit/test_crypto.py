"""shared/crypto.py: AES-GCM with the key id beside the ciphertext; keys rotate."""

from __future__ import annotations

import pytest

from shared.crypto import CryptoConfigError, DecryptionError, Keyring, new_key_spec


def test_a_blob_round_trips_and_names_its_key() -> None:
    ring = Keyring.parse(new_key_spec("k1"))
    blob = ring.encrypt(b"secret", aad=b"row-1")
    assert b"secret" not in blob and ring.key_id_of(blob) == "k1"
    assert ring.decrypt(blob, aad=b"row-1") == b"secret"
    assert ring.encrypt(b"secret") != ring.encrypt(b"secret")  # a fresh nonce each time


def test_a_blob_moved_to_another_row_or_tampered_with_fails() -> None:
    ring = Keyring.parse(new_key_spec("k1"))
    blob = ring.encrypt(b"secret", aad=b"row-1")
    with pytest.raises(DecryptionError):
        ring.decrypt(blob, aad=b"row-2")
    with pytest.raises(DecryptionError):
        ring.decrypt(blob[:-1] + bytes([blob[-1] ^ 1]), aad=b"row-1")
    with pytest.raises(DecryptionError):
        ring.decrypt(b"\x02garbage", aad=b"row-1")


def test_after_rotation_the_new_key_encrypts_and_the_old_one_still_decrypts() -> None:
    old_spec, new_spec = new_key_spec("2025"), new_key_spec("2026")
    old = Keyring.parse(old_spec)
    blob = old.encrypt_text("hello")
    rotated = Keyring.parse(f"{new_spec},{old_spec}")
    assert rotated.decrypt_text(blob) == "hello"
    assert rotated.key_id_of(rotated.encrypt_text("x")) == "2026"
    with pytest.raises(DecryptionError):
        Keyring.parse(new_spec).decrypt_text(blob)


def test_derived_keys_differ_by_purpose_and_follow_the_key_id() -> None:
    ring = Keyring.parse(f"{new_key_spec('b')},{new_key_spec('a')}")
    kid, pin_key = ring.derive("pin")
    assert kid == "b" and len(pin_key) == 32
    assert ring.derive("other")[1] != pin_key
    assert ring.derive("pin", kid="a")[1] != pin_key


def test_without_keys_startup_fails_clearly_unless_the_development_key_is_allowed() -> None:
    with pytest.raises(CryptoConfigError, match="PORTAL_ENCRYPTION_KEYS"):
        Keyring.from_config("")
    assert Keyring.from_config("", allow_dev_key=True).uses_dev_key


@pytest.mark.parametrize(
    "spec",
    [
        "nokid",
        "k1:not-base64!",
        "k1:AAAA",
        "bad kid:" + "A" * 44,
        f"{new_key_spec('k')},{new_key_spec('k')}",
    ],
)
def test_malformed_key_settings_are_refused(spec: str) -> None:
    with pytest.raises(CryptoConfigError):
        Keyring.parse(spec)
