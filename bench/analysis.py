"""Benchmark: scale scores for a million answers, beside a bare pandas groupby on the same rows.

A synthetic table shaped exactly like :func:`betrokkenheid.answers_frame` (categorical labels,
participants numbered per session) holds ``--answers`` triangle ratings of many schools: every
participant rated every item of the betrokkenheidsboom's triangle, two sessions a school
(baseline and later). Each figure is the best of ``--repeat`` runs, all in this one process:

* bare groupby: ``answers.groupby(["session", "participant", "item"], observed=True)["value"]
  .mean()``, one pandas groupby over the same rows (it does less: no scales, no checks);
* scale_scores: :func:`betrokkenheid.scale_scores` with the frame given (checks the columns,
  maps items to scales, groups per person and scale, keeps school, measurement and role);
* scale_scores, frame from the rows: the same, loading the frame named in the ``frame`` column;
* scale_scores on plain str columns: the same table with text instead of categories.

Then ``import betrokkenheid`` in fresh processes (median of ``--imports``).

Goals: scale_scores ≤ 1 s and ≤ 2× the bare groupby; ``import betrokkenheid`` ≤ 0.3 s.

Run: ``.venv/bin/python bench/analysis.py [--answers 1000000] [--repeat 5]``
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's package first

GOAL_SECONDS = 1.0
GOAL_RATIO = 2.0
GOAL_IMPORT = 0.3
ROLES = ["teacher"] * 6 + ["care_coordinator", "director", "childcare_staff", "other"]


def make_answers(count: int, team: int = 40, seed: int = 3):
    """About ``count`` answers shaped like answers_frame: schools × 2 sessions × team × items."""
    import numpy as np
    import pandas as pd

    from betrokkenheid import load_frame, scale_items

    items = scale_items(load_frame("betrokkenheidsboom"))
    items = items[items["exercise"] == "triangle"]["item"].tolist()
    people = -(-count // len(items))
    sessions = -(-people // team)
    rng = np.random.default_rng(seed)
    session = np.repeat(np.arange(sessions), team)[:people]
    number = np.tile(np.arange(1, team + 1), sessions)[:people]
    codes = np.array([f"S{i:05d}" for i in range(sessions)])
    per_answer = np.repeat(np.arange(people), len(items))[:count]
    s = session[per_answer]
    return pd.DataFrame(
        {
            "session": pd.Categorical(codes[s]),
            "school": pd.Categorical(np.char.add("School ", (s // 2).astype(str))),
            "measurement": pd.Categorical(
                np.where(s % 2, "later", "baseline"), categories=["baseline", "later"], ordered=True
            ),
            "role": pd.Categorical(np.array(ROLES)[rng.integers(0, len(ROLES), people)])[
                per_answer
            ],
            "participant": number[per_answer].astype("int64"),
            "frame": pd.Categorical(["betrokkenheidsboom"] * count),
            "exercise": pd.Categorical(["triangle"] * count),
            "item": pd.Categorical(np.tile(items, people)[:count]),
            "value": rng.integers(1, 6, count).astype("float64"),
        }
    )


def best(action, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def import_time(runs: int) -> tuple[float, float]:
    """Median wall time of ``python -c 'import betrokkenheid'`` and of ``python -c pass``."""

    def wall(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
        return time.perf_counter() - start

    wall("import betrokkenheid")  # warm the bytecode cache
    bare, package = [], []
    for _ in range(runs):
        bare.append(wall("pass"))
        package.append(wall("import betrokkenheid"))
    return statistics.median(package), statistics.median(bare)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--imports", type=int, default=7)
    args = parser.parse_args(argv)

    from betrokkenheid import load_frame, scale_scores

    frame = load_frame("betrokkenheidsboom")
    answers = make_answers(args.answers)
    plain = answers.astype({c: str for c in ("session", "school", "role", "frame", "item")})
    people = answers.groupby(["session", "participant"], observed=True).ngroups
    print(f"python {sys.version.split()[0]}; {len(answers):,} answers of {people:,} people")

    def bare():
        keys = ["session", "participant", "item"]
        return answers.groupby(keys, observed=True)["value"].mean()

    result = scale_scores(answers, frame)
    assert result["items"].sum() == len(answers)  # every answer counted once
    figures = {
        "bare groupby": best(bare, args.repeat),
        "scale_scores(answers, frame)": best(lambda: scale_scores(answers, frame), args.repeat),
        "scale_scores(answers)": best(lambda: scale_scores(answers), args.repeat),
        "scale_scores(str columns, frame)": best(lambda: scale_scores(plain, frame), args.repeat),
    }
    base = figures["bare groupby"]
    print(f"best of {args.repeat}      seconds   × bare groupby")
    for name, seconds in figures.items():
        print(f"  {name:34} {seconds:7.3f}   {seconds / base:5.2f}×")
    main_case = figures["scale_scores(answers, frame)"]
    ok = main_case <= GOAL_SECONDS and main_case <= GOAL_RATIO * base
    print(
        f"goal: scale_scores <= {GOAL_SECONDS:.0f} s and <= {GOAL_RATIO:.0f}× bare groupby: "
        f"{main_case:.3f} s, {main_case / base:.2f}× {'ok' if ok else 'MISSED'}"
    )
    package, bare_start = import_time(args.imports)
    verdict = "ok" if package <= GOAL_IMPORT else "MISSED"
    print(
        f"import betrokkenheid (median of {args.imports} fresh processes): {package:.3f} s wall, "
        f"{package - bare_start:.3f} s more than python -c pass; goal <= {GOAL_IMPORT} s {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
