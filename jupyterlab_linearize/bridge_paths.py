"""Path confinement of the git file-system bridge: what a request may touch (no I/O but stats).

The browser runs isomorphic-git on a file system made of HTTP requests to
``<base_url>/linearize/git/fs/<path>`` (``gitbridge.py``). This module decides, for a path
and an operation, whether it is served and as what (``Target``); ``bridge_read`` and
``bridge_write`` act on the answer, ``bridge_config`` strips ``.git/config``.

The namespace ("top") is the server root, or, when the server root is inside a git working
tree, that working tree's top folder (Jupyter is often started in a sub-folder of a repo and
git needs the repo's root). In it, a request may reach only:

- paths whose **real path** (symlinks resolved) is under the server root, where hidden names
  are refused except ``.gitignore`` files and a repository's own ``.git`` folder, which is
  served through ONE allow-list (``GIT_READ_FILES`` and the rules below it);
- the ``.git`` folder of the repository that contains the server root (same allow-list);
- the folders between that repository's top and the server root, listed as if they held
  only the way down (and ``.git``, ``.gitignore``), and their ``.gitignore`` files.

A path that is served lexically but whose real path is not (a symlink out of the root, or
onto a hidden folder) is reported as absent (404 ``ENOENT``) for every operation, ``lstat``,
``readlink`` and ``readdir`` included: the link's target is never revealed.

Every check is an explicit ``if ...: raise BridgeError`` (never ``assert``: ``python -O``
removes those).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

HEX40 = re.compile(r"^[0-9a-f]{40}$")
_HEX2 = re.compile(r"^[0-9a-f]{2}$")
_HEX38 = re.compile(r"^[0-9a-f]{38}$")
_PACK = re.compile(r"^pack-[0-9a-f]{40,64}\.(pack|idx)$")
# A conservative subset of git's ref-name rules (git check-ref-format) for reading refs: no
# dot-files, no ``..``, no ``.lock`` suffix (that is the lock), no control or special
# characters. Branch names written through the bridge follow ``valid_branch_parts``.
_REF_PART = re.compile(r"^[A-Za-z0-9_+@-][A-Za-z0-9._+@-]*$")

# The read allow-list of a ``.git`` folder: its top-level files, then the rules in
# ``_git_file_allowed``/``_git_dir_allowed``. The only list; writes are ``_git_write_allowed``.
GIT_READ_FILES = frozenset(
    {"HEAD", "ORIG_HEAD", "MERGE_HEAD", "config", "index", "packed-refs", "shallow"}
)
READ_OPS = frozenset({"read", "stat", "lstat", "readdir", "readlink"})
WRITE_OPS = frozenset({"write", "mkdir"})


class BridgeError(Exception):
    """A refused or failed request: an HTTP status and an errno-like code for the client."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Roots:
    """Where the namespace is. All paths are real (symlinks resolved) and absolute."""

    server_root: str
    top: str
    enclosing_gitdir: str | None

    @property
    def server_root_rel(self) -> str:
        """The server root inside the namespace, ``/``-separated (``""`` when it is the top)."""
        rel = os.path.relpath(self.server_root, self.top)
        return "" if rel == "." else rel.replace(os.sep, "/")

    @property
    def ancestors(self) -> list[str]:
        """The folders from the top down to the server root's parent (empty without a repo)."""
        out: list[str] = []
        current = self.server_root
        while current != self.top:
            current = os.path.dirname(current)
            out.append(current)
        return list(reversed(out))


@dataclass(frozen=True)
class Target:
    """What a request may touch, once allowed.

    ``kind`` is ``work`` (a file under the server root), ``gitignore``, ``git`` (inside a
    ``.git`` folder; ``gitdir`` and ``git_rel`` say where) or ``ancestor`` (a folder above
    the server root; ``listing`` is all a readdir may show).
    """

    path: str
    kind: str
    gitdir: str | None = None
    git_rel: tuple[str, ...] = ()
    listing: tuple[str, ...] | None = None
    roots: Roots | None = None


def find_roots(server_root: str) -> Roots:
    """The namespace for a server root: the enclosing working tree's top, if any.

    Only a ``.git`` *folder* above the root counts; a ``.git`` file (worktree, submodule)
    above it is not followed, so such a server root is served as if it held no repository.
    """
    root = os.path.realpath(server_root)
    current = root
    while True:
        parent = os.path.dirname(current)
        if parent == current:
            return Roots(root, root, None)
        current = parent
        dotgit = os.path.join(current, ".git")
        if os.path.isdir(dotgit):
            return Roots(root, current, os.path.realpath(dotgit))


