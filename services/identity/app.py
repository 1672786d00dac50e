"""Wiring of the identity service: its routes, runtime, consumers and jobs."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import web

from services.identity.api import routes
from services.identity.consumers import SUBSCRIPTIONS
from services.identity.repo import sessions as sessions_repo
from services.identity.repo import throttle as throttle_repo
from services.identity.repo import tokens as tokens_repo
from services.identity.service.runtime import Identity
from services.identity.service.signing import KeyStore
from services.identity.settings import IdentitySettings
from shared.auth import JwksSource
from shared.logging import get_logger
from shared.passwords import PasswordHasher
from shared.runtime import RUNTIME, Runtime, Work
from shared.service import PeriodicJob, ServiceDefinition

log = get_logger(__name__)
KEEP_ENDED = timedelta(days=30)
# A sign-in count with no failure for this long (and no lock in force) starts afresh.
KEEP_THROTTLE = timedelta(days=1)


def definition() -> ServiceDefinition:
    return ServiceDefinition(
        name="identity",
        title="Identity API",
        settings_class=IdentitySettings,
        migrations=Path(__file__).parent / "migrations",
        routes=routes,
        runtime=identity_runtime,
        subscriptions=SUBSCRIPTIONS,
        jobs=(
            PeriodicJob(name="purge-ended", every_seconds=3600, run=purge_ended),
            PeriodicJob(name="purge-login-throttle", every_seconds=3600, run=purge_throttle),
        ),
        jwks_source=own_jwks,
    )


@contextlib.asynccontextmanager
async def identity_runtime(base: Runtime[Any]) -> AsyncIterator[Identity]:
    """The shared runtime plus the password hasher's threads and the signing keys."""
    settings = base.settings
    assert isinstance(settings, IdentitySettings)
    hasher = PasswordHasher(settings.hash_parameters(), workers=settings.hash_workers)
    keys = KeyStore(
        base.pool,
        base.keyring,
        issuer=settings.token_issuer,
        access_seconds=settings.access_token_seconds,
        rotation_days=settings.signing_key_rotation_days,
        publish_ahead_seconds=settings.signing_key_publish_ahead_seconds,
    )
    await keys.start()
    try:
        yield Identity(**base.parts(), hasher=hasher, keys=keys)
    finally:
        await keys.stop()
        hasher.close()


def identity_of(app: web.Application) -> Identity:
    runtime = app[RUNTIME]
    assert isinstance(runtime, Identity)
    return runtime


def own_jwks(app: web.Application) -> JwksSource:
    """Identity verifies its own tokens from its key store, never over HTTP."""

    async def source() -> dict[str, Any]:
        return identity_of(app).keys.jwks()

    return source


async def purge_ended(work: Work[Any]) -> None:
    """Forget sessions and one-time tokens long over (the audit log keeps the story)."""
    cutoff = work.now() - KEEP_ENDED
    sessions = await sessions_repo.purge_ended(work.conn, older_than=cutoff)
    tokens = await tokens_repo.purge_expired(work.conn, older_than=cutoff)
    await work.commit()
    log.info("identity.purged", sessions=sessions, tokens=tokens)


async def purge_throttle(work: Work[Any]) -> None:
    """Forget failed-login counts gone quiet (they hold email digests of the guessed)."""
    now = work.now()
    rows = await throttle_repo.purge_idle(
        work.conn, last_failure_before=now - KEEP_THROTTLE, now=now
    )
    await work.commit()
    log.info("identity.purged", login_throttle=rows)
