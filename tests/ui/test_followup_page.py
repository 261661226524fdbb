"""The follow-up: the baseline's actions come back at a later measurement (issue 18)."""

import ipywidgets as ipw
import pytest

from betrokkenheid.exercises.followup import STATUSES
from betrokkenheid.frames import load_frame
from betrokkenheid.texts import tr
from betrokkenheid.ui import BarriersPage, FollowupPage

PAYLOAD = "<script>alert(1)</script>"


@pytest.fixture
def frame():
    return load_frame("betrokkenheidsboom")


def baseline_with_plan(store, frame, what=("Koffie op vrijdag", PAYLOAD), aim=None):
    """A baseline where three teachers voted for the first opportunity and two wrote an
    action for it (the second with markup in it)."""
    baseline = store.create_session("De Linde", frame.id, "baseline")
    chance = frame.barriers.opportunities[0].id
    for i in range(3):
        me = store.join(baseline.code, "teacher")
        store.save_answer(me, "barriers", f"vote.{chance}", 1)
        if i < len(what):
            store.save_answer(me, "barriers", f"action.{chance}.what", text=what[i])
            store.save_answer(me, "barriers", f"action.{chance}.notice", text="Meer praatjes")
            if aim:
                store.save_answer(me, "barriers", f"action.{chance}.aim", text=aim)
    return baseline, chance


@pytest.fixture
def later(store, frame):
    baseline, chance = baseline_with_plan(store, frame)
    later = store.create_session("De Linde", frame.id, "later", baseline=baseline.code)
    return later, chance


def test_each_action_of_the_baseline_comes_back(store, later):
    session, chance = later
    page = FollowupPage(store, participant_code=store.join(session.code, "teacher").code)
    assert [a["id"] for a in page.actions] == [f"{chance}.1", f"{chance}.2"]
    html_text = shown_text(page)
    assert "Koffie op vrijdag" in html_text and "Meer praatjes" in html_text
    assert PAYLOAD not in html_text and "&lt;script&gt;" in html_text


def test_status_noticed_and_keep_are_stored(store, later):
    session, chance = later
    me = store.join(session.code, "teacher")
    page = FollowupPage(store, participant_code=me.code)
    action = f"{chance}.1"
    page.how_far(action).value = "partly"
    page.widgets[action, "noticed"].value = "  Twee ouders   bleven praten "
    page.widgets[action, "keep"].value = 1
    assert store.answers_of(me, "followup") == {
        f"{action}.status": "partly",
        f"{action}.noticed": "Twee ouders bleven praten",
        f"{action}.keep": 1.0,
    }
    assert page.drawn[action] == {"partly": 1}


def test_the_team_sees_counts_only_from_three_people(store, later):
    session, chance = later
    action = f"{chance}.1"
    pages = []
    for status in ("done", "done", "dropped"):
        pages.append(FollowupPage(store, participant_code=store.join(session.code, "teacher").code))
        pages[-1].how_far(action).value = status
        if len(pages) == 2:
            pages[0].view = "team"
            assert pages[0].drawn[action] == {}  # two people: no counts
    pages[0].redraw()
    assert pages[0].drawn[action] == {"done": 2, "partly": 0, "not_yet": 0, "dropped": 1}


def test_a_session_without_a_baseline_says_so(store, frame):
    session = store.create_session("De Linde", frame.id, "later")
    page = FollowupPage(store, participant_code=store.join(session.code, "teacher").code)
    assert page.message.text == tr("followup_no_baseline", "nl")
    assert page.actions == []


def test_a_plan_without_actions_says_so(store, frame):
    baseline = store.create_session("De Linde", frame.id, "baseline")
    later = store.create_session("De Linde", frame.id, "later", baseline=baseline.code)
    page = FollowupPage(store, participant_code=store.join(later.code, "teacher").code)
    assert page.actions == []
    shown = shown_text(page)
    assert tr("followup_none", "nl", min=3).split(" (")[0] in shown


def test_the_change_where_the_action_aimed(store, frame):
    """An action aimed at a relation of the triangle shows its change (baseline → now)."""
    baseline, _ = baseline_with_plan(store, frame, aim="triangle.parent_school")
    later = store.create_session("De Linde", frame.id, "later", baseline=baseline.code)
    for session, value in ((baseline, 2), (later, 4)):
        for _ in range(3):
            me = store.join(session.code, "teacher")
            for quality in frame.triangle.qualities:
                store.save_answer(me, "triangle", f"parent_school.{quality.id}", value)
    page = FollowupPage(
        store, participant_code=store.join(later.code, "teacher").code, language="en"
    )
    shown = shown_text(page)
    assert "At the baseline 2.0, now 4.0 (scale 1–5)" in shown
    assert tr("followup_caution", "en") in shown


def test_labels_follow_the_language(store, later):
    session, chance = later
    page = FollowupPage(store, participant_code=store.join(session.code, "teacher").code)
    widget = page.how_far(f"{chance}.1")
    widget.value = "not_yet"
    page.model.language = "en"
    assert [label for label, _ in widget.options] == [tr(f"followup_{s}", "en") for s in STATUSES]
    assert widget.value == "not_yet"


def test_an_action_names_where_it_should_help(store, frame):
    """On the barriers page each action can name the part of the frame it aims at; the
    follow-up reads it back."""
    session = store.create_session("De Linde", frame.id, "baseline")
    me = store.join(session.code, "teacher")
    page = BarriersPage(store, participant_code=me.code)
    chance = frame.barriers.opportunities[0].id
    page.votes[chance].value = True
    aim = page.actions[chance, "aim"]
    assert aim.value == "" and aim.options[0][1] == ""
    aim.value = f"climate.{frame.climate.components[0].id}"
    assert store.answers_of(me, "barriers")[f"action.{chance}.aim"] == aim.value
    aim.value = ""
    assert store.answers_of(me, "barriers").get(f"action.{chance}.aim") is None


def shown_text(page) -> str:
    """The HTML of every widget on the page."""
    return "".join(w.value for w in _all_widgets(page.body) if isinstance(w, ipw.HTML))


def _all_widgets(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _all_widgets(child)
