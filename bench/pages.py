"""Benchmark: time to the first usable widget of each page in headless Chromium.

Each page is measured next to a bare one-widget Voila page served with the same options in the
same run, so the ratio page / bare says what the workbook adds on top of Voila itself.

* bare: a notebook in a temporary folder with one cell,
  ``import ipywidgets as w; w.Button(description="ok")``, served by
  ``python -m voila FOLDER`` with the options of ``betrokkenheid serve`` (its template too)
  but not what its own server adds: its kernels (forked, and the client that waits for no
  silence), the scripts named in the head and the webpack chunks in one script: a plain page;
* the workbook: ``betrokkenheid serve --db TMP`` on a demo database (``betrokkenheid demo``)
  with one more participant whose code opens the triangle page.

Rounds are interleaved after one warm-up round, each round in its own shuffled order (seeded
by the round's number) so that no page is always the one after another, each visit
in a fresh browser context, each after a bounded wait for the servers and kernels to be idle.
A visit ends by leaving the page; Voila's own kernel-shutdown beacon is refused (403, no _xsrf
cookie: voila-dashboards/voila#1458), so the bench then shuts that kernel down itself.
Ready means: bare, ``.widget-button`` visible; start, the join button (``.btk-primary``)
visible and enabled; triangle, the first ``.btk-rating button`` visible; picture,
``.btk-picture img`` loaded with a size. The browser's navigation timing splits each visit:
first byte, HTML received (Voila sends the end of the page only after the notebook ran) and
the widget drawn.

Then the same with Voila's preheated kernels (``--preheat_kernel=True --pool_size=1``): the
notebook runs before the request, so URL parameters are not known when it runs. An experiment
beside it (``*-wait``): notebooks in a temporary folder that import and warm up, then call
``voila.utils.wait_for_request()`` so that ``?p=CODE`` is known, then build the page.

Finally each page's cell alone in a real kernel (jupyter_client, no Voila, no browser), and
the imports that dominate it (``-X importtime`` in a fresh process after importing ipykernel).

Beside them the workbook's start and triangle pages on a second ``betrokkenheid serve`` with
``BETROKKENHEID_FORKS=off``: kernels started the usual way instead of forked from the room's
fork server (betrokkenheid/kernels.py).

Goal: page / bare ≤ 0.7 (issue 11; it was ≤ 1.2 before the kernels were forked).

Run: ``.venv/bin/python bench/pages.py [--rounds 7] [--no-preheat] [--no-experiment]
[--no-cells] [--keep-logs] [--pages triangle,forms]`` (about 10 minutes on 2 CPUs)

This file measures; bench/_report.py prints the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's package and tests/ first

import _report  # noqa: E402 - beside this script
from _browser import BROWSER_ARGS, CHROMIUM, free_port, is_kernel  # noqa: E402 - beside this script

from tests.helpers import stop_group, wait_for  # noqa: E402

PREHEAT_OPTIONS = ["--preheat_kernel=True", "--pool_size=1"]
SERVER_START_TIMEOUT = 90.0  # s, until a server answers HTTP
VISIT_TIMEOUT = 60.0  # s, one page visit from goto to ready
QUIET_TIMEOUT = 30.0  # s, for our servers and kernels to become idle before a visit
MACHINE_QUIET_TIMEOUT = 5.0  # s, then for the whole machine (other people's work) to be idle
QUIET_WINDOW = 0.25  # s, one measuring window of CPU use
BEACON_TIMEOUT = 3.0  # s, for Voila's kernel-shutdown beacon to show in the server log
BEACON_REFUSED = r"403 POST /voila/api/shutdown/([0-9a-f-]+) \(127\.0\.0\.1\) [\d.]+ms"
CELL_RUNS = 3  # kernels started per page's cell

BARE_CELL = 'import ipywidgets as w; w.Button(description="ok")'
BARE_WAIT_CELLS = (
    "import ipywidgets as w\nfrom voila.utils import wait_for_request\nwait_for_request()",
    'w.Button(description="ok")',
)
OTHER_PAGES = (
    ("perspectives", "01_betrokkenheid.ipynb"),
    ("forms", "03_vormen.ipynb"),
    ("climate", "04_klimaat.ipynb"),
    ("barriers", "05_drempels_kansen.ipynb"),
)

_VISIBLE = (
    "(el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'"
)
# each returns performance.now() (truthy) once the condition holds
READY_JS = {
    "bare": f"""() => {{ const v = {_VISIBLE};
        return [...document.querySelectorAll('.widget-button')].some(v)
            && performance.now(); }}""",
    "start": f"""() => {{ const v = {_VISIBLE};
        return [...document.querySelectorAll('.btk-primary button, button.btk-primary')]
            .some(b => v(b) && !b.disabled) && performance.now(); }}""",
    "triangle": f"""() => {{ const v = {_VISIBLE};
        return [...document.querySelectorAll('.btk-rating button')].some(v)
            && performance.now(); }}""",
    # any other exercise page: its first answer button
    "exercise": f"""() => {{ const v = {_VISIBLE};
        return [...document.querySelectorAll('.btk-answers button')].some(v)
            && performance.now(); }}""",
    # with preheated kernels the triangle page cannot know ?p=CODE: its code form is usable
    "triangle-or-form": f"""() => {{ const v = {_VISIBLE};
        return [...document.querySelectorAll(
                '.btk-rating button, .btk-primary button, button.btk-primary')]
            .some(b => v(b) && !b.disabled) && performance.now(); }}""",
}
# an empty Image widget has a src too (an empty blob): drawn means the image has a size
PICTURE_JS = """() => [...document.querySelectorAll('.btk-picture img')]
    .some(i => i.complete && i.naturalWidth > 0) && performance.now()"""
SHOWS_JS = """() => ({
    rating_buttons: document.querySelectorAll('.btk-rating button').length,
    picture: [...document.querySelectorAll('.btk-picture img')]
        .some(i => i.complete && i.naturalWidth > 0),
    errors: [...document.querySelectorAll('.btk-message-error')].map(e => e.textContent),
})"""
NAV_JS = """() => { const n = performance.getEntriesByType('navigation')[0];
    return {ttfb: n.responseStart, html: n.responseEnd, dcl: n.domContentLoadedEventEnd}; }"""


def within(condition, timeout: float, what: str, every: float = 0.05) -> bool:
    """``wait_for`` (bounded), as a yes or no instead of an error at the timeout."""
    try:
        return bool(wait_for(condition, timeout, what, every))
    except AssertionError:
        return False


# processes ----------------------------------------------------------------------------------------
def descendants(pid: int) -> list[int]:
    """The pids of everything ``pid`` started, and what those started (from /proc)."""
    tree: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        child, parent = int(text.split()[0]), int(text[text.rindex(")") + 2 :].split()[1])
        tree.setdefault(parent, []).append(child)
    found, todo = [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def cpu_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def machine_ticks() -> int:
    """CPU ticks spent by everything on this machine (all CPUs), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return user + nice + system + irq + softirq + steal


