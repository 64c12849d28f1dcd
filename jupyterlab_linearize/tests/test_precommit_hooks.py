"""The pre-commit hooks, as a new user meets them: the real ``pre-commit`` 4, a clean cache,
a real git repository whose ``.pre-commit-config.yaml`` names this repository at its HEAD
commit. pre-commit installs the hooks' environment itself (``language: python``: it pip
installs this repository, which builds the front end and the CLI), then runs them.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

import pytest

from .conftest import REPO


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None):
    return subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=1800, check=False
    )


def notebook(cells: list[tuple[str, int | None]]) -> str:
    return json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {
                "kernelspec": {"name": "python3", "language": "python", "display_name": "P"}
            },
            "cells": [
                {
                    "cell_type": "code",
                    "id": f"c{i}",
                    "metadata": {},
                    "source": src,
                    "execution_count": n,
                    "outputs": [],
                }
                for i, (src, n) in enumerate(cells)
            ],
        },
        indent=1,
    )


@pytest.fixture(scope="module")
def pre_commit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pc") / "venv"
    venv.create(root, with_pip=False)
    python = root / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    inst = run([*pip, "install", "-q", "pre-commit>=4,<5"])
    assert inst.returncode == 0, inst.stderr
    version = run([str(root / "bin" / "pre-commit"), "--version"])
    assert version.stdout.startswith("pre-commit 4."), version.stdout
    return root / "bin" / "pre-commit"


def test_hooks_install_from_a_clean_cache_and_run(pre_commit: Path, tmp_path: Path) -> None:
    head = run(["git", "rev-parse", "HEAD"], cwd=REPO).stdout.strip()
    assert len(head) == 40
    repo = tmp_path / "project"
    repo.mkdir()
    # HOME stays: pip's and yarn's caches live there, as on a user's machine.
    (tmp_path / "gitconfig").write_text("")
    git = {
        **os.environ,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
    }
    for cmd in (
        ["git", "init", "-q", "-b", "main"],
        ["git", "config", "user.email", "t@example.com"],
        ["git", "config", "user.name", "T"],
    ):
        assert run(cmd, cwd=repo, env=git).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {REPO}\n"
        f"    rev: {head}\n"
        "    hooks:\n"
        "      - id: linearize-check\n"
        "      - id: linearize-export\n"
    )
    (repo / "good.ipynb").write_text(notebook([("x = 1", 1), ("print(x)", 2)]))
    (repo / "bad.ipynb").write_text(notebook([("x = 1", 1), ("print(y)", 2)]))
    assert run(["git", "add", "-A"], cwd=repo, env=git).returncode == 0
    env = {**git, "PRE_COMMIT_HOME": str(tmp_path / "cache")}

    started = time.monotonic()
    first = run([str(pre_commit), "run", "--all-files"], cwd=repo, env=env)
    took = time.monotonic() - started
    out = first.stdout + first.stderr
    print(f"first pre-commit run (installs the hook environment): {took:.0f} s")
    assert first.returncode == 1, out
    # The check hook names the failing notebook and its verdict; the export hook wrote the
    # files (and fails too: bad.ipynb is not linear).
    assert "linearize check....." in out and "linearize export....." in out, out
    assert "rra-undefined" in out and "bad.ipynb" in out, out
    assert "good.ipynb: exported good.py, good.params.yaml, good.repro.yaml" in out, out
    for name in ("good.py", "good.repro.yaml", "bad.py"):
        assert (repo / name).exists(), name

    # Without the failing notebook, and with the exported files committed, both pass,
    # and a second export of the unchanged notebook rewrites nothing.
    (repo / "bad.ipynb").unlink()
    for name in ("bad.py", "bad.params.yaml", "bad.repro.yaml"):
        (repo / name).unlink(missing_ok=True)
    assert run(["git", "add", "-A"], cwd=repo, env=git).returncode == 0
    commit = run(["git", "commit", "-q", "--no-verify", "-m", "export"], cwd=repo, env=git)
    assert commit.returncode == 0, commit.stderr
    second = run([str(pre_commit), "run", "--all-files"], cwd=repo, env=env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "linearize check" in second.stdout and "Passed" in second.stdout
    assert run(["git", "status", "--porcelain"], cwd=repo, env=git).stdout == ""
