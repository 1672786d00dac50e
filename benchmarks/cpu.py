"""CPU time that the processes serving a case spend per request (Linux, from /proc).

Throughput and latency on a shared machine move with whatever else runs; the CPU a
request costs the processes that serve it hardly does, so it is the figure to compare when
the machine is busy. PostgreSQL's share is its backends connected to the portal's database.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

_TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
_PROC = Path("/proc")


def cpu_ticks(pid: int) -> int | None:
    """User plus system time of ``pid`` so far, in clock ticks; None once it is gone."""
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (name) "
    return int(fields[11]) + int(fields[12])  # utime, stime


def _cmdlines() -> Iterable[tuple[int, list[str]]]:
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            try:
                raw = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            yield int(entry.name), raw.decode(errors="replace").split("\0")


def python_modules(module: str) -> list[int]:
    """Processes running ``python -m <module>`` (as deploy/Procfile starts them)."""
    return [pid for pid, args in _cmdlines() if args[1:3] == ["-m", module]]


def backend_database(cmdline: str) -> str | None:
    """The database of a PostgreSQL backend from its title, e.g.
    ``postgres: 15/main: portal_identity portal 127.0.0.1(55886) idle``."""
    parts = cmdline.split(": ", 2)
    if len(parts) < 3 or parts[0] != "postgres":
        return None
    words = parts[2].split()
    return words[1] if len(words) > 2 else None


def database_backends(database: str) -> list[int]:
    return [pid for pid, args in _cmdlines() if backend_database(args[0]) == database]


class CpuMeter:
    """CPU seconds spent between ``start()`` and ``seconds()`` by the processes that
    ``pids()`` names (asked again at the end, so a backend opened meanwhile counts)."""

    def __init__(self, pids: Callable[[], list[int]]) -> None:
        self._pids = pids
        self._before: dict[int, int] = {}

    def start(self) -> None:
        self._before = {pid: t for pid in self._pids() if (t := cpu_ticks(pid)) is not None}

    def seconds(self) -> float:
        spent = 0
        for pid in self._pids():
            now = cpu_ticks(pid)
            if now is not None:
                spent += now - self._before.get(pid, 0)
        return spent / _TICKS_PER_SECOND
