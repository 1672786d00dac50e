#!/usr/bin/env bash
# Create the demo practice with `portal seed-demo` (idempotent) and keep what it printed
# (the demo logins) in .run/demo-seed.txt for the banner. A note instead while the
# identity service has no CLI yet.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/scripts/_lib.sh

VENV=${VENV:-.venv}
out=.run/demo-seed.txt
mkdir -p .run

if [ ! -x "$VENV/bin/portal" ] || ! "$VENV/bin/python" -c 'import services.identity.cli' 2>/dev/null; then
    say "Demo: 'portal seed-demo' is not available yet (services/identity/cli.py); no demo practice"
    rm -f "$out"
    exit 0
fi

say "Demo: portal seed-demo"
"$VENV/bin/portal" seed-demo >"$out.new"
mv "$out.new" "$out"
