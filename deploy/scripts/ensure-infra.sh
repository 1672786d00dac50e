#!/usr/bin/env bash
# PostgreSQL and RabbitMQ for a local portal. For each: use it where it already answers,
# start it where it is installed but stopped, install it with apt-get on Debian/Ubuntu
# (as root or through sudo) where it is missing, and elsewhere say what to install.
# Where PORTAL_ADMIN_DATABASE_URL / PORTAL_AMQP_URL point at another host, only check it.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/scripts/_lib.sh

DB_URL=${PORTAL_ADMIN_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/portal}
AMQP_URL=${PORTAL_AMQP_URL:-amqp://guest:guest@127.0.0.1:5672/}
# RabbitMQ's management HTTP API: services/integrations makes clinician tools' broker users there.
MGMT_URL=${INTEGRATIONS_BROKER_ADMIN_URL:-http://127.0.0.1:15672}

# Parts of a URL: url_part URL host|port|maintenance DEFAULT_PORT. "maintenance" is the
# same URL on the "postgres" database (the portal's may not exist yet). Plain bash: this
# runs before Python is set up.
URL_RE='^([a-z0-9+]+://)([^@/]*@)?(\[[^]/]*\]|[^:/?]*)(:([0-9]+))?(/[^?]*)?(\?.*)?$'
url_part() {
    [[ $1 =~ $URL_RE ]] || die "not a URL: $1"
    local host=${BASH_REMATCH[3]} port=${BASH_REMATCH[5]}
    case $2 in
        host) host=${host#[}; host=${host%]}; echo "${host:-127.0.0.1}" ;;
        port) echo "${port:-$3}" ;;
        maintenance)
            echo "${BASH_REMATCH[1]}${BASH_REMATCH[2]}${BASH_REMATCH[3]}${BASH_REMATCH[4]}/postgres${BASH_REMATCH[7]}"
            ;;
    esac
}

PG_HOST=$(url_part "$DB_URL" host 5432)
PG_PORT=$(url_part "$DB_URL" port 5432)
MQ_HOST=$(url_part "$AMQP_URL" host 5672)
MQ_PORT=$(url_part "$AMQP_URL" port 5672)
MGMT_HOST=$(url_part "$MGMT_URL" host 15672)
MGMT_PORT=$(url_part "$MGMT_URL" port 15672)

not_debian() {
    die "$1 is not running here, and this system is not Debian/Ubuntu, so it was not installed." \
        "Install and start PostgreSQL 15+ and RabbitMQ 3.10+, then run make up again:" \
        "  macOS:  brew install postgresql@16 rabbitmq" \
        "          brew services start postgresql@16 && brew services start rabbitmq" \
        "          createuser -s postgres" \
        "  Fedora: sudo dnf install postgresql-server rabbitmq-server" \
        "          sudo postgresql-setup --initdb && sudo systemctl start postgresql rabbitmq-server" \
        "PostgreSQL must let user postgres connect to 127.0.0.1 without a password (pg_hba.conf" \
        "'trust' for local development), or set PORTAL_ADMIN_DATABASE_URL to one that works."
}

# --- PostgreSQL ------------------------------------------------------------------------

# The newest PostgreSQL installed the Debian way (/usr/lib/postgresql/<major>), if any.
# shellcheck disable=SC2012 # the names are version numbers
pg_version() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1; }

cluster_port() { pg_lsclusters -h 2>/dev/null | awk -v v="$1" '$1 == v && $2 == "main" {print $3}'; }

# start_postgres FRESH: start the newest cluster; FRESH=1 when this script just installed it.
start_postgres() {
    local version port
    version=$(pg_version)
    if [ ! -f "/etc/postgresql/$version/main/postgresql.conf" ]; then
        say "PostgreSQL: creating cluster $version/main"
        as_root pg_createcluster "$version" main >/dev/null
    fi
    port=$(cluster_port "$version")
    if [ -n "$port" ] && [ "$port" != "$PG_PORT" ]; then
        if [ "$1" != 1 ]; then
            die "PostgreSQL cluster $version/main is set up for port $port, not $PG_PORT." \
                "Start it and use it: export PORTAL_ADMIN_DATABASE_URL=postgresql://postgres@127.0.0.1:$port/portal" \
                "or set its port to $PG_PORT in /etc/postgresql/$version/main/postgresql.conf."
        fi
        # A new cluster takes the next port when it sees the default one taken.
        say "PostgreSQL: setting the new cluster's port to $PG_PORT (it was $port)"
        as_root pg_conftool "$version" main set port "$PG_PORT"
    fi
    say "PostgreSQL: starting cluster $version/main"
    if has_systemd; then
        as_root systemctl start "postgresql@$version-main"
    else
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
    fi
}

