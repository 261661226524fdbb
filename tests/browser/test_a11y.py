"""Every page passes axe-core's WCAG 2.x A and AA rules (no serious or critical violation) in
Dutch and English at phone and laptop size; every control shows a focus ring of at least 2 px,
and the chosen option of a choice differs from the others by more than its colour.

axe-core is the npm package (``npm ci``), read from ``node_modules`` and injected into the page:
never from a CDN. Each page is opened once per language and resized for the second size.
"""

import os
from pathlib import Path

import pytest

from .conftest import NO_PICTURE, PICTURE, READY, page_url

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SIZES = [(390, 844), (1280, 800)]
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
IMPACTS = {"serious", "critical"}
WAIT = 60_000  # ms: the longest wait for a page to run its notebook and show

# Parts of the page that our code cannot reach, left out of the scan (each says why).
EXCLUDE: list[str] = []

RUN = """async ([tags, exclude]) => {
    const context = exclude.length ? {exclude: exclude.map(s => [s])} : document;
    const result = await axe.run(context, {runOnly: {type: 'tag', values: tags},
                                           resultTypes: ['violations']});
    return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')).slice(0, 8), count: v.nodes.length}));
}"""

# The focus ring of every kind of control, focused by the keyboard (Tab) as a user would.
FOCUS = """() => {
    const page = document.querySelector('.btk-page');
    const kinds = {button: 'button', toggle: '.widget-toggle-buttons button',
                   input: 'input[type="text"], textarea', select: 'select'};
    const out = {};
    for (const [kind, selector] of Object.entries(kinds)) {
        const el = [...page.querySelectorAll(selector)].find(e => e.checkVisibility());
        if (el) out[kind] = el;
    }
    return out;
}"""

RING = """(el) => {
    const s = getComputedStyle(el);
    return {width: parseFloat(s.outlineWidth) || 0, style: s.outlineStyle,
            color: s.outlineColor, visible: el.matches(':focus-visible')};
}"""

# The chosen option against another of the same choice: what differs beyond colour.
CHOSEN = """() => {
    const out = [];
    for (const group of document.querySelectorAll('.btk-page .widget-toggle-buttons')) {
        const buttons = [...group.querySelectorAll('button')].filter(b => b.checkVisibility());
        const on = buttons.find(b => b.classList.contains('mod-active'));
        const off = buttons.find(b => !b.classList.contains('mod-active'));
        if (!on || !off) continue;
        const a = getComputedStyle(on), b = getComputedStyle(off);
        const a2 = getComputedStyle(on, '::after'), b2 = getComputedStyle(off, '::after');
        const differs = a.borderTopWidth !== b.borderTopWidth
            || a.textDecorationLine !== b.textDecorationLine
            || a.fontWeight !== b.fontWeight
            || (a2.content !== b2.content && a2.content !== 'none');
        if (!differs) out.push((on.innerText || '').trim().slice(0, 40));
    }
    return out;
}"""


