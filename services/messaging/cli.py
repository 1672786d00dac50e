"""Messaging's command line (beside ``python -m services.messaging [api|worker|migrate]``):

    python -m services.messaging rotate-keys   re-encrypt messages under the active key

Rotating: put a new key first in PORTAL_ENCRYPTION_KEYS and keep the old ones after it,
restart the service, run rotate-keys, then the old key may go.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

from services.messaging.app import definition
from services.messaging.service.keys import reencrypt_messages
from services.messaging.settings import MessagingSettings
from shared.db import create_pool
from shared.logging import configure_logging
from shared.runtime import open_runtime
from shared.service import migrate_service


async def rotate_keys(settings: MessagingSettings) -> int:
    await migrate_service(definition(), settings)
    pool = await create_pool(settings.runtime_database_url(), size=2, schema=settings.db_schema)
    try:
        async with open_runtime(settings, pool) as runtime:
            return await reencrypt_messages(runtime)
    finally:
        await pool.close()


def main(argv: Sequence[str]) -> None:
    if list(argv) != ["rotate-keys"]:
        print("usage: python -m services.messaging rotate-keys", file=sys.stderr)
        raise SystemExit(2)
    configure_logging(level="warning", service="messaging-cli")
    try:
        settings = MessagingSettings()
        count = asyncio.run(rotate_keys(settings))
    except Exception as exc:  # a message for a person, not a traceback
        print(f"rotate-keys: {exc}", file=sys.stderr)
        raise SystemExit(1) from exc
    print(f"{count} messages re-encrypted under key {settings.encryption_keys.split(':')[0]!r}.")
