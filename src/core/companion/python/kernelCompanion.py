# jupyterlab-linearize kernel companion, protocol 2.
#
# Sent by the extension as the text of a silent user expression and run with exec() into a
# fresh module object registered as sys.modules['__linearize__']: every name below lives in
# that module, never in the user's namespace. Nothing is written to disk or installed.
# Compatible with Python 3.8+ and any IPython-based kernel; without IPython only the
# re-binding facts are unavailable.
import hashlib
import json
import os
import platform
import re
import sys

VERSION = 2
MODULE = "__linearize__"

# IPython's own names (verdicts.md, H): never user bindings.
_FIXED = frozenset(
    "In Out _ __ ___ _i _ii _iii _ih _oh _dh _sh _exit_code exit quit get_ipython".split()
)
# _5, _i5 (output and input history) and module dunders (__name__, __builtins__, ...).
_HISTORY = re.compile(r"_i?[0-9]+$|__\w+__$")
# Pending snapshots kept before the oldest is settled into a diff; settled diffs kept.
_MAX_PENDING = 32
_MAX_RUNS = 2000
_CHUNK = 1 << 20
_MISSING = object()

_state = {"base": None, "pending": [], "runs": {}, "first": None, "hooked": False}
_md5_cache = {}


class _Json:
    """A reply: its only representation is the JSON text, whatever formatters are set."""

    __slots__ = ("text",)

    def __init__(self, value):
        self.text = json.dumps(value, ensure_ascii=True, separators=(",", ":"))

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/plain": self.text}

    def __repr__(self):
        return self.text


def _shell():
    ipython = sys.modules.get("IPython")
    try:
        return ipython.get_ipython() if ipython is not None else None
    except Exception:
        return None


def _namespace():
    shell = _shell()
    if shell is not None:
        return shell.user_ns
    return sys.modules["__main__"].__dict__


def _take(ns):
    # The only work done inside the user's execution: ids only, all in C.
    return dict(zip(ns, map(id, ns.values())))  # noqa: B905 (3.8+: no strict=)


def _hidden_test():
    shell = _shell()
    hidden = getattr(shell, "user_ns_hidden", None) or {}
    ns = _namespace()

    def hidden_name(name):
        if name in _FIXED or _HISTORY.match(name):
            return True
        # ipykernel injects names (open, ...); a user re-binding of one is a user name.
        value = hidden.get(name, _MISSING)
        return value is not _MISSING and ns.get(name, _MISSING) is value

    return hidden_name


def _diff(old, new, hidden):
    get = old.get  # ids are never None: None means "not bound before"
    moved = [name for name, ident in new.items() if get(name) != ident]
    added = [name for name in moved if name not in old]
    changed = [name for name in moved if name in old]
    deleted = old.keys() - new.keys()
    return {
        "added": _visible(added, hidden),
        "changed": _visible(changed, hidden),
        "deleted": _visible(deleted, hidden),
    }


def _visible(names, hidden):
    return sorted(n for n in names if isinstance(n, str) and not hidden(n))


def _settle(limit=None):
    state = _state
    pending = state["pending"]
    count = len(pending) if limit is None else min(limit, len(pending))
    if count == 0:
        return
    hidden = _hidden_test()
    runs = state["runs"]
    for number, snap in pending[:count]:
        if number is not None and state["base"] is not None:
            runs[number] = _diff(state["base"], snap, hidden)
        state["base"] = snap
    del pending[:count]
    while len(runs) > _MAX_RUNS:
        del runs[next(iter(runs))]


def _flush_output():
    # The kernel flushes the cell's print() output right after this hook; flushing first
    # means the snapshot never delays the user's output.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # noqa: S110 (a replaced stream that cannot flush: the kernel will)
            pass


def _post_run_cell(result=None):
    # Runs after every non-silent execution; must never raise or print.
    try:
        info = getattr(result, "info", None)
        if info is None or getattr(info, "silent", False):
            return
        number = getattr(result, "execution_count", None)
        if not getattr(info, "store_history", False):
            number = None
        state = _state
        if number is not None and state["first"] is None:
            state["first"] = number
        _flush_output()
        state["pending"].append((number, _take(_namespace())))
        if len(state["pending"]) > _MAX_PENDING:
            _settle(1)
    except (Exception, KeyboardInterrupt):  # noqa: S110
        pass  # a failed snapshot only makes this run's facts unknown


