"""The kernel companion's Python, run in a real ipykernel through jupyter_client (issue 5).

The snippets come from the TypeScript module the extension ships
(``src/core/companion/snippets.ts``), through ``node scripts/dump-snippets.mjs``: one source
of truth. Requests are built exactly as ``src/lab/companion.ts`` builds them: a silent execute
request with empty code and one user expression.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jupyter_client.manager import KernelManager

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 60


@pytest.fixture(scope="session")
def snippets() -> dict:
    out = subprocess.run(
        ["node", str(REPO / "scripts" / "dump-snippets.mjs")],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


class Kernel:
    """A real ipykernel and a blocking client, with the companion's request helpers."""

    def __init__(self, cwd: Path, snippets: dict | None):
        self.snippets = snippets
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(cwd=str(cwd))
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)

    def close(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    # -- raw messaging -------------------------------------------------------------------

    def send(self, code: str, **kw) -> str:
        return self.kc.execute(code, allow_stdin=False, **kw)

    def reply(self, msg_id: str) -> dict:
        """The shell reply to ``msg_id``; replies must arrive in request order."""
        msg = self.kc.get_shell_msg(timeout=TIMEOUT)
        while msg["msg_type"] == "kernel_info_reply":  # a late one from wait_for_ready
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
        assert msg["parent_header"]["msg_id"] == msg_id, "shell replies out of order"
        return msg["content"]

    def iopub(self, msg_id: str) -> list[dict]:
        """Every iopub message of ``msg_id`` up to its idle status."""
        seen = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            seen.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return seen

    def run(self, code: str) -> dict:
        """A user execution, as a notebook cell sends it; returns the reply content."""
        msg_id = self.send(code)
        content = self.reply(msg_id)
        self.iopub(msg_id)
        return content

    def value(self, expression: str):
        """Evaluates a Python literal-valued expression in a user cell (costs a count)."""
        content = self.run(f"print(repr({expression}))")
        assert content["status"] == "ok", content
        return content

    # -- companion ------------------------------------------------------------------------

    def expression(self, op: str, **args) -> str:
        s = self.snippets
        assert s is not None
        return s["calls"][op].replace(s["argsLiteral"], json.dumps(json.dumps(args)))

    def silent(self, expression: str) -> str:
        """Sends one companion request; returns the text/plain of its user expression."""
        request = dict(self.snippets["request"])
        request["user_expressions"] = {self.snippets["replyKey"]: expression}
        msg_id = self.kc.execute(**request)
        content = self.reply(msg_id)
        self.iopub(msg_id)
        assert content["status"] == "ok", content
        entry = content["user_expressions"][self.snippets["replyKey"]]
        assert entry["status"] == "ok", entry
        return entry["data"]["text/plain"]

    def install(self) -> dict:
        payload = json.loads(self.silent(self.snippets["install"]))
        assert payload["ok"], payload
        return payload["value"]

    def call(self, op: str, **args):
        text = self.silent(self.expression(op, **args))
        if text == "0":  # not installed: what the front end does too
            self.install()
            text = self.silent(self.expression(op, **args))
        payload = json.loads(text)
        assert payload["ok"], payload
        assert payload["op"] == op
        return payload["value"]

    def rebind(self, since: int) -> dict[int, dict]:
        runs = self.call("rebind", since=since)["runs"]
        return {int(k): v for k, v in runs.items()}


def diff(added=(), changed=(), deleted=()) -> dict:
    return {"added": sorted(added), "changed": sorted(changed), "deleted": sorted(deleted)}


NOTHING = diff()


@pytest.fixture(scope="module")
def kernel(snippets, tmp_path_factory):
    k = Kernel(tmp_path_factory.mktemp("kernel"), snippets)
    k.install()
    yield k
    k.close()


@pytest.fixture
def fresh(snippets, tmp_path):
    made = []

    def start(with_snippets: bool = True) -> Kernel:
        k = Kernel(tmp_path, snippets if with_snippets else None)
        made.append(k)
        return k

    yield start
    for k in made:
        k.close()


# -- no trace in the user's world -------------------------------------------------------------

# Cells of a small session; the last expression values exercise _, __, ___ and Out.
SESSION = [
    "x = 1",
    "x + 1",
    "import json",
    "y = [x]",
    "'text'",
    "for i in range(0):\n    z = 1",
    "x",
]
# What the user can observe about history and namespace, printed by a final user cell.
OBSERVE = (
    "print(repr((sorted(globals()), len(In), In[-2], sorted(Out), _, __, ___, "
    "_i, _ii, _iii, _oh == Out, get_ipython().execution_count)))"
)


def test_the_companion_leaves_count_history_and_namespace_as_they_would_be(fresh):
    # Given the same session in a kernel with the companion and in one without
    plain = fresh(with_snippets=False)
    companion = fresh()
    companion.install()
    counts: dict[str, list[int]] = {"plain": [], "companion": []}

    # When every user cell of one is followed by every kind of companion request
    for code in SESSION:
        counts["plain"].append(plain.run(code)["execution_count"])
        counts["companion"].append(companion.run(code)["execution_count"])
        companion.call("rebind", since=0)
        companion.call("names")
        companion.call("env", hints=["json"])
        companion.call("fingerprint", paths=["missing.csv"])
    observed = [_stdout(k, OBSERVE) for k in (plain, companion)]

    # Then counts, history, _/__/___, Out and the namespace are what they would be
    assert counts["plain"] == counts["companion"] == list(range(1, len(SESSION) + 1))
    assert observed[0] == observed[1]
    assert "__linearize__" not in observed[1]


def _stdout(k: Kernel, code: str) -> str:
    msg_id = k.send(code)
    content = k.reply(msg_id)
    assert content["status"] == "ok", content
    return "".join(m["content"]["text"] for m in k.iopub(msg_id) if m["msg_type"] == "stream")


def test_a_companion_request_is_silent_on_iopub(kernel):
    # When a request is sent
    request = dict(kernel.snippets["request"])
    request["user_expressions"] = {"linearize": kernel.expression("names")}
    msg_id = kernel.kc.execute(**request)
    kernel.reply(msg_id)
    messages = kernel.iopub(msg_id)

    # Then the kernel only goes busy and idle: no execute_input echo, no output, no error
    assert [m["msg_type"] for m in messages] == ["status", "status"]


def test_an_absent_module_answers_zero_and_install_is_idempotent(fresh):
    k = fresh()
    assert k.silent(k.expression("names")) == "0"
    first = k.install()
    again = k.install()
    assert first["version"] == again["version"] == k.snippets["version"]
    assert first["hook"] is again["hook"] is True
    # one hook only: a cell is recorded once
    count = k.run("a = 1")["execution_count"]
    assert k.rebind(count) == {count: diff(added=["a"])}


def test_uninstall_removes_the_module_and_the_hook(fresh):
    k = fresh()
    k.install()
    k.call("uninstall")
    assert k.silent(k.expression("names")) == "0"
    hooks = _stdout(
        k,
        "print(sum(getattr(f, '__module__', None) == '__linearize__' "
        "for f in get_ipython().events.callbacks['post_run_cell']))",
    )
    assert hooks.strip() == "0"


def test_an_older_protocol_version_is_replaced(fresh):
    # Given a module of another protocol version, with its own hook
    k = fresh()
    k.run(
        "import sys, types\n"
        "m = types.ModuleType('__linearize__')\n"
        "m.calls = []\n"
        "m.uninstall = (lambda calls: lambda: calls.append('uninstall'))(m.calls)\n"
        "m.v0 = lambda *a: 'old'\n"
        "sys.modules['__linearize__'] = m\n"
        "old = m\n"
        "del m, sys, types"
    )

    # When the current version is installed
    k.install()

    # Then the old one was asked to uninstall, and the new one answers
    assert _stdout(k, "print(old.calls)").strip() == "['uninstall']"
    assert "old" in k.call("names")["names"]


def test_a_failing_older_uninstall_does_not_block_the_install(fresh):
    k = fresh()
    k.run(
        "import sys, types\n"
        "sys.modules['__linearize__'] = types.ModuleType('__linearize__')\n"
        "sys.modules['__linearize__'].uninstall = lambda: 1 / 0\n"
        "del sys, types"
    )
    assert k.install()["hook"] is True
    count = k.run("after = 1")["execution_count"]
    assert k.rebind(count)[count] == diff(added=["after"])


# -- re-binding facts ------------------------------------------------------------------------


CELLS = [
    ("a1 = 1\nb1 = [1]", diff(added=["a1", "b1"])),
    ("a1 = 2", diff(changed=["a1"])),
    ("del b1", diff(deleted=["b1"])),
    ("import json", diff(added=["json"])),
    ("import json", NOTHING),
    ("a1 = a1", NOTHING),
    ("for i1 in range(0):\n    z1 = 1", NOTHING),
    ("for i1 in range(2):\n    w1 = i1", diff(added=["i1", "w1"])),
    ("import csv as json", diff(changed=["json"])),
    ("a1", NOTHING),  # Out, _, _N are IPython's
    ("q1 = 1\n1 / 0", diff(added=["q1"])),  # an error keeps what ran before it
    ("def f1(): pass\nclass C1: pass", diff(added=["C1", "f1"])),
    ("def f1(): pass", diff(changed=["f1"])),  # a new function object
    ("%time t1 = 1", diff(added=["t1"])),
    ("open = 5", diff(changed=["open"])),  # ipykernel's injected open: now the user's
    ("del open", diff(deleted=["open"])),
]


def test_rebind_reports_added_changed_and_deleted_names_per_execution(kernel):
    # When the cells run one after another, each followed by its rebind request
    for code, expected in CELLS:
        count = kernel.run(code)["execution_count"]

        # Then the run's facts are exactly what the kernel saw change
        assert kernel.rebind(count)[count] == expected, code


def test_rebind_attributes_queued_cells_to_their_own_execution(kernel):
    # Given cells sent at once, as Run All does, before any reply is read
    codes = [code for code, _ in CELLS[:9]]
    kernel.run("for n in ['a1', 'b1', 'json', 'i1', 'w1']:\n    globals().pop(n, None)")
    ids = [kernel.send(code) for code in codes]

    # When one rebind request follows them all
    counts = [kernel.reply(msg_id)["execution_count"] for msg_id in ids]
    for msg_id in ids:
        kernel.iopub(msg_id)
    runs = kernel.rebind(counts[0])

    # Then every execution has its own facts
    assert [runs[c] for c in counts] == [expected for _, expected in CELLS[:9]]


def test_an_error_aborts_a_queued_rebind_but_not_the_records(kernel):
    # Given Run All where the second cell raises: the kernel aborts everything queued after it
    ids = [kernel.send(code) for code in ("ab1 = 1", "ab2 = 2\n1 / 0", "ab3 = 3")]
    request = dict(kernel.snippets["request"])
    request["user_expressions"] = {"linearize": kernel.expression("rebind", since=0)}
    ours = kernel.kc.execute(**request)
    replies = [kernel.reply(msg_id) for msg_id in ids]
    aborted = kernel.reply(ours)
    for msg_id in [*ids, ours]:
        kernel.iopub(msg_id)
    assert [r["status"] for r in replies] == ["ok", "error", "aborted"]
    assert aborted["status"] == "aborted"

    # When the front end asks again
    runs = kernel.rebind(0)

    # Then the runs that happened have their facts
    first, second = replies[0]["execution_count"], replies[1]["execution_count"]
    assert runs[first] == diff(added=["ab1"])
    assert runs[second] == diff(added=["ab2"])
    assert "ab3" not in kernel.call("names")["names"]


def test_rebind_is_non_destructive_and_filters_by_count(kernel):
    count = kernel.run("nd1 = 1")["execution_count"]
    first = kernel.rebind(count)
    second = kernel.rebind(count)
    assert first == second == {count: diff(added=["nd1"])}
    assert kernel.rebind(count + 1) == {}


def test_cells_run_before_install_have_no_facts(fresh):
    k = fresh()
    before = k.run("early = 1")["execution_count"]
    k.install()
    after = k.run("late = 1")["execution_count"]
    runs = k.rebind(0)
    assert before not in runs
    assert runs[after] == diff(added=["late"])  # the install's baseline already held `early`


def test_a_busy_kernel_queues_the_request_and_answers_after_the_cell(kernel):
    # Given a long cell still running
    cell = kernel.send("import time\ntime.sleep(1.0)\nslow1 = 1")
    request = dict(kernel.snippets["request"])
    request["user_expressions"] = {"linearize": kernel.expression("rebind", since=0)}

    # When a companion request is sent while it runs
    ours = kernel.kc.execute(**request)

    # Then the cell's reply comes first, and ours already sees what the cell bound
    count = kernel.reply(cell)["execution_count"]
    content = kernel.reply(ours)
    kernel.iopub(cell)
    kernel.iopub(ours)
    payload = json.loads(content["user_expressions"]["linearize"]["data"]["text/plain"])
    assert payload["value"]["runs"][str(count)] == diff(added=["slow1", "time"])


def test_ten_thousand_names(kernel):
    count = kernel.run("globals().update({f'v{i}': i for i in range(10000)})")["execution_count"]
    runs = kernel.rebind(count)
    assert len(runs[count]["added"]) == 10000
    changed = kernel.run("v5 = 'five'")["execution_count"]
    assert kernel.rebind(changed)[changed] == diff(changed=["v5"])
    names = kernel.call("names")["names"]
    assert {"v0", "v9999"} <= set(names)
    assert kernel.call("delete", names=[f"v{i}" for i in range(10000)])["missing"] == []


def test_the_hook_stays_silent_on_odd_namespaces(kernel):
    # A non-string key in globals() must neither break the record nor print anything.
    msg_id = kernel.send("globals()[1] = 'odd'\nodd1 = 1")
    count = kernel.reply(msg_id)["execution_count"]
    messages = kernel.iopub(msg_id)
    assert not [m for m in messages if m["msg_type"] in ("stream", "error")]
    assert kernel.rebind(count)[count] == diff(added=["odd1"])
    assert "odd1" in kernel.call("names")["names"]
    kernel.run("del globals()[1]")


def test_reset_is_seen_as_deletions(fresh):
    k = fresh()
    k.install()
    k.run("r1 = 1\nimport json")
    count = k.run("%reset -f")["execution_count"]
    assert k.rebind(count)[count] == diff(deleted=["json", "r1"])
    after = k.run("r2 = 2")["execution_count"]
    assert k.rebind(after)[after] == diff(added=["r2"])


def test_a_restart_removes_the_module_and_a_new_install_works(fresh):
    k = fresh()
    k.install()
    k.km.restart_kernel(now=True)
    k.kc.wait_for_ready(timeout=TIMEOUT)
    assert k.silent(k.expression("names")) == "0"
    k.install()
    count = k.run("again = 1")["execution_count"]
    assert k.rebind(count) == {count: diff(added=["again"])}


# -- names and delete --------------------------------------------------------------------------


def test_names_lists_user_names_only(kernel):
    kernel.run("import os\nuser_name = 1\n_private = 2")
    kernel.run("user_name")
    names = kernel.call("names")["names"]
    assert {"os", "user_name", "_private"} <= set(names)
    hidden = {"In", "Out", "_", "__", "___", "_i", "_ii", "_iii", "_oh", "_ih", "_dh"}
    hidden |= {"exit", "quit", "get_ipython", "open", "__name__", "__builtins__"}
    assert not hidden & set(names)
    assert not [n for n in names if re.fullmatch(r"_i?[0-9]+", n)]
    assert names == sorted(names)


def test_delete_removes_names_and_is_not_the_next_cells_doing(kernel):
    # Given
    kernel.run("ghost1 = 1\nghost2 = 2")

    # When
    result = kernel.call("delete", names=["ghost1", "not_there", "In", "1bad", "ghost2"])

    # Then
    assert result == {
        "deleted": ["ghost1", "ghost2"],
        "missing": ["not_there"],
        "refused": ["In", "1bad"],
    }
    assert _stdout(kernel, "print('ghost1' in globals(), 'In' in globals())").split() == [
        "False",
        "True",
    ]
    count = kernel.run("after_delete = 1")["execution_count"]
    assert kernel.rebind(count)[count] == diff(added=["after_delete"])


# -- environment -------------------------------------------------------------------------------


def test_env_lists_imported_third_party_distributions_with_versions(fresh, tmp_path):
    # Given a session that imports the standard library, two installed packages and a local one
    from importlib.metadata import version

    (tmp_path / "mylocal.py").write_text("VALUE = 1\n")
    k = fresh()
    k.run("import json, csv\nimport yaml\nimport nbformat\nimport mylocal")

    # When
    env = k.call("env", hints=[])

    # Then
    packages = {p["name"]: p for p in env["packages"]}
    assert packages["PyYAML"]["version"] == version("PyYAML")
    assert "yaml" in packages["PyYAML"]["modules"]
    assert packages["nbformat"]["version"] == version("nbformat")
    assert not {"json", "csv"} & {m for p in env["packages"] for m in p["modules"]}
    assert env["local"] == ["mylocal"]
    assert env["python"] == ".".join(map(str, sys.version_info[:3]))
    assert env["implementation"] == "CPython"
    assert env["system"] and env["os"] and env["machine"]
    keys = [p["name"].lower().replace("_", "-") for p in env["packages"]]
    assert keys == sorted(keys)


def test_env_maps_modules_without_packages_distributions(fresh):
    # Python 3.8 and 3.9 have no importlib.metadata.packages_distributions()
    k = fresh()
    k.run(
        "import importlib.metadata as md\n"
        "saved = md.packages_distributions\n"
        "del md.packages_distributions\n"
        "import yaml"
    )
    try:
        packages = {p["name"]: p for p in k.call("env")["packages"]}
    finally:
        k.run("md.packages_distributions = saved")
    assert packages["PyYAML"]["modules"] == ["yaml"]


def test_env_leaves_out_the_kernels_own_packages_unless_the_user_uses_them(fresh):
    k = fresh()
    k.run("x = 1")
    names = {_canonical(p["name"]) for p in k.call("env")["packages"]}
    # ipykernel's own requirements were imported by the kernel, not by the notebook
    assert not {"ipykernel", "ipython", "pyzmq", "tornado", "jupyter-client"} & names
    # A package the kernel needs, imported by the user too: in (namespace reference) ...
    k.run("import dateutil")
    assert "python-dateutil" in {p["name"] for p in k.call("env")["packages"]}
    # ... or named by the front end's static import facts (hints)
    assert "tornado" in {p["name"] for p in k.call("env", hints=["tornado"])["packages"]}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# -- fingerprints ------------------------------------------------------------------------------

# dvc-data 3.18.3 (`dvc_data.hashfile.build.build(..., "md5", dry_run=True)`) on this tree gave
# fbd9c2764f0f166f9f5414562bb7d0cf.dir, size 780, nfiles 4; and 2879581f... for data/a.csv.
DVC_DIR_MD5 = "fbd9c2764f0f166f9f5414562bb7d0cf.dir"
DVC_FILE_MD5 = "2879581fa99efcde967360c47e8bd112"


def _md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def _data_tree(root: Path) -> None:
    (root / "data" / "sub").mkdir(parents=True)
    (root / "data" / "a.csv").write_bytes(b"x,y\n1,2\r\n")  # CRLF: DVC 3 hashes bytes as-is
    (root / "data" / "sub" / "b.bin").write_bytes(bytes(range(256)) * 3)
    (root / "data" / "sub" / "\u00e9.txt").write_bytes("\u00e9\n".encode())
    (root / "data" / "empty.txt").write_bytes(b"")
    # DVC's default ignores: .git/.hg/.dvc folders anywhere, and .git files
    for ignored in ("data/.git/HEAD", "data/sub/.dvc/config", "data/sub/.hg/x"):
        (root / ignored).parent.mkdir(parents=True, exist_ok=True)
        (root / ignored).write_text("ignored")
    (root / "data" / "sub" / "deeper").mkdir()
    (root / "data" / "sub" / "deeper" / ".git").write_text("gitdir: elsewhere")


def test_fingerprints_match_hashlib_and_dvc(fresh, tmp_path):
    # Given
    _data_tree(tmp_path)
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(range(256)) * (3 * 4096 + 17))  # > 3 chunks of 1 MiB
    k = fresh()

    # When
    entries = k.call(
        "fingerprint", paths=["data", "data/a.csv", "./big.bin", "data/sub/", "nope.csv"]
    )["entries"]

    # Then
    folder, file, large, sub, missing = entries
    assert folder == {"path": "data", "md5": DVC_DIR_MD5, "size": 780, "nfiles": 4}
    assert file == {"path": "data/a.csv", "md5": DVC_FILE_MD5, "size": 9}
    assert file["md5"] == _md5((tmp_path / "data/a.csv").read_bytes())
    assert large == {
        "path": "./big.bin",
        "md5": _md5(big.read_bytes()),
        "size": big.stat().st_size,
    }
    assert sub["nfiles"] == 2 and sub["size"] == 768 + 3
    assert missing == {"path": "nope.csv", "missing": True}


