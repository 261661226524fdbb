"""The exercise pages, driven as widgets: answers stored, pictures' data, bad input."""

import html
import random

import ipywidgets as ipw
import pytest

from betrokkenheid.demo import answer_everything
from betrokkenheid.frames import load_frame
from betrokkenheid.model import SECTIONS
from betrokkenheid.texts import tr
from betrokkenheid.ui import BarriersPage, ClimatePage, FormsPage, PerspectivesPage, TrianglePage
from betrokkenheid.ui.barriers_page import MAX_TEXT, MAX_VOTES
from betrokkenheid.ui.forms_page import MAX_LABEL


@pytest.fixture
def people(store, session):
    return [store.join(session.code, "teacher") for _ in range(4)]


def page_for(cls, store, person):
    return cls(store, participant_code=person.code)


class TestPerspectivesPage:
    def test_both_ratings_are_saved(self, store, people):
        """A statement's 'present' and 'important' ratings are stored apart."""
        page = page_for(PerspectivesPage, store, people[0])
        statement = page.content.groups[1].statements[0].id
        page.rating(statement, "present").value = 2
        page.rating(statement, "important").value = 5
        assert store.answers_of(people[0], "perspectives") == {
            f"{statement}.present": 2.0,
            f"{statement}.important": 5.0,
        }
        assert page.drawn[f"{statement}.present"] == 2.0

    def test_team_gap_from_three_people(self, store, people):
        """The team picture shows the mean of three people, not of two."""
        pages = [page_for(PerspectivesPage, store, p) for p in people[:3]]
        statement = pages[0].content.groups[0].statements[0].id
        for page, value in zip(pages[:2], (1, 3), strict=True):
            page.rating(statement, "present").value = value
        pages[0].view = "team"
        assert pages[0].drawn[f"{statement}.present"] is None
        pages[2].rating(statement, "present").value = 5
        pages[0].redraw()
        assert pages[0].drawn[f"{statement}.present"] == pytest.approx(3.0)

    def test_frame_without_the_section(self, store):
        """A session whose frame lacks this exercise explains that, without a traceback."""
        session = store.create_session("X", "samen-met-ouders", "baseline")
        me = store.join(session.code, "other")
        page = page_for(PerspectivesPage, store, me)
        assert "no perspectives section" in page.message.text
        assert page.ratings == {}

    def test_navigation_links_carry_the_code(self, store, people):
        """Back and next lead to the neighbouring steps, with code and language."""
        page = page_for(PerspectivesPage, store, people[0])
        assert f"00_start.ipynb?lang=nl&amp;p={people[0].code}" in page.nav.value
        assert f"02_driehoek.ipynb?lang=nl&amp;p={people[0].code}" in page.nav.value


def _all_html(widget) -> str:
    """Every HTML text inside a widget, children included."""
    found = [widget.value] if isinstance(widget, ipw.HTML) else []
    for child in getattr(widget, "children", ()):
        found.append(_all_html(child))
    return " ".join(found)


