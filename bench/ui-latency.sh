#!/usr/bin/env bash
# Browser benchmark (on demand): update latency after an execution on a 10- and a
# 1,000-cell notebook, and activation time, in a real JupyterLab in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck disable=SC1091
. "${LINEARIZE_VENV:-$PWD/.venv}/bin/activate"
port=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cd ui-tests
CI=1 UI_TEST_PORT=$port jlpm playwright test -c playwright.bench.config.js
