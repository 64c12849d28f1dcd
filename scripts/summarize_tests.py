"""Prints the counts of each kind of test from the runners' machine-readable reports.

Exits non-zero when a kind ran no test at all, so a silently empty stage cannot pass.
"""

import json
import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def jest_counts(path: Path) -> dict[str, list[int]]:
    kinds: dict[str, list[int]] = {}
    if not path.exists():
        return kinds
    report = json.loads(path.read_text())
    for suite in report.get("testResults", []):
        name = suite["name"].replace("\\", "/")
        kind = (
            "jest: cli"
            if "/src/cli/" in name
            else "jest: lab"
            if "/src/lab/" in name
            else "jest: core"
        )
        row = kinds.setdefault(kind, [0, 0, 0])
        for t in suite.get("assertionResults", []):
            status = t.get("status")
            row[0 if status == "passed" else 1 if status == "failed" else 2] += 1
        if suite.get("status") == "failed" and not suite.get("assertionResults"):
            row[1] += 1  # a suite that failed to load
    return kinds


def pytest_counts(path: Path) -> list[int]:
    if not path.exists():
        return [0, 0, 0]
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else list(root)
    total = sum(int(s.get("tests", 0)) for s in suites)
    failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
    skipped = sum(int(s.get("skipped", 0)) for s in suites)
    return [total - failed - skipped, failed, skipped]


def galata_counts(path: Path) -> list[int]:
    if not path.exists():
        return [0, 0, 0]
    stats = json.loads(path.read_text()).get("stats", {})
    return [
        stats.get("expected", 0),
        stats.get("unexpected", 0) + stats.get("flaky", 0),
        stats.get("skipped", 0),
    ]


def main(out: Path) -> int:
    rows = dict(sorted(jest_counts(out / "jest.json").items()))
    for kind in ("jest: core", "jest: cli"):
        rows.setdefault(kind, [0, 0, 0])
    rows["pytest: python"] = pytest_counts(out / "pytest.xml")
    rows["galata: ui"] = galata_counts(out / "galata.json")
    rows["galata: rtc"] = galata_counts(out / "galata-rtc.json")
    rows["galata: lite"] = galata_counts(out / "lite.json")
    empty = [k for k, (p, f, _s) in rows.items() if p + f == 0 and k != "jest: lab"]
    for kind, (p, f, s) in rows.items():
        print(f"{kind:16} {p:5} passed, {f} failed" + (f", {s} skipped" if s else ""))
    passed = sum(r[0] for r in rows.values())
    failed = sum(r[1] for r in rows.values())
    skipped = sum(r[2] for r in rows.values())
    for kind in empty:
        print(f"no test ran for {kind}")
    print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed or empty else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
