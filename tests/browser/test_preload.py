"""Each page's head names the scripts its browser will need (preload.txt, made by
preload_list.py): the browser asks for no other script, and each named one is there."""

import pytest

from betrokkenheid import Store
from betrokkenheid.serve import preload_scripts

from . import preload_list

pytestmark = pytest.mark.browser
PAGES = preload_list.PAGES


@pytest.fixture(scope="module")
def codes(server, room):
    return preload_list.people(Store(server.db), room["code"], room["later"], room["baseline"])


def test_the_list_is_for_the_installed_versions():
    """preload.txt was made for the Voila and widgets installed (else it is not used):
    make it again with ``python -m tests.browser.preload_list``."""
    assert "voila/static/voila.js" in preload_scripts()


@pytest.mark.parametrize(("notebook", "who", "ready"), PAGES, ids=[p[0] for p in PAGES])
def test_the_page_asks_for_no_script_it_did_not_name(server, codes, browser, notebook, who, ready):
    """The page at phone size, once drawn: every script it asked for was named in its head,
    and every one named was there (200)."""
    address = preload_list.url(server.url.removesuffix("voila/render"), notebook, who, codes)
    preloaded, asked = preload_list.visit(browser, address, ready)
    assert len(preloaded) == len(preload_scripts())
    assert [path for path, status in preloaded if status != 200] == []
    assert asked == [], "not named (python -m tests.browser.preload_list):\n" + "\n".join(asked)
