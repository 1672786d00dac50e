"""Benchmarks of the running portal, with this machine's floor measured in the same run.

    make up-bg            # the portal with its demo practice
    .venv/bin/python benchmarks/run.py [--seconds 8] [--connections 64]

Prints requests/s and latency (p50, p99) for each case and ratios against the floor
(a bare aiohttp hello), so figures from different machines and runs compare. Needs wrk
(Debian: apt-get install wrk). Only loopback addresses are ever targeted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from shared.testing import free_port

GATEWAY = "http://127.0.0.1:8080"
IDENTITY = "http://127.0.0.1:8101"
DEMO = {
    "practice": "demo",
    "email": "jordan.client@example.com",
    "password": "demo-client-meadow-42",
    "client": "mobile",
}


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


def _ms(text: str) -> float:
    found = re.match(r"([\d.]+)(us|ms|s|m)$", text)
    if found is None:
        raise ValueError(f"cannot read a wrk latency from {text!r}")
    value, unit = found.groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(
    name: str,
    url: str,
    *,
    seconds: int,
    connections: int,
    script: str | None = None,
    headers: dict[str, str] | None = None,
) -> Result:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for key, value in (headers or {}).items():
        command += ["-H", f"{key}: {value}"]
    if script:
        command += ["-s", script]
    out = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.MULTILINE).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Result(name, rps, p50, p99, int(bad.group(1)) if bad else 0)


async def mobile_token() -> str:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{GATEWAY}/api/v1/identity/sessions", json=DEMO) as response,
    ):
        body = await response.json()
        if response.status != 200:
            sys.exit(f"demo login failed ({response.status}): is `make up-bg` running? {body}")
        return str(body["access_token"])


def floor(seconds: int, connections: int) -> Result:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("floor_app.py")), str(port)]
    )
    try:
        time.sleep(1.0)
        return wrk(
            "floor: aiohttp hello",
            f"http://127.0.0.1:{port}/",
            seconds=seconds,
            connections=connections,
        )
    finally:
        server.terminate()
        server.wait()


def login_script() -> str:
    body = json.dumps(DEMO)
    lua = f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\nwrk.headers["Content-Type"] = "application/json"\n'
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    handle.write(lua)
    handle.close()
    return handle.name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    token = asyncio.run(mobile_token())
    bearer = {"Authorization": f"Bearer {token}"}
    s, c = args.seconds, args.connections
    results = [
        floor(s, c),
        wrk(
            "identity direct: public practice (1 SELECT)",
            f"{IDENTITY}/api/v1/identity/practices/demo",
            seconds=s,
            connections=c,
        ),
        wrk(
            "gateway -> identity: public practice",
            f"{GATEWAY}/api/v1/identity/practices/demo",
            seconds=s,
            connections=c,
        ),
        wrk(
            "gateway -> identity: /me (token check twice + session)",
            f"{GATEWAY}/api/v1/identity/me",
            seconds=s,
            connections=c,
            headers=bearer,
        ),
        wrk("gateway: health (no upstream)", f"{GATEWAY}/healthz", seconds=s, connections=c),
    ]
    print(f"\n{'case':58} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'vs floor':>9} {'non-2xx':>8}")
    base = results[0].rps
    for r in results:
        print(
            f"{r.name:58} {r.rps:9.0f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} {r.rps / base:8.1%} {r.errors:8d}"
        )
    direct, proxied = results[1], results[2]
    print(
        f"\ngateway hop keeps {proxied.rps / direct.rps:.0%} of direct throughput "
        f"(+{proxied.p50_ms - direct.p50_ms:.2f} ms p50)"
    )
    # Straight to identity: through the gateway the per-IP limit would answer 429s.
    print("login (argon2id, production parameters; CPU-bound by design), 4 connections, 4 s:")
    login = wrk(
        "login",
        f"{IDENTITY}/api/v1/identity/sessions",
        seconds=4,
        connections=4,
        script=login_script(),
    )
    print(
        f"  {login.rps:.1f} logins/s, p50 {login.p50_ms:.0f} ms, p99 {login.p99_ms:.0f} ms, "
        f"non-2xx {login.errors}"
    )


if __name__ == "__main__":
    main()
