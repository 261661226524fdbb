"""Benchmark: how long ``import betrokkenheid`` takes, next to a bare Python start.

Every figure comes from a fresh subprocess (median of ``--runs`` runs, interleaved, after one
warm-up round that fills the bytecode cache). Two kinds of figure:

* wall: the whole ``python -c ...`` process, start to exit, as a user feels it;
* in-process: the statement alone, timed inside the child with ``perf_counter``.

Goal: ``import betrokkenheid`` ≤ 0.3 s.

Run: ``.venv/bin/python bench/imports.py [--runs 7]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL_IMPORT = 0.3  # seconds
TIMEOUT = 120  # seconds for one child process

# name -> (setup, statement): the child times the statement alone, after the setup
CASES = {
    "python -c pass": ("", "pass"),
    "import betrokkenheid": ("", "import betrokkenheid"),
    "import betrokkenheid.ui": ("", "import betrokkenheid.ui"),
    "load_frame (cold, after import)": (
        "import betrokkenheid",
        'betrokkenheid.load_frame("betrokkenheidsboom")',
    ),
}

CHILD = """\
import time as _t
{setup}
_t0 = _t.perf_counter()
{statement}
_t1 = _t.perf_counter()
print("BENCH", _t1 - _t0)
"""


def run_once(setup: str, statement: str) -> tuple[float, float]:
    """One fresh interpreter: (wall seconds of the process, in-process seconds of statement)."""
    code = CHILD.format(setup=setup, statement=statement)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"child failed ({done.returncode}):\n{done.stderr[-2000:]}")
    inner = next(
        float(line.split()[1]) for line in done.stdout.splitlines() if line.startswith("BENCH")
    )
    return wall, inner


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    for setup, statement in CASES.values():  # warm-up: bytecode caches, page cache
        run_once(setup, statement)
    walls: dict[str, list[float]] = {name: [] for name in CASES}
    inners: dict[str, list[float]] = {name: [] for name in CASES}
    for _ in range(args.runs):
        for name, (setup, statement) in CASES.items():
            wall, inner = run_once(setup, statement)
            walls[name].append(wall)
            inners[name].append(inner)

    bare = statistics.median(walls["python -c pass"])
    print(f"python: {sys.executable} ({sys.version.split()[0]})")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"median of {args.runs} fresh processes (min-max in brackets)")
    print(f"{'':34} {'wall s':>8} {'- bare s':>9} {'in-process s':>13}   wall range")
    results = {}
    for name in CASES:
        wall = statistics.median(walls[name])
        inner = statistics.median(inners[name])
        results[name] = {"wall": wall, "inner": inner, "walls": walls[name]}
        extra = "" if name == "python -c pass" else f"{wall - bare:9.3f}"
        print(
            f"{name:34} {wall:8.3f} {extra:>9} {inner:13.3f}   "
            f"[{min(walls[name]):.3f}-{max(walls[name]):.3f}]"
        )
    got = statistics.median(walls["import betrokkenheid"])
    verdict = "ok" if got <= GOAL_IMPORT else "MISSED"
    print(f"goal: import betrokkenheid <= {GOAL_IMPORT:.1f} s (wall): {got:.3f} s {verdict}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