def test_fingerprints_follow_symlinked_files_not_folders_as_dvc_does(fresh, tmp_path):
    # dvc-data 3.18.3 on this tree: 12b61b6a0c18195e1b39acaddf84fa96.dir, size 4, nfiles 2.
    (tmp_path / "ext" / "inner").mkdir(parents=True)
    (tmp_path / "ext" / "f").write_text("1\n")
    (tmp_path / "ext" / "inner" / "g").write_text("2\n")
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a").write_text("3\n")
    (tmp_path / "d" / "lf").symlink_to("../ext/f")
    (tmp_path / "d" / "ld").symlink_to("../ext/inner")
    k = fresh()
    [entry] = k.call("fingerprint", paths=["d"])["entries"]
    assert entry == {
        "path": "d",
        "md5": "12b61b6a0c18195e1b39acaddf84fa96.dir",
        "size": 4,
        "nfiles": 2,
    }


def test_fingerprints_refuse_paths_outside_the_working_tree(fresh, tmp_path):
    (tmp_path / "inside.txt").write_text("x")
    k = fresh()
    paths = ["/etc/hostname", "../x", "a/../../x", "~/x", "http://host/x.csv", "", "C:x", "ok/.."]
    entries = k.call("fingerprint", paths=paths)["entries"]
    assert [e.get("refused") for e in entries] == [
        "absolute",
        "parent",
        "parent",
        "home",
        "url",
        "empty",
        "absolute",
        "parent",
    ]
    assert all("md5" not in e for e in entries)


def test_fingerprints_respect_the_byte_and_file_limits(fresh, tmp_path):
    _data_tree(tmp_path)
    k = fresh()
    small = k.call("fingerprint", paths=["data/sub/b.bin", "data"], max_bytes=100)["entries"]
    assert [e.get("error") for e in small] == ["too-large", "too-large"]
    few = k.call("fingerprint", paths=["data"], max_files=2)["entries"]
    assert few == [{"path": "data", "error": "too-many-files"}]


def test_fingerprints_skip_fifos_inside_folders(fresh, tmp_path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    _data_tree(tmp_path)
    os.mkfifo(tmp_path / "data" / "pipe")
    k = fresh()
    entries = k.call("fingerprint", paths=["data", "data/pipe"])["entries"]
    assert entries[0]["md5"] == DVC_DIR_MD5
    assert entries[1] == {"path": "data/pipe", "error": "unsupported"}
