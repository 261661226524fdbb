"""Widgets made right after a page's cell reach the browser, however slowly they are made."""

import json

import pytest

from .conftest import Server

pytestmark = pytest.mark.browser

# A page whose widgets come after its cell, late and many: the browser asks to connect while
# they are made, and the kernel's answer to that (on its shell channel) overtakes the widgets
# still on their way (on IOPub). The pause is the page under test, not the test waiting.
SLOW_PAGE = """\
import threading
import time
import ipywidgets as w
from betrokkenheid.ui._common import soon

box = w.VBox([w.HTML("…")])

def build():
    time.sleep(1.5)  # the browser asks to connect meanwhile
    shared = w.Layout()  # made first and used by every later widget, as a page's chips do
    made = [w.HTML(f"<b>{i}</b>" + "·" * 20_000, layout=shared) for i in range(200)]
    box.children = [w.VBox(made)]
    # then busy work in a thread, as a page's warm-up: it slows the kernel's sending
    threading.Thread(target=lambda: sum(i * i for i in range(20_000_000))).start()

soon(build)
box
"""


# A page whose widget is gone before the browser comes (as when widgets go missing on a
# machine under load): the browser shows "Error displaying widget: model not found". With
# BROKEN_ONCE only its first run; from then on it is whole.
BROKEN_PAGE = """\
from pathlib import Path
import ipywidgets as w

seen = Path({seen!r})
if seen.exists() and {once}:
    box = w.VBox([w.HTML("heel")])
    box.add_class("btk-page")
    display(box)
else:
    seen.write_text("1")
    gone = w.HTML("weg")
    display(gone)
    gone.close()
"""


def _notebook(source: str) -> str:
    cell = {"cell_type": "code", "metadata": {}, "outputs": [], "source": source}
    return json.dumps(
        {
            "cells": [{**cell, "execution_count": None, "id": "page"}],
            "metadata": {
                "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
            },
            "nbformat": 4,
            "nbformat_minor": 5,
        }
    )


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("slow-pages")
    (folder / "slow.ipynb").write_text(_notebook(SLOW_PAGE), encoding="utf-8")
    for name, once in (("broken_once", True), ("broken", False)):
        source = BROKEN_PAGE.format(seen=str(folder / f"{name}.seen"), once=once)
        (folder / f"{name}.ipynb").write_text(_notebook(source), encoding="utf-8")
    running = Server(folder / "unused.sqlite", notebooks=folder)
    yield running
    running.stop()


def test_browser_gets_every_widget_made_after_the_cell(slow_server, page):
    """The browser connects only when the kernel is done: all 200 widgets, none lost."""
    from playwright.sync_api import expect

    errors = []
    page.on("console", lambda m: errors.append(m.text) if "model not found" in m.text else None)
    page.goto(slow_server.page("slow.ipynb"))
    expect(page.locator(".widget-html")).to_have_count(200)
    expect(page.locator(".widget-html b", has_text="199")).to_have_count(1)
    assert errors == []


def test_a_page_that_came_in_part_opens_itself_again(slow_server, page):
    """Widgets missing in the browser: the page opens itself again and is whole then."""
    from playwright.sync_api import expect

    loads = []
    page.on("load", lambda _: loads.append(1))
    page.goto(slow_server.page("broken_once.ipynb"))
    expect(page.locator(".btk-page")).to_have_text("heel", timeout=60_000)
    assert len(loads) == 2
    expect(page.locator(".btk-recover-note")).to_have_count(0)


def test_a_page_that_stays_in_part_says_so_after_two_tries(slow_server, page):
    """Missing each time: two tries, then a note in Dutch and English with a button."""
    from playwright.sync_api import expect

    loads = []
    page.on("load", lambda _: loads.append(1))
    page.goto(slow_server.page("broken.ipynb"))
    note = page.locator(".btk-recover-note")
    expect(note).to_contain_text("niet helemaal door", timeout=60_000)
    expect(note).to_contain_text("did not come through whole")
    assert len(loads) == 3
    box = note.get_by_role("button", name="Opnieuw laden / Reload").bounding_box()
    assert box["height"] >= 44
