"""Each page's head names the scripts its browser will need (preload.txt, made by
preload_list.py): the browser asks for no other script, and each named one is there."""

import pytest

from betrokkenheid import Store
from betrokkenheid.serve import preload_scripts

from .preload_list import ASKED, PAGES, url

pytestmark = pytest.mark.browser

# What the page preloaded, and how each came: the status of each address.
PRELOADED = """() => performance.getEntriesByType('resource')
    .filter(e => e.initiatorType === 'link' && e.name.includes('.js'))
    .map(e => [new URL(e.name).pathname, e.responseStatus])"""


@pytest.fixture(scope="module")
def people(server, room):
    store = Store(server.db)
    baseline = store.session(room["baseline"])
    return {
        "me": room["code"],
        "session": room["later"],
        "parents": store.audience_code(baseline),
        "children": store.audience_code(baseline, "child"),
    }


def test_the_list_is_for_the_installed_versions():
    """preload.txt was made for the Voila and widgets installed (else it is not used):
    make it again with ``python -m tests.browser.preload_list``."""
    assert "voila/static/voila.js" in preload_scripts()


@pytest.mark.parametrize(("notebook", "who", "ready"), PAGES, ids=[p[0] for p in PAGES])
def test_the_page_asks_for_no_script_it_did_not_name(server, people, browser, notebook, who, ready):
    """The page at phone size, once drawn: every script it asked for was named in its head,
    and every one named was there (200)."""
    address = url(server.url.removesuffix("voila/render"), notebook, who, people)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(60_000)
    try:
        tab = context.new_page()
        tab.goto(address)
        tab.locator(ready).first.wait_for(state="visible")
        tab.wait_for_load_state("networkidle")
        preloaded, asked = tab.evaluate(PRELOADED), tab.evaluate(ASKED)
    finally:
        context.close()
    assert len(preloaded) == len(preload_scripts())
    assert [path for path, status in preloaded if status != 200] == []
    assert asked == [], "not named (python -m tests.browser.preload_list):\n" + "\n".join(asked)
