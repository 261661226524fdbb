"""A real Voila server and headless Chromium, for walking through the pages."""

import os
import queue
import random
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from betrokkenheid import Store
from betrokkenheid.demo import answer_everything, make_demo
from betrokkenheid.frames import load_frame

from ..helpers import CHROMIUM, CHROMIUM_ARGS, free_port, stop_group

START_TIMEOUT = 60  # seconds for Voila to say it is running


class Server:
    """A running ``betrokkenheid serve`` with its own database."""

    def __init__(
        self, db: Path | str, *extra: str, notebooks: Path | None = None, port: int | None = None
    ):
        self.db = db
        self.port = port or free_port()  # a port of its own, or the one a stopped one had
        self.url = f"http://localhost:{self.port}/voila/render"
        cli = Path(sys.executable).with_name("betrokkenheid")
        command = [str(cli), "serve", "--port", str(self.port), "--db", str(db), *extra]
        if notebooks is not None:  # the same server, on other pages
            run = "import sys; from betrokkenheid import serve; "
            run += "serve.run(serve.make_plan(sys.argv[1], int(sys.argv[2])))"
            command = [sys.executable, "-c", run, str(notebooks), str(self.port)]
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE if extra else subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.log: list[str] = []
        self.out: list[str] = []  # what serve printed (only with extra arguments)
        self.printed = threading.Event()  # set once serve printed its link (or ended)
        ready: queue.Queue = queue.Queue()
        if extra:

            def read_out():
                for line in self.process.stdout:
                    self.out.append(line)
                    if "Ctrl+C" in line:
                        self.printed.set()
                self.printed.set()

            threading.Thread(target=read_out, daemon=True).start()

        def read():
            for line in self.process.stderr:
                self.log.append(line)
                if "running at" in line:
                    ready.put(True)
            ready.put(False)

        threading.Thread(target=read, daemon=True).start()
        try:
            ok = ready.get(timeout=START_TIMEOUT)
        except queue.Empty:
            ok = False
        if not ok:
            self.stop()
            raise RuntimeError("Voila did not start:\n" + "".join(self.log[-30:]))

    def page(self, notebook: str, **params) -> str:
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return f"{self.url}/{notebook}" + (f"?{query}" if query else "")

    def stop(self):
        stop_group(self.process)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("browser") / "walk.sqlite"
    running = Server(db)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def postgres_server(postgres_url):
    """``betrokkenheid serve --db postgresql://...`` on a schema of its own."""
    from .. import postgres

    url = postgres.new_schema(postgres_url, "browser_walk")
    running = Server(url)
    yield running
    running.stop()
    postgres.drop_schema(postgres_url, "browser_walk")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect

    expect.set_options(timeout=20_000)  # a Voila page runs its notebook before it shows
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing; .ci/run installs it")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture(scope="module")
def lan_server(tmp_path_factory):
    """``betrokkenheid serve --lan`` with ``token``, the one it printed; visit it on 127.0.0.1."""
    import re

    db = tmp_path_factory.mktemp("browser-lan") / "lan.sqlite"
    running = Server(db, "--lan")
    running.printed.wait(timeout=10)  # printed before Voila starts: normally set already
    found = re.search(r"token=([\w-]+)", "".join(running.out))
    if found is None:
        running.stop()
        raise RuntimeError("serve --lan printed no link:\n" + "".join(running.out))
    running.token = found.group(1)
    running.url = f"http://127.0.0.1:{running.port}/voila/render"  # never the LAN address
    yield running
    running.stop()


CULL_IDLE = 15  # seconds: what the culling server gives a kernel without a browser


@pytest.fixture(scope="module")
def culling_server(tmp_path_factory):
    """A server that culls a kernel after :data:`CULL_IDLE` idle seconds without a browser
    connected (and looks every ``CULL_IDLE // 4`` seconds).

    Not much less: a page's kernel is idle from the end of the page's run until its browser
    connects, and the culler takes it if that gap is longer: the page then never shows.
    Measured on a 2-core machine (kernel killed, new page opened, both cores busy): the gap
    was 0.1-1.6 s; with the browser slowed 6 times (CDP CPU throttling) 0.4-1.7 s, 10 times
    4.3-4.7 s, 20 times over 5 s, the bound this had before (the kernel was culled first).
    """
    db = tmp_path_factory.mktemp("browser-cull") / "cull.sqlite"
    running = Server(db, "--cull-idle", str(CULL_IDLE))
    running.cull_idle = CULL_IDLE
    yield running
    running.stop()


@pytest.fixture
def own_server(tmp_path):
    """A server with a database of its own, for a test that breaks that database."""
    running = Server(tmp_path / "own.sqlite")
    yield running
    running.stop()


# -- an answered room for tests that look at every page (layout, accessibility) -------------

# What a page shows once it is ready: the last part it builds.
READY = {
    "00_start": ".widget-tab .btk-field input",
    "01_betrokkenheid": ".btk-group .btk-rating button",
    "02_driehoek": ".btk-relation .btk-rating button",
    "03_vormen": ".btk-add button",
    "04_klimaat": ".btk-component .btk-rating button",
    "05_drempels_kansen": ".btk-plan-form input",
    "06_dashboard": ".btk-stage img",
    "07_opvolging": ".btk-followup .btk-rating button",
    "08_gids": ".btk-guide-step",
}

NO_PICTURE = ("00_start", "06_dashboard", "08_gids")  # the pages without a step's picture
PICTURE = """() => [...document.querySelectorAll('.btk-picture img')]
    .some(i => i.complete && i.naturalWidth > 0)"""


@pytest.fixture(scope="module")
def room(server):
    """The demo school, and a participant of its later measurement who answered everything,
    does every activity of the tree and added one of their own (every row shows its choices);
    a module's tests get it once."""
    store = Store(server.db)
    codes = make_demo(store)
    frame = load_frame("betrokkenheidsboom")
    me = store.join(codes["later"], "childcare_staff")
    earlier = store.session_answers(store.session(codes["baseline"]))
    answer_everything(store, me, frame, random.Random(1), number=0, lift=0.7, baseline=earlier)
    for activity in frame.forms.activities:
        store.save_answer(me, "forms", activity.id, 1)
    own = {"label": "Ouderkoffie op vrijdagochtend", "form": "parent_network"}
    own |= {"context": "school", "direction": "two_way"}
    for part, text in own.items():
        store.save_answer(me, "forms", f"own_1.{part}", text=text)
    store.save_answer(me, "forms", "own_1", 1)
    return {"code": me.code, **codes}


def page_url(server, room, notebook: str, lang: str) -> str:
    """The page ``notebook`` for ``room`` in ``lang``: the start page bare, the dashboard on
    the later session compared with the baseline, every other page as the participant."""
    if notebook == "00_start":
        return server.page(f"{notebook}.ipynb", lang=lang)
    if notebook == "06_dashboard":
        return server.page(
            f"{notebook}.ipynb", s=room["later"], compare=room["baseline"], lang=lang
        )
    return server.page(f"{notebook}.ipynb", p=room["code"], lang=lang)
