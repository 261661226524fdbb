"""The day page, driven as widgets: one page and one kernel for the whole study day."""

import html
import re
from urllib.parse import parse_qs, urlparse

import pytest

from betrokkenheid.texts import tr
from betrokkenheid.ui import (
    BarriersPage,
    ClimatePage,
    DayPage,
    FormsPage,
    PerspectivesPage,
    TrianglePage,
)
from betrokkenheid.ui import day_page as module
from betrokkenheid.ui.day_page import day_link, where_left_off

ITEM = "parent_school.equality"


@pytest.fixture
def me(store, session):
    return store.join(session.code, "teacher")


@pytest.fixture
def day(store, me):
    return DayPage(store, me.code, "nl")


class Said:
    """What the page's script says through the hidden field, counted as it counts."""

    def __init__(self):
        self.n = 0

    def __call__(self, day, text: str) -> None:
        self.n += 1
        day.goto.value = f"{self.n} {text}"


@pytest.fixture
def say():
    return Said()


def click(day, say, which: str) -> None:
    """Click Back or Next as the browser does in the day page: the script catches the link
    and passes the notebook it leads to."""
    found = re.search(rf'class="btk-button btk-{which}" href="([^"]+)"', day.page.nav.value)
    assert found, f"no {which} link on {day.model.step}"
    say(day, urlparse(html.unescape(found.group(1))).path.rsplit("/", 1)[-1])


def marker(day) -> dict:
    """The attributes of the day page's marker (the script reads them)."""
    return dict(re.findall(r'(data-btk-[a-z]+)="([^"]*)"', day.marker.value))


def address(day) -> dict:
    """The parameters of the address the marker asks the browser to show."""
    query = parse_qs(urlparse(html.unescape(marker(day)["data-btk-url"])).query)
    return {k: v[0] for k, v in query.items()}


def shown(day) -> list:
    """The built pages the CSS shows: those whose step the day page's classes name."""
    at = [c.removeprefix("btk-day-at-") for c in day._dom_classes if c.startswith("btk-day-at-")]
    return [p for p in day.children if f"btk-day-step-{at[0]}" in getattr(p, "_dom_classes", ())]


class TestOpening:
    def test_someone_new_starts_at_the_first_step(self, day, me):
        """A person who answered nothing opens at step 1, in the link's language, and the
        address says so."""
        assert day.model.step == "perspectives"
        assert isinstance(day.page, PerspectivesPage)
        assert shown(day) == [day.page]
        assert address(day) == {"p": me.code, "lang": "nl", "step": "perspectives"}
        assert marker(day)["data-btk-lang"] == "nl"
        assert "btk-page" not in day._dom_classes

    def test_without_a_step_where_one_left_off(self, store, me):
        """Without ``step`` the day opens at the step after the last one answered."""
        store.save_answer(me, "triangle", ITEM, 3)
        day = DayPage(store, me.code, "nl")
        assert day.model.step == "forms"
        assert isinstance(day.page, FormsPage)
        assert day.page.message.kind == ""

    def test_the_last_step_answered_stays(self, store, me):
        """Someone who answered the session's last step comes back to it."""
        store.save_answer(me, "barriers", "vote.x", 1)
        day = DayPage(store, me.code, "nl")
        assert day.model.step == "barriers"  # a baseline session has no follow-up step

    def test_a_step_in_the_link(self, store, me):
        """``step=climate`` opens the climate step."""
        day = DayPage(store, me.code, "nl", step="climate")
        assert isinstance(day.page, ClimatePage)
        assert address(day)["step"] == "climate"

    @pytest.mark.parametrize("step", ["nope", "followup", "<script>", "../../x", "", "x" * 500])
    def test_an_unknown_step_falls_back(self, store, me, step):
        """A step that does not exist, or that this session has not (the follow-up of a
        baseline), opens where the person left off, with a note, never a traceback."""
        store.save_answer(me, "perspectives", "a.present", 3)
        day = DayPage(store, me.code, "nl", step=step)
        assert day.model.step == "triangle"
        if step:
            assert day.page.message.kind == "info"
            assert day.page.message.text == tr("day_unknown_step", "nl")
        assert day.message.kind == ""
        assert "<script>" not in day.marker.value

    def test_without_lang_the_participants_language(self, store, session):
        """A link without ``lang`` shows the language the person chose."""
        me = store.join(session.code, "teacher", "en")
        day = DayPage(store, me.code, None)
        assert day.model.language == "en" and day.page.model.language == "en"
        assert address(day)["lang"] == "en"

    def test_without_a_code_the_form_then_the_day(self, store, me):
        """Without a code the day asks for it; with it, the day opens."""
        day = DayPage(store, None, "en")
        assert day.model.participant is None and day.page is None
        assert "btk-page" in day._dom_classes
        day.code_input.value = me.code
        day.code_button.click()
        assert day.model.step == "perspectives"
        assert day.page.model.language == "en"

    def test_a_wrong_code_is_friendly(self, store):
        """A wrong code in the link says so and asks for it again."""
        day = DayPage(store, "NOPE-NOPE", "nl")
        assert day.message.kind == "error"
        assert day.message.text == tr("bad_personal_code", "nl")
        assert day.code_input in day.children[-1].children
        assert day.pages == {}

    def test_the_style_once(self, day, say):
        """The day has the workbook's style once, not once per step."""
        click(day, say, "next")
        styles = [
            w
            for p in [day, *day.pages.values()]
            for w in p.children
            if getattr(w, "value", "").startswith("<style>")
        ]
        assert len(styles) == 1 and styles[0] is day.children[0]


