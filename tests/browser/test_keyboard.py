"""The keyboard on the pages (issue 11): every choice of buttons (ipywidgets' ToggleButtons) is a
radio group, one tab stop, whose arrows move the focus and choose, so the answer is saved as a
click saves it; a screen reader hears a named radio group of radios, checked or not.

At phone and laptop size on the triangle and the climate page: Tab reaches each rating once;
Arrow Right/Left (wrapping), Home and End choose and the store has the answer; Space and Enter
choose the first option of an unanswered rating; and after the page relabels itself (NL → EN,
chosen with the header's arrows) the roles and the single tab stop still hold. A single
ToggleButton (a chip) stays a button.
"""

import re

import pytest

from betrokkenheid import Store
from betrokkenheid.exercises import exercise
from betrokkenheid.frames import load_frame

from ..helpers import wait_for
from .conftest import READY, page_url

pytestmark = pytest.mark.browser

SIZES = [(390, 844), (1280, 800)]
PAGES = ["02_driehoek", "04_klimaat"]
SECTION = {"02_driehoek": "triangle", "04_klimaat": "climate"}
WAIT = 60_000  # ms: the longest wait for a page to run its notebook and show
SAVED = 15  # s: the longest wait for an answer to reach the store
TABS = 200  # Tab presses at most in one walk through a page

GROUPS = ".btk-answers .widget-toggle-buttons"

# What is wrong with the radio groups of the page (its choices of buttons), one line each.
ROLES = """() => {
    const out = [];
    const groups = [...document.querySelectorAll('.btk-page .widget-toggle-buttons')];
    groups.forEach((g, i) => {
        const name = (g.getAttribute('aria-label') || '').trim();
        const at = `group ${i} "${name.slice(0, 40)}"`;
        const role = g.getAttribute('role');
        if (role !== 'radiogroup') out.push(`${at}: role ${role}`);
        if (!name) out.push(`${at}: no name`);
        const buttons = [...g.querySelectorAll('button')];
        for (const b of buttons) {
            const label = b.innerText, checked = b.getAttribute('aria-checked');
            if (b.getAttribute('role') !== 'radio') out.push(`${at}: ${label} not a radio`);
            const on = String(b.classList.contains('mod-active'));
            if (checked !== on) out.push(`${at}: ${label} aria-checked ${checked}, chosen ${on}`);
        }
        const focused = buttons.find(b => b === document.activeElement);
        const want = focused || buttons.find(b => b.classList.contains('mod-active')) || buttons[0];
        const stops = buttons.filter(b => b.tabIndex >= 0);
        if (stops.length !== 1 || stops[0] !== want) {
            out.push(`${at}: tab stops ${stops.map(b => b.innerText).join('/')}, `
                + `want ${want && want.innerText}`);
        }
    });
    return out;
}"""

# Where the focus is: in the answers column? in which of its groups, on which option?
FOCUS = """(selector) => {
    const a = document.activeElement;
    const column = document.querySelector('.btk-answers');
    const groups = [...document.querySelectorAll(selector)];
    const g = a && a.closest('.widget-toggle-buttons');
    const buttons = g ? [...g.querySelectorAll('button')] : [];
    return {inside: !!(a && column && column.contains(a)), group: g ? groups.indexOf(g) : -1,
            option: buttons.indexOf(a), checked: a ? a.getAttribute('aria-checked') : null,
            chosen: buttons.findIndex(b => b.classList.contains('mod-active'))};
}"""

READY_GROUPS = """([selector, n]) => {
    const groups = [...document.querySelectorAll(selector)];
    return groups.length === n && groups.every(g => g.getAttribute('role') === 'radiogroup');
}"""


def _items(section: str) -> list[str]:
    """The items of the page's ratings, in the order of the page."""
    content = exercise(section).content(load_frame("betrokkenheidsboom"))
    if section == "triangle":
        return [f"{r.id}.{q.id}" for r in content.relations for q in content.qualities_of(r)]
    return [item for c in content.components for item in (c.id, f"{c.id}.wanted")]


def _value(section: str, option: int) -> float:
    """The answer that option ``option`` (from 0) of a rating stands for."""
    if section == "triangle":
        return float(list(load_frame("betrokkenheidsboom").scale.values)[option])
    return float(option + 1)  # the climate's levels, from 1 ("don't know" comes after them)


@pytest.fixture
def tab(browser, request):
    width, height = request.param
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(WAIT)
    page = context.new_page()
    yield page
    context.close()


def _open(tab, url: str, notebook: str, n: int) -> None:
    tab.goto(url, timeout=WAIT)
    tab.locator(READY[notebook]).first.wait_for(state="visible", timeout=WAIT)
    tab.wait_for_function(READY_GROUPS, arg=[GROUPS, n], timeout=WAIT)


def _roles(tab) -> None:
    tab.evaluate("() => document.activeElement && document.activeElement.blur()")
    wrong = tab.evaluate(ROLES)
    assert not wrong, "radio groups:\n" + "\n".join(wrong)


def _walk(tab) -> list[dict]:
    """Tab from the top of the page through the answers column; where the focus came to in it."""
    tab.evaluate("() => document.activeElement && document.activeElement.blur()")
    stops = []
    for _ in range(TABS):
        tab.keyboard.press("Tab")
        where = tab.evaluate(FOCUS, GROUPS)
        if where["inside"]:
            stops.append(where)
        elif stops:  # out of the column again
            return stops
    raise AssertionError(f"{TABS} Tab presses did not get through the answers column: {stops}")


