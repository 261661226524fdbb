"""Every page at phone, tablet and laptop size: nothing scrolls sideways, no text or control is
cut off, every control is a thumb's target, and a rating scale sits on one row or in one
column.

Each page is opened once per language and then resized: its layout is CSS only, so a new
viewport size lays it out as a fresh load would. ``BTK_LAYOUT_SHOTS=DIR`` also saves a
screenshot of each page and state at phone and laptop size (the whole page, made tall enough)
and the problems found on each page, to look at.
"""

import os
from pathlib import Path

import pytest

from .conftest import NO_PICTURE, PICTURE, READY, page_url

pytestmark = pytest.mark.browser

SIZES = [(360, 740), (390, 844), (768, 1024), (1280, 800)]
SHOT_SIZES = {(390, 844), (1280, 800)}
TARGET = 44  # CSS px: the smallest control a thumb hits (WCAG 2.5.5)
SHOTS = os.environ.get("BTK_LAYOUT_SHOTS")

# Looks at the page as laid out now and returns what is wrong, one line each.
CHECK = """(target) => {
    const W = document.documentElement.clientWidth;
    const problems = [];
    const shown = (el) => {
        if (!el.checkVisibility({visibilityProperty: true})) return false;
        const r = el.getBoundingClientRect();
        return r.width > 1 && r.height > 1;
    };
    const what = (el) => {
        const text = (el.innerText || el.value || el.placeholder || '').trim();
        const cls = typeof el.className === 'string' ? el.className : '';
        const btk = cls.split(' ').filter(c => c.startsWith('btk-') || c.startsWith('widget-'));
        return `${el.tagName.toLowerCase()}.${btk.slice(0, 2).join('.')} "${text.slice(0, 40)}"`;
    };
    // 1. sideways scroll: the document, and every box that scrolls (Voila's page does)
    if (document.documentElement.scrollWidth > innerWidth) {
        problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px`);
    }
    const page = document.querySelector('.btk-page');
    for (const el of document.querySelectorAll('body, body *')) {
        const s = getComputedStyle(el);
        if (['auto', 'scroll'].includes(s.overflowX) && el.scrollWidth > el.clientWidth + 1
                && shown(el)) {
            problems.push(`scrolls sideways (${el.scrollWidth} > ${el.clientWidth}): ${what(el)}`);
        }
    }
    // 2. nothing sticks out at the sides
    for (const el of page.querySelectorAll('*')) {
        if (!shown(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.right > W + 1 || r.left < -1) {
            const where = `${Math.round(r.left)}..${Math.round(r.right)}`;
            problems.push(`sticks out (${where}): ${what(el)}`);
        }
    }
    // 3. no text cut off: by an ellipsis, a hidden overflow, or spilling over its box
    const texts = 'button, label, select, h1, h2, h3, th, td, a.btk-button, '
        + '.lm-TabBar-tab, .lm-TabBar-tabLabel, .widget-html-content';
    for (const el of page.querySelectorAll(texts)) {
        if (!shown(el) || !el.textContent.trim()) continue;
        const s = getComputedStyle(el);
        if (el.scrollWidth > el.clientWidth + 1) {
            problems.push(`text cut off sideways (${el.scrollWidth} > ${el.clientWidth}, `
                + `${s.textOverflow}): ${what(el)}`);
        } else if (s.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1) {
            problems.push(`text cut off below (${el.scrollHeight} > ${el.clientHeight}): `
                + what(el));
        }
        if (el.tagName === 'SELECT' && el.selectedIndex >= 0) {  // a select cuts its text
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = s.font;
            const need = ctx.measureText(el.options[el.selectedIndex].text).width
                + parseFloat(s.paddingLeft) + parseFloat(s.paddingRight)
                + (s.appearance === 'none' ? 0 : 20);  // the browser's arrow, else in padding
            if (need > el.clientWidth + 1) {
                problems.push(`choice cut off (${Math.round(need)} > ${el.clientWidth}): `
                    + what(el));
            }
        }
    }
    // 4. no word broken in the middle (a link may break anywhere)
    const walker = document.createTreeWalker(page, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || parent.closest('.btk-link, .btk-address, style, script')) continue;
        if (!node.textContent.trim() || !shown(parent)) continue;
        for (const word of node.textContent.matchAll(/[^\\s\\-\\u2010-\\u2014\\/]{2,}/g)) {
            range.setStart(node, word.index);
            range.setEnd(node, word.index + word[0].length);
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                .map(r => Math.round(r.top / 4)));
            if (tops.size > 1) problems.push(`word broken: "${word[0]}" in ${what(parent)}`);
        }
    }
    // 5. every control is large enough to hit with a thumb
    const controls = 'button, input:not([type=radio]):not([type=checkbox]), select, textarea, '
        + 'a.btk-button, .lm-TabBar-tab, .widget-radio-box label';
    for (const el of page.querySelectorAll(controls)) {
        if (!shown(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.width < target - 0.5 || r.height < target - 0.5) {
            problems.push(`small target (${Math.round(r.width)}x${Math.round(r.height)}): `
                + what(el));
        }
    }
    // 6. no control lies over a heading or a label, or over another control
    const boxes = [];
    for (const el of page.querySelectorAll(controls)) {
        if (shown(el)) boxes.push([el, el.getBoundingClientRect()]);
    }
    const words = [];
    for (const el of page.querySelectorAll('h1, h2, h3, label, th, td, .btk-brand')) {
        if (!shown(el) || !el.textContent.trim()) continue;
        range.selectNodeContents(el);
        for (const r of range.getClientRects()) if (r.width > 1) words.push([el, r]);
    }
    const across = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2
        && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
    for (const [el, box] of boxes) {
        for (const [other, r] of [...words, ...boxes]) {
            if (other === el || other.contains(el) || el.contains(other)) continue;
            if (across(box, r)) problems.push(`${what(el)} lies over ${what(other)}`);
        }
    }
    // 7. a rating scale on one row, or (narrow) in one column
    for (const group of page.querySelectorAll('.btk-rating .widget-toggle-buttons')) {
        const buttons = [...group.querySelectorAll(':scope > button')].filter(shown);
        if (buttons.length < 2) continue;
        const rects = buttons.map(b => b.getBoundingClientRect());
        const row = rects.every(r => Math.abs(r.top - rects[0].top) < 2);
        const column = rects.every(r => Math.abs(r.left - rects[0].left) < 2);
        if (!row && !column) problems.push(`scale neither one row nor one column: ${what(group)}`);
    }
    return [...new Set(problems)];
}"""

