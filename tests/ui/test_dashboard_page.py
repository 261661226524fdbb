"""The trainer dashboard, driven as widgets: new answers appear, privacy holds."""

import html

import pytest

from betrokkenheid.demo import make_demo
from betrokkenheid.privacy import MIN_GROUP
from betrokkenheid.texts import tr
from betrokkenheid.ui import DashboardPage
from betrokkenheid.ui.dashboard_page import CHANGE, FOLLOWUP, SPOTLIGHT


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
        """With a baseline to compare, the change per part shows in words, no effect size."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"], compare_code=codes["baseline"])
        page.view = CHANGE
        assert page.drawn["Ouder en school"] > 0  # the demo grows from baseline to later
        table = page.table.value
        assert html.escape(tr("change_word_up", "nl")) in table
        assert "Effect" not in table and "interval" not in table and "(d)" not in table

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


class TestGuideLink:
    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_the_trainers_guide_is_one_link_away(self, store, session, language):
        """Before a session is opened and after, the dashboard links to the trainer's guide in
        its language; the link follows a change of language."""
        for page in (DashboardPage(store), DashboardPage(store, session_code=session.code)):
            page.model.language = language
            link = page.guide_link.value
            assert f'href="08_gids.ipynb?lang={language}"' in link
            assert html.escape(tr("page_guide", language)) in link
            assert page.guide_link in (page.chooser.children + page.body.children)


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
        grown = tr("change_word_up", language)
        assert f"{grown[0].upper()}{grown[1:]}: " in caption
        assert frame.triangle.relations[0].label.get(language) in caption
        assert ("op 1–5" if language == "nl" else "on 1–5") in caption
        assert "Effect" not in caption and " d " not in caption

    def test_climate_radar_shows_both(self, demo):
        """The climate radar has the baseline's line beneath the later one, on a scale of 1–4."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"], compare_code=codes["baseline"])
        page.view = "climate"
        assert set(page.drawn) == {"baseline", "later"}
        assert all(v is not None for v in page.drawn["baseline"].values())
        svg = bytes(page.image.value).decode("utf-8")
        assert 'id="baseline"' in svg and "nulmeting" in svg and "schaal 1–4" in svg
        assert "op 1–4" in page.caption.value and "op 1–5" not in page.caption.value

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


def small_plan(store, frame_id="betrokkenheidsboom"):
    """A baseline whose plan has one action (three people voted for its opportunity, one
    wrote the action), and a later session linked to it; returns both and the action's id."""
    from betrokkenheid import load_frame

    chance = load_frame(frame_id).barriers.opportunities[0].id
    baseline = store.create_session("De Linde", frame_id, "baseline")
    voters = [store.join(baseline.code, "teacher") for _ in range(MIN_GROUP)]
    for person in voters:
        store.save_answer(person, "barriers", f"vote.{chance}", 1)
    store.save_answer(
        voters[0], "barriers", f"action.{chance}.what", text="Koffie <b>op</b> vrijdag"
    )
    store.save_answer(voters[0], "barriers", f"action.{chance}.aim", text="triangle.parent_school")
    later = store.create_session("De Linde", frame_id, "later", baseline=baseline.code)
    return baseline, later, f"{chance}.1"


def follow_up(store, later, action, status="done", noticed=None, keep=1):
    person = store.join(later.code, "teacher")
    store.save_answer(person, "followup", f"{action}.status", text=status)
    store.save_answer(person, "followup", f"{action}.keep", keep)
    if noticed:
        store.save_answer(person, "followup", f"{action}.noticed", text=noticed)
    return person


