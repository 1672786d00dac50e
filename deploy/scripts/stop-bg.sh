#!/usr/bin/env bash
# `make down`: stop the honcho that `make up-bg` started (.run/portal.pid) and its processes.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/scripts/_lib.sh

pidfile=.run/portal.pid
if [ ! -f "$pidfile" ]; then
    say "Nothing started by 'make up-bg' is running (no $pidfile)."
    exit 0
fi
pid=$(cat "$pidfile")
is_ours() {
    kill -0 "$pid" 2>/dev/null || return 1
    # A reused pid must not be killed: check that it is still honcho, where /proc tells.
    [ ! -r "/proc/$pid/cmdline" ] || tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q honcho
}
if ! is_ours; then
    say "The portal (pid $pid) is not running any more."
    rm -f "$pidfile"
    exit 0
fi

# honcho runs each process in a session of its own: remember them in case it must be forced.
children=$(pgrep -P "$pid" 2>/dev/null | tr '\n' ' ' || true)
say "Stopping the portal (pid $pid)"
kill -TERM "$pid"
for _ in $(seq 1 20); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
done
if kill -0 "$pid" 2>/dev/null; then
    warn "honcho did not stop within 20s; killing it and its processes"
    for child in $children; do kill -KILL -- "-$child" 2>/dev/null || true; done
    kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$pidfile"
say "Stopped."
