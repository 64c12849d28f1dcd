"""The bridge when Jupyter runs in a sub-folder of a repository: it serves that repository's
``.git`` and the way down to the server root, and nothing else above the root."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jupyter_server.utils import url_path_join

from .test_fsbridge import git, make_repo, tree_state
from .test_gitbridge import SECRET, bridge  # noqa: F401  (a fixture)


@pytest.fixture
def jp_root_dir(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    (repo / "secret.txt").write_bytes(SECRET)
    (repo / "other").mkdir()
    (repo / "other" / "x.txt").write_bytes(SECRET)
    root = repo / "notebooks"
    root.mkdir()
    (root / "a.ipynb").write_text('{"cells": []}\n')
    return root


@pytest.fixture
def repo(jp_root_dir: Path) -> Path:
    return jp_root_dir.parent


async def test_root_endpoint_says_where_the_server_root_is(
    repo, http_server_client, jp_base_url, jp_auth_header
):
    r = await http_server_client.fetch(
        url_path_join(jp_base_url, "linearize", "git", "root"), headers=jp_auth_header
    )

    assert json.loads(r.body) == {
        "serverRoot": "notebooks",
        "enclosingRepository": True,
        "git": True,
    }


async def test_serves_the_enclosing_git_and_the_way_down(repo, bridge):  # noqa: F811
    top = await bridge("", op="readdir")
    head = await bridge(".git/HEAD")
    ignore = await bridge(".gitignore")
    notebook = await bridge("notebooks/a.ipynb")
    no_repo_here = await bridge("notebooks/.git", op="stat")

    assert json.loads(top.body) == [".git", ".gitignore", "notebooks"]
    assert head.body == b"ref: refs/heads/main\n"
    assert ignore.body == b"*.log\n"
    assert notebook.code == 200
    assert no_repo_here.code == 404


@pytest.mark.parametrize(
    ("raw_path", "op", "method"),
    [
        ("secret.txt", None, "GET"),
        ("secret.txt", "stat", "GET"),
        ("nb.ipynb", None, "GET"),
        ("sub/data.csv", None, "GET"),
        ("other", "readdir", "GET"),
        ("other/x.txt", None, "GET"),
        ("notebooks/%2e%2e/secret.txt", None, "GET"),
        ("", None, "GET"),
        ("secret.txt", None, "PUT"),
        (".gitignore", None, "PUT"),
        (".git/config", None, "PUT"),
        ("other", "mkdir", "PUT"),
    ],
)
async def test_refuses_everything_else_above_the_root(
    repo,
    bridge,  # noqa: F811
    raw_path,
    op,
    method,
):
    before = tree_state(repo)

    r = await bridge(raw_path, method, op=op, body=b"x" if method == "PUT" else None)

    assert r.code == 403
    assert SECRET not in r.body
    assert tree_state(repo) == before


async def test_moves_the_enclosing_repository_branch_with_compare_and_swap(repo, bridge):  # noqa: F811
    head = git(repo, "rev-parse", "HEAD")
    new = git(repo, "commit-tree", "HEAD^{tree}", "-p", "HEAD", "-m", "from the lab")

    r = await bridge(".git/refs/heads/main", "PUT", body=new.encode(), headers={"If-Match": head})

    assert r.code == 204
    assert git(repo, "rev-parse", "main") == new