class TestFollowUp:
    def test_only_for_a_linked_later_session(self, demo):
        """The follow-up view is there for the demo's later session (linked to its
        baseline), and not for the baseline itself."""
        store, codes = demo
        later = DashboardPage(store, session_code=codes["later"])
        baseline = DashboardPage(store, session_code=codes["baseline"])
        assert FOLLOWUP in [v for _, v in later.views.options]
        assert FOLLOWUP not in [v for _, v in baseline.views.options]
        assert codes["baseline"] in later.info.value  # it says which baseline it looks back at

    def test_not_for_an_unlinked_later_session(self, store):
        """A later session without a link has no follow-up view."""
        later = store.create_session("De Linde", "betrokkenheidsboom", "later")
        page = DashboardPage(store, session_code=later.code)
        assert FOLLOWUP not in [v for _, v in page.views.options]

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_a_row_per_action_of_the_baseline(self, demo, language):
        """The view draws the team's picture and has a row per action of the baseline's plan:
        its opportunity, what, how far, how many go on and the change it aimed at; and the
        caution."""
        from betrokkenheid import load_frame
        from betrokkenheid.exercises.followup import aimed_change, baseline_actions

        store, codes = demo
        frame = load_frame("betrokkenheidsboom")
        earlier = store.session_answers(store.session(codes["baseline"]))
        later = store.session_answers(store.session(codes["later"]))
        barriers = [a for a in earlier if a.exercise == "barriers"]
        actions = baseline_actions(barriers, frame.barriers, language)
        assert len(actions) == 2  # the demo's plan
        page = DashboardPage(store, session_code=codes["later"], language=language)
        page.view = FOLLOWUP
        table = page.table.value
        assert set(page.drawn) == {a["id"] for a in actions}
        assert page.image.layout.display is None and page.image.value
        rows = table.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
        assert len(rows) == len(actions)
        for row, action in zip(rows, actions, strict=True):
            assert f"<b>{html.escape(action['what'])}</b>" in row
            assert f'<th scope="row">{html.escape(action["opportunity"])}</th>' in row
            people = [a for a in later if a.item.startswith(f"{action['id']}.")]
            keep = sum(1 for a in people if a.item.endswith(".keep") and a.value == 1)
            given = len({a.participant_id for a in people})
            assert tr("followup_keep_of", language, n=keep, people=given) in row
            for status, n in page.drawn[action["id"]].items():
                said = f"{tr(f'followup_{status}', language)}: {n}"
                assert (said in row) == (n > 0)
            change = aimed_change(action["aim"], frame, later, earlier, language)
            assert change and html.escape(change) in row
        assert tr("followup_caution", language) in table
        assert "btk-talk" in page.talk.value and tr("followup_talk", language) in page.talk.value

    def test_typed_words_are_escaped(self, store):
        """What people typed (the action, what they noticed) is shown as text, never markup."""
        _, later, action = small_plan(store)
        for _ in range(MIN_GROUP):
            follow_up(store, later, action, noticed="<script>alert(1)</script>")
        page = DashboardPage(store, session_code=later.code)
        page.view = FOLLOWUP
        table = page.table.value
        assert "<script>" not in table and "<b>op</b>" not in table
        assert f"&lt;script&gt;alert(1)&lt;/script&gt; ({MIN_GROUP}×)" in table
        assert "Koffie &lt;b&gt;op&lt;/b&gt; vrijdag" in table

    def test_under_the_threshold_no_counts(self, store):
        """With fewer than MIN_GROUP people answering an action, no counts, no words and no
        number of who go on; with one more, they show."""
        _, later, action = small_plan(store)
        for _ in range(MIN_GROUP - 1):
            follow_up(store, later, action, noticed="Ouders bleven langer")
        page = DashboardPage(store, session_code=later.code)
        page.view = FOLLOWUP
        table = page.table.value
        assert tr("followup_too_few", "nl", min=MIN_GROUP) in table
        assert f"{tr('followup_done', 'nl')}:" not in table
        assert "Ouders bleven langer" not in table
        assert tr("followup_keep_of", "nl", n=MIN_GROUP - 1, people=MIN_GROUP - 1) not in table
        assert page.drawn == {action: {}}
        follow_up(store, later, action, noticed="Ouders bleven langer")
        assert page.refresh() is True
        table = page.table.value
        assert tr("followup_too_few", "nl", min=MIN_GROUP) not in table
        assert f"{tr('followup_done', 'nl')}: {MIN_GROUP}" in table
        assert f"Ouders bleven langer ({MIN_GROUP}×)" in table
        assert tr("followup_keep_of", "nl", n=MIN_GROUP, people=MIN_GROUP) in table

    def test_new_plan_beside_the_old(self, store):
        """The baseline's plan and this session's new plan stand side by side: the new one
        empty at first, then with the actions of this session's barriers step."""
        from betrokkenheid import load_frame

        _, later, action = small_plan(store)
        page = DashboardPage(store, session_code=later.code)
        page.view = FOLLOWUP
        plans = page.table.value.split('class="btk-plan btk-plans')[1]
        assert tr("followup_old_plan", "nl") in plans and tr("followup_new_plan", "nl") in plans
        assert "Koffie &lt;b&gt;op&lt;/b&gt; vrijdag" in plans
        assert tr("followup_new_empty", "nl") in plans
        chance = load_frame("betrokkenheidsboom").barriers.opportunities[1].id
        people = [store.join(later.code, "teacher") for _ in range(MIN_GROUP)]
        for person in people:
            store.save_answer(person, "barriers", f"vote.{chance}", 1)
        store.save_answer(people[0], "barriers", f"action.{chance}.what", text="Huisbezoek & <i>")
        page.refresh()
        plans = page.table.value.split('class="btk-plan btk-plans')[1]
        assert "Huisbezoek &amp; &lt;i&gt;" in plans
        assert tr("followup_new_empty", "nl") not in plans

    def test_a_plan_without_actions(self, store):
        """A baseline whose plan has no actions says there is nothing to look back at."""
        baseline = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        later = store.create_session(
            "De Linde", "betrokkenheidsboom", "later", baseline=baseline.code
        )
        page = DashboardPage(store, session_code=later.code)
        page.view = FOLLOWUP
        assert tr("followup_none", "nl", min=MIN_GROUP) in page.table.value
        assert page.image.layout.display == "none"


