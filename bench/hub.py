"""Benchmark: time to the first usable page through JupyterHub, beside ``serve`` directly.

Two servers on one SQLite database, measured in the same run:

* ``direct``: ``betrokkenheid serve --lan`` (a token, as a room), visited on 127.0.0.1 with its
  join link;
* ``hub``: ``betrokkenheid hub`` (JupyterHub, configurable-http-proxy, NativeAuthenticator) with
  a trainer who signed up, was approved and started a room; visited through the proxy with the
  room's join link, as a participant.

Each visit is a fresh browser context (no cookie yet: the token in the link logs it in), after
one warm-up round, in alternating order. Ready means: start page, the join button visible and
enabled; triangle (``?p=CODE``), the first rating button visible. The time is the browser's,
from the start of the navigation (``performance.now()``). The hub also adds its own start-up:
the time from the trainer's login to a usable start page (the hub spawning the room) is
printed once.

Run: ``.venv/bin/python bench/hub.py [--rounds 5]`` (about 3 minutes on 2 CPUs). Needs the
``hub`` extra and configurable-http-proxy (``npm ci``).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's package first

from _browser import BROWSER_ARGS, CHROMIUM, free_port  # noqa: E402 - beside this script

PASSWORD = "Een-lang-wachtwoord-2024!"
START_TIMEOUT = 90.0  # s, for a server to answer
VISIT_TIMEOUT = 60_000  # ms, one visit from goto to ready
_VISIBLE = (
    "(el) => !!el && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden'"
)
READY_JS = {
    "start": f"""() => {{ const v = {_VISIBLE};
        return [...document.querySelectorAll('.btk-primary button, button.btk-primary')]
            .some(b => v(b) && !b.disabled) && performance.now(); }}""",
    "triangle": f"""() => {{ const v = {_VISIBLE};
        return [...document.querySelectorAll('.btk-rating button')].some(v)
            && performance.now(); }}""",
}
CLI = str(Path(sys.executable).with_name("betrokkenheid"))


def _start(command: list[str], log: Path, env: dict, cwd: Path) -> subprocess.Popen:
    with open(log, "wb") as out:
        return subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=cwd, start_new_session=True
        )


def _wait_http(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)  # bounded poll for the server to listen
    raise RuntimeError(f"{url} did not answer:\n{log.read_text(errors='replace')[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    import signal

    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)


def _log_in(context, hub: str, name: str, next_url: str = ""):
    page = context.new_page()
    page.goto(f"{hub}/hub/login" + (f"?next={next_url}" if next_url else ""))
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.locator("#login_submit").click()
    return page


def _sign_up(browser, hub: str, name: str) -> None:
    page = browser.new_page()
    page.goto(f"{hub}/hub/signup")
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.fill("#password_confirmation_input", PASSWORD)
    page.locator("form [type=submit]").click()
    page.wait_for_selector(".alert")
    page.close()


def _room_link(browser, hub: str, code: str) -> tuple[str, float]:
    """Sign up admin and trainer, approve, log in: the room's join link and the seconds from
    the trainer's login to a usable start page."""
    _sign_up(browser, hub, "admin")
    _sign_up(browser, hub, "trainer")
    admin = browser.new_context()
    page = _log_in(admin, hub, "admin", "/hub/authorize")
    page.locator("tr", has_text="trainer").get_by_role(
        "button", name="Authorize", exact=True
    ).click()
    page.wait_for_url(re.compile("authorize"))
    admin.close()
    trainer = browser.new_context()
    begun = time.perf_counter()
    page = _log_in(trainer, hub, "trainer")
    page.wait_for_url(re.compile(r"00_start\.ipynb"), timeout=120_000)
    page.wait_for_function(READY_JS["start"], timeout=VISIT_TIMEOUT)
    spawned = time.perf_counter() - begun
    page.close()
    dashboard = trainer.new_page()
    dashboard.goto(f"{hub}/user/trainer/voila/render/06_dashboard.ipynb?s={code}")
    link = dashboard.locator(".btk-link")
    link.wait_for(timeout=VISIT_TIMEOUT)
    text = link.inner_text().strip()
    trainer.close()
    return text, spawned


def _visit(browser, url: str, ready: str) -> float:
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url, wait_until="commit")
        handle = page.wait_for_function(READY_JS[ready], timeout=VISIT_TIMEOUT)
        return handle.json_value() / 1000
    finally:
        context.close()  # Voila's beacon stops the page's kernel


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from betrokkenheid import Store
    from betrokkenheid.hub import find_proxy

    find_proxy()
    folder = Path(tempfile.mkdtemp(prefix="btk-bench-hub-"))
    db = folder / "rooms.sqlite"
    store = Store(db)
    session = store.create_session("Bench", "betrokkenheidsboom", "baseline")
    me = store.join(session.code, "teacher")
    env = dict(os.environ, XDG_DATA_HOME=str(folder / "data"))
    env.pop("BETROKKENHEID_DB", None)

    direct_port, hub_port = free_port(), free_port()
    direct = _start(
        [CLI, "serve", "--lan", "--port", str(direct_port), "--db", str(db)],
        folder / "direct.log",
        env,
        folder,
    )
    hub_url = f"http://127.0.0.1:{hub_port}"
    hub = _start(
        [CLI, "hub", "--db", str(db), "--port", str(hub_port), "--ip", "127.0.0.1"]
        + ["--admin", "admin", "--public-url", f"{hub_url}/"],
        folder / "hub.log",
        env,
        folder,
    )
    try:
        _wait_http(f"http://127.0.0.1:{direct_port}/login", direct, folder / "direct.log")
        _wait_http(f"{hub_url}/hub/health", hub, folder / "hub.log")
        printed = (folder / "direct.log").read_text()
        direct_token = re.search(r"token=([\w-]+)", printed).group(1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
            link, spawned = _room_link(browser, hub_url, session.code)
            hub_token = re.search(r"token=([\w-]+)", link).group(1)
            base = {
                "direct": (f"http://127.0.0.1:{direct_port}/voila/render", direct_token),
                "hub": (f"{hub_url}/user/trainer/voila/render", hub_token),
            }
            urls = {
                (where, page): f"{root}/{nb}?{query}token={token}"
                for where, (root, token) in base.items()
                for page, nb, query in (
                    ("start", "00_start.ipynb", ""),
                    ("triangle", "02_driehoek.ipynb", f"p={me.code}&"),
                )
            }
            times: dict = {key: [] for key in urls}
            for round_ in range(args.rounds + 1):  # round 0 warms up
                keys = list(urls)
                if round_ % 2:
                    keys.reverse()
                for key in keys:
                    seconds = _visit(browser, urls[key], key[1])
                    if round_:
                        times[key].append(seconds)
            browser.close()
    finally:
        _stop(hub)
        _stop(direct)

    print(f"time to first usable page, {args.rounds} rounds, median (min-max) in s")
    print(f"the hub starting a room (trainer's login -> usable start page): {spawned:.2f} s")
    for page in ("start", "triangle"):
        d, h = times["direct", page], times["hub", page]
        ratio = statistics.median(h) / statistics.median(d)
        print(
            f"  {page:9} direct {statistics.median(d):.2f} ({min(d):.2f}-{max(d):.2f})"
            f"   hub {statistics.median(h):.2f} ({min(h):.2f}-{max(h):.2f})"
            f"   hub/direct {ratio:.2f}"
        )


if __name__ == "__main__":
    main()
