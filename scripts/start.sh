#!/usr/bin/env bash
# Sets everything up (scripts/setup.sh), then starts JupyterLab on 127.0.0.1 with the demo notebook.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# shellcheck disable=SC1091
. "${LINEARIZE_VENV:-$PWD/.venv}/bin/activate"
args=(--ServerApp.ip=127.0.0.1 )
[ "$(id -u)" -ne 0 ] || args+=(--allow-root)
cd examples
echo "Starting JupyterLab with examples/demo.ipynb (Ctrl+C to stop)"
exec jupyter lab "${args[@]}" "$@" demo.ipynb
