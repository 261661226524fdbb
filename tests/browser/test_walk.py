"""Walk through the workbook in a real browser, as a team member would."""

import re
from urllib.parse import parse_qs, urlparse

import pytest

from betrokkenheid import Store
from betrokkenheid.frames import load_frame

RATINGS = len(load_frame("betrokkenheidsboom").triangle.item_ids())  # on the triangle page

pytestmark = pytest.mark.browser


def test_join_answer_and_come_back(server, page):
    """Join on the start page, rate the triangle, find the answer stored and shown again."""
    _join_answer_and_come_back(server, page)


def test_join_answer_and_come_back_on_postgresql(postgres_server, page):
    """The same on ``serve --db postgresql://...``: the pages write to PostgreSQL, and no file
    named after the URL appears anywhere."""
    from betrokkenheid._paths import notebooks_dir

    _join_answer_and_come_back(postgres_server, page)
    assert not [p for p in notebooks_dir().rglob("*") if "postgres" in p.name]


def _join_answer_and_come_back(server, page):
    from playwright.sync_api import expect

    store = Store(server.db)
    session = store.create_session("Basisschool Het Anker", "betrokkenheidsboom", "baseline")

    page.goto(server.page("00_start.ipynb"))
    page.get_by_placeholder("K7MQ2P").fill(session.code)
    page.get_by_text("Brugfiguur").click()
    page.locator(".btk-primary", has_text="Meedoen").click()
    expect(page.locator(".btk-joined")).to_contain_text("Basisschool Het Anker")

    page.locator(".btk-go").click()  # into the day page, at step 1 for someone new
    expect(page).to_have_url(re.compile(r"00_dag\.ipynb\?.*step=perspectives"))
    code = parse_qs(urlparse(page.url).query)["p"][0]
    page.goto(server.page("02_driehoek.ipynb", p=code))
    expect(page.locator(".btk-relation")).to_have_count(3)
    first = page.locator(".btk-relation").first.locator(".btk-quality").first
    first.get_by_role("radio", name="Vaak").click()
    expect(page.locator(".btk-status")).to_contain_text("Opgeslagen")

    me = store.participant(code)
    assert me.role == "bridge_figure"
    assert store.answers_of(me, "triangle") == {"parent_school.communication": 4.0}
    # drawn: an Image widget without a picture has a src too, but no size
    page.wait_for_function(
        "() => [...document.querySelectorAll('.btk-picture img')]"
        ".some(i => i.complete && i.naturalWidth > 0)",
        timeout=30_000,
    )

    # close the tab, come back with the personal code: the answer is there again
    page.goto(server.page("02_driehoek.ipynb", p=code, lang="en"))
    chosen = page.locator(".btk-relation").first.locator(".btk-quality").first
    expect(chosen.get_by_role("radio", name="Often")).to_have_class(re.compile("mod-active"))


def test_wrong_code_in_url_is_friendly(server, page):
    """A wrong personal code in the link gives a message, no traceback."""
    from playwright.sync_api import expect

    page.goto(server.page("02_driehoek.ipynb", p="NOPE-NOPE"))
    expect(page.locator(".btk-message-error")).to_be_visible()
    expect(page.get_by_placeholder("ABCD-EFGH")).to_be_visible()  # to type the code again
    assert "Traceback" not in page.content()


def _next(page):
    page.locator(".btk-next").click()


