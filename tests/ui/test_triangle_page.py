"""The triangle page, driven as widgets: rate, then check the store and the picture's data."""

import ipywidgets as ipw
import pytest

from betrokkenheid.texts import tr
from betrokkenheid.ui import TrianglePage


@pytest.fixture
def me(store, session):
    return store.join(session.code, "teacher")


@pytest.fixture
def page(store, me):
    return TrianglePage(store, participant_code=me.code)


def others_answer(store, session, values, relation="parent_school"):
    """Let a participant per value rate every quality of ``relation`` with that value."""
    for value in values:
        other = store.join(session.code, "teacher")
        for quality in ("communication", "trust_respect", "shared_responsibility", "equality"):
            store.save_answer(other, "triangle", f"{relation}.{quality}", value)


def _html_in(widget):
    """The texts of every HTML widget inside ``widget``, depth first."""
    if isinstance(widget, ipw.HTML):
        yield widget.value
    for child in getattr(widget, "children", ()):
        yield from _html_in(child)


class TestRating:
    def test_rating_is_saved_at_once(self, page, store, me):
        """Choosing a rating stores it before anything else happens."""
        page.rating("child_school", "trust_respect").value = 2
        assert store.answers_of(me, "triangle") == {"child_school.trust_respect": 2.0}

    def test_changing_a_rating_replaces_it(self, page, store, me):
        """A second choice replaces the first; one answer per question."""
        widget = page.rating("child_school", "trust_respect")
        widget.value = 2
        widget.value = 5
        assert store.answers_of(me, "triangle") == {"child_school.trust_respect": 5.0}

    def test_picture_shows_my_mean_per_relation(self, page):
        """My picture shows the mean of my ratings on each side."""
        page.rating("parent_school", "communication").value = 5
        page.rating("parent_school", "equality").value = 2
        assert page.drawn == {"parent_school": 3.5, "child_school": None, "parent_child": None}
        labels = {t.get_text() for t in page.figure.axes[0].texts}
        assert "3,5" in labels
        assert b"<svg" in bytes(page.image.value)

    def test_status_says_saved(self, page):
        """After saving, the page says so."""
        page.rating("parent_child", "communication").value = 4
        assert tr("saved_at", "nl", time="")[:10] in page.status.value

    def test_failed_save_shows_a_message_not_a_traceback(self, page, monkeypatch):
        """When saving fails, the visitor gets the calm general message."""

        def broken(*args, **kwargs):
            raise OSError("disk full")

        monkeypatch.setattr(page.store, "save_answer", broken)
        page.rating("parent_child", "communication").value = 4
        assert page.message.text == tr("error_generic", "nl")


class TestQualitiesOfASide:
    """A side is asked only about the qualities it is rated on."""

    def test_parent_and_child_has_no_control_for_equality(self, page):
        """Parent and child is rated on communication and shared responsibility only: no
        control for equality or trust, and its card shows just those two."""
        rated = {q for r, q in page.ratings if r == "parent_child"}
        assert rated == {"communication", "shared_responsibility"}
        with pytest.raises(KeyError):
            page.rating("parent_child", "equality")
        texts = " ".join(_html_in(page.questions("nl")[2]))  # the card of parent and child
        assert "Communicatie" in texts and "Samen verantwoordelijk" in texts
        assert "Gelijkwaardigheid" not in texts and "Vertrouwen" not in texts

    def test_the_other_sides_keep_all_four(self, page):
        """Parent and school, child and school: all four qualities, as before."""
        for relation in ("parent_school", "child_school"):
            assert len([q for r, q in page.ratings if r == relation]) == 4

    def test_a_rated_quality_is_stored_and_drawn(self, page, store, me):
        """Rating a quality of parent and child stores it; the side's mean is over its two."""
        page.rating("parent_child", "shared_responsibility").value = 2
        page.rating("parent_child", "communication").value = 5
        assert store.answers_of(me, "triangle") == {
            "parent_child.shared_responsibility": 2.0,
            "parent_child.communication": 5.0,
        }
        assert page.drawn["parent_child"] == 3.5


class TestResume:
    def test_answers_come_back_with_the_code(self, store, me):
        """Closing the page and coming back with the code shows the answers again."""
        first = TrianglePage(store, participant_code=me.code)
        first.rating("parent_child", "communication").value = 3
        again = TrianglePage(store, participant_code=me.code.lower())
        assert again.rating("parent_child", "communication").value == 3
        assert again.rating("parent_child", "shared_responsibility").value is None
        assert again.drawn["parent_child"] == 3.0

    def test_page_without_code_asks_for_it(self, store, me):
        """Without a code the page asks for one; typing it opens the questions."""
        page = TrianglePage(store)
        assert page.ratings == {}
        page.code_input.value = me.code
        page.code_button.click()
        assert len(page.ratings) == 10  # 4 + 4 + 2: parent and child is rated on two

    @pytest.mark.parametrize("code", ["NOPE-NOPE", "x", "<b>hi</b>", "'; DROP TABLE answers"])
    def test_bad_code_in_url_gives_a_message(self, store, code, monkeypatch):
        """A wrong code in the URL gives a friendly message and the code box."""
        monkeypatch.setenv("QUERY_STRING", f"p={code}")
        page = TrianglePage.from_request(store)
        assert page.message.kind == "error"
        assert page.ratings == {}
        assert page.code_input in page.body.children[0].children

    def test_frame_without_triangle(self, store, tmp_path, monkeypatch, tiny_frame_text):
        """A session whose frame has no triangle section explains that on the page."""
        text = tiny_frame_text.replace("id: tiny", "id: notri").split("triangle:")[0]
        (tmp_path / "notri.yaml").write_text(text, encoding="utf-8")
        monkeypatch.setenv("BETROKKENHEID_FRAMES", str(tmp_path))
        session = store.create_session("X", "notri", "baseline")
        me = store.join(session.code, "other")
        page = TrianglePage(store, participant_code=me.code)
        assert "no triangle section" in page.message.text
        assert page.ratings == {}


class TestTeamView:
    def test_team_hidden_below_three(self, page, store, session):
        """With fewer than three people on a side, the team picture shows no number."""
        others_answer(store, session, [4, 2])
        page.view = "team"
        assert page.drawn == {"parent_school": None, "child_school": None, "parent_child": None}
        assert tr("team_waiting", "nl", min=3, n=2) in page.caption.value

    def test_team_mean_from_three(self, page, store, session):
        """From three people on, the team picture shows their mean and spread."""
        others_answer(store, session, [4, 2, 3])
        page.view = "team"
        assert page.drawn["parent_school"] == pytest.approx(3.0)
        labels = {t.get_text() for t in page.figure.axes[0].texts}
        assert "3,0 (± 0,8)" in labels

    def test_my_answer_joins_the_team_at_once(self, page, store, session):
        """In the team view, my new answer counts in the picture right away."""
        others_answer(store, session, [4, 4])
        page.view = "team"
        page.rating("parent_school", "communication").value = 1
        assert page.drawn["parent_school"] == pytest.approx(3.0)


class TestLanguage:
    def test_english_relabels_and_keeps_answers(self, page):
        """Switching to English relabels the scale and keeps the chosen values."""
        page.rating("parent_school", "equality").value = 4
        page.header.language.value = "en"
        widget = page.rating("parent_school", "equality")
        assert widget.value == 4
        assert widget.label == "Often"
        assert page.view_choice.options[1][0] == "The team"
        assert "3.0" not in {t.get_text() for t in page.figure.axes[0].texts}
        assert "4.0" in {t.get_text() for t in page.figure.axes[0].texts}
