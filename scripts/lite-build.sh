#!/usr/bin/env bash
# Builds a JupyterLite site with the built labextension and a Python kernel that runs offline
# into build/lite, for the JupyterLite UI tests (ui-tests/tests/lite.spec.ts). JupyterLite's
# tools live in their own venv (.venv-lite, installed once per pinned version, like
# scripts/setup.sh); the site is rebuilt every run so it always holds the current build.
# The Pyodide kernel would load its runtime and packages from a CDN; here everything comes
# from the registries instead (downloaded once, cached in the venv): the runtime from npm's
# `pyodide` package, the packages the kernel loads at start as PyPI's pure-Python wheels
# (ui-tests/lite/offline_pyodide.py), so the site requests nothing from another host.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=${LINEARIZE_LITE_VENV:-$ROOT/.venv-lite}
# The kernel release names the Pyodide it is built for (PYODIDE_VERSION in its constants.py);
# 0.8.7 would need jupyterlite-core 0.8.7.
LITE_SPEC="jupyterlite-core==0.8.6 jupyterlite-pyodide-kernel==0.8.6"
PYODIDE_VERSION=314.0.6
PYODIDE_INTEGRITY="sha512-BKDTJyIqFxC4BExLqeRS3f5xvXZIjOt8C3zGLN/Cc7tFxSwvKVhVkchQQ2AGLOtR4YrVOIFxbV8poyDOOmWwxQ=="
# What the kernel installs at start (its worker: micropip, then ipython, jedi and their
# dependencies from Pyodide's lock); comm is not in that lock, so piplite serves it.
LOCK_ROOTS="micropip ipython jedi"
COMM_SPEC="comm==0.2.3"
LITE=ui-tests/lite
[ -d jupyterlab_linearize/labextension ] || { echo "build the extension first (scripts/setup.sh)" >&2; exit 2; }
if [ ! -x "$VENV/bin/python" ]; then
  "${PYTHON:-python3}" -m venv "$VENV"
fi
stamp="$VENV/.linearize-lite-$(echo "$LITE_SPEC" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  "$VENV/bin/python" -m pip install -q $LITE_SPEC
  touch "$stamp"
fi

# The offline Pyodide, assembled once per pinned set into the venv.
PYO_KEY=$(echo "$PYODIDE_VERSION $PYODIDE_INTEGRITY $LOCK_ROOTS $COMM_SPEC" \
  | cat - "$LITE/offline_pyodide.py" "$LITE/pyodide-wheels.sha256" | sha256sum | cut -c1-16)
PYO_CACHE="$VENV/pyodide-offline-$PYO_KEY"
if [ ! -f "$PYO_CACHE/.done" ]; then
  # Only the current set is kept (each is about 28 MB).
  find "$VENV" -maxdepth 1 -name 'pyodide-offline-*' ! -name "pyodide-offline-$PYO_KEY" -exec rm -rf {} +
  rm -rf "$PYO_CACHE" && mkdir -p "$PYO_CACHE/npm" "$PYO_CACHE/wheels" "$PYO_CACHE/pypi"
  tgz=$(cd "$PYO_CACHE/npm" && npm pack --silent "pyodide@$PYODIDE_VERSION")
  got=$("$VENV/bin/python" -c 'import base64, hashlib, sys
print("sha512-" + base64.b64encode(hashlib.sha512(open(sys.argv[1], "rb").read()).digest()).decode())' \
    "$PYO_CACHE/npm/$tgz")
  [ "$got" = "$PYODIDE_INTEGRITY" ] || { echo "pyodide@$PYODIDE_VERSION: unexpected $got" >&2; exit 1; }
  tar -xzf "$PYO_CACHE/npm/$tgz" -C "$PYO_CACHE/npm"
  "$VENV/bin/python" "$LITE/offline_pyodide.py" "$PYO_CACHE/npm/package" \
    "$PYO_CACHE/wheels" "$PYO_CACHE/pyodide" $LOCK_ROOTS
  rm -rf "$PYO_CACHE/npm/package"
  "$VENV/bin/python" -m pip download -q --no-deps --only-binary :all: --python-version 3.14 \
    -d "$PYO_CACHE/pypi" "$COMM_SPEC"
  # The wheels are pinned by hash too: exactly the listed files, byte for byte.
  pins="$ROOT/$LITE/pyodide-wheels.sha256"
  (cd "$PYO_CACHE" && sha256sum --quiet -c "$pins") \
    || { echo "the downloaded wheels differ from $pins" >&2; exit 1; }
  [ "$(cd "$PYO_CACHE" && ls pyodide/*.whl pypi/*.whl | wc -l)" = "$(wc -l <"$pins")" ] \
    || { echo "the wheels are not those listed in $pins" >&2; exit 1; }
  touch "$PYO_CACHE/.done"
fi

# A clean build: JupyterLite's task cache would skip tasks whose output was deleted.
rm -rf build/lite "$LITE/.jupyterlite.doit.db" "$LITE/.cache" "$LITE/static/pyodide" "$LITE/pypi"
# JupyterLite's well-known places: static/pyodide (the distribution, pyodideUrl points to it)
# and pypi/ (wheels piplite indexes in the site's all.json).
mkdir -p "$LITE/static"
cp -r "$PYO_CACHE/pyodide" "$LITE/static/pyodide"
cp -r "$PYO_CACHE/pypi" "$LITE/pypi"
(cd "$LITE" && "$VENV/bin/jupyter" lite build >/dev/null)
test -f build/lite/extensions/jupyterlab-linearize/package.json \
  || { echo "the JupyterLite site does not hold the extension" >&2; exit 1; }
test -f build/lite/static/pyodide/pyodide-lock.json \
  || { echo "the JupyterLite site does not hold the offline Pyodide" >&2; exit 1; }
