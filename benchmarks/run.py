"""The request path's cost, against this machine's floors measured in the same run.

    make bench                      # starts the portal (make up-bg) if it is not running
    .venv/bin/python -m benchmarks.run [--seconds 8] [--connections 64] [--rounds 1] [--login]

Each case runs wrk (64 connections, 8 s by default) after a short warm-up. Two floors are
measured first, by benchmarks/floor_app.py on free ports: a bare aiohttp + asyncpg app
answering identity's one-row SELECT (pool of 10, as a service has), and the same app
behind a bare aiohttp proxy (a hop with nothing else to do). Each portal case is compared
with its floor: throughput as a ratio, and p99 as a multiple of the floor's p99. Absolute
figures move between runs and machines; the ratios are what to compare. On a busy
machine, compare the CPU each request costs the processes that serve it (benchmarks/cpu.py):
it hardly moves with the load around it. Needs wrk (Debian: apt-get install wrk; make
bench installs it). Only loopback is ever targeted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp

from benchmarks.cpu import database_backends, python_modules
from benchmarks.wrk import Result, Serving, wrk
from shared.testing import free_port

GATEWAY = f"http://127.0.0.1:{os.environ.get('GATEWAY_PORT', '8080')}"
IDENTITY = f"http://127.0.0.1:{os.environ.get('IDENTITY_PORT', '8101')}"
DATABASE = os.environ.get(
    "PORTAL_ADMIN_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/portal"
)
PRACTICE = "/api/v1/identity/practices/demo"
ME = "/api/v1/identity/me"
DEMO = {
    "practice": "demo",
    "email": "jordan.client@example.com",
    "password": "demo-client-meadow-42",
    "client": "mobile",
}


@contextmanager
def floor_process(mode: str, target: str) -> Iterator[tuple[str, int]]:
    """benchmarks/floor_app.py in ``mode`` on a free port: (its base URL, its pid)."""
    port = free_port()
    script = Path(__file__).with_name("floor_app.py")
    server = subprocess.Popen([sys.executable, str(script), mode, str(port), target])
    url = f"http://127.0.0.1:{port}"
    try:
        asyncio.run(_wait_until_answering(f"{url}{PRACTICE}", server))
        yield url, server.pid
    finally:
        server.terminate()
        server.wait()


async def _wait_until_answering(url: str, server: subprocess.Popen[bytes]) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(100):
            if server.poll() is not None:
                sys.exit(f"the floor app stopped (exit {server.returncode})")
            try:
                async with http.get(url) as response:
                    if response.status == 200:
                        return
                    sys.exit(f"the floor app answered {response.status} on {url}")
            except aiohttp.ClientError:
                await asyncio.sleep(0.1)
    sys.exit(f"the floor app did not answer on {url}")


async def mobile_token() -> str:
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{GATEWAY}/api/v1/identity/sessions", json=DEMO) as response,
    ):
        body = await response.json()
        if response.status != 200:
            sys.exit(f"demo login failed ({response.status}): is `make up-bg` running? {body}")
        return str(body["access_token"])


def vs(result: Result, floor: Result) -> str:
    text = f"{result.rps / floor.rps:.2f}x, p99 {result.p99_ms / floor.p99_ms:.1f}x"
    if result.cpu_us and floor.cpu_us:
        text += f", CPU {result.cpu_us / floor.cpu_us:.1f}x"
    return text


def median(results: list[Result]) -> Result:
    """Each figure's median over the rounds (the machine is shared: one round can be
    unlucky), errors summed."""
    return Result(
        results[0].name,
        rps=statistics.median(r.rps for r in results),
        p50_ms=statistics.median(r.p50_ms for r in results),
        p99_ms=statistics.median(r.p99_ms for r in results),
        errors=sum(r.errors for r in results),
        requests=sum(r.requests for r in results),
        cpu_us=statistics.median(r.cpu_us for r in results),
    )


def print_table(rows: list[tuple[Result, Result]]) -> None:
    """Markdown, so that it reads in a terminal and pastes into the README."""
    print("\n| case | req/s | p50 ms | p99 ms | CPU µs/req | vs its floor | errors |")
    print("|---|---|---|---|---|---|---|")
    for result, floor in rows:
        ratio = "100%" if result is floor else vs(result, floor)
        print(
            f"| {result.name} | {result.rps:,.0f} | {result.p50_ms:.1f} | {result.p99_ms:.1f}"
            f" | {result.cpu_us:,.0f} | {ratio} | {result.errors} |"
        )


def serving(*pids: int, modules: tuple[str, ...] = ()) -> Serving:
    """These processes, the portal's processes running ``modules``, and PostgreSQL's
    backends on the portal's database."""
    database = DATABASE.rsplit("/", 1)[-1].split("?")[0]
    return lambda: [
        *pids,
        *(pid for module in modules for pid in python_modules(module)),
        *database_backends(database),
    ]


