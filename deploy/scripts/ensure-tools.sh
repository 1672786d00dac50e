#!/usr/bin/env bash
# The programs beyond Python that make needs: ensure-tools.sh TOOL...
#   chromium  Debian's chromium, which the browser tests drive through Playwright (make test)
#   node      Node.js 20.19+ with npm, which builds the web client (make web, up and test)
#   wrk       the load generator of make bench
#   and shellcheck, which lints these scripts in tests/deploy/test_scripts.py (make test)
# Each is used where it is on PATH. Where one is missing, it is installed with apt-get on
# Debian/Ubuntu (as root or through sudo); elsewhere, or without a way to root, this says
# what to install and stops, before anything has been half done.
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/scripts/_lib.sh

# What the web client asks for (web/package.json "engines": {"node": ">=X.Y"}), else what
# its Vite 8 needs; Debian 12's own nodejs is 18.
if [ -z "${NODE_MIN:-}" ] && [ -f web/package.json ]; then
    NODE_MIN=$(sed -n 's/.*"node": *">= *\([0-9][0-9.]*\)".*/\1/p' web/package.json)
fi
NODE_MIN=${NODE_MIN:-20.19}

# version_at_least HAVE NEED: both "major.minor[.patch]", compared as numbers.
version_at_least() {
    local have_major have_minor need_major need_minor
    IFS=. read -r have_major have_minor _ <<<"$1."
    IFS=. read -r need_major need_minor _ <<<"$2."
    have_major=${have_major//[!0-9]/} have_minor=${have_minor//[!0-9]/}
    [ "${have_major:-0}" -gt "$need_major" ] ||
        { [ "${have_major:-0}" -eq "$need_major" ] && [ "${have_minor:-0}" -ge "$need_minor" ]; }
}

# An epoch ("1:") and a Debian revision ("-1nodesource1") are not the upstream version.
upstream_version() {
    local version=${1#*:}
    echo "${version%%[-+~]*}"
}

present() {
    case $1 in
        chromium | wrk | shellcheck) command -v "$1" >/dev/null 2>&1 ;;
        node)
            command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
                version_at_least "$(node --version 2>/dev/null | tr -d v)" "$NODE_MIN"
            ;;
        *) die "ensure-tools.sh: no such tool: $1 (chromium, node, wrk or shellcheck)" ;;
    esac
}

# What to do by hand, for the message when this script cannot install a tool itself.
advice() {
    case $1 in
        chromium)
            echo "chromium: the browser tests (tests/browser) drive it through Playwright;" \
                "put a Chromium named 'chromium' on PATH (Debian: apt-get install chromium;" \
                "Fedora: dnf install chromium; macOS: brew install --cask chromium and link it)," \
                "or leave those tests out: make test PYTEST_ARGS='--ignore=tests/browser'"
            ;;
        node)
            echo "node: Node.js $NODE_MIN or newer with npm builds the web client (web/):" \
                "https://nodejs.org/en/download, NodeSource's packages" \
                "(https://github.com/nodesource/distributions) or brew install node@22"
            ;;
        wrk) echo "wrk: make bench drives the load with it (apt-get install wrk, brew install wrk)" ;;
        shellcheck) echo "shellcheck: make test lints the shell scripts with it (apt-get install shellcheck, brew install shellcheck)" ;;
    esac
}

# The Debian packages for a tool, or nothing (and why, on stderr) when apt cannot do it.
debian_packages() {
    case $1 in
        chromium | wrk | shellcheck) echo "$1" ;;
        node)
            local candidate
            candidate=$(apt_candidate nodejs)
            if [ -z "$candidate" ] || ! version_at_least "$(upstream_version "$candidate")" "$NODE_MIN"; then
                warn "apt offers nodejs ${candidate:-(none)} here; the web client needs $NODE_MIN or newer."
                return 1
            fi
            # NodeSource's nodejs carries npm itself and conflicts with Debian's npm package.
            case $candidate in *nodesource*) echo nodejs ;; *) echo nodejs npm ;; esac
            ;;
    esac
}

# cannot_install WHY TOOL...: stop with what to install by hand.
cannot_install() {
    local why=$1 tool lines=()
    shift
    for tool in "$@"; do lines+=("$(advice "$tool")"); done
    die "missing: $* ($why, so make does not install it)." "${lines[@]}" \
        "Install it, then run make again."
}

missing=()
for tool in "$@"; do present "$tool" || missing+=("$tool"); done
[ "${#missing[@]}" -gt 0 ] || exit 0

if ! is_debian; then
    cannot_install "this system is not Debian/Ubuntu" "${missing[@]}"
elif ! can_be_root; then
    cannot_install "installing needs root, and sudo is not installed" "${missing[@]}"
fi
apt_update
packages=()
unavailable=()
for tool in "${missing[@]}"; do
    if names=$(debian_packages "$tool"); then
        # shellcheck disable=SC2206 # one word per package name
        packages+=($names)
    else
        unavailable+=("$tool")
    fi
done
[ "${#unavailable[@]}" -eq 0 ] || cannot_install "apt's version is too old" "${unavailable[@]}"
apt_install "${packages[@]}"
hash -r
for tool in "${missing[@]}"; do
    present "$tool" || die "apt-get installed ${packages[*]}, yet $tool is still missing." \
        "$(advice "$tool")"
done
say "Installed: ${missing[*]}"