class TestCompareLinked:
    def test_another_baseline_is_not_compared(self, demo):
        """A linked session opened with compare= another code says so in one line and
        compares nothing."""
        store, codes = demo
        other = store.create_session(
            "Basisschool De Vlinder (fictief)", "betrokkenheidsboom", "baseline"
        )
        page = DashboardPage(store, session_code=codes["later"], compare_code=other.code)
        said = tr("compare_not_linked", "nl", code=other.code, baseline=codes["baseline"])
        assert page.info.value.count(said) == 1
        assert page.compare is None
        assert CHANGE not in [v for _, v in page.views.options]
        page.view = "triangle"
        assert "baseline" not in page.drawn
        page.header.language.value = "en"  # the line follows the language
        said = tr("compare_not_linked", "en", code=other.code, baseline=codes["baseline"])
        assert said in page.info.value

    def test_the_linked_baseline_is_compared(self, demo):
        """Compared with its own baseline, there is the change, and no such line."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"], compare_code=codes["baseline"])
        assert CHANGE in [v for _, v in page.views.options]
        assert "btk-message" not in page.info.value


class TestModel:
    def test_setting_the_view_on_the_model_shows_it(self, demo):
        """Setting ``model.view`` selects that view's button and draws it."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"])
        page.model.view = SPOTLIGHT
        assert page.views.value == SPOTLIGHT
        assert 'class="btk-spotlight"' in page.table.value
        assert page.drawn is page.model.drawn and len(page.drawn) == 5
        page.model.view = "triangle"
        assert page.views.value == "triangle"
        assert page.table.value == "" and "parent_school" in page.drawn

    def test_buttons_change_the_model(self, demo):
        """Choosing a view or the presentation switch changes the model."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"])
        page.views.value = "climate"
        assert page.model.view == "climate"
        page.present_button.value = True
        assert page.model.present is True

    def test_presentation_from_the_model(self, demo):
        """``model.present`` switches the button and the page's projector class."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"])
        page.model.present = True
        assert page.present_button.value is True and "btk-present" in page._dom_classes
        page.model.present = False
        assert page.present_button.value is False and "btk-present" not in page._dom_classes

    def test_codes_from_the_model_open_the_sessions(self, demo):
        """The codes set on the model fill the fields; the button opens those sessions."""
        store, codes = demo
        page = DashboardPage(store)
        page.model.join_code, page.model.compare_code = codes["later"], codes["baseline"]
        assert page.code_input.value == codes["later"]
        assert page.compare_input.value == codes["baseline"]
        page.open_button.click()
        assert page.model.session.code == codes["later"]
        assert page.model.compare.code == codes["baseline"] and page.compare is page.model.compare
        assert page.chooser.layout.display == "none" and page.body.layout.display is None
        assert codes["later"] in page.info.value


def barriers_session(store, sizes, action=None):
    """A session where, per parent group (by index), ``sizes[i]`` new people each tick the
    first two barriers for it; three of them vote for the first opportunity and the first
    writes ``action`` for it. Returns the session and the frame's barriers section."""
    from betrokkenheid import load_frame

    section = load_frame("betrokkenheidsboom").barriers
    session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    everybody = []
    for group, size in zip(section.parent_groups, sizes, strict=False):
        for _ in range(size):
            person = store.join(session.code, "teacher")
            everybody.append(person)
            for barrier in section.barriers[:2]:
                store.save_answer(person, "barriers", f"barrier.{group.id}.{barrier.id}", 1)
    chance = section.opportunities[0].id
    for person in everybody[:MIN_GROUP]:
        store.save_answer(person, "barriers", f"vote.{chance}", 1)
    if action:
        store.save_answer(everybody[0], "barriers", f"action.{chance}.what", text=action)
    return session, section


