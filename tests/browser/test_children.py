"""The children's page (11_kinderen) in a real Voila server and headless Chromium, on a tablet
(768x1024): a class answers on one tablet by tapping, one child after the other, and the next
child starts afresh; the faces are a radio group for the keyboard; a reload while a child had
not finished shows the kind note and none of the answers; a tap on a speaker reads the text
aloud in Dutch where the browser can (a stand-in speechSynthesis, as headless Chromium has no
voices), and says quietly that it cannot where it cannot; a wrong code or a parents' code
gives the kind message.

``BTK_CHILDREN_SHOTS=DIR`` saves a screenshot of each kind of screen of the walk.
"""

import os
import re
from collections import defaultdict
from pathlib import Path

import pytest
from playwright.sync_api import expect

from betrokkenheid import Store, load_frame
from betrokkenheid.texts import tr

from ..helpers import wait_for

pytestmark = pytest.mark.browser

TABLET = {"width": 768, "height": 1024}
WAIT = 60_000  # ms: the longest wait for a page to run its notebook and show
SAVED = 15  # s: the longest wait for an answer to reach the store
SHOTS = os.environ.get("BTK_CHILDREN_SHOTS")
FRAME = load_frame("betrokkenheidsboom")
ITEMS = [item.id for item in FRAME.children.items]
# the faces tapped on statement i: the scale's steps and "don't know", in turn
FACES = [*FRAME.children.scale.values, "dont_know"]
ROOT = "() => [document.documentElement.lang, document.documentElement.dir]"

# A stand-in for the browser's voices (headless Chromium has none): what is spoken is kept
# in window.btkSpoken.
FAKE_SPEECH = """(() => {
    window.btkSpoken = [];
    const voices = [{name: 'Ellen', lang: 'nl-BE'}, {name: 'Kate', lang: 'en-GB'}];
    class Utterance { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } }
    Object.defineProperty(window, 'SpeechSynthesisUtterance',
                          {value: Utterance, configurable: true, writable: true});
    Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
        speaking: false, pending: false, getVoices: () => voices, cancel: () => {},
        addEventListener: () => {}, removeEventListener: () => {},
        speak: (u) => window.btkSpoken.push({text: u.text, lang: u.lang,
                                             voice: u.voice && u.voice.name})}});
})()"""
NO_SPEECH = """(() => {
    Object.defineProperty(window, 'speechSynthesis', {value: undefined, configurable: true});
    Object.defineProperty(window, 'SpeechSynthesisUtterance',
                          {value: undefined, configurable: true});
})()"""


@pytest.fixture(scope="module")
def children(server):
    """The module's server, its store and a way to make a session of one's own (its
    children's code): each test looks only at its own children."""
    store = Store(server.db)

    def new_session():
        session = store.create_session("De Linde", FRAME.id, "baseline")
        return session, store.audience_code(session, "child")

    return {"server": server, "store": store, "new": new_session}


def tablet(browser, script: str | None = None):
    """A fresh tablet: a browser context of its own (its own localStorage)."""
    context = browser.new_context(viewport=TABLET)
    context.set_default_timeout(WAIT)
    if script:
        context.add_init_script(script=script)
    return context


def link(server, code: str, **params) -> str:
    return server.page("11_kinderen.ipynb", s=code, **params)


def shot(tab, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SHOTS) / f"children-{name}.png"), full_page=True)


def say(key: str, lang: str = "nl", **values) -> str:
    return tr(f"children_{key}", lang, **values)


def progress(step: int, lang: str = "nl") -> str:
    return say("progress", lang, step=step, total=len(ITEMS))


def kept(tab, code: str):
    """What this browser keeps for the children's questionnaire ``code``."""
    return tab.evaluate("(key) => localStorage.getItem(key)", f"btk-resume:{code}")


def chosen(tab) -> list[str]:
    """The aria-checked of the faces of the statement shown."""
    faces = tab.locator(".btk-children-faces button")
    return [faces.nth(i).get_attribute("aria-checked") for i in range(faces.count())]


def tap_face(tab, index: int) -> None:
    """Tap the face ``index`` of the statement shown; wait until the page says it is saved."""
    face = tab.locator(".btk-children-faces button").nth(index)
    face.click()
    expect(face).to_have_attribute("aria-checked", "true")
    tab.locator(".btk-children-saved").wait_for(state="visible")


