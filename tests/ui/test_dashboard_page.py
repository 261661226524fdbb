"""The trainer dashboard, driven as widgets: new answers appear, privacy holds."""

import pytest

from betrokkenheid.demo import make_demo
from betrokkenheid.texts import tr
from betrokkenheid.ui import DashboardPage
from betrokkenheid.ui.dashboard_page import CHANGE, SPOTLIGHT


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from betrokkenheid import Store

    store = Store(tmp_path_factory.mktemp("dash") / "demo.sqlite")
    return store, make_demo(store)


class TestLive:
    def test_new_answers_appear_on_refresh(self, store, session):
        """Answers written anywhere show on the next refresh, and only then is it redrawn."""
        page = DashboardPage(store, session_code=session.code)
        page.view = "triangle"
        assert page.refresh() is False
        people = [store.join(session.code, "teacher") for _ in range(3)]
        for person, value in zip(people, (2, 3, 4), strict=True):
            store.save_answer(person, "triangle", "parent_school.equality", value)
        assert page.drawn["parent_school"] is None  # not yet looked
        assert page.refresh() is True
        assert page.drawn["parent_school"] == pytest.approx(3.0)
        assert "3" in page.info.value

    def test_start_live_outside_a_kernel_says_no(self, store, session):
        """Without a running event loop the dashboard does not pretend to poll."""
        assert DashboardPage(store, session_code=session.code).start_live() is False


class TestPrivacy:
    def test_below_three_no_numbers(self, store, session):
        """With two people, the team pictures show no number."""
        for value in (1, 5):
            person = store.join(session.code, "director")
            store.save_answer(person, "triangle", "parent_school.equality", value)
        page = DashboardPage(store, session_code=session.code)
        page.view = "triangle"
        assert page.drawn["parent_school"] is None
        page.view = SPOTLIGHT
        assert page.drawn == {}

    def test_small_roles_are_merged(self, store, session):
        """Roles with fewer than three people are counted together, not by name."""
        for role, count in (("director", 1), ("care_coordinator", 2), ("teacher", 3)):
            for _ in range(count):
                store.join(session.code, role)
        info = DashboardPage(store, session_code=session.code).info.value
        assert tr("role_director", "nl") not in info
        assert tr("role_care_coordinator", "nl") not in info
        assert f"{tr('role_teacher', 'nl')}: 3" in info
        assert f"{tr('other_roles', 'nl')}: 3" in info

    def test_no_breakdown_when_the_rest_would_stand_out(self, store, session):
        """When the other roles together stay below three, no role is named at all."""
        store.join(session.code, "director")
        for _ in range(3):
            store.join(session.code, "teacher")
        info = DashboardPage(store, session_code=session.code).info.value
        assert tr("role_teacher", "nl") not in info
        assert tr("other_roles", "nl") not in info
        assert tr("joined_count", "nl", n=4) in info


class TestViews:
    def test_every_exercise_has_a_picture(self, demo):
        """Each exercise of the frame can be shown, with its conversation question."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"])
        for section in ("perspectives", "triangle", "forms", "climate", "barriers"):
            page.view = section
            assert page.drawn, section
            assert "btk-talk" in page.talk.value

    def test_spotlight_orders_by_spread(self, demo):
        """Conversation starters come in order of relative spread, largest first."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"])
        page.view = SPOTLIGHT
        assert len(page.drawn) == 5
        assert page.table.value.count("<li>") == 5

    def test_change_from_baseline(self, demo):
        """With a baseline to compare, the change per part shows with an effect size."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"], compare_code=codes["baseline"])
        page.view = CHANGE
        assert page.drawn["Ouder en school"] > 0  # the demo grows from baseline to later
        assert tr("change_d", "nl") in page.table.value

    def test_presentation_view(self, demo):
        """The presentation switch marks the page for projector-sized type."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"])
        page.present_button.value = True
        assert "btk-present" in page._dom_classes
        values = [v for _, v in page.views.options]
        at = values.index(page.view)
        page.next_button.click()
        assert page.view == values[(at + 1) % len(values)]
        page.previous_button.click()
        assert page.view == values[at]


class TestBadInput:
    def test_wrong_code(self, store):
        """A wrong join code gives a message and keeps the chooser open."""
        page = DashboardPage(store, session_code="NOPE99")
        assert page.message.text == tr("bad_join_code", "nl")
        assert page.chooser.layout.display is None

    def test_text_typed_by_users_is_escaped(self, store):
        """A school name with markup is shown as text."""
        session = store.create_session(
            "<img src=x onerror=alert(1)>", "betrokkenheidsboom", "later"
        )
        page = DashboardPage(store, session_code=session.code)
        assert "<img" not in page.info.value
        assert "&lt;img" in page.info.value


