"""The parents' page (10_ouders) in a real Voila server and headless Chromium, at phone size
(390x844): a parent opens the link, chooses a language, answers every question by tapping and
the store holds the answers; nothing scrolls sideways; the same link opened again in the same
browser goes on where the parent was (a personal code passed on to another browser is not
followed); ``<html lang dir>`` follow the page's language (right to left for an rtl language,
with the progress bar and Back/Next mirrored); the faces are a radio group for the keyboard;
and the team's pages get ``<html lang>`` from their header too.

``BTK_PARENTS_SHOTS=DIR`` saves a screenshot of each screen of the walk and of the rtl page.
"""

import os
import re
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from betrokkenheid import Store, load_frame
from betrokkenheid.languages import (
    LANGUAGES_DIR,
    LANGUAGES_ENV,
    offered,
    questionnaire_keys,
    questionnaire_text,
    say,
)

from ..helpers import wait_for
from .conftest import Server

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
WAIT = 60_000  # ms: the longest wait for a page to run its notebook and show
SAVED = 15  # s: the longest wait for an answer to reach the store
SHOTS = os.environ.get("BTK_PARENTS_SHOTS")
FRAME = load_frame("betrokkenheidsboom")
ITEMS = [item.id for item in FRAME.parents.items]
# the faces tapped on statement i: the scale's steps, "don't know", "rather not say", again
FACES = [*FRAME.parents.scale.values, "dont_know", "rather_not"]

# What scrolls sideways on the page now (the document, or a box of it), one line each.
SIDEWAYS = """() => {
    const out = [];
    const doc = document.scrollingElement;
    if (doc.scrollWidth > innerWidth) out.push(`document ${doc.scrollWidth} > ${innerWidth}`);
    for (const el of document.querySelectorAll('body *')) {
        const s = getComputedStyle(el);
        if (['auto', 'scroll'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1
                && el.getClientRects().length) {
            const name = `${el.tagName.toLowerCase()}.${el.className}`;
            out.push(`${name} ${el.scrollWidth} > ${el.clientWidth}`);
        }
    }
    return out;
}"""

