#!/usr/bin/env bash
# Fail early, with a useful message, when a port the portal needs is already taken.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/scripts/_lib.sh

busy=()
for name in $(procfile_processes); do
    port=$(http_port_of "$name") || continue
    if tcp_open 127.0.0.1 "$port"; then busy+=("$name:$port"); fi
    if metrics=$(metrics_port_of "$name") && tcp_open 127.0.0.1 "$metrics"; then
        busy+=("$name-metrics:$metrics")
    fi
    if [ "$name" = mailbox ] && tcp_open 127.0.0.1 "${MAILBOX_SMTP_PORT:-1025}"; then
        busy+=("mailbox-smtp:${MAILBOX_SMTP_PORT:-1025}")
    fi
done
if [ "${#busy[@]}" -gt 0 ]; then
    die "ports already in use: ${busy[*]}" \
        "Is the portal already running? 'make down' stops one started with 'make up-bg';" \
        "otherwise stop what listens there (ss -ltnp shows it) or choose other ports" \
        "(e.g. GATEWAY_PORT, IDENTITY_PORT, GATEWAY_METRICS_PORT, MAILBOX_HTTP_PORT;" \
        "see deploy/README.md)."
fi