def by_child(store, session) -> dict[int, dict]:
    """The children's answers of ``session``, by child: item -> value or text."""
    found = defaultdict(dict)
    for a in store.session_answers(session, "children", audience="child"):
        found[a.participant_id][a.item] = a.text if a.value is None else a.value
    return dict(found)


def walk(tab, url: str, look=None) -> None:
    """A child's whole way through the page: the introduction, every statement (the faces of
    :data:`FACES` in turn; on the second, "Ander kind?" and "Nee"), the thanks.
    ``look(screen)`` is called on each screen once it shows."""
    look = look or (lambda screen: None)
    tab.goto(url, timeout=WAIT)
    tab.locator(".btk-children-start").wait_for(state="visible")
    look("intro")
    tab.locator(".btk-children-start").click()
    for i in range(len(ITEMS)):
        expect(tab.locator(".btk-children-progress")).to_have_text(progress(i + 1))
        tap_face(tab, i % len(FACES))
        look(f"question{i + 1}")
        if i == 1:
            tab.locator(".btk-children-other").click()
            tab.locator(".btk-children-ask").wait_for(state="visible")
            look("other_child")
            tab.locator(".btk-children-no").click()
            expect(tab.locator(".btk-children-faces button").nth(1)).to_have_attribute(
                "aria-checked", "true"
            )
        tab.locator(".btk-children-next").click()
    tab.locator(".btk-children-next-child").wait_for(state="visible")
    look("thanks")


def test_a_class_answers_on_one_tablet(children, browser):
    """At 768x1024 a child taps an answer to every statement (a tap on the speaker reads it
    aloud in Dutch) and reaches the thanks: the store holds exactly those answers and the
    browser keeps nothing. "Volgende kind": the next child sees no face chosen, chooses
    English, and their first tap makes a second child."""
    server, store = children["server"], children["store"]
    session, code = children["new"]()
    context = tablet(browser, FAKE_SPEECH)
    tab = context.new_page()
    sideways = []

    def look(screen):
        if tab.evaluate("document.documentElement.scrollWidth > innerWidth"):
            sideways.append(screen)
        if screen in ("intro", "question1", "other_child", "thanks"):
            shot(tab, screen)
        if screen == "question1":
            tab.locator(".btk-children-speak").click()
            spoken = wait_for(lambda: tab.evaluate("window.btkSpoken"), 5, "something spoken")
            assert spoken[-1]["text"] == FRAME.children.items[0].text.nl
            assert spoken[-1]["lang"] in ("nl-BE", "nl-NL") and spoken[-1]["voice"] == "Ellen"
            assert tab.locator(".btk-children-speak-note").inner_text() == ""
        if screen == "question2":
            assert kept(tab, code) == "BUSY"  # a child is busy here (never who)

    try:
        walk(tab, link(server, code), look)
        assert not sideways, sideways
        assert tab.evaluate(ROOT) == ["nl", "ltr"]
        want = {}
        for i, item in enumerate(ITEMS):
            face = FACES[i % len(FACES)]
            want[item] = face if isinstance(face, str) else float(face)
        got = wait_for(
            lambda: (
                (found := by_child(store, session)) and list(found.values()) == [want] and found
            ),
            SAVED,
            "every answer of the first child",
        )
        (first,) = got
        wait_for(lambda: kept(tab, code) is None, 5, "the browser forgetting the busy child")

        tab.locator(".btk-children-next-child").click()
        tab.locator(".btk-children-start").wait_for(state="visible")
        expect(tab.locator(".btk-children-note")).to_have_count(0)
        tab.locator(".btk-children-language button", has_text="EN").click()
        expect(tab.locator(".btk-children-start")).to_have_text(say("start", "en"))
        wait_for(lambda: tab.evaluate(ROOT) == ["en", "ltr"], 5, "<html lang=en>")
        tab.locator(".btk-children-start").click()
        expect(tab.locator(".btk-children-progress")).to_have_text(progress(1, "en"))
        expect(tab.locator(".btk-children-statement")).to_have_text(FRAME.children.items[0].text.en)
        assert chosen(tab) == ["false"] * len(FACES)
        tab.locator(".btk-children-speak").click()
        wait_for(lambda: len(tab.evaluate("window.btkSpoken")) == 2, 5, "read in English")
        assert tab.evaluate("window.btkSpoken[1].lang") == "en-GB"
        tap_face(tab, 0)
        found = wait_for(
            lambda: len(answers := by_child(store, session)) == 2 and answers,
            SAVED,
            "a second child",
        )
        (second,) = set(found) - {first}
        assert found[second] == {ITEMS[0]: 1.0} and found[first] == want
        assert store.audience_counts(session, "child") == {("nl", "online"): 1, ("en", "online"): 1}
    finally:
        context.close()


