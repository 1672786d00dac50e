"""structlog JSON logs with a request id bound per request (and per consumed event)."""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import contextmanager
from typing import Any, TextIO

import structlog

REQUEST_ID_HEADER = "X-Request-ID"

# Field names that must never reach a log line, whatever a caller passes.
_SECRET_KEYS = frozenset(
    {
        "password",
        "pin",
        "token",
        "access_token",
        "refresh_token",
        "secret",
        "authorization",
        "cookie",
        "body",
        "answers",
        "card",
        "new_password",
    }
)


def _drop_secrets(_: object, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    for key in _SECRET_KEYS.intersection(event):
        event[key] = "[redacted]"
    return event


def _shared_processors() -> list[Any]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _drop_secrets,
    ]


class BatchedLines:
    """structlog's output: JSON lines to stdout, written in batches from the event loop.

    structlog's PrintLogger flushes every line: a write system call per request in every
    process (about a tenth of a busy service's CPU, measured), and a wake-up of whatever
    reads the pipe. Lines logged in a running event loop (the request logs) are gathered
    and written together at most ``delay`` seconds later; warnings and errors, and lines
    logged with no loop running (start-up, threads), are written at once, after the lines
    already waiting, so the order holds. What waits is written at exit too."""

    def __init__(self, stream: Callable[[], TextIO] = lambda: sys.stdout, delay: float = 0.05):
        self._stream = stream
        self._delay = delay
        self._lock = threading.Lock()
        self._pending: list[str] = []
        # The loop a flush is due on: a process may run one loop after another (migrate,
        # then serve), and a flush left on a closed loop would never come.
        self._flush_on: asyncio.AbstractEventLoop | None = None
        atexit.register(self.flush)

    def msg(self, message: str) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.now(message)
            return
        with self._lock:
            self._pending.append(message)
            if self._flush_on is not loop:
                self._flush_on = loop
                loop.call_later(self._delay, self.flush)

    def now(self, message: str) -> None:
        with self._lock:
            self._pending.append(message)
            self._write()

    def flush(self) -> None:
        with self._lock:
            self._flush_on = None
            self._write()

    def _write(self) -> None:
        if self._pending:
            stream = self._stream()
            stream.write("\n".join(self._pending) + "\n")
            stream.flush()
            self._pending = []

    # The names structlog calls by level (as on structlog.PrintLogger).
    log = debug = info = msg
    warn = warning = fatal = failure = err = error = critical = exception = now


class _LibraryLines(logging.Handler):
    """Standard-library log records, formatted, into the same batches and order."""

    def __init__(self, lines: BatchedLines) -> None:
        super().__init__()
        self._lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
        except Exception:
            self.handleError(record)
            return
        (self._lines.now if record.levelno >= logging.WARNING else self._lines.msg)(text)


def configure_logging(*, level: str = "info", service: str = "portal") -> None:
    """JSON lines on stdout; call once at process start.

    Libraries that log through the standard library (aiormq, aiohttp, asyncpg) come out
    as the same JSON, with the request id when there is one, so one parser reads it all.

    ``PORTAL_LOG_FILE`` names a file to append the lines to instead (``make up-bg`` uses
    it): honcho, which otherwise carries every line, spent more CPU passing them on than
    the gateway spent serving a request (measured). Appends of whole batches from several
    processes do not interleave (O_APPEND).
    """
    path = os.environ.get("PORTAL_LOG_FILE")
    if path:
        file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - open for the process's life
        lines = BatchedLines(lambda: file)
    else:
        lines = BatchedLines()
    handler = _LibraryLines(lines)
    handler.setFormatter(
        structlog.stdlib.ProcessorFormatter(
            foreign_pre_chain=[*_shared_processors(), structlog.stdlib.add_logger_name],
            processors=[
                structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                structlog.processors.format_exc_info,
                structlog.processors.JSONRenderer(),
            ],
        )
    )
    logging.basicConfig(handlers=[handler], level=level.upper(), force=True)
    # A broker restart makes aiormq log a traceback per connection at WARNING: the
    # reconnect that follows is what matters, and BrokerLink and readiness report it.
    logging.getLogger("aiormq").setLevel(logging.ERROR)
    for noisy in ("aio_pika", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    structlog.configure(
        processors=[
            *_shared_processors(),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
        ),
        logger_factory=lambda *_: lines,
        cache_logger_on_first_use=False,
    )
    structlog.contextvars.bind_contextvars(service=service)


def new_request_id() -> str:
    # 128 random bits as 32 hex digits, like uuid4().hex without building a UUID (a few
    # per cent of the gateway's CPU per request).
    return os.urandom(16).hex()


def current_request_id() -> str | None:
    value = structlog.contextvars.get_contextvars().get("request_id")
    return str(value) if value else None


@contextmanager
def request_context(request_id: str | None, **fields: object) -> Iterator[str]:
    """Bind a request id (a new one if none came in) for the duration of a block."""
    rid = request_id or new_request_id()
    tokens = structlog.contextvars.bind_contextvars(request_id=rid, **fields)
    try:
        yield rid
    finally:
        structlog.contextvars.reset_contextvars(**tokens)


def get_logger(name: str | None = None) -> structlog.stdlib.BoundLogger:
    return structlog.get_logger(name)
