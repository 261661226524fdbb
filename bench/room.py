"""Benchmark: a room of participants on one machine: answers saved, and the server's memory.

1. **Answers.** ``--people`` participants (default 50), each a separate Python process, as the
   kernels of a room are. Each opens the store, joins the session (``Store.join``) and, once all
   have joined, gives ``--answers`` answers (``Store.save_answer``; every third one a text) with
   a random think time of 0 to 2×``--think`` seconds between them. Timed: every
   ``save_answer`` call, from call to return (the answer is committed). Run twice: a *burst*
   (think time 0: everyone at once, as fast as they can: the worst case) and a *room* (think
   time ``--think``).
2. **Memory.** ``betrokkenheid serve`` on a temporary database; headless Chromium opens the
   triangle page for 1, then 5, then 10 participants (``--kernels``), each in its own browser
   context, each page with its own kernel, all pages kept open (so none is culled). After each
   step, once all pages are ready and idle: the resident memory (RSS, and PSS, which counts
   shared pages once) of the server process and all its kernels, from ``/proc``; during the
   step the peak, sampled every 0.1 s. Growth per participant: the least-squares slope of total
   PSS over the number of kernels; 50 participants: the server alone plus 50 × that slope (a
   straight line: each participant has one kernel with one page open at a time).

Goals (issue 5): p95 of an answer saved ≤ 100 ms; say what one kernel costs.

Run: ``.venv/bin/python bench/room.py [--people 50] [--answers 60] [--think 0.5]
[--kernels 1,5,10] [--no-memory] [--no-answers]`` (about 2 to 4 minutes).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import queue
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's package first

from _browser import BROWSER_ARGS, CHROMIUM, is_kernel  # noqa: E402 - beside this script

GOAL_P95_MS = 100.0
TIMEOUT = 120.0  # s: bound on every wait for a process or a page
ROLES = ("teacher", "teacher", "teacher", "care_coordinator", "director", "childcare_staff")

PARTICIPANT = r"""
import json, random, sys, time
sys.path.insert(0, sys.argv[5])
from betrokkenheid.store import Store
db, session_code, role, answers, _root, think, seed = sys.argv[1:8]
answers, think, rng = int(answers), float(think), random.Random(int(seed))
start = time.perf_counter()
store = Store(db, pooled=False)  # as a page opens it
me = store.join(session_code, role)
joined = time.perf_counter() - start
print("ready", flush=True)
sys.stdin.readline()
times, errors = [], []
for i in range(answers):
    if think:
        time.sleep(rng.uniform(0, 2 * think))  # a person reading and thinking
    t = time.perf_counter()
    try:
        if i % 3 == 2:
            store.save_answer(me, "barriers", f"idea{i}", text=f"Een idee van {me.code}: {i}")
        else:
            store.save_answer(me, "triangle", f"item{i}", rng.randint(1, 5))
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    times.append(time.perf_counter() - t)
print(json.dumps({"join": joined, "times": times, "errors": errors}), flush=True)
"""


# figures ---------------------------------------------------------------------------------------
def p95(values: list[float]) -> float:
    """The 95th percentile, nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def ms_line(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"  {name:34} median {statistics.median(ms):7.1f} ms   p95 {p95(ms):7.1f} ms   "
        f"max {max(ms):7.1f} ms   (n={len(ms)})"
    )


