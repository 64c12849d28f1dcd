"""Writes of the git file-system bridge, under git's own lock protocol.

Writable: ``.git/objects/xx/<38 hex>`` (the content must hash to its name; inflated
streaming, bounded by ``max_object_bytes``), ``.git/index`` (valid checksum) and
``.git/refs/heads/*`` (a name git accepts, pointing at a commit), each through
``<file>.lock`` with a compare-and-swap on the previous value for the index and refs. Every
check is an explicit ``if ...: raise`` (``python -O`` keeps it).
"""

from __future__ import annotations

import hashlib
import mmap
import os
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from .bridge_paths import HEX40, BridgeError, Target, inside, valid_branch_parts
from .bridge_read import os_errors

# Objects are inflated to check their hash; the default bound of their size (a setting:
# ``c.LinearizeBridge.max_object_bytes``). Far above any exported script or notebook.
DEFAULT_MAX_OBJECT_BYTES = 256 * 1024 * 1024
_CHUNK = 1 << 20
_WRITABLE = "only .git objects, the index and branch refs are writable"


def _sha1(data: bytes) -> hashlib._Hash:
    # SHA-1 is git's object and index checksum format here, not a security control.
    return hashlib.sha1(data, usedforsecurity=False)


def make_dir(target: Target) -> None:
    with os_errors():
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
    max_object_bytes: int = DEFAULT_MAX_OBJECT_BYTES,
) -> None:
    """PUT: a loose object, the index or a branch ref (the only writable files).

    The index and refs need a precondition: ``If-Match: <current value>`` (for a ref its
    oid, for the index the hex SHA-1 trailer) or ``If-None-Match: *`` (must not exist).
    Raises ``BridgeError`` 409 ``ELOCKED`` when the lock is held, 412 ``ESTALE`` when the
    value changed, 428 without a precondition, 400 ``EINVAL`` for malformed content (a
    branch pointing at anything but a commit included), 413 for an object larger than
    ``max_object_bytes`` compressed or inflated. Blocking (inflates and hashes): the server
    calls it off its event loop.
    """
    if target.kind != "git" or target.gitdir is None or not target.git_rel:
        raise BridgeError(403, "EACCES", _WRITABLE)
    g = target.git_rel
    if g[0] == "objects":
        if len(g) != 3 or not HEX40.match(g[1] + g[2]):
            raise BridgeError(403, "EACCES", "not a loose object path")
        _write_object(target.path, g[1] + g[2], body, max_object_bytes)
        return
    if g != ("index",) and (g[:2] != ("refs", "heads") or not valid_branch_parts(g[2:])):
        raise BridgeError(403, "EACCES", _WRITABLE)
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
        with os_errors(), _lock(target.path) as fd:
            current = _index_checksum(target.path)
            _check_expected(current, expected, must_be_absent)
            _commit_lock(fd, body, target.path)
        return
    text = body.decode("ascii", errors="replace").strip()
    if not HEX40.match(text):
        raise BridgeError(400, "EINVAL", "a ref must hold a 40-hex object id")
    kind = object_type(target.gitdir, text, git_exe)
    if kind is None:
        raise BridgeError(400, "EINVAL", f"object {text} is not in the repository")
    if kind != "commit":
        raise BridgeError(400, "EINVAL", f"a branch must point to a commit, not a {kind}")
    parent = os.path.dirname(target.path)
    heads = os.path.join(target.gitdir, "refs", "heads")
    if not os.path.isdir(parent) and inside(parent, heads):
        with os_errors():
            os.makedirs(parent, exist_ok=True)
    _check_expected(read_ref(target.gitdir, "/".join(g)), expected, must_be_absent)
    with os_errors(), _lock(target.path) as fd:
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


def _write_object(path: str, oid: str, body: bytes, limit: int) -> None:
    """Checks a loose object streaming: inflated ``_CHUNK`` bytes at a time and hashed as it
    goes, so neither a large object nor a small "zip bomb" (8 MB inflating to 2 GB) is ever
    held in memory, and both stop at ``limit`` bytes."""
    if len(body) > limit:
        raise BridgeError(413, "EFBIG", f"object larger than the limit ({limit} bytes)")
    inflater = zlib.decompressobj()
    digest = _sha1(b"")
    header = b""
    size: int | None = None
    seen = 0
    pending = body
    try:
        while True:
            chunk = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            if chunk:
                digest.update(chunk)
                if size is None:
                    header += chunk
                    nul = header.find(b"\0")
                    if nul < 0:
                        if len(header) > 64:
                            raise BridgeError(400, "EINVAL", "not a git object (bad header)")
                        continue
                    m = re.match(rb"^(blob|tree|commit|tag) (\d{1,20})$", header[:nul])
                    if not m:
                        raise BridgeError(400, "EINVAL", "not a git object (bad header)")
                    size = int(m.group(2))
                    if size > limit:
                        raise BridgeError(
                            413, "EFBIG", f"object larger than the limit ({limit} bytes)"
                        )
                    seen = len(header) - nul - 1
                else:
                    seen += len(chunk)
                if size is not None and seen > size:
                    raise BridgeError(400, "EINVAL", "not a git object (longer than its header)")
            if inflater.eof or (not chunk and not pending):
                break
    except zlib.error as e:
        raise BridgeError(400, "EINVAL", "not a zlib stream") from e
    if not inflater.eof or inflater.unused_data or size is None or seen != size:
        raise BridgeError(400, "EINVAL", "truncated object, or not a git object")
    if digest.hexdigest() != oid:
        raise BridgeError(400, "EINVAL", "object content does not hash to its name")
    if os.path.exists(path):
        return  # objects are immutable: the same name means the same content
    with os_errors():
        os.makedirs(os.path.dirname(path), exist_ok=True)
    with os_errors(), _lock(path) as fd:
        _commit_lock(fd, body, path, mode=0o444)


