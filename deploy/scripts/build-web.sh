#!/usr/bin/env bash
# Build the browser client in web/ to static files (npm ci or install, then npm run build).
# Skips cleanly while web/ has no package.json. Node.js comes from ensure-tools.sh (apt-get
# on Debian/Ubuntu where it is missing or too old; elsewhere it says what to install).
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/scripts/_lib.sh

if [ ! -f web/package.json ]; then
    say "Web client: no web/package.json yet, nothing to build"
    exit 0
fi

deploy/scripts/ensure-tools.sh node

cd web
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
if [ -f package-lock.json ]; then
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        say "Web client: npm ci"
        npm ci --no-progress
    fi
elif [ ! -d node_modules ] || [ package.json -nt node_modules ]; then
    say "Web client: npm install"
    npm install --no-progress
    touch node_modules
fi

if node -e 'process.exit(require("./package.json").scripts?.build ? 0 : 1)'; then
    say "Web client: npm run build"
    npm run build --silent
else
    say "Web client: package.json has no build script, nothing to build"
fi
