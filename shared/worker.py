"""Background work inside a service process.

``TaskGroup``-like helpers would end the whole group on the first failure; a worker must
instead keep going through outages, so each loop here catches, logs, backs off and
carries on. Only cancellation (process shutdown) stops them.
"""

from __future__ import annotations

import asyncio
import contextlib
from abc import ABC, abstractmethod
from collections.abc import Coroutine
from typing import Any

from shared.db import listen_forever
from shared.logging import get_logger

log = get_logger(__name__)


class BackgroundTasks:
    """Tasks started together and cancelled together."""

    def __init__(self) -> None:
        self._tasks: list[asyncio.Task[None]] = []

    def spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        self._tasks.append(asyncio.create_task(coroutine))

    async def cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()


class NotifiedDrainer(ABC):
    """Drains a table of due work, woken by ``NOTIFY <channel>`` as soon as a transaction
    that added work commits, and by a timer in case a notification was missed (or work
    becomes due later). Rows are claimed ``FOR UPDATE SKIP LOCKED`` by the subclass, so
    several replicas share the work without doing a row twice."""

    def __init__(self, *, listen_dsn: str, channel: str, poll_seconds: float) -> None:
        self._listen_dsn = listen_dsn
        self._channel = channel
        self._poll = poll_seconds
        self._wake = asyncio.Event()
        self._tasks = BackgroundTasks()

    @abstractmethod
    async def drain_once(self) -> bool:
        """Do one batch; True when more work may be waiting right now."""

    def start(self) -> None:
        self._tasks.spawn(listen_forever(self._listen_dsn, self._channel, self._wake.set))
        self._tasks.spawn(self._run())

    async def stop(self) -> None:
        await self._tasks.cancel_all()

    async def _run(self) -> None:
        backoff = 0.5
        while True:
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow a cancellation
            # that lands as the event fires, and then stop() would wait forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._poll):
                    await self._wake.wait()
            self._wake.clear()
            try:
                while await self.drain_once():
                    pass
                backoff = 0.5
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                # An outage (database, broker, SMTP) delays the work; it stays in its table.
                log.warning("worker.stalled", channel=self._channel, error=type(exc).__name__)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10)