# Only for a cluster this script has just installed: local development connects to
# 127.0.0.1 as postgres and as each service's role, without passwords.
trust_loopback() {
    local version hba tmp
    version=$(pg_version)
    hba=/etc/postgresql/$version/main/pg_hba.conf
    if as_root grep -q 'client-portal' "$hba"; then return 0; fi
    say "PostgreSQL: trusting loopback connections (local development only) in $hba"
    tmp=$(mktemp)
    {
        echo "# client-portal (make up): local development trusts loopback connections"
        echo "host all all 127.0.0.1/32 trust"
        echo "host all all ::1/128 trust"
        as_root cat "$hba"
    } >"$tmp"
    as_root install -m 640 -o postgres -g postgres "$tmp" "$hba"
    rm -f "$tmp"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
}

check_postgres_login() {
    command -v psql >/dev/null 2>&1 || return 0
    local url why
    url=$(url_part "$DB_URL" maintenance 5432)
    if ! why=$(PGCONNECT_TIMEOUT=5 psql "$url" -Atqc 'SELECT 1' 2>&1 >/dev/null); then
        die "PostgreSQL answers on $PG_HOST:$PG_PORT but refuses the portal's login: $why" \
            "For local development, trust loopback connections in pg_hba.conf:" \
            "  host all all 127.0.0.1/32 trust" \
            "then reload PostgreSQL, or set PORTAL_ADMIN_DATABASE_URL (and each" \
            "<SERVICE>_DATABASE_PASSWORD) to credentials that work."
    fi
}

ensure_postgres() {
    if tcp_open "$PG_HOST" "$PG_PORT"; then
        say "PostgreSQL: answering on $PG_HOST:$PG_PORT"
    elif ! is_local_host "$PG_HOST"; then
        die "PostgreSQL does not answer on $PG_HOST:$PG_PORT (PORTAL_ADMIN_DATABASE_URL)."
    else
        local fresh=0
        if [ -z "$(pg_version)" ] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
            is_debian || not_debian PostgreSQL
            apt_install postgresql postgresql-contrib
            fresh=1
        fi
        tcp_open "$PG_HOST" "$PG_PORT" || start_postgres "$fresh"
        wait_for_tcp PostgreSQL "$PG_HOST" "$PG_PORT" 60
        if [ "$fresh" = 1 ]; then trust_loopback; fi
        say "PostgreSQL: answering on $PG_HOST:$PG_PORT"
    fi
    check_postgres_login
}

# --- RabbitMQ --------------------------------------------------------------------------

ensure_rabbitmq() {
    if tcp_open "$MQ_HOST" "$MQ_PORT"; then
        say "RabbitMQ: answering on $MQ_HOST:$MQ_PORT"
        return 0
    fi
    if ! is_local_host "$MQ_HOST"; then
        die "RabbitMQ does not answer on $MQ_HOST:$MQ_PORT (PORTAL_AMQP_URL)."
    fi
    if ! command -v rabbitmq-server >/dev/null 2>&1 && [ ! -x /usr/sbin/rabbitmq-server ]; then
        is_debian || not_debian RabbitMQ
        apt_install rabbitmq-server
        # Where the package started the broker itself, it needs a few seconds to listen.
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            tcp_open "$MQ_HOST" "$MQ_PORT" && break
            sleep 1
        done
    fi
    if ! tcp_open "$MQ_HOST" "$MQ_PORT"; then
        say "RabbitMQ: starting"
        if has_systemd; then
            as_root systemctl start rabbitmq-server
        else
            # Refused when a node is already booting: then waiting below is all it takes.
            as_root env PATH="/usr/sbin:$PATH" rabbitmq-server -detached || true
        fi
    fi
    wait_for_tcp RabbitMQ "$MQ_HOST" "$MQ_PORT" 120 \
        "Its log is in /var/log/rabbitmq/."
    say "RabbitMQ: answering on $MQ_HOST:$MQ_PORT"
}

# The management plugin (tool credentials are broker users made through its HTTP API).
# Enabling it needs no restart; a broker elsewhere is only checked.
ensure_rabbitmq_management() {
    if tcp_open "$MGMT_HOST" "$MGMT_PORT"; then
        say "RabbitMQ management API: answering on $MGMT_HOST:$MGMT_PORT"
        return 0
    fi
    if ! is_local_host "$MGMT_HOST" || ! is_local_host "$MQ_HOST"; then
        warn "RabbitMQ's management API does not answer on $MGMT_HOST:$MGMT_PORT" \
            "(INTEGRATIONS_BROKER_ADMIN_URL): clinician tools' broker credentials cannot be" \
            "made until 'rabbitmq-plugins enable rabbitmq_management' runs on the broker."
        return 0
    fi
    say "RabbitMQ: enabling the management plugin"
    as_root env PATH="/usr/sbin:$PATH" rabbitmq-plugins enable rabbitmq_management >/dev/null
    wait_for_tcp "RabbitMQ management API" "$MGMT_HOST" "$MGMT_PORT" 60 \
        "Its log is in /var/log/rabbitmq/."
    say "RabbitMQ management API: answering on $MGMT_HOST:$MGMT_PORT"
}

ensure_postgres
ensure_rabbitmq
ensure_rabbitmq_management