def test_keyboard_other_child_and_reload(children, browser):
    """On a tablet without voices the speaker says quietly that it cannot read aloud. The
    faces are one radio group named by the statement: one tab stop, the arrows and End
    choose and save. A reload while the child had not finished shows the kind note and no
    answer, and forgets it; "Ander kind?" then "Ja" starts afresh too; the answers stay."""
    server, store = children["server"], children["store"]
    session, code = children["new"]()
    context = tablet(browser, NO_SPEECH)
    tab = context.new_page()
    try:
        tab.goto(link(server, code))
        tab.locator(".btk-children-start").click()
        expect(tab.locator(".btk-children-progress")).to_have_text(progress(1))
        tab.locator(".btk-children-speak").click()
        expect(tab.locator(".btk-children-speak-note")).to_have_text(say("cannot_read"))
        group = tab.locator(".btk-children-faces")
        expect(group).to_have_attribute("role", "radiogroup")
        expect(group).to_have_attribute("aria-label", FRAME.children.items[0].text.nl)
        stops = tab.evaluate(
            "() => [...document.querySelectorAll('.btk-children-faces button')]"
            ".map(b => b.tabIndex)"
        )
        assert stops.count(0) == 1 and len(stops) == len(FACES)
        tab.locator(".btk-children-faces button[tabindex='0']").focus()
        tab.keyboard.press("ArrowRight")
        expect(tab.locator(".btk-children-faces button").nth(1)).to_have_attribute(
            "aria-checked", "true"
        )
        first = ITEMS[0]
        wait_for(
            lambda: [a.get(first) for a in by_child(store, session).values()] == [2.0],
            SAVED,
            "the answer 2",
        )
        tab.keyboard.press("End")
        wait_for(
            lambda: [a.get(first) for a in by_child(store, session).values()] == ["dont_know"],
            SAVED,
            "don't know",
        )
        assert kept(tab, code) == "BUSY"

        tab.reload()  # the child walked away; the tablet was reloaded
        note = tab.locator(".btk-children-note")
        expect(note).to_have_text(say("other_child_note"))
        wait_for(lambda: "r=" not in tab.url, 5, "r= gone from the address bar")
        wait_for(lambda: kept(tab, code) is None, 5, "the busy child forgotten")
        tab.locator(".btk-children-start").click()
        expect(tab.locator(".btk-children-progress")).to_have_text(progress(1))
        assert chosen(tab) == ["false"] * len(FACES)
        tap_face(tab, 2)
        tab.locator(".btk-children-next").click()
        expect(tab.locator(".btk-children-progress")).to_have_text(progress(2))
        tab.locator(".btk-children-other").click()
        expect(tab.locator(".btk-children-ask")).to_have_text(say("other_child_note"))
        tab.locator(".btk-children-yes").click()
        tab.locator(".btk-children-start").click()
        expect(tab.locator(".btk-children-progress")).to_have_text(progress(1))
        assert chosen(tab) == ["false"] * len(FACES)
        got = sorted(str(a[first]) for a in by_child(store, session).values())
        assert got == ["3.0", "dont_know"]  # the two children's answers, kept
    finally:
        context.close()


@pytest.mark.parametrize("which", ["wrong", "parents"])
def test_wrong_or_parents_code_says_so_kindly(children, browser, which):
    """A wrong code, or the parents' code on the children's page: the kind text in Dutch and
    English, and no control."""
    server, store = children["server"], children["store"]
    session, _ = children["new"]()
    code = "ZZZZZZZ" if which == "wrong" else store.audience_code(session, "parent")
    context = tablet(browser)
    tab = context.new_page()
    try:
        tab.goto(link(server, code))
        box = tab.locator(".btk-children-no-link")
        box.wait_for(state="visible")
        text = re.sub(r"\s+", " ", box.inner_text())
        assert say("no_link", "nl") in text and say("no_link", "en") in text
        assert tab.locator(".btk-children button").count() == 0
        assert tab.evaluate(ROOT)[0] == "nl"
    finally:
        context.close()