@dataclass
class Server:
    """A process (group) we start, wait for and stop: Voila or ``betrokkenheid serve``."""

    name: str
    command: list[str]
    port: int
    log_path: Path
    cwd: Path
    env: dict | None = None  # None: this process's
    proc: subprocess.Popen | None = None

    def start(self) -> Server:
        self._log = open(self.log_path, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            self.command,
            env=self.env,
            cwd=self.cwd,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def _answers(self) -> bool:
        if self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} exited ({self.proc.returncode}):\n{self.tail()}")
        try:
            with urllib.request.urlopen(self.url("voila/"), timeout=5) as response:
                response.read(1)
        except urllib.error.HTTPError:
            pass  # it answers; the status is not our concern
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return False
        return True

    def wait_ready(self) -> float:
        """Wait (bounded) until the server answers HTTP; returns the seconds it took."""
        start = time.perf_counter()
        if not within(self._answers, SERVER_START_TIMEOUT, f"{self.name} to answer", 0.1):
            raise RuntimeError(
                f"{self.name} did not answer within {SERVER_START_TIMEOUT:.0f} s:\n{self.tail()}"
            )
        return time.perf_counter() - start

    def wait_log(self, pattern: str, count: int, timeout: float, since: int = 0) -> bool:
        """Wait (bounded) until ``pattern`` appears ``count`` times in the log (from ``since``)."""
        return within(
            lambda: len(re.findall(pattern, self.log_text()[since:])) >= count,
            timeout,
            f"{pattern!r} in the log of {self.name}",
        )

    def log_text(self) -> str:
        self._log.flush()
        return self.log_path.read_text("utf-8", errors="replace")

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def pids(self) -> list[int]:
        return [self.proc.pid, *descendants(self.proc.pid)]

    def kernel_pids(self) -> list[int]:
        return [pid for pid in descendants(self.proc.pid) if is_kernel(pid)]

    def kernel_rss(self) -> list[int]:
        """Resident memory (MB) of each kernel process of this server."""
        sizes = []
        for pid in self.kernel_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
            sizes.append(round(kb / 1024))
        return sorted(sizes)

    def stop(self) -> None:
        """Stop the process group we started, then any kernel left behind (by pid)."""
        if self.proc is None:  # never started: an earlier server failed to start
            return
        left = descendants(self.proc.pid)  # kernels run in sessions of their own
        stop_group(self.proc)
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self._log.close()


