"""Pictures' text alternatives (issue 11): a screen-reader user, or someone with pictures off,
gets what a picture shows with its numbers and its scale, not only its caption.

Each exercise describes the data of its picture (``describe_picture``); an exercise page
gives its picture that text as its name (the ``img``'s ``title``: it has no ``alt``), the
report puts it in the picture's ``alt``. Below the privacy threshold no number is said.
"""

import html
import random
import re

import pytest

from betrokkenheid import Store, load_frame
from betrokkenheid.demo import SCHOOL, answer_everything
from betrokkenheid.exercises import EXERCISES, describe_picture, exercise, team_picture
from betrokkenheid.exercises._unit import ALT_LIMIT, short
from betrokkenheid.exercises.followup import STATUSES
from betrokkenheid.pictures import Canvas
from betrokkenheid.report import report_html
from betrokkenheid.texts import number, tr
from betrokkenheid.ui import TrianglePage

NAMES = [e.name for e in EXERCISES]
LANGS = ["nl", "en"]


@pytest.fixture(scope="module")
def demo(demo_copy):
    """The demo school in a store of its own: (store, codes, frame)."""
    store, codes = demo_copy()
    return store, codes, load_frame("betrokkenheidsboom")


@pytest.fixture(scope="module")
def few(demo):
    """A later session of the demo school, linked to its baseline, where only two people
    answered everything: below the threshold for every picture."""
    store, codes, frame = demo
    session = store.create_session(SCHOOL, frame.id, "later", baseline=codes["baseline"])
    earlier = store.session_answers(store.session(codes["baseline"]))
    rng = random.Random(3)
    for k in range(2):
        me = store.join(session.code, "teacher")
        answer_everything(store, me, frame, rng, number=k, lift=0.5, baseline=earlier)
    return session


def picture_of(store, session, frame, name: str, lang: str):
    """The team's picture of exercise ``name`` in ``session``: (caption, drawn)."""
    linked = session.baseline or None
    earlier = store.session_answers(store.session(linked)) if linked else []
    given = store.session_answers(session, name)
    return team_picture(name, frame, given, lang, Canvas().axes, baseline=earlier)


def wrong_decimal(text: str, lang: str):
    """A number written with the other language's decimal mark (3.4 in Dutch, 3,4 in English)."""
    return re.search(r"\d\.\d" if lang == "nl" else r"\d,\d", text)


def scale_of(frame, lang):
    low, high = number(frame.scale.min, lang, 0), number(frame.scale.max, lang, 0)
    return tr("alt_scale", lang, low=low, high=high)


# -- what each exercise says of the demo team's picture ---------------------------------------