class TestExpectationsOfParents:
    """Step 1 also asks what the team expects parents to say (issue 12)."""

    def test_a_rating_per_expected_statement_on_the_parents_scale(self, store, people):
        """The block has one rating per statement of expected_items, in the parents' words."""
        from betrokkenheid.questionnaire import expected_items

        page = page_for(PerspectivesPage, store, people[0])
        assert list(page.expectations) == expected_items(page.frame)
        words = [label.get("nl") for label in page.frame.parents.scale.labels]
        assert [label for label, _ in page.expectation("respected").options] == words
        shown = _all_html(page.body)
        assert tr("voices_expect_title", "nl") in shown
        assert "De mensen van de school behandelen mij met respect." in shown

    def test_an_expectation_is_stored_as_expect_item(self, store, people):
        """Choosing what parents will say stores perspectives' expect.ITEM, at once."""
        page = page_for(PerspectivesPage, store, people[0])
        page.expectation("respected").value = 4
        assert store.answers_of(people[0], "perspectives") == {"expect.respected": 4.0}

    def test_says_which_statements_reuse_how_present(self, store, people):
        """The statements from the parent's side are not asked again: the page names them,
        beside the statement whose rating counts."""
        page = page_for(PerspectivesPage, store, people[0])
        assert "welcome" not in page.expectations
        shown = _all_html(page.body)
        said = tr("voices_expect_reused", "nl", present=tr("aspect_present", "nl"))
        assert html.escape(said) in shown
        assert "Ik voel me welkom op school." in shown
        assert "Ouders voelen zich op school op hun gemak." in shown

    def test_the_team_picture_leaves_expectations_out(self, store, people):
        """Three people's expectations draw nothing in the team's gap picture."""
        pages = [page_for(PerspectivesPage, store, p) for p in people[:3]]
        for page in pages:
            page.expectation("respected").value = 5
        pages[0].view = "team"
        assert not [item for item in pages[0].drawn if item.startswith("expect.")]
        assert all(value is None for value in pages[0].drawn.values())

    def test_in_english(self, store, people):
        """The block speaks the page's language."""
        page = page_for(PerspectivesPage, store, people[0])
        page.model.language = "en"
        assert tr("voices_expect_title", "en") in _all_html(page.body)
        assert page.expectation("respected").options[-1] == ("Yes", 5)

    def test_no_block_for_a_frame_without_parents(self, store, tmp_path, monkeypatch):
        """A frame with perspectives but no parents' questionnaire asks nothing more."""
        from betrokkenheid.frames import FRAMES_DIR

        text = (FRAMES_DIR / "betrokkenheidsboom.yaml").read_text("utf-8")
        start, end = text.index("\nparents:"), text.index("\nconcepts:")
        text = text[:start] + text[end:]
        text = text.replace("id: betrokkenheidsboom", "id: zonder-ouders")
        (tmp_path / "zonder-ouders.yaml").write_text(text, "utf-8")
        monkeypatch.setenv("BETROKKENHEID_FRAMES", str(tmp_path))
        session = store.create_session("X", "zonder-ouders", "baseline")
        page = page_for(PerspectivesPage, store, store.join(session.code, "teacher"))
        assert page.ratings and page.expectations == {}
        assert tr("voices_expect_title", "nl") not in _all_html(page.body)


