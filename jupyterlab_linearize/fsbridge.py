"""Path policy and file operations of the git file-system bridge (no tornado here).

The browser runs isomorphic-git on a file system made of HTTP requests to
``<base_url>/linearize/git/fs/<path>`` (``gitbridge.py``). This module decides what such a
request may touch and does the touching, so it can be tested without a server.

The namespace ("top") is the server root, or, when the server root is inside a git working
tree, that working tree's top folder (Jupyter is often started in a sub-folder of a repo and
git needs the repo's root). In it, a request may reach only:

- paths whose **real path** (symlinks resolved) is under the server root, where hidden names
  are refused except ``.gitignore`` files and a repository's own ``.git`` folder, which is
  served through a read allow-list (``HEAD``, ``config`` stripped of everything but
  ``[core]``, ``[user]``, ``[extensions]`` and credential-free remote URLs, ``index``,
  ``packed-refs``, ``refs/**``, ``objects/**``, ``info/exclude``);
- the ``.git`` folder of the repository that contains the server root (same allow-list);
- the folders between that repository's top and the server root, listed as if they held
  only the way down (and ``.git``, ``.gitignore``), and their ``.gitignore`` files.

Writes are limited to ``.git/objects/xx/<38 hex>`` (validated: the content must hash to
its name), ``.git/index`` (validated checksum) and ``.git/refs/heads/*``, with git's own
``*.lock`` protocol and a compare-and-swap on the previous value for the index and refs.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
import shutil
import stat as statmod
import subprocess
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

__all__ = [
    "BridgeError",
    "Roots",
    "Target",
    "find_roots",
    "resolve",
    "stat_json",
    "read_file",
    "list_dir",
    "read_link",
    "make_dir",
    "write_file",
    "packed_object_as_loose",
    "strip_config",
    "git_available",
]

HEX40 = re.compile(r"^[0-9a-f]{40}$")
_HEX2 = re.compile(r"^[0-9a-f]{2}$")
_HEX38 = re.compile(r"^[0-9a-f]{38}$")
_PACK = re.compile(r"^pack-[0-9a-f]{40,64}\.(pack|idx)$")
# A conservative subset of git's ref-name rules (git check-ref-format): no dot-files, no
# ``..``, no ``.lock`` suffix (that is the lock), no control or special characters.
_REF_PART = re.compile(r"^[A-Za-z0-9_+@-][A-Za-z0-9._+@-]*$")

_GIT_FILES = frozenset(
    {"HEAD", "ORIG_HEAD", "MERGE_HEAD", "config", "index", "packed-refs", "shallow"}
)
READ_OPS = frozenset({"read", "stat", "lstat", "readdir", "readlink"})
WRITE_OPS = frozenset({"write", "mkdir"})
# Objects are decompressed to check their hash; refuse absurd sizes instead of eating memory.
MAX_OBJECT_BYTES = 1 << 31


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
    decision is made on the real path: ``lstat`` and ``readlink`` resolve the parent folder
    only (they act on a link itself), every other op resolves the whole path.
    """
    if op not in READ_OPS and op not in WRITE_OPS:
        raise BridgeError(400, "EINVAL", f"unknown op {op!r}")
    parts = _split(rel or "")
    lexical = os.path.join(roots.top, *parts)
    if op in ("lstat", "readlink") and parts:
        real = os.path.join(os.path.realpath(os.path.dirname(lexical)), parts[-1])
    else:
        real = os.path.realpath(lexical)
    return _classify(roots, real, op)


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


def _inside(path: str, base: str) -> bool:
    return path == base or path.startswith(base.rstrip(os.sep) + os.sep)


def _rel_parts(path: str, base: str) -> tuple[str, ...]:
    if path == base:
        return ()
    return tuple(path[len(base.rstrip(os.sep)) + 1 :].split(os.sep))


