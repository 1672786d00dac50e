#!/usr/bin/env bash
# `make bench`: benchmarks/run.py against the running portal. Where none answers, start one
# with `make up-bg` for the measurement and stop it afterwards (`make down`), whatever
# happens; a portal that was already running is left running. BENCH_ARGS go to run.py
# (e.g. BENCH_ARGS="--seconds 15 --login").
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/scripts/_lib.sh

VENV=${VENV:-.venv}
urls=("http://127.0.0.1:${GATEWAY_PORT:-8080}/healthz" "http://127.0.0.1:${IDENTITY_PORT:-8101}/healthz")
if "$VENV/bin/python" -m deploy.healthcheck --quiet --timeout 2 "${urls[@]}"; then
    say "Benchmark: against the portal that is running"
else
    say "Benchmark: starting the portal for the measurement (stopped again after)"
    trap 'make down' EXIT
    make up-bg
fi
# shellcheck disable=SC2086 # one word per argument
"$VENV/bin/python" -m benchmarks.run ${BENCH_ARGS:-}
