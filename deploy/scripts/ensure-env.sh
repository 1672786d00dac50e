#!/usr/bin/env bash
# A per-install encryption key for data at rest (PORTAL_ENCRYPTION_KEYS), kept in .env:
# never in git (.gitignore), readable by this user only. honcho reads .env by itself; the
# Makefile's migrate and seed steps source it. A key given in the environment wins.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/scripts/_lib.sh

VENV=${VENV:-.venv}
umask 077
touch .env
if [ -n "${PORTAL_ENCRYPTION_KEYS:-}" ] || grep -q '^PORTAL_ENCRYPTION_KEYS=' .env; then
    exit 0
fi
key=$("$VENV/bin/python" -m shared.crypto "local-$(date +%Y%m%d)")
{
    echo "# Made by 'make up': the key that encrypts secrets and health data at rest."
    echo "# Back it up - without it that data cannot be read. Never commit it."
    echo "PORTAL_ENCRYPTION_KEYS=$key"
} >>.env
say "Encryption key: a new one in .env (back it up; never commit it)"