def _replace(previous):
    """Called on a fresh module before it is registered: retire the one it replaces."""
    uninstall_previous = getattr(previous, "uninstall", None)
    if callable(uninstall_previous):
        try:
            uninstall_previous()
        except Exception:  # noqa: S110 (another version's problem; ours starts clean)
            pass


def _install():
    state = _state
    shell = _shell()
    if state["base"] is None:
        state["base"] = _take(_namespace())
    if not state["hooked"] and shell is not None:
        shell.events.register("post_run_cell", _post_run_cell)
        state["hooked"] = True
    return {
        "version": VERSION,
        "hook": state["hooked"],
        "count": getattr(shell, "execution_count", None),
    }


def uninstall():
    """Removes the hook and the module; the user's namespace was never touched."""
    shell = _shell()
    if _state["hooked"] and shell is not None:
        try:
            shell.events.unregister("post_run_cell", _post_run_cell)
        except ValueError:
            pass
    _state["hooked"] = False
    if (
        sys.modules.get(MODULE) is not None
        and getattr(sys.modules[MODULE], "uninstall", None) is uninstall
    ):
        del sys.modules[MODULE]
    return {"version": VERSION}


def _rebind(since=0):
    _settle()
    since = int(since)
    state = _state
    return {
        "hook": state["hooked"],
        "first": state["first"],
        "runs": {str(n): d for n, d in state["runs"].items() if n >= since},
    }


def _names():
    hidden = _hidden_test()
    return {"names": _visible(list(_namespace()), hidden)}


def _delete(names=()):
    ns = _namespace()
    hidden = _hidden_test()
    _settle()
    deleted, missing, refused = [], [], []
    for name in names:
        if not isinstance(name, str) or not name.isidentifier() or hidden(name):
            refused.append(str(name))
        elif name not in ns:
            missing.append(name)
        else:
            del ns[name]
            deleted.append(name)
    # The deletion is no cell's doing: the next cell's diff starts after it.
    if _state["base"] is not None:
        _state["base"] = _take(ns)
    return {"deleted": deleted, "missing": missing, "refused": refused}


def _stdlib_names():
    names = getattr(sys, "stdlib_module_names", None)
    if names is not None:
        return frozenset(names) | frozenset(sys.builtin_module_names)
    import sysconfig

    stdlib = os.path.normcase(os.path.realpath(sysconfig.get_paths()["stdlib"]))
    found = set(sys.builtin_module_names)
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if not path:
            continue
        path = os.path.normcase(os.path.realpath(path))
        if (
            path.startswith(stdlib + os.sep)
            and "site-packages" not in path
            and "dist-packages" not in path
        ):
            found.add(name.partition(".")[0])
    return frozenset(found)


def _canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_closure(md, root):
    # Distributions the kernel itself needs (ipykernel and its requirements, transitively).
    seen = set()
    todo = [root]
    while todo:
        name = todo.pop()
        key = _canonical(name)
        if key in seen:
            continue
        try:
            requires = md.requires(name) or []
        except Exception:  # noqa: S112 (not installed: not part of the kernel)
            continue
        seen.add(key)
        for requirement in requires:
            if "extra" in requirement.partition(";")[2]:
                continue
            match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)
            if match:
                todo.append(match.group(1))
    return seen


def _referenced_tops():
    # Top-level packages the user's own names point into (import x, from x import y, x.Obj()).
    tops = set()
    hidden = _hidden_test()
    for name, value in list(_namespace().items()):
        if not isinstance(name, str) or hidden(name):
            continue
        try:
            module_name = getattr(value, "__name__", None) if type(value) is type(sys) else None
            for module in (
                module_name,
                getattr(value, "__module__", None),
                getattr(type(value), "__module__", None),
            ):
                if isinstance(module, str) and module:
                    tops.add(module.partition(".")[0])
        except Exception:  # noqa: S110 (a hostile __getattr__ must not break env)
            pass
    return tops


