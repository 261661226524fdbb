"""Typing in a paper form with the keyboard only (12_papier), in Chromium on a real Voila
server: Tab from field to field, a letter chooses the pile's language, Space ticks a chip, Enter
on the button saves, and the store has the form as one parent on paper; a wrong value typed
and sent with Enter in its field is refused and nothing is stored."""

import re

import pytest

from betrokkenheid import Store
from betrokkenheid.frames import load_frame

pytestmark = pytest.mark.browser

WAIT = 60_000  # ms: the longest wait for the page to run its notebook and show
TABS = 80  # Tab presses at most to reach a field
FIELDS = ".btk-entry-item input"

# What has the focus: its tag, its kind, and which statement field it is (-1: none)
FOCUS = """(selector) => {
    const a = document.activeElement;
    const fields = [...document.querySelectorAll(selector)];
    return {tag: a ? a.tagName : null, type: a ? a.type || null : null,
            field: fields.indexOf(a), text: a ? (a.innerText || '').trim() : ''};
}"""


def _tab_to(tab, wanted, what: str) -> dict:
    """Press Tab until ``wanted(focus)`` holds (at most :data:`TABS` times)."""
    for _ in range(TABS):
        tab.keyboard.press("Tab")
        focus = tab.evaluate(FOCUS, FIELDS)
        if wanted(focus):
            return focus
    raise AssertionError(f"{TABS} Tab presses did not reach {what}")


def test_one_form_by_keyboard(server, page):
    """A whole form typed with the keyboard only is saved as one parent on paper, in the
    language of the pile; the page then says so, is empty and has the focus on field 1."""
    from playwright.sync_api import expect

    store = Store(server.db)
    session = store.create_session("Basisschool De Linde", "betrokkenheidsboom", "baseline")
    items = [item.id for item in load_frame("betrokkenheidsboom").parents.items]
    page.goto(server.page("12_papier.ipynb", s=session.code, lang="nl"), timeout=WAIT)
    page.locator(FIELDS).nth(len(items) - 1).wait_for(state="visible", timeout=WAIT)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")

    _tab_to(page, lambda f: f["tag"] == "SELECT", "the pile's language")
    page.keyboard.press("t")  # "TR · Türkçe": a letter chooses in a closed list
    chosen = page.locator(".btk-entry-pile select")
    expect(chosen).to_have_value(re.compile(r"^TR · "), timeout=WAIT)  # the option's label
    _tab_to(page, lambda f: f["field"] == 0, "the first statement")
    typed = ["4", "5", "w", "3", "2", "Z", "", "1", "d", "4", "5", "3"]
    for value in typed:
        if value:
            page.keyboard.type(value)
        page.keyboard.press("Tab")
    assert page.evaluate(FOCUS, FIELDS)["type"] == "checkbox"  # chip a
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # chip b
    _tab_to(page, lambda f: f["tag"] == "TEXTAREA", "the open answer")
    page.keyboard.type("Meer berichten op papier, graag.")
    focus = _tab_to(page, lambda f: f["tag"] == "BUTTON", "the save button")
    assert focus["text"] == "Bewaar en volgend formulier"
    page.keyboard.press("Enter")

    # the page says "saved" once the whole form is in the store
    expect(page.locator(".btk-message-info")).to_contain_text("Formulier 1 is bewaard")
    assert store.audience_counts(session) == {("tr", "paper"): 1}
    given = {
        a.item: a.text if a.value is None else a.value
        for a in store.session_answers(session, audience="parent")
    }
    want = {item: v for item, v in zip(items, typed, strict=True) if v}
    keys = {"w": "dont_know", "d": "dont_know", "Z": "rather_not"}
    want = {item: keys.get(v) or float(v) for item, v in want.items()}
    want |= {"barriers.time": 1.0, "open": "Meer berichten op papier, graag."}
    assert given == want

    expect(page.locator(".btk-status")).to_contain_text("Ingetypt op deze pagina: 1")
    expect(page.locator(FIELDS).first).to_have_value("")
    expect(page.locator(FIELDS).first).to_be_focused()

    # a wrong value, sent with Enter in its field: named, and nothing stored
    page.keyboard.type("4")
    page.keyboard.press("Tab")
    page.keyboard.type("8")
    page.keyboard.press("Enter")
    expect(page.locator(".btk-message-error")).to_contain_text("Vraag 2", timeout=WAIT)
    expect(page.locator(FIELDS).nth(1)).to_be_focused()
    assert store.audience_counts(session) == {("tr", "paper"): 1}