class TestFormsPage:
    def test_doing_an_activity_puts_a_leaf_on_its_branch(self, store, people):
        """Saying 'we do this' stores it and hangs the activity on its form's branch."""
        page = page_for(FormsPage, store, people[0])
        activity = page.content.activities[0]
        page.doing[activity.id].value = True
        assert store.answers_of(people[0], "forms") == {activity.id: 1.0}
        branch = next(f for f in page.content.forms if f.id == activity.form).label.get("nl")
        assert page.drawn[branch] == [activity.label.get("nl")]

    def test_moving_an_activity_to_another_form(self, store, people):
        """Changing an activity's form stores it and moves the leaf."""
        page = page_for(FormsPage, store, people[0])
        activity = page.content.activities[0]
        other = next(f for f in page.content.forms if f.id != activity.form)
        page.doing[activity.id].value = True
        page.placing[activity.id][0].value = other.id
        assert store.answers_of(people[0], "forms")[f"{activity.id}.form"] == other.id
        assert page.drawn[other.label.get("nl")] == [activity.label.get("nl")]

    def test_placing_shows_for_what_the_school_does(self, store, people):
        """Where an activity hangs is asked once the school does it, with the frame's
        placement to start from; saying so stores only the 'we do this'."""
        page = page_for(FormsPage, store, people[0])
        activity = page.content.activities[0]
        row = page.rows[activity.id]
        assert len(row.children) == 2 and activity.id not in page.placing
        page.doing[activity.id].value = True
        form, context, direction = row.children[2:]
        assert (form.value, context.value, direction.value) == (
            activity.form,
            activity.context.value,
            activity.direction.value,
        )
        page.doing[activity.id].value = False
        assert len(row.children) == 2
        assert store.answers_of(people[0], "forms") == {activity.id: 0.0}

    def test_each_choice_is_named_with_its_activity(self, store, people):
        """Form, place and direction of an activity each have their own name for a screen
        reader, with the activity in it; in English after switching."""
        page = page_for(FormsPage, store, people[0])
        first, second = page.content.activities[:2]
        page.doing[first.id].value = page.doing[second.id].value = True
        names = [w.tooltip for key in (first.id, second.id) for w in page.placing[key]]
        assert len(set(names)) == 6
        assert names[1] == f"Waar: {first.label.nl}"
        page.model.language = "en"
        assert page.placing[first.id][2].tooltip == f"Direction: {first.label.en}"

    def test_own_activity_is_added_and_kept_as_typed(self, store, people):
        """An activity of our own is stored with its placement; markup stays plain text."""
        page = page_for(FormsPage, store, people[0])
        page.new_label.value = "  Koffie <b>met</b> $ouders$  "
        page.add_button.click()
        given = store.answers_of(people[0], "forms")
        assert given["own_1.label"] == "Koffie <b>met</b> $ouders$"
        assert given["own_1"] == 1.0
        assert any("Koffie <b>met</b> $ouders$" in leaves for leaves in page.drawn.values())
        again = page_for(FormsPage, store, people[0])
        assert again.doing["own_1"].value is True

    def test_long_own_activity_is_cut_and_said_so(self, store, people):
        """A too long activity name is cut at the limit, with a message."""
        page = page_for(FormsPage, store, people[0])
        page.new_label.value = "x" * (MAX_LABEL + 50)
        page.add_button.click()
        assert store.answers_of(people[0], "forms")["own_1.label"] == "x" * MAX_LABEL
        assert page.message.text == tr("text_cut", "nl", n=MAX_LABEL)

    def test_empty_own_activity_is_refused(self, store, people):
        """An empty activity name asks for a name and stores nothing."""
        page = page_for(FormsPage, store, people[0])
        page.new_label.value = "   "
        page.add_button.click()
        assert page.message.kind == "error"
        assert store.answers_of(people[0], "forms") == {}

    def test_team_tree_counts_people(self, store, people):
        """The team tree names each activity once, with how many people put it there."""
        pages = [page_for(FormsPage, store, p) for p in people[:3]]
        activity = pages[0].content.activities[0]
        for page in pages:
            page.doing[activity.id].value = True
        pages[0].view = "team"
        leaves = [leaf for branch in pages[0].drawn.values() for leaf in branch]
        assert f"{activity.label.get('nl')} (3)" in leaves

    def test_direction_is_asked_for_communication_only(self, store, people):
        """Reading at home is asked where it hangs, not which way it goes; the newsletter
        (communication) is asked both."""
        page = page_for(FormsPage, store, people[0])
        for key in ("newsletter", "reading_at_home"):
            page.doing[key].value = True
        assert page.rows["newsletter"].children[2:] == page.placing["newsletter"]
        form, context, direction = page.placing["reading_at_home"]
        assert page.rows["reading_at_home"].children[2:] == (form, context)
        assert store.answers_of(people[0], "forms") == {"newsletter": 1.0, "reading_at_home": 1.0}

    def test_direction_comes_and_goes_with_the_form(self, store, people):
        """Moving the newsletter off communication hides its direction; moving it back shows
        it with the answer given before."""
        page = page_for(FormsPage, store, people[0])
        page.doing["newsletter"].value = True
        form, _, direction = page.placing["newsletter"]
        direction.value = "two_way"
        form.value = "school_participation"
        assert direction not in page.rows["newsletter"].children
        assert page.drawn["Meedoen op school"] == ["Nieuwsbrief van de school"]
        form.value = "communication"
        assert page.rows["newsletter"].children[-1] is direction
        assert direction.value == "two_way"

    def test_own_activity_has_a_direction_only_on_communication(self, store, people):
        """The choice of one's own activity shows the direction for communication only, and
        only then stores one; its row follows a later change of form."""
        page = page_for(FormsPage, store, people[0])
        page.new_form.value = "home_support"
        assert page.new_direction not in page.new_place.children
        page.new_label.value = "Voorleesmoment"
        page.add_button.click()
        page.new_form.value = "communication"
        assert page.new_place.children[-1] is page.new_direction
        page.new_direction.value = "two_way"
        page.new_label.value = "Inloopkwartier"
        page.add_button.click()
        given = store.answers_of(people[0], "forms")
        assert "own_1.direction" not in given and given["own_2.direction"] == "two_way"
        assert len(page.rows["own_2"].children) == 5
        page.placing["own_2"][0].value = "parent_network"
        assert len(page.rows["own_2"].children) == 4

    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_research_shows_its_sources(self, store, people, lang):
        """Under the research text the page names its sources by their short citations."""
        page = page_for(FormsPage, store, people[0])
        page.model.language = lang
        cited = "; ".join(s.short(lang) for s in page.frame.research_sources())
        heading = {"nl": "Bronnen", "en": "Sources"}[lang]
        shown = _all_html(page.body)
        assert f'<p class="btk-citations">{heading}: {html.escape(cited)}</p>' in shown
        assert (
            "Wilder (2014)" in cited
            and ("Boonk e.a. (2018)" if lang == "nl" else "Boonk et al. (2018)") in cited
        )