def group_row(table: str, label: str) -> str:
    """The row of the group table that names ``label``."""
    start = table.index(html.escape(label))
    return table[table.rindex("<tr>", 0, start) : table.index("</tr>", start)]


class TestBarriersView:
    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_plan_and_groups_under_the_picture(self, demo, language):
        """Under the votes: the team's action plan (what, who, when, notice) and the barriers
        named most per parent group, in the frame's order, as tables that stack on a phone."""
        from betrokkenheid.exercises.barriers import DEMO_ACTIONS

        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"], language=language)
        page.view = "barriers"
        assert page.image.layout.display is None and page.drawn  # the picture stays
        table = page.table.value
        plan = table[: table.index(html.escape(tr("barriers_groups_title", language)))]
        assert tr("plan_title", language) in plan
        for part, texts in DEMO_ACTIONS.items():
            assert html.escape(texts[0]) in plan, part
            assert html.escape(tr(f"action_{part}", language)) in plan
        section = page.frame.barriers
        labels = [html.escape(g.label.get(language)) for g in section.parent_groups]
        at = [table.index(label) for label in labels]
        assert at == sorted(at)  # the frame's order
        first = group_row(table, section.parent_groups[0].label.get(language))
        assert "×)</li>" in first and "<ul" in first  # the demo ticks the first four groups
        last = group_row(table, section.parent_groups[-1].label.get(language))
        assert tr("barriers_group_hidden", language) in last and "×" not in last
        assert table.count('class="btk-plan btk-stack"') == 2
        assert 'data-label="' in first
        page.view = "triangle"
        assert page.table.value == ""  # only the barriers view

    def test_counts_per_group(self, store):
        """Each group shows how many people named barriers for it and how often each was
        named, for that group only."""
        session, section = barriers_session(store, [4, 3])
        page = DashboardPage(store, session_code=session.code)
        page.view = "barriers"
        first = group_row(page.table.value, section.parent_groups[0].label.get("nl"))
        second = group_row(page.table.value, section.parent_groups[1].label.get("nl"))
        barrier = html.escape(section.barriers[0].label.get("nl"))
        assert tr("barriers_group_people", "nl", n=4) in first and f"{barrier} (4×)" in first
        assert tr("barriers_group_people", "nl", n=3) in second and f"{barrier} (3×)" in second
        legend = tr("barriers_groups_legend", "nl", n=7, min=MIN_GROUP)
        assert html.escape(legend) in page.table.value

    def test_a_group_under_the_threshold_says_so_without_numbers(self, store):
        """A group of fewer than MIN_GROUP people shows no count; the rest of the small
        groups must hold MIN_GROUP together, else the smallest shown group is hidden too."""
        session, section = barriers_session(store, [4, 3, MIN_GROUP - 1, 1])
        page = DashboardPage(store, session_code=session.code)
        page.view = "barriers"
        labels = [g.label.get("nl") for g in section.parent_groups]
        rows = [group_row(page.table.value, label) for label in labels[:4]]
        hidden = tr("barriers_group_hidden", "nl")
        assert hidden not in rows[0] and hidden not in rows[1]
        for row in rows[2:]:
            assert hidden in row and "×" not in row and "mensen" not in row
        session, _ = barriers_session(store, [4, 3, MIN_GROUP - 1])  # the rest: 2 people
        page = DashboardPage(store, session_code=session.code)
        page.view = "barriers"
        rows = [group_row(page.table.value, label) for label in labels[:3]]
        assert hidden not in rows[0] and hidden in rows[1] and hidden in rows[2]

    def test_too_few_people_no_groups(self, store):
        """With fewer than MIN_GROUP people naming barriers, no group table at all."""
        session, section = barriers_session(store, [MIN_GROUP - 1])
        page = DashboardPage(store, session_code=session.code)
        page.view = "barriers"
        assert html.escape(section.parent_groups[0].label.get("nl")) not in page.table.value
        assert tr("report_too_few_part", "nl", min=MIN_GROUP) in page.table.value

    def test_typed_action_text_is_escaped(self, store):
        """What the team typed in its plan, and a typed "something else", never show as
        markup; the typed barrier is not shown at all, only counted."""
        session, section = barriers_session(store, [3], action="<script>alert(1)</script> & co")
        person = store.join(session.code, "teacher")
        group = section.parent_groups[0]
        store.save_answer(person, "barriers", f"other.{group.id}", text="<b>Geheim</b> verhaal")
        page = DashboardPage(store, session_code=session.code)
        page.view = "barriers"
        table = page.table.value
        assert "<script" not in table and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in table
        assert "Geheim" not in table
        row = group_row(table, group.label.get("nl"))
        assert f"{html.escape(tr('barriers_group_other', 'nl'))} (1×)" in row
        assert tr("barriers_group_people", "nl", n=4) in row