def _env(hints=()):
    import importlib.metadata as md

    stdlib = _stdlib_names()
    loaded = {}
    for name, module in list(sys.modules.items()):
        top = name.partition(".")[0]
        # Private top-level modules (_distutils_hack, loaded by a .pth at startup; _yaml)
        # are implementation details: a distribution is listed through its public modules.
        if top.startswith("_") or top in stdlib or module is None:
            continue
        loaded.setdefault(top, []).append(module)
    owners = _packages_distributions(md)
    kernel = _requirement_closure(md, "ipykernel")
    # A hint may be a namespace package's member (google.protobuf): judged by its top name.
    wanted = {str(h).partition(".")[0] for h in hints} | _referenced_tops()
    packages = {}
    local = []
    cwd = os.path.realpath(os.getcwd())
    for top in sorted(loaded):
        dists = sorted(set(owners.get(top, ())))
        if len(dists) > 1:
            dists = _owners_of_loaded(md, dists, loaded[top]) or dists
        if not dists:
            path = getattr(sys.modules.get(top), "__file__", None)
            if path and os.path.realpath(path).startswith(cwd + os.sep):
                local.append(top)
            continue
        for dist in dists:
            key = _canonical(dist)
            if key in kernel and top not in wanted:
                continue
            try:
                version = md.version(dist)
            except Exception:  # noqa: S112 (broken metadata: skip the distribution)
                continue
            entry = packages.setdefault(key, {"name": dist, "version": version, "modules": []})
            entry["modules"].append(top)
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "os": platform.platform(),
        "system": platform.system(),
        "machine": platform.machine(),
        "packages": [packages[k] for k in sorted(packages)],
        "local": local,
    }


def _packages_distributions(md):
    # importlib.metadata.packages_distributions() is Python 3.10+; same mapping by hand before.
    found = getattr(md, "packages_distributions", None)
    if found is not None:
        return found()
    owners = {}
    for dist in md.distributions():
        name = dist.metadata["Name"]
        if not name:
            continue
        tops = (dist.read_text("top_level.txt") or "").split()
        if not tops:
            for item in dist.files or ():
                first = item.parts[0] if item.parts else ""
                if first.endswith(".py"):
                    first = first[:-3]
                if first and "." not in first and first != "__pycache__":
                    tops.append(first)
        for top in set(tops):
            owners.setdefault(top, []).append(name)
    return owners


def _owners_of_loaded(md, dists, modules):
    # A namespace package (google, azure) belongs to several distributions: keep those that
    # installed a file the session actually loaded.
    files = set()
    for module in modules:
        path = getattr(module, "__file__", None)
        if path:
            files.add(os.path.normcase(os.path.realpath(path)))
    keep = []
    for dist in dists:
        try:
            located = md.distribution(dist)
            for item in located.files or ():
                if os.path.normcase(os.path.realpath(str(located.locate_file(item)))) in files:
                    keep.append(dist)
                    break
        except Exception:  # noqa: S112 (broken metadata: skip the distribution)
            continue
    return keep


def _refusal(path):
    if not isinstance(path, str) or path == "":
        return "empty"
    if "\x00" in path:
        return "invalid"
    if "://" in path:
        return "url"
    if path.startswith("~"):
        return "home"
    if os.path.isabs(path) or path.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", path):
        return "absolute"
    if ".." in re.split(r"[\\/]+", path):
        return "parent"
    return None


def _md5(data=b""):
    # md5 is DVC's content id, not a security measure: say so, or FIPS builds refuse it.
    try:
        return hashlib.md5(data, usedforsecurity=False)
    except TypeError:  # Python 3.8
        return hashlib.md5(data)  # noqa: S324


class _Limit(Exception):
    """A per-request limit was reached: the entry is reported, not hashed."""


