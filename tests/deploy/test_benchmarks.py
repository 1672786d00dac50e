"""benchmarks/run.py reads wrk's report and compares each case with its floor."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

# benchmarks/ is a folder of scripts, not a package: load run.py under a name of its own.
_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"
_SPEC = importlib.util.spec_from_file_location("benchmarks_run", _PATH)
assert _SPEC is not None and _SPEC.loader is not None
bench = importlib.util.module_from_spec(_SPEC)
sys.modules["benchmarks_run"] = bench  # dataclasses look their module up by name
_SPEC.loader.exec_module(bench)
Result, median, parse_wrk, vs = bench.Result, bench.median, bench.parse_wrk, bench.vs

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

    assert result == Result("case", rps=3081.37, p50_ms=19.62, p99_ms=1070.0, errors=12)


def test_a_report_without_latencies_is_an_error_that_shows_the_report() -> None:
    with pytest.raises(ValueError, match="Running 8s test"):
        parse_wrk("case", "Running 8s test\nRequests/sec: 12.0\n")


def test_a_case_is_compared_with_its_floor_by_throughput_and_by_tail() -> None:
    floor = Result("floor", rps=4000, p50_ms=10, p99_ms=50, errors=0)
    case = Result("case", rps=2400, p50_ms=20, p99_ms=75, errors=0)

    assert vs(case, floor) == "0.60x, p99 1.5x"


def test_rounds_are_summarised_by_each_figures_median_and_all_their_errors() -> None:
    rounds = [
        Result("case", rps=1000, p50_ms=30, p99_ms=90, errors=0),
        Result("case", rps=3000, p50_ms=10, p99_ms=400, errors=1),
        Result("case", rps=2000, p50_ms=20, p99_ms=80, errors=2),
    ]

    assert median(rounds) == Result("case", rps=2000, p50_ms=20, p99_ms=90, errors=3)
