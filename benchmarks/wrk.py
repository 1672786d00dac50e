"""Running wrk and reading its report (``--latency``): throughput, p50, p99, failures."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

from benchmarks.cpu import CpuMeter


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int = 0
    cpu_us: float = 0.0  # CPU per request of the processes serving it (0: not measured)


Serving = Callable[[], list[int]]  # the pids of the processes that serve a case


def _ms(text: str) -> float:
    found = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if found is None:
        raise ValueError(f"cannot read a wrk latency from {text!r}")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def parse_wrk(name: str, out: str) -> Result:
    """A Result from wrk's ``--latency`` output."""

    def find(pattern: str) -> str:
        found = re.search(pattern, out, re.MULTILINE)
        if found is None:
            raise ValueError(f"wrk printed no {pattern!r}:\n{out}")
        return found.group(1)

    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    failed = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    errors += sum(int(n) for n in failed.groups()) if failed else 0
    return Result(
        name,
        rps=float(find(r"Requests/sec:\s+([\d.]+)")),
        p50_ms=_ms(find(r"^\s+50%\s+(\S+)")),
        p99_ms=_ms(find(r"^\s+99%\s+(\S+)")),
        errors=errors,
        requests=int(find(r"(\d+) requests in")),
    )


def wrk(
    name: str,
    url: str,
    *,
    seconds: int,
    connections: int,
    script: str | None = None,
    headers: dict[str, str] | None = None,
    warm_up: bool = True,
    serving: Serving | None = None,
) -> Result:
    command = ["wrk", "-t2", f"-c{connections}", "--latency"]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    if script:
        command += ["-s", script]
    if warm_up:  # connections opened, pools filled, code paths warm
        subprocess.run([*command, "-d2s", url], capture_output=True, check=True, timeout=60)
    meter = CpuMeter(serving or list)
    meter.start()
    out = subprocess.run(
        [*command, f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    result = parse_wrk(name, out)
    if serving is not None and result.requests:
        result.cpu_us = meter.seconds() * 1e6 / result.requests
    return result