def resolve(roots: Roots, rel: str | None, op: str) -> Target:
    """Decides whether ``op`` may act on the namespace path ``rel``; raises ``BridgeError``.

    ``rel`` is the URL path after ``/linearize/git/fs/``, already percent-decoded. The
    decision is made on the real path: ``lstat`` and ``readlink`` act on a link itself, but
    a link is served only if its target would be; a path refused only because a symlink on
    it leads elsewhere is "absent" (404), so nothing of the target is revealed.
    """
    if op not in READ_OPS and op not in WRITE_OPS:
        raise BridgeError(400, "EINVAL", f"unknown op {op!r}")
    parts = _split(rel or "")
    lexical = os.path.join(roots.top, *parts)
    if op in ("lstat", "readlink") and parts:
        link = os.path.join(os.path.realpath(os.path.dirname(lexical)), parts[-1])
        target = _classify_or_absent(roots, lexical, link, op)
        if os.path.islink(link) and not is_served(roots, os.path.realpath(link)):
            raise absent()
        return target
    return _classify_or_absent(roots, lexical, os.path.realpath(lexical), op)


def absent() -> BridgeError:
    """The answer for what must look as if it did not exist."""
    return BridgeError(404, "ENOENT", "no such file or folder")


def _classify_or_absent(roots: Roots, lexical: str, real: str, op: str) -> Target:
    try:
        target = _classify(roots, real, op)
    except BridgeError:
        if real != lexical and _classifies(roots, lexical, op):
            # Served by its name, refused by where a symlink leads: say it is not there.
            raise absent() from None
        raise
    return Target(target.path, target.kind, target.gitdir, target.git_rel, target.listing, roots)


def _classifies(roots: Roots, path: str, op: str) -> bool:
    try:
        _classify(roots, path, op)
    except BridgeError:
        return False
    return True


def is_served(roots: Roots, real: str) -> bool:
    """Whether the real path ``real`` may be looked at (``stat``) at all."""
    return _classifies(roots, real, "stat")


def _split(rel: str) -> list[str]:
    if rel == "":
        return []
    if "\0" in rel or "\\" in rel:
        raise BridgeError(400, "EINVAL", "bad character in path")
    if rel.startswith("/"):
        raise BridgeError(403, "EACCES", "absolute paths are refused")
    parts = rel.split("/")
    for part in parts:
        if part in ("", ".", ".."):
            raise BridgeError(403, "EACCES", "path segments '', '.' and '..' are refused")
    return parts


def inside(path: str, base: str) -> bool:
    return path == base or path.startswith(base.rstrip(os.sep) + os.sep)


def _rel_parts(path: str, base: str) -> tuple[str, ...]:
    if path == base:
        return ()
    return tuple(path[len(base.rstrip(os.sep)) + 1 :].split(os.sep))


def _classify(roots: Roots, real: str, op: str) -> Target:
    if inside(real, roots.server_root):
        return _classify_work(roots.server_root, real, _rel_parts(real, roots.server_root), op)
    if roots.enclosing_gitdir and inside(real, roots.enclosing_gitdir):
        rel = _rel_parts(real, roots.enclosing_gitdir)
        return _classify_git(roots.enclosing_gitdir, real, rel, op)
    ancestors = roots.ancestors
    if real in ancestors:
        if op not in ("stat", "lstat", "readdir"):
            raise BridgeError(403, "EACCES", "folders above the server root are not served")
        return Target(real, "ancestor", listing=_ancestor_listing(roots, real))
    parent, name = os.path.split(real)
    if parent in ancestors:
        if name == ".gitignore" and op in ("read", "stat", "lstat", "readlink"):
            return Target(real, "gitignore")
        if name == ".git":
            # Not the enclosing repository (that one is handled above), so there is none here:
            # say so, so that a client walking up to find the repository goes on.
            raise BridgeError(404, "ENOENT", "no repository here")
    raise BridgeError(403, "EACCES", "outside the folders this server serves")


