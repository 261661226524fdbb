"""``kill -9`` of ``betrokkenheid serve`` itself while a room answers, then a restart on the
same port and database: no answer the page showed as saved is lost, and every page comes back
with its answers."""

import os
import re
import signal

import pytest

from betrokkenheid import Store, load_frame
from betrokkenheid.texts import tr

from ..helpers import wait_for
from .conftest import Server

pytestmark = pytest.mark.browser

ROOM = 3  # participants, each in a browser of their own
BURST = 5  # answers each gives in a row, without waiting, just before the kill
PAGE = "02_driehoek.ipynb"
SAVED = tr("saved_at", "nl", time="")  # "Opgeslagen om "
COUNT = re.compile(r"Jij beantwoordde (\d+) van de (\d+) vragen")


def _rate(tab, index: int, value_index: int) -> None:
    """Click button ``value_index`` of question ``index`` (in the page's order)."""
    tab.locator(".btk-quality").nth(index).locator("button").nth(value_index).click()


def _shown(tab) -> tuple[str, int]:
    """What the page says about saving: the status line and how many answers it counts."""
    status = tab.locator(".btk-status").inner_text()
    found = COUNT.search(tab.locator("body").inner_text())
    return status, int(found.group(1)) if found else 0


def _kill_serve(server: Server) -> None:
    """SIGKILL to the server's process group and to each of its kernels (each kernel has a
    session of its own), as a power cut or the OOM killer would: nothing is shut down."""
    import psutil

    kernels = psutil.Process(server.process.pid).children(recursive=True)
    assert kernels, "the server has no kernels to kill"
    os.killpg(server.process.pid, signal.SIGKILL)
    for kernel in kernels:
        try:
            kernel.kill()
        except psutil.NoSuchProcess:
            pass
    server.process.wait(timeout=10)
    psutil.wait_procs(kernels, timeout=10)


def test_killed_server_loses_nothing_shown_as_saved(tmp_path, browser):
    """A room of three answers on the triangle page; ``kill -9`` of serve and its kernels
    in the middle of a burst of answers; every answer a page showed as saved is in the
    database, the pages claim nothing new while the server is down, and after a restart on
    the same port each page, reloaded, shows its answers again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    db = tmp_path / "room.sqlite"
    store = Store(db)
    session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    items = load_frame("betrokkenheidsboom").triangle.item_ids()
    people = [store.join(session.code, "teacher").code for _ in range(ROOM)]
    # participant p gives item i the value (i + p) % 5 + 1, items in the page's order
    value = {(p, i): (i + p) % 5 + 1 for p in range(ROOM) for i in range(len(items))}

    server = Server(db)
    contexts = []
    try:
        tabs = []
        for code in people:
            context = browser.new_context()
            context.set_default_timeout(60_000)
            contexts.append(context)
            tab = context.new_page()
            tab.goto(server.page(PAGE, p=code), wait_until="commit")
            tabs.append(tab)
        for p, tab in enumerate(tabs):  # a first answer each, seen saved
            expect(tab.locator(".btk-quality").first.locator("button")).to_have_count(
                5, timeout=90_000
            )
            _rate(tab, 0, value[p, 0] - 1)
            expect(tab.locator(".btk-status")).to_contain_text(SAVED)
            wait_for(lambda tab=tab: _shown(tab)[1] == 1, what="the first answer counted")

        for i in range(1, 1 + BURST):  # a burst, all three at once, not waiting for saves
            for p, tab in enumerate(tabs):
                _rate(tab, i, value[p, i] - 1)
        _kill_serve(server)

        # what each page showed as saved when the server died: its status line and count
        shown = [_shown(tab) for tab in tabs]
        for status, count in shown:
            assert status.startswith(SAVED) and 1 <= count <= 1 + BURST
        # the page says at once that it has no connection, and takes no more clicks: a
        # choice then would look given but could not be saved
        expect(tabs[0].get_by_role("alert").filter(has_text="Geen verbinding")).to_be_visible(
            timeout=30_000
        )
        with pytest.raises(PlaywrightTimeout):
            tabs[0].locator(".btk-quality").nth(1 + BURST).locator("button").first.click(
                timeout=3_000
            )
        down_status, down_count = _shown(tabs[0])
        assert down_count == shown[0][1]
        assert down_status == shown[0][0]

        after = Store(db)  # as the restarted server's kernels open it
        saved = {}
        for p, code in enumerate(people):
            given = after.answers_of(after.participant(code), "triangle")
            counted = shown[p][1]
            for i in range(counted):  # every answer the page counted as saved is there
                assert given.get(items[i]) == float(value[p, i]), (p, i, given)
            assert set(given) <= {items[i] for i in range(1 + BURST)}  # nothing made up
            saved[p] = given

        server = Server(db, port=server.port)  # the same port and database
        for p, tab in enumerate(tabs):
            tab.reload()
            qualities = tab.locator(".btk-quality")
            expect(qualities.first.locator("button")).to_have_count(5, timeout=90_000)
            for i, item in enumerate(items):
                buttons = qualities.nth(i).locator("button")
                if item in saved[p]:
                    chosen = buttons.nth(int(saved[p][item]) - 1)
                    expect(chosen).to_have_class(re.compile("mod-active"))
                else:
                    expect(qualities.nth(i).locator("button.mod-active")).to_have_count(0)
            count = len(saved[p])
            wait_for(
                lambda tab=tab, count=count: _shown(tab)[1] == count,
                timeout=60,
                what="the picture to count the answers again",
            )
    finally:
        for context in contexts:
            context.close()
        server.stop()
