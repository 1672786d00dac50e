"""What a service's code works with, in a handler, a consumer or a periodic job.

``Runtime`` is built once per process (``shared.web.app``): typed settings, the pool, the
encryption keyring, the internal HTTP client (it sends the request id along) and a clock.
A service with more to carry (identity: its password hasher and signing keys) subclasses
it and passes a ``runtime`` factory in its ``ServiceDefinition``.

``Work`` is one unit of work (connection + transaction, rolled back unless committed)
that also carries the runtime: it is the one object consumers and jobs receive::

    async def on_practice_created(work: Work[Settings], envelope: Envelope) -> None:
        event = envelope.data_as(PracticeCreated)
        await repo.upsert_practice(work.conn, event, seen_at=work.now())

Tests swap the clock (``shared.testing.FrozenClock``) instead of patching time.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, Protocol, TypeVar

import aiohttp
import asyncpg
from aiohttp import web
from asyncpg.pool import PoolAcquireContext

from shared.client import service_session
from shared.config import ServiceSettings
from shared.crypto import Keyring
from shared.db import UnitOfWork
from shared.logging import get_logger

S = TypeVar("S", bound=ServiceSettings)
log = get_logger(__name__)


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(kw_only=True)
class Runtime(Generic[S]):
    settings: S
    pool: asyncpg.Pool
    keyring: Keyring
    http: aiohttp.ClientSession
    clock: Clock = field(default_factory=SystemClock)

    @property
    def source(self) -> str:
        """The service's name: the ``source`` of the events it writes."""
        return self.settings.service_name

    def uow(self) -> Work[S]:
        return Work(self)

    def reader(self) -> PoolAcquireContext:
        """A connection for a single read: no transaction, so no BEGIN/ROLLBACK trips."""
        return self.pool.acquire()

    def now(self) -> datetime:
        return self.clock.now()

    def parts(self) -> dict[str, Any]:
        """The fields, for a subclass built from a base runtime: ``Sub(**rt.parts(), x=...)``."""
        return {
            "settings": self.settings,
            "pool": self.pool,
            "keyring": self.keyring,
            "http": self.http,
            "clock": self.clock,
        }


class Work(UnitOfWork, Generic[S]):
    """A unit of work with the runtime beside it."""

    def __init__(self, runtime: Runtime[S]) -> None:
        super().__init__(runtime.pool, source=runtime.source)
        self.runtime = runtime

    async def __aenter__(self) -> Work[S]:
        await super().__aenter__()
        return self

    @property
    def settings(self) -> S:
        return self.runtime.settings

    @property
    def keyring(self) -> Keyring:
        return self.runtime.keyring

    @property
    def http(self) -> aiohttp.ClientSession:
        return self.runtime.http

    def now(self) -> datetime:
        return self.runtime.now()


RUNTIME: web.AppKey[Runtime[Any]] = web.AppKey("runtime")


@contextlib.asynccontextmanager
async def open_runtime(
    settings: S, pool: asyncpg.Pool, *, clock: Clock | None = None
) -> AsyncIterator[Runtime[S]]:
    """The base runtime over ``pool`` (the app builds it; CLIs and tests may too): the
    keyring from PORTAL_ENCRYPTION_KEYS (failing with what to do when it is unusable)
    and an internal HTTP client closed on the way out."""
    keyring = Keyring.from_config(
        settings.encryption_keys, allow_dev_key=settings.allow_dev_encryption_key
    )
    if keyring.uses_dev_key:
        log.warning("crypto.development_key_in_use")
    async with service_session(timeout_seconds=settings.request_timeout_seconds) as http:
        yield Runtime(
            settings=settings,
            pool=pool,
            keyring=keyring,
            http=http,
            clock=clock or SystemClock(),
        )
