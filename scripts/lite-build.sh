#!/usr/bin/env bash
# Builds a JupyterLite site with the built labextension into build/lite, for the JupyterLite UI
# tests (ui-tests/tests/lite.spec.ts). JupyterLite's tools live in their own venv (.venv-lite,
# installed once per pinned version, like scripts/setup.sh); the site is rebuilt every run
# (about 3 s) so it always holds the current build. No kernel: pyodide's runtime and packages
# come from a CDN this machine cannot reach, so the site has no Python kernel.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${LINEARIZE_LITE_VENV:-$ROOT/.venv-lite}
LITE_SPEC="jupyterlite-core==0.8.6"
[ -d jupyterlab_linearize/labextension ] || { echo "build the extension first (scripts/setup.sh)" >&2; exit 2; }
if [ ! -x "$VENV/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$VENV"
fi
stamp="$VENV/.linearize-lite-$(echo "$LITE_SPEC" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  "$VENV/bin/python" -m pip install -q "$LITE_SPEC"
  touch "$stamp"
fi
# A clean build: JupyterLite's task cache would skip tasks whose output was deleted.
rm -rf build/lite ui-tests/lite/.jupyterlite.doit.db
(cd ui-tests/lite && "$VENV/bin/jupyter" lite build >/dev/null)
test -f build/lite/extensions/jupyterlab-linearize/package.json \
  || { echo "the JupyterLite site does not hold the extension" >&2; exit 1; }
