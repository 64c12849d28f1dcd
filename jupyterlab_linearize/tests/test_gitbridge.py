"""The git file-system bridge against a real jupyter_server: what it serves and what it refuses.

Every refused request is checked twice: its status, and that no file under the server root
or outside it changed (contents, links and modification times).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import zlib
from pathlib import Path

import pytest
from jupyter_server.utils import url_path_join

from .test_fsbridge import git, make_repo, tree_state

SECRET = b"SECRET"


@pytest.fixture
def world(jp_root_dir: Path, tmp_path: Path) -> dict[str, Path]:
    """The server root is a repository, with secrets beside it and hidden files in it."""
    root = make_repo(Path(jp_root_dir))
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "outside.txt").write_bytes(SECRET)
    (root / ".env").write_bytes(SECRET)
    (root / ".ssh").mkdir()
    (root / ".ssh" / "id_rsa").write_bytes(SECRET)
    (root / ".jupyter").mkdir()
    (root / ".jupyter" / "jupyter_server_config.json").write_bytes(SECRET)
    (root / "sub" / ".secret").write_bytes(SECRET)
    (root / "escape").symlink_to(outside / "outside.txt")
    (root / "escape_dir").symlink_to(outside)
    (root / "inner").symlink_to("nb.ipynb")
    return {"root": root, "outside": outside}


def state(world: dict[str, Path]) -> tuple[dict, dict]:
    return tree_state(world["root"]), tree_state(world["outside"])


@pytest.fixture
def bridge(http_server_client, jp_base_url, jp_auth_header):
    """``await bridge(raw_path, method=…, op=…, body=…, headers=…, auth=…)`` → response.

    ``raw_path`` goes on the wire as written (so ``%2e%2e`` stays encoded).
    """
    base = url_path_join(jp_base_url, "linearize", "git", "fs")

    async def call(raw_path, method="GET", op=None, body=None, headers=None, auth=True):
        url = base + ("/" + raw_path if raw_path else "")
        if op:
            url += "?op=" + op
        all_headers = dict(jp_auth_header if auth else {})
        all_headers.update(headers or {})
        if method == "PUT" and body is None:
            body = b""
        return await http_server_client.fetch(
            url,
            method=method,
            body=body,
            headers=all_headers,
            raise_error=False,
            allow_nonstandard_methods=True,
        )

    return call


def loose(content: bytes, kind: bytes = b"blob") -> tuple[str, bytes]:
    raw = kind + b" " + str(len(content)).encode() + b"\0" + content
    return hashlib.sha1(raw, usedforsecurity=False).hexdigest(), zlib.compress(raw)


# --- happy paths ---------------------------------------------------------------------------


async def test_reads_files_stats_and_folders(world, bridge):
    root = world["root"]
    os.utime(root / "nb.ipynb", ns=(1_700_000_000_111_222_333, 1_700_000_000_444_555_666))

    content = await bridge("nb.ipynb")
    stat = await bridge("nb.ipynb", op="stat")
    listing = await bridge("", op="readdir")
    lstat = await bridge("escape", op="lstat")
    link = await bridge("escape", op="readlink")
    inner = await bridge("inner", op="readlink")

    assert content.code == 200 and content.body == (root / "nb.ipynb").read_bytes()
    assert content.headers["Content-Type"] == "application/octet-stream"
    st = os.stat(root / "nb.ipynb")
    got = json.loads(stat.body)
    assert (got["mtimeSeconds"], got["mtimeNanoseconds"]) == (1_700_000_000, 444_555_666)
    assert [got[k] for k in ("mode", "size", "ino", "uid", "gid", "dev")] == [
        st.st_mode,
        st.st_size,
        st.st_ino,
        st.st_uid,
        st.st_gid,
        st.st_dev,
    ]
    # Links out of the root are absent: not listed, and lstat/readlink say "no such file".
    assert json.loads(listing.body) == [".git", ".gitignore", "inner", "nb.ipynb", "sub"]
    for answer in (lstat, link):
        assert answer.code == 404 and json.loads(answer.body)["reason"] == "ENOENT"
        assert str(world["outside"]).encode() not in answer.body
    assert json.loads(inner.body) == {"target": "nb.ipynb"}


async def test_reads_the_git_allow_list_and_strips_the_config(world, bridge):
    head = await bridge(".git/HEAD")
    config = await bridge(".git/config")
    refs = await bridge(".git/refs/heads", op="readdir")
    missing = await bridge("nope.txt")

    assert head.body == b"ref: refs/heads/main\n"
    assert SECRET not in config.body
    assert b"[user]" in config.body and b"https://github.example/ada/demo.git" in config.body
    assert json.loads(refs.body) == ["main"]
    assert missing.code == 404 and json.loads(missing.body)["reason"] == "ENOENT"


async def test_root_endpoint(world, http_server_client, jp_base_url, jp_auth_header):
    r = await http_server_client.fetch(
        url_path_join(jp_base_url, "linearize", "git", "root"), headers=jp_auth_header
    )

    assert json.loads(r.body) == {"serverRoot": "", "enclosingRepository": False, "git": True}


async def test_a_packed_object_is_served_as_a_loose_one(world, bridge):
    root = world["root"]
    git(root, "gc", "-q")
    head = git(root, "rev-parse", "HEAD")
    assert not (root / ".git" / "objects" / head[:2] / head[2:]).exists()

    r = await bridge(f".git/objects/{head[:2]}/{head[2:]}")
    stat = await bridge(f".git/objects/{head[:2]}/{head[2:]}", op="stat")

    raw = zlib.decompress(r.body)
    assert hashlib.sha1(raw, usedforsecurity=False).hexdigest() == head
    assert raw.startswith(b"commit ")
    # stat tells the truth (the loose file does not exist), so writers still write it.
    assert stat.code == 404


async def test_streams_a_packfile_byte_for_byte(world, bridge):
    root = world["root"]
    (root / "big.bin").write_bytes(os.urandom(3_000_000))
    git(root, "add", "big.bin")
    git(root, "commit", "-q", "-m", "big")
    git(root, "gc", "-q")
    pack = next((root / ".git" / "objects" / "pack").glob("*.pack"))

    listing = await bridge(".git/objects/pack", op="readdir")
    r = await bridge(f".git/objects/pack/{pack.name}")

    assert pack.name in json.loads(listing.body)
    assert r.headers["Content-Type"] == "application/octet-stream"
    assert r.body == pack.read_bytes()


async def test_writes_an_object_then_moves_the_branch_with_if_match(world, bridge):
    root = world["root"]
    head = git(root, "rev-parse", "HEAD")
    tree = git(root, "rev-parse", "HEAD^{tree}")
    commit = (
        f"tree {tree}\nparent {head}\n"
        "author A <a@example.org> 1700000000 +0000\n"
        "committer A <a@example.org> 1700000000 +0000\n\nexport\n"
    ).encode()
    oid, body = loose(commit, b"commit")

    mkdir = await bridge(f".git/objects/{oid[:2]}", "PUT", op="mkdir")
    put_object = await bridge(f".git/objects/{oid[:2]}/{oid[2:]}", "PUT", body=body)
    put_ref = await bridge(
        ".git/refs/heads/main", "PUT", body=(oid + "\n").encode(), headers={"If-Match": head}
    )

    assert mkdir.code in (204, 409)
    assert (put_object.code, put_ref.code) == (204, 204)
    assert git(root, "rev-parse", "main") == oid
    assert git(root, "log", "-1", "--format=%s") == "export"
    assert git(root, "fsck", "--strict", "--no-dangling") == ""


async def test_writes_the_index_with_if_match(world, bridge):
    root = world["root"]
    index = (root / ".git" / "index").read_bytes()
    (root / "new.txt").write_text("new\n")
    git(root, "add", "new.txt")
    staged = (root / ".git" / "index").read_bytes()
    (root / ".git" / "index").write_bytes(index)

    r = await bridge(".git/index", "PUT", body=staged, headers={"If-Match": index[-20:].hex()})

    assert r.code == 204
    assert git(root, "diff", "--cached", "--name-only") == "new.txt"


# --- refusals ------------------------------------------------------------------------------

REFUSED_READS = [
    # path traversal, plain and percent-encoded, and absolute paths
    ("../outside/outside.txt", None, 403),
    ("sub/../../outside/outside.txt", None, 403),
    ("%2e%2e/outside/outside.txt", None, 403),
    ("%2E%2E%2Foutside%2Foutside.txt", None, 403),
    ("sub/%2e%2e/%2e%2e/outside/outside.txt", None, 403),
    ("/etc/passwd", None, 403),
    ("%2Fetc%2Fpasswd", None, 403),
    ("sub%5C..%5C..%5Coutside", None, 400),
    # symlinks out of the root
    ("escape", None, 404),
    ("escape", "stat", 404),
    ("escape_dir/outside.txt", None, 404),
    ("escape_dir", "readdir", 404),
    # hidden paths other than .git
    (".env", None, 403),
    (".env", "stat", 403),
    (".ssh/id_rsa", None, 403),
    (".ssh", "readdir", 403),
    (".jupyter/jupyter_server_config.json", None, 403),
    ("sub/.secret", None, 403),
    # .git outside the read allow-list
    (".git/hooks/pre-commit.sample", None, 403),
    (".git/hooks", "readdir", 403),
    (".git/logs/HEAD", None, 403),
    (".git/description", None, 403),
    # unknown op
    ("nb.ipynb", "unlink", 400),
]


@pytest.mark.parametrize(("raw_path", "op", "status"), REFUSED_READS)
async def test_refused_reads(world, bridge, raw_path, op, status):
    before = state(world)

    r = await bridge(raw_path, op=op)

    assert r.code == status
    assert SECRET not in r.body
    assert json.loads(r.body)["reason"] in ("EACCES", "EINVAL", "ENOENT")
    assert state(world) == before


REFUSED_WRITES = [
    ("../outside/outside.txt", None, {}, 403),
    ("%2e%2e/outside/outside.txt", None, {}, 403),
    ("%2Fetc%2Fpasswd", None, {}, 403),
    ("escape", None, {}, 403),
    ("escape_dir/outside.txt", None, {}, 403),
    ("nb.ipynb", None, {}, 403),
    (".gitignore", None, {}, 403),
    (".env", None, {}, 403),
    (".git/config", None, {}, 403),
    (".git/HEAD", None, {}, 403),
    (".git/hooks/pre-commit", None, {}, 403),
    (".git/refs/tags/v1", None, {}, 403),
    (".git/info/exclude", None, {}, 403),
    (".git/refs/heads/main.lock", None, {}, 403),
    ("newdir", "mkdir", {}, 403),
    (".git/hooks2", "mkdir", {}, 403),
    ("nb.ipynb", "read", {}, 400),
]


@pytest.mark.parametrize(("raw_path", "op", "headers", "status"), REFUSED_WRITES)
async def test_refused_writes(world, bridge, raw_path, op, headers, status):
    before = state(world)

    r = await bridge(raw_path, "PUT", op=op, body=b"#!/bin/sh\necho pwned\n", headers=headers)

    assert r.code == status
    assert state(world) == before


async def test_refuses_a_ref_write_without_precondition_or_with_a_stale_one(world, bridge):
    root = world["root"]
    head = git(root, "rev-parse", "HEAD")
    new = git(root, "commit-tree", "HEAD^{tree}", "-p", "HEAD", "-m", "new")
    before = state(world)

    missing = await bridge(".git/refs/heads/main", "PUT", body=new.encode())
    stale = await bridge(
        ".git/refs/heads/main", "PUT", body=new.encode(), headers={"If-Match": "0" * 40}
    )
    exists = await bridge(
        ".git/refs/heads/main", "PUT", body=new.encode(), headers={"If-None-Match": "*"}
    )

    assert (missing.code, stale.code, exists.code) == (428, 412, 412)
    assert json.loads(stale.body)["reason"] == "ESTALE"
    assert state(world) == before
    assert git(root, "rev-parse", "main") == head


async def test_refuses_writers_while_git_holds_the_lock(world, bridge):
    root = world["root"]
    head = git(root, "rev-parse", "HEAD")
    new = git(root, "commit-tree", "HEAD^{tree}", "-p", "HEAD", "-m", "new")
    (root / ".git" / "refs" / "heads" / "main.lock").write_bytes(b"held by git")
    (root / ".git" / "index.lock").write_bytes(b"held by git")
    index = (root / ".git" / "index").read_bytes()
    before = state(world)

    ref = await bridge(".git/refs/heads/main", "PUT", body=new.encode(), headers={"If-Match": head})
    idx = await bridge(".git/index", "PUT", body=index, headers={"If-Match": index[-20:].hex()})

    assert (ref.code, idx.code) == (409, 409)
    assert json.loads(ref.body)["reason"] == "ELOCKED"
    assert state(world) == before


async def test_two_concurrent_writers_of_one_ref_one_wins(world, bridge):
    root = world["root"]
    head = git(root, "rev-parse", "HEAD")
    a = git(root, "commit-tree", "HEAD^{tree}", "-p", "HEAD", "-m", "a")
    b = git(root, "commit-tree", "HEAD^{tree}", "-p", "HEAD", "-m", "b")

    results = await asyncio.gather(
        *(
            bridge(".git/refs/heads/main", "PUT", body=oid.encode(), headers={"If-Match": head})
            for oid in (a, b)
        )
    )

    codes = sorted(r.code for r in results)
    assert codes in ([204, 409], [204, 412])
    winner = a if results[0].code == 204 else b
    assert git(root, "rev-parse", "main") == winner
    assert not (root / ".git" / "refs" / "heads" / "main.lock").exists()


async def test_refuses_objects_that_do_not_hash_to_their_name(world, bridge):
    oid, _ = loose(b"one")
    _, other_body = loose(b"two")
    before = state(world)

    wrong = await bridge(f".git/objects/{oid[:2]}/{oid[2:]}", "PUT", body=other_body)
    garbage = await bridge(f".git/objects/{oid[:2]}/{oid[2:]}", "PUT", body=b"not zlib")

    assert (wrong.code, garbage.code) == (400, 400)
    assert state(world) == before


async def test_refuses_requests_without_a_token(world, bridge):
    oid, body = loose(b"x")
    before = state(world)

    get = await bridge("nb.ipynb", auth=False)
    put = await bridge(f".git/objects/{oid[:2]}/{oid[2:]}", "PUT", body=body, auth=False)

    assert (get.code, put.code) == (403, 403)
    assert b"cells" not in get.body
    assert state(world) == before


async def test_cookie_sessions_need_the_xsrf_header_to_write(
    world, bridge, http_server_client, jp_base_url, jp_serverapp
):
    token = jp_serverapp.identity_provider.token
    login = await http_server_client.fetch(
        url_path_join(jp_base_url, "api", "status") + "?token=" + token
    )
    cookie = login.headers["Set-Cookie"].split(";", 1)[0]
    # A tornado v2 XSRF token with a zero mask: the cookie and the header must carry the same.
    xsrf = "2|00000000|" + "ab" * 16 + "|1700000000"
    oid, body = loose(b"via cookie")
    path = f".git/objects/{oid[:2]}/{oid[2:]}"
    before = state(world)

    read = await bridge("nb.ipynb", auth=False, headers={"Cookie": cookie})
    no_xsrf = await bridge(path, "PUT", body=body, auth=False, headers={"Cookie": cookie})
    unchanged = state(world) == before
    with_xsrf = await bridge(
        path,
        "PUT",
        body=body,
        auth=False,
        headers={"Cookie": f"{cookie}; _xsrf={xsrf}", "X-XSRFToken": xsrf},
    )

    assert read.code == 200
    assert no_xsrf.code == 403 and unchanged
    assert with_xsrf.code == 204
    assert git(world["root"], "cat-file", "-p", oid) == "via cookie"


async def test_other_methods_are_not_allowed(world, bridge):
    before = state(world)

    r = await bridge("nb.ipynb", "DELETE")

    assert r.code == 405
    assert state(world) == before


async def test_absent_paths_are_answers_for_a_client_that_asks(world, bridge):
    """With ``absent=ok`` (what the lab sends on reads), a missing path is a 200 with the
    errno in a header, so neither the browser console nor the server log shows a 404."""
    before = state(world)
    for raw, op in [
        (".git/objects/ab/" + "c" * 38, "stat&absent=ok"),
        (".git/index.lock", "lstat&absent=ok"),
        ("nope.txt", "readdir&absent=ok"),
        ("nb.ipynb/child", "stat&absent=ok"),
    ]:
        got = await bridge(raw, op=op)
        assert got.code == 200, (raw, op, got.code)
        assert got.headers["X-Linearize-Absent"] in ("ENOENT", "ENOTDIR")
        assert json.loads(got.body)["reason"] == got.headers["X-Linearize-Absent"]
    read = await bridge("nope.txt?absent=ok")
    assert read.code == 200 and read.headers["X-Linearize-Absent"] == "ENOENT"
    # Without it, absent stays a 404; refusals stay refusals whatever the client asks.
    assert (await bridge("nope.txt", op="stat")).code == 404
    assert (await bridge(".env", op="stat&absent=ok")).code == 403
    found = await bridge("nb.ipynb", op="stat&absent=ok")
    assert found.code == 200 and "X-Linearize-Absent" not in found.headers
    assert state(world) == before