def one_round(floors: dict[str, tuple[str, int]], run: dict[str, int]) -> list[Result]:
    """The issue's table in its order: each case right after the floor it is held to."""
    bearer = {"Authorization": f"Bearer {asyncio.run(mobile_token())}"}  # fresh each round
    (select_url, select_pid), (proxy_url, proxy_pid) = floors["select"], floors["proxy"]
    identity = serving(modules=("services.identity",))
    gateway = serving(modules=("gateway", "services.identity"))
    return [
        wrk(
            "floor: aiohttp + asyncpg, one SELECT (pool 10)",
            select_url + PRACTICE,
            serving=serving(select_pid),
            **run,
        ),
        wrk("identity direct: public practice", IDENTITY + PRACTICE, serving=identity, **run),
        wrk(
            "floor: bare proxy -> that app",
            proxy_url + PRACTICE,
            serving=serving(proxy_pid, select_pid),
            **run,
        ),
        wrk("gateway -> identity: public practice", GATEWAY + PRACTICE, serving=gateway, **run),
        wrk(
            "gateway -> identity: /me (authenticated)",
            GATEWAY + ME,
            headers=bearer,
            serving=gateway,
            **run,
        ),
    ]


def login_script() -> str:
    body = json.dumps(DEMO)
    lua = f'wrk.method = "POST"\nwrk.body = {json.dumps(body)}\nwrk.headers["Content-Type"] = "application/json"\n'
    handle = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    handle.write(lua)
    handle.close()
    return handle.name


def measure_login() -> None:
    # Straight to identity: through the gateway the per-IP limit would answer 429s.
    login = wrk(
        "login",
        f"{IDENTITY}/api/v1/identity/sessions",
        seconds=4,
        connections=4,
        script=login_script(),
        warm_up=False,
    )
    print(
        "\nlogin (argon2id, production parameters; CPU-bound by design), 4 connections, 4 s:"
        f" {login.rps:.1f}/s, p50 {login.p50_ms:.0f} ms, p99 {login.p99_ms:.0f} ms,"
        f" non-2xx {login.errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=1, help="repeat; print each median")
    parser.add_argument("--login", action="store_true", help="also measure password logins")
    args = parser.parse_args()
    asyncio.run(mobile_token())  # the portal answers and the demo exists, before anything
    run = {"seconds": args.seconds, "connections": args.connections}
    started = time.monotonic()
    rounds: list[list[Result]] = []
    with (
        floor_process("select", DATABASE) as select,
        floor_process("proxy", select[0]) as proxy,
    ):
        for _ in range(args.rounds):
            rounds.append(one_round({"select": select, "proxy": proxy}, run))
    floor, direct, hop, public, me = (median(list(case)) for case in zip(*rounds, strict=True))
    print(
        f"\n{args.connections} connections, {args.seconds} s each, {args.rounds} round(s)"
        f"{' (medians)' if args.rounds > 1 else ''}, in {time.monotonic() - started:.0f} s:"
    )
    print_table([(floor, floor), (direct, floor), (hop, hop), (public, hop), (me, hop)])
    if any(result.errors for result in (floor, hop, direct, public, me)):
        print("\nSome requests failed (errors column): those figures do not count.")
    if args.login:
        measure_login()


if __name__ == "__main__":
    main()