def _loose_type(gitdir: str, oid: str) -> str | None:
    """The type in a loose object's header (only its first bytes are inflated)."""
    try:
        with open(os.path.join(gitdir, "objects", oid[:2], oid[2:]), "rb") as f:
            head = zlib.decompressobj().decompress(f.read(4096), 64)
    except (OSError, zlib.error):
        return None
    m = re.match(rb"^(blob|tree|commit|tag) \d+\0", head)
    return m.group(1).decode() if m else None


def object_type(gitdir: str, oid: str, git_exe: str | None = None) -> str | None:
    """``commit``/``tree``/``blob``/``tag`` of an object (loose, packed, or, with git, anywhere
    git finds it), or ``None`` when it is not found."""
    kind = _loose_type(gitdir, oid) or _packed_type(gitdir, oid)
    if kind is not None or not git_exe:
        return kind
    result = subprocess.run(
        [git_exe, "--no-replace-objects", f"--git-dir={gitdir}", "cat-file", "-t", oid],
        env=_git_env(),
        capture_output=True,
        check=False,
    )
    out = result.stdout.decode("ascii", errors="replace").strip()
    return out if result.returncode == 0 and out in ("commit", "tree", "blob", "tag") else None


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


def _pack_offset(gitdir: str, oid: str) -> tuple[str, int] | None:
    """Where ``oid`` is in a pack, from the version-2 ``.idx`` files (binary search,
    memory-mapped): the ``.pack`` path and the offset of its entry."""
    pack_dir = os.path.join(gitdir, "objects", "pack")
    want = bytes.fromhex(oid)
    try:
        names = sorted(n for n in os.listdir(pack_dir) if n.endswith(".idx"))
    except FileNotFoundError:
        return None
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
                count = int.from_bytes(mm[8 + 4 * 255 : 12 + 4 * 255], "big")
                base = 8 + 1024
                while lo < hi:
                    mid = (lo + hi) // 2
                    here = mm[base + 20 * mid : base + 20 * mid + 20]
                    if here == want:
                        at = base + 24 * count + 4 * mid
                        offset = int.from_bytes(mm[at : at + 4], "big")
                        if offset & 0x80000000:
                            big = base + 28 * count + 8 * (offset & 0x7FFFFFFF)
                            offset = int.from_bytes(mm[big : big + 8], "big")
                        return os.path.join(pack_dir, name[:-4] + ".pack"), offset
                    if here < want:
                        lo = mid + 1
                    else:
                        hi = mid
    return None


def _in_pack_index(gitdir: str, oid: str) -> bool:
    return _pack_offset(gitdir, oid) is not None


_PACK_TYPES = {1: "commit", 2: "tree", 3: "blob", 4: "tag"}


def _packed_type(gitdir: str, oid: str) -> str | None:
    """The type of a packed object, following delta bases (offset or ref) to the full one."""
    found = _pack_offset(gitdir, oid)
    for _ in range(64):  # git's default maximum delta depth is 50
        if found is None:
            return None
        pack, offset = found
        try:
            with open(pack, "rb") as f:
                f.seek(offset)
                head = f.read(32)
        except OSError:
            return None
        if not head:
            return None
        kind = (head[0] >> 4) & 7
        if kind in _PACK_TYPES:
            return _PACK_TYPES[kind]
        i = 0
        while head[i] & 0x80:  # the entry's size, not needed
            i += 1
        i += 1
        if kind == 6:  # ofs-delta: the base is earlier in the same pack
            c = head[i]
            back = c & 0x7F
            while c & 0x80:
                i += 1
                c = head[i]
                back = ((back + 1) << 7) | (c & 0x7F)
            found = (pack, offset - back)
        elif kind == 7:  # ref-delta: the base is named
            found = _pack_offset(gitdir, head[i : i + 20].hex())
        else:
            return None
    return None


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
