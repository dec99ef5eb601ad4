# Shared set-up for scripts/run and scripts/test (sourced, not executed).
# Creates .venv when missing, installs the project (with extras when asked) only when
# pyproject.toml changed since the last install, installs the few system libraries Qt needs
# on a bare Linux machine, and compiles the message catalogs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

socanbo_setup() {
    local extras="${1:-}"
    if [ ! -x "$PY" ]; then
        local base_python="${PYTHON:-}"
        if [ -z "$base_python" ]; then
            for candidate in python3.13 python3.12 python3.11 python3; do
                if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
                    base_python="$candidate"; break
                fi
            done
        fi
        [ -n "$base_python" ] || { echo "Cần Python 3.11 trở lên / Python 3.11 or newer is required" >&2; exit 1; }
        "$base_python" -m venv "$VENV"
    fi
    local spec="."
    [ -n "$extras" ] && spec=".[$extras]"
    local stamp="$VENV/.installed-$(echo "$extras" | tr ',' '-')"
    local want
    want="$(cat pyproject.toml | sha256sum | cut -d' ' -f1)"
    if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
        "$PY" -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
        "$PY" -m pip install --quiet -e "$spec"
        echo "$want" > "$stamp"
    fi
    socanbo_qt_system_libraries
    "$PY" -m desktop.i18n_catalogs compile
}

# Qt's xcb/offscreen platform plugins load a few shared libraries that a bare Debian/Ubuntu
# machine may lack. Install them only when missing and only where apt-get can run.
socanbo_qt_system_libraries() {
    [ "$(uname -s)" = "Linux" ] || return 0
    if "$PY" -c 'from PySide6 import QtGui' >/dev/null 2>&1; then return 0; fi
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = "0" ]; then
        echo "Installing the system libraries Qt needs..." >&2
        apt-get update -qq >/dev/null 2>&1 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 >/dev/null 2>&1 || true
    fi
    "$PY" -c 'from PySide6 import QtGui' || { echo "Qt cannot load its libraries (see above)" >&2; exit 1; }
}
