"""Describe this interpreter for linearize's environment verdicts, in one run.

Reads a JSON list of module names on stdin (top-level names, and members of namespace
packages such as ``google.colab``) and prints one line, ``ANSWER`` then a
JSON object (the prefix tells the answer from anything a site hook prints): the
interpreter's version and, for each module, whether it is standard library, whether it can be
imported (``importlib.util.find_spec``, nothing is imported), and the distribution and version
that provide it (``importlib.metadata``). Never imports the modules themselves.

With ``--lines`` it answers many questions in one run (an export of many notebooks): one JSON
list per line in, one such line out per question, until stdin ends. A module is looked up
once per run; each answer is the one a run of its own would give.
"""

import sys

if __name__ == "__main__":
    # Run in the user's folder (a launcher such as pyenv picks the interpreter from there), so
    # that folder leaves the path before anything is imported: no local module can shadow one.
    sys.path[:] = [p for p in sys.path if p not in ("", ".")]

import importlib.machinery  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sysconfig  # noqa: E402


def _stdlib_names():
    names = set(getattr(sys, "stdlib_module_names", ()))
    names.update(sys.builtin_module_names)
    return names


def _distributions():
    try:
        from importlib.metadata import packages_distributions

        return packages_distributions()
    except Exception:
        return {}


def _version(dist):
    try:
        from importlib.metadata import version

        return version(dist)
    except Exception:
        return None


def _is_stdlib(name, stdlib, spec):
    if name in stdlib:
        return True
    if stdlib or spec is None or not spec.origin:
        return False
    # Before Python 3.10 (no stdlib_module_names): a module under the stdlib folder.
    base = sysconfig.get_paths().get("stdlib", "")
    return bool(base) and spec.origin.startswith(base) and "site-packages" not in spec.origin


def _find_spec(name):
    """The spec of ``name``; for a namespace package's member (``google.colab``), found along
    its parent's search path by the path finder, so that no parent's code runs either."""
    parts = name.split(".")
    try:
        spec = importlib.util.find_spec(parts[0])
        for i in range(1, len(parts)):
            locations = None if spec is None else spec.submodule_search_locations
            if not locations:
                return None
            member = ".".join(parts[: i + 1])
            spec = importlib.machinery.PathFinder.find_spec(member, list(locations))
        return spec
    except Exception:
        return None


def _owner(name, names):
    """Which of the distributions ``names`` that share a namespace package installed
    ``name``'s files (``protobuf`` for ``google.protobuf``)."""
    folder = name.replace(".", "/")
    for dist in names:
        try:
            from importlib.metadata import distribution

            files = distribution(dist).files or ()
        except Exception:  # noqa: S112 (broken metadata: skip the distribution)
            continue
        for item in files:
            path = str(item).replace("\\", "/")
            if path.startswith(folder + "/") or path == folder + ".py":
                return dist
    return None


def _module(name, stdlib, dists):
    spec = _find_spec(name)
    names = dists.get(name.partition(".")[0]) or []
    if "." in name:
        dist = _owner(name, names) if spec is not None else None
    else:
        dist = names[0] if names else None
    version = _version(dist) if dist else None
    if dist is None and spec is not None:
        version = _version(name)
        dist = name if version is not None else None
    return {
        "stdlib": _is_stdlib(name, stdlib, spec),
        "found": spec is not None,
        "distribution": dist,
        "version": version,
    }


def describe(modules, stdlib=None, dists=None, seen=None):
    """The answer about ``modules``; ``seen`` keeps each module's answer for later questions."""
    stdlib = _stdlib_names() if stdlib is None else stdlib
    dists = _distributions() if dists is None else dists
    seen = {} if seen is None else seen
    out = {}
    for name in modules:
        if name not in seen:
            seen[name] = _module(name, stdlib, dists)
        out[name] = seen[name]
    return {
        "version": ".".join(str(p) for p in sys.version_info[:3]),
        "executable": sys.executable,
        "modules": out,
        # The folders the answer depends on: a cached answer holds while none has changed.
        "path": [p for p in sys.path if os.path.isdir(p)],
    }


# Starts every answer of ``--lines``.
ANSWER = "linearize-probe-answer "


def _names(value):
    return [m for m in value if isinstance(m, str)] if isinstance(value, list) else []


def serve(stdin, stdout, stdlib, dists):
    """``--lines``: one answer per line of names, each flushed before the next is read."""
    seen = {}
    for line in stdin:
        if not line.strip():
            continue
        try:
            modules = _names(json.loads(line))
        except ValueError:
            modules = []
        stdout.write(ANSWER + json.dumps(describe(modules, stdlib, dists, seen)) + "\n")
        stdout.flush()


def main(argv):
    # What does not depend on the modules first: the caller may start the probe early and
    # send the names only when it knows them.
    stdlib = _stdlib_names()
    dists = _distributions()
    if "--lines" in argv:
        serve(sys.stdin, sys.stdout, stdlib, dists)
        return
    modules = json.loads(sys.stdin.read() or "[]")
    sys.stdout.write(ANSWER + json.dumps(describe(_names(modules), stdlib, dists)) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
