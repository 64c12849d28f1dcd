"""Assemble a Pyodide distribution that needs no CDN, for the JupyterLite test site.

Pyodide's npm package holds the runtime (pyodide.mjs, pyodide.asm.*, python_stdlib.zip) and
the lock of the full distribution, but none of its packages: those live on Pyodide's CDN,
which CI cannot reach. The Pyodide kernel loads a few of them at start (micropip, then
IPython and jedi with their dependencies). This copies the runtime and puts beside it the
pure-Python wheels of exactly those packages, at the versions the lock names, downloaded from
PyPI; the lock is cut down to them, and its file_name/sha256 are rewritten to the files we
supply (PyPI's wheels, not Pyodide's builds). Any package outside that closure is absent, so
the kernel can never reach for a file that is not here.

Usage: python offline_pyodide.py NPM_PACKAGE_DIR WHEEL_CACHE OUT_DIR ROOT...
"""

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

# The runtime files loadPyodide fetches from indexURL (the lock is written separately).
RUNTIME = [
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
]


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(packages: dict, roots: list[str]) -> list[str]:
    """The roots and everything their lock entries depend on, sorted."""
    names = {normalize(n): n for n in packages}
    seen: set[str] = set()
    todo = [normalize(r) for r in roots]
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        if key not in names:
            sys.exit(f"{key} is not in Pyodide's lock")
        seen.add(key)
        todo.extend(normalize(d) for d in packages[names[key]].get("depends", []))
    return sorted(names[k] for k in seen)


def wheel_for(name: str, version: str, python: str, cache: Path) -> Path:
    """PyPI's pure wheel of name==version (cached); exits if PyPI has none."""

    def cached() -> list[Path]:
        return [
            p
            for p in cache.glob("*.whl")
            if normalize(p.name.split("-")[0]) == normalize(name)
            and p.name.split("-")[1] == version
        ]

    if not cached():
        pip = [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:"]
        # Pyodide's Python, not this one, decides which releases fit (Requires-Python).
        pip += ["--python-version", python, "-d", str(cache), f"{name}=={version}"]
        subprocess.run(pip, check=True)
    pure = [p for p in cached() if p.name.endswith("-none-any.whl")]
    if not pure:
        sys.exit(f"PyPI has no pure-Python wheel of {name}=={version}: {cached()}")
    return pure[0]


def main() -> None:
    npm_dir, cache, out = (Path(a) for a in sys.argv[1:4])
    roots = sys.argv[4:]
    lock = json.loads((npm_dir / "pyodide-lock.json").read_text())
    python = ".".join(lock["info"]["python"].split(".")[:2])
    cache.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for f in RUNTIME:
        shutil.copy2(npm_dir / f, tmp / f)
    packages = {}
    for name in closure(lock["packages"], roots):
        entry = dict(lock["packages"][name])
        whl = wheel_for(name, entry["version"], python, cache)
        shutil.copy2(whl, tmp / whl.name)
        entry["file_name"] = whl.name
        entry["sha256"] = hashlib.sha256(whl.read_bytes()).hexdigest()
        packages[name] = entry
    lock["packages"] = packages
    (tmp / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))
    # All or nothing: the finished directory replaces the previous one in one step.
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    print(f"pyodide {lock['info']['python']}: {len(packages)} packages: {' '.join(packages)}")


if __name__ == "__main__":
    main()