def expected_parts(name: str, frame, drawn: dict, lang: str) -> tuple[list[str], str]:
    """What the description of ``drawn`` must hold (numbers as ``number`` writes them in
    ``lang``), and the words that name its scale."""
    if name == "triangle":
        parts = [
            f"{r.label.get(lang)}: {number(drawn[r.id], lang)}" for r in frame.triangle.relations
        ]
        return parts, scale_of(frame, lang)
    if name == "climate":
        levels = frame.climate.levels
        scale = tr(
            "alt_levels",
            lang,
            low=1,
            first=levels[0].label.get(lang),
            high=len(levels),
            last=levels[-1].label.get(lang),
        )
        parts = [
            f"{c.label.get(lang)}: {number(drawn[c.id], lang)}" for c in frame.climate.components
        ]
        return parts, scale
    if name == "perspectives":
        statements = [s for group in frame.perspectives.groups for s in group.statements]
        gap = {s.id: drawn[f"{s.id}.important"] - drawn[f"{s.id}.present"] for s in statements}
        widest = max(statements, key=lambda s: gap[s.id])  # said first
        now, important = (drawn[f"{widest.id}.{a}"] for a in ("present", "important"))
        part = (
            f"{short(widest.label.get(lang))}: {tr('aspect_present_word', lang)} "
            f"{number(now, lang)}, {tr('aspect_important_word', lang)} {number(important, lang)}"
        )
        return [part], f"{scale_of(frame, lang)}. {tr('alt_gap_first', lang)}"
    if name == "forms":
        parts = [f"{branch}: {len(leaves)}" for branch, leaves in drawn.items()]
        leaves = [leaf for labels in drawn.values() for leaf in labels]
        top = max(leaves, key=lambda leaf: int(leaf.rsplit("(", 1)[1].rstrip(")")))
        label, count = top.rsplit(" (", 1)
        parts.append(f"{short(label, 40)} ({count}")
        return parts, tr("alt_forms_top", lang)
    if name == "barriers":
        parts = [f"{label}: {votes}" for label, votes in drawn.items() if votes]
        return parts, tr("alt_barriers_team", lang)
    if name == "followup":
        parts = [
            f"{tr(f'followup_{s}', lang)} {counts[s]}"
            for counts in drawn.values()
            for s in STATUSES
            if counts[s]
        ]
        return parts, tr("alt_people_per_answer", lang)
    raise AssertionError(f"no expectation for {name}")


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_the_team_picture_is_described_with_its_numbers_and_scale(demo, name, lang):
    """The description of the demo team's picture holds the numbers it draws, written as
    the language writes them, and names its scale; it stays short enough to be read out."""
    store, codes, frame = demo
    _, drawn = picture_of(store, store.session(codes["later"]), frame, name, lang)
    text = describe_picture(name, frame, drawn, lang)
    parts, scale = expected_parts(name, frame, drawn, lang)
    assert parts, name
    for part in parts:
        assert part in text, f"{part!r} not in {text!r}"
    assert scale in text
    assert not wrong_decimal(text, lang), text
    assert tr("alt_too_few", lang) not in text
    assert len(text) <= ALT_LIMIT


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", NAMES)
def test_below_the_threshold_no_number_is_said(demo, few, name, lang):
    """With two people, the description says that there are too few answers, without any
    number (not even the scale's ends)."""
    store, _, frame = demo
    _, drawn = picture_of(store, few, frame, name, lang)
    text = describe_picture(name, frame, drawn, lang)
    assert tr("alt_too_few", lang) in text
    assert not re.search(r"\d", text), text


def test_a_partly_shown_triangle_names_the_hidden_side():
    """A side with too few answers says so beside the sides that are shown."""
    frame = load_frame("betrokkenheidsboom")
    drawn = {"parent_school": 3.44, "child_school": 3.9, "parent_child": None}
    text = describe_picture("triangle", frame, drawn, "nl")
    assert "Ouder en school: 3,4; Kind en school: 3,9" in text
    assert "Ouder en kind, over school: nog te weinig antwoorden" in text
    assert "op een schaal van 1 tot 5" in text
    english = describe_picture("triangle", frame, drawn, "en")
    assert "Parent and school: 3.4; Child and school: 3.9" in english
    assert "Parent and child, about school: too few answers yet" in english


def test_a_long_list_is_summarised():
    """Fifteen statements do not all fit: the largest gaps come first, the rest is counted."""
    frame = load_frame("betrokkenheidsboom")
    statements = [s for group in frame.perspectives.groups for s in group.statements]
    drawn = {}
    for k, statement in enumerate(statements):
        drawn[f"{statement.id}.present"] = 2.0
        drawn[f"{statement.id}.important"] = 2.0 + k / 10
    text = describe_picture("perspectives", frame, drawn, "en")
    assert len(text) <= ALT_LIMIT
    first = short(statements[-1].label.get("en"))
    assert text.index(first) < text.index(short(statements[-2].label.get("en")))
    said = text.count(": now ")
    assert 1 <= said < len(statements)
    assert tr("alt_more", "en", n=len(statements) - said) in text


