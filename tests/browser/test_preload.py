"""Each page's head names the scripts its browser will need (preload.txt, made by
preload_list.py), but the webpack chunks, which come as one script at the top of its body
(serve.Chunks): the browser asks for no other script, and each named one is there."""

import pytest

from betrokkenheid import Store
from betrokkenheid.serve import Chunks, preload_scripts

from ..helpers import voila_roots
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
    """The page at phone size, once drawn: it asked for the chunks script and for every
    other script named in its head, each there (200), and for no chunk on its own."""
    address = preload_list.url(server.url.removesuffix("voila/render"), notebook, who, codes)
    chunks, rest = Chunks.of(preload_scripts(), voila_roots())
    preloaded, asked = preload_list.visit(browser, address, ready)
    assert sorted(path.lstrip("/") for path, _ in preloaded) == sorted(rest)
    assert [path for path, status in preloaded if status != 200] == []
    assert [[path.lstrip("/"), status] for path, status in asked if "btk-chunks" in path] == [
        [chunks.address, 200]
    ]
    others = [path for path, _ in asked if "btk-chunks" not in path]
    assert others == [], "not named (python -m tests.browser.preload_list):\n" + "\n".join(others)
