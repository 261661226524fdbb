"""The dashboard's presentation view on a projector (1920×1080): one slide at a time on the
whole screen, no controls but the steppers, every text at least 24 px (the pictures' text
too), the arrow keys step, and the join slide's QR code scans as the join link."""

import subprocess

import pytest

from betrokkenheid import Store
from betrokkenheid.demo import make_demo

from .test_joining import zbarimg  # noqa: F401 - the QR reader, a fixture

pytestmark = pytest.mark.browser

SCREEN = {"width": 1920, "height": 1080}
MIN_PX = 24
STEP_WAIT = 60_000  # ms: the longest a slide may take to come (a busy machine)

# Every visible text of the presenting page, the smallest first: [px, text].
TEXTS = """() => {
  const page = document.querySelector('.btk-page.btk-present');
  const found = [];
  const walker = document.createTreeWalker(page, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const words = node.textContent.trim();
    const el = node.parentElement;
    if (!words || el.closest('style, script, title')) { continue; }
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!box.width || !box.height || style.visibility === 'hidden') { continue; }
    if (box.bottom <= 0 || box.top >= innerHeight || box.right <= 0 || box.left >= innerWidth) {
      continue;  // scrolled out of the slide (a test fails on that below)
    }
    found.push([parseFloat(style.fontSize), words.slice(0, 60)]);
  }
  return found.sort((a, b) => a[0] - b[0]);
}"""

# What can be clicked or typed into and is visible: its classes.
CONTROLS = """() => [...document.querySelectorAll(
    'button, input, select, textarea, a[href], [role=radio], [role=button]')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).visibility !== 'hidden')
  .map(el => el.className)"""

# The smallest text inside each visible picture, in CSS px as shown: the SVG's font sizes
# (in its own units) times the px per unit of the picture filling its box with
# object-fit: contain (its width shown over its viewBox's width).
PICTURES = """async () => {
  const out = [];
  for (const img of document.querySelectorAll('.btk-present .btk-stage img')) {
    if (!img.getClientRects().length || getComputedStyle(img).display === 'none') { continue; }
    const text = await (await fetch(img.src)).text();
    const svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
    const [, , vw, vh] = svg.getAttribute('viewBox').trim().split(/\\s+/).map(Number);
    const box = img.getBoundingClientRect();
    const fit = getComputedStyle(img).objectFit;
    const shown = fit === 'contain' ? Math.min(box.width, box.height * vw / vh) : box.width;
    const sizes = [...svg.querySelectorAll('text')]
      .filter(t => t.textContent.trim())
      .map(t => parseFloat(t.style.fontSize));
    out.push({min: Math.min(...sizes) * shown / vw, texts: sizes.length, fit: fit,
              inside: box.right <= innerWidth && box.bottom <= innerHeight});
  }
  return out;
}"""

COVERS = """() => {
  const page = document.querySelector('.btk-page.btk-present');
  const box = page.getBoundingClientRect();
  const points = [[5, 5], [innerWidth - 5, 5], [innerWidth / 2, innerHeight / 2],
                  [5, innerHeight - 5], [innerWidth - 5, innerHeight - 5]];
  return box.left <= 0 && box.top <= 0 && box.right >= innerWidth
    && box.bottom >= innerHeight
    && points.every(([x, y]) => page.contains(document.elementFromPoint(x, y)));
}"""

STEPPERS = ("btk-slide-previous", "btk-slide-next", "btk-fullscreen", "btk-present-leave")


@pytest.fixture(scope="module")
def demo_room(lan_server):
    """The demo school in the LAN server's database: its later session and the baseline."""
    return make_demo(Store(lan_server.db))


def count(page) -> tuple[int, int]:
    """The slide shown and how many there are, from the steppers' "3 van 21"."""
    text = page.locator(".btk-slide-count").inner_text().split()
    return int(text[0]), int(text[-1])


def at_slide(page, n: int) -> str:
    """Wait (bounded) until slide ``n`` is drawn whole (the stage's last class says which
    slide it drew: ``btk-shows-N-KEY``); its key."""
    page.wait_for_function(
        """n => {
          const count = document.querySelector('.btk-slide-count');
          const stage = document.querySelector('.btk-present .btk-stage');
          if (!count || !stage || !count.textContent.trim().startsWith(n + ' ')) return false;
          const shows = [...stage.classList].find(c => c.startsWith('btk-shows-' + n + '-'));
          const img = stage.querySelector('img');
          const picture = img && getComputedStyle(img).display !== 'none';
          return !!shows && (!picture || (img.complete && img.naturalWidth > 0));
        }""",
        arg=n,
        timeout=STEP_WAIT,
    )
    return page.evaluate(
        """n => [...document.querySelector('.btk-present .btk-stage').classList]
            .find(c => c.startsWith('btk-shows-' + n + '-')).slice(`btk-shows-${n}-`.length)""",
        n,
    )