def _one_stop_each(tab, n: int, answered: bool = True) -> None:
    stops = [s for s in _walk(tab) if s["group"] >= 0]
    assert [s["group"] for s in stops] == list(range(n)), "one tab stop per rating, in order"
    for s in stops:  # the chosen option, or the first when none is
        assert s["option"] == (s["chosen"] if answered else 0), s
        assert s["checked"] == ("true" if answered else "false"), s


def _focus_group(tab, group: int):
    """Focus the tab stop of rating ``group``, as Tab leaves it; its buttons."""
    buttons = tab.locator(GROUPS).nth(group).locator("button")
    buttons.and_(tab.locator('[tabindex="0"]')).focus()
    return buttons


def _press_and_check(tab, store, me, section, items, group, key, want_option):
    from playwright.sync_api import expect

    tab.keyboard.press(key)
    where = tab.evaluate(FOCUS, GROUPS)
    assert (where["group"], where["option"]) == (group, want_option), f"{key}: focus {where}"
    buttons = tab.locator(GROUPS).nth(group).locator("button")
    expect(buttons.nth(want_option)).to_have_class(re.compile("mod-active"), timeout=WAIT)
    for i in range(buttons.count()):
        checked = buttons.nth(i).get_attribute("aria-checked")
        assert checked == ("true" if i == want_option else "false"), f"{key}: option {i}"
    want = _value(section, want_option)
    wait_for(
        lambda: store.answers_of(me, section).get(items[group]) == want,
        timeout=SAVED,
        what=f"{items[group]} = {want} in the store after {key}",
    )


@pytest.mark.parametrize("tab", SIZES, indirect=True, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("notebook", PAGES)
def test_ratings_are_radio_groups_of_one_tab_stop(server, room, tab, notebook):
    """Each rating is one tab stop (its chosen option); arrows, Home and End move the focus and
    choose, and the store has the answer; after switching to English all of it still holds."""
    section = SECTION[notebook]
    items = _items(section)
    store = Store(server.db)
    me = store.participant(room["code"])
    _open(tab, page_url(server, room, notebook, "nl"), notebook, len(items))
    _roles(tab)
    _one_stop_each(tab, len(items))

    group = 1
    buttons = _focus_group(tab, group)
    n = buttons.count()
    start = tab.evaluate(FOCUS, GROUPS)["option"]
    assert start == tab.evaluate(FOCUS, GROUPS)["chosen"] >= 0  # the room answered everything
    check = lambda key, option: _press_and_check(  # noqa: E731
        tab, store, me, section, items, group, key, option
    )
    check("ArrowRight", (start + 1) % n)
    check("ArrowLeft", start)
    check("End", n - 1)
    check("ArrowDown", 0)  # wraps
    check("ArrowUp", n - 1)  # wraps back
    check("Home", 0)
    _roles(tab)  # the tab stop followed the answer

    # NL -> EN with the header's own arrows: the page relabels and rebuilds its questions
    before = tab.locator(GROUPS).first.get_attribute("aria-label")
    tab.locator(".btk-header .widget-toggle-buttons button").and_(
        tab.locator('[tabindex="0"]')
    ).focus()
    tab.keyboard.press("ArrowRight")
    tab.wait_for_function(
        """([selector, n, before]) => {
            const groups = [...document.querySelectorAll(selector)];
            return groups.length === n && groups.every(g => g.getAttribute('role') === 'radiogroup')
                && groups[0].getAttribute('aria-label') !== before;
        }""",
        arg=[GROUPS, len(items), before],
        timeout=WAIT,
    )
    header = tab.locator(".btk-header .widget-toggle-buttons button")
    assert header.nth(1).get_attribute("aria-checked") == "true"  # EN
    _roles(tab)
    _one_stop_each(tab, len(items))
    _focus_group(tab, group)
    check("ArrowRight", 1)


@pytest.mark.parametrize("tab", SIZES, indirect=True, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("notebook", PAGES)
def test_unanswered_rating_starts_at_its_first_option(server, room, tab, notebook):
    """A rating without an answer is reached on its first option, not checked; Space chooses
    it, and so does Enter, as a click would."""
    section = SECTION[notebook]
    items = _items(section)
    store = Store(server.db)
    me = store.join(room["later"], "teacher")  # answered nothing yet
    url = server.page(f"{notebook}.ipynb", p=me.code, lang="nl")
    _open(tab, url, notebook, len(items))
    _roles(tab)
    _one_stop_each(tab, len(items), answered=False)
    for group, key in ((0, "Space"), (1, "Enter")):
        _focus_group(tab, group)
        _press_and_check(tab, store, me, section, items, group, key, 0)
    assert set(store.answers_of(me, section)) == {items[0], items[1]}
    _roles(tab)


@pytest.mark.parametrize("tab", [SIZES[1]], indirect=True, ids=lambda s: f"{s[0]}x{s[1]}")
def test_chips_stay_buttons(server, room, tab):
    """A single ToggleButton (a barrier's chip) is no radio group: a button, a tab stop."""
    tab.goto(page_url(server, room, "05_drempels_kansen", "nl"), timeout=WAIT)
    tab.locator(READY["05_drempels_kansen"]).first.wait_for(state="visible", timeout=WAIT)
    tab.wait_for_function(
        "() => document.querySelector('.btk-groups')?.getAttribute('role') === 'radiogroup'",
        timeout=WAIT,
    )
    chips = tab.evaluate(
        """() => [...document.querySelectorAll('button.btk-chip')].map(b =>
            [b.getAttribute('role'), b.getAttribute('aria-checked'), b.tabIndex])"""
    )
    assert chips and all(c == [None, None, 0] for c in chips), chips
    _roles(tab)
