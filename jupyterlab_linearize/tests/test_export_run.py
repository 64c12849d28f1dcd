"""Exported scripts run with plain ``python`` (IPython made unimportable) and do what the
notebook did; ``linearize verify`` tells a notebook that reproduces from one that does not.

Needs the CLI (``jlpm build`` or ``node scripts/build-cli.mjs``), ``node``, and for the verify
tests a ``python3`` kernel (ipykernel) to execute the notebooks first.
"""

from __future__ import annotations

import json
import py_compile
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

REPO = Path(__file__).resolve().parents[2]
CLI = REPO / "dist" / "linearize.cjs"
GOLDEN = REPO / "src" / "core" / "export" / "__tests__" / "golden"

# Runs a script the way `python script.py` does, with `import IPython` failing.
NO_IPYTHON = (
    "import runpy, sys; sys.modules['IPython'] = None; p = sys.argv[1]; sys.argv = sys.argv[1:]; "
    "runpy.run_path(p, run_name='__main__')"
)


@pytest.fixture(autouse=True)
def require_cli():
    if shutil.which("node") is None:
        pytest.fail("node is not on PATH: the export tests run the bundled CLI with node")
    if not CLI.exists():
        pytest.fail(
            f"{CLI} is missing: build it first with `jlpm build` (or `node scripts/build-cli.mjs`)"
        )


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(CLI), *args], cwd=cwd, capture_output=True, text=True)


def write_nb(path: Path, cells: list, metadata: dict | None = None) -> Path:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    nb.metadata.update(metadata or {})
    nbformat.write(nb, path)
    return path


def run_plain(script: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", NO_IPYTHON, str(script), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "MPLBACKEND": "Agg", "HOME": str(cwd)},
    )


MAGICS = [
    new_code_cell('%matplotlib inline\nimport os\nnames = ["a b", "c"]\nscale = 2'),
    new_markdown_cell("# Helpers\nA *helper* module, written by the notebook."),
    new_code_cell("%%writefile helper.py\ndef double(x):\n    return 2 * x\n"),
    new_code_cell("%run helper.py\nprint(double(21) * scale // 2)"),
    new_code_cell("out = !echo {names[0]}\nprint(out)"),
    new_code_cell('%env MY_VAR=hello\nprint(os.environ["MY_VAR"])'),
    new_code_cell('%%capture cap\nprint("secret")'),
    new_code_cell("print(cap.stdout.strip().upper())"),
    new_code_cell("%time total = sum(range(5))\n%timeit total + 1\nprint(total)"),
    new_code_cell("%%bash\necho from-bash"),
    new_code_cell("for i in range(2):\n    %time j = i\n    !echo loop {i}"),
    new_code_cell("display(total)"),
    new_code_cell("here = %pwd\nprint(os.path.basename(here))"),
]