def test_a_presentation_on_a_projector(lan_server, browser, demo_room, zbarimg, tmp_path):  # noqa: F811
    """Slide by slide at 1920×1080: the page covers the screen, one picture at most and no
    control but the steppers, no text under 24 px (computed style) and none inside a picture
    (as shown), nothing cut off at the bottom; the QR code of the first slide reads back
    as the join link; the arrows, Page Down and Space step, not while typing; a live update
    keeps the slide; Escape stops presenting."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport=SCREEN)
    try:
        page = context.new_page()
        page.set_default_timeout(STEP_WAIT)
        page.goto(
            lan_server.page(
                "06_dashboard.ipynb",
                s=demo_room["later"],
                compare=demo_room["baseline"],
                present=1,
                token=lan_server.token,
            )
        )
        assert at_slide(page, 1) == "join"
        first, total = count(page)
        assert first == 1 and total > 15

        # the join slide: its QR code whole, read as a phone's camera would
        qr = page.locator(".btk-join-qr svg")
        box = qr.bounding_box()
        assert box["width"] >= 500 and box["y"] + box["height"] <= SCREEN["height"]
        shot = tmp_path / "join.png"
        page.screenshot(path=str(shot))
        read = subprocess.run(
            [zbarimg, "--quiet", "--raw", str(shot)], capture_output=True, text=True, timeout=30
        )
        assert read.returncode == 0, read.stderr
        assert read.stdout.strip().endswith(
            f"/voila/render/00_start.ipynb?token={lan_server.token}"
        )
        expect(page.locator(".btk-slide-join .btk-pin")).to_be_visible()

        # keys: right and left; nothing while the focus is in a text field
        page.keyboard.press("ArrowRight")
        at_slide(page, 2)
        page.keyboard.press("ArrowLeft")
        at_slide(page, 1)
        page.evaluate(
            """() => { const f = document.createElement('input'); f.id = 'typing';
                       document.querySelector('.btk-present').appendChild(f); f.focus(); }"""
        )
        page.keyboard.press("ArrowRight")
        page.evaluate("() => document.getElementById('typing').remove()")
        assert count(page)[0] == 1
        page.keyboard.press("PageDown")  # a presenter's clicker
        at_slide(page, 2)
        page.locator(".btk-slide-next").click()  # the focus on the button: Space steps once
        at_slide(page, 3)
        page.keyboard.press(" ")
        at_slide(page, 4)
        page.keyboard.press("PageUp")
        at_slide(page, 3)
        page.keyboard.press("ArrowLeft")
        at_slide(page, 2)

        # the live update keeps the slide: one more person answers the perspectives
        store = Store(lan_server.db)
        before = page.locator(".btk-stage-caption").inner_text()
        me = store.join(demo_room["later"], "teacher")
        store.save_answer(me, "perspectives", "parent_at_home_in_school.present", 4)
        page.wait_for_function(
            "before => document.querySelector('.btk-stage-caption').innerText !== before",
            arg=before,
            timeout=STEP_WAIT,
        )
        assert count(page)[0] == 2

        # every slide: what it shows and how large
        small, pictures, seen = [], [], []
        for n in range(2, total + 1):
            if n > 2:
                page.keyboard.press("ArrowRight")
            key = at_slide(page, n)
            seen.append(key)
            assert page.evaluate(COVERS), key
            controls = page.evaluate(CONTROLS)
            assert all(any(s in c.split() for s in STEPPERS) for c in controls), (key, controls)
            texts = page.evaluate(TEXTS)
            small += [(key, px, words) for px, words in texts if px < MIN_PX]
            shown = page.evaluate(PICTURES)
            assert len(shown) <= 1, key  # one picture at a time
            for picture in shown:
                assert picture["fit"] == "contain" and picture["texts"], key
                assert picture["inside"], f"the picture of slide {key} is cut off"
                pictures.append((key, round(picture["min"], 1)))
            stage = page.locator(".btk-present .btk-stage").evaluate(
                "s => s.scrollHeight <= s.clientHeight + 2"
            )
            assert stage, f"slide {key} does not fit the screen"
        assert not small, small
        measured = {key for key, _ in pictures}
        assert {"perspectives-1", "triangle", "climate", "barriers", "parents-1"} <= measured
        assert all(px >= MIN_PX for _, px in pictures), pictures
        assert {"groups", "plan", "perspectives-1", "triangle", "climate"} <= set(seen)

        # Escape stops presenting: the dashboard's views are back
        page.keyboard.press("Escape")
        expect(page.locator(".btk-page.btk-present")).to_have_count(0)
        expect(page.locator(".btk-views")).to_be_visible()
    finally:
        context.close()


def test_full_screen_on_a_click(lan_server, browser, demo_room):
    """The full screen button asks the browser for full screen (the Fullscreen API, on a
    click); Escape leaves full screen first, then the presentation."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.set_default_timeout(STEP_WAIT)
        page.goto(
            lan_server.page(
                "06_dashboard.ipynb", s=demo_room["later"], present=1, token=lan_server.token
            )
        )
        at_slide(page, 1)
        page.locator(".btk-fullscreen").click()
        page.wait_for_function("() => !!document.fullscreenElement", timeout=10_000)
        page.keyboard.press("Escape")
        page.wait_for_function("() => !document.fullscreenElement", timeout=10_000)
        assert page.locator(".btk-page.btk-present").count() == 1
        page.keyboard.press("Escape")
        page.wait_for_selector(".btk-page.btk-present", state="detached", timeout=STEP_WAIT)
    finally:
        context.close()
