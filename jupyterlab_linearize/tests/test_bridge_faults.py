"""The bridge attacks a fault-injection run found accepted (issue 11, item 7), against a real
jupyter_server: an object that inflates far beyond its size, branch names git refuses, a
branch pointing at a tree or a blob. Each is refused with nothing changed; object checks run
off the event loop and within a configurable bound. The same server is started under
``python -O`` in ``test_a_server_under_python_O_refuses_the_same``, where ``assert`` is gone.
"""

from __future__ import annotations

import hashlib
import json
import os
import resource
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import zlib
from pathlib import Path

import pytest

from jupyterlab_linearize import fsbridge

from .test_fsbridge import git, make_repo, tree_state
from .test_gitbridge import bridge  # noqa: F401  (a fixture)

LIMIT = 64 * 1024
CHECKOUT = Path(__file__).resolve().parents[2]


@pytest.fixture
def jp_server_config(jp_server_config):
    return {**jp_server_config, "LinearizeBridge": {"max_object_bytes": LIMIT}}


@pytest.fixture
def repo(jp_root_dir) -> Path:
    return make_repo(Path(jp_root_dir))


def loose(content: bytes, kind: bytes = b"blob", claimed: int | None = None) -> tuple[str, bytes]:
    size = len(content) if claimed is None else claimed
    raw = kind + b" " + str(size).encode() + b"\0" + content
    return hashlib.sha1(raw, usedforsecurity=False).hexdigest(), zlib.compress(raw, 9)


def bomb(inflated: int, claimed: int | None = None) -> tuple[str, bytes]:
    """A blob of ``inflated`` zero bytes, compressed in 1 MiB pieces (never all in memory)."""
    size = inflated if claimed is None else claimed
    header = b"blob " + str(size).encode() + b"\0"
    digest = hashlib.sha1(header, usedforsecurity=False)
    z = zlib.compressobj(9)
    out = [z.compress(header)]
    block = bytes(1 << 20)
    left = inflated
    while left > 0:
        piece = block[: min(left, len(block))]
        digest.update(piece)
        out.append(z.compress(piece))
        left -= len(piece)
    out.append(z.flush())
    return digest.hexdigest(), b"".join(out)


def object_path(repo: Path, oid: str) -> str:
    return f".git/objects/{oid[:2]}/{oid[2:]}"