def _classify(roots: Roots, real: str, op: str) -> Target:
    if _inside(real, roots.server_root):
        return _classify_work(roots.server_root, real, _rel_parts(real, roots.server_root), op)
    if roots.enclosing_gitdir and _inside(real, roots.enclosing_gitdir):
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
        return g[0] in (
            "HEAD",
            "ORIG_HEAD",
            "MERGE_HEAD",
            "config",
            "index",
            "packed-refs",
            "shallow",
        )
    if g == ("info", "exclude"):
        return True
    if len(g) == 3 and g[0] == "objects":
        if g[1] == "pack":
            return bool(_PACK.match(g[2]))
        return bool(_HEX2.match(g[1]) and _HEX38.match(g[2]))
    return len(g) >= 2 and g[0] == "refs" and _is_ref_parts(g[1:])


def _git_write_allowed(g: tuple[str, ...], op: str) -> bool:
    if op == "mkdir":
        if len(g) == 2 and g[0] == "objects" and _HEX2.match(g[1]):
            return True
        return len(g) >= 3 and g[:2] == ("refs", "heads") and _is_ref_parts(g[2:])
    if g == ("index",):
        return True
    if len(g) == 3 and g[0] == "objects" and _HEX2.match(g[1]) and _HEX38.match(g[2]):
        return True
    return len(g) >= 3 and g[:2] == ("refs", "heads") and _is_ref_parts(g[2:])


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


def _sha1(data: bytes) -> hashlib._Hash:
    # SHA-1 is git's object and index checksum format here, not a security control.
    return hashlib.sha1(data, usedforsecurity=False)


# --- reading -------------------------------------------------------------------------------


@contextmanager
def _os_errors() -> Iterator[None]:
    """Turns OS errors into ``BridgeError`` with the errno name isomorphic-git expects."""
    try:
        yield
    except FileNotFoundError as e:
        raise BridgeError(404, "ENOENT", "no such file or folder") from e
    except NotADirectoryError as e:
        raise BridgeError(404, "ENOTDIR", "not a folder") from e
    except IsADirectoryError as e:
        raise BridgeError(400, "EISDIR", "is a folder") from e
    except FileExistsError as e:
        raise BridgeError(409, "EEXIST", "already exists") from e
    except PermissionError as e:
        raise BridgeError(403, "EACCES", "permission denied by the operating system") from e
    except OSError as e:
        import errno as errno_mod

        name = errno_mod.errorcode.get(e.errno or 0, "EIO")
        raise BridgeError(400 if name in ("EINVAL", "ELOOP") else 500, name, str(e.strerror)) from e


def _is_config(target: Target) -> bool:
    return target.kind == "git" and target.git_rel == ("config",)


def stat_json(target: Target, follow: bool) -> dict[str, object]:
    """``os.stat``/``os.lstat`` as JSON, with exact nanoseconds (git's index keeps them).

    Values beyond 2**53 (some file systems' inode and device numbers) would lose precision
    in JavaScript; they are sent modulo 2**32, which is all git's index stores of them.
    """
    with _os_errors():
        st = os.stat(target.path) if follow else os.lstat(target.path)
    size = st.st_size
    if _is_config(target) and statmod.S_ISREG(st.st_mode):
        size = len(strip_config(_read_bytes(target.path)))

    def safe(n: int) -> int:
        return n if n < 2**53 else n % 2**32

    if statmod.S_ISDIR(st.st_mode):
        kind = "dir"
    elif statmod.S_ISREG(st.st_mode):
        kind = "file"
    elif statmod.S_ISLNK(st.st_mode):
        kind = "symlink"
    else:
        kind = "other"
    return {
        "type": kind,
        "mode": st.st_mode,
        "size": size,
        "ino": safe(st.st_ino),
        "uid": st.st_uid,
        "gid": st.st_gid,
        "dev": safe(st.st_dev),
        "nlink": st.st_nlink,
        "mtimeMs": st.st_mtime_ns / 1e6,
        "ctimeMs": st.st_ctime_ns / 1e6,
        "mtimeSeconds": st.st_mtime_ns // 10**9,
        "mtimeNanoseconds": st.st_mtime_ns % 10**9,
        "ctimeSeconds": st.st_ctime_ns // 10**9,
        "ctimeNanoseconds": st.st_ctime_ns % 10**9,
    }