# Buttons and text fields of the page smaller than a thumb's target (44x44 CSS px).
SMALL = """() => [...document.querySelectorAll('.btk-parents button, .btk-parents textarea')]
    .filter(el => el.checkVisibility())
    .map(el => [el.innerText.trim().slice(0, 30), el.getBoundingClientRect()])
    .filter(([, r]) => r.width < 43.5 || r.height < 43.5)
    .map(([t, r]) => `${t}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""

ROOT = "() => [document.documentElement.lang, document.documentElement.dir]"


def _rtl_language(folder: Path) -> tuple[str, str | None]:
    """A right-to-left language the server offers: Arabic once its file is complete, else a
    test language of our own (Persian, with the English texts) in ``folder``, which the
    server then reads through BETROKKENHEID_LANGUAGES. Returns (code, folder or None)."""
    shipped = [lang.code for lang in offered(FRAME) if lang.rtl]
    if "ar" in shipped:
        return "ar", None
    english = yaml.safe_load((LANGUAGES_DIR / "en.yaml").read_text("utf-8"))
    own = {k: f"[fa] {questionnaire_text(FRAME, k, 'en')}" for k in questionnaire_keys(FRAME)}
    data = {
        "code": "fa",
        "name": "فارسی",
        "english": "Persian",
        "direction": "rtl",
        "checked": False,
        "texts": {k: f"[fa] {v}" for k, v in english["texts"].items()},
        "frames": {FRAME.id: own},
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "fa.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    return "fa", str(folder)


@pytest.fixture(scope="module")
def parents(tmp_path_factory):
    """A server with its own database, a session and its parents' questionnaire code, and a
    right-to-left language it offers."""
    base = tmp_path_factory.mktemp("parents")
    rtl, folder = _rtl_language(base / "languages")
    db = base / "parents.sqlite"
    store = Store(db)
    session = store.create_session("De Linde", FRAME.id, "baseline")
    code = store.audience_code(session)
    with pytest.MonkeyPatch.context() as env:
        if folder:  # for the server (and its kernels) and for the texts the tests expect
            env.setenv(LANGUAGES_ENV, folder)
        server = Server(db)
        yield {"server": server, "store": store, "session": session, "code": code, "rtl": rtl}
        server.stop()


@pytest.fixture
def phone(browser):
    """A fresh phone: a browser context of its own (its own localStorage)."""
    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(WAIT)
    yield context
    context.close()


def link(parents, **params) -> str:
    return parents["server"].page("10_ouders.ipynb", s=parents["code"], **params)


def shot(tab, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SHOTS) / f"parents-{name}.png"), full_page=True)


def progress(lang: str, step: int) -> str:
    return say("progress", lang, step=step, total=len(ITEMS))


def personal_code(tab, parents) -> str | None:
    return tab.evaluate("(key) => localStorage.getItem(key)", f"btk-resume:{parents['code']}")


def tap_face(tab, index: int) -> None:
    """Tap the face ``index`` of the statement shown; wait until the page says it is saved."""
    face = tab.locator(".btk-parents-faces button").nth(index)
    face.click()
    expect(face).to_have_attribute("aria-checked", "true")
    tab.locator(".btk-parents-saved").wait_for(state="visible")


def walk(tab, url: str, lang: str = "nl", look=None) -> None:
    """A parent's whole way through the page: the language, the introduction, every
    statement (the faces of :data:`FACES` in turn), two chips, the open question, the thanks.
    ``look(screen)`` is called on each screen once it shows."""
    look = look or (lambda screen: None)
    tab.goto(url, timeout=WAIT)
    tab.locator(f".btk-parents-language.btk-lang-{lang}").wait_for(state="visible")
    expect(tab.locator(".btk-lang-en")).to_have_attribute("lang", "en")  # "English" in English
    look("language")
    tab.locator(f".btk-lang-{lang}").click()
    tab.locator(".btk-parents-intro").wait_for(state="visible")
    look("intro")
    tab.locator(".btk-parents-next").click()
    for i in range(len(ITEMS)):
        expect(tab.locator(".btk-parents-progress")).to_have_text(progress(lang, i + 1))
        tap_face(tab, i % len(FACES))
        look(f"question{i + 1}")
        tab.locator(".btk-parents-next").click()
    chips = tab.locator("button.btk-parents-chip")
    chips.first.wait_for(state="visible")
    chips.nth(0).click()
    chips.nth(2).click()
    expect(chips.nth(2)).to_have_attribute("aria-pressed", "true")
    tab.locator(".btk-parents-saved").wait_for(state="visible")
    look("hard")
    tab.locator(".btk-parents-next").click()
    box = tab.locator(".btk-parents-open textarea")
    box.fill("Meer ochtenden met koffie, graag.")
    look("open")
    tab.locator(".btk-parents-next").click()  # the box loses the focus: its text goes first
    tab.locator(".btk-parents-card h2").filter(
        has_text=FRAME.parents.thanks.get(lang)[:20]
    ).wait_for()
    look("thanks")


def test_parent_answers_everything_by_tapping(parents, phone):
    """At 390x844 a parent chooses Dutch and taps an answer to every statement, two chips and
    an open answer: the store holds exactly those, nothing scrolls sideways on any screen,
    every control is a thumb's target, and ``<html lang>`` is the chosen language."""
    tab = phone.new_page()
    problems = []

    def look(screen):
        problems.extend(f"{screen}: sideways {p}" for p in tab.evaluate(SIDEWAYS))
        problems.extend(f"{screen}: small {p}" for p in tab.evaluate(SMALL))
        if screen in ("language", "question1", "question6", "hard", "open", "thanks"):
            shot(tab, f"nl-{screen}")

    walk(tab, link(parents), "nl", look)
    assert not problems, "\n".join(problems)
    assert tab.evaluate(ROOT) == ["nl", "ltr"]

    code = personal_code(tab, parents)
    store = parents["store"]
    me = store.participant(code)
    assert (me.audience, me.channel, me.language) == ("parent", "online", "nl")
    want = {}
    for i, item in enumerate(ITEMS):
        face = FACES[i % len(FACES)]
        want[item] = face if isinstance(face, str) else float(face)
    chips = [b.barrier for b in FRAME.parents.barriers]
    want[f"barriers.{chips[0]}"] = 1.0
    want[f"barriers.{chips[2]}"] = 1.0
    want["open"] = "Meer ochtenden met koffie, graag."
    got = wait_for(
        lambda: (found := store.answers_of(me, "parents")) == want and found,
        SAVED,
        "every answer in the store",
    )
    assert got == want