async def test_objects_are_bounded_by_the_setting(repo, bridge):  # noqa: F811
    before = tree_state(repo)
    small_oid, small = loose(os.urandom(LIMIT // 2))
    big_oid, big = loose(os.urandom(LIMIT * 2))
    # 8 KB on the wire, 2 GiB inflated: refused at its header, nothing inflated beyond it.
    bomb_oid, bomb_body = bomb(8 << 20, claimed=2 << 30)
    # A header that lies: claims 10 bytes, inflates to 8 MiB.
    liar_oid, liar = bomb(8 << 20, claimed=10)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    r_big = await bridge(object_path(repo, big_oid), "PUT", body=big)
    r_bomb = await bridge(object_path(repo, bomb_oid), "PUT", body=bomb_body)
    r_liar = await bridge(object_path(repo, liar_oid), "PUT", body=liar)

    assert (r_big.code, json.loads(r_big.body)["reason"]) == (413, "EFBIG")
    assert (r_bomb.code, json.loads(r_bomb.body)["reason"]) == (413, "EFBIG")
    assert (r_liar.code, json.loads(r_liar.body)["reason"]) == (400, "EINVAL")
    assert tree_state(repo) == before
    # The server (in this process) grew by far less than what the bombs inflate to.
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss < 64 * 1024  # KiB
    r_small = await bridge(object_path(repo, small_oid), "PUT", body=small)
    assert r_small.code == 204
    assert git(repo, "cat-file", "-t", small_oid) == "blob"


async def test_objects_are_checked_off_the_event_loop(repo, bridge, monkeypatch):  # noqa: F811
    threads: list[bool] = []
    real = fsbridge.write_file

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(fsbridge, "write_file", spy)
    oid, body = loose(b"hello")
    r = await bridge(object_path(repo, oid), "PUT", body=body)

    assert r.code == 204
    assert threads == [False]


BAD_BRANCHES = [
    "-rf",
    "a..b",
    "x.lock",
    ".hidden",
    "trailing.",
    "HEAD",
    "@",
    "a@{1}",
    "sp ace",
    "col:on",
    "star*",
    "tilde~1",
    "caret^",
    "ques?",
    "brack[et",
]


@pytest.mark.parametrize("name", BAD_BRANCHES)
async def test_branch_names_git_refuses_are_refused(repo, bridge, name):  # noqa: F811
    head = git(repo, "rev-parse", "HEAD")
    before = tree_state(repo)
    path = ".git/refs/heads/" + urllib.request.quote(name, safe="/")

    r = await bridge(path, "PUT", body=head.encode(), headers={"If-None-Match": "*"})

    assert r.code in (400, 403), (name, r.code)
    assert tree_state(repo) == before
    # git itself refuses each of them as a branch name.
    check = subprocess.run(
        ["git", "check-ref-format", "--branch", name], cwd=repo, capture_output=True
    )
    assert check.returncode != 0 or name in ("HEAD", "@")


@pytest.mark.parametrize("packed", [False, True])
async def test_a_branch_must_point_to_a_commit(repo, bridge, packed):  # noqa: F811
    tree = git(repo, "rev-parse", "HEAD^{tree}")
    blob = git(repo, "rev-parse", "HEAD:nb.ipynb")
    head = git(repo, "rev-parse", "HEAD")
    if packed:
        git(repo, "gc", "-q")
    before = tree_state(repo)

    for oid, kind in ((tree, "tree"), (blob, "blob")):
        r = await bridge(
            ".git/refs/heads/main", "PUT", body=oid.encode(), headers={"If-Match": head}
        )
        assert (r.code, json.loads(r.body)["reason"]) == (400, "EINVAL")
        assert f"not a {kind}" in json.loads(r.body)["message"]
    assert tree_state(repo) == before
    ok = await bridge(
        ".git/refs/heads/feature", "PUT", body=head.encode(), headers={"If-None-Match": "*"}
    )
    assert ok.code == 204


def test_packed_types_without_git(tmp_path: Path) -> None:
    """Types read from the pack itself (deltas followed), for servers without git."""
    repo = make_repo(tmp_path / "repo")
    for i in range(5):
        (repo / "nb.ipynb").write_text('{"cells": []}\n' + "x" * 1000 + str(i))
        git(repo, "commit", "-qam", f"c{i}")
    expected = {
        oid: kind
        for oid, kind in (
            line.split()
            for line in git(
                repo, "cat-file", "--batch-all-objects", "--batch-check=%(objectname) %(objecttype)"
            ).splitlines()
        )
    }
    git(repo, "gc", "-q", "--aggressive")
    assert not any((repo / ".git" / "objects" / oid[:2] / oid[2:]).exists() for oid in expected)
    got = {oid: fsbridge.object_type(str(repo / ".git"), oid, git_exe=None) for oid in expected}
    assert got == expected


# --- the same under python -O ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_server_under_python_O_refuses_the_same(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("SECRET")
    repo = make_repo(tmp_path / "root")
    (repo / "escape").symlink_to(outside / "secret.txt")
    port, token = _free_port(), "linearize-test-token"
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115  (closed in finally)
    server = subprocess.Popen(
        [
            sys.executable,
            "-O",
            "-m",
            "jupyter_server",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={repo}",
            "--ServerApp.open_browser=False",
            "--ServerApp.jpserver_extensions={'jupyterlab_linearize': True}",
            f"--LinearizeBridge.max_object_bytes={LIMIT}",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],
        cwd=tmp_path,
        # This checkout's package first, whatever the environment has installed.
        env=dict(
            os.environ,
            JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"),
            PYTHONPATH=os.pathsep.join([str(CHECKOUT), os.environ.get("PYTHONPATH", "")]),
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"token {token}"}

    def call(path: str, method: str = "GET", body: bytes | None = None, headers=None):
        req = urllib.request.Request(  # noqa: S310  (http://127.0.0.1 only)
            base + path, data=body, method=method, headers={**auth, **(headers or {})}
        )
        try:
            with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()

    try:
        for _ in range(300):
            try:
                if call("/api/status")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        code, info = call("/linearize/info")
        assert code == 200, (tmp_path / "server.log").read_text(errors="replace")
        # The server runs this checkout's bridge, with assert statements compiled away.
        log_text = (tmp_path / "server.log").read_text(errors="replace")
        assert "Registered jupyterlab_linearize server extension" in log_text
        before = tree_state(repo)
        head = git(repo, "rev-parse", "HEAD")
        tree = git(repo, "rev-parse", "HEAD^{tree}")
        fs = "/linearize/git/fs/"
        _, big = loose(os.urandom(LIMIT * 2))
        big_oid = hashlib.sha1(zlib.decompress(big), usedforsecurity=False).hexdigest()
        results = {
            "escape read": call(fs + "escape")[0],
            "escape lstat": call(fs + "escape?op=lstat")[0],
            "escape readlink": call(fs + "escape?op=readlink")[0],
            "traversal": call(fs + "%2e%2e/outside/secret.txt")[0],
            "hooks": call(fs + ".git/hooks/pre-commit", "PUT", b"#!/bin/sh\n")[0],
            "-rf": call(fs + ".git/refs/heads/-rf", "PUT", head.encode(), {"If-None-Match": "*"})[
                0
            ],
            "tree branch": call(
                fs + ".git/refs/heads/main", "PUT", tree.encode(), {"If-Match": head}
            )[0],
            "big object": call(fs + f".git/objects/{big_oid[:2]}/{big_oid[2:]}", "PUT", big)[0],
        }
        assert results == {
            "escape read": 404,
            "escape lstat": 404,
            "escape readlink": 404,
            "traversal": 403,
            "hooks": 403,
            "-rf": 403,
            "tree branch": 400,
            "big object": 413,
        }
        listing = json.loads(call(fs + "?op=readdir")[1])
        assert "escape" not in listing
        assert tree_state(repo) == before
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
