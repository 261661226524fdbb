"""An exercise page's model: set a trait, and the store, the widgets and the picture follow."""

import pytest

from betrokkenheid.texts import tr
from betrokkenheid.ui import BarriersPage, TrianglePage

ITEM = "parent_school.equality"


@pytest.fixture
def me(store, session):
    return store.join(session.code, "teacher")


@pytest.fixture
def page(store, me):
    return TrianglePage(store, participant_code=me.code)


class TestAnswers:
    def test_setting_an_answer_stores_it_and_the_widget_follows(self, page, store, me):
        """An answer set in the model is stored at once, shown by its widget and drawn."""
        page.model.answers = {ITEM: 4}
        assert store.answers_of(me, "triangle") == {ITEM: 4.0}
        assert page.rating("parent_school", "equality").value == 4
        assert page.drawn["parent_school"] == 4.0
        assert type(page.model.answers[ITEM]) is float  # as stored
        assert tr("saved_at", "nl", time="")[:10] in page.status.value

    def test_taking_an_answer_back(self, page, store, me):
        """An answer left out of the model is taken back in the store and on the page."""
        page.rating("parent_school", "equality").value = 3
        page.model.answers = {}
        assert store.answers_of(me, "triangle").get(ITEM) is None
        assert page.rating("parent_school", "equality").value is None
        assert page.drawn["parent_school"] is None

    def test_a_widget_change_is_the_models_answer(self, page):
        """Choosing a rating puts it in the model, as stored."""
        page.rating("child_school", "trust_respect").value = 2
        assert page.model.answers == {"child_school.trust_respect": 2.0}

    def test_changes_made_quietly_are_no_answers(self, page, store, me):
        """What the page changes itself (new labels, answers shown again) is not stored."""
        with page.quietly():
            page.rating("parent_school", "equality").value = 5
            page.model.answers = {ITEM: 5}
        assert store.answers_of(me, "triangle") == {}

    def test_an_answer_the_frame_refuses_is_not_kept(self, page, store, me):
        """An answer outside the scale is refused with a message; the model keeps what is
        stored."""
        page.rating("parent_school", "communication").value = 2
        page.model.answers = {**page.model.answers, ITEM: 99}
        assert page.message.kind == "error"
        assert page.model.answers == {"parent_school.communication": 2.0}
        assert store.answers_of(me, "triangle") == {"parent_school.communication": 2.0}

    def test_a_failed_save_takes_the_choice_back(self, page, monkeypatch):
        """When the store fails, the widget shows the answer as stored, not the click."""

        def broken(*args, **kwargs):
            raise OSError("disk full")

        monkeypatch.setattr(page.store, "save_answer", broken)
        page.rating("parent_child", "communication").value = 4
        assert page.message.text == tr("error_generic", "nl")
        assert page.model.answers == {}
        assert page.rating("parent_child", "communication").value is None


class TestView:
    def test_setting_the_view_draws_the_team(self, page, store, session):
        """The team view set in the model chooses its button and draws the team's picture."""
        for value in (4, 2, 3):
            other = store.join(session.code, "teacher")
            for quality in ("communication", "trust_respect", "shared_responsibility"):
                store.save_answer(other, "triangle", f"parent_school.{quality}", value)
        page.model.view = "team"
        assert page.view_choice.value == "team"
        assert page.drawn["parent_school"] == pytest.approx(3.0)
        page.view_choice.value = "me"
        assert page.model.view == "me" and page.drawn["parent_school"] is None


class TestBarriersModel:
    def test_choosing_a_group_in_the_model_shows_its_answers(self, store, me, monkeypatch):
        """The group set in the model is chosen on the page; its chips and text box show my
        answers for it, and nothing is written."""
        page = BarriersPage(store, participant_code=me.code)
        second = page.content.parent_groups[1].id
        barrier = page.content.barriers[0].id
        page.model.answers = {f"barrier.{second}.{barrier}": 1.0, f"other.{second}": "Geen tijd"}
        writes = []
        monkeypatch.setattr(store, "save_answer", lambda *args, **kw: writes.append(args[2:]))
        assert not page.chips[barrier].value
        page.model.group = second
        assert page.group_choice.value == second
        assert page.chips[barrier].value is True and page.other.value == "Geen tijd"
        assert writes == []

    def test_a_typed_text_shows_as_stored(self, store, me):
        """A text box shows its answer as stored: single spaces, no spaces around."""
        page = BarriersPage(store, participant_code=me.code)
        page.other.value = "  Geen   oppas "
        group = page.content.parent_groups[0].id
        assert page.model.answers == {f"other.{group}": "Geen oppas"}
        assert page.other.value == "Geen oppas"

    def test_the_plan_sits_under_the_picture_once(self, store, me):
        """The action plan is in the picture's card, before the question to talk about, also
        after switching language."""
        page = BarriersPage(store, participant_code=me.code)
        page.model.language = "en"
        page.model.language = "nl"
        children = page.picture.children
        assert children.count(page.plan_view) == 1
        assert children[-2] is page.plan_view and "btk-talk" in children[-1].value
        assert page.picture in page.body.children[1].children