class TestSwitching:
    def test_next_shows_the_next_step_in_the_same_kernel(self, day, say, me):
        """Next (its link, caught by the script) shows step 2: the model, the page shown and
        the address follow; the focus moves (the switch is counted)."""
        click(day, say, "next")
        assert day.model.step == "triangle"
        assert isinstance(day.page, TrianglePage)
        assert shown(day) == [day.page]
        assert address(day) == {"p": me.code, "lang": "nl", "step": "triangle"}
        assert marker(day)["data-btk-switch"] == "1"

    def test_answers_given_in_a_step_are_stored(self, day, say, store, me):
        """An answer given on a step of the day is stored at once, as on its own page."""
        click(day, say, "next")
        day.page.rating("parent_school", "equality").value = 4
        assert store.answers_of(me, "triangle") == {ITEM: 4.0}
        assert day.page.drawn["parent_school"] == 4.0

    def test_back_shows_the_page_built_before_with_its_answers(self, day, say, store, me):
        """Back shows the same page again (not built anew) with the answer still chosen."""
        first = day.page
        statement = first.content.groups[0].statements[0].id
        first.rating(statement, "present").value = 2
        click(day, say, "next")
        click(day, say, "back")
        assert day.page is first and day.model.step == "perspectives"
        assert first.rating(statement, "present").value == 2
        assert store.answers_of(me, "perspectives") == {f"{statement}.present": 2.0}
        assert marker(day)["data-btk-switch"] == "2"

    def test_going_back_ticks_the_steps_answered_since(self, day, say):
        """A page shown again ticks the steps answered on other pages meanwhile."""
        click(day, say, "next")
        day.page.rating("parent_school", "equality").value = 4
        click(day, say, "back")
        assert re.search(r'class="btk-done"><a href="02_driehoek', day.page.steps.value)

    def test_the_language_carries_to_the_next_step(self, day, say, store, me):
        """English chosen on one step is the language of the next one, and of the address."""
        day.page.header.language.value = "en"
        assert day.model.language == "en"
        assert address(day)["lang"] == "en"
        click(day, say, "next")
        assert day.page.model.language == "en"
        assert tr("page_triangle", "en") in day.page.header.title.value
        assert store.participant(me.code).language == "en"

    def test_a_page_built_before_takes_the_new_language(self, day, say):
        """Back to a page built in Dutch after choosing English: it is shown in English."""
        click(day, say, "next")
        day.page.header.language.value = "en"
        click(day, say, "back")
        assert day.page.model.language == "en"
        assert tr("page_perspectives", "en") in day.page.header.title.value

    def test_the_steps_list_and_a_name_lead_there_too(self, day, say):
        """A link of the list of steps (a notebook) or a step's name goes there."""
        say(day, "04_klimaat.ipynb")
        assert isinstance(day.page, ClimatePage)
        assert day.go("barriers") and isinstance(day.page, BarriersPage)

    @pytest.mark.parametrize(
        "said", ["00_start.ipynb", "06_dashboard.ipynb", "07_opvolging.ipynb", "x", "<b>", ""]
    )
    def test_links_that_are_no_step_of_the_day_change_nothing(self, day, said):
        """The start page, the dashboard, a step the session has not, or nonsense: nothing
        changes and no message."""
        for text in (f"1 {said}", said, f"1 2 {said}"):
            day.goto.value = text
            assert day.model.step == "perspectives"
        assert day.message.kind == "" and day.page.message.kind == ""
        assert not day.go(said)

    def test_the_model_refuses_a_step_the_session_has_not(self, day):
        """Setting the model's step to one the session has not is refused."""
        import traitlets

        with pytest.raises(traitlets.TraitError):
            day.model.step = "followup"
        assert day.model.step == "perspectives"

    def test_no_next_on_the_sessions_last_step(self, day):
        """On the last step of the session Next is gone, on the day page as on its own page."""
        day.go("barriers")
        assert "btk-next" not in day.page.nav.value
        assert not day.next()
        assert day.back() and day.model.step == "climate"

    def test_back_on_the_first_step_leads_to_the_start_page(self, day):
        """Back on step 1 is the start page (not one of the day's steps: it opens)."""
        assert "00_start.ipynb?" in day.page.nav.value
        assert not day.back()

    def test_a_later_session_has_the_follow_up(self, demo_copy):
        """A later session linked to its baseline has the follow-up as its last step."""
        store, codes = demo_copy()
        me = store.join(codes["later"], "teacher")
        day = DayPage(store, me.code, "nl", step="barriers")
        assert day.next() and day.model.step == "followup"


