"""Walk through the workbook in a real browser, as a team member would."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from betrokkenheid import Store

pytestmark = pytest.mark.browser


def test_join_answer_and_come_back(server, page):
    """Join on the start page, rate the triangle, find the answer stored and shown again."""
    from playwright.sync_api import expect

    store = Store(server.db)
    session = store.create_session("Basisschool Het Anker", "betrokkenheidsboom", "baseline")

    page.goto(server.page("00_start.ipynb"))
    page.get_by_placeholder("K7MQ2P").fill(session.code)
    page.get_by_text("Brugfiguur").click()
    page.locator(".btk-primary", has_text="Meedoen").click()
    expect(page.locator(".btk-joined")).to_contain_text("Basisschool Het Anker")

    page.locator(".btk-go").click()
    expect(page.locator(".btk-relation")).to_have_count(3)
    code = parse_qs(urlparse(page.url).query)["p"][0]
    first = page.locator(".btk-relation").first.locator(".btk-quality").first
    first.get_by_role("button", name="Vaak").click()
    expect(page.locator(".btk-status")).to_contain_text("Opgeslagen")

    me = store.participant(code)
    assert me.role == "bridge_figure"
    assert store.answers_of(me, "triangle") == {"parent_school.communication": 4.0}
    expect(page.locator(".btk-picture img")).to_have_attribute("src", re.compile(r"^(blob|data):"))

    # close the tab, come back with the personal code: the answer is there again
    page.goto(server.page("02_driehoek.ipynb", p=code, lang="en"))
    chosen = page.locator(".btk-relation").first.locator(".btk-quality").first
    expect(chosen.get_by_role("button", name="Often")).to_have_class(re.compile("mod-active"))


def test_wrong_code_in_url_is_friendly(server, page):
    """A wrong personal code in the link gives a message, no traceback."""
    from playwright.sync_api import expect

    page.goto(server.page("02_driehoek.ipynb", p="NOPE-NOPE"))
    expect(page.locator(".btk-message-error")).to_be_visible()
    assert "Traceback" not in page.content()
