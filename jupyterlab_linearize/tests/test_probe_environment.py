"""The interpreter probe (``src/core/verdicts/pillars/python/probe_environment.py``), run as
the CLI runs it: ``python -c <text>`` with the modules on stdin, once per question, or with
``--lines`` for many questions in one run. Each answer of a ``--lines`` run must be exactly
the answer of a run of its own, whatever was asked before it; every answer line starts with
a prefix, so nothing a site hook prints is taken for one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = (REPO / "src/core/verdicts/pillars/python/probe_environment.py").read_text("utf-8")

# Standard library, installed with metadata (pytest), installed under another distribution
# name (yaml is PyYAML's), absent, a local module of the folder the probe starts in (which the
# probe must not see), and names that are not modules at all.
QUESTIONS = [
    ["json", "pytest", "yaml"],
    ["no_such_module_xyz", "json"],
    ["yaml", "pytest", "shadow"],
    [],
    ["json"],
]


ANSWER = "linearize-probe-answer "


def run(
    argv: list[str], stdin: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def answers(stdout: str) -> list[dict]:
    """The answers of a ``--lines`` run: its lines that start with the answer prefix."""
    return [
        json.loads(line[len(ANSWER) :]) for line in stdout.splitlines() if line.startswith(ANSWER)
    ]


def test_each_answer_of_a_lines_run_is_the_answer_of_its_own_run(tmp_path: Path) -> None:
    (tmp_path / "shadow.py").write_text("x = 1\n")
    alone = []
    for q in QUESTIONS:
        r = run([], json.dumps(q), tmp_path)
        assert r.returncode == 0, r.stderr
        [answer] = answers(r.stdout)
        alone.append(answer)
    lines = run(["--lines"], "".join(json.dumps(q) + "\n" for q in QUESTIONS), tmp_path)
    assert lines.returncode == 0, lines.stderr
    assert len(lines.stdout.splitlines()) == len(QUESTIONS)
    got = answers(lines.stdout)
    assert got == alone
    first = got[0]["modules"]
    assert first["json"]["stdlib"] is True
    assert first["pytest"]["found"] is True
    assert first["pytest"]["version"] is not None
    assert first["yaml"]["distribution"] == "PyYAML"
    assert got[1]["modules"]["no_such_module_xyz"] == {
        "stdlib": False,
        "found": False,
        "distribution": None,
        "version": None,
    }
    # The folder it starts in is not on its path: a local file never answers for a module.
    assert got[2]["modules"]["shadow"]["found"] is False
    assert got[3]["modules"] == {}


def test_a_lines_run_answers_each_line_before_reading_the_next(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", PROBE, "--lines"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for q in QUESTIONS:
            proc.stdin.write(json.dumps(q) + "\n")
            proc.stdin.flush()
            # Blocks (and the test times out) if the answer waits for more input.
            line = proc.stdout.readline()
            assert line.startswith(ANSWER)
            answer = json.loads(line[len(ANSWER) :])
            assert sorted(answer["modules"]) == sorted(set(q))
    finally:
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0


def test_lines_that_are_not_lists_of_names_get_an_empty_answer(tmp_path: Path) -> None:
    r = run(["--lines"], '\n{"a": 1}\nnot json\n["json", 3]\n', tmp_path)
    assert r.returncode == 0, r.stderr
    assert [sorted(a["modules"]) for a in answers(r.stdout)] == [[], [], ["json"]]


def test_what_a_site_hook_prints_is_not_an_answer(tmp_path: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text('print("hello from sitecustomize")\n')
    env = {**os.environ, "PYTHONPATH": str(hook)}
    r = run(["--lines"], '["json"]\n["yaml"]\n', tmp_path, env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "hello from sitecustomize"
    assert [sorted(a["modules"]) for a in answers(r.stdout)] == [["json"], ["yaml"]]
    one = run([], '["json"]', tmp_path, env)
    assert one.returncode == 0, one.stderr
    assert one.stdout.splitlines()[0] == "hello from sitecustomize"
    assert [sorted(a["modules"]) for a in answers(one.stdout)] == [["json"]]


def _dist(site: Path, name: str, version: str, files: list[str]) -> None:
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (info / "top_level.txt").write_text(files[0].split("/")[0] + "\n")
    (info / "RECORD").write_text("".join(f"{f},,\n" for f in files))


def test_a_namespace_member_is_answered_by_the_distribution_that_installed_it(
    tmp_path: Path,
) -> None:
    # `nsroot` is a namespace package shared by two distributions (as protobuf and
    # google-auth share `google`); a member's own code, and a regular parent's, never runs.
    site = tmp_path / "site"
    marker = tmp_path / "ran"
    (site / "nsroot" / "member").mkdir(parents=True)
    (site / "nsroot" / "member" / "__init__.py").write_text(f"open({str(marker)!r}, 'w')\n")
    (site / "nsroot" / "other.py").write_text(f"open({str(marker)!r}, 'w')\n")
    (site / "regpkg").mkdir()
    (site / "regpkg" / "__init__.py").write_text(f"open({str(marker)!r}, 'w')\n")
    (site / "regpkg" / "sub.py").write_text("x = 1\n")
    _dist(site, "nsroot-member", "1.2.3", ["nsroot/member/__init__.py"])
    _dist(site, "nsroot-other", "0.4", ["nsroot/other.py"])
    env = {**os.environ, "PYTHONPATH": str(site)}
    names = ["nsroot.member", "nsroot.other", "nsroot.absent", "nsroot", "regpkg.sub"]
    r = run([], json.dumps(names), tmp_path, env)
    assert r.returncode == 0, r.stderr
    (answer,) = answers(r.stdout)
    modules = answer["modules"]
    assert modules["nsroot.member"] == {
        "stdlib": False,
        "found": True,
        "distribution": "nsroot-member",
        "version": "1.2.3",
    }
    assert modules["nsroot.other"]["distribution"] == "nsroot-other"
    assert modules["nsroot.other"]["version"] == "0.4"
    # Where the namespace exists but not this member (google.colab beside protobuf).
    assert modules["nsroot.absent"]["found"] is False
    assert modules["nsroot.absent"]["distribution"] is None
    assert modules["nsroot"]["found"] is True
    assert modules["regpkg.sub"]["found"] is True
    assert not marker.exists()
