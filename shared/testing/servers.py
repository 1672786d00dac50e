"""Real servers for tests: PostgreSQL databases, RabbitMQ virtual hosts, SMTP, apps on
sockets.

Used by the root ``conftest.py``; importable by any test. Nothing here is a fake of our
own code: databases are real (a fresh one per test run, built from the migrations),
apps run on real sockets, emails go through a real SMTP server (aiosmtpd).
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.policy
import json
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
from aio_pika.abc import AbstractQueue
from aiohttp import web
from aiosmtpd.controller import Controller

from shared.config import ServiceSettings
from shared.crypto import new_key_spec
from shared.service import ServiceDefinition, migrate_service
from shared.web.server import PortalAppRunner

# One key for a whole test run: tests never read .env.
TEST_ENCRYPTION_KEYS = new_key_spec("test-run")


async def eventually(check: Callable[[], Awaitable[bool]], *, seconds: float = 30) -> None:
    """Wait until ``check()`` is true; fail the test after ``seconds``."""
    async with asyncio.timeout(seconds):
        while not await check():
            await asyncio.sleep(0.1)


async def drain_event_ids(
    queue: AbstractQueue, *, quiet_seconds: float = 1.5, where: Callable[[Any], bool] = bool
) -> list[str]:
    """Message ids from ``queue`` whose JSON body passes ``where``, until it stays empty
    for ``quiet_seconds``. ``where`` keeps a test to its own events: other test runs may
    publish to the same broker at the same time."""
    ids: list[str] = []
    loop = asyncio.get_running_loop()
    idle_since = loop.time()
    while loop.time() - idle_since < quiet_seconds:
        message = await queue.get(fail=False)
        if message is None:
            await asyncio.sleep(0.05)
            continue
        await message.ack()
        idle_since = loop.time()
        if where(json.loads(message.body)):
            ids.append(str(message.message_id))
    return ids


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _with_database(dsn: str, name: str) -> str:
    return urlunsplit(urlsplit(dsn)._replace(path=f"/{name}"))


@contextlib.asynccontextmanager
async def fresh_database(server_dsn: str) -> AsyncIterator[str]:
    """A new empty database on the server of ``server_dsn``; dropped afterwards."""
    name = f"portal_test_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(_with_database(server_dsn, "postgres"))
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    try:
        yield _with_database(server_dsn, name)
    finally:
        conn = await asyncpg.connect(_with_database(server_dsn, "postgres"))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()


def settings_for_test(
    definition: ServiceDefinition, *, admin_dsn: str, amqp_url: str, **overrides: Any
) -> ServiceSettings:
    values: dict[str, Any] = {
        "admin_database_url": admin_dsn,
        "amqp_url": amqp_url,
        "port": 0,
        "metrics_port": 0,
        "pool_size": 5,
        "encryption_keys": TEST_ENCRYPTION_KEYS,
    }
    values.update(overrides)
    return definition.settings_class(**values)


async def migrated(definition: ServiceDefinition, settings: ServiceSettings) -> ServiceSettings:
    await migrate_service(definition, settings)
    return settings


@contextlib.asynccontextmanager
async def running_app(app: web.Application, *, port: int | None = None) -> AsyncIterator[str]:
    """Serve ``app`` on a real socket; yields its base URL."""
    runner = PortalAppRunner(app, access_log=None)
    await runner.setup()
    port = port or free_port()
    site = web.TCPSite(runner, "127.0.0.1", port)
    await site.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


@dataclass
class SmtpInbox:
    """Messages received by the test SMTP server, newest last."""

    host: str
    port: int
    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        # As a mail client reads it: headers decoded (a UTF-8 address, an encoded subject).
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 Message accepted"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    async def wait_for(self, address: str, *, count: int = 1, timeout: float = 10) -> list[Message]:
        """Wait until ``address`` has received ``count`` messages."""
        async with asyncio.timeout(timeout):
            while len(self.to(address)) < count:
                await asyncio.sleep(0.05)
        return self.to(address)


def text_of(message: Message) -> str:
    """The text/plain part of an email."""
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            return payload.decode(part.get_content_charset() or "utf-8")
    raise AssertionError("no text/plain part")


@contextlib.contextmanager
def smtp_server() -> Iterator[SmtpInbox]:
    """A real SMTP server (aiosmtpd) on a free port, in its own thread."""
    inbox = SmtpInbox(host="127.0.0.1", port=free_port())
    # SMTPUTF8 as today's mail servers (and deploy/mailbox) offer it: RFC 6531 addresses.
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port, enable_SMTPUTF8=True)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@contextlib.contextmanager
def own_vhost(amqp_url: str) -> Iterator[str]:
    """``amqp_url`` moved to a new RabbitMQ virtual host (guest may use it), deleted after.

    Needs ``rabbitmqctl`` with rights on the broker (root on this machine and in CI); where
    it is missing or refused, or the broker is not local, yields ``amqp_url`` unchanged."""
    import shutil
    import subprocess

    parts = urlsplit(amqp_url)
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    ctl = shutil.which("rabbitmqctl")
    if not local or ctl is None:
        yield amqp_url
        return
    vhost = f"portal_test_{uuid.uuid4().hex[:12]}"
    user = parts.username or "guest"
    try:
        _run(ctl, "add_vhost", vhost)
        _run(ctl, "set_permissions", "-p", vhost, user, ".*", ".*", ".*")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError):
        yield amqp_url
        return
    try:
        yield urlunsplit(parts._replace(path=f"/{vhost}"))
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            _run(ctl, "delete_vhost", vhost)


def _run(*command: str) -> None:
    import subprocess

    subprocess.run(command, check=True, capture_output=True, timeout=120)


@contextlib.contextmanager
def rabbitmq_stopped() -> Iterator[None]:
    """Stop the local RabbitMQ app for the block; it is started again whatever happens."""
    _run("rabbitmqctl", "stop_app")
    try:
        yield
    finally:
        _run("rabbitmqctl", "start_app")
        _run("rabbitmqctl", "await_startup")


@contextlib.contextmanager
def postgres_stopped() -> Iterator[None]:
    """Stop the local PostgreSQL cluster for the block; started again whatever happens."""
    import glob
    import os

    version = os.path.basename(sorted(glob.glob("/etc/postgresql/*"))[-1])
    _run("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop", "-m", "fast")
    try:
        yield
    finally:
        _run("pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start")


class TcpProxy:
    """A TCP proxy in front of a real server, for faults that touch only the test's own
    connections: ``cut()`` drops every connection through it and refuses new ones (as an
    unreachable server would) until ``mend()``. Never stops the server itself."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._server: asyncio.Server | None = None
        self._pipes: set[asyncio.Task[None]] = set()
        self.up = True
        self.port = 0

    def url(self, url: str) -> str:
        """``url`` (of the target server) pointed at this proxy instead."""
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)
        where = f"127.0.0.1:{self.port}"
        return urlunsplit(
            parts._replace(netloc=f"{netloc[0]}@{where}" if len(netloc) > 1 else where)
        )

    async def __aenter__(self) -> TcpProxy:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.port = int(self._server.sockets[0].getsockname()[1])
        return self

    async def __aexit__(self, *_: object) -> None:
        self.cut()
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    def cut(self) -> None:
        self.up = False
        for pipe in list(self._pipes):
            pipe.cancel()

    def mend(self) -> None:
        self.up = True

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self._target)
        except OSError:
            writer.transport.abort()
            return
        pipes = [
            asyncio.create_task(self._pipe(reader, up_writer)),
            asyncio.create_task(self._pipe(up_reader, writer)),
        ]
        self._pipes.update(pipes)
        try:
            await asyncio.wait(pipes, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for pipe in pipes:
                pipe.cancel()
                self._pipes.discard(pipe)
            for end in (writer, up_writer):
                end.transport.abort()

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