def test_whole_study_day_for_one_participant(server, page):
    """One participant walks all five exercises with Next; every answer is stored, and the
    pages ask no other site for anything (no CDN learns who visits)."""
    from playwright.sync_api import expect

    store = Store(server.db)
    session = store.create_session("De Regenboog", "betrokkenheidsboom", "baseline")
    me = store.join(session.code, "teacher")
    caption = page.locator(".btk-caption")
    ours = f"localhost:{server.port}"
    elsewhere = []
    page.on(
        "request",
        lambda r: (
            None
            if ours in r.url or r.url.startswith(("blob:", "data:"))
            else elsewhere.append(r.url)
        ),
    )

    page.goto(server.page("01_betrokkenheid.ipynb", p=me.code))
    first = page.locator(".btk-rating").first
    first.get_by_role("radio", name="Soms", exact=True).click()
    first.get_by_role("radio", name="Heel belangrijk", exact=True).click()
    expect(caption).to_contain_text("2 van de 30")

    _next(page)
    expect(page).to_have_url(re.compile("02_driehoek"))
    page.locator(".btk-quality").first.get_by_role("radio", name="Vaak").click()
    expect(caption).to_contain_text(f"1 van de {RATINGS}")

    _next(page)
    expect(page).to_have_url(re.compile("03_vormen"))
    page.locator("button.btk-doing").first.click()
    page.locator(".btk-add input").fill("Ouderkoffie op <b>vrijdag</b>")
    page.locator(".btk-add button", has_text="Toevoegen").click()
    expect(page.locator(".btk-activity", has_text="Ouderkoffie op <b>vrijdag</b>")).to_be_visible()

    _next(page)
    expect(page).to_have_url(re.compile("04_klimaat"))
    now = page.locator(".btk-component").first.locator(".widget-toggle-buttons").first
    now.get_by_role("radio", name="Stevig").click()
    expect(caption).to_contain_text("1 van de 6")

    _next(page)
    expect(page).to_have_url(re.compile("05_drempels_kansen"))
    page.locator(".btk-groups button").nth(1).click()
    page.locator(".btk-barriers button.btk-chip").first.click()
    expect(page.locator(".btk-status")).to_contain_text("Opgeslagen")
    expect(page.locator(".btk-groups button").nth(1)).to_contain_text("(1)")
    page.locator(".btk-chances button.btk-chip").first.click()
    expect(caption).to_contain_text("Je gaf 1 van je 3 stemmen")
    what = page.locator(".btk-plan-form input").first
    what.fill("Elke vrijdag <script>koffie</script>")
    what.press("Enter")
    expect(page.locator(".btk-plan-view")).to_contain_text("Elke vrijdag <script>koffie</script>")

    given = {
        ex: store.answers_of(me, ex)
        for ex in ("perspectives", "triangle", "forms", "climate", "barriers")
    }
    assert len(given["perspectives"]) == 2
    assert list(given["triangle"].values()) == [4.0]
    assert given["forms"]["own_1.label"] == "Ouderkoffie op <b>vrijdag</b>"
    assert list(given["climate"].values()) == [3.0]
    assert sum(1 for k in given["barriers"] if k.startswith("vote.")) == 1
    barriers = load_frame("betrokkenheidsboom").barriers
    ticked = f"barrier.{barriers.parent_groups[1].id}.{barriers.barriers[0].id}"
    assert given["barriers"][ticked] == 1.0
    assert "Elke vrijdag <script>koffie</script>" in given["barriers"].values()
    assert "Traceback" not in page.content()
    assert elsewhere == []


def test_dashboard_shows_answers_from_two_browsers(server, browser):
    """Two participants answer in their own browser; the open dashboard shows both."""
    from playwright.sync_api import expect

    store = Store(server.db)
    session = store.create_session("Het Anker", "betrokkenheidsboom", "baseline")
    trainer = browser.new_context(viewport={"width": 1280, "height": 900})
    dashboard = trainer.new_page()
    dashboard.goto(server.page("06_dashboard.ipynb", s=session.code))
    expect(dashboard.locator(".btk-info")).to_contain_text("0 mensen doen mee", timeout=30_000)
    for value in ("Vaak", "Soms"):
        person = store.join(session.code, "teacher")
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(server.page("02_driehoek.ipynb", p=person.code))
        tab.locator(".btk-quality").first.get_by_role("radio", name=value).click()
        expect(tab.locator(".btk-caption")).to_contain_text(f"1 van de {RATINGS}", timeout=30_000)
        context.close()
    expect(dashboard.locator(".btk-info")).to_contain_text("2 mensen doen mee", timeout=5_000)
    expect(dashboard.locator(".btk-caption")).to_contain_text("Nu: 2", timeout=5_000)
    trainer.close()


def test_a_page_prints_whole(server, page):
    """On paper a page grows over as many sheets as it needs: nothing is cut off at the
    bottom of the screen or at its right edge, and the action plan is on it."""
    from playwright.sync_api import expect

    store = Store(server.db)
    session = store.create_session("Basisschool De Es", "betrokkenheidsboom", "baseline")
    me = store.join(session.code, "teacher")
    chance = load_frame("betrokkenheidsboom").barriers.opportunities[0].id
    store.save_answer(me, "barriers", f"vote.{chance}", 1)
    store.save_answer(me, "barriers", f"action.{chance}.what", text="Koffie op vrijdag")
    page.goto(server.page("05_drempels_kansen.ipynb", p=me.code))
    expect(page.locator(".btk-plan-view")).to_contain_text("Koffie op vrijdag")

    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1047})  # A4 within Chromium's margins
    printed = page.evaluate(
        """() => {
            const page = document.querySelector('.btk-page').getBoundingClientRect();
            const talk = [...document.querySelectorAll('.btk-talk')].pop().getBoundingClientRect();
            const main = document.querySelector('#rendered_cells').getBoundingClientRect();
            return {page_right: page.right, talk_bottom: talk.bottom,
                    main_bottom: main.bottom, main_right: main.right};
        }"""
    )
    assert printed["talk_bottom"] <= printed["main_bottom"]  # the last box is inside the page
    assert printed["page_right"] <= printed["main_right"]
    sheets = re.findall(rb"/Type\s*/Page\b(?!s)", page.pdf(format="A4"))
    assert len(sheets) > 1
