"""The Makefile, deploy/scripts and .ci/run: syntax, and the paths that change nothing."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiohttp import web

from deploy.healthcheck import main as healthcheck

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = sorted((ROOT / "deploy" / "scripts").glob("*.sh"))
RUNNABLE = [s for s in SCRIPTS if not s.name.startswith("_")] + [ROOT / ".ci" / "run"]


@pytest.mark.parametrize("script", [*SCRIPTS, ROOT / ".ci" / "run"], ids=lambda p: p.name)
def test_every_shell_script_parses(script: Path) -> None:
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("shellcheck") is None, reason="shellcheck is not installed")
def test_shellcheck_finds_nothing() -> None:
    scripts = [str(p) for p in [*SCRIPTS, ROOT / ".ci" / "run"]]
    result = subprocess.run(
        ["shellcheck", "-x", "-P", str(ROOT / "deploy" / "scripts"), *scripts],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("script", RUNNABLE, ids=lambda p: p.name)
def test_every_script_is_executable_and_strict(script: Path) -> None:
    assert os.access(script, os.X_OK)
    text = script.read_text()
    assert text.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in text


def test_the_makefile_has_every_documented_target() -> None:
    targets = ["up", "up-bg", "down", "test", "lint", "fmt", "typecheck", "web", "clean"]
    # -n prints the commands without running any of them.
    result = subprocess.run(
        ["make", "-n", "-C", str(ROOT), *targets], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "honcho start -e .env,deploy/local.env -f deploy/Procfile" in result.stdout
    for command in ("ruff check .", "ruff format --check .", "mypy ", "pytest"):
        assert command in result.stdout


def test_ci_runs_exactly_make_test() -> None:
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    assert "make test" in lines


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Path:
    """A folder shaped like the repository with only the deploy scripts in it."""
    shutil.copytree(ROOT / "deploy" / "scripts", tmp_path / "deploy" / "scripts")
    shutil.copy(ROOT / "deploy" / "Procfile", tmp_path / "deploy" / "Procfile")
    (tmp_path / "web").mkdir()
    return tmp_path


def run_script(repo: Path, name: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(repo / "deploy" / "scripts" / name)],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=60,
    )


def test_building_the_web_client_is_skipped_while_there_is_none(scratch_repo: Path) -> None:
    result = run_script(scratch_repo, "build-web.sh")
    assert result.returncode == 0, result.stderr
    assert "no web/package.json yet" in result.stdout


def test_seeding_says_so_when_the_portal_command_is_not_there_yet(scratch_repo: Path) -> None:
    result = run_script(scratch_repo, "seed-demo.sh", VENV=str(scratch_repo / "no-venv"))
    assert result.returncode == 0, result.stderr
    assert "not available yet" in result.stdout
    assert not (scratch_repo / ".run" / "demo-seed.txt").exists()


def test_down_with_nothing_running_is_not_an_error(scratch_repo: Path) -> None:
    result = run_script(scratch_repo, "stop-bg.sh")
    assert result.returncode == 0, result.stderr
    assert "Nothing started by 'make up-bg' is running" in result.stdout


def test_down_does_not_kill_a_process_that_merely_reused_the_pid(scratch_repo: Path) -> None:
    stranger = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (scratch_repo / ".run").mkdir()
        (scratch_repo / ".run" / "portal.pid").write_text(f"{stranger.pid}\n")
        result = run_script(scratch_repo, "stop-bg.sh")
        assert result.returncode == 0, result.stderr
        assert stranger.poll() is None
    finally:
        stranger.kill()
        stranger.wait()


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


def test_starting_stops_early_when_a_port_is_taken(scratch_repo: Path, busy_port: int) -> None:
    result = run_script(
        scratch_repo, "check-ports.sh", PROCS="gateway", GATEWAY_PORT=str(busy_port)
    )
    assert result.returncode == 1
    assert f"gateway:{busy_port}" in result.stderr
    assert "make down" in result.stderr


def test_starting_stops_early_when_a_metrics_port_is_taken(
    scratch_repo: Path, busy_port: int
) -> None:
    # Every process serves /metrics on a port of its own (its HTTP port + 1000).
    result = run_script(
        scratch_repo, "check-ports.sh", PROCS="identity", IDENTITY_PORT=str(busy_port - 1000)
    )
    assert result.returncode == 1
    assert f"identity-metrics:{busy_port}" in result.stderr


def test_the_banner_shows_the_urls_and_the_demo_logins(scratch_repo: Path) -> None:
    (scratch_repo / ".run").mkdir()
    (scratch_repo / ".run" / "demo-seed.txt").write_text("client: jane@example.com / secret\n")
    result = run_script(scratch_repo, "banner.sh")
    assert result.returncode == 0, result.stderr
    for text in (
        "http://localhost:8080",
        "http://localhost:8080/p/demo",
        "http://localhost:8080/api/docs",
        "http://localhost:8080/p/demo/workspace/integrations",
        "http://localhost:8025",
        "client: jane@example.com / secret",
    ):
        assert text in result.stdout


@pytest.fixture
async def health_server() -> AsyncIterator[str]:
    async def ok(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def not_ready(_: web.Request) -> web.Response:
        return web.json_response({"status": "not ready"}, status=503)

    app = web.Application()
    app.router.add_get("/healthz", ok)
    app.router.add_get("/readyz", not_ready)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    yield f"http://127.0.0.1:{runner.addresses[0][1]}"
    await runner.cleanup()


async def test_the_container_healthcheck_passes_only_on_2xx(health_server: str) -> None:
    def check(*urls: str) -> int:
        return healthcheck(["--quiet", "--timeout", "2", *urls])

    assert await asyncio.to_thread(check, f"{health_server}/healthz") == 0
    assert await asyncio.to_thread(check, f"{health_server}/readyz") == 1
    assert await asyncio.to_thread(check, f"{health_server}/healthz", f"{health_server}/x") == 1
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]
    assert await asyncio.to_thread(check, f"http://127.0.0.1:{closed}/healthz") == 1
