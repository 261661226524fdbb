"""The scripts the pages' browsers load: ``preload.txt`` beside the pages' template, which
``betrokkenheid serve`` names in each page's head (betrokkenheid.serve.preload_scripts).

Make it again after Voila or ipywidgets changed (test_preload.py then fails)::

    .venv/bin/python -m tests.browser.preload_list

It serves the pages without preloading, opens each (:data:`PAGES`) in headless Chromium at
phone size and writes every script a page asked for beyond those its head names, in the order
they were first asked for, with the versions they belong to.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import urllib.request
from importlib.metadata import version
from pathlib import Path

from betrokkenheid import Store
from betrokkenheid._paths import notebooks_dir
from betrokkenheid.demo import answer_everything, make_demo
from betrokkenheid.frames import load_frame
from betrokkenheid.serve import preload_file

from ..helpers import CHROMIUM, CHROMIUM_ARGS, free_port, stop_group, wait_for

FILE = preload_file()
PACKAGES = ("voila", "jupyterlab_widgets")  # whose files those are (serve.PAGE_EXTENSIONS)

# Each page (notebook, its people's code: "me", "parents", "children" or none) and what it
# shows once it is drawn.
PAGES = [
    ("00_start", None, ".widget-tab .btk-field input"),
    ("00_dag", "me", ".btk-rating button"),
    ("02_driehoek", "me", ".btk-relation .btk-rating button"),
    ("03_vormen", "me", ".btk-add button"),
    ("06_dashboard", "session", ".btk-stage img"),
    ("10_ouders", "parents", ".btk-parents-language"),
    ("11_kinderen", "children", ".btk-children-start"),
]

# The scripts a page asked for, but those its head names itself (they come first anyway),
# each with the status it came with.
ASKED = """() => {
    const inHead = [...document.head.querySelectorAll('script[src]')].map(s => s.src);
    const inPage = new Set(inHead);
    return performance.getEntriesByType('resource')
        .filter(e => e.initiatorType === 'script' && !inPage.has(e.name))
        .map(e => [new URL(e.name).pathname + new URL(e.name).search, e.responseStatus]);
}"""

# The scripts the page's head named (preloaded), each with the status it came with.
PRELOADED = """() => performance.getEntriesByType('resource')
    .filter(e => e.initiatorType === 'link' && e.name.includes('.js'))
    .map(e => [new URL(e.name).pathname, e.responseStatus])"""


def people(store: Store, me: str, later: str, baseline: str) -> dict[str, str]:
    """Each page's code (:data:`PAGES`): a participant, the later session, its audiences."""
    earlier = store.session(baseline)
    return {
        "me": me,
        "session": later,
        "parents": store.audience_code(earlier),
        "children": store.audience_code(earlier, "child"),
    }


def url(base: str, notebook: str, who: str | None, codes: dict[str, str]) -> str:
    key = "s" if who in ("session", "parents", "children") else "p"
    query = f"?{key}={codes[who]}" if who else ""
    return f"{base}voila/render/{notebook}.ipynb{query}"


def visit(browser, address: str, ready: str) -> tuple[list, list]:
    """The page at ``address`` at phone size, once it shows ``ready``: what it preloaded
    and the other scripts it asked for (address and status)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(60_000)
    try:
        tab = context.new_page()
        tab.goto(address)
        tab.locator(ready).first.wait_for(state="visible")
        tab.wait_for_load_state("networkidle")
        return tab.evaluate(PRELOADED), tab.evaluate(ASKED)
    finally:
        context.close()


def main() -> int:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp())
    db = folder / "preload.sqlite"
    store = Store(db)
    made = make_demo(store)
    me = store.join(made["later"], "teacher")
    answer_everything(store, me, load_frame("betrokkenheidsboom"), random.Random(1), number=0)
    codes = people(store, me.code, made["later"], made["baseline"])
    port = free_port()
    plain = (  # the room's server, its pages without preloading
        "import sys; from betrokkenheid import serve; serve.preload_scripts = lambda *a: []; "
        "serve.run(serve.make_plan(sys.argv[1], int(sys.argv[2])))"
    )
    server = subprocess.Popen(
        [sys.executable, "-c", plain, str(notebooks_dir()), str(port)],
        env={**os.environ, "BETROKKENHEID_DB": str(db)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://localhost:{port}/"

    def answers() -> bool:
        try:
            with urllib.request.urlopen(base + "voila/render/00_start.ipynb", timeout=30):
                return True
        except OSError:
            return False

    scripts: list[str] = []
    try:
        wait_for(answers, timeout=90, what="the server")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for notebook, who, ready in PAGES:
                for script, _ in visit(browser, url(base, notebook, who, codes), ready)[1]:
                    if script.lstrip("/") not in scripts:
                        scripts.append(script.lstrip("/"))
            browser.close()
    finally:
        stop_group(server)
    head = [
        "# The scripts a page's browser loads beyond those its head names (below the base URL),",
        "# named in each page's head so that the browser fetches them while the server runs",
        "# the page; the webpack chunks among them come as one script (serve.Chunks). Made by",
        "# `.venv/bin/python -m tests.browser.preload_list`; used only with the versions below.",
        *(f"# for: {package} {version(package)}" for package in PACKAGES),
    ]
    FILE.write_text("\n".join([*head, *scripts]) + "\n", "utf-8")
    print(f"{len(scripts)} scripts written to {FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