def _parents(store, session, n, language="nl", channel="online", respected=5, **extra):
    """``n`` parents of ``session`` answering "respected" (and ``extra`` items) online or on
    paper in ``language``."""
    from betrokkenheid import load_frame
    from betrokkenheid import questionnaire as q

    frame = load_frame(session.frame)
    code = store.audience_code(session)
    made = []
    for _ in range(n):
        parent = store.join_audience(code, language, channel)
        q.save_answer(store, parent, frame, "respected", respected)
        for item, answer in extra.items():
            if isinstance(answer, str):
                q.save_answer(store, parent, frame, item, text=answer)
            else:
                q.save_answer(store, parent, frame, item, answer)
        made.append(parent)
    return made


def _expecting(store, session, value=3, people=3):
    """``people`` staff who expect parents to say ``value`` to "respected"."""
    for _ in range(people):
        member = store.join(session.code, "teacher")
        store.save_answer(member, "perspectives", "expect.respected", value)


class TestParentsView:
    """What parents say, on the dashboard (issue 12)."""

    def test_a_view_only_for_a_frame_with_a_questionnaire(self, store, session):
        """The betrokkenheidsboom has the parents' view; a frame without parents' questions
        has none."""
        from betrokkenheid.ui.dashboard_page import PARENTS

        page = DashboardPage(store, session_code=session.code)
        assert PARENTS in [v for _, v in page.views.options]
        other = store.create_session("X", "samen-met-ouders", "baseline")
        page = DashboardPage(store, session_code=other.code)
        assert PARENTS not in [v for _, v in page.views.options]

    def test_link_and_qr_from_the_join_link(self, store, session, monkeypatch):
        """Under `betrokkenheid serve --lan` the parents' link keeps the room's token and
        its QR code is an inline SVG that scales whole (a viewBox, no fixed size)."""
        from betrokkenheid.serve import LINK_ENV
        from betrokkenheid.ui.dashboard_page import PARENTS

        monkeypatch.setenv(LINK_ENV, "http://192.0.2.7:8866/voila/render/00_start.ipynb?token=abc")
        page = DashboardPage(store, session_code=session.code)
        page.views.value = PARENTS  # the trainer's button
        assert page.view == PARENTS
        code = store.audience_code(session)
        caption = page.caption.value
        assert f"10_ouders.ipynb?s={code}&amp;token=abc" in caption
        svg = caption[caption.index("<svg") : caption.index(">", caption.index("<svg"))]
        assert "viewBox" in svg and "width=" not in svg
        assert session.code not in caption.split("btk-link")[1].split("</span>")[0]

    def test_outside_serve_the_code_and_how_to_get_a_link(self, store, session, monkeypatch):
        """Without a server there is no QR code: the parents' code, and how to get a link."""
        from betrokkenheid.serve import LINK_ENV

        monkeypatch.delenv(LINK_ENV, raising=False)
        page = DashboardPage(store, session_code=session.code)
        page.view = "parents"
        assert "<svg" not in page.caption.value
        assert store.audience_code(session) in page.caption.value
        assert html.escape(tr("voices_no_link", "nl")) in page.caption.value

    def test_localhost_link_without_qr(self, store, session, monkeypatch):
        """A localhost link is no code to scan: the link and how to let others in."""
        from betrokkenheid.serve import LINK_ENV

        monkeypatch.setenv(LINK_ENV, "http://localhost:8866/voila/render/00_start.ipynb")
        page = DashboardPage(store, session_code=session.code)
        page.view = "parents"
        assert "<svg" not in page.caption.value
        assert tr("only_this_computer", "nl") in page.caption.value

    def test_counts_per_language_with_the_unchecked_mark(self, store, session):
        """How many answered, per language named, online and on paper; a translation not
        yet checked carries the mark, Dutch does not."""
        from betrokkenheid.languages import language

        _parents(store, session, 2, "nl")
        _parents(store, session, 1, "tr", "paper")
        page = DashboardPage(store, session_code=session.code)
        page.view = "parents"
        caption = page.caption.value
        assert tr("voices_count", "nl", n=3) in caption
        mark = tr("voices_unchecked", "nl")
        dutch = caption[caption.index("Nederlands") :].split("</li>")[0]
        turkish = caption[caption.index(language("tr").name) :].split("</li>")[0]
        assert mark not in dutch and language("nl").checked
        assert (mark in turkish) is not language("tr").checked
        assert tr("voices_channels", "nl", online=2, paper=1) in caption

    def test_four_parents_no_number_of_theirs(self, store, session):
        """With four parents the view says how many more are needed, and shows no picture,
        no table, no chip and no open answer."""
        _expecting(store, session)
        _parents(store, session, 4, **{"barriers.time": 1, "open": "Dank u"})
        page = DashboardPage(store, session_code=session.code)
        page.view = "parents"
        assert page.drawn == {} and page.image.layout.display == "none"
        assert page.table.value == ""
        assert html.escape(tr("voices_waiting", "nl", min=5, n=1)) in page.caption.value
        everything = page.caption.value + page.table.value + page.image.tooltip
        assert "5,0" not in everything and "+2,0" not in everything
        assert "Dank u" not in everything

    def test_five_parents_the_comparison(self, store, session):
        """From five parents on: the picture, the table with the biggest surprise first, the
        chips and the open answers (escaped), and the question to talk about."""
        _expecting(store, session, value=3)
        _parents(store, session, 5, **{"barriers.time": 1, "open": "<b>Dank</b> u"})
        page = DashboardPage(store, session_code=session.code)
        page.view = "parents"
        assert page.drawn["respected"] == {"team": None, "expected": 3.0, "parents": 5.0}
        assert page.image.layout.display is None and b"<svg" in bytes(page.image.value)
        first = page.table.value.split("<tbody>")[1].split("</tr>")[0]
        assert "De mensen van de school behandelen mij met respect." in first
        assert "+2,0" in first
        assert "&lt;b&gt;Dank&lt;/b&gt; u" in page.table.value
        assert "<b>Dank" not in page.table.value
        chip = next(c for c in page.frame.parents.barriers if c.barrier == "time")
        assert f"{html.escape(chip.text.get('nl'))} (5×)" in page.table.value
        assert tr("voices_talk", "nl") in page.talk.value
        assert "verwacht 3,0, ouders 5,0" in page.image.tooltip

    def test_the_fifth_parent_appears_on_refresh(self, store, session):
        """Live: the view waits at four parents and shows the comparison after the fifth."""
        _expecting(store, session)
        _parents(store, session, 4)
        page = DashboardPage(store, session_code=session.code)
        page.view = "parents"
        assert page.drawn == {}
        _parents(store, session, 1)
        assert page.refresh() is True
        assert page.drawn["respected"]["parents"] == 5.0

    def test_in_english(self, store, session):
        """The view speaks the trainer's language."""
        _parents(store, session, 5)
        page = DashboardPage(store, session_code=session.code, language="en")
        page.view = "parents"
        assert tr("voices_intro", "en") in page.caption.value
        assert tr("voices_col_surprise", "en") in page.table.value