def _read_bytes(path: str) -> bytes:
    # O_NOFOLLOW: the path was resolved when the request was checked; a link appearing
    # since then is refused rather than followed.
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as f:
        return f.read()


def read_file(target: Target) -> bytes:
    """The bytes of a file; ``.git/config`` stripped (see ``strip_config``)."""
    with _os_errors():
        if os.path.isdir(target.path):
            raise IsADirectoryError(target.path)
        data = _read_bytes(target.path)
    return strip_config(data) if _is_config(target) else data


def iter_file(target: Target, chunk: int = 1 << 20) -> Iterator[bytes]:
    """A file in chunks, for large packfiles (``.git/config`` is never streamed)."""
    if _is_config(target):
        yield read_file(target)
        return
    with _os_errors():
        if os.path.isdir(target.path):
            raise IsADirectoryError(target.path)
        fd = os.open(target.path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as f:
        while True:
            block = f.read(chunk)
            if not block:
                return
            yield block


def list_dir(target: Target) -> list[str]:
    """Folder entries, filtered to what the policy would serve."""
    if target.kind == "ancestor":
        return list(target.listing or ())
    with _os_errors():
        names = sorted(os.listdir(target.path))
    if target.kind == "git":
        g = target.git_rel
        return [n for n in names if _git_dir_allowed(g + (n,)) or _git_file_allowed(g + (n,))]
    return [n for n in names if not n.startswith(".") or n in (".git", ".gitignore")]


def read_link(target: Target) -> str:
    with _os_errors():
        return os.readlink(target.path)


# --- .git/config -----------------------------------------------------------------------------

_CORE_KEYS = {
    "repositoryformatversion",
    "filemode",
    "bare",
    "symlinks",
    "ignorecase",
    "autocrlf",
    "logallrefupdates",
    "precomposeunicode",
}


def _parse_config(text: str) -> list[tuple[str, str | None, str, str]]:
    """``(section, subsection, key, value)`` of a git config file (see gitConfig.ts)."""
    entries: list[tuple[str, str | None, str, str]] = []
    section, sub = "", None
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\r":
            i += 1
        if i >= n:
            break
        c = text[i]
        if c == "\n":
            i += 1
            continue
        if c in "#;":
            i = text.find("\n", i)
            i = n if i < 0 else i + 1
            continue
        if c == "[":
            m = re.match(r'\[([A-Za-z0-9.-]+)(?:\s+"((?:[^"\\\n]|\\.)*)")?\]', text[i:])
            if not m:
                i = text.find("\n", i)
                i = n if i < 0 else i + 1
                continue
            name = m.group(1)
            if m.group(2) is not None:
                section, sub = name.lower(), re.sub(r"\\(.)", r"\1", m.group(2))
            elif "." in name:
                head, _, tail = name.partition(".")
                section, sub = head.lower(), tail.lower()
            else:
                section, sub = name.lower(), None
            i += m.end()
            continue
        m = re.match(r"[A-Za-z][A-Za-z0-9-]*", text[i:])
        if not m or not section:
            i = text.find("\n", i)
            i = n if i < 0 else i + 1
            continue
        key = m.group(0).lower()
        i += m.end()
        while i < n and text[i] in " \t\r":
            i += 1
        if i >= n or text[i] in "\n#;":
            entries.append((section, sub, key, "true"))
            i = text.find("\n", i)
            i = n if i < 0 else i + 1
            continue
        if text[i] != "=":
            i = text.find("\n", i)
            i = n if i < 0 else i + 1
            continue
        i += 1
        value, pending, quoted = [], "", False
        while i < n:
            c = text[i]
            if c == "\n" and not quoted:
                i += 1
                break
            if not quoted and c in "#;":
                j = text.find("\n", i)
                i = n if j < 0 else j
                continue
            if c == "\\" and i + 1 < n:
                nxt = text[i + 1]
                i += 2
                if nxt == "\n":
                    continue
                value.append(pending + {"n": "\n", "t": "\t", "b": "\b"}.get(nxt, nxt))
                pending = ""
                continue
            if c == '"':
                quoted = not quoted
                value.append(pending)
                pending = ""
                i += 1
                continue
            if not quoted and c in " \t\r":
                if value:
                    pending += "" if c == "\r" else c
                i += 1
                continue
            value.append(pending + c)
            pending = ""
            i += 1
        entries.append((section, sub, key, "".join(value)))
    return entries


def _strip_credentials(url: str) -> str:
    m = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)$", url, re.S)
    if not m or "@" not in m.group(2):
        return url
    scheme, authority, rest = m.groups()
    userinfo, _, host = authority.rpartition("@")
    if re.match(r"^(https?|ftps?)$", scheme, re.I):
        return f"{scheme}://{host}{rest}"
    return f"{scheme}://{userinfo.split(':', 1)[0]}@{host}{rest}"


