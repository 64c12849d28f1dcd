#!/usr/bin/env bash
# A second virtual environment for the real-time collaboration UI tests (ui-tests/tests/rtc*):
# JupyterLab, ipykernel and jupyter-collaboration from PyPI, plus this extension (editable).
# jupyter-collaboration is kept out of the main .venv because it changes every notebook
# (shared Yjs documents) and so every other UI test. Run after scripts/setup.sh (which
# builds the extension); cached by a stamp file like setup.sh: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${LINEARIZE_RTC_VENV:-$ROOT/.venv-rtc}
PY=${PYTHON:-python3}
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

[ -f jupyterlab_linearize/labextension/package.json ] \
  || { echo "build the extension first (bash scripts/setup.sh)" >&2; exit 2; }
if [ ! -x "$VENV/bin/python" ]; then
  say "Creating the collaboration test environment $VENV"
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.linearize-rtc-$(cat pyproject.toml scripts/setup-rtc.sh | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  say "Installing JupyterLab, ipykernel and jupyter-collaboration into $VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q "jupyterlab>=4.6,<4.7" ipykernel "jupyter-collaboration>=4,<6"
  "$VENV/bin/python" -m pip install -q -e .
  "$VENV/bin/jupyter" server extension list 2>&1 | grep -E "jupyter_server_ydoc.*OK" >/dev/null \
    || { echo "jupyter-collaboration's server extension is not enabled in $VENV" >&2; exit 1; }
  "$VENV/bin/jupyter" server extension list 2>&1 | grep -E "jupyterlab_linearize.*OK" >/dev/null \
    || { echo "the extension's server part is not enabled in $VENV" >&2; exit 1; }
  touch "$stamp"
fi
# The front end is this checkout's build, linked (so a rebuild needs no reinstall).
PATH="$VENV/bin:$PATH" jupyter-builder develop . --overwrite >/dev/null 2>&1
[ -L "$VENV/share/jupyter/labextensions/jupyterlab-linearize" ] \
  || { echo "the labextension is not linked into $VENV" >&2; exit 1; }
say "Ready: the collaboration test environment $VENV"
