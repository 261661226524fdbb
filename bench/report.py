"""Benchmark: the team's report (HTML, then PDF) for a session of 50 people who answered all.

A session in a temporary SQLite file gets ``--people`` participants (roles as in the demo
school), each answering every exercise the way :mod:`betrokkenheid.demo` does, through
``Store.join`` and ``Store.save_answer``; every fifth person also writes actions for the plan
and names an activity of their own. Then, in this one process:

* cold: the first :func:`report_html` and :func:`report_pdf`, imports included (matplotlib,
  Jinja2, WeasyPrint), as one ``betrokkenheid report`` command pays them;
* warm: the best of ``--repeat`` runs of each.

:func:`report_pdf` makes the HTML itself, so "PDF" includes the HTML; "together" is the HTML
and the PDF one after the other, as asked in the issue. Goal: together ≤ 3 s.

Run: ``.venv/bin/python bench/report.py [--people 50] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's package first
os.environ.setdefault("MPLBACKEND", "Agg")

GOAL_SECONDS = 3.0
ROLES = ["teacher"] * 6 + ["care_coordinator", "director", "bridge_figure", "childcare_staff"]


def make_session(store, people: int, seed: int = 11) -> str:
    """A session where ``people`` participants answered every exercise; returns its join code."""
    from betrokkenheid import load_frame
    from betrokkenheid.demo import answer_everything
    from betrokkenheid.exercises.barriers import DEMO_ACTIONS

    frame = load_frame("betrokkenheidsboom")
    rng = random.Random(seed)
    session = store.create_session("Basisschool De Bench", frame.id, "baseline")
    chances = [c.id for c in frame.barriers.opportunities]
    for number in range(people):
        me = store.join(session.code, ROLES[number % len(ROLES)], "nl")
        answer_everything(store, me, frame, rng, number, 0.3)
        if number % 5 == 0:
            for chance in chances[:6]:
                for part, texts in DEMO_ACTIONS.items():
                    store.save_answer(
                        me, "barriers", f"action.{chance}.{part}", text=rng.choice(texts)
                    )
            store.save_answer(me, "forms", "own_1", 1)
            store.save_answer(me, "forms", "own_1.label", text=f"Eigen activiteit {number % 3}")
    return session.code


def timed(action) -> tuple[float, float, object]:
    """Wall-clock seconds, CPU seconds of this process, and the result of ``action()``."""
    start, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - start, time.process_time() - cpu, result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--language", default="nl", choices=["nl", "en"])
    args = parser.parse_args(argv)

    from betrokkenheid import Store

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.sqlite")
        seconds, _, code = timed(lambda: make_session(store, args.people))
        answers = len(store.session_answers(store.session(code)))
        print(f"session: {args.people} people, {answers} answers (made in {seconds:.1f} s)")

        from betrokkenheid.report import report_html, report_pdf

        def html():
            return report_html(store, code, args.language)

        def pdf():
            return report_pdf(store, code, args.language)

        *cold_html, page = timed(html)
        *cold_pdf, document = timed(pdf)
        warm_html = min((timed(html)[:2] for _ in range(args.repeat)), key=lambda t: t[0])
        warm_pdf = min((timed(pdf)[:2] for _ in range(args.repeat)), key=lambda t: t[0])

    print(f"report: HTML {len(page) / 1024:.0f} KiB, PDF {len(document) / 1024:.0f} KiB")
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'':14}{'HTML':>8}{'PDF':>8}{'together':>10}")
    for name, h, p in (("cold", cold_html, cold_pdf), ("warm", warm_html, warm_pdf)):
        for i, clock in enumerate(("wall", "cpu")):
            print(f"{name + ' ' + clock:14}{h[i]:7.2f}s{p[i]:7.2f}s{h[i] + p[i]:9.2f}s")
    worst = cold_html[0] + cold_pdf[0]
    verdict = "ok" if worst <= GOAL_SECONDS else "TOO SLOW"
    print(f"goal: HTML + PDF ≤ {GOAL_SECONDS:.0f} s (cold wall clock, imports included): {verdict}")
    return 0 if worst <= GOAL_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
