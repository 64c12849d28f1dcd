"""Every exported script of the shared corpus must compile (shared/design/export-rules.md).

The corpus (``<repo>/../shared/corpus``, or ``$LINEARIZE_CORPUS``) is copied to a temporary
folder and exported with the built CLI (``dist/linearize.cjs``, one process per source
repository), then each script is compiled as ``python -m py_compile`` does. In the same run,
``jupyter nbconvert --to script`` converts the same notebooks and its scripts are compiled the
same way.

A notebook is *eligible* when every code cell, after IPython's own input transformation,
compiles as Python 3 (this interpreter): the cells a kernel can run. Asserted: every eligible
notebook's export compiles, and ours compile at least as often as nbconvert's. The counts are
printed (``pytest -s`` or the summary line) and written to ``export-corpus-counts.json`` in the
temporary folder.

Needs the CLI (``jlpm build`` or ``node scripts/build-cli.mjs``) and ``node``.
"""

from __future__ import annotations

import json
import os
import py_compile
import shutil
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "dist" / "linearize.cjs"


def corpus_notebooks_dir() -> Path:
    """The corpus's notebooks folder: ``$LINEARIZE_CORPUS`` (the corpus or its notebooks folder)."""
    root = Path(os.environ.get("LINEARIZE_CORPUS", REPO.parent / "shared" / "corpus"))
    return root / "notebooks" if (root / "notebooks").is_dir() else root


def require_cli() -> None:
    if shutil.which("node") is None:
        pytest.fail("node is not on PATH: the export tests run the bundled CLI with node")
    if not CLI.exists():
        pytest.fail(
            f"{CLI} is missing: build it first with `jlpm build` (or `node scripts/build-cli.mjs`)"
        )


def is_python(nb: nbformat.NotebookNode) -> bool:
    md = nb.get("metadata", {})
    lang = (md.get("kernelspec") or {}).get("language") or (md.get("language_info") or {}).get(
        "name"
    )
    return lang is None or str(lang).lower().startswith("python") or str(lang).lower() == "ipython"


def eligible(nb: nbformat.NotebookNode) -> bool:
    """Every code cell compiles after IPython's transformation (what a kernel would run)."""
    from IPython.core.inputtransformer2 import TransformerManager

    tm = TransformerManager()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                compile(tm.transform_cell(cell.source), "<cell>", "exec", dont_inherit=True)
        except Exception:  # SyntaxError, and whatever a broken transformation raises
            return False
    return True


def compiles(script: Path, scratch: Path) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            py_compile.compile(str(script), cfile=str(scratch / "out.pyc"), doraise=True)
        return True
    except py_compile.PyCompileError:
        return False


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    require_cli()
    source = corpus_notebooks_dir()
    if not source.is_dir():
        pytest.skip(f"no corpus at {source} (set LINEARIZE_CORPUS)")
    work = tmp_path_factory.mktemp("corpus")
    ours_dir = work / "ours"
    nbc_dir = work / "nbconvert"
    shutil.copytree(source, ours_dir)
    groups = sorted(d for d in ours_dir.iterdir() if d.is_dir())

    def export(group: Path):
        files = sorted(str(p) for p in group.glob("*.ipynb"))
        if not files:
            return []
        r = subprocess.run(
            ["node", str(CLI), "export", "--no-git", "--no-data", "--json", *files],
            capture_output=True,
            text=True,
        )
        assert r.returncode in (0, 1, 2), r.stderr
        return json.loads(r.stdout)["notebooks"]

    def nbconvert(group: Path):
        out = nbc_dir / group.name
        out.mkdir(parents=True)
        files = sorted(str(p) for p in (source / group.name).glob("*.ipynb"))
        subprocess.run(
            [
                sys.executable,
                "-m",
                "jupyter",
                "nbconvert",
                "--to",
                "script",
                "--log-level",
                "ERROR",
                "--output-dir",
                str(out),
                *files,
            ],
            capture_output=True,
            text=True,
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = [r for rs in pool.map(export, groups) for r in rs]
        list(pool.map(nbconvert, groups))

    scratch = work / "scratch"
    scratch.mkdir()
    rows = []
    for nb_path in sorted(ours_dir.rglob("*.ipynb")):
        nb = nbformat.read(nb_path, as_version=4)
        if not is_python(nb):
            continue
        ours = nb_path.with_suffix(".py")
        theirs = [p for p in (nbc_dir / nb_path.parent.name).glob(nb_path.stem + ".*")]
        rows.append(
            {
                "notebook": str(nb_path.relative_to(ours_dir)),
                "eligible": eligible(nb),
                "ours": ours.exists() and compiles(ours, scratch),
                "nbconvert": bool(theirs) and compiles(theirs[0], scratch),
            }
        )
    counts = {
        "python_notebooks": len(rows),
        "eligible": sum(r["eligible"] for r in rows),
        "ours_compile_eligible": sum(r["ours"] for r in rows if r["eligible"]),
        "nbconvert_compile_eligible": sum(r["nbconvert"] for r in rows if r["eligible"]),
        "ours_compile_all": sum(r["ours"] for r in rows),
        "nbconvert_compile_all": sum(r["nbconvert"] for r in rows),
        "export_errors": [r for r in results if r.get("error")],
    }
    (work / "export-corpus-counts.json").write_text(
        json.dumps({"counts": counts, "rows": rows}, indent=1)
    )
    return counts, rows


def test_every_eligible_export_compiles(corpus_run, capsys):
    counts, rows = corpus_run
    with capsys.disabled():
        print(
            "\n[export corpus] python notebooks: {python_notebooks}; eligible: {eligible}; "
            "compile (eligible): ours {ours_compile_eligible}, "
            "nbconvert {nbconvert_compile_eligible}; "
            "compile (all): ours {ours_compile_all}, nbconvert {nbconvert_compile_all}".format(
                **counts
            )
        )
    assert counts["export_errors"] == []
    failing = [r["notebook"] for r in rows if r["eligible"] and not r["ours"]]
    assert failing == []
    assert counts["ours_compile_eligible"] == counts["eligible"]


def test_ours_compile_at_least_as_often_as_nbconvert(corpus_run):
    counts, _ = corpus_run
    assert counts["ours_compile_eligible"] >= counts["nbconvert_compile_eligible"]
    assert counts["ours_compile_all"] >= counts["nbconvert_compile_all"]
