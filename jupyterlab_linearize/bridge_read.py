"""Reads of the git file-system bridge: stats, file bytes, listings and links.

Every function takes a ``Target`` that ``bridge_paths.resolve`` allowed, and turns OS errors
into ``BridgeError`` with the errno name isomorphic-git expects.
"""

from __future__ import annotations

import errno as errno_mod
import os
import stat as statmod
from collections.abc import Iterator
from contextlib import contextmanager

from .bridge_config import strip_config
from .bridge_paths import BridgeError, Target, _git_dir_allowed, _git_file_allowed, is_served


@contextmanager
def os_errors() -> Iterator[None]:
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
        name = errno_mod.errorcode.get(e.errno or 0, "EIO")
        raise BridgeError(400 if name in ("EINVAL", "ELOOP") else 500, name, str(e.strerror)) from e


def _is_config(target: Target) -> bool:
    return target.kind == "git" and target.git_rel == ("config",)


def stat_json(target: Target, follow: bool) -> dict[str, object]:
    """``os.stat``/``os.lstat`` as JSON, with exact nanoseconds (git's index keeps them).

    Values beyond 2**53 (some file systems' inode and device numbers) would lose precision
    in JavaScript; they are sent modulo 2**32, which is all git's index stores of them.
    """
    with os_errors():
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
    with os_errors():
        if os.path.isdir(target.path):
            raise IsADirectoryError(target.path)
        data = _read_bytes(target.path)
    return strip_config(data) if _is_config(target) else data


def iter_file(target: Target, chunk: int = 1 << 20) -> Iterator[bytes]:
    """A file in chunks, for large packfiles (``.git/config`` is never streamed)."""
    if _is_config(target):
        yield read_file(target)
        return
    with os_errors():
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
    with os_errors():
        names = sorted(os.listdir(target.path))
    if target.kind == "git":
        g = target.git_rel
        names = [n for n in names if _git_dir_allowed(g + (n,)) or _git_file_allowed(g + (n,))]
    else:
        names = [n for n in names if not n.startswith(".") or n in (".git", ".gitignore")]
    # A symlink whose target would be refused is not listed: as far as a client can tell,
    # it is not there (its name alone would say that something points somewhere).
    return [n for n in names if _listable(target, n)]


def _listable(target: Target, name: str) -> bool:
    path = os.path.join(target.path, name)
    if not os.path.islink(path):
        return True
    if target.roots is None:
        return False
    return is_served(target.roots, os.path.realpath(path))


def read_link(target: Target) -> str:
    with os_errors():
        return os.readlink(target.path)
