"""Benchmark: the study day on one page (00_dag.ipynb, issue 11): Next and Back, and memory.

1. **Next → the next step usable**, at phone size (390×844, touch) in headless Chromium, on
   ``betrokkenheid serve`` with a fresh database. Timed from the click (``el.click()`` in the
   page) until the next step's first answer button is visible (polled every frame):

   * *day, after reading*: the day page; before each click the bench waits (bounded) until
     the next step has been built ahead and the servers are idle, as after a person has read
     the page. Forward through the five steps of a baseline session, then back.
   * *day, at once*: Next the moment a step is usable (the next step is mostly not built
     yet: it is built then, on demand).
   * *old way*: the separate notebooks: Next is a link, a new page with a new kernel.
   * *bare page*: a bare one-button Voila page (``bench/pages.py``'s) loaded at the same
     size in the same run, from ``goto`` to the button visible; served with the same
     options. Its kernel is shut down after each visit, as bench/pages.py does.

   Median and p95 (nearest rank) of each; goal: Next ≤ 0.3 s.
2. **Memory**: N participants (``--people``) each walk the first three steps, each in a
   browser context of their own, all pages kept open: once on the day page (one kernel each,
   steps 1 to 3 built, step 4 built ahead), once on the separate pages (Next opens a new
   page; the old page's kernel stops with Voila's beacon). Then, once everything is idle:
   RSS and PSS (shared pages counted once) of the server and all its kernels, from /proc
   (bench/room.py's way), beside the server alone before any page. And how long each of
   those N first pages, all asked for at once, took to be usable (each page notes it itself).

Run: ``.venv/bin/python bench/day.py [--rounds 3] [--people 10] [--no-memory]
[--no-switch]`` (about 5 to 10 minutes on 2 CPUs). Other work on the machine slows the
figures: the load average is printed at the start and at the end.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's package and tests/ first

import pages  # noqa: E402 - beside this script: servers, the bare page, quiet waits
import room  # noqa: E402 - beside this script: memory from /proc
from _browser import BROWSER_ARGS, CHROMIUM, free_port, is_kernel  # noqa: E402 - beside this script

PHONE = {"width": 390, "height": 844}
STEPS = ("perspectives", "triangle", "forms", "climate", "barriers")  # a baseline session
NOTEBOOKS = dict(
    zip(
        STEPS,
        (
            "01_betrokkenheid.ipynb",
            "02_driehoek.ipynb",
            "03_vormen.ipynb",
            "04_klimaat.ipynb",
            "05_drempels_kansen.ipynb",
        ),
        strict=True,
    )
)
LOAD_TIMEOUT = 90_000  # ms: a whole page (a kernel starts, the notebook runs)
SWITCH_TIMEOUT = 30_000  # ms: a switch that takes this long counts as failed
AHEAD_TIMEOUT = 30.0  # s: waiting for the next step to be built ahead
GOAL = 0.3  # s

USABLE_JS = """(sel) => [...document.querySelectorAll(sel)]
    .some(b => b.getClientRects().length > 0 && getComputedStyle(b).visibility !== 'hidden')"""
CLICK_JS = "(sel) => { document.querySelector(sel).click(); }"
# in every page of the memory run: when its first answer button became usable (ms from the
# start of the navigation), noted by the page itself, so that N pages opened at once are timed
# each on its own clock
NOTE_USABLE_JS = """(() => {
  const look = () => {
    const found = [...document.querySelectorAll('.btk-answers button')]
      .some(b => b.getClientRects().length > 0 && getComputedStyle(b).visibility !== 'hidden');
    if (found) { window.btkUsable = performance.now(); } else { requestAnimationFrame(look); }
  };
  requestAnimationFrame(look);
})();"""


def day_ready(step: str) -> str:
    return f".btk-day-step-{step} .btk-answers button"


OLD_READY = ".btk-answers button"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def line(name: str, seconds: list[float], bare: float | None, fails: int = 0) -> str:
    """Median and p95 of ``seconds``; beside ``bare`` (and the goal) when given."""
    if not seconds:
        return f"  {name:36} no measurement ({fails} failed)"
    median = statistics.median(seconds)
    beside = ""
    if bare:
        goal = "ok" if median <= GOAL else "MISSED"
        beside = f"  {median / bare:5.2f}x bare  (goal {GOAL} s: {goal})"
    return (
        f"  {name:36} median {median:6.3f} s   p95 {p95(seconds):6.3f} s   "
        f"n={len(seconds):3}{beside}" + (f"  failed {fails}" if fails else "")
    )


# 1. switching -----------------------------------------------------------------------------
def usable(tab, selector: str, timeout_ms: float) -> bool:
    try:
        tab.wait_for_function(USABLE_JS, arg=selector, polling="raf", timeout=timeout_ms)
        return True
    except Exception:  # noqa: BLE001 - a failed switch is a figure too
        return False


def click_and_time(tab, selector: str, ready: str) -> float | None:
    """Click ``selector`` and time until ``ready`` is usable (None: not within the bound)."""
    start = time.perf_counter()
    tab.evaluate(CLICK_JS, selector)
    if not usable(tab, ready, SWITCH_TIMEOUT):
        return None
    return time.perf_counter() - start


def bare_visit(browser, server: pages.Server, again: bool = False) -> float | None:
    """The bare page's load, from goto, in a new browser context; ``again``: loaded once
    before in the same tab, so its scripts come from the browser's cache (as a new notebook
    page's do after Next)."""
    mark = len(server.log_text())
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    try:
        if again:
            tab.goto(server.url("voila/render/bare.ipynb"), timeout=LOAD_TIMEOUT)
            usable(tab, ".widget-button", LOAD_TIMEOUT)
        start = time.perf_counter()
        tab.goto(server.url("voila/render/bare.ipynb"), wait_until="commit", timeout=LOAD_TIMEOUT)
        ok = usable(tab, ".widget-button", LOAD_TIMEOUT)
        return time.perf_counter() - start if ok else None
    finally:
        try:
            tab.goto("about:blank", timeout=10_000)
        except Exception:  # noqa: BLE001
            pass
        context.close()
        server.wait_log(pages.BEACON_REFUSED, 1, pages.BEACON_TIMEOUT, since=mark)
        for kernel in set(re.findall(pages.BEACON_REFUSED, server.log_text()[mark:])):
            pages.shutdown_kernel(server.url(f"voila/api/shutdown/{kernel}"))


