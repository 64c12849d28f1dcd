"""The bridge's path policy and file operations, on real repositories, without a server.

Also holds the repository helpers ``test_gitbridge*.py`` import.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import zlib
from pathlib import Path

import pytest

from jupyterlab_linearize import fsbridge
from jupyterlab_linearize.fsbridge import BridgeError, find_roots, resolve

ENV = {
    "PATH": os.environ.get("PATH", ""),
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Ada Lovelace",
    "GIT_AUTHOR_EMAIL": "ada@example.org",
    "GIT_AUTHOR_DATE": "1700000000 +0100",
    "GIT_COMMITTER_NAME": "Ada Lovelace",
    "GIT_COMMITTER_EMAIL": "ada@example.org",
    "GIT_COMMITTER_DATE": "1700000000 +0100",
    "LC_ALL": "C",
}


def git(cwd: Path, *args: str, input: bytes | None = None) -> str:
    env = dict(ENV, HOME=str(cwd))
    out = subprocess.run(
        ["git", *args], cwd=cwd, env=env, input=input, capture_output=True, check=True
    )
    return out.stdout.decode().strip()


def make_repo(path: Path) -> Path:
    """``path`` as a repo with a notebook, a .gitignore, secrets in the config, one commit."""
    path.mkdir(parents=True, exist_ok=True)
    git(path, "init", "-q", "-b", "main")
    (path / "nb.ipynb").write_text('{"cells": []}\n')
    (path / ".gitignore").write_text("*.log\n")
    (path / "sub").mkdir()
    (path / "sub" / "data.csv").write_text("a,b\n")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "initial")
    git(path, "config", "user.name", "Ada Lovelace")
    git(path, "config", "user.email", "ada@example.org")
    git(path, "remote", "add", "origin", "https://ada:ghp_SECRET@github.example/ada/demo.git")
    git(path, "config", "credential.helper", "store --file /tmp/SECRET-creds")
    git(path, "config", "http.extraHeader", "Authorization: Bearer SECRET")
    git(path, "config", "core.sshCommand", "ssh -i /home/ada/.ssh/SECRET_key")
    return path


def tree_state(root: Path) -> dict[str, tuple[str, bytes | str, int]]:
    """Every entry under ``root`` (links not followed): kind, content or target, mtime_ns."""
    state: dict[str, tuple[str, bytes | str, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            st = p.lstat()
            rel = str(p.relative_to(root))
            if p.is_symlink():
                state[rel] = ("link", os.readlink(p), st.st_mtime_ns)
            elif p.is_dir():
                state[rel] = ("dir", b"", st.st_mtime_ns)
            else:
                state[rel] = ("file", p.read_bytes(), st.st_mtime_ns)
    return state


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def refused(roots: fsbridge.Roots, rel: str, op: str) -> BridgeError:
    with pytest.raises(BridgeError) as err:
        resolve(roots, rel, op)
    return err.value


# --- roots ---------------------------------------------------------------------------------


def test_roots_without_a_repository(tmp_path: Path) -> None:
    roots = find_roots(str(tmp_path))

    assert roots == fsbridge.Roots(str(tmp_path.resolve()), str(tmp_path.resolve()), None)
    assert roots.server_root_rel == ""
    assert roots.ancestors == []


def test_roots_at_the_top_of_a_repository(repo: Path) -> None:
    roots = find_roots(str(repo))

    assert roots.top == str(repo.resolve())
    assert roots.enclosing_gitdir is None  # its .git is under the root, served as such


def test_roots_in_a_subfolder_of_a_repository(repo: Path) -> None:
    (repo / "notebooks" / "deep").mkdir(parents=True)

    roots = find_roots(str(repo / "notebooks" / "deep"))

    assert roots.top == str(repo.resolve())
    assert roots.enclosing_gitdir == str((repo / ".git").resolve())
    assert roots.server_root_rel == "notebooks/deep"
    assert roots.ancestors == [str(repo.resolve()), str((repo / "notebooks").resolve())]


# --- what may be read ------------------------------------------------------------------------

ALLOWED_READS = [
    ("nb.ipynb", "read"),
    ("sub/data.csv", "read"),
    ("", "readdir"),
    ("sub", "stat"),
    (".gitignore", "read"),
    (".git", "stat"),
    (".git", "readdir"),
    (".git/HEAD", "read"),
    (".git/config", "read"),
    (".git/index", "read"),
    (".git/packed-refs", "read"),
    (".git/refs/heads/main", "read"),
    (".git/refs/heads", "readdir"),
    (".git/objects/ab/" + "c" * 38, "read"),
    (".git/objects/pack", "readdir"),
    (".git/objects/pack/pack-" + "d" * 40 + ".idx", "read"),
    (".git/info/exclude", "read"),
    (".git/index.lock", "stat"),
    (".git/index.lock", "lstat"),
]


@pytest.mark.parametrize(("rel", "op"), ALLOWED_READS)
def test_allowed_reads(repo: Path, rel: str, op: str) -> None:
    target = resolve(find_roots(str(repo)), rel, op)

    assert target.path == os.path.realpath(repo / rel) if rel else str(repo.resolve())


REFUSED = [
    # traversal and odd paths (already percent-decoded by tornado)
    ("../outside.txt", "read", 403),
    ("sub/../../outside.txt", "read", 403),
    ("/etc/passwd", "read", 403),
    ("sub//data.csv", "read", 403),
    ("./nb.ipynb", "read", 403),
    ("sub\\..\\x", "read", 400),
    ("nb.ipynb\0", "read", 400),
    # hidden files other than .git and .gitignore
    (".ssh/id_rsa", "read", 403),
    (".env", "read", 403),
    (".jupyter/jupyter_server_config.json", "read", 403),
    (".git-credentials", "read", 403),
    ("sub/.hidden", "stat", 403),
    (".gitignore", "readdir", 403),
    # .git outside the read allow-list
    (".git/hooks/pre-commit", "read", 403),
    (".git/hooks", "readdir", 403),
    (".git/logs/HEAD", "read", 403),
    (".git/description", "read", 403),
    (".git/FETCH_HEAD", "read", 403),
    (".git/COMMIT_EDITMSG", "read", 403),
    (".git/index.lock", "read", 403),
    (".git/index.lock", "write", 403),
    (".git/index.lock", "readdir", 403),
    (".git/refs/heads/main.lock", "read", 403),
    (".git/modules/x/config", "read", 403),
    (".git/objects/zz/" + "c" * 38, "read", 403),
    (".git/objects/info/alternates", "read", 403),
    # writes outside the write allow-list
    ("nb.ipynb", "write", 403),
    (".gitignore", "write", 403),
    (".git/config", "write", 403),
    (".git/HEAD", "write", 403),
    (".git/hooks/pre-commit", "write", 403),
    (".git/refs/tags/v1", "write", 403),
    (".git/refs/remotes/origin/main", "write", 403),
    (".git/refs/heads/main.lock", "write", 403),
    (".git/refs/heads/../../config", "write", 403),
    (".git/objects/pack/pack-" + "d" * 40 + ".pack", "write", 403),
    (".git/objects/ab/cd", "write", 403),
    (".git/info/exclude", "write", 403),
    ("newdir", "mkdir", 403),
    (".git/hooks2", "mkdir", 403),
    (".git/refs/tags", "mkdir", 403),
    ("nb.ipynb", "unlink", 400),
]


@pytest.mark.parametrize(("rel", "op", "status"), REFUSED)
def test_refused(repo: Path, rel: str, op: str, status: int) -> None:
    assert refused(find_roots(str(repo)), rel, op).status == status


def test_writes_allowed_only_on_objects_index_and_branch_refs(repo: Path) -> None:
    roots = find_roots(str(repo))

    for rel, op in [
        (".git/objects/ab/" + "c" * 38, "write"),
        (".git/objects/ab", "mkdir"),
        (".git/index", "write"),
        (".git/refs/heads/main", "write"),
        (".git/refs/heads/feature/x", "write"),
        (".git/refs/heads/feature", "mkdir"),
    ]:
        assert resolve(roots, rel, op).kind == "git"


def test_a_symlink_out_of_the_root_is_absent_for_every_op(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "outside.txt").write_text("SECRET")
    (repo / "escape").symlink_to(tmp_path / "outside.txt")
    (repo / "escape_dir").symlink_to(tmp_path)
    (repo / "dangling").symlink_to(tmp_path / "gone")
    (repo / "inner").symlink_to(repo / "nb.ipynb")
    roots = find_roots(str(repo))

    # Absent (404), as if the link were not there: nothing of its target is revealed.
    for rel, op in [
        ("escape", "read"),
        ("escape", "stat"),
        ("escape", "lstat"),
        ("escape", "readlink"),
        ("escape_dir", "readdir"),
        ("escape_dir", "lstat"),
        ("escape_dir/outside.txt", "read"),
        ("dangling", "lstat"),
        ("dangling", "readlink"),
    ]:
        error = refused(roots, rel, op)
        assert (rel, op, error.status, error.code) == (rel, op, 404, "ENOENT")
        assert str(tmp_path) not in error.message
    assert "escape" not in fsbridge.list_dir(resolve(roots, "", "readdir"))
    assert "dangling" not in fsbridge.list_dir(resolve(roots, "", "readdir"))
    # A link that stays inside is served as a link.
    assert "inner" in fsbridge.list_dir(resolve(roots, "", "readdir"))
    assert fsbridge.read_link(resolve(roots, "inner", "readlink")) == str(repo / "nb.ipynb")
    assert fsbridge.stat_json(resolve(roots, "inner", "lstat"), follow=False)["type"] == "symlink"


def test_a_symlink_onto_a_hidden_folder_inside_the_root_is_absent(repo: Path) -> None:
    (repo / ".ssh").mkdir()
    (repo / ".ssh" / "id_rsa").write_text("SECRET")
    (repo / "keys").symlink_to(repo / ".ssh")
    (repo / "conf").symlink_to(repo / ".git" / "hooks")
    roots = find_roots(str(repo))

    assert refused(roots, "keys/id_rsa", "read").status == 404
    assert refused(roots, "keys", "lstat").status == 404
    assert refused(roots, "conf/pre-commit.sample", "read").status == 404
    assert "keys" not in fsbridge.list_dir(resolve(roots, "", "readdir"))


def test_a_symlink_inside_dot_git_pointing_out_cannot_be_written_through(
    repo: Path, tmp_path: Path
) -> None:
    (tmp_path / "target").write_text("keep")
    (repo / ".git" / "refs" / "heads" / "evil").symlink_to(tmp_path / "target")
    roots = find_roots(str(repo))

    assert refused(roots, ".git/refs/heads/evil", "write").status == 404
    assert "evil" not in fsbridge.list_dir(resolve(roots, ".git/refs/heads", "readdir"))
    assert (tmp_path / "target").read_text() == "keep"


def test_above_the_root_only_the_way_down_dot_git_and_gitignore(repo: Path) -> None:
    (repo / "notebooks").mkdir()
    (repo / "secret.txt").write_text("SECRET")
    (repo / "other").mkdir()
    roots = find_roots(str(repo / "notebooks"))

    assert fsbridge.list_dir(resolve(roots, "", "readdir")) == [".git", ".gitignore", "notebooks"]
    assert resolve(roots, ".gitignore", "read").kind == "gitignore"
    assert resolve(roots, ".git/HEAD", "read").kind == "git"
    assert resolve(roots, "notebooks", "readdir").kind == "work"
    assert refused(roots, "secret.txt", "read").status == 403
    assert refused(roots, "other", "readdir").status == 403
    assert refused(roots, "sub/data.csv", "read").status == 403
    assert refused(roots, "", "read").status == 403
    assert refused(roots, ".gitignore", "write").status == 403
    # No repository between the top and the root: "not found", so a client walking up goes on.
    (repo / "notebooks" / "deep").mkdir()
    deeper = find_roots(str(repo / "notebooks" / "deep"))
    assert refused(deeper, "notebooks/.git", "stat").status == 404


def test_readdir_hides_what_it_would_refuse(repo: Path) -> None:
    for name in (".env", ".ssh", ".jupyter"):
        (repo / name).mkdir()
    roots = find_roots(str(repo))

    assert fsbridge.list_dir(resolve(roots, "", "readdir")) == [
        ".git",
        ".gitignore",
        "nb.ipynb",
        "sub",
    ]
    listed = fsbridge.list_dir(resolve(roots, ".git", "readdir"))
    assert "hooks" not in listed and "logs" not in listed and "description" not in listed
    assert {"HEAD", "config", "index", "objects", "refs"} <= set(listed)


# --- .git/config ---------------------------------------------------------------------------


def test_config_is_stripped_to_core_user_and_credential_free_remotes(repo: Path) -> None:
    target = resolve(find_roots(str(repo)), ".git/config", "read")

    served = fsbridge.read_file(target)

    assert b"SECRET" not in served
    assert fsbridge.stat_json(target, follow=True)["size"] == len(served)
    listed = subprocess.run(
        ["git", "config", "--file", "-", "--list"], input=served, capture_output=True, check=True
    ).stdout.decode()
    assert listed.splitlines() == [
        "core.repositoryformatversion=0",
        "core.filemode=true",
        "core.bare=false",
        "core.logallrefupdates=true",
        "user.name=Ada Lovelace",
        "user.email=ada@example.org",
        "remote.origin.url=https://github.example/ada/demo.git",
    ]


# --- stat ----------------------------------------------------------------------------------


def test_stat_has_exact_nanoseconds_and_all_fields(repo: Path) -> None:
    os.utime(repo / "nb.ipynb", ns=(1_700_000_000_123_456_789, 1_700_000_000_987_654_321))
    st = os.stat(repo / "nb.ipynb")

    got = fsbridge.stat_json(resolve(find_roots(str(repo)), "nb.ipynb", "stat"), follow=True)

    assert got["mtimeSeconds"] == 1_700_000_000
    assert got["mtimeNanoseconds"] == 987_654_321
    assert got["ctimeSeconds"] * 10**9 + got["ctimeNanoseconds"] == st.st_ctime_ns
    for key in ("mode", "size", "uid", "gid"):
        assert got[key] == getattr(st, "st_" + key)
    assert got["type"] == "file"


# --- writes --------------------------------------------------------------------------------


def loose(kind: bytes, content: bytes) -> tuple[str, bytes]:
    raw = kind + b" " + str(len(content)).encode() + b"\0" + content
    return hashlib.sha1(raw, usedforsecurity=False).hexdigest(), zlib.compress(raw)


def test_object_write_checks_the_hash_and_git_reads_it(repo: Path) -> None:
    roots = find_roots(str(repo))
    oid, body = loose(b"blob", b"hello bridge\n")
    target = resolve(roots, f".git/objects/{oid[:2]}/{oid[2:]}", "write")

    fsbridge.write_file(target, body)
    fsbridge.write_file(target, body)  # again: a no-op, objects are immutable

    assert git(repo, "cat-file", "-p", oid) == "hello bridge"
    assert not os.path.exists(target.path + ".lock")
    other, _ = loose(b"blob", b"other")
    wrong = resolve(roots, f".git/objects/{other[:2]}/{other[2:]}", "write")
    with pytest.raises(BridgeError) as err:
        fsbridge.write_file(wrong, body)
    assert (err.value.status, err.value.code) == (400, "EINVAL")
    assert not os.path.exists(wrong.path)


def commit_on_top(repo: Path) -> str:
    tree = git(repo, "rev-parse", "HEAD^{tree}")
    return git(repo, "commit-tree", tree, "-p", "HEAD", "-m", "next")


def test_ref_write_is_a_compare_and_swap(repo: Path) -> None:
    roots = find_roots(str(repo))
    head = git(repo, "rev-parse", "HEAD")
    new = commit_on_top(repo)
    target = resolve(roots, ".git/refs/heads/main", "write")
    before = tree_state(repo)

    for if_match, if_none, status, code in [
        (None, None, 428, "EPRECONDITION"),
        ("0" * 40, None, 412, "ESTALE"),
        (None, "*", 412, "ESTALE"),
    ]:
        with pytest.raises(BridgeError) as err:
            fsbridge.write_file(target, new.encode(), if_match, if_none)
        assert (err.value.status, err.value.code) == (status, code)
        assert tree_state(repo) == before

    fsbridge.write_file(target, (new + "\n").encode(), f'"{head}"')

    assert git(repo, "rev-parse", "main") == new
    assert git(repo, "fsck", "--strict", "--no-dangling") == ""


def test_ref_write_against_a_packed_ref_and_a_new_branch(repo: Path) -> None:
    git(repo, "pack-refs", "--all")
    git(repo, "gc", "-q")
    roots = find_roots(str(repo))
    head = git(repo, "rev-parse", "HEAD")
    assert not (repo / ".git" / "refs" / "heads" / "main").exists()

    # The commit is only in a pack: the .idx lookup finds it without git.
    assert fsbridge.object_exists(str(repo / ".git"), head, git_exe=None)
    assert not fsbridge.object_exists(str(repo / ".git"), "1" * 40, git_exe=None)
    new_branch = resolve(roots, ".git/refs/heads/feature/export", "write")
    fsbridge.write_file(new_branch, head.encode(), if_none_match="*")
    main = resolve(roots, ".git/refs/heads/main", "write")
    fsbridge.write_file(main, commit_on_top(repo).encode(), if_match=head)

    assert git(repo, "rev-parse", "feature/export") == head
    assert git(repo, "rev-parse", "main~1") == head


def test_ref_write_refuses_a_missing_object_and_a_held_lock(repo: Path) -> None:
    roots = find_roots(str(repo))
    head = git(repo, "rev-parse", "HEAD")
    target = resolve(roots, ".git/refs/heads/main", "write")

    with pytest.raises(BridgeError) as err:
        fsbridge.write_file(target, b"2" * 40, if_match=head)
    assert err.value.status == 400
    (repo / ".git" / "refs" / "heads" / "main.lock").write_text("held")
    new = commit_on_top(repo)
    before = tree_state(repo)
    with pytest.raises(BridgeError) as err:
        fsbridge.write_file(target, new.encode(), if_match=head)
    assert (err.value.status, err.value.code) == (409, "ELOCKED")
    assert tree_state(repo) == before


def test_index_write_checks_the_checksum_and_compares(repo: Path) -> None:
    roots = find_roots(str(repo))
    target = resolve(roots, ".git/index", "write")
    index = (repo / ".git" / "index").read_bytes()
    current = index[-20:].hex()
    (repo / "new.txt").write_text("new\n")
    git(repo, "add", "new.txt")
    staged = (repo / ".git" / "index").read_bytes()
    (repo / ".git" / "index").write_bytes(index)

    with pytest.raises(BridgeError) as err:
        fsbridge.write_file(target, staged[:-1] + b"\0", if_match=current)
    assert err.value.status == 400
    with pytest.raises(BridgeError) as err:
        fsbridge.write_file(target, staged, if_match="f" * 40)
    assert err.value.status == 412
    (repo / ".git" / "index.lock").write_bytes(b"")
    with pytest.raises(BridgeError) as err:
        fsbridge.write_file(target, staged, if_match=current)
    assert err.value.status == 409
    (repo / ".git" / "index.lock").unlink()

    fsbridge.write_file(target, staged, if_match=current)

    assert git(repo, "diff", "--cached", "--name-only") == "new.txt"


def test_packed_object_re_encoded_as_loose(repo: Path) -> None:
    git(repo, "gc", "-q")
    head = git(repo, "rev-parse", "HEAD")
    exe = fsbridge.git_available()
    assert exe is not None

    body = fsbridge.packed_object_as_loose(str(repo / ".git"), head, exe)

    assert body is not None
    raw = zlib.decompress(body)
    assert hashlib.sha1(raw, usedforsecurity=False).hexdigest() == head
    assert raw.split(b"\0", 1)[1].decode() == git(repo, "cat-file", "commit", head) + "\n"
    assert fsbridge.packed_object_as_loose(str(repo / ".git"), "3" * 40, exe) is None