class TestClimatePage:
    def test_choice_is_saved_and_drawn(self, store, people):
        """Placing the school on a component stores the level and draws it."""
        page = page_for(ClimatePage, store, people[0])
        component = page.content.components[2].id
        page.choice(component).value = 3
        assert store.answers_of(people[0], "climate") == {component: 3.0}
        assert page.drawn[component] == 3.0

    def test_team_median(self, store, people):
        """The team view shows the median of at least three people."""
        pages = [page_for(ClimatePage, store, p) for p in people[:3]]
        component = pages[0].content.components[0].id
        for page, level in zip(pages, (1, 2, 4), strict=True):
            page.choice(component).value = level
        pages[0].view = "team"
        assert pages[0].drawn[component] == 2.0

    def test_levels_are_labelled_in_english(self, store, people):
        """Switching to English relabels the rubric's levels and keeps the choice."""
        page = page_for(ClimatePage, store, people[0])
        component = page.content.components[0].id
        page.choice(component).value = 4
        page.header.language.value = "en"
        assert page.choice(component).label == page.content.levels[3].label.en

    def test_dont_know_is_stored_and_left_out_of_the_middle(self, store, people):
        """'Weet ik niet' is stored as such; the team's middle is of the levels given."""
        pages = [page_for(ClimatePage, store, p) for p in people]
        component = pages[0].content.components[1].id
        pages[0].choice(component).value = "dont_know"
        assert store.answers_of(people[0], "climate") == {component: "dont_know"}
        assert pages[0].choice(component).label == tr("dont_know", "nl")
        for page, level in zip(pages[1:], (1, 2, 4), strict=True):
            page.choice(component).value = level
        pages[0].view = "team"
        assert pages[0].drawn[component] == 2.0

    def test_wanted_level_is_stored_and_drawn(self, store, people):
        """Where we want to be is a level of its own, drawn beside where we are now."""
        pages = [page_for(ClimatePage, store, p) for p in people[:3]]
        component = pages[0].content.components[0].id
        for page, (now, wanted) in zip(pages, ((1, 3), (2, 3), (2, 4)), strict=True):
            page.choice(component).value = now
            page.aim(component).value = wanted
        assert store.answers_of(people[2], "climate") == {
            component: 2.0,
            f"{component}.wanted": 4.0,
        }
        assert pages[0].drawn[f"{component}.wanted"] == 3.0  # my own
        pages[0].view = "team"
        assert (pages[0].drawn[component], pages[0].drawn[f"{component}.wanted"]) == (2.0, 3.0)

    def test_each_level_says_how_to_tell(self, store, people):
        """Under every level of a component stands what a team sees when it is there."""
        page = page_for(ClimatePage, store, people[0])
        shown = html.unescape(page.questions("nl")[0].children[0].children[0].value)
        component = page.content.components[0]
        assert len(component.signs) == len(page.content.levels)
        assert all(sign.nl in shown for sign in component.signs)
        assert tr("climate_signs", "nl") in shown