def _contrast(color: str, against: str = "rgb(255, 255, 255)") -> float:
    """The WCAG contrast ratio of two CSS ``rgb()`` colours."""

    def luminance(text: str) -> float:
        parts = text[text.index("(") + 1 : text.index(")")].replace("/", ",").split(",")
        channels = [float(p) / 255 for p in parts[:3]]
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(color), luminance(against)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{AXE} is missing; the Makefile's test step runs npm ci")
        pytest.skip("axe-core is not installed (npm ci)")
    return AXE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def tab(browser):
    context = browser.new_context(viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
    context.set_default_timeout(WAIT)
    page = context.new_page()
    yield page
    context.close()


def _open(tab, server, room, notebook: str, lang: str, axe_source: str) -> None:
    tab.set_viewport_size({"width": SIZES[0][0], "height": SIZES[0][1]})
    tab.goto(page_url(server, room, notebook, lang), timeout=WAIT)
    tab.locator(READY[notebook]).first.wait_for(state="visible", timeout=WAIT)
    if notebook not in NO_PICTURE:  # and its picture, drawn after a second
        tab.wait_for_function(PICTURE, timeout=WAIT)
    tab.add_script_tag(content=axe_source)


IMAGES = """() => [...document.querySelectorAll('img')].map(i => ({
    title: i.getAttribute('title'), alt: i.getAttribute('alt'), classes: i.className,
    width: i.naturalWidth, in_picture: !!i.closest('.btk-picture')}))"""


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("notebook", list(READY))
def test_page_has_no_serious_axe_violation(server, room, tab, axe_source, notebook, lang):
    """At 390x844 and 1280x800 axe-core finds no serious or critical violation of WCAG 2.x
    A/AA on the page; a control focused by the keyboard shows a ring of at least 2 px with
    3:1 contrast, and the chosen option of every choice differs by more than colour."""
    _open(tab, server, room, notebook, lang, axe_source)
    found = []
    for width, height in SIZES:
        tab.set_viewport_size({"width": width, "height": height})
        tab.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
        for v in tab.evaluate(RUN, [TAGS, EXCLUDE]):
            if v["impact"] in IMPACTS:
                found.append(
                    f"{width}x{height} {v['id']} ({v['impact']}, {v['count']}x): {v['help']}\n"
                    + "".join(f"    {t}\n" for t in v["targets"])
                )
    if found:  # say what the pictures were (a name lost on the way, or another image)
        found.append(f"the page's images: {tab.evaluate(IMAGES)}")
    assert not found, f"{len(found)} serious or critical axe violations:\n" + "".join(found)

    rings = []
    controls = tab.evaluate_handle(FOCUS)
    for kind in ("button", "toggle", "input", "select"):
        el = controls.get_property(kind).as_element()
        if el is None:
            continue
        tab.evaluate("(el) => { el.blur(); el.focus({focusVisible: true}); }", el)
        ring = el.evaluate(RING)
        if not ring["visible"]:  # a click's focus is not :focus-visible: reach it by keyboard
            tab.keyboard.press("Shift+Tab")
            tab.keyboard.press("Tab")
            ring = el.evaluate(RING)
        if ring["width"] < 2 or ring["style"] == "none" or _contrast(ring["color"]) < 3:
            rings.append(f"{kind}: {ring}")
    assert not rings, "weak focus ring:\n" + "\n".join(rings)

    flat = tab.evaluate(CHOSEN)
    assert not flat, f"chosen option shown by colour only: {flat}"


# the screens of the parents' page (10_ouders) that axe-core looks at, in Dutch
PARENTS_SCREENS = ("language", "intro", "question1", "hard", "open", "thanks")
# those of the children's page (11_kinderen), and its sizes: a class's tablet too
CHILDREN_SCREENS = ("intro", "question1", "other_child", "thanks")
CHILDREN_SIZES = [(390, 844), (768, 1024), (1280, 800)]


def _look_at_screen(tab, screen, axe_source, found, rings, flat, sizes=SIZES) -> None:
    """axe-core at each of ``sizes``, the focus ring of each kind of control and the chosen
    option of each choice, on the screen shown; what is wrong goes into the three lists."""
    tab.add_script_tag(content=axe_source)
    for width, height in sizes:
        tab.set_viewport_size({"width": width, "height": height})
        tab.evaluate("() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)))")
        for v in tab.evaluate(RUN, [TAGS, EXCLUDE]):
            if v["impact"] in IMPACTS:
                found.append(
                    f"{screen} {width}x{height} {v['id']} ({v['impact']}, {v['count']}x): "
                    f"{v['help']}\n" + "".join(f"    {t}\n" for t in v["targets"])
                )
    tab.set_viewport_size({"width": sizes[0][0], "height": sizes[0][1]})
    controls = tab.evaluate_handle(FOCUS)
    for kind in ("button", "toggle", "input"):
        el = controls.get_property(kind).as_element()
        if el is None:
            continue
        tab.evaluate("(el) => { el.blur(); el.focus({focusVisible: true}); }", el)
        ring = el.evaluate(RING)
        if not ring["visible"]:  # a click's focus is not :focus-visible: reach it by keyboard
            tab.keyboard.press("Shift+Tab")
            tab.keyboard.press("Tab")
            ring = el.evaluate(RING)
        if ring["width"] < 2 or ring["style"] == "none" or _contrast(ring["color"]) < 3:
            rings.append(f"{screen} {kind}: {ring}")
    tab.evaluate("() => document.activeElement && document.activeElement.blur()")
    flat.extend(f"{screen}: {f}" for f in tab.evaluate(CHOSEN))


def test_parents_page_has_no_serious_axe_violation(server, room, browser, axe_source):
    """The parents' page, on each kind of screen of a parent's way through it, at 390x844 and
    1280x800: no serious or critical axe violation, a focus ring on its controls, and the
    chosen face differs by more than colour."""
    from betrokkenheid import Store

    from .test_parents import walk

    store = Store(server.db)
    code = store.audience_code(store.session(room["baseline"]))
    context = browser.new_context(viewport={"width": SIZES[0][0], "height": SIZES[0][1]})
    context.set_default_timeout(WAIT)
    tab = context.new_page()
    found, rings, flat = [], [], []

    def look(screen):
        if screen in PARENTS_SCREENS:
            _look_at_screen(tab, screen, axe_source, found, rings, flat)

    try:
        walk(tab, server.page("10_ouders.ipynb", s=code), "nl", look)
    finally:
        context.close()
    assert not found, f"{len(found)} serious or critical axe violations:\n" + "".join(found)
    assert not rings, "weak focus ring:\n" + "\n".join(rings)
    assert not flat, f"chosen option shown by colour only: {flat}"


def test_children_page_has_no_serious_axe_violation(server, room, browser, axe_source):
    """The children's page, on each kind of screen of a child's way through it (the
    question "Ander kind?" too), at 390x844, 768x1024 and 1280x800: no serious or critical
    axe violation, a focus ring on its controls, and the chosen face differs by more than
    colour."""
    from betrokkenheid import Store

    from .test_children import walk

    store = Store(server.db)
    code = store.audience_code(store.session(room["baseline"]), "child")
    size = CHILDREN_SIZES[0]
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    context.set_default_timeout(WAIT)
    tab = context.new_page()
    found, rings, flat = [], [], []

    def look(screen):
        if screen in CHILDREN_SCREENS:
            _look_at_screen(tab, screen, axe_source, found, rings, flat, CHILDREN_SIZES)

    try:
        walk(tab, server.page("11_kinderen.ipynb", s=code), look)
    finally:
        context.close()
    assert not found, f"{len(found)} serious or critical axe violations:\n" + "".join(found)
    assert not rings, "weak focus ring:\n" + "\n".join(rings)
    assert not flat, f"chosen option shown by colour only: {flat}"
