#!/usr/bin/env bash
# A per-install encryption key for data at rest (PORTAL_ENCRYPTION_KEYS), kept in .env:
# never in git (.gitignore), readable by this user only. honcho reads .env by itself; the
# Makefile's migrate and seed steps source it. A key given in the environment wins.
#
# The key belongs with the database, not with one clone: it is also kept in
# ~/.config/client-portal/keys.env, so another clone on this machine (which uses the same
# local database) reuses it instead of making a key that cannot read the data.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/scripts/_lib.sh

VENV=${VENV:-.venv}
shared_dir=${XDG_CONFIG_HOME:-$HOME/.config}/client-portal
shared_keys=$shared_dir/keys.env
umask 077
touch .env
if [ -n "${PORTAL_ENCRYPTION_KEYS:-}" ] || grep -q '^PORTAL_ENCRYPTION_KEYS=' .env; then
    exit 0
fi
if [ -f "$shared_keys" ] && grep -q '^PORTAL_ENCRYPTION_KEYS=' "$shared_keys"; then
    line=$(grep '^PORTAL_ENCRYPTION_KEYS=' "$shared_keys" | tail -n 1)
    say "Encryption key: this machine's, from $shared_keys"
else
    kid="local-$(date +%Y%m%d)-$(od -An -N3 -tx1 /dev/urandom | tr -d ' \n')"
    line="PORTAL_ENCRYPTION_KEYS=$("$VENV/bin/python" -m shared.crypto "$kid")"
    mkdir -p "$shared_dir"
    {
        echo "# The key that encrypts secrets and health data at rest in this machine's portal"
        echo "# database. Back it up - without it that data cannot be read. Never commit it."
        echo "$line"
    } >>"$shared_keys"
    say "Encryption key: a new one in .env and $shared_keys (back it up; never commit it)"
fi
{
    echo "# The key that encrypts secrets and health data at rest (make env). Never commit it."
    echo "$line"
} >>.env