class TestJoinLink:
    def test_join_link_and_qr_shown_when_served(self, store, session, monkeypatch):
        """Under `betrokkenheid serve` the dashboard shows the join link and its QR code."""
        from betrokkenheid.serve import LINK_ENV

        link = "http://192.0.2.7:8866/voila/render/00_start.ipynb?token=abc&x=<b>"
        monkeypatch.setenv(LINK_ENV, link)
        info = DashboardPage(store, session_code=session.code).info.value
        assert "<svg" in info and "<path" in info  # the QR code, inline
        assert "token=abc&amp;x=&lt;b&gt;" in info

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_localhost_link_says_only_this_computer(self, store, session, monkeypatch, language):
        """In localhost mode there is no code to scan (a phone would open itself), and the
        dashboard says how to let the room in."""
        from betrokkenheid.serve import LINK_ENV
        from betrokkenheid.texts import tr

        monkeypatch.setenv(LINK_ENV, "http://localhost:8866/voila/render/00_start.ipynb")
        page = DashboardPage(store, session_code=session.code, language=language)
        info = page.info.value
        assert "<svg" not in info
        assert tr("only_this_computer", language) in info and "serve --lan" in info

    def test_no_link_outside_serve(self, store, session, monkeypatch):
        """Without a server's link there is no QR block."""
        from betrokkenheid.serve import LINK_ENV

        monkeypatch.delenv(LINK_ENV, raising=False)
        assert "btk-join" not in DashboardPage(store, session_code=session.code).info.value


class TestBothMeasurements:
    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_triangle_shows_baseline_beneath_later(self, demo, language):
        """With a baseline to compare, the triangle draws both and says in words where we grew."""
        from betrokkenheid import load_frame
        from betrokkenheid.exercises.triangle import team_triangle

        store, codes = demo
        frame = load_frame("betrokkenheidsboom")
        page = DashboardPage(
            store, session_code=codes["later"], compare_code=codes["baseline"], language=language
        )
        page.view = "triangle"
        expected = {
            side: {
                k: s.mean
                for k, s in team_triangle(
                    store.session_answers(store.session(codes[side]), "triangle"), frame
                ).items()
            }
            for side in ("baseline", "later")
        }
        assert page.drawn == expected
        assert page.drawn["later"]["parent_school"] > page.drawn["baseline"]["parent_school"]
        svg = bytes(page.image.value).decode("utf-8")
        assert svg.count('id="baseline') == 3  # a dashed line beneath each relation
        caption = page.caption.value
        assert tr("change_grew", language, parts="", low=1, high=5).split(":")[0] in caption
        assert frame.triangle.relations[0].label.get(language) in caption
        assert ("schaal 1–5" if language == "nl" else "scale 1–5") in caption
        assert tr("change_d", language) not in caption and " d " not in caption

    def test_climate_radar_shows_both(self, demo):
        """The climate radar has the baseline's line beneath the later one, on a scale of 1–4."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"], compare_code=codes["baseline"])
        page.view = "climate"
        assert set(page.drawn) == {"baseline", "later"}
        assert all(v is not None for v in page.drawn["baseline"].values())
        svg = bytes(page.image.value).decode("utf-8")
        assert 'id="baseline"' in svg and "nulmeting" in svg and "schaal 1–4" in svg
        assert "schaal 1–4" in page.caption.value

    def test_a_baseline_of_two_is_not_drawn(self, store, demo):
        """A baseline with fewer than three people draws no line and says it cannot compare."""
        _, codes = demo
        frame_id = "betrokkenheidsboom"
        baseline = store.create_session("De Linde", frame_id, "baseline")
        later = store.create_session("De Linde", frame_id, "later")
        for session, people in ((baseline, 2), (later, 3)):
            for value in range(people):
                person = store.join(session.code, "teacher")
                store.save_answer(person, "triangle", "parent_school.equality", 2 + value)
        page = DashboardPage(store, session_code=later.code, compare_code=baseline.code)
        page.view = "triangle"
        assert page.drawn["baseline"]["parent_school"] is None
        assert page.drawn["later"]["parent_school"] == pytest.approx(3.0)
        assert 'id="baseline' not in bytes(page.image.value).decode("utf-8")
        assert tr("change_unknown", "nl", min=3, parts="").split("(")[0] in page.caption.value

    def test_without_a_comparison_one_measurement(self, demo):
        """Without a baseline the triangle shows the one measurement, as before."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"])
        page.view = "triangle"
        assert "baseline" not in page.drawn
        assert 'id="baseline' not in bytes(page.image.value).decode("utf-8")
