# shellcheck shell=bash
# Shared by deploy/scripts/*.sh and .ci/run (sourced, not run): bash on Linux and macOS.

say() { printf '==> %s\n' "$*"; }
note() { printf '    %s\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
    printf '\nerror: %s\n' "$1" >&2
    shift
    for line in "$@"; do printf '       %s\n' "$line" >&2; done
    exit 1
}

# Run a command as root: directly when we are root, else through sudo.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "this step needs root and sudo is not installed: $*" \
            "Run it as root, or install what it installs yourself, then run make again."
    fi
}

is_debian() { [ -f /etc/debian_version ] && command -v apt-get >/dev/null 2>&1; }
has_systemd() { [ -d /run/systemd/system ]; }

# apt-get update, once per run of a script (and of the scripts it starts).
APT_UPDATED=${APT_UPDATED:-0}
apt_update() {
    if [ "$APT_UPDATED" != 1 ]; then
        say "apt-get update"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        APT_UPDATED=1
        export APT_UPDATED
    fi
}

apt_install() {
    apt_update
    say "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends -o Dpkg::Use-Pty=0 "$@" >/dev/null
}

# The version apt would install of a package ("" when it has none); after apt_update.
apt_candidate() {
    LC_ALL=C apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p' | grep -v '^(none)$' || true
}

# True when root can be had: we are root, or sudo is there to ask.
can_be_root() { [ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null 2>&1; }

# True when something accepts TCP connections on host:port.
tcp_open() {
    local host=$1 port=$2
    if command -v timeout >/dev/null 2>&1; then
        timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
    else
        bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
    fi
}

# wait_for_tcp NAME HOST PORT SECONDS [HINT]: wait until HOST:PORT accepts connections.
wait_for_tcp() {
    local name=$1 host=$2 port=$3 seconds=${4:-60} waited=0
    until tcp_open "$host" "$port"; do
        if [ "$waited" -ge "$seconds" ]; then
            die "$name does not answer on $host:$port after ${seconds}s." ${5:+"$5"}
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

is_local_host() {
    case $1 in 127.* | localhost | ::1 | "") return 0 ;; *) return 1 ;; esac
}

# The port each process of deploy/Procfile listens on (HTTP), by its Procfile name.
http_port_of() {
    case $1 in
        mailbox) echo "${MAILBOX_HTTP_PORT:-8025}" ;;
        gateway) echo "${GATEWAY_PORT:-8080}" ;;
        identity) echo "${IDENTITY_PORT:-8101}" ;;
        scheduling) echo "${SCHEDULING_PORT:-8102}" ;;
        messaging) echo "${MESSAGING_PORT:-8103}" ;;
        forms) echo "${FORMS_PORT:-8104}" ;;
        billing) echo "${BILLING_PORT:-8105}" ;;
        stripe) echo "${LOCALSTRIPE_PORT:-8420}" ;;
        integrations) echo "${INTEGRATIONS_PORT:-8106}" ;;
        *) return 1 ;;
    esac
}

# The processes to run: $PROCS when set, else every process in deploy/Procfile.
# Where a process serves /metrics (shared/web/metrics_listener.py): its HTTP port + 1000
# unless <APP>_METRICS_PORT says otherwise; nothing for the mailbox and localstripe.
metrics_port_of() {
    case $1 in
        gateway | identity | scheduling | messaging | forms | billing | integrations) ;;
        *) return 1 ;;
    esac
    local setting
    setting="$(printf '%s' "$1" | tr '[:lower:]' '[:upper:]')_METRICS_PORT"
    if [ -n "${!setting:-}" ]; then echo "${!setting}"; else echo $(($(http_port_of "$1") + 1000)); fi
}

procfile_processes() {
    if [ -n "${PROCS:-}" ]; then
        # shellcheck disable=SC2086 # one word per process name
        printf '%s\n' $PROCS
    else
        sed -n 's/^\([A-Za-z0-9_-]*\):.*/\1/p' deploy/Procfile
    fi
}
