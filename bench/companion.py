"""Added latency of the kernel companion per execution (issue 5), against a real ipykernel.

    python bench/companion.py [--runs 200] [--names 10000]

For a typical namespace (~60 names) and a large one (10,000 names), runs the same small cell
(``n += 1; print(n)``) with the companion off (not installed) and on (installed: its
``post_run_cell`` snapshot runs inside every execution, and a silent ``rebind`` request is sent
when the reply arrives, as ``KernelCompanion.rebind`` is called by the recorder). Times come
from the message headers (kernel and client share the clock):

- ``reply``: user request sent → the cell's ``execute_reply`` (the user's own turnaround);
- ``output``: user request sent → the cell's first output on iopub;
- ``rebind``: the kernel's own time on the ``rebind`` request (its busy status → its reply):
  what a cell queued right behind it waits;
- ``total``: user request sent → the ``rebind`` reply (on) or the cell's reply (off), which also
  counts this client's turnaround between the reply and its request.

Added latency per execution = (reply on - reply off) + rebind, medians.

It also checks, for every run, that all of the cell's output was published before the
companion's request was even created. Not a test: run it on demand.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from jupyter_client.manager import KernelManager

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 120
WARMUP = 20


def load_snippets() -> dict:
    out = subprocess.run(
        ["node", str(REPO / "scripts" / "dump-snippets.mjs")],
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def ms(a, b) -> float:
    return (b - a).total_seconds() * 1000


class Bench:
    def __init__(self, snippets: dict, cwd: str):
        self.s = snippets
        self.km = KernelManager(kernel_name="python3")
        self.km.start_kernel(cwd=cwd)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)

    def close(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def _reply(self, msg_id: str) -> dict:
        while True:
            msg = self.kc.get_shell_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def _iopub(self, msg_id: str) -> list[dict]:
        out = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            out.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return out

    def run(self, code: str) -> tuple[dict, dict, list[dict]]:
        msg = self.kc.session.msg(
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        self.kc.shell_channel.send(msg)
        reply = self._reply(msg["header"]["msg_id"])
        return msg, reply, self._iopub(msg["header"]["msg_id"])

    def silent(self, expression: str) -> tuple[dict, dict, dict]:
        """A companion request; returns the request, its reply and the parsed envelope."""
        content = dict(self.s["request"])
        content["user_expressions"] = {self.s["replyKey"]: expression}
        msg = self.kc.session.msg("execute_request", content)
        self.kc.shell_channel.send(msg)
        reply = self._reply(msg["header"]["msg_id"])
        busy = self._iopub(msg["header"]["msg_id"])[0]
        assert busy["content"]["execution_state"] == "busy"
        self.kernel_ms = ms(busy["header"]["date"], reply["header"]["date"])
        text = reply["content"]["user_expressions"][self.s["replyKey"]]["data"]["text/plain"]
        return msg, reply, json.loads(text)

    def rebind_expression(self, since: int) -> str:
        args = json.dumps(json.dumps({"since": since}))
        return self.s["calls"]["rebind"].replace(self.s["argsLiteral"], args)

    def once(self, companion: bool) -> tuple[dict, bool]:
        """One execution of the cell; returns its timings and whether its output came first."""
        request, reply, iopub = self.run("n += 1\nprint(n)")
        sent = request["header"]["date"]
        outputs = [m for m in iopub if m["msg_type"] in ("stream", "execute_result")]
        row = {
            "reply": ms(sent, reply["header"]["date"]),
            "output": ms(sent, outputs[0]["header"]["date"]),
            "rebind": 0.0,
            "total": ms(sent, reply["header"]["date"]),
        }
        if not companion:
            return row, True
        # Sent when the reply arrives, as the recorder does.
        ours, ours_reply, payload = self.silent(
            self.rebind_expression(reply["content"]["execution_count"])
        )
        assert payload["ok"], payload
        row["rebind"] = self.kernel_ms
        row["total"] = ms(sent, ours_reply["header"]["date"])
        last_output = max(m["header"]["date"] for m in outputs)
        return row, last_output < ours["header"]["date"]


def measure(off: Bench, on: Bench, runs: int) -> dict:
    """Alternates the two kernels run by run, so that load on a shared machine hits both."""
    results = {"off": {"rows": [], "first": 0}, "on": {"rows": [], "first": 0}}
    for i in range(runs + WARMUP):
        for mode, bench in (("off", off), ("on", on)):
            row, first = bench.once(companion=mode == "on")
            if i >= WARMUP:
                results[mode]["rows"].append(row)
                results[mode]["first"] += first
    return results


def stats(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.9 * (len(ordered) - 1))]


KEYS = ("reply", "output", "rebind", "total")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--names", type=int, default=10000)
    args = parser.parse_args()
    snippets = load_snippets()
    typical = (
        "import json, os, re, math, collections\n"
        "n = 0\n"
        "globals().update({f'var{i}': [i] * 3 for i in range(50)})\n"
        "def helper(x):\n    return x\n"
        "class Model:\n    pass\n"
    )
    large = f"n = 0\nglobals().update({{f'v{{i}}': i for i in range({args.names})}})"
    print(
        f"python {sys.version.split()[0]}, {args.runs} runs per row (after {WARMUP} warm-up runs)"
    )
    print(f"{'':<22}" + " ".join(f"{k:>14}" for k in KEYS) + f" {'out<req':>8}")
    print(f"{'namespace   companion':<22}" + " ".join(f"{'med/p90 ms':>14}" for _ in KEYS))
    with tempfile.TemporaryDirectory() as cwd:
        for label, setup in (("typical", typical), (f"{args.names:,} names", large)):
            off, on = Bench(snippets, cwd), Bench(snippets, cwd)
            try:
                off.run(setup)
                on.run(setup)
                _, _, installed = on.silent(snippets["install"])
                assert installed["ok"], installed
                results = measure(off, on, args.runs)
                for mode, data in results.items():
                    rows = data["rows"]
                    cells = " ".join(
                        "{:>6.2f}/{:<7.2f}".format(*stats([r[k] for r in rows])) for k in KEYS
                    )
                    checked = f"{data['first']}/{len(rows)}" if mode == "on" else "-"
                    print(f"{label:<12} {mode:<9} {cells} {checked:>8}")

                def med(mode: str, key: str, results=results) -> float:
                    return statistics.median(r[key] for r in results[mode]["rows"])

                in_cell = med("on", "reply") - med("off", "reply")
                turnaround = med("on", "total") - med("off", "total")
                print(
                    f"{'':<12} added per execution (medians): in the cell {in_cell:+.2f} ms, "
                    f"rebind request {med('on', 'rebind'):.2f} ms, "
                    f"sum {in_cell + med('on', 'rebind'):.2f} ms "
                    f"(with this client's turnaround: {turnaround:.2f} ms)"
                )
            finally:
                off.close()
                on.close()


if __name__ == "__main__":
    main()
