"""make bench reads wrk's report, measures the CPU a request costs, and compares each case
with its floor."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from benchmarks.cpu import CpuMeter, backend_database, python_modules
from benchmarks.run import median, vs
from benchmarks.wrk import Result, parse_wrk

REPORT = """Running 8s test @ http://127.0.0.1:8080/api/v1/identity/me
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.05ms   12.01ms 130.27ms   80.41%
    Req/Sec     1.55k   210.95     2.01k    70.00%
  Latency Distribution
     50%   19.62ms
     75%   25.10ms
     90%   33.40ms
     99%    1.07s
  24681 requests in 8.01s, 23.21MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:   3081.37
Transfer/sec:      2.90MB
"""


def test_a_wrk_report_gives_throughput_median_tail_and_every_kind_of_failure() -> None:
    result = parse_wrk("case", REPORT)

    assert result == Result(
        "case", rps=3081.37, p50_ms=19.62, p99_ms=1070.0, errors=12, requests=24681
    )


def test_a_report_without_latencies_is_an_error_that_shows_the_report() -> None:
    with pytest.raises(ValueError, match="Running 8s test"):
        parse_wrk("case", "Running 8s test\nRequests/sec: 12.0\n")


def test_a_case_is_compared_with_its_floor_by_throughput_and_by_tail() -> None:
    floor = Result("floor", rps=4000, p50_ms=10, p99_ms=50, errors=0)
    case = Result("case", rps=2400, p50_ms=20, p99_ms=75, errors=0)

    assert vs(case, floor) == "0.60x, p99 1.5x"
    floor.cpu_us, case.cpu_us = 200.0, 500.0
    assert vs(case, floor) == "0.60x, p99 1.5x, CPU 2.5x"


def test_rounds_are_summarised_by_each_figures_median_and_all_their_errors() -> None:
    rounds = [
        Result("case", rps=1000, p50_ms=30, p99_ms=90, errors=0, requests=8000, cpu_us=300),
        Result("case", rps=3000, p50_ms=10, p99_ms=400, errors=1, requests=24000, cpu_us=250),
        Result("case", rps=2000, p50_ms=20, p99_ms=80, errors=2, requests=16000, cpu_us=900),
    ]

    assert median(rounds) == Result(
        "case", rps=2000, p50_ms=20, p99_ms=90, errors=3, requests=48000, cpu_us=300
    )


def test_the_cpu_a_busy_process_spends_is_counted_and_an_idle_ones_is_not() -> None:
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        busy_meter, idle_meter = CpuMeter(lambda: [busy.pid]), CpuMeter(lambda: [idle.pid])
        busy_meter.start()
        idle_meter.start()
        subprocess.run([sys.executable, "-c", "import time; time.sleep(0.5)"], check=True)
        assert busy_meter.seconds() > 0.05  # it had the better part of a core
        assert idle_meter.seconds() < 0.05
    finally:
        for process in (busy, idle):
            process.kill()
            process.wait()


def test_a_process_that_is_gone_counts_for_nothing_rather_than_failing() -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()

    meter = CpuMeter(lambda: [gone.pid])
    meter.start()

    assert meter.seconds() == 0.0


def test_postgresql_backends_are_told_apart_by_database() -> None:
    title = "postgres: 15/main: portal_identity portal 127.0.0.1(55886) idle"

    assert backend_database(title) == "portal"
    assert backend_database("postgres: 15/main: checkpointer ") is None
    assert backend_database("/usr/bin/python -m gateway") is None


def test_the_portals_processes_are_found_by_the_module_they_run() -> None:
    # A module that keeps running until stopped, on a port of its own (0: any free one).
    child = subprocess.Popen(
        [sys.executable, "-m", "http.server", "0", "--bind", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Until the child has exec'd, /proc shows the parent's command line.
        deadline = time.monotonic() + 30
        while child.pid not in python_modules("http.server") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert child.pid in python_modules("http.server")
        assert child.pid not in python_modules("gateway")
    finally:
        child.kill()
        child.wait()