def day_walk(browser, workbook: pages.Server, code: str, servers, at_once: bool) -> dict:
    """One participant through the day page: forward through the steps, then back."""
    got = {"times": [], "fails": 0, "load": None}  # times: (seconds, which, built ahead)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    try:
        start = time.perf_counter()
        tab.goto(workbook.url(f"voila/render/00_dag.ipynb?p={code}&lang=nl"), wait_until="commit")
        if not usable(tab, day_ready(STEPS[0]), LOAD_TIMEOUT):
            got["fails"] += 1
            return got
        got["load"] = time.perf_counter() - start
        route = [(STEPS[i], STEPS[i + 1], "next") for i in range(len(STEPS) - 1)]
        route += [(STEPS[i], STEPS[i - 1], "back") for i in range(len(STEPS) - 1, 0, -1)]
        for here, there, which in route:
            if not at_once:  # as after reading: the next step built ahead, all idle
                pages.within(
                    lambda there=there: tab.evaluate(
                        f"() => !!document.querySelector('.btk-day-step-{there} .btk-answers')"
                    ),
                    AHEAD_TIMEOUT,
                    f"{there} built ahead",
                    0.1,
                )
                pages.wait_quiet(servers)
            built = tab.evaluate(
                f"() => !!document.querySelector('.btk-day-step-{there} .btk-answers')"
            )
            took = click_and_time(tab, f".btk-day-step-{here} .btk-{which}", day_ready(there))
            if took is None:
                got["fails"] += 1
                return got
            got["times"].append((took, which, built))
    finally:
        context.close()
    return got


