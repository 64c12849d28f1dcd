"""Regenerates ``src/core/export/boundWheels.ts``: for each release bound the export can write
(a package held below the release that removed a name the code uses), the newest release below
it and the CPython versions its Linux wheels are built for, read from PyPI's index.

Run by hand after adding a bound to ``removedApiTable.ts`` (``boundWheels.spec.ts`` fails
until every bound has its row): ``python scripts/bound-wheels.py numpy:1.24 ...`` prints the
rows to paste. Needs the ``packaging`` module and PyPI.
"""

import json
import re
import sys
import urllib.request

from packaging.version import InvalidVersion, Version

WHEEL = re.compile(
    r"^(?P<name>.+?)-(?P<ver>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl$"
)
SDIST = re.compile(r"^(?P<name>.+)-(?P<ver>[^-]+)\.(tar\.gz|zip|tar\.bz2)$")
DIST = {"sklearn": "scikit-learn"}


def index(dist):
    req = urllib.request.Request(
        f"https://pypi.org/simple/{dist}/",
        headers={"Accept": "application/vnd.pypi.simple.v1+json"},
    )
    with urllib.request.urlopen(req, timeout=60) as answer:  # noqa: S310 (a fixed https URL)
        return json.load(answer)["files"]


def row(module, below):
    dist = DIST.get(module, module)
    bound = Version(below)
    releases = {}
    for f in index(dist):
        if f.get("yanked"):
            continue
        m = WHEEL.match(f["filename"]) or SDIST.match(f["filename"])
        try:
            version = Version(m["ver"]) if m else None
        except InvalidVersion:
            version = None
        if version is None or version.is_prerelease or version >= bound:
            continue
        releases.setdefault(version, []).append(f["filename"])
    last = max(releases)
    pythons = set()
    pure = False
    for name in releases[last]:
        m = WHEEL.match(name)
        if m is None or not ("linux" in m["plat"] or m["plat"] == "any"):
            continue
        for tag in m["py"].split("."):
            if m["plat"] == "any" and tag.startswith("py3"):
                pure = True
            cp = re.fullmatch(r"cp3(\d+)", tag)
            if cp:
                pythons.add(int(cp[1]))
    span = "null" if pure or not pythons else f"[{min(pythons)}, {max(pythons)}]"
    return f"  '{dist} {below}': {{ last: '{last}', cpython: {span} }},"


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        module, _, below = arg.partition(":")
        print(row(module, below))