# the workbook's own ways to a page's kernel (betrokkenheid/kernels.py): not a plain page's
WORKBOOK_ONLY = ("--KernelProvisionerFactory.", "--KernelManager.client_factory")


def voila_options(port: int) -> list[str]:
    """The Voila options of ``betrokkenheid serve`` (``betrokkenheid.serve.make_plan``),
    for 127.0.0.1, without the folder and without :data:`WORKBOOK_ONLY`."""
    from betrokkenheid.serve import make_plan

    argv = make_plan("FOLDER", port).argv[1:]
    return [option for option in argv if not option.startswith(WORKBOOK_ONLY)]


def voila_env(extra: dict | None = None) -> dict:
    """The environment Voila runs in: with the workbook's template on JUPYTER_PATH, as
    ``betrokkenheid serve`` has it, so the bare page gets the same page around it."""
    from betrokkenheid.serve import jupyter_env

    return {**jupyter_env(), **(extra or {})}


def voila_command(folder: Path, port: int, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "voila", str(folder), *voila_options(port), *extra]


def cli() -> str:
    """The ``betrokkenheid`` command installed beside this Python (.venv/bin)."""
    here = Path(sys.executable).parent / "betrokkenheid"
    if not here.exists():
        raise SystemExit(f"cannot find the `betrokkenheid` command at {here}")
    return str(here)


# notebooks and data ---------------------------------------------------------------------------
def notebook_json(cells: tuple[str, ...]) -> str:
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"cell{i}",
                "metadata": {},
                "outputs": [],
                "source": [source],
            }
            for i, source in enumerate(cells)
        ],
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(notebook, indent=1)