def _ancestor_listing(roots: Roots, folder: str) -> tuple[str, ...]:
    names = {os.path.relpath(roots.server_root, folder).split(os.sep)[0]}
    if folder == roots.top and roots.enclosing_gitdir:
        names.add(".git")
    if os.path.isfile(os.path.join(folder, ".gitignore")):
        names.add(".gitignore")
    return tuple(sorted(names))


def _classify_work(root: str, real: str, parts: tuple[str, ...], op: str) -> Target:
    for i, part in enumerate(parts):
        if not part.startswith("."):
            continue
        if part == ".gitignore" and i == len(parts) - 1:
            if op not in ("read", "stat", "lstat", "readlink"):
                raise BridgeError(403, "EACCES", ".gitignore files are read-only here")
            return Target(real, "gitignore")
        if part == ".git":
            gitdir = os.path.join(root, *parts[: i + 1])
            return _classify_git(gitdir, real, parts[i + 1 :], op)
        raise BridgeError(403, "EACCES", "hidden files are not served")
    if op not in READ_OPS:
        raise BridgeError(
            403, "EACCES", "only .git objects, the index and branch refs are writable"
        )
    return Target(real, "work")


def _is_ref_parts(parts: tuple[str, ...]) -> bool:
    return all(
        _REF_PART.match(p) and ".." not in p and not p.endswith((".lock", ".")) for p in parts
    )


def _git_dir_allowed(g: tuple[str, ...]) -> bool:
    """Folders of the read allow-list."""
    if g in ((), ("info",), ("objects",), ("objects", "pack")):
        return True
    if len(g) == 2 and g[0] == "objects" and _HEX2.match(g[1]):
        return True
    return len(g) >= 1 and g[0] == "refs" and _is_ref_parts(g[1:])


def _git_file_allowed(g: tuple[str, ...]) -> bool:
    """Files of the read allow-list (``()`` is a ``.git`` *file* of a worktree/submodule)."""
    if g == ():
        return True
    if len(g) == 1:
        return g[0] in GIT_READ_FILES
    if g == ("info", "exclude"):
        return True
    if len(g) == 3 and g[0] == "objects":
        if g[1] == "pack":
            return bool(_PACK.match(g[2]))
        return bool(_HEX2.match(g[1]) and _HEX38.match(g[2]))
    return len(g) >= 2 and g[0] == "refs" and _is_ref_parts(g[1:])


_BAD_REF_CHARS = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]")


def valid_branch_parts(parts: tuple[str, ...]) -> bool:
    """``refs/heads/<parts>`` is a branch git itself would create (``git check-ref-format
    --branch``): no component starts with ``.`` or ``-`` (``refs/heads/-rf`` would read as an
    option to every git command) or ends with ``.`` or ``.lock``; no ``..``, ``@{``, control
    characters, space, ``~^:?*[\\``; not ``@`` or ``HEAD``.
    """
    if not parts or parts in (("@",), ("HEAD",)):
        return False
    for p in parts:
        if (
            p == ""
            or p.startswith((".", "-"))
            or p.endswith((".", ".lock"))
            or ".." in p
            or "@{" in p
            or _BAD_REF_CHARS.search(p)
        ):
            return False
    return True


def _git_write_allowed(g: tuple[str, ...], op: str) -> bool:
    if op == "mkdir":
        if len(g) == 2 and g[0] == "objects" and _HEX2.match(g[1]):
            return True
        return len(g) >= 3 and g[:2] == ("refs", "heads") and valid_branch_parts(g[2:])
    if g == ("index",):
        return True
    if len(g) == 3 and g[0] == "objects" and _HEX2.match(g[1]) and _HEX38.match(g[2]):
        return True
    return len(g) >= 3 and g[:2] == ("refs", "heads") and valid_branch_parts(g[2:])


def _classify_git(gitdir: str, real: str, g: tuple[str, ...], op: str) -> Target:
    if op in WRITE_OPS:
        allowed = _git_write_allowed(g, op)
    elif op == "readdir":
        allowed = _git_dir_allowed(g)
    elif op in ("read", "readlink"):
        allowed = _git_file_allowed(g)
    else:
        # stat of index.lock too: a client can see that git is busy before it commits.
        allowed = _git_dir_allowed(g) or _git_file_allowed(g) or g == ("index.lock",)
    if not allowed:
        what = "written" if op in WRITE_OPS else "read"
        raise BridgeError(403, "EACCES", f".git/{'/'.join(g)} may not be {what} through this API")
    return Target(real, "git", gitdir=gitdir, git_rel=g)
