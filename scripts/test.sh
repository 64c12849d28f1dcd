#!/usr/bin/env bash
# Runs the whole test suite from a clean clone: setup (scripts/setup.sh), lint, jest (core,
# CLI and lab), pytest (server extension, parameter round trips), and the Galata UI tests in
# a real JupyterLab with a real ipykernel in headless Debian Chromium. Every stage runs even
# when an earlier one fails; the exit code is non-zero if any failed.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
bash scripts/setup.sh || exit 2
# shellcheck disable=SC1091
. "${LINEARIZE_VENV:-$ROOT/.venv}/bin/activate"
export CI=${CI:-1}
OUT=$ROOT/build/test-results
rm -rf "$OUT"; mkdir -p "$OUT"
failed=()
stage() { printf '\n\033[1m==> %s\033[0m\n' "$1"; }

stage "Lint: prettier, eslint, ruff"
jlpm lint:check || failed+=(lint)
ruff check . && ruff format --check . || failed+=(ruff)

stage "Type check: the framework-free core (no DOM, no Node types), and the tests"
npx tsc -p tsconfig.core.json || failed+=(tsc-core)
npx tsc -p tsconfig.test.json || failed+=(tsc-tests)

stage "Unit and CLI tests (jest)"
jlpm jest --ci --json --outputFile="$OUT/jest.json" || failed+=(jest)

stage "Python tests (pytest, with jupyter_server's pytest plugin)"
python -m pytest -q --junitxml="$OUT/pytest.xml" || failed+=(pytest)

stage "UI tests (Galata: real JupyterLab, real ipykernel, headless Chromium)"
port=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd ui-tests && UI_TEST_PORT=$port PLAYWRIGHT_JSON_OUTPUT_NAME="$OUT/galata.json" \
  jlpm playwright test --reporter=list,json) || failed+=(galata)

stage "UI tests with real-time collaboration (jupyter-collaboration, its own venv and server)"
if bash scripts/setup-rtc.sh; then
  port=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd ui-tests && UI_TEST_PORT=$port PLAYWRIGHT_JSON_OUTPUT_NAME="$OUT/galata-rtc.json" \
    jlpm playwright test -c playwright.rtc.config.js --reporter=list,json) || failed+=(galata-rtc)
else
  failed+=(setup-rtc)
fi

stage "UI tests in JupyterLite (static site, no server, offline Pyodide kernel)"
(bash scripts/lite-build.sh && cd ui-tests && PLAYWRIGHT_JSON_OUTPUT_NAME="$OUT/lite.json" \
  jlpm playwright test -c playwright.lite.config.js --reporter=list,json) || failed+=(lite)

stage "Summary"
python scripts/summarize_tests.py "$OUT" || failed+=(summary)
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED stages: ${failed[*]}"
  exit 1
fi
echo "All stages passed."