def slope(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least-squares line through (xs, ys): (intercept, slope)."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
    return my - b * mx, b


# 1. answers -----------------------------------------------------------------------------------
def _readline(process: subprocess.Popen, timeout: float = TIMEOUT) -> str:
    box: list[str] = []
    reader = threading.Thread(target=lambda: box.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not box or not box[0]:
        raise RuntimeError(f"a participant said nothing within {timeout} s")
    return box[0]


def answers_round(db: Path | str, people: int, answers: int, think: float) -> dict:
    """``people`` processes answer at once in database ``db`` (a path or a URL); returns
    their times and errors."""
    from betrokkenheid import Store

    session = Store(db).create_session("Bench school", "betrokkenheidsboom", "baseline")
    started = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", PARTICIPANT, str(db), session.code, ROLES[i % len(ROLES)]]
            + [str(answers), str(ROOT), str(think), str(i)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for i in range(people)
    ]
    try:
        for proc in procs:
            assert _readline(proc).strip() == "ready"
        opened = time.perf_counter() - started
        go = time.perf_counter()
        for proc in procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        reports = [json.loads(_readline(proc)) for proc in procs]
        wall = time.perf_counter() - go
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait(timeout=TIMEOUT)
    store = Store(db)
    stored = len(store.session_answers(session))
    return {
        "times": [t for r in reports for t in r["times"]],
        "joins": [r["join"] for r in reports],
        "errors": [e for r in reports for e in r["errors"]],
        "stored": stored,
        "expected": people * answers,
        "opened": opened,
        "wall": wall,
    }


def report_answers(result: dict, title: str) -> None:
    print(f"\n{title}")
    print(ms_line("save_answer (call to commit)", result["times"]))
    print(ms_line("open store + join", result["joins"]))
    rate = len(result["times"]) / result["wall"] if result["wall"] else float("nan")
    print(
        f"  stored {result['stored']} of {result['expected']}, errors {len(result['errors'])}, "
        f"{rate:.0f} answers/s over {result['wall']:.1f} s "
        f"(processes started and joined in {result['opened']:.1f} s)"
    )
    for error in sorted(set(result["errors"]))[:5]:
        print(f"    error: {error}")
    verdict = "meets" if p95(result["times"]) * 1000 <= GOAL_P95_MS else "MISSES"
    print(f"  p95 {verdict} the goal of {GOAL_P95_MS:.0f} ms")


# 2. memory ------------------------------------------------------------------------------------
def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    return tree


def tree_of(pid: int) -> list[int]:
    """``pid`` and all its descendants."""
    tree, out, todo = _children(), [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += tree.get(p, [])
    return out


def memory_kib(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in KiB, from /proc; (0, 0) once it is gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {}
    for line in rollup.splitlines()[1:]:
        key, _, rest = line.partition(":")
        if rest.strip().endswith("kB"):
            values[key] = int(rest.split()[0])
    return values.get("Rss", 0), values.get("Pss", 0)


class Sampler(threading.Thread):
    """Samples the total RSS of a process tree every 0.1 s; ``peak`` in KiB."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.peak, self.done = pid, 0, threading.Event()

    def run(self):
        while not self.done.wait(0.1):
            total = sum(memory_kib(p)[0] for p in tree_of(self.pid))
            self.peak = max(self.peak, total)


class Server:
    """``betrokkenheid serve`` (localhost) on a free port, with the database given."""

    def __init__(self, db: Path):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        cli = Path(sys.executable).with_name("betrokkenheid")
        self.process = subprocess.Popen(
            [str(cli), "serve", "--port", str(self.port), "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        ready: queue.Queue = queue.Queue()

        def read():
            for line in self.process.stderr:
                if "running at" in line:
                    ready.put(True)
            ready.put(False)

        threading.Thread(target=read, daemon=True).start()
        try:
            ok = ready.get(timeout=TIMEOUT)
        except queue.Empty:
            ok = False
        if not ok:
            self.stop()
            raise RuntimeError("the server did not start")

    def url(self, code: str) -> str:
        return f"http://127.0.0.1:{self.port}/voila/render/02_driehoek.ipynb?p={code}"

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)


def memory_steps(folder: Path, steps: list[int]) -> list[dict]:
    """Open the triangle page for 1, ..., max(steps) participants; memory after each step."""
    from playwright.sync_api import sync_playwright

    from betrokkenheid import Store

    db = folder / "memory.sqlite"
    store = Store(db)
    session = store.create_session("Bench school", "betrokkenheidsboom", "baseline")
    codes = [store.join(session.code, ROLES[i % len(ROLES)]).code for i in range(max(steps))]
    server = Server(db)
    results = []
    try:
        sizes = [memory_kib(p) for p in tree_of(server.process.pid)]
        rss, pss = sum(r for r, _ in sizes), sum(p for _, p in sizes)
        results.append({"kernels": 0, "rss": rss, "pss": pss, "peak": rss, "per_kernel": []})
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            pages, opened = [], 0
            for n in steps:
                sampler = Sampler(server.process.pid)
                sampler.start()
                started = time.perf_counter()
                batch = []
                for code in codes[opened:n]:
                    context = browser.new_context()
                    context.set_default_timeout(TIMEOUT * 1000)
                    page = context.new_page()
                    page.goto(server.url(code), wait_until="commit")
                    batch.append(page)
                for page in batch:  # ready: the ratings are there; give one answer
                    try:
                        page.locator(".btk-rating button").first.wait_for()
                    except Exception:
                        text = page.content()[:1500]
                        raise RuntimeError(f"page not ready: {page.url}\n{text}") from None
                    page.locator(".btk-rating").first.locator("button").nth(2).click()
                    page.locator(".btk-status").filter(has_text=":").wait_for()
                pages += batch
                opened = n
                ready = time.perf_counter() - started
                sampler.done.set()
                sampler.join(timeout=10)
                procs = tree_of(server.process.pid)
                kernels = [p for p in procs if is_kernel(p)]
                sizes = {p: memory_kib(p) for p in procs}
                results.append(
                    {
                        "kernels": len(kernels),
                        "rss": sum(r for r, _ in sizes.values()),
                        "pss": sum(p for _, p in sizes.values()),
                        "peak": max(sampler.peak, sum(r for r, _ in sizes.values())),
                        "per_kernel": [sizes[k][0] for k in kernels],
                        "per_kernel_pss": [sizes[k][1] for k in kernels],
                        "server_rss": sizes[server.process.pid][0],
                        "ready": ready,
                        "pages": len(pages),
                    }
                )
            browser.close()
    finally:
        server.stop()
    return results


def report_memory(results: list[dict], people: int) -> None:
    mib = 1024
    print("\nMemory of `betrokkenheid serve` with N open triangle pages (one kernel each)")
    print(
        f"  {'N':>3} {'kernels':>7} {'RSS total':>10} {'PSS total':>10} {'peak RSS':>9} "
        f"{'server':>7} {'kernel RSS':>11} {'kernel PSS':>11} {'pages ready in':>15}"
    )
    for r in results:
        per = statistics.median(r["per_kernel"]) / mib if r["per_kernel"] else 0
        per_pss = statistics.median(r.get("per_kernel_pss") or [0]) / mib
        print(
            f"  {r.get('pages', 0):>3} {r['kernels']:>7} {r['rss'] / mib:>8.0f} MiB "
            f"{r['pss'] / mib:>6.0f} MiB {r['peak'] / mib:>5.0f} MiB "
            f"{r.get('server_rss', r['rss']) / mib:>4.0f} MiB {per:>7.0f} MiB {per_pss:>7.0f} MiB "
            f"{r.get('ready', 0):>13.1f} s"
        )
    xs = [r["kernels"] for r in results]
    base_pss, per_pss = slope(xs, [r["pss"] / mib for r in results])
    base_rss, per_rss = slope(xs, [r["rss"] / mib for r in results])
    print(
        f"  growth per participant (least squares over N): {per_pss:.0f} MiB PSS "
        f"({per_rss:.0f} MiB RSS, which counts shared libraries in every kernel)"
    )
    print(
        f"  extrapolated to {people} participants: {base_pss + people * per_pss:,.0f} MiB PSS "
        f"(line: {base_pss:.0f} MiB + {people} × {per_pss:.0f} MiB); "
        f"RSS sum {base_rss + people * per_rss:,.0f} MiB"
    )


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("MPLBACKEND", "Agg")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--answers", type=int, default=60)
    parser.add_argument("--think", type=float, default=0.5, help="mean seconds between answers")
    parser.add_argument("--kernels", default="1,5,10", help="numbers of open pages, ascending")
    parser.add_argument("--no-memory", action="store_true", help="skip the server's memory")
    parser.add_argument("--no-answers", action="store_true", help="skip the answer timings")
    args = parser.parse_args(argv)
    steps = sorted({int(n) for n in args.kernels.split(",") if n.strip()})

    print(f"bench/room.py: {args.people} participants × {args.answers} answers")
    print(f"  machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    with tempfile.TemporaryDirectory(prefix="btk-bench-room-") as tmp:
        folder = Path(tmp)
        if not args.no_answers:
            burst = answers_round(folder / "burst.sqlite", args.people, args.answers, 0.0)
            report_answers(burst, f"Burst: all {args.people} answer at once, no think time")
            room = answers_round(folder / "room.sqlite", args.people, args.answers, args.think)
            report_answers(room, f"Room: think time 0 to {2 * args.think:g} s between answers")
        if not args.no_memory:
            report_memory(memory_steps(folder, steps), args.people)
    print(f"  load average {os.getloadavg()[0]:.1f} at the end (other work on this machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