# -- the presentation view (issue 11) --------------------------------------------------------


def _svg_text_px(svg: bytes, area: tuple[int, int]) -> float:
    """The smallest text of an SVG picture in CSS px when it fills ``area`` keeping its
    shape (as the slide's ``object-fit: contain``): its font size in the SVG's units (points)
    times the px per unit."""
    import re

    text = bytes(svg).decode("utf-8")
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', text).groups())
    sizes = [float(v) for v in re.findall(r"font-size: ([\d.]+)px", text)]
    return min(sizes) * min(area[0] / width, area[1] / height)


class TestPresentation:
    def test_every_slide_in_turn(self, demo):
        """From the join slide: each picture on a slide of its own (a part each for a full
        one) with its conversation question and nothing else under it, then after the
        barriers the groups and the plan; the text of every picture is at least 24 px on a
        1920×1080 screen, and next after the last is the first again."""
        from betrokkenheid.ui.slides import MIN_PX, SIDE_AREA, WIDE_AREA

        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"], compare_code=codes["baseline"])
        page.model.slide = "join"
        page.present = True
        keys = [s.key for s in page.slides()]
        assert keys[0] == "join" and keys[1:4] == [f"perspectives.{k}" for k in (1, 2, 3)]
        at = keys.index("barriers")
        assert keys[at + 1 : at + 3] == ["groups", "plan"]
        assert keys[-3:] == ["change.1", "change.2", "change.3"]
        seen = []
        for key in keys:
            assert page.slide.key == key
            assert page.slide_count.value == f"{keys.index(key) + 1} van {len(keys)}"
            classes = page.stage._dom_classes
            picture = page.image.layout.display != "none"
            seen.append((key, picture))
            if picture:
                assert page.table.value == ""  # one picture, its question: no table under it
                assert "btk-talk" in page.talk.value
                area = SIDE_AREA if "btk-slide-side" in classes else WIDE_AREA
                assert "btk-slide-side" in classes or "btk-slide-wide" in classes
                assert _svg_text_px(page.image.value, area) >= MIN_PX, key
            else:
                assert "btk-slide-text" in classes
            page.next_button.click()
        assert page.slide.key == "join"  # round again
        pictures = {key for key, picture in seen if picture}
        assert {"perspectives.1", "triangle", "climate", "barriers", "parents.1"} <= pictures
        assert not pictures & {"join", "forms.1", "groups", "plan", "spotlight", "change.1"}

    def test_which_slide_shows_what(self, demo, monkeypatch):
        """The join slide has the whole QR code, the PIN and address, and how many are in;
        the groups and the plan are the barriers' own parts; the forms are cards of their
        activities; the change of one exercise is a table in words."""
        from betrokkenheid.serve import LINK_ENV, PIN_ENV

        monkeypatch.setenv(LINK_ENV, "http://192.0.2.7:8866/voila/render/00_start.ipynb?token=t")
        monkeypatch.setenv(PIN_ENV, "K7MQ2P")
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"], compare_code=codes["baseline"])
        people = sum(store.roles(store.session(codes["later"])).values())
        page.model.slide = "join"
        page.present = True
        join = page.caption.value
        assert "<svg" in join and "K7MQ2P" in join and "192.0.2.7:8866" in join
        assert tr("joined_count", "nl", n=people) in join
        page.model.slide = "groups"
        assert page._barriers_html("nl", part="groups") in page.table.value
        assert tr("barriers_groups_title", "nl") in page.slide_title.value
        page.model.slide = "plan"
        assert page._barriers_html("nl", part="plan") in page.table.value
        assert tr("plan_title", "nl") in page.slide_title.value
        page.model.slide = "forms.1"
        assert page.table.value.count('class="btk-form-card') == 3
        assert "btk-leaf" in page.table.value and "1 van 3" in page.slide_title.value
        page.model.slide = "change.2"
        assert "Ouder en school" in page.table.value and "Visie" not in page.table.value
        assert html.escape(tr("change_word_up", "nl")) in page.table.value

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_localhost_join_slide(self, store, session, monkeypatch, language):
        """In localhost mode the join slide shows no code to scan and says plainly that only
        this computer can open the link."""
        from betrokkenheid.serve import LINK_ENV

        monkeypatch.setenv(LINK_ENV, "http://localhost:8866/voila/render/00_start.ipynb")
        page = DashboardPage(store, session_code=session.code, language=language)
        page.model.slide = "join"
        page.present = True
        assert "<svg" not in page.caption.value
        assert html.escape(tr("only_this_computer", language)) in page.caption.value

    def test_stepping_back_and_the_toggle(self, demo):
        """The toggle starts at the view shown; back from the first slide is the last; the
        view follows the slide, and stopping on the plan shows the barriers' view."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"])
        page.view = "climate"
        page.present_button.value = True
        assert page.slide.key == "climate" and "btk-present" in page._dom_classes
        page.previous_button.click()
        assert page.slide.key == "forms.3" and page.view == "forms"
        page.model.slide = "join"
        page.previous_button.click()
        assert page.slide.key == page.slides()[-1].key
        page.model.slide = "plan"
        page.leave_button.click()
        assert page.present is False and page.view == BARRIERS_VIEW
        assert "btk-present" not in page._dom_classes
        page.view = "triangle"  # the normal view steps through views again
        page.next_button.click()
        assert page.view == "forms"

    def test_the_model_view_while_presenting(self, demo):
        """Setting the view on the model while presenting shows that view's first slide."""
        store, codes = demo
        page = DashboardPage(store, session_code=codes["later"])
        page.model.slide = "join"
        page.present = True
        page.model.view = "perspectives"
        assert page.slide.key == "perspectives.1"

    def test_the_live_update_keeps_the_slide(self, store, session):
        """New answers redraw the slide shown, not the first one."""
        page = DashboardPage(store, session_code=session.code)
        page.model.slide = "join"
        page.present = True
        page.model.slide = "triangle"
        count = page.slide_count.value
        assert page.drawn["parent_school"] is None
        for value in (2, 3, 4):
            person = store.join(session.code, "teacher")
            store.save_answer(person, "triangle", "parent_school.equality", value)
        assert page.refresh() is True
        assert page.slide.key == "triangle" and page.present
        assert page.drawn["parent_school"] == pytest.approx(3.0)
        assert page.slide_count.value == count

    def test_from_the_address(self, store, session, monkeypatch):
        """``?s=CODE&present=1`` opens the presentation on its join slide."""
        monkeypatch.setenv("QUERY_STRING", f"s={session.code}&present=1")
        page = DashboardPage.from_request(store)
        assert page.present and page.slide.key == "join"
        assert "btk-present" in page._dom_classes