def _file_md5(path, budget, chunk_size=_CHUNK):
    stat = os.stat(path)
    key = (os.path.realpath(path), stat.st_size, stat.st_mtime_ns, stat.st_ino)
    cached = _md5_cache.get(key)
    if cached is not None:
        return cached, stat.st_size
    if stat.st_size > budget[0]:
        raise _Limit("too-large")
    digest = _md5()
    size = 0
    with open(path, "rb") as handle:
        while True:
            chunk = handle.read(chunk_size)
            if not chunk:
                break
            digest.update(chunk)
            size += len(chunk)
    budget[0] -= size
    value = digest.hexdigest()
    if len(_md5_cache) > 10000:
        _md5_cache.clear()
    _md5_cache[key] = value
    return value, size


# DVC's default ignores (dvc/ignore.py): these folders anywhere in a tree, and .git files.
# The front end sends the same values from src/core/export/workflow/dataRule.json (the one
# data rule); these are the defaults of a request that does not.
_IGNORED_DIRS = (".git", ".hg", ".dvc")
_IGNORED_FILES = (".git",)


def _dir_md5(top, budget, max_files, ignored_dirs, ignored_files, chunk):
    entries = []
    size = 0
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in ignored_dirs)
        for name in sorted(files):
            if name in ignored_files:
                continue
            if len(entries) >= max_files:
                raise _Limit("too-many-files")
            full = os.path.join(root, name)
            if not os.path.isfile(full):
                # FIFOs, sockets, devices and broken links: reading one could block or fail.
                continue
            rel = os.path.relpath(full, top).replace(os.sep, "/")
            value, length = _file_md5(full, budget, chunk)
            entries.append({"md5": value, "relpath": rel})
            size += length
    entries.sort(key=lambda e: e["relpath"])
    # DVC >= 3: md5 of the JSON listing, with ".dir" appended (dvc_data Tree.digest).
    listing = json.dumps(entries, sort_keys=True).encode("utf-8")
    return _md5(listing).hexdigest() + ".dir", size, len(entries)


def _fingerprint(
    paths=(),
    max_bytes=1 << 30,
    max_files=10000,
    ignored_folders=_IGNORED_DIRS,
    ignored_files=_IGNORED_FILES,
    chunk_bytes=_CHUNK,
):
    budget = [int(max_bytes)]
    ignored_dirs = frozenset(ignored_folders)
    ignored_names = frozenset(ignored_files)
    chunk = max(1, int(chunk_bytes))
    out = []
    for path in paths:
        refused = _refusal(path)
        if refused is not None:
            out.append({"path": str(path), "refused": refused})
            continue
        try:
            if os.path.isdir(path):
                value, size, nfiles = _dir_md5(
                    path, budget, int(max_files), ignored_dirs, ignored_names, chunk
                )
                out.append({"path": path, "md5": value, "size": size, "nfiles": nfiles})
            elif os.path.isfile(path):
                value, size = _file_md5(path, budget, chunk)
                out.append({"path": path, "md5": value, "size": size})
            elif not os.path.exists(path):
                out.append({"path": path, "missing": True})
            else:
                out.append({"path": path, "error": "unsupported"})
        except _Limit as exc:
            out.append({"path": path, "error": exc.args[0]})
        except KeyboardInterrupt:
            out.append({"path": path, "error": "interrupted"})
            budget[0] = 0
        except OSError as exc:
            out.append({"path": path, "error": "unreadable", "message": type(exc).__name__})
    return {"entries": out}


_OPS = {
    "install": _install,
    "rebind": _rebind,
    "names": _names,
    "delete": _delete,
    "env": _env,
    "fingerprint": _fingerprint,
    "uninstall": uninstall,
}


def v2(op, args="{}"):
    """The one entry point: a protocol-versioned name, so an older module answers 'absent'."""
    try:
        value = _OPS[op](**json.loads(args))
        return _Json({"ok": True, "op": op, "version": VERSION, "value": value})
    except (Exception, KeyboardInterrupt) as exc:
        return _Json(
            {
                "ok": False,
                "op": op,
                "version": VERSION,
                "error": type(exc).__name__,
                "message": str(exc)[:300],
            }
        )