def test_my_own_picture_says_what_i_did_not_answer_yet():
    frame = load_frame("betrokkenheidsboom")
    text = describe_picture("climate", frame, {"vision": 3.0}, "nl", mine=True)
    assert text.startswith(tr("alt_climate_mine", "nl"))
    assert "Visie: 3,0" in text and tr("alt_not_answered", "nl") in text
    assert tr("alt_too_few", "nl") not in text
    votes = describe_picture("barriers", frame, {"Huisbezoek": 1, "Koffie": 0}, "en", mine=True)
    assert votes == "Your votes: Huisbezoek."


# -- the pages' pictures -----------------------------------------------------------------------


def picture_name(page) -> str:
    """What a screen reader says of a page's picture: the img's title (it has no alt)."""
    return page.image.tooltip


class TestPages:
    def test_the_pictures_name_follows_a_new_answer(self, store, session):
        """My answer is in the picture's name at once, with its number and its scale."""
        me = store.join(session.code, "teacher")
        page = TrianglePage(store, participant_code=me.code)
        before = picture_name(page)
        assert "Ouder en school: 4,0" not in before
        page.rating("parent_school", "equality").value = 4
        after = picture_name(page)
        assert after.startswith(tr("me_count", "nl", n=1, total=len(page.ratings)))
        assert "Ouder en school: 4,0" in after and "op een schaal van 1 tot 5" in after
        page.rating("parent_school", "communication").value = 3
        assert "Ouder en school: 3,5" in picture_name(page)
        page.model.language = "en"
        assert "Parent and school: 3.5" in picture_name(page)

    def test_the_team_view_names_the_teams_numbers(self, store, session):
        """The team view's name holds the team's means once three people answered, and no
        number of theirs before."""
        people = [store.join(session.code, "teacher") for _ in range(3)]
        pages = [TrianglePage(store, participant_code=p.code) for p in people]
        for page, value in zip(pages[:2], (2, 4), strict=True):
            page.rating("parent_school", "equality").value = value
        pages[0].view = "team"
        hidden = picture_name(pages[0])
        assert tr("team_waiting", "nl", min=3, n=2) in hidden
        assert "Ouder en school" not in hidden and tr("alt_too_few", "nl") in hidden
        pages[2].rating("parent_school", "equality").value = 3
        pages[0].redraw()
        assert "Ouder en school: 3,0" in picture_name(pages[0])

    @pytest.mark.parametrize("view", ["me", "team"])
    @pytest.mark.parametrize("name", NAMES)
    def test_every_page_names_its_picture_with_what_it_shows(self, demo, name, view):
        """On every exercise page, in both views, the picture's name is its caption and the
        description of what it draws; the team's has the team's numbers."""
        store, codes, frame = demo
        me = store.join(codes["later"], "teacher")
        earlier = store.session_answers(store.session(codes["baseline"]))
        answer_everything(store, me, frame, random.Random(5), number=1, baseline=earlier)
        page = exercise(name).page_class()(store, participant_code=me.code)
        page.view = view
        page.redraw()
        text = describe_picture(name, frame, page.drawn, "nl", mine=view == "me")
        assert picture_name(page) == f"{html.unescape(page.caption.value)} {text}"
        if view == "team":  # the team's numbers, as the exercise draws them
            session = store.session(codes["later"])
            assert page.drawn == picture_of(store, session, frame, name, "nl")[1]
            for part in expected_parts(name, frame, page.drawn, "nl")[0]:
                assert part in text

    def test_a_team_view_showing_my_votes_names_mine(self, store, session):
        """Until three people voted, the barriers team view draws my own votes: its name
        says they are mine and gives no count of the team's."""
        from betrokkenheid.ui import BarriersPage

        me = store.join(session.code, "teacher")
        page = BarriersPage(store, participant_code=me.code)
        chance = page.content.opportunities[0]
        page.votes[chance.id].value = True
        page.view = "team"
        name = picture_name(page)
        assert f"{tr('alt_barriers_mine', 'nl')}: {chance.label.get('nl')}." in name
        assert tr("alt_barriers_team", "nl") not in name


# -- the report ---------------------------------------------------------------------------------