class TestBarriersPage:
    def test_votes_are_limited(self, store, people):
        """A fourth vote is refused with a message and not stored."""
        page = page_for(BarriersPage, store, people[0])
        chips = list(page.votes.values())
        for chip in chips[: MAX_VOTES + 1]:
            chip.value = True
        stored = store.answers_of(people[0], "barriers")
        assert sum(stored.values()) == MAX_VOTES
        assert chips[MAX_VOTES].value is False
        assert page.message.text == tr("votes_full", "nl", n=MAX_VOTES)

    def test_two_tabs_share_the_vote_limit(self, store, people):
        """Votes given in another tab of the same person count toward the limit."""
        first = page_for(BarriersPage, store, people[0])
        second = page_for(BarriersPage, store, people[0])
        chips = list(first.votes)
        for chance in chips[:MAX_VOTES]:
            first.votes[chance].value = True
        second.votes[chips[MAX_VOTES]].value = True
        assert second.votes[chips[MAX_VOTES]].value is False
        assert second.message.kind == "error"

    def test_vote_on_a_removed_item_is_counted_apart(self, store, session, people):
        """A stored vote on an opportunity no longer in the frame is named, not counted."""
        for person in people[:3]:
            store.save_answer(person, "barriers", "vote.gone_from_frame", 1)
        page = page_for(BarriersPage, store, people[0])
        page.view = "team"
        assert tr("votes_unknown", "nl", n=3) in page.caption.value
        assert sum(page.drawn.values()) == 0

    def test_free_text_is_cut_at_the_limit(self, store, people):
        """A too long 'something else' is cut at the limit and the page says so."""
        page = page_for(BarriersPage, store, people[0])
        group = page.content.parent_groups[0].id
        page.other.value = "y" * (MAX_TEXT + 10)
        assert store.answers_of(people[0], "barriers")[f"other.{group}"] == "y" * MAX_TEXT
        assert page.message.text == tr("text_cut", "nl", n=MAX_TEXT)

    def test_emptied_text_clears_the_answer(self, store, people):
        """Emptying a text box removes the answer's text."""
        page = page_for(BarriersPage, store, people[0])
        group = page.content.parent_groups[0].id
        page.other.value = "Ouders werken 's avonds"
        page.other.value = ""
        assert store.answers_of(people[0], "barriers").get(f"other.{group}") is None

    def test_barriers_are_ticked_per_parent_group(self, store, people):
        """The chips show the chosen group's barriers: a tick is stored for that group, the
        group's name counts it, and going back to a group shows its ticks again."""
        page = page_for(BarriersPage, store, people[0])
        first, second = (g.id for g in page.content.parent_groups[:2])
        barrier = page.content.barriers[1].id
        assert page.chips[barrier].tooltip == page.content.barriers[1].help.nl  # what it means
        page.chips[barrier].value = True
        page.other.value = "Geen oppas"
        page.show_group(second)
        assert not any(chip.value for chip in page.chips.values())
        assert page.other.value == ""
        page.chips[barrier].value = True
        page.chips[barrier].value = False
        page.show_group(first)
        assert page.chips[barrier].value is True
        assert page.other.value == "Geen oppas"
        assert store.answers_of(people[0], "barriers") == {
            f"barrier.{first}.{barrier}": 1.0,
            f"other.{first}": "Geen oppas",
            f"barrier.{second}.{barrier}": 0.0,
        }
        labels = dict((v, k) for k, v in page.group_choice.options)
        assert labels[first].endswith("(1)") and not labels[second].endswith(")")

    def test_switching_groups_saves_nothing(self, store, session, people, monkeypatch):
        """Showing another group's answers is no answer."""
        frame = load_frame("betrokkenheidsboom")
        answer_everything(store, people[0], frame, random.Random(1), number=0)
        page = page_for(BarriersPage, store, people[0])
        writes = []
        monkeypatch.setattr(store, "save_answer", lambda *args, **kw: writes.append(args[2:]))
        for group in page.content.parent_groups:
            page.show_group(group.id)
            shown = {b for b, chip in page.chips.items() if chip.value}
            given = store.answers_of(people[0], "barriers")
            assert shown == {
                b.id for b in page.content.barriers if given.get(f"barrier.{group.id}.{b.id}")
            }
        assert writes == []

    def test_action_plan_is_escaped(self, store, people):
        """Actions typed by the team appear in the plan as text, never as markup."""
        page = page_for(BarriersPage, store, people[0])
        chance = next(iter(page.votes))
        page.votes[chance].value = True
        page.actions[chance, "what"].value = "<script>alert(1)</script>"
        plan = page.plan_html("nl")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in plan
        assert "<script>" not in plan