def test_the_same_link_again_goes_on_where_the_parent_was(parents, phone, browser):
    """Opened again in the same browser, the link goes on at the first statement not
    answered, in the parent's language; the address bar holds no personal code. Another
    browser, even with that code in its link, starts afresh and changes nothing."""
    tab = phone.new_page()
    tab.goto(link(parents))
    tab.locator(".btk-lang-en").click()
    tab.locator(".btk-parents-next").click()
    for i in range(3):
        expect(tab.locator(".btk-parents-progress")).to_have_text(progress("en", i + 1))
        tap_face(tab, 3)
        tab.locator(".btk-parents-next").click()
    expect(tab.locator(".btk-parents-progress")).to_have_text(progress("en", 4))
    code = personal_code(tab, parents)
    assert code and "r=" not in tab.url

    tab.goto(link(parents))  # as from the letter's QR code again
    expect(tab.locator(".btk-parents-progress")).to_have_text(progress("en", 4))
    assert tab.evaluate(ROOT) == ["en", "ltr"]
    assert "r=" not in tab.url
    tab.locator(".btk-parents-back").click()
    face = tab.locator(".btk-parents-faces button").nth(3)
    expect(face).to_have_attribute("aria-checked", "true")  # the answer given before

    other = browser.new_context(viewport=PHONE)
    try:
        stranger = other.new_page()
        stranger.set_default_timeout(WAIT)
        stranger.goto(link(parents, r=code))  # a link copied with the code in it
        stranger.locator(".btk-parents-language").first.wait_for(state="visible")
        assert "r=" not in stranger.url
        stranger.locator(".btk-lang-nl").click()
        stranger.locator(".btk-parents-next").click()
        tap_face(stranger, 0)
        theirs = wait_for(lambda: personal_code(stranger, parents), SAVED, "a code of their own")
        assert theirs != code
    finally:
        other.close()
    me = parents["store"].participant(code)
    assert parents["store"].answers_of(me, "parents") == {item: 4.0 for item in ITEMS[:3]}


def test_right_to_left_language(parents, phone):
    """``&lang=`` of a right-to-left language: ``<html lang dir>`` and the page's container
    say rtl, the progress bar fills from the right, Back stands right of Next, and nothing
    scrolls sideways."""
    rtl = parents["rtl"]
    tab = phone.new_page()
    tab.goto(link(parents, lang=rtl))
    tab.locator(".btk-parents-intro").wait_for(state="visible")
    assert tab.evaluate(ROOT) == [rtl, "rtl"]
    assert tab.evaluate("document.querySelector('.btk-page').dir") == "rtl"
    tab.locator(".btk-parents-next").click()
    tap_face(tab, 4)
    tab.locator(".btk-parents-next").click()
    expect(tab.locator(".btk-parents-progress")).to_have_text(progress(rtl, 2))
    shot(tab, f"{rtl}-question2")
    bar = tab.evaluate(
        """() => { const bar = document.querySelector('.btk-parents-bar');
            const fill = bar.firstElementChild.getBoundingClientRect();
            const all = bar.getBoundingClientRect();
            return [all.left, all.right, fill.left, fill.right]; }"""
    )
    left, right, fill_left, fill_right = bar
    assert abs(fill_right - (right - 1)) <= 1.5 and fill_left > left + 10  # from the right
    back = tab.locator(".btk-parents-back").bounding_box()
    forward = tab.locator(".btk-parents-next").bounding_box()
    assert back["x"] > forward["x"]
    face = tab.evaluate(  # the face beside the word, at the right: where the word starts
        """() => { const b = document.querySelector('.btk-parents-faces button');
            const word = [...b.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
            const text = document.createRange(); text.selectNode(word);
            const s = getComputedStyle(b, '::before');
            return [parseFloat(s.width), text.getBoundingClientRect().right,
                    b.getBoundingClientRect().right]; }"""
    )
    assert face[0] >= 24 and 24 + 12 <= face[2] - face[1] < 120  # face, gap, then the word
    assert tab.evaluate(SIDEWAYS) == []
    me = parents["store"].participant(personal_code(tab, parents))
    assert me.language == rtl