class TestBuildingAhead:
    @pytest.fixture
    def waiting(self, monkeypatch):
        """``later`` of the day page keeps its callbacks instead of running them at once."""
        kept = []
        monkeypatch.setattr(module, "later", lambda seconds, then: kept.append((seconds, then)))
        return kept

    def test_the_next_step_is_built_once_the_browser_drew_this_one(self, store, me, say, waiting):
        """Once the script says it drew step 1, step 2 is built (hidden); Next then shows it
        without building again."""
        day = DayPage(store, me.code, "nl")
        assert list(day.pages) == ["perspectives"]
        say(day, "!shown perspectives")
        for _, callback in list(waiting):
            callback()
        assert list(day.pages) == ["perspectives", "triangle"]
        built = day.pages["triangle"]
        assert shown(day) == [day.page] != [built]
        assert built.rating("parent_school", "equality") is not None  # its questions are there
        day.next()
        assert day.page is built

    def test_a_build_for_a_step_left_meanwhile_is_dropped(self, store, me, waiting):
        """A build ahead asked for a step no longer shown builds nothing."""
        day = DayPage(store, me.code, "nl")
        stale = list(waiting)
        day.go("climate")
        for _, callback in stale:
            callback()
        assert list(day.pages) == ["perspectives", "climate"]

    def test_without_the_browsers_word_after_a_while(self, store, me, waiting):
        """Without the script's word (no browser) the next step is built after READY_WAIT."""
        day = DayPage(store, me.code, "nl")
        assert [seconds for seconds, _ in waiting] == [module.READY_WAIT]
        waiting[0][1]()
        assert list(day.pages) == ["perspectives", "triangle"]


class TestLinks:
    def test_day_link(self):
        """The day's address carries code, language and step, in that order."""
        assert day_link("ABCD2345", "nl") == "00_dag.ipynb?p=ABCD2345&lang=nl"
        assert day_link("ABCD2345", "en", "forms").endswith("&step=forms")

    def test_where_left_off_passes_steps_the_session_has_not(self, store, me):
        """Only the session's steps count."""
        store.save_answer(me, "climate", "x", 2)
        assert where_left_off(store, me, ["perspectives", "climate", "barriers"]) == "barriers"