def alts(page: str) -> dict[str, str]:
    """The alt text of each picture of a report page, by its figure's class."""
    found = re.findall(r'<figure class="btk-figure btk-fig-([\w-]+)">\s*<img alt="([^"]*)"', page)
    return {figure: html.unescape(alt) for figure, alt in found}


@pytest.mark.parametrize("lang", LANGS)
def test_the_reports_alt_texts_hold_the_numbers(demo, lang):
    """Each section's picture says in its alt what it shows, with the numbers of the same
    answers; the change pictures keep their own words."""
    store, codes, frame = demo
    session = store.session(codes["later"])
    said = alts(report_html(store, codes["later"], lang, compare=codes["baseline"]))
    for name in NAMES:
        alt = said[name]
        assert alt.startswith(tr(exercise(name).title_key, lang))
        drawn = picture_of(store, session, frame, name, lang)[1]
        assert describe_picture(name, frame, drawn, lang) in alt
        for part in expected_parts(name, frame, drawn, lang)[0]:
            assert part in alt
    triangle = said["triangle"]
    for relation in frame.triangle.relations:
        scores = picture_of(store, session, frame, "triangle", lang)[1]
        assert f"{relation.label.get(lang)}: {number(scores[relation.id], lang)}" in triangle
    change = said["change-triangle"]  # its own words, as before
    assert change.startswith(f"{tr('change_title', lang)}: {tr('page_triangle', lang)}. ")


# -- in the browser: what a screen reader gets -------------------------------------------------


@pytest.mark.browser
def test_chromium_names_the_picture_with_its_numbers(tmp_path):
    """In headless Chromium the picture's img (no alt) gets its title as its accessible name
    (Chromium's own accessibility tree, as a screen reader reads it), with the numbers; a new
    answer changes it."""
    import os
    import shutil
    import time
    from pathlib import Path

    from .browser.conftest import PICTURE, READY, Server
    from .helpers import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing; .ci/run installs it")
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    db = tmp_path / "alt.sqlite"
    server = Server(db)
    try:
        store = Store(db)
        session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        me = store.join(session.code, "teacher")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                tab = chromium.new_page(viewport={"width": 1280, "height": 900})
                tab.set_default_timeout(60_000)
                tab.goto(server.page("02_driehoek.ipynb", p=me.code, lang="nl"))
                tab.locator(READY["02_driehoek"]).first.wait_for(state="visible")
                tab.wait_for_function(PICTURE)
                cdp = tab.context.new_cdp_session(tab)

                def accessible_name() -> tuple[str, str]:
                    root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
                    img = cdp.send(
                        "DOM.querySelector", {"nodeId": root, "selector": ".btk-picture img"}
                    )
                    node = cdp.send(
                        "Accessibility.getPartialAXTree",
                        {"nodeId": img["nodeId"], "fetchRelatives": False},
                    )["nodes"][0]
                    return node["role"]["value"], node.get("name", {}).get("value", "")

                role, name = accessible_name()
                assert role == "image"
                assert name.startswith(tr("alt_triangle_mine", "nl"), name.index(". ") + 2)
                first = tab.locator(".btk-relation").first.locator(".btk-rating button")
                first.nth(3).click()  # a 4 for the first quality of parent and school
                deadline = time.monotonic() + 30
                while "Ouder en school: 4,0" not in name and time.monotonic() < deadline:
                    time.sleep(0.2)
                    _, name = accessible_name()
                assert "Ouder en school: 4,0" in name and "op een schaal van 1 tot 5" in name
            finally:
                chromium.close()
    finally:
        server.stop()


def test_the_dashboards_picture_is_named_with_its_numbers(demo):
    """The trainer's dashboard names its picture with the numbers too (triangle, follow-up)."""
    from betrokkenheid.texts import number
    from betrokkenheid.ui import DashboardPage

    store, codes, _ = demo
    page = DashboardPage(store, codes["later"], "nl")
    page.view = "triangle"
    mean = next(v for v in page.drawn.values() if v is not None)
    assert number(mean, "nl") in page.image.tooltip
    page.view = "followup"
    assert "actie 1" in page.image.tooltip
