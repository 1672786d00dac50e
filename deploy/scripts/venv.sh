#!/usr/bin/env bash
# The project's virtual environment: Python 3.11+ in .venv with the project installed
# editable with its dev tools. Make runs this when .venv is missing or pyproject.toml is
# newer than the last install (.venv/.installed).
set -euo pipefail
cd "$(dirname "$0")/../.."
. deploy/scripts/_lib.sh

VENV=${VENV:-.venv}

new_enough() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; }

find_python() {
    local candidate
    for candidate in ${PYTHON:-} python3 python3.13 python3.12 python3.11; do
        if command -v "$candidate" >/dev/null 2>&1 && new_enough "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

if [ -x "$VENV/bin/python" ] && new_enough "$VENV/bin/python"; then
    say "Python: using $VENV ($("$VENV/bin/python" --version))"
else
    # Look for the system's Python, not a previous venv's.
    PATH=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v "/$VENV/bin\$" | paste -sd: -)
    if ! python=$(find_python) && is_debian && ! command -v python3 >/dev/null 2>&1; then
        apt_install python3 python3-venv
    fi
    if ! python=$(find_python); then
        found=$(python3 --version 2>/dev/null || echo "no python3")
        die "Python 3.11 or newer is needed ($found found)." \
            "Debian/Ubuntu: apt-get install python3 python3-venv" \
            "macOS: brew install python@3.12" \
            "Or point PYTHON at one: make up PYTHON=/path/to/python3.12"
    fi
    say "Python: creating $VENV with $python ($("$python" --version))"
    rm -rf "$VENV"
    if ! "$python" -m venv "$VENV"; then
        rm -rf "$VENV"
        if is_debian; then
            minor=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
            apt_install "python$minor-venv" || apt_install python3-venv
            "$python" -m venv "$VENV"
        else
            die "$python cannot create a virtual environment (is its venv module installed?)."
        fi
    fi
fi

say "Python: installing the project and its dev tools into $VENV"
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_PROGRESS_BAR=off
# (This machine's pip.conf may name local package folders that do not exist: drop that noise.)
"$VENV/bin/python" -m pip install --quiet --editable '.[dev]' 2>&1 |
    { grep -v "^WARNING: Location 'file:" || true; }
touch "$VENV/.installed"