BARRIERS_VIEW = "barriers"


def _measurement(store, code, values):
    """People of session ``code`` who each rate every quality of a relation with one value:
    ``values[relation]`` holds one value per person."""
    from betrokkenheid import load_frame

    frame = load_frame("betrokkenheidsboom")
    qualities = [q.id for q in frame.triangle.qualities]
    people = [store.join(code, "teacher") for _ in next(iter(values.values()))]
    for relation, given in values.items():
        for person, value in zip(people, given, strict=True):
            for quality in qualities:
                store.save_answer(person, "triangle", f"{relation}.{quality}", value)


@pytest.fixture
def rise_fall_same(store):
    """A baseline and a later session of one school: a clear rise (parent and school), a
    clear fall (child and school), no change (parent and child)."""
    baseline = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    later = store.create_session("De Linde", "betrokkenheidsboom", "later", baseline=baseline.code)
    _measurement(
        store,
        baseline.code,
        {
            "parent_school": [2, 2, 2, 3, 2, 3],
            "child_school": [4, 5, 4, 5, 4, 5],
            "parent_child": [3, 3, 4, 2, 3, 3],
        },
    )
    _measurement(
        store,
        later.code,
        {
            "parent_school": [4, 5, 4, 5, 4, 4],
            "child_school": [2, 1, 2, 2, 1, 2],
            "parent_child": [3, 4, 3, 2, 3, 3],
        },
    )
    return store, baseline, later


