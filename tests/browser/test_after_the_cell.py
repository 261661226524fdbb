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


@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("slow-pages")
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "source": SLOW_PAGE,
                "execution_count": None,
                "id": "slow",
            }
        ],
        "metadata": {
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (folder / "slow.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
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
