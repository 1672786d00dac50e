"""Key rotation: with a new key first in PORTAL_ENCRYPTION_KEYS, ``rotate-keys``
re-encrypts every message under it, so the old key can go."""

from __future__ import annotations

from services.messaging.cli import rotate_keys
from services.messaging.settings import MessagingSettings
from services.messaging.tests.integration.conftest import Service
from services.messaging.tests.support import Practice
from shared.crypto import Keyring, new_key_spec


async def test_rotate_keys_moves_every_message_to_the_new_key(
    messaging: Service, practice: Practice
) -> None:
    client = await messaging.world.client(practice)
    for text in ("before the rotation", "also before"):
        await messaging.send(practice, client, text)
    old = messaging.runtime.settings
    new_key = new_key_spec("k2")
    rotated = old.model_copy(update={"encryption_keys": f"{new_key},{old.encryption_keys}"})
    assert isinstance(rotated, MessagingSettings)

    assert await rotate_keys(rotated) >= 2

    left = await messaging.db.fetchval(
        "SELECT count(*) FROM messaging.messages WHERE key_id <> 'k2'"
    )
    assert left == 0
    first = await messaging.db.fetchrow(
        "SELECT m.id, m.body FROM messaging.messages m"
        " JOIN messaging.threads t ON t.id = m.thread_id"
        " WHERE t.client_id = $1 ORDER BY m.seq LIMIT 1",
        client.id,
    )
    only_new = Keyring.parse(new_key)
    assert only_new.decrypt_text(first["body"], aad=first["id"].bytes) == "before the rotation"
    assert await rotate_keys(rotated) == 0, "running it again finds nothing left to do"

    # The service reads them with the new key alone (the old one has gone).
    before, messaging.runtime.keyring = messaging.runtime.keyring, only_new
    try:
        page = await messaging.page(practice, client)
        assert [m["body"] for m in page["messages"]] == ["also before", "before the rotation"]
    finally:
        messaging.runtime.keyring = before
        # Back under the run's key: other tests share this database.
        back = old.model_copy(update={"encryption_keys": f"{old.encryption_keys},{new_key}"})
        assert isinstance(back, MessagingSettings)
        await rotate_keys(back)
