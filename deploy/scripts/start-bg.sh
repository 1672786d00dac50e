#!/usr/bin/env bash
# `make up-bg`: run honcho (every process of deploy/Procfile, or $PROCS) in the background,
# logging to .run/portal.log, its pid in .run/portal.pid; wait until each process answers
# /healthz. `make down` (stop-bg.sh) stops it. The processes append their JSON log lines to
# the file themselves (PORTAL_LOG_FILE): passed through honcho line by line, they cost more
# CPU than serving the requests they describe. honcho's own lines and anything else a
# process prints (a crash's traceback) still come through honcho, into the same file.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/scripts/_lib.sh

VENV=${VENV:-.venv}
WAIT_SECONDS=${WAIT_SECONDS:-120}
pidfile=.run/portal.pid
log=.run/portal.log
mkdir -p .run

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    say "Already running (pid $(cat "$pidfile")); 'make down' stops it. Log: $log"
    exit 0
fi
rm -f "$pidfile"
deploy/scripts/check-ports.sh

processes=$(procfile_processes | tr '\n' ' ')
say "Starting in the background: $processes(log: $log)"
export PATH="$PWD/$VENV/bin:$PATH" PORTAL_LOG_FILE="$PWD/$log"
: >"$log"
# A session of its own, so that `make down` can end every process it started.
# shellcheck disable=SC2016 # $$, $0 and $@ are the inner shell's
launch=(sh -c 'echo $$ >"$0"; exec honcho start --no-colour -e .env,deploy/local.env -f deploy/Procfile "$@"' "$pidfile")
if command -v setsid >/dev/null 2>&1; then launch=(setsid "${launch[@]}"); fi
# shellcheck disable=SC2086 # one word per process name
nohup "${launch[@]}" ${PROCS:-} >>"$log" 2>&1 </dev/null &  # appending, as they do

urls=()
listening=()
for name in $(procfile_processes); do
    port=$(http_port_of "$name") || continue
    if [ "$name" = stripe ]; then
        listening+=("$port") # localstripe has no /healthz (it answers 401): listening will do
    else
        urls+=("http://127.0.0.1:$port/healthz")
    fi
done
all_up() {
    local port
    for port in ${listening[@]+"${listening[@]}"}; do tcp_open 127.0.0.1 "$port" || return 1; done
    "$VENV/bin/python" -m deploy.healthcheck --quiet --timeout 2 "${urls[@]}"
}
waited=0
until all_up; do
    pid=$(cat "$pidfile" 2>/dev/null || true)
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
        tail -n 30 "$log" >&2
        rm -f "$pidfile"
        die "the portal stopped while starting; the end of $log is above."
    fi
    if [ "$waited" -ge "$WAIT_SECONDS" ]; then
        "$VENV/bin/python" -m deploy.healthcheck --timeout 2 "${urls[@]}" || true
        die "not every process answered /healthz after ${WAIT_SECONDS}s (still running;" \
            "see $log, and 'make down' to stop it)."
    fi
    sleep 1
    waited=$((waited + 1))
done
say "Running (pid $(cat "$pidfile")). Stop it with: make down"