def test_faces_are_a_radio_group_for_the_keyboard(parents, phone):
    """The faces are one radio group named by the statement: Tab reaches it once, the arrows
    and End choose, and the store has each answer."""
    tab = phone.new_page()
    tab.goto(link(parents, lang="nl"))
    tab.locator(".btk-parents-intro").wait_for(state="visible")
    tab.locator(".btk-parents-next").click()
    group = tab.locator(".btk-parents-faces")
    expect(group).to_have_attribute("role", "radiogroup")
    expect(group).to_have_attribute("aria-label", FRAME.parents.items[0].text.nl)
    stops = tab.evaluate(
        "() => [...document.querySelectorAll('.btk-parents-faces button')].map(b => b.tabIndex)"
    )
    assert stops.count(0) == 1 and len(stops) == len(FACES)
    tab.locator(".btk-parents-faces button[tabindex='0']").focus()
    tab.keyboard.press("ArrowDown")
    buttons = tab.locator(".btk-parents-faces button")
    expect(buttons.nth(1)).to_have_attribute("aria-checked", "true")
    tab.locator(".btk-parents-saved").wait_for(state="visible")
    code = personal_code(tab, parents)
    store = parents["store"]
    me = wait_for(lambda: code and store.participant(code), SAVED, "the parent")
    first = ITEMS[0]
    wait_for(lambda: store.answers_of(me, "parents").get(first) == 2.0, SAVED, "the answer 2")
    tab.keyboard.press("End")
    expect(buttons.last).to_have_attribute("aria-checked", "true")
    wait_for(
        lambda: store.answers_of(me, "parents").get(first) == "rather_not",
        SAVED,
        "rather not say",
    )


def test_team_pages_say_their_language_on_the_document(parents, phone):
    """The start page's ``<html lang>`` is its language: nl, and en after the switch."""
    tab = phone.new_page()
    tab.goto(parents["server"].page("00_start.ipynb", lang="nl"))
    tab.locator(".widget-tab .btk-field input").first.wait_for(state="visible")
    assert tab.evaluate(ROOT) == ["nl", "ltr"]
    tab.locator(".btk-header .widget-toggle-buttons button").nth(1).click()
    wait_for(lambda: tab.evaluate(ROOT) == ["en", "ltr"], 15, "<html lang=en>")


@pytest.mark.parametrize("bad", ["ZZZZZZZ", ""])
def test_wrong_link_says_so_kindly(parents, phone, bad):
    """A wrong or missing code: the no_link text in Dutch and English, and no control."""
    tab = phone.new_page()
    tab.goto(parents["server"].page("10_ouders.ipynb", **({"s": bad} if bad else {})))
    box = tab.locator(".btk-parents-no-link")
    box.wait_for(state="visible")
    text = box.inner_text()
    for lang in ("nl", "en"):
        assert re.sub(r"\s+", " ", say("no_link", lang)) in re.sub(r"\s+", " ", text)
    assert tab.locator(".btk-parents button").count() == 0
    assert tab.evaluate(ROOT)[0] == "nl"