SETTLE = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(60_000)
    page = context.new_page()
    yield page
    context.close()


def _states(tab, notebook: str):
    """The states of a page to look at, as (name, a function that shows it)."""
    if notebook == "00_start":  # each tab of the start page
        labels = tab.locator(".widget-tab .lm-TabBar-tab")
        return [(f"tab{i}", lambda i=i: labels.nth(i).click()) for i in range(3)]
    if notebook == "06_dashboard":  # a picture, and the table of the change
        views = tab.locator(".btk-views button")

        def change():
            views.last.click()
            tab.locator(".btk-change").wait_for()

        return [("picture", lambda: None), ("change", change)]
    return [("", lambda: None)]


def _look(tab, name: str, size) -> list[str]:
    tab.evaluate(SETTLE)
    if SHOTS and size in SHOT_SIZES:
        height = tab.evaluate("document.querySelector('#rendered_cells').scrollHeight")
        tab.set_viewport_size({"width": size[0], "height": min(max(height, size[1]), 12_000)})
        tab.evaluate(SETTLE)
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SHOTS) / f"{name}-{size[0]}.png"))
        tab.set_viewport_size({"width": size[0], "height": size[1]})
        tab.evaluate(SETTLE)
    return tab.evaluate(CHECK, TARGET)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("notebook", list(READY))