def old_walk(browser, workbook: pages.Server, code: str, servers) -> dict:
    """One participant through the separate pages with Next: a new page each time."""
    got = {"times": [], "fails": 0}
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    try:
        tab.goto(workbook.url(f"voila/render/{NOTEBOOKS[STEPS[0]]}?p={code}&lang=nl"))
        if not usable(tab, OLD_READY, LOAD_TIMEOUT):
            got["fails"] += 1
            return got
        for there in STEPS[1:]:
            pages.wait_quiet(servers)
            start = time.perf_counter()
            tab.evaluate(CLICK_JS, ".btk-next")
            try:
                tab.wait_for_url(re.compile(re.escape(NOTEBOOKS[there])), timeout=LOAD_TIMEOUT)
            except Exception:  # noqa: BLE001
                got["fails"] += 1
                return got
            if not usable(tab, OLD_READY, LOAD_TIMEOUT):
                got["fails"] += 1
                return got
            got["times"].append(time.perf_counter() - start)
    finally:
        context.close()
    return got


def switching(tmp: Path, rounds: int) -> None:
    from playwright.sync_api import sync_playwright

    from betrokkenheid.store import Store

    db = tmp / "switch.sqlite"
    store = Store(db)
    session = store.create_session("Bench school", "betrokkenheidsboom", "baseline")
    codes = [store.join(session.code, "teacher").code for _ in range(3 * rounds + 1)]
    store.engine.dispose()
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
    bares: list[float] = []
    warm: list[float] = []
    after: list[tuple] = []
    at_once: list[tuple] = []
    old: list[float] = []
    loads: list[float] = []
    fails = {"bare": 0, "warm": 0, "after": 0, "at_once": 0, "old": 0}
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            try:
                # a warm-up round, not counted (first imports, caches)
                bare_visit(browser, bare)
                day_walk(browser, workbook, codes.pop(), servers, at_once=True)
                for r in range(rounds):
                    print(f"  round {r + 1} of {rounds}", flush=True)
                    for key, into, again in (("bare", bares, False), ("warm", warm, True)):
                        pages.wait_quiet(servers)
                        got = bare_visit(browser, bare, again)
                        if got is None:
                            fails[key] += 1
                        else:
                            into.append(got)
                    for key, into, quick in (("after", after, False), ("at_once", at_once, True)):
                        pages.wait_quiet(servers)
                        walk = day_walk(browser, workbook, codes.pop(), servers, at_once=quick)
                        into += walk["times"]
                        fails[key] += walk["fails"]
                        if walk["load"]:
                            loads.append(walk["load"])
                    walk = old_walk(browser, workbook, codes.pop(), servers)
                    old += walk["times"]
                    fails["old"] += walk["fails"]
            finally:
                browser.close()
    finally:
        for server in servers:
            server.stop()
    bare_median = statistics.median(bares) if bares else None
    print("\nNext/Back → the next step usable, at 390×844 (from the click)")
    print(line("bare Voila page (load, from goto)", bares, None, fails["bare"]))
    print(line("bare page again (its scripts cached)", warm, None, fails["warm"]))
    for name, clicks, key in (
        ("day page, after reading", after, "after"),
        ("day page, at once", at_once, "at_once"),
    ):
        print(line(f"{name}: all", [t for t, _, _ in clicks], bare_median, fails[key]))
        for which in ("next", "back"):
            for built, how in ((True, "already built"), (False, "built on the click")):
                got = [t for t, w, b in clicks if w == which and b == built]
                if got:
                    print(line(f"  {which}, {how}", got, bare_median))
    print(line("old way: a new notebook page", old, bare_median, fails["old"]))
    if loads:
        print(
            f"  {'(day page, first load from goto)':36} median {statistics.median(loads):6.3f} s"
            f"   n={len(loads)}"
        )


# 2. memory --------------------------------------------------------------------------------
def tree_memory(pid: int) -> dict:
    procs = room.tree_of(pid)
    sizes = {p: room.memory_kib(p) for p in procs}
    kernels = [p for p in procs if is_kernel(p)]
    return {
        "rss": sum(r for r, _ in sizes.values()),
        "pss": sum(s for _, s in sizes.values()),
        "kernels": len(kernels),
        "kernel_rss": [sizes[k][0] for k in kernels],
        "kernel_pss": [sizes[k][1] for k in kernels],
        "server_rss": sizes.get(pid, (0, 0))[0],
    }


