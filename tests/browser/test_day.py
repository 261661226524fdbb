"""The study day on one page (00_dag.ipynb) in a real browser at phone size: Next and Back
switch steps in the same kernel, the address follows, a reload comes back to the step."""

import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from betrokkenheid import Store
from betrokkenheid.texts import tr

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SWITCH_WAIT = 10_000  # ms: a generous bound for the next step to show (bench/day.py times it)
LOAD_WAIT = 60_000  # ms: a whole new page (a kernel starts, the page runs)
SHOTS = os.environ.get("BTK_DAY_SHOTS")  # a folder: the page after a switch is saved there


def step_of(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlparse(url).query).items()}


def kernels_started(server) -> int:
    return sum("Kernel started" in line for line in server.log)


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.set_default_timeout(LOAD_WAIT)
    yield context.new_page()
    context.close()


def test_next_back_and_reload_on_a_phone(server, phone):
    """Answer on step 1, Next: step 2 shows in the same kernel, with the focus on its title,
    scrolled to the top, and the address says step 2; a reload comes back to step 2; Back
    shows step 1 with the answer still chosen."""
    from playwright.sync_api import expect

    store = Store(server.db)
    session = store.create_session("Basisschool De Wilg", "betrokkenheidsboom", "baseline")
    me = store.join(session.code, "care_coordinator")
    tab = phone
    tab.goto(server.page("00_dag.ipynb", p=me.code, lang="nl"))
    one = tab.locator(".btk-day-step-perspectives")
    one.locator(".btk-rating button").first.wait_for()
    expect(tab).to_have_url(re.compile(r"step=perspectives"))
    first = one.locator(".btk-rating").first
    first.get_by_role("radio", name="Soms", exact=True).tap()
    expect(one.locator(".btk-status")).to_contain_text("Opgeslagen")
    kernels = kernels_started(server)

    tab.mouse.wheel(0, 3000)
    one.locator(".btk-next").tap()
    two = tab.locator(".btk-day-step-triangle")
    expect(two.locator(".btk-relation .btk-rating button").first).to_be_visible(timeout=SWITCH_WAIT)
    expect(one).to_be_hidden()
    expect(tab).to_have_url(re.compile(r"00_dag\.ipynb\?.*step=triangle"), timeout=SWITCH_WAIT)
    assert step_of(tab.url) == {"p": me.code, "lang": "nl", "step": "triangle"}
    title = two.locator(".btk-title h1")
    expect(title).to_be_focused(timeout=SWITCH_WAIT)
    assert tab.evaluate("() => document.scrollingElement.scrollTop") == 0
    assert kernels_started(server) == kernels  # no new page, no new kernel
    two.locator(".btk-quality").first.get_by_role("radio", name="Vaak").tap()
    expect(two.locator(".btk-status")).to_contain_text("Opgeslagen")
    assert store.answers_of(me, "triangle") == {"parent_school.communication": 4.0}
    width = tab.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= PHONE["width"], f"the day page scrolls sideways ({width} px)"
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        tab.screenshot(path=str(Path(SHOTS) / "day-after-next-390x844.png"))

    tab.reload()
    two.locator(".btk-relation .btk-rating button").first.wait_for()
    expect(two).to_be_visible()
    assert step_of(tab.url)["step"] == "triangle"

    two.locator(".btk-back").tap()
    expect(one.locator(".btk-rating button").first).to_be_visible(timeout=SWITCH_WAIT)
    expect(tab).to_have_url(re.compile(r"step=perspectives"), timeout=SWITCH_WAIT)
    chosen = one.locator(".btk-rating").first.get_by_role("radio", name="Soms", exact=True)
    expect(chosen).to_have_attribute("aria-checked", "true")
    assert "Traceback" not in tab.content()


def test_the_language_and_the_step_list_in_the_day(server, phone):
    """English chosen on one step is the next step's language and the address's; a link of
    the list of steps switches in the same kernel too; Enter on Next moves the focus."""
    from playwright.sync_api import expect

    store = Store(server.db)
    session = store.create_session("Basisschool De Es", "betrokkenheidsboom", "baseline")
    me = store.join(session.code, "teacher")
    tab = phone
    tab.goto(server.page("00_dag.ipynb", p=me.code, lang="nl", step="forms"))
    forms = tab.locator(".btk-day-step-forms")
    forms.locator(".btk-add button").first.wait_for()
    kernels = kernels_started(server)
    forms.locator(".btk-header").get_by_role("radio", name="EN").tap()
    expect(tab).to_have_url(re.compile(r"lang=en"), timeout=SWITCH_WAIT)
    expect(tab.locator("html")).to_have_attribute("lang", "en")

    forms.locator(".btk-next").focus()
    tab.keyboard.press("Enter")
    climate = tab.locator(".btk-day-step-climate")
    expect(climate.locator(".btk-title h1")).to_have_text(
        tr("page_climate", "en"), timeout=SWITCH_WAIT
    )
    expect(climate.locator(".btk-title h1")).to_be_focused(timeout=SWITCH_WAIT)
    assert step_of(tab.url) == {"p": me.code, "lang": "en", "step": "climate"}

    climate.locator(".btk-steps a", has_text=tr("page_triangle", "en")).tap()
    triangle = tab.locator(".btk-day-step-triangle")
    expect(triangle.locator(".btk-relation").first).to_be_visible(timeout=SWITCH_WAIT)
    expect(tab).to_have_url(re.compile(r"step=triangle"), timeout=SWITCH_WAIT)
    assert "00_dag.ipynb" in tab.url
    expect(triangle.locator(".btk-title h1")).to_have_text(tr("page_triangle", "en"))
    assert kernels_started(server) == kernels
    assert store.participant(me.code).language == "en"