def test_page_fits_phone_tablet_and_laptop(server, room, tab, notebook, lang):
    """At 360x740, 390x844, 768x1024 and 1280x800 the page has no sideways scroll, no text
    or control cut off, no word broken in the middle, controls of at least 44x44 px, none
    lying over a text or another control, and rating scales on one row or in one column."""
    tab.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    tab.goto(page_url(server, room, notebook, lang))
    tab.locator(READY[notebook]).first.wait_for(state="visible")
    if notebook not in NO_PICTURE:  # and its picture, drawn after a second
        tab.wait_for_function(PICTURE, timeout=60_000)
    found = []
    for state, show in _states(tab, notebook):
        show()
        for size in SIZES:
            tab.set_viewport_size({"width": size[0], "height": size[1]})
            name = "-".join(p for p in (notebook, lang, state) if p)
            found += [
                f"{size[0]}x{size[1]} {state} {p}".replace("  ", " ")
                for p in _look(tab, name, size)
            ]
    if SHOTS:
        (Path(SHOTS) / f"{notebook}-{lang}.txt").write_text("\n".join(found) + "\n")
    assert not found, f"{len(found)} layout problems:\n" + "\n".join(found[:80])


def test_parents_page_fits_phone_tablet_and_laptop(server, room, browser):
    """The parents' page (10_ouders), on each kind of screen of a parent's way through it in
    Dutch, at the four sizes: the same checks as every other page."""
    from betrokkenheid import Store

    from .test_parents import walk

    store = Store(server.db)
    code = store.audience_code(store.session(room["later"]))
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.set_default_timeout(60_000)
    tab = context.new_page()
    found = []

    def look(screen):
        if screen not in ("language", "intro", "question1", "question6", "hard", "open", "thanks"):
            return
        for size in SIZES:
            tab.set_viewport_size({"width": size[0], "height": size[1]})
            found.extend(
                f"{size[0]}x{size[1]} {screen} {p}" for p in _look(tab, f"10_ouders-{screen}", size)
            )
        tab.set_viewport_size({"width": 390, "height": 844})

    try:
        walk(tab, server.page("10_ouders.ipynb", s=code), "nl", look)
    finally:
        context.close()
    assert not found, f"{len(found)} layout problems:\n" + "\n".join(found[:80])


def test_children_page_fits_phone_tablet_and_laptop(server, room, browser):
    """The children's page (11_kinderen), on each kind of screen of a child's way through it
    (the question "Ander kind?" and the quiet note of a tablet that cannot read aloud too), at
    the four sizes and a tablet held sideways (1024x768): the same checks as every other
    page."""
    from playwright.sync_api import expect

    from betrokkenheid import Store

    from .test_children import NO_SPEECH, say, walk

    store = Store(server.db)
    code = store.audience_code(store.session(room["later"]), "child")
    context = browser.new_context(viewport={"width": 768, "height": 1024})
    context.set_default_timeout(60_000)
    context.add_init_script(script=NO_SPEECH)
    tab = context.new_page()
    found = []

    def look(screen):
        if screen not in ("intro", "question1", "question3", "other_child", "thanks"):
            return
        if screen == "question3":  # with the note beside the speaker
            tab.locator(".btk-children-speak").click()
            expect(tab.locator(".btk-children-speak-note")).to_have_text(say("cannot_read"))
        for size in [*SIZES, (1024, 768)]:
            tab.set_viewport_size({"width": size[0], "height": size[1]})
            found.extend(
                f"{size[0]}x{size[1]} {screen} {p}"
                for p in _look(tab, f"11_kinderen-{screen}", size)
            )
        tab.set_viewport_size({"width": 768, "height": 1024})

    try:
        walk(tab, server.page("11_kinderen.ipynb", s=code), look)
    finally:
        context.close()
    assert not found, f"{len(found)} layout problems:\n" + "\n".join(found[:80])
