"""One data rule for the CLI and the kernel companion (issue 13).

``src/core/export/workflow/dataRule.json`` is the table both apply: the CLI in TypeScript
(``hashData.ts``, on Node's file system) and the lab through the kernel companion's Python
(``kernelCompanion.py`` ``_fingerprint``, with the table's values sent by the front end).
The same tree, hashed both ways, must give the same ``data[]`` entries, and a request without
the table must still use the same values.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import subprocess
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
RULE = json.loads(
    (REPO / "src" / "core" / "export" / "workflow" / "dataRule.json").read_text(encoding="utf-8")
)
COMPANION = REPO / "src" / "core" / "companion" / "python" / "kernelCompanion.py"


def companion():
    spec = importlib.util.spec_from_file_location("linearize_companion", COMPANION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rule_args():
    return {
        "max_bytes": RULE["maxBytes"],
        "max_files": RULE["maxFilesPerFolder"],
        "ignored_folders": RULE["ignoredFolders"],
        "ignored_files": RULE["ignoredFiles"],
        "chunk_bytes": RULE["chunkBytes"],
    }


def test_the_companion_defaults_are_the_table():
    params = inspect.signature(companion()._fingerprint).parameters
    for name, value in rule_args().items():
        default = params[name].default
        assert list(default) == value if isinstance(value, list) else default == value, name


def tree(root: Path) -> list[str]:
    (root / "data").mkdir()
    (root / "data" / "train.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (root / "data" / "sub").mkdir()
    (root / "data" / "sub" / "é.txt").write_bytes(b"\x00\x01 bytes")
    (root / "data" / ".git").mkdir()
    (root / "data" / ".git" / "HEAD").write_text("ignored\n", encoding="utf-8")
    (root / "data" / ".dvc").mkdir()
    (root / "data" / ".dvc" / "config").write_text("ignored\n", encoding="utf-8")
    (root / "data" / "sub" / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")
    os.symlink(root / "data" / "train.csv", root / "data" / "link.csv")
    os.symlink(root / "data" / "sub", root / "data" / "linked-folder")
    (root / "params.json").write_text('{"lr": 0.1}\n', encoding="utf-8")
    # Read by the notebook's code: a folder, files, one missing and one outside the folder.
    return ["data", "data/train.csv", "params.json", "missing.csv", "../outside.csv"]


def notebook(paths: list[str]) -> dict:
    code = "import pandas as pd\n" + "".join(f"pd.read_csv({p!r})\n" for p in paths)
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "language": "python"}},
        "cells": [{"id": "a", "cell_type": "code", "metadata": {}, "outputs": [], "source": code}],
    }


def test_cli_and_companion_hash_the_same_tree_alike(cli, tmp_path, monkeypatch):
    paths = tree(tmp_path)
    (tmp_path / "nb.ipynb").write_text(json.dumps(notebook(paths)), encoding="utf-8")
    run = subprocess.run(
        ["node", str(cli), "export", "--no-git", "--json", "nb.ipynb"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert run.returncode in (0, 1), run.stderr
    manifest = yaml.safe_load((tmp_path / "nb.repro.yaml").read_text(encoding="utf-8"))
    from_cli = {d["path"]: d for d in manifest["data"] if "md5" in d and d["md5"]}

    monkeypatch.chdir(tmp_path)
    answer = companion()._fingerprint(paths, **rule_args())["entries"]
    from_kernel = {e["path"]: e for e in answer if "md5" in e}

    assert set(from_kernel) == {"data", "data/train.csv", "params.json"}
    assert from_kernel["data"]["nfiles"] == 3  # train.csv, link.csv, sub/é.txt
    for path, entry in from_kernel.items():
        assert from_cli[path]["md5"] == entry["md5"], path
        assert from_cli[path]["size"] == entry["size"], path
        assert from_cli[path].get("nfiles") == entry.get("nfiles"), path
    assert {e["path"]: e.get("refused") for e in answer if "refused" in e} == {
        "../outside.csv": "parent"
    }
    # The CLI says what it left out, by the rule's words.
    notes = json.loads(run.stdout)["notebooks"][0]["notes"]
    assert any("../outside.csv" in n and "parent" in n for n in notes), notes


def test_budget_and_folder_limit_are_the_tables(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "big.bin").write_bytes(b"x" * 10)
    (tmp_path / "many").mkdir()
    for i in range(3):
        (tmp_path / "many" / f"{i}.txt").write_text(str(i), encoding="utf-8")
    args = {**rule_args(), "max_bytes": 5, "max_files": 2}
    entries = companion()._fingerprint(["big.bin", "many"], **args)["entries"]
    assert [e.get("error") for e in entries] == ["too-large", "too-many-files"]
    assert set(RULE["notes"]) >= {"too-large", "too-many-files", "refused", "unreadable"}