def memory_mode(tmp: Path, people: int, mode: str) -> dict:
    """``people`` participants walk steps 1 to 3 (``day``, ``day-plain``: the day page with
    kernels started the usual way, not forked; or ``separate``); the memory then."""
    from playwright.sync_api import sync_playwright

    from betrokkenheid.store import Store

    db = tmp / f"memory-{mode}.sqlite"
    store = Store(db)
    session = store.create_session("Bench school", "betrokkenheidsboom", "baseline")
    codes = [store.join(session.code, room.ROLES[i % len(room.ROLES)]).code for i in range(people)]
    store.engine.dispose()
    port = free_port()
    forks = "off" if mode == "day-plain" else "on"
    plain = {**os.environ, "BETROKKENHEID_FORKS": forks}
    server = pages.Server(
        f"serve ({mode})",
        [pages.cli(), "serve", "--port", str(port), "--db", str(db)],
        port,
        tmp / f"memory-{mode}.log",
        tmp,
        env=plain,
    )
    result = {"mode": mode, "people": people, "fails": 0, "first": []}
    day = mode.startswith("day")
    try:
        server.start()
        server.wait_ready()
        pages.within(
            lambda: pages._idle_for_a_window(lambda: pages.cpu_ticks(server.pids()), 2),
            30,
            "server idle",
            0,
        )
        result["before"] = tree_memory(server.proc.pid)
        sampler = room.Sampler(server.proc.pid)
        sampler.start()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            tabs = []
            try:
                for code in codes:  # all asked for at once, as a room does
                    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
                    tab = context.new_page()
                    tab.add_init_script(NOTE_USABLE_JS)
                    first = "00_dag.ipynb" if day else NOTEBOOKS[STEPS[0]]
                    tab.goto(
                        server.url(f"voila/render/{first}?p={code}&lang=nl"), wait_until="commit"
                    )
                    tabs.append(tab)
                for tab in tabs:  # the first page of each, all asked for at once
                    ready = day_ready(STEPS[0]) if day else OLD_READY
                    if usable(tab, ready, LOAD_TIMEOUT * 2):
                        tab.wait_for_function("() => window.btkUsable !== undefined")
                        result["first"].append(tab.evaluate("() => window.btkUsable") / 1000)
                for here, there in zip(STEPS[:2], STEPS[1:3], strict=True):
                    for tab in tabs:
                        ready = day_ready(here) if day else OLD_READY
                        if not usable(tab, ready, LOAD_TIMEOUT * 2):
                            result["fails"] += 1
                            continue
                        tab.locator(".btk-rating button:visible").first.click()
                        tab.evaluate(
                            CLICK_JS,
                            f".btk-day-step-{here} .btk-next" if day else ".btk-next",
                        )
                    if not day:
                        for tab in tabs:
                            try:
                                tab.wait_for_url(
                                    re.compile(re.escape(NOTEBOOKS[there])), timeout=LOAD_TIMEOUT
                                )
                            except Exception:  # noqa: BLE001
                                result["fails"] += 1
                for tab in tabs:
                    ready = day_ready(STEPS[2]) if day else OLD_READY
                    if not usable(tab, ready, LOAD_TIMEOUT * 2):
                        result["fails"] += 1
                if day:  # and the fourth step built ahead
                    for tab in tabs:
                        pages.within(
                            lambda tab=tab: tab.evaluate(
                                f"() => !!document.querySelector("
                                f"'.btk-day-step-{STEPS[3]} .btk-answers')"
                            ),
                            AHEAD_TIMEOUT,
                            "step 4 built ahead",
                            0.2,
                        )
                # idle: the pictures drawn, the kernels of pages left stopped
                pages.within(
                    lambda: (
                        room.tree_of(server.proc.pid)
                        and sum(is_kernel(p) for p in room.tree_of(server.proc.pid)) <= people
                    ),
                    60,
                    "the kernels of pages left to stop",
                    0.5,
                )
                pages.within(
                    lambda: pages._idle_for_a_window(lambda: pages.cpu_ticks(server.pids()), 3),
                    60,
                    "server and kernels idle",
                    0,
                )
                sampler.done.set()
                sampler.join(timeout=10)
                result["after"] = tree_memory(server.proc.pid)
                result["peak"] = sampler.peak
            finally:
                browser.close()
    finally:
        server.stop()
    return result


