"""A RabbitMQ connection that survives the broker going away.

aio-pika's robust connection reconnects once it has connected; ``BrokerLink`` also
covers a broker that is down when the process starts, retrying in the background.
"""

from __future__ import annotations

import asyncio
import contextlib

import aio_pika
from aio_pika.abc import AbstractRobustConnection

from shared.logging import get_logger

log = get_logger(__name__)


class BrokerLink:
    def __init__(self, url: str, *, name: str) -> None:
        self._url = url
        self._name = name
        self._connection: AbstractRobustConnection | None = None
        self._task: asyncio.Task[None] | None = None
        self._connected = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._connect_forever())

    async def _connect_forever(self) -> None:
        delay = 0.5
        while True:
            try:
                self._connection = await aio_pika.connect_robust(
                    self._url,
                    client_properties={"connection_name": self._name},
                    reconnect_interval=1,
                )
                self._connected.set()
                log.info("broker.connected", name=self._name)
                return
            except (OSError, aio_pika.exceptions.AMQPError) as exc:
                log.warning("broker.unreachable", name=self._name, error=type(exc).__name__)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)

    async def connection(self) -> AbstractRobustConnection:
        """The connection, waiting for the first successful connect if need be."""
        await self._connected.wait()
        assert self._connection is not None
        return self._connection

    @property
    def ready(self) -> bool:
        conn = self._connection
        return conn is not None and not conn.is_closed and conn.connected.is_set()

    async def close(self) -> None:
        if self._task is not None:
            # A connect under way is let finish for a moment: cancelling aiormq mid-handshake
            # leaves its coroutines half-closed. A broker that is down is not waited for.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(1):
                    await asyncio.shield(self._task)
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._connection is not None:
            await self._connection.close()
            # aio-pika finishes its close callbacks in tasks of their own; let them run
            # so that nothing is left pending when the loop ends.
            await asyncio.sleep(0.05)
