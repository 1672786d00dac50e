"""Wiring of the identity service: its routes, resources, middleware and jobs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import web

from services.identity.api import middleware, routes
from services.identity.api.common import IDENTITY
from services.identity.consumers import SUBSCRIPTIONS
from services.identity.repo import sessions as sessions_repo
from services.identity.repo import tokens as tokens_repo
from services.identity.service.runtime import Identity
from services.identity.service.signing import KeyStore
from services.identity.settings import IdentitySettings
from shared.auth import JwksSource
from shared.crypto import Keyring
from shared.db import UnitOfWork
from shared.logging import get_logger
from shared.passwords import PasswordHasher
from shared.service import PeriodicJob, ServiceDefinition
from shared.web import POOL, SETTINGS

log = get_logger(__name__)
KEEP_ENDED = timedelta(days=30)


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="identity",
        title="Identity API",
        settings_class=IdentitySettings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
        api_resources=(identity_ctx,),
        subscriptions=SUBSCRIPTIONS,
        jobs=(PeriodicJob(name="purge-ended", every_seconds=3600, run=purge_ended),),
        jwks_source=own_jwks,
        extra_apps=(middleware.install,),
    )


async def identity_ctx(app: web.Application) -> AsyncIterator[None]:
    """The runtime every handler uses: hasher thread pool, keyring, signing keys."""
    settings = app[SETTINGS]
    assert isinstance(settings, IdentitySettings)
    keyring = Keyring.from_config(
        settings.encryption_keys, allow_dev_key=settings.allow_dev_encryption_key
    )
    if keyring.uses_dev_key:
        log.warning("crypto.development_key_in_use")
    hasher = PasswordHasher(settings.hash_parameters(), workers=settings.hash_workers)
    keys = KeyStore(
        app[POOL],
        keyring,
        issuer=settings.token_issuer,
        access_seconds=settings.access_token_seconds,
        rotation_days=settings.signing_key_rotation_days,
    )
    await keys.start()
    app[IDENTITY] = Identity(
        settings=settings, pool=app[POOL], hasher=hasher, keyring=keyring, keys=keys
    )
    yield
    await keys.stop()
    hasher.close()


def own_jwks(app: web.Application) -> JwksSource:
    """Identity verifies its own tokens from its key store, never over HTTP."""

    async def source() -> dict[str, Any]:
        return app[IDENTITY].keys.jwks()

    return source


async def purge_ended(uow: UnitOfWork) -> None:
    """Forget sessions and one-time tokens long over (the audit log keeps the story)."""
    cutoff = datetime.now(UTC) - KEEP_ENDED
    sessions = await sessions_repo.purge_ended(uow.conn, older_than=cutoff)
    tokens = await tokens_repo.purge_expired(uow.conn, older_than=cutoff)
    await uow.commit()
    log.info("identity.purged", sessions=sessions, tokens=tokens)