def bare_kernel(tmp: Path) -> tuple[int, int] | None:
    """(RSS, PSS) in KiB of the kernel of one open bare Voila page (ipykernel and
    ipywidgets, nothing of the workbook): what every page's kernel costs before the
    workbook adds anything."""
    from playwright.sync_api import sync_playwright

    folder = tmp / "bare-memory"
    pages.write_notebooks(folder, pages.BARE_NOTEBOOKS)
    port = free_port()
    server = pages.Server(
        "bare voila (memory)",
        pages.voila_command(folder, port, []),
        port,
        tmp / "bare-memory.log",
        tmp,
        env=pages.voila_env(),
    )
    try:
        server.start()
        server.wait_ready()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            try:
                tab = browser.new_context(viewport=PHONE).new_page()
                tab.goto(server.url("voila/render/bare.ipynb"))
                if not usable(tab, ".widget-button", LOAD_TIMEOUT):
                    return None
                pages.within(
                    lambda: pages._idle_for_a_window(lambda: pages.cpu_ticks(server.pids()), 2),
                    30,
                    "bare kernel idle",
                    0,
                )
                kernels = server.kernel_pids()
                return room.memory_kib(kernels[0]) if kernels else None
            finally:
                browser.close()
    finally:
        server.stop()


def report_memory(results: list[dict], bare: tuple[int, int] | None = None) -> None:
    mib = 1024
    print("\nMemory: N participants on steps 1 to 3 (server + kernels, after all is idle)")
    print(
        f"  {'way':10} {'N':>3} {'kernels':>7} {'RSS':>9} {'PSS':>9} {'peak RSS':>9}"
        f" {'kernel RSS':>11} {'kernel PSS':>11} {'PSS / person':>13}  → 50 / 100 people"
    )
    for r in results:
        before, after = r["before"], r["after"]
        per = (after["pss"] - before["pss"]) / r["people"] / mib
        k_rss = statistics.median(after["kernel_rss"]) / mib if after["kernel_rss"] else 0
        k_pss = statistics.median(after["kernel_pss"]) / mib if after["kernel_pss"] else 0
        base = before["pss"] / mib
        print(
            f"  {r['mode']:10} {r['people']:>3} {after['kernels']:>7}"
            f" {after['rss'] / mib:>5.0f} MiB {after['pss'] / mib:>5.0f} MiB"
            f" {r['peak'] / mib:>5.0f} MiB {k_rss:>7.0f} MiB {k_pss:>7.0f} MiB"
            f" {per:>9.0f} MiB  → {base + 50 * per:,.0f} / {base + 100 * per:,.0f} MiB"
            + (f"  (failed {r['fails']})" if r["fails"] else "")
        )
    print(
        f"  the server alone before any page: {results[0]['before']['pss'] / mib:.0f} MiB PSS;"
        " PSS / person = (PSS after − PSS before) / N; kernel figures are medians"
    )
    print("  the first page, all N asked for at once (from the start of each one's navigation):")
    for r in results:
        print(line(r["mode"], r["first"], None, r["people"] - len(r["first"])))
    if bare:
        print(
            f"  the kernel of a bare Voila page (one button): {bare[0] / mib:.0f} MiB RSS,"
            f" {bare[1] / mib:.0f} MiB PSS"
        )


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("MPLBACKEND", "Agg")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--people", type=int, default=10)
    parser.add_argument("--no-memory", action="store_true")
    parser.add_argument("--no-switch", action="store_true")
    parser.add_argument("--keep-logs", action="store_true")
    args = parser.parse_args(argv)
    print(f"bench/day.py: {os.cpu_count()} CPUs, chromium {CHROMIUM}")
    print(f"  load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    tmp = Path(tempfile.mkdtemp(prefix="btk-bench-day-"))
    try:
        if not args.no_switch:
            switching(tmp, args.rounds)
        if not args.no_memory:
            modes = ("separate", "day-plain", "day")
            results = [memory_mode(tmp, args.people, m) for m in modes]
            report_memory(results, bare_kernel(tmp))
        print(f"  load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        if args.keep_logs:
            print(f"  logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
