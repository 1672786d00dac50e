"""Key rotation for messages at rest: put the new key first in PORTAL_ENCRYPTION_KEYS
(the old ones after it), then re-encrypt what is still under an old key. Batches of
their own transactions, rows claimed SKIP LOCKED: safe while the service runs, on
several replicas at once, and again after an interruption."""

from __future__ import annotations

from typing import Any

from services.messaging.repo import messages as messages_repo
from shared.logging import get_logger
from shared.runtime import Runtime

log = get_logger(__name__)


async def reencrypt_messages(rt: Runtime[Any], *, batch: int = 500) -> int:
    """Re-encrypt every message not under the active key; returns how many."""
    keyring, done = rt.keyring, 0
    while True:
        async with rt.uow() as uow:
            rows = await messages_repo.stale_batch(uow.conn, keyring.active, batch)
            for row in rows:
                aad = row["id"].bytes
                fresh = keyring.encrypt(keyring.decrypt(row["body"], aad=aad), aad=aad)
                await messages_repo.rewrite_body(uow.conn, row["id"], fresh, keyring.active)
            await uow.commit()
        done += len(rows)
        if len(rows) < batch:
            break
    log.info("messages.reencrypted", count=done, key_id=keyring.active)
    return done
