"""Fixtures shared by the Python tests."""

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "dist" / "linearize.cjs"


@pytest.fixture(scope="session")
def cli() -> Path:
    """The built CLI; built here when missing so the tests also run on a fresh checkout."""
    if shutil.which("node") is None:
        pytest.fail("node is not on PATH: these tests run the built linearize CLI")
    if not CLI.exists():
        build = subprocess.run(
            ["node", "scripts/build-cli.mjs"], cwd=REPO, capture_output=True, text=True
        )
        if build.returncode != 0 or not CLI.exists():
            pytest.fail(
                "dist/linearize.cjs is missing and `node scripts/build-cli.mjs` failed "
                f"(run `jlpm build` first):\n{build.stderr}"
            )
    return CLI