def _quote(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def strip_config(data: bytes) -> bytes:
    """``.git/config`` reduced to what isomorphic-git needs and nothing secret.

    Kept: a few ``[core]`` switches, ``[extensions] objectformat``, ``[user] name/email``
    and each ``[remote "x"] url`` with its credentials removed (the manifest records the
    first remote). Dropped: everything else (``[credential]``, ``[http] extraHeader``,
    ``[url] insteadOf``, ``core.sshCommand``, hooks paths…).
    """
    text = data.decode("utf-8", errors="replace")
    kept: dict[tuple[str, str | None], list[tuple[str, str]]] = {}
    for section, sub, key, value in _parse_config(text):
        if section == "core" and sub is None and key in _CORE_KEYS:
            pass
        elif section == "extensions" and sub is None and key == "objectformat":
            pass
        elif section == "user" and sub is None and key in ("name", "email"):
            pass
        elif section == "remote" and sub is not None and key == "url":
            value = _strip_credentials(value)
        else:
            continue
        kept.setdefault((section, sub), []).append((key, value))
    lines: list[str] = []
    for (section, sub), pairs in kept.items():
        lines.append(f"[{section}]" if sub is None else f"[{section} {_quote(sub)}]")
        lines.extend(f"\t{key} = {_quote(value)}" for key, value in pairs)
    return ("\n".join(lines) + "\n").encode() if lines else b""


# --- writing ---------------------------------------------------------------------------------


def make_dir(target: Target) -> None:
    with _os_errors():
        os.mkdir(target.path, 0o777)


@contextmanager
def _lock(path: str) -> Iterator[int]:
    """git's lock protocol: create ``<path>.lock`` exclusively; the caller renames it over."""
    lock = path + ".lock"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(lock, flags, 0o666)
    except FileExistsError as e:
        raise BridgeError(
            409,
            "ELOCKED",
            f"{os.path.basename(path)}.lock exists: another git process is writing it",
        ) from e
    try:
        yield fd
    except BaseException:
        # Give the lock back: close (if _commit_lock did not) and remove it.
        try:
            os.close(fd)
        except OSError:
            pass
        try:
            os.unlink(lock)
        except FileNotFoundError:
            pass
        raise


def _commit_lock(fd: int, data: bytes, path: str, mode: int | None = None) -> None:
    lock = path + ".lock"
    try:
        os.write(fd, data)
        os.fsync(fd)
        if mode is not None:
            os.fchmod(fd, mode)
    finally:
        os.close(fd)
    os.rename(lock, path)


def _etag(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if value.startswith("W/"):
        value = value[2:]
    return value.strip('"')


def write_file(
    target: Target,
    body: bytes,
    if_match: str | None = None,
    if_none_match: str | None = None,
    git_exe: str | None = None,
) -> None:
    """PUT: a loose object, the index or a branch ref (the only writable files).

    The index and refs need a precondition: ``If-Match: <current value>`` (for a ref its
    oid, for the index the hex SHA-1 trailer) or ``If-None-Match: *`` (must not exist).
    Raises ``BridgeError`` 409 ``ELOCKED`` when the lock is held, 412 ``ESTALE`` when the
    value changed, 428 without a precondition, 400 ``EINVAL`` for malformed content.
    """
    assert target.kind == "git" and target.gitdir is not None
    g = target.git_rel
    if g[0] == "objects":
        _write_object(target.path, g[1] + g[2], body)
        return
    expected = _etag(if_match)
    must_be_absent = _etag(if_none_match) == "*"
    if expected is None and not must_be_absent:
        raise BridgeError(
            428, "EPRECONDITION", "writing the index or a ref needs If-Match or If-None-Match: *"
        )
    if g == ("index",):
        _check_index(body)
        # Checked first without the lock, so a stale request leaves no trace (not even a
        # lock file's passage), and again under the lock, which is what makes it safe.
        _check_expected(_index_checksum(target.path), expected, must_be_absent)
        with _os_errors(), _lock(target.path) as fd:
            current = _index_checksum(target.path)
            _check_expected(current, expected, must_be_absent)
            _commit_lock(fd, body, target.path)
        return
    text = body.decode("ascii", errors="replace").strip()
    if not HEX40.match(text):
        raise BridgeError(400, "EINVAL", "a ref must hold a 40-hex object id")
    if not object_exists(target.gitdir, text, git_exe):
        raise BridgeError(400, "EINVAL", f"object {text} is not in the repository")
    parent = os.path.dirname(target.path)
    heads = os.path.join(target.gitdir, "refs", "heads")
    if not os.path.isdir(parent) and _inside(parent, heads):
        with _os_errors():
            os.makedirs(parent, exist_ok=True)
    _check_expected(read_ref(target.gitdir, "/".join(g)), expected, must_be_absent)
    with _os_errors(), _lock(target.path) as fd:
        current = read_ref(target.gitdir, "/".join(g))
        _check_expected(current, expected, must_be_absent)
        _commit_lock(fd, (text + "\n").encode(), target.path)


def _check_expected(current: str | None, expected: str | None, must_be_absent: bool) -> None:
    if must_be_absent and current is not None:
        raise BridgeError(412, "ESTALE", f"exists already (at {current})")
    if expected is not None and current != expected:
        raise BridgeError(412, "ESTALE", f"changed: expected {expected}, found {current}")


def _check_index(body: bytes) -> None:
    if (
        len(body) < 32
        or body[:4] != b"DIRC"
        or int.from_bytes(body[4:8], "big") not in (2, 3, 4)
        or _sha1(body[:-20]).digest() != body[-20:]
    ):
        raise BridgeError(400, "EINVAL", "not a git index (bad signature, version or checksum)")


def _index_checksum(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            f.seek(0, os.SEEK_END)
            if f.tell() < 20:
                return None
            f.seek(-20, os.SEEK_END)
            return f.read(20).hex()
    except FileNotFoundError:
        return None


def read_ref(gitdir: str, ref: str) -> str | None:
    """The oid of a full ref name, loose first, then ``packed-refs``; ``None`` if absent."""
    try:
        with open(os.path.join(gitdir, *ref.split("/")), encoding="ascii", errors="replace") as f:
            value = f.read().strip()
        if value:
            return value
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        pass
    try:
        with open(os.path.join(gitdir, "packed-refs"), encoding="utf-8", errors="replace") as f:
            for line in f:
                oid, _, name = line.strip().partition(" ")
                if name == ref and HEX40.match(oid):
                    return oid
    except FileNotFoundError:
        pass
    return None


def _write_object(path: str, oid: str, body: bytes) -> None:
    inflater = zlib.decompressobj()
    try:
        data = inflater.decompress(body, MAX_OBJECT_BYTES + 64)
    except zlib.error as e:
        raise BridgeError(400, "EINVAL", "not a zlib stream") from e
    if inflater.unconsumed_tail or not inflater.eof:
        raise BridgeError(400, "EINVAL", "truncated or oversized object")
    header, nul, content = data.partition(b"\0")
    m = re.match(rb"^(blob|tree|commit|tag) (\d+)$", header)
    if not nul or not m or int(m.group(2)) != len(content):
        raise BridgeError(400, "EINVAL", "not a git object (bad header)")
    if _sha1(data).hexdigest() != oid:
        raise BridgeError(400, "EINVAL", "object content does not hash to its name")
    if os.path.exists(path):
        return  # objects are immutable: the same name means the same content
    with _os_errors():
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with _os_errors(), _lock(path) as fd:
        _commit_lock(fd, body, path, mode=0o444)


# --- objects in packs ------------------------------------------------------------------------


def git_available() -> str | None:
    """The ``git`` executable, if installed (it only makes reads faster)."""
    return shutil.which("git")


def _git_env() -> dict[str, str]:
    # The server's own GIT_* variables (GIT_DIR, GIT_INDEX_FILE…) must not redirect us.
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["GIT_CONFIG_NOSYSTEM"] = "1"
    env["GIT_OPTIONAL_LOCKS"] = "0"
    return env


def _in_pack_index(gitdir: str, oid: str) -> bool:
    """Looks ``oid`` up in the version-2 ``.idx`` files (binary search, memory-mapped)."""
    pack_dir = os.path.join(gitdir, "objects", "pack")
    want = bytes.fromhex(oid)
    try:
        names = [n for n in os.listdir(pack_dir) if n.endswith(".idx")]
    except FileNotFoundError:
        return False
    for name in names:
        with open(os.path.join(pack_dir, name), "rb") as f:
            try:
                mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            except ValueError:
                continue
            with mm:
                if mm[:8] != b"\xfftOc\x00\x00\x00\x02":
                    continue
                first = want[0]
                lo = int.from_bytes(mm[8 + 4 * (first - 1) : 8 + 4 * first], "big") if first else 0
                hi = int.from_bytes(mm[8 + 4 * first : 12 + 4 * first], "big")
                base = 8 + 1024
                while lo < hi:
                    mid = (lo + hi) // 2
                    here = mm[base + 20 * mid : base + 20 * mid + 20]
                    if here == want:
                        return True
                    if here < want:
                        lo = mid + 1
                    else:
                        hi = mid
    return False


def object_exists(gitdir: str, oid: str, git_exe: str | None = None) -> bool:
    """Whether the object is loose, in a pack, or (with git) anywhere git can find it."""
    if os.path.exists(os.path.join(gitdir, "objects", oid[:2], oid[2:])):
        return True
    if _in_pack_index(gitdir, oid):
        return True
    if git_exe:
        result = subprocess.run(
            [git_exe, "--no-replace-objects", f"--git-dir={gitdir}", "cat-file", "-e", oid],
            env=_git_env(),
            capture_output=True,
            check=False,
        )
        return result.returncode == 0
    return False


def packed_object_as_loose(gitdir: str, oid: str, git_exe: str) -> bytes | None:
    """A packed object re-encoded as a loose one (zlib of ``type size\\0data``), or ``None``.

    Why: isomorphic-git reads a loose object with one small request, but for a packed one it
    fetches the whole ``.pack`` (150 MB took 4–7 s over the bridge; this made it 0.5 s).
    """
    if not HEX40.match(oid):
        return None
    result = subprocess.run(
        [git_exe, "--no-replace-objects", f"--git-dir={gitdir}", "cat-file", "--batch"],
        input=(oid + "\n").encode(),
        env=_git_env(),
        capture_output=True,
        check=False,
    )
    out = result.stdout
    header, _, rest = out.partition(b"\n")
    m = re.match(rb"^([0-9a-f]{40}) (blob|tree|commit|tag) (\d+)$", header)
    if result.returncode != 0 or not m or m.group(1).decode() != oid:
        return None
    size = int(m.group(3))
    raw = m.group(2) + b" " + str(size).encode() + b"\0" + rest[:size]
    if _sha1(raw).hexdigest() != oid:
        return None
    return zlib.compress(raw, 1)
