"""Benchmark: the parents' page (10_ouders) at phone size (390x844) in headless Chromium.

1. Usable: the time from opening the link to the first usable control, beside a bare
   one-widget Voila page served with the same options in the same run (as bench/pages.py:
   ``python -m voila FOLDER`` with the options of ``betrokkenheid serve``; rounds interleaved
   after a warm-up round, each in its own shuffled order, each visit in a fresh browser
   context after a bounded wait for the servers to be idle). The parents' page three ways:

   * ``parents``: ``?s=CODE``, usable when the language buttons are;
   * ``parents-lang``: ``?s=CODE&lang=nl`` (the letter's link), usable when the
     introduction's Start button is;
   * ``parents-again``: ``?s=CODE`` in a browser that kept a parent's personal code (set in
     localStorage before the visit): the template opens the page again with ``&r=CODE``, so
     this is two page loads; usable when the faces of the first unanswered statement are.

   Goal: parents / bare ≤ 1.0.
2. Answer → saved: ``--parents`` parents (each in a session of its own) answer all 12
   statements by a click on a face, through the real page in the browser; each answer is timed
   from the click until it is in the store (the bench polls the database every
   :data:`POLL` seconds), and until the page says it is saved (in the browser, from the click
   to the saved message, by ``performance.now()``). The first answer of each parent also makes
   the parent (``join_audience``).
   Beside it, without browser or kernel: ``ParentsPage.faces.value = v`` in this process
   (check, save, the page's model and status), as bench/answer.py does for the triangle.
   Goal: median ≤ 100 ms.

Run: ``.venv/bin/python bench/parents.py [--rounds 5] [--parents 3]`` (about 3 minutes on 2
CPUs). This file measures and prints its figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's package and tests/ first
sys.path.insert(0, str(Path(__file__).resolve().parent))

import pages  # noqa: E402 - beside this script: its servers, bare page and quiet waits
from _browser import BROWSER_ARGS, CHROMIUM, free_port  # noqa: E402 - beside this script

from tests.helpers import wait_for  # noqa: E402

GOAL_RATIO = 1.0
GOAL_MEDIAN_MS = 100.0
PHONE = {"width": 390, "height": 844}
POLL = 0.002  # s between two looks at the database for an answer
SAVED_TIMEOUT = 15.0  # s, the longest an answer may take to reach the store
VISIT_TIMEOUT = 60.0  # s, one visit from goto to usable

_VISIBLE = (
    "(el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'"
    " && !el.disabled"
)
READY = {
    "bare": f"() => [...document.querySelectorAll('.widget-button')].some({_VISIBLE})"
    " && performance.now()",
    "parents": f"() => [...document.querySelectorAll('button.btk-parents-language')]"
    f".some({_VISIBLE}) && performance.now()",
    "parents-lang": f"() => [...document.querySelectorAll('.btk-parents-intro')].length"
    f" && [...document.querySelectorAll('button.btk-parents-next')].some({_VISIBLE})"
    " && performance.now()",
    "parents-again": f"() => [...document.querySelectorAll('.btk-parents-faces button')]"
    f".some({_VISIBLE}) && performance.now()",
}
# a click on face i, and the time until the page says the answer is saved (ms, in the page)
CLICK_AND_WAIT_SAVED = """(i) => new Promise((done, fail) => {
    const faces = document.querySelectorAll('.btk-parents-faces button');
    const start = performance.now();
    const seen = () => document.querySelector('.btk-parents-saved');
    const watch = new MutationObserver(() => {
        if (seen()) { watch.disconnect(); done(performance.now() - start); }
    });
    watch.observe(document.body, {childList: true, subtree: true});
    setTimeout(() => { watch.disconnect(); fail(new Error('no saved message')); }, 15000);
    faces[i].click();
})"""


def p95(values: list[float]) -> float:
    """The 95th percentile, nearest rank."""
    import math

    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def line(name: str, ms: list[float], goal: float | None = None) -> str:
    verdict = ""
    if goal is not None:
        verdict = "  ok" if statistics.median(ms) <= goal else "  OVER THE GOAL"
    return (
        f"  {name:46} median {statistics.median(ms):7.1f} ms   p95 {p95(ms):7.1f} ms"
        f"   (n={len(ms)}, min {min(ms):.1f}, max {max(ms):.1f}){verdict}"
    )


# the data ---------------------------------------------------------------------------------------
def make_store(db: Path, parents: int):
    """Sessions with a parents' code each: one per answering parent, one for the visits (with
    a parent who answered three statements, for the visit that goes on)."""
    from betrokkenheid import Store, load_frame

    store = Store(db)
    frame = load_frame("betrokkenheidsboom")
    visits = store.create_session("Bench visits", frame.id, "baseline")
    code = store.audience_code(visits)
    again = store.join_audience(code, "nl")
    for item in frame.parents.items[:3]:
        store.save_answer(again, "parents", item.id, 4)
    answering = []
    for i in range(parents):
        session = store.create_session(f"Bench parents {i + 1}", frame.id, "baseline")
        answering.append((session, store.audience_code(session)))
    return store, frame, code, again.code, answering


# 1. usable -------------------------------------------------------------------------------------
def visit(browser, server, path: str, ready: str, keep: tuple[str, str] | None = None) -> dict:
    """One visit at phone size in a fresh context: seconds to usable (None when it failed)."""
    result = {"ready": None, "error": ""}
    mark = len(server.log_text())
    context = browser.new_context(viewport=PHONE)
    if keep:  # a browser that kept a parent's code for this questionnaire
        context.add_init_script(
            f"try {{ localStorage.setItem({json.dumps('btk-resume:' + keep[0])}, "
            f"{json.dumps(keep[1])}); }} catch (e) {{}}"
        )
    tab = context.new_page()
    try:
        start = time.perf_counter()
        tab.goto(server.url(path), wait_until="commit", timeout=VISIT_TIMEOUT * 1000)
        tab.wait_for_function(READY[ready], polling="raf", timeout=VISIT_TIMEOUT * 1000)
        result["ready"] = time.perf_counter() - start
    except Exception as exc:  # noqa: BLE001 - a failed visit is a figure too
        result["error"] = f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:160]}"
    finally:
        try:  # leaving the page fires Voila's kernel-shutdown beacon
            tab.goto("about:blank", timeout=10_000)
        except Exception:  # noqa: BLE001
            pass
        context.close()
        server.wait_log(pages.BEACON_REFUSED, 1, pages.BEACON_TIMEOUT, since=mark)
        for kernel in set(re.findall(pages.BEACON_REFUSED, server.log_text()[mark:])):
            pages.shutdown_kernel(server.url(f"voila/api/shutdown/{kernel}"))
    return result


def usable(browser, servers, targets, rounds: int) -> dict[str, list[dict]]:
    """A warm-up round, then ``rounds`` rounds in shuffled orders: the visits by target."""
    got: dict[str, list[dict]] = {t[0]: [] for t in targets}
    for r in range(-1, rounds):
        order = list(targets)
        if r >= 0:
            random.Random(r).shuffle(order)
        for name, server, path, ready, keep in order:
            busy = not pages.wait_quiet(servers)
            result = visit(browser, server, path, ready, keep)
            result["busy"] = busy
            if r < 0:
                print(
                    f"  warm-up {name}: {pages._report.seconds(result['ready'])} {result['error']}"
                )
            else:
                got[name].append(result)
    return got


def usable_table(got: dict[str, list[dict]]) -> None:
    print(f"\n  {'page':16} {'usable':>8} {'x bare':>8}   (median of n; fails, busy)")
    medians = {}
    for name, runs in got.items():
        ready = [r["ready"] for r in runs if r["ready"] is not None]
        medians[name] = statistics.median(ready) if ready else None
    bare = medians.get("bare")
    for name, runs in got.items():
        m = medians[name]
        ratio = m / bare if m and bare else None
        fails = sum(1 for r in runs if r["error"])
        busy = sum(1 for r in runs if r["busy"])
        shown = "" if ratio is None else f"{ratio:7.2f}x"
        goal = ""
        if name == "parents" and ratio is not None:
            goal = "  ok" if ratio <= GOAL_RATIO else f"  over the goal ({GOAL_RATIO:.1f}x)"
        print(
            f"  {name:16} {pages._report.seconds(m)} {shown:>8}   (n={len(runs)};"
            f" {fails}, {busy}){goal}"
        )
        for r in runs:
            if r["error"]:
                print(f"      {r['error']}")


# 2. answer -> saved ------------------------------------------------------------------------------
def answering(browser, server, store, frame, parents) -> tuple[list[float], list[float]]:
    """Each parent answers all statements through the page: (ms click -> in the store,
    ms click -> the page says saved)."""
    from betrokkenheid.questionnaire import DONT_KNOW, RATHER_NOT

    stored_ms, said_ms = [], []
    options = [*frame.parents.scale.values, DONT_KNOW, RATHER_NOT]
    for number, (session, code) in enumerate(parents):
        context = browser.new_context(viewport=PHONE)
        tab = context.new_page()
        tab.set_default_timeout(VISIT_TIMEOUT * 1000)
        try:
            tab.goto(server.url(f"voila/render/10_ouders.ipynb?s={code}&lang=nl"))
            tab.locator(".btk-parents-next").wait_for(state="visible")
            tab.locator(".btk-parents-next").click()
            for i, item in enumerate(frame.parents.items):
                tab.locator(".btk-parents-progress").filter(has_text=f"{i + 1} van").wait_for()
                choice = (number * 5 + i) % len(options)
                want = options[choice]
                start = time.perf_counter()
                said = tab.evaluate(CLICK_AND_WAIT_SAVED, choice)
                found = wait_for(  # bounded: an AssertionError after SAVED_TIMEOUT
                    lambda s=session, item=item, want=want: _stored(store, s, item.id, want),
                    SAVED_TIMEOUT,
                    f"answer {item.id} of parent {number + 1} in the store",
                    POLL,
                )
                stored_ms.append((found - start) * 1000)
                said_ms.append(said)
                tab.locator(".btk-parents-next").click()
        finally:
            context.close()
    return stored_ms, said_ms


def _stored(store, session, item: str, want) -> float | None:
    """The time (perf_counter) once ``item`` is stored with ``want``; None before."""
    for a in store.session_answers(session, "parents", audience="parent"):
        if a.item == item and (a.text == want if isinstance(want, str) else a.value == want):
            return time.perf_counter()
    return None


def in_process(db: Path, frame, count: int = 3) -> tuple[list[float], list[float]]:
    """``faces.value = v`` on a ParentsPage in this process: (first answers ms, others ms)."""
    from betrokkenheid import Store
    from betrokkenheid.ui import ParentsPage

    store = Store(db)
    first, other = [], []
    for i in range(count):
        session = store.create_session(f"Bench in process {i}", frame.id, "baseline")
        page = ParentsPage(store, store.audience_code(session), "nl")
        page.next_button.click()
        for n, _item in enumerate(frame.parents.items):
            start = time.perf_counter()
            page.faces.value = (n + i) % 5 + 1
            took = (time.perf_counter() - start) * 1000
            if page.message.kind == "error":
                raise RuntimeError(f"the page refused an answer: {page.message.text}")
            (first if n == 0 else other).append(took)
            page.next_button.click()
        page.close_all()
    return first, other


# main ------------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--parents", type=int, default=3, help="parents answering 12 items")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="btk-bench-parents-"))
    db = tmp / "parents.sqlite"
    store, frame, code, again, parents = make_store(db, args.parents)
    print(f"python {sys.executable}; chromium {CHROMIUM}; {os.cpu_count()} CPUs; phone 390x844")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    bare_dir = tmp / "bare"
    pages.write_notebooks(bare_dir, pages.BARE_NOTEBOOKS)
    port = free_port()
    bare = pages.Server(
        "bare voila",
        pages.voila_command(bare_dir, port, []),
        port,
        tmp / "bare.log",
        tmp,
        env=pages.voila_env(),
    )
    port = free_port()
    workbook = pages.Server(
        "betrokkenheid serve",
        [pages.cli(), "serve", "--port", str(port), "--db", str(db)],
        port,
        tmp / "workbook.log",
        tmp,
    )
    servers = [bare, workbook]
    link = f"voila/render/10_ouders.ipynb?s={code}"
    targets = [
        ("bare", bare, "voila/render/bare.ipynb", "bare", None),
        ("parents", workbook, link, "parents", None),
        ("parents-lang", workbook, f"{link}&lang=nl", "parents-lang", None),
        ("parents-again", workbook, link, "parents-again", (code, again)),
    ]
    try:
        for server in servers:
            server.start()
        for server in servers:
            print(
                f"  {server.name} answers on port {server.port} after {server.wait_ready():.1f} s"
            )
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            try:
                print(f"\n1. usable at phone size, {args.rounds} rounds (after a warm-up round)")
                got = usable(browser, servers, targets, args.rounds)
                usable_table(got)
                print(
                    f"\n2. a parent answering {len(frame.parents.items)} statements,"
                    f" {args.parents} parents"
                )
                stored_ms, said_ms = answering(browser, workbook, store, frame, parents)
            finally:
                browser.close()
        first = [stored_ms[i] for i in range(0, len(stored_ms), len(frame.parents.items))]
        rest = [v for i, v in enumerate(stored_ms) if i % len(frame.parents.items)]
        print(line("click -> in the store (every answer)", stored_ms, GOAL_MEDIAN_MS))
        print(line("  the first (makes the parent)", first))
        print(line("  the others", rest))
        print(line("click -> the page says saved (in the browser)", said_ms))
        ip_first, ip_rest = in_process(db, frame)
        print("  without browser or kernel (faces.value = v in this process):")
        print(line("  the first (makes the parent)", ip_first))
        print(line("  the others", ip_rest))
    finally:
        for server in servers:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
