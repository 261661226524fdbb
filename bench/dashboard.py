"""Benchmark: a new answer anywhere in the room → shown on the trainer's dashboard.

Serves the workbook (``betrokkenheid serve``) on a temporary database, opens the dashboard of
a session in headless Chromium and then, round after round, lets one more person join and
answer through the store (as a page's kernel does). Each round is timed from the moment the
answer is saved to the moment the dashboard's counter shows that person. The dashboard polls
the store every ``POLL_SECONDS``; goal: ≤ 1 s.

Run: ``.venv/bin/python bench/dashboard.py [rounds]``
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _browser import BROWSER_ARGS, CHROMIUM, free_port  # beside this script


def _wait_until_serving(process, deadline: float) -> None:
    for line in process.stderr:
        if "running at" in line:
            return
        if time.monotonic() > deadline:
            break
    raise RuntimeError("Voila did not start")


def main(rounds: int = 12) -> None:
    from playwright.sync_api import sync_playwright

    from betrokkenheid import Store
    from betrokkenheid.ui.dashboard_page import POLL_SECONDS

    folder = Path(tempfile.mkdtemp(prefix="btk-bench-dash-"))
    db = folder / "room.sqlite"
    store = Store(db)
    session = store.create_session("Bench", "betrokkenheidsboom", "baseline")
    port = free_port()
    cli = Path(sys.executable).with_name("betrokkenheid")
    server = subprocess.Popen(
        [str(cli), "serve", "--port", str(port), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _wait_until_serving(server, time.monotonic() + 60)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            page = browser.new_page()
            page.goto(
                f"http://localhost:{port}/voila/render/06_dashboard.ipynb?s={session.code}",
                timeout=60_000,
            )
            page.wait_for_selector(".btk-info", timeout=60_000)
            waits = []
            for n in range(1, rounds + 1):
                me = store.join(session.code, "teacher")
                store.save_answer(me, "triangle", "parent_school.equality", 3)
                start = time.perf_counter()
                page.wait_for_function(
                    "n => document.querySelector('.btk-info').innerText.includes(n + ' mensen')",
                    arg=n,
                    timeout=10_000,
                )
                waits.append(time.perf_counter() - start)
            browser.close()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    waits.sort()
    p95 = waits[min(len(waits) - 1, round(0.95 * (len(waits) - 1)))]
    print(f"dashboard polls every {POLL_SECONDS:.1f} s; {rounds} rounds")
    print(
        f"new answer -> on the dashboard: median {statistics.median(waits):.2f} s, "
        f"p95 {p95:.2f} s, max {waits[-1]:.2f} s"
    )
    verdict = "ok" if p95 <= 1.0 else "MISSES"
    print(f"goal: <= 1 s: p95 {p95:.2f} s {verdict}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 12)
