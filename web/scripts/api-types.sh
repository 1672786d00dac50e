#!/usr/bin/env bash
# Regenerate (or with --check, verify) the web client's API types from the services'
# code: the merged OpenAPI document needs no running service. PY names the Python with
# the project installed (default: the repository's .venv).
set -euo pipefail
web="$(cd "$(dirname "$0")/.." && pwd)"
root="$(dirname "$web")"
PY="${PY:-$root/.venv/bin/python}"
case "$PY" in /*) ;; */*) PY="$PWD/$PY" ;; esac
document="$(mktemp --suffix=.json)"
trap 'rm -f "$document"' EXIT
(cd "$root" && "$PY" -m gateway.openapi_document --out "$document")
cd "$web" && node scripts/api-types.mjs "$document" "$@"