def write_notebooks(folder: Path, notebooks: dict[str, tuple[str, ...]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, cells in notebooks.items():
        (folder / name).write_text(notebook_json(cells), encoding="utf-8")


BARE_NOTEBOOKS = {"bare.ipynb": (BARE_CELL,), "bare_wait.ipynb": BARE_WAIT_CELLS}
# The experiment: a preheated kernel imports and warms up (a throwaway page on an in-memory
# store, then closed), waits for the visitor's request, and only then builds the real page.
_WARM = (
    "from betrokkenheid.store import Store\n"
    "import ipywidgets\n"
    "from voila.utils import wait_for_request\n"
    "_store = Store('sqlite://')\n"
    "_code = _store.create_session('warm-up', 'betrokkenheidsboom', 'baseline').code\n"
    "{page}(_store, _store.join(_code, 'teacher').code)  # first-use costs, before the request\n"
    "ipywidgets.Widget.close_all()\n"
    "del _store, _code\n"
    "wait_for_request()  # a preheated kernel waits here for the visitor's URL"
)
WAIT_CELLS = {
    "00_start.ipynb": (
        "from betrokkenheid.ui import StartPage\n" + _WARM.format(page="StartPage"),
        "StartPage.from_request()",
    ),
    "02_driehoek.ipynb": (
        "from betrokkenheid.ui import TrianglePage\n" + _WARM.format(page="TrianglePage"),
        "TrianglePage.from_request()",
    ),
}


def make_demo_db(db: Path) -> str:
    """The demo school in ``db``, plus one participant: returns that participant's code."""
    done = subprocess.run(
        [cli(), "demo", "--db", str(db)], capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        raise SystemExit(f"betrokkenheid demo failed:\n{done.stderr}")
    code = next(line.split()[-1] for line in done.stdout.splitlines() if "baseline" in line)
    from betrokkenheid.store import Store

    store = Store(db)
    participant = store.join(code, "teacher").code
    store.engine.dispose()
    return participant


# browser ----------------------------------------------------------------------------------------
@dataclass
class Target:
    name: str
    server: Server
    path: str
    ready: str  # key of READY_JS
    notebook: str  # its name in the server log (preheated pools)
    picture: bool = False


@dataclass
class Visit:
    ready: float | None = None  # s from goto to first usable widget
    picture: float | None = None
    nav: dict = field(default_factory=dict)
    shows: dict = field(default_factory=dict)
    widget_at: float | None = None  # ms, performance.now() when ready
    error: str = ""
    beacon_refused: bool = False
    busy: bool = False  # the machine was busy with other work before this visit
    kernel_shut: bool = False


def shutdown_kernel(url: str) -> bool:
    """Do what Voila's ``beforeunload`` beacon means to do: shut the page's kernel down.

    The beacon itself is refused (403, "'_xsrf' argument missing from POST": Voila sets no
    ``_xsrf`` cookie; voila-dashboards/voila#1458), so every visited page would leave its
    kernel running. We send the same request with a matching xsrf cookie and form field.
    """
    request = urllib.request.Request(
        url,
        data=b"_xsrf=bench",
        headers={"Cookie": "_xsrf=bench", "X-XSRFToken": "bench"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status in (200, 204)
    except (urllib.error.URLError, OSError):
        return False


def visit(browser, target: Target) -> Visit:
    result = Visit()
    mark = len(target.server.log_text())
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    timeout_ms = VISIT_TIMEOUT * 1000
    try:
        start = time.perf_counter()
        page.goto(target.server.url(target.path), wait_until="commit", timeout=timeout_ms)
        handle = page.wait_for_function(READY_JS[target.ready], polling="raf", timeout=timeout_ms)
        result.ready = time.perf_counter() - start
        result.widget_at = handle.json_value()
        if target.picture:
            left = max(1000.0, timeout_ms - result.ready * 1000)
            page.wait_for_function(PICTURE_JS, polling="raf", timeout=left)
            result.picture = time.perf_counter() - start
        result.nav = page.evaluate(NAV_JS)
        result.shows = page.evaluate(SHOWS_JS)
    except Exception as exc:  # noqa: BLE001 - a failed visit is a figure too
        result.error = f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:160]}"
        try:
            result.shows = page.evaluate(SHOWS_JS)
            text = page.evaluate("() => document.body ? document.body.innerText : ''")
            result.error += f" | page text: {' '.join(text.split())[:200]!r}"
        except Exception:  # noqa: BLE001
            pass
    finally:
        try:  # leaving the page fires Voila's beforeunload beacon (kernel shutdown)
            page.goto("about:blank", timeout=10_000)
        except Exception:  # noqa: BLE001
            pass
        context.close()
        # the beacon reaches the server at once; its log line names the kernel
        target.server.wait_log(BEACON_REFUSED, 1, BEACON_TIMEOUT, since=mark)
        for kernel in set(re.findall(BEACON_REFUSED, target.server.log_text()[mark:])):
            result.beacon_refused = True
            result.kernel_shut |= shutdown_kernel(target.server.url(f"voila/api/shutdown/{kernel}"))
    return result


def _idle_for_a_window(ticks, most: int) -> bool:
    before = ticks()
    time.sleep(QUIET_WINDOW)  # a measuring window, bounded by the caller's deadline
    return ticks() - before <= most


def wait_quiet(servers: list[Server]) -> bool:
    """Wait (bounded) until our servers and kernels are idle (a refilled kernel pool running
    its notebook, or a kernel shutting down, would slow the next visit), then a little for the
    whole machine to be idle too. False when the machine stayed busy (other people's work)."""
    tick = os.sysconf("SC_CLK_TCK") * QUIET_WINDOW
    ours = max(1, int(tick * 0.05))  # 5% of one CPU
    machine = max(2, int(tick * 0.30))  # 30% of one CPU

    def our_ticks() -> int:
        return cpu_ticks([pid for s in servers for pid in s.pids()])

    within(lambda: _idle_for_a_window(our_ticks, ours), QUIET_TIMEOUT, "our servers idle", 0)
    return within(
        lambda: _idle_for_a_window(machine_ticks, machine),
        MACHINE_QUIET_TIMEOUT,
        "the machine idle",
        0,
    )


def run_rounds(
    targets: list[Target], rounds: int, preheat: bool, servers: list[Server]
) -> tuple[dict[str, Visit], dict[str, list[Visit]]]:
    """A warm-up round in the given order, then ``rounds`` rounds each in its own shuffled
    order: (the warm-up visits, the counted visits), by page."""
    from playwright.sync_api import sync_playwright

    visits: dict[str, list[Visit]] = {t.name: [] for t in targets}
    warm: dict[str, Visit] = {}
    refills: dict[str, int] = {t.name: 1 for t in targets}
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=BROWSER_ARGS, timeout=VISIT_TIMEOUT * 1000
        )
        try:
            for r in range(-1, rounds):
                order = list(targets)
                if r >= 0:
                    random.Random(r).shuffle(order)
                for target in order:
                    if preheat:  # wait (bounded) until this page's pool has a kernel again
                        pattern = rf"Kernel pool of {re.escape(target.notebook)} is filled"
                        target.server.wait_log(pattern, refills[target.name], VISIT_TIMEOUT)
                        refills[target.name] += 1
                    quiet = wait_quiet(servers)
                    got = visit(browser, target)
                    got.busy = not quiet
                    if r < 0:
                        warm[target.name] = got
                    else:
                        visits[target.name].append(got)
        finally:
            browser.close()
    return warm, visits


def serving(tmp: Path, db: Path, kernels: str, log: str, forks: str) -> Server:
    """``betrokkenheid serve`` on a free port, its kernels forked (``forks="on"``, the default:
    betrokkenheid/kernels.py) or not."""
    from betrokkenheid.kernels import FORKS_ENV

    port = free_port()
    return Server(
        f"betrokkenheid serve, kernels {kernels}",
        [cli(), "serve", "--port", str(port), "--db", str(db)],
        port,
        tmp / log,
        tmp,
        env={**os.environ, FORKS_ENV: forks},
    )


def phase(
    tmp: Path,
    db: Path,
    participant: str,
    rounds: int,
    preheat: bool,
    experiment: bool = False,
    pages: frozenset[str] | None = None,
) -> dict[str, list[Visit]]:
    """Serve the bare page and the workbook, plain or preheated (and with ``experiment`` the
    wait_for_request notebooks), and visit them in rounds."""
    from betrokkenheid._paths import notebooks_dir
    from betrokkenheid.store import DB_ENV

    extra = PREHEAT_OPTIONS if preheat else []
    suffix = "-preheat" if preheat else ""
    bare_dir = tmp / "bare"
    write_notebooks(bare_dir, BARE_NOTEBOOKS)
    port = free_port()
    bare = Server(
        f"bare voila{suffix}",
        voila_command(bare_dir, port, extra),
        port,
        tmp / f"bare{suffix}.log",
        tmp,
        env=voila_env(),
    )
    if preheat:  # `betrokkenheid serve` takes no Voila options: the same command, by hand
        port = free_port()
        project = Server(
            "workbook voila-preheat",
            voila_command(notebooks_dir(), port, extra),
            port,
            tmp / "workbook-preheat.log",
            tmp,
            env=voila_env({DB_ENV: str(db)}),
        )
    else:
        project = serving(tmp, db, "forked", "workbook.log", forks="on")
    servers = [bare, project]
    triangle_url = f"voila/render/02_driehoek.ipynb?p={participant}"
    targets = [
        Target(f"bare{suffix}", bare, "voila/render/bare.ipynb", "bare", "bare.ipynb"),
        Target(f"start{suffix}", project, "voila/render/00_start.ipynb", "start", "00_start.ipynb"),
        Target(
            f"triangle{suffix}",
            project,
            triangle_url,
            "triangle-or-form" if preheat else "triangle",
            "02_driehoek.ipynb",
            picture=not preheat,
        ),
    ]
    if not preheat:  # the other exercise pages (they need ?p=CODE, so no preheating)
        targets += [
            Target(name, project, f"voila/render/{notebook}?p={participant}", "exercise", notebook)
            for name, notebook in OTHER_PAGES
        ]
    if not preheat:  # the same pages with kernels started the usual way, beside them
        unforked = serving(tmp, db, "not forked", "workbook-unforked.log", forks="off")
        servers.append(unforked)
        targets += [
            Target(
                "start-unforked", unforked, "voila/render/00_start.ipynb", "start", "00_start.ipynb"
            ),
            Target("triangle-unforked", unforked, triangle_url, "triangle", "02_driehoek.ipynb"),
        ]
    if experiment:
        wait_dir = tmp / "wait-notebooks"
        write_notebooks(wait_dir, WAIT_CELLS)
        port = free_port()
        waiting = Server(
            "workbook voila-preheat + warm-up + wait_for_request (experiment)",
            voila_command(wait_dir, port, extra),
            port,
            tmp / "workbook-wait.log",
            tmp,
            env=voila_env({DB_ENV: str(db)}),
        )
        servers.append(waiting)
        targets += [
            Target(
                "bare-preheat-wait", bare, "voila/render/bare_wait.ipynb", "bare", "bare_wait.ipynb"
            ),
            Target(
                "start-preheat-wait",
                waiting,
                "voila/render/00_start.ipynb",
                "start",
                "00_start.ipynb",
            ),
            Target(
                "triangle-preheat-wait",
                waiting,
                triangle_url,
                "triangle",
                "02_driehoek.ipynb",
                picture=True,
            ),
        ]
    if pages is not None:  # the bare page always, as the baseline
        targets = [t for t in targets if t.name == "bare" or t.name in pages]
    try:
        for server in servers:
            server.start()
        for server in servers:
            took = server.wait_ready()
            print(f"  {server.name} answers on port {server.port} after {took:.1f} s")
        warm, visits = run_rounds(targets, rounds, preheat, servers)
        _report.warm_up(warm)
        _report.servers_after(
            visits,
            [(s.name, len(s.kernel_pids())) for s in servers],
            [(s.name, s.kernel_rss()) for s in servers],
        )
        return visits
    finally:
        for server in servers:
            server.stop()


# the Python work of a page's cell -------------------------------------------------------------
KERNEL_SETUP = "import ipykernel.ipkernel"  # a kernel has IPython, traitlets, zmq, comm loaded
CELL_CHILD = """\
import sys, time
{setup}
print("BENCH-SETUP-DONE", file=sys.stderr, flush=True)
t0 = time.perf_counter()
{cell}
print("BENCH", time.perf_counter() - t0)
"""


def run_in_kernel(cell: str, env: dict) -> tuple[float, float, float, int]:
    """Start a kernel and run ``cell``: (kernel start s, cell until idle s, deferred s, iopub
    messages). Deferred: how long the kernel stays busy after the cell (work it scheduled to
    run after the cell, such as a first picture), measured as the wait for a following
    ``pass`` to finish; the browser's requests for the widgets wait just as long."""
    from jupyter_client.manager import start_new_kernel

    start = time.perf_counter()
    manager, client = start_new_kernel(
        kernel_name="python3",
        env=env,
        cwd=str(ROOT),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        startup_timeout=60,
    )

    def execute(code: str) -> tuple[float, int]:
        begin = time.perf_counter()
        msg_id = client.execute(code)
        count = 0
        while True:  # bounded: get_iopub_msg raises queue.Empty after 60 s
            msg = client.get_iopub_msg(timeout=60)
            count += 1
            if msg["msg_type"] == "error":
                raise RuntimeError(f"the cell failed: {msg['content']['evalue']}")
            state = msg["content"].get("execution_state")
            if state == "idle" and msg["parent_header"].get("msg_id") == msg_id:
                return time.perf_counter() - begin, count

    try:
        started = time.perf_counter() - start
        cell_time, count = execute(cell)
        deferred, more = execute("pass")
        return started, cell_time, deferred, count + more - 3  # the pass's own 3 messages
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def import_times(cell: str, env: dict) -> dict[str, int]:
    """Self import time (µs) by top-level package of what ``cell`` imports beyond a kernel's
    own modules, from ``-X importtime`` in a fresh process."""
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            CELL_CHILD.format(setup=KERNEL_SETUP, cell=cell),
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    by_package: dict[str, int] = {}
    for line in done.stderr.split("BENCH-SETUP-DONE", 1)[-1].splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)", line)
        if match:
            package = match.group(2).split(".")[0]
            by_package[package] = by_package.get(package, 0) + int(match.group(1))
    return by_package


def cell_costs(db: Path, participant: str) -> None:
    cells = {
        "bare": ("", BARE_CELL),
        "start": ("", "from betrokkenheid.ui import StartPage\nStartPage.from_request()"),
        "triangle": (
            f"p={participant}",
            "from betrokkenheid.ui import TrianglePage\nTrianglePage.from_request()",
        ),
    }
    _report.cells_title(CELL_RUNS)
    for name, (query, cell) in cells.items():
        env = {**os.environ, "BETROKKENHEID_DB": str(db), "QUERY_STRING": query}
        try:
            got = [run_in_kernel(cell, env) for _ in range(CELL_RUNS)]
        except Exception as exc:  # noqa: BLE001 - report and go on
            _report.cell_failed(name, exc)
            continue
        _report.cell(name, got)
        if name != "bare":
            _report.imports(import_times(cell, env))


# main ---------------------------------------------------------------------------------------------
def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--no-preheat", action="store_true", help="skip the preheated kernels")
    parser.add_argument(
        "--no-experiment", action="store_true", help="skip preheat + wait_for_request"
    )
    parser.add_argument("--no-cells", action="store_true", help="skip the cells' Python work")
    parser.add_argument("--keep-logs", action="store_true", help="keep the temp folder")
    parser.add_argument(
        "--pages", help="only these pages beside the bare one, e.g. triangle,forms (plain kernels)"
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="btk-bench-pages-"))
    try:
        db = tmp / "demo.sqlite"
        participant = make_demo_db(db)
        print(f"python {sys.executable}; chromium {CHROMIUM}; {os.cpu_count()} CPUs")
        print(f"demo database {db}, participant {participant}; {args.rounds} rounds")
        bare = " ".join(voila_options(8866)[1:])
        print(f"Voila options of the bare page (the workbook: these and its kernels): {bare}")
        print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("busy = visits after which the machine did not fall idle (other people's work)")

        print("\nkernels as `betrokkenheid serve` starts them (forked), and not forked")
        pages = frozenset(args.pages.split(",")) if args.pages else None
        plain = phase(tmp, db, participant, args.rounds, preheat=False, pages=pages)
        ratios = _report.table(
            plain, "bare", "time to first usable widget (median; ready = from goto)"
        )
        if not args.no_preheat:
            print("\npreheated kernels (--preheat_kernel=True --pool_size=1)")
            experiment = not args.no_experiment
            hot = phase(tmp, db, participant, args.rounds, preheat=True, experiment=experiment)
            _report.table(hot, "bare-preheat", "preheated: time to first usable widget (median)")
            _report.preheat_beside_plain(hot, plain, "bare-preheat", "bare")
        if not args.no_cells:
            cell_costs(db, participant)

        _report.goal(ratios, ["start", "triangle", *(name for name, _ in OTHER_PAGES)])
        print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        if args.keep_logs:
            print(f"logs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
