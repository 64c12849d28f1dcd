#!/usr/bin/env bash
# Sets up a development environment from a clean clone on Debian/Ubuntu (Python 3.10+, Node 20):
# Debian's Chromium (for the UI tests), a virtual environment in .venv with JupyterLab and
# ipykernel, the JavaScript dependencies (from the lock files), the build, and an editable
# install of the extension. Idempotent: a second run only rebuilds.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${LINEARIZE_VENV:-$ROOT/.venv}
PY=${PYTHON:-python3}
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

# --- system packages -------------------------------------------------------------------
command -v node >/dev/null || { echo "Node.js 20 or newer is required (https://nodejs.org or your distribution)." >&2; exit 2; }
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || { echo "Node.js 20 or newer is required; found $(node --version)." >&2; exit 2; }
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 10))' || { echo "Python 3.10 or newer is required." >&2; exit 2; }
if [ "${LINEARIZE_SKIP_CHROMIUM:-0}" != 1 ] && ! command -v chromium >/dev/null; then
  say "Installing Chromium from Debian's packages (UI tests; no browser download)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi

# --- Python environment ----------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
  say "Creating the virtual environment $VENV"
  "$PY" -m venv "$VENV"
fi
# shellcheck disable=SC1091
. "$VENV/bin/activate"
stamp="$VENV/.linearize-deps-$(cat pyproject.toml package.json yarn.lock ui-tests/package.json ui-tests/yarn.lock | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  say "Installing JupyterLab, ipykernel and the test tools"
  python -m pip install -q --upgrade pip
  python -m pip install -q "jupyterlab>=4.6,<4.7" "notebook>=7.6,<7.7" ipykernel
  say "Installing JavaScript dependencies (jlpm, from yarn.lock)"
  jlpm install --immutable
  (cd ui-tests && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 jlpm install --immutable)
fi

# --- build and install -----------------------------------------------------------------
say "Building the extension and the CLI"
jlpm build
if [ ! -f "$stamp" ]; then
  say "Installing the extension (editable) and its server part"
  python -m pip install -q -e ".[test]"
  touch "$stamp"
fi
jupyter-builder develop . --overwrite >/dev/null 2>&1 || jupyter labextension develop . --overwrite >/dev/null
jupyter labextension list 2>&1 | grep -E "jupyterlab-linearize.*enabled.*OK" >/dev/null \
  || { echo "the labextension is not enabled and OK:" >&2; jupyter labextension list >&2; exit 1; }
jupyter server extension list 2>&1 | grep -E "jupyterlab_linearize.*OK" >/dev/null \
  || { echo "the server extension is not enabled and OK:" >&2; jupyter server extension list >&2; exit 1; }
say "Ready: jupyterlab-linearize $(node -p 'require("./package.json").version') is installed in $VENV"