@pytest.mark.parametrize(
    "cls", [PerspectivesPage, TrianglePage, FormsPage, ClimatePage, BarriersPage]
)
def test_resuming_and_switching_language_write_nothing(store, session, cls, monkeypatch):
    """New labels for the same choices are no answers: resuming and switching language leave
    the stored answers alone, and every widget keeps its value."""
    me = store.join(session.code, "teacher")
    frame = load_frame("betrokkenheidsboom")
    answer_everything(store, me, frame, random.Random(3), number=0)
    activity = frame.forms.activities[0].id
    store.save_answer(me, "forms", f"{activity}.direction", text="two_way")
    before = {s: store.answers_of(me, s) for s in SECTIONS}
    writes = []
    monkeypatch.setattr(store, "save_answer", lambda *args, **kw: writes.append(args[2:]))
    page = page_for(cls, store, me)
    shown = _values(page)
    page.model.language = "en"
    page.model.language = "nl"
    assert writes == []
    assert {s: store.answers_of(me, s) for s in SECTIONS} == before
    assert _values(page) == shown
    assert page.message.text == ""


def _values(page) -> list:
    """The value of every selection widget on a page, in order."""
    found, todo = [], [page]
    while todo:
        widget = todo.pop(0)
        if isinstance(widget, ipw.widgets.widget_selection._Selection):
            found.append(widget.value)
        todo.extend(getattr(widget, "children", ()))
    return found


@pytest.mark.parametrize(
    "cls", [PerspectivesPage, TrianglePage, FormsPage, ClimatePage, BarriersPage]
)
def test_a_link_without_language_speaks_the_participants(store, session, cls, monkeypatch):
    """?p=CODE without lang: the page speaks the language the participant chose, and writes
    nothing for it; with lang, the link's language wins."""
    me = store.join(session.code, "teacher", "en")
    monkeypatch.setenv("QUERY_STRING", f"p={me.code}")
    page = cls.from_request(store)
    assert page.model.language == "en" and page.model.participant.id == me.id
    assert page.header.language.value == "en"
    assert store.participant(me.code).language == "en"
    monkeypatch.setenv("QUERY_STRING", f"p={me.code}&lang=nl")
    assert cls.from_request(store).model.language == "nl"
