"""Unit tests of the program ``linearize verify`` runs (``src/core/export/python/verifyDriver.py``).

The end-to-end behaviour (a real script, a fresh interpreter) is in ``test_export_run.py``;
these pin the pieces that decide what a cell is and what it displays.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DRIVER = REPO / "src" / "core" / "export" / "python" / "verifyDriver.py"


@pytest.fixture(scope="module")
def driver():
    spec = importlib.util.spec_from_file_location("linearize_verify_driver", DRIVER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_split_cells_by_marker_with_ids(driver):
    text = "import os\n# %% [id=a%20b]\nx = 1\n# %% [markdown] [id=m]\n# hi\n# %%\ny = 2\n"
    assert driver.split_cells(text) == [
        ("setup", None, "import os\n"),
        ("code", "a b", "# %% [id=a%20b]\nx = 1\n"),
        ("markdown", "m", "# %% [markdown] [id=m]\n# hi\n"),
        ("code", "", "# %%\ny = 2\n"),
    ]


@pytest.mark.parametrize(
    ("code", "expected"),
    [("x", False), ("x;", True), ("x;  # note\n", True), ("s = ';'", False), ("(", False)],
)
def test_quiet_only_after_a_final_semicolon(driver, code, expected):
    assert driver.quiet(code) is expected


def test_records_output_last_expression_and_error(tmp_path):
    script = tmp_path / "s.py"
    script.write_text(
        "# %% [id=a]\nprint('hi')\n1 + 1\n# %% [id=b]\n2;\n# %% [id=c]\nraise ValueError('no')\n",
        encoding="utf-8",
    )
    results = tmp_path / "r.jsonl"
    subprocess.run([sys.executable, "-u", str(DRIVER), str(script), str(results)], check=True)
    records = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    assert [r["type"] for r in records] == ["setup", "cell", "cell", "cell", "done"]
    assert records[1]["output"] == "hi\n2\n"
    assert records[2]["output"] == ""
    assert records[3]["error"]["ename"] == "ValueError"
    assert records[3]["error"]["evalue"] == "no"