def _row(table: str, label: str) -> str:
    start = table.index(f">{label}</th>")
    return table[start : table.index("</tr>", start)]


class TestChangeWords:
    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_rise_fall_and_no_change_in_words(self, rise_fall_same, language):
        """Per scale before, after, the difference and words a team understands; each number
        says its scale; no effect size and no interval; a legend says how words are chosen."""
        from betrokkenheid import load_frame

        store, baseline, later = rise_fall_same
        frame = load_frame("betrokkenheidsboom")
        labels = {r.id: r.label.get(language) for r in frame.triangle.relations}
        page = DashboardPage(
            store, session_code=later.code, compare_code=baseline.code, language=language
        )
        page.view = CHANGE
        table = page.table.value
        on = "op 1–5" if language == "nl" else "on 1–5"
        for relation, direction in (
            ("parent_school", "up"),
            ("child_school", "down"),
            ("parent_child", "same"),
        ):
            row = _row(table, html.escape(labels[relation]))
            assert f">{html.escape(tr(f'change_word_{direction}', language))}</td>" in row
            assert row.count(on) == 2  # before and after
        assert page.drawn[labels["parent_school"]] == pytest.approx(2.0)
        assert page.drawn[labels["child_school"]] == pytest.approx(10 / 6 - 4.5)
        assert "Effect" not in table and "interval" not in table and "(d)" not in table
        assert html.escape(tr("change_legend", language, min=MIN_GROUP)) in table
        page.view = "triangle"  # the same words under the picture of both measurements
        fell = tr("change_word_down", language)
        assert f"{fell[0].upper()}{fell[1:]}: {labels['child_school']}" in html.unescape(
            page.caption.value
        )

    def test_the_report_says_the_same(self, rise_fall_same):
        """The report's comparison uses the same words for the same scales."""
        from betrokkenheid.report import report_html

        store, baseline, later = rise_fall_same
        page = report_html(store, later.code, "nl", compare=baseline.code)
        section = page[page.index('id="change"') :]
        for label, direction in (("Ouder en school", "up"), ("Kind en school", "down")):
            row = _row(section, label)
            assert f"<td>{html.escape(tr(f'change_word_{direction}', 'nl'))}</td>" in row
        assert "Effect" not in section