def test_exported_script_runs_without_ipython(tmp_path):
    work = tmp_path / "project"
    work.mkdir()
    nb = write_nb(work / "magics.ipynb", MAGICS)
    r = cli("export", "--no-git", str(nb), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    script = work / "magics.py"
    text = script.read_text()
    assert "get_ipython" not in text
    # Started from elsewhere: the script runs in the notebook's folder, as the kernel did.
    run = run_plain(script, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    lines = [line for line in run.stdout.splitlines() if line.strip()]
    assert lines == [
        "42",
        "['a b']",
        "hello",
        "SECRET",
        "10",
        "from-bash",
        "loop 0",
        "loop 1",
        "10",
        "project",
    ]
    assert (work / "helper.py").read_text() == "def double(x):\n    return 2 * x\n"


def test_underscore_reads_the_value_of_a_top_down_run(tmp_path):
    # Restart & Run All prints 10; the script used to fail with NameError on `_`.
    nb = write_nb(tmp_path / "u.ipynb", [new_code_cell("2 + 3"), new_code_cell("print(_ * 2)")])
    r = cli("export", "--no-git", "--no-params", str(nb), cwd=tmp_path)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "history-var" not in (tmp_path / "u.py").read_text()
    run = run_plain(tmp_path / "u.py", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "10"


def test_parameters_are_read_from_the_config(tmp_path):
    nb = write_nb(
        tmp_path / "p.ipynb",
        [new_code_cell("lr = 0.5\nsteps = 3"), new_code_cell("print(lr * steps)")],
    )
    assert cli("export", "--no-git", str(nb), cwd=tmp_path).returncode == 0
    config = yaml.safe_load((tmp_path / "p.params.yaml").read_text())
    assert config == {"general": {"lr": 0.5, "steps": 3}} or any("lr" in g for g in config.values())
    assert run_plain(tmp_path / "p.py", cwd=tmp_path).stdout.strip() == "1.5"
    changed = run_plain(tmp_path / "p.py", "--set", "lr=2.0", cwd=tmp_path)
    assert changed.stdout.strip() == "6.0", changed.stderr


def test_history_export_replays_what_ran(tmp_path):
    # The record: x = 1 ran, then the cell was edited to x = 100 and not re-run.
    record = {
        "version": 1,
        "sessions": [{"kernel": "k", "started": "2024-01-01T00:00:00Z"}],
        "sources": {"s1": "x = 1", "s2": "print(x + 1)", "s3": "tmp = 41"},
        "runs": [
            {
                "seq": 1,
                "cellId": "a",
                "source": "s1",
                "executionCount": 1,
                "session": 0,
                "status": "ok",
                "time": "2024-01-01T00:00:01Z",
            },
            {
                "seq": 2,
                "cellId": "gone",
                "source": "s3",
                "executionCount": 2,
                "session": 0,
                "status": "ok",
                "time": "2024-01-01T00:00:02Z",
            },
            {
                "seq": 3,
                "cellId": "b",
                "source": "s2",
                "executionCount": 3,
                "session": 0,
                "status": "ok",
                "time": "2024-01-01T00:00:03Z",
            },
        ],
    }
    cells = [new_code_cell("x = 100", id="a"), new_code_cell("print(x + 1)", id="b")]
    nb = write_nb(tmp_path / "h.ipynb", cells, {"linearize": record})
    r = cli("export", "--no-git", "--no-params", "--order", "history", str(nb), cwd=tmp_path)
    assert r.returncode in (0, 1), r.stderr
    text = (tmp_path / "h.py").read_text()
    assert "# %% [id=gone] run 2, deleted" in text
    assert run_plain(tmp_path / "h.py", cwd=tmp_path).stdout.strip() == "2"
    notebook_order = cli("export", "--no-git", "--no-params", "--name", "n", str(nb), cwd=tmp_path)
    assert notebook_order.returncode in (0, 1), notebook_order.stderr
    assert run_plain(tmp_path / "n.py", cwd=tmp_path).stdout.strip() == "101"


def test_every_golden_script_compiles(tmp_path):
    scripts = sorted(GOLDEN.glob("*.py"))
    assert len(scripts) >= 20
    for script in scripts:
        py_compile.compile(str(script), cfile=str(tmp_path / "x.pyc"), doraise=True)


def test_manifest_hash_is_recomputable_in_python(tmp_path):
    nb = write_nb(
        tmp_path / "m.ipynb",
        [new_code_cell("a = 'é'\n"), new_markdown_cell("x"), new_code_cell("b = 2")],
    )
    assert cli("export", "--no-git", str(nb), cwd=tmp_path).returncode == 0
    manifest = yaml.safe_load((tmp_path / "m.repro.yaml").read_text())
    import hashlib

    sources = [c.source for c in nbformat.read(nb, as_version=4).cells if c.cell_type == "code"]
    code = json.dumps(sources, ensure_ascii=False, separators=(",", ":")).encode()
    assert manifest["source"]["notebook_sha256"] == hashlib.sha256(code).hexdigest()
    params = (tmp_path / "m.params.yaml").read_bytes()
    assert manifest["params"] == {
        "file": "m.params.yaml",
        "sha256": hashlib.sha256(params).hexdigest(),
    }
    assert list(manifest) == [
        "git",
        "source",
        "params",
        "data",
        "sources",
        "outputs",
        "seeds",
        "env",
        "tool",
        "created_at",
    ]


def execute(path: Path) -> None:
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(
        nb,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    nbformat.write(nb, path)


VERIFIABLE = [
    new_code_cell("x = 21\nprint(x * 2)"),
    new_code_cell("x"),
    new_code_cell("import warnings\nwarnings.warn('careful')"),
    new_code_cell("class A:\n    pass\nA()"),
    new_code_cell("[i ** 2 for i in range(3)];"),
    new_code_cell("%time y = 3\ny"),
    new_code_cell("{'b': 1, 'a': [1, 2]}"),
    new_code_cell("1 / 0"),
]


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    d = tmp_path_factory.mktemp("verify")
    good = write_nb(d / "good.ipynb", VERIFIABLE)
    bad = write_nb(d / "bad.ipynb", [*VERIFIABLE, new_code_cell("import random\nrandom.random()")])
    execute(good)
    execute(bad)
    return good, bad


def test_verify_a_notebook_that_reproduces(executed):
    good, _ = executed
    r = cli("verify", "--python", sys.executable, "--json", str(good), cwd=good.parent)
    assert r.returncode == 0, r.stdout + r.stderr
    doc = json.loads(r.stdout)
    assert doc["reproduces"] is True
    assert doc["compared"] == len(VERIFIABLE)
    assert {c["status"] for c in doc["cells"]} == {"reproduces"}


def test_verify_a_notebook_that_does_not(executed):
    _, bad = executed
    r = cli("verify", "--python", sys.executable, str(bad), cwd=bad.parent)
    assert r.returncode == 1, r.stdout + r.stderr
    assert f"{len(VERIFIABLE)} of {len(VERIFIABLE) + 1} compared cells reproduce" in r.stdout
    assert f"DIFF cell {len(VERIFIABLE) + 1}" in r.stdout


def test_verify_reports_errors_clearly(tmp_path):
    nb = write_nb(tmp_path / "n.ipynb", [new_code_cell("print(1)")])
    missing = cli("verify", "--python", str(tmp_path / "no-python"), str(nb), cwd=tmp_path)
    assert missing.returncode == 2
    assert "not found" in missing.stderr
    r_nb = write_nb(
        tmp_path / "r.ipynb",
        [new_code_cell("x <- 1")],
        {"kernelspec": {"name": "ir", "language": "R"}},
    )
    other = cli("verify", str(r_nb), cwd=tmp_path)
    assert other.returncode == 2
    assert "not Python" in other.stderr
