"""The registry of exercises: one ordered list that the steps, the answer checks, the report,
the dashboard and the demo all follow."""

import json
import random
from pathlib import Path

import pytest

from betrokkenheid import Store, load_frame
from betrokkenheid.answers import check_answer
from betrokkenheid.demo import answer_everything, make_demo
from betrokkenheid.errors import InputError
from betrokkenheid.exercises import EXERCISES, exercise, of_frame
from betrokkenheid.model import SECTIONS, STEP_NAMES
from betrokkenheid.report import report_html
from betrokkenheid.ui._common import STEPS

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


def test_one_exercise_per_section_of_the_frame_model_in_its_order():
    """Each section of a frame has its exercise; one that borrows a section (the follow-up
    reads the barriers' plan) names a section there is."""
    assert [e.name for e in EXERCISES if not e.section] == list(SECTIONS)
    assert all(e.section in SECTIONS for e in EXERCISES if e.section)


def test_a_concept_can_be_placed_at_every_exercise_and_no_other_step():
    """The steps a frame's concept names (model.STEP_NAMES) are the registry's exercises."""
    assert list(STEP_NAMES) == [e.name for e in EXERCISES]


def test_the_steps_are_the_start_page_then_the_exercises():
    assert STEPS[0][0] == "00_start.ipynb"
    assert [s[2] for s in STEPS[1:]] == [e.name for e in EXERCISES]


@pytest.mark.parametrize("unit", EXERCISES, ids=lambda e: e.name)
def test_its_notebook_shows_its_page(unit):
    """The notebook of each exercise exists and makes that exercise's page, nothing else."""
    cells = json.loads((NOTEBOOKS / unit.notebook).read_text("utf-8"))["cells"]
    code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    page = unit.page_class()
    assert f"{page.__name__}.from_request()" in code
    assert page.section == unit.name


@pytest.mark.parametrize("unit", EXERCISES, ids=lambda e: e.name)
def test_the_demo_answers_follow_its_own_rules(unit):
    """Every answer the demo gives an exercise passes that exercise's checks."""
    store = Store("sqlite://")
    frame = load_frame("betrokkenheidsboom")
    session = store.session(make_demo(store)["later"])  # linked to its baseline
    me = store.join(session.code, "teacher")
    earlier = store.session_answers(store.session(session.baseline))
    answer_everything(store, me, frame, random.Random(1), number=0, baseline=earlier)
    given = store.session_answers(session, unit.name)
    assert given, f"the demo gives {unit.name} no answers"
    for answer in given:
        check_answer(frame, unit.name, answer.item, answer.value, answer.text)


@pytest.fixture(scope="module")
def demo_school():
    """The demo school, made once for the tests that only read it: the store, the codes."""
    store = Store("sqlite://")
    return store, make_demo(store)


@pytest.mark.parametrize("audience", ["parent", "child"])
def test_the_demo_questionnaire_answers_follow_their_rules(demo_school, audience):
    """Every answer the demo's parents and children give passes their questionnaire's
    checks (``questionnaire.check_answer`` for that audience), under its exercise."""
    from betrokkenheid.questionnaire import EXERCISE
    from betrokkenheid.questionnaire import check_answer as check_questionnaire

    store, codes = demo_school
    frame = load_frame("betrokkenheidsboom")
    for code in codes.values():
        given = store.session_answers(store.session(code), audience=audience)
        assert given, f"the demo has no answers under '{EXERCISE[audience]}'"
        assert {a.exercise for a in given} == {EXERCISE[audience]}
        for answer in given:
            check_questionnaire(frame, answer.item, answer.value, answer.text, audience)


def test_a_frame_without_an_exercise_leaves_it_out_everywhere():
    """samen-met-ouders has only some sections: the report shows only those."""
    frame = load_frame("samen-met-ouders")
    present = [e.name for e in of_frame(frame)]
    assert present and len(present) < len(EXERCISES)
    store = Store("sqlite://")
    code = store.create_session("De Linde", frame.id, "baseline").code
    page = report_html(store, code, "en")
    for unit in EXERCISES:
        assert (f'id="{unit.name}"' in page) == (unit.name in present)


def test_an_unknown_exercise_is_named():
    with pytest.raises(InputError, match="unknown exercise 'garden'"):
        exercise("garden")


def test_a_step_that_looks_back_needs_a_linked_baseline():
    """The follow-up is a step of a later session linked to its baseline, of no other."""
    store = Store("sqlite://")
    frame = load_frame("betrokkenheidsboom")
    codes = make_demo(store)
    linked, baseline = store.session(codes["later"]), store.session(codes["baseline"])
    assert exercise("followup") in of_frame(frame, linked)
    assert exercise("followup") not in of_frame(frame, baseline)
    assert [e.name for e in of_frame(frame, baseline)] == list(SECTIONS)


@pytest.mark.parametrize("name", ["betrokkenheidsboom", "samen-met-ouders", "epstein"])
def test_every_scale_item_is_rated_on_the_scale_its_rule_says(name):
    """The scales the statistics and the dashboard use agree with the answer rules."""
    from betrokkenheid.answers import rule_for
    from betrokkenheid.exercises import scales_of

    frame = load_frame(name)
    for exercise_name, scale in scales_of(frame, "en"):
        assert scale.items and scale.label
        for item, label in scale.items:
            rule = rule_for(frame, exercise_name, item)
            assert (rule.low, rule.high) == (scale.low, scale.high), item
            assert label


class TestExpectationsOfParents:
    """Step 1 asks what the team expects parents to say, as expect.ITEM (issue 12): checked
    like every answer, described in exports, never part of the team's own scores."""

    @pytest.fixture
    def frame(self):
        return load_frame("betrokkenheidsboom")

    def test_rules_take_the_parents_scale(self, frame):
        """An expectation is a whole step of the parents' scale; the rest is refused."""
        low, high = frame.parents.scale.min, frame.parents.scale.max
        assert check_answer(frame, "perspectives", "expect.respected", high) == (high, None)
        with pytest.raises(InputError, match=f"from {low} to {high}"):
            check_answer(frame, "perspectives", "expect.respected", high + 1)

    def test_only_for_statements_not_reused(self, frame):
        """A statement whose expectation is the reused "how present" rating has no expect
        item, and neither has an unknown statement."""
        for item in ("expect.welcome", "expect.know_other_parents", "expect.nothing"):
            with pytest.raises(InputError, match="has no item"):
                check_answer(frame, "perspectives", item, 3)

    def test_imports_check_the_same(self, frame):
        """An export with an expectation off the scale is refused where it stands."""
        from betrokkenheid.answers import check_person

        def given(value):
            answer = {"exercise": "perspectives", "item": "expect.invited", "value": value}
            return [{**answer, "text": None}]

        assert check_person(frame, given(2)) == [(2.0, None)]
        with pytest.raises(InputError, match="0.value"):
            check_person(frame, given(0))

    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_an_export_says_what_it_asked(self, frame, lang):
        """The question of expect.ITEM names it an expectation and gives the statement."""
        from betrokkenheid.answers import question
        from betrokkenheid.texts import tr

        said = question(frame, "perspectives", "expect.respected", lang)
        text = next(i.text.get(lang) for i in frame.parents.items if i.id == "respected")
        assert said == f"{tr('voices_expect_question', lang)} — {text}"

    def test_not_in_the_teams_own_scores(self, frame):
        """The gap picture, the scales and where the team differs most leave expectations
        out, even when three people gave them (and nothing else)."""
        from betrokkenheid import Answer
        from betrokkenheid.analysis import disagreements
        from betrokkenheid.exercises import scales_of, team_picture
        from betrokkenheid.pictures import Canvas

        rows = [
            Answer(p, "teacher", "perspectives", "expect.respected", v, None)
            for p, v in enumerate([1.0, 5.0, 3.0])
        ]
        _, drawn = team_picture("perspectives", frame, rows, "nl", Canvas().axes)
        assert all(value is None for value in drawn.values())
        assert not [k for k in drawn if k.startswith("expect.")]
        items = [item for _, scale in scales_of(frame) for item, _ in scale.items]
        assert not [item for item in items if item.startswith("expect.")]
        assert disagreements(rows, frame) == []

    def test_the_demo_gives_every_expectation(self, frame):
        """The demo team says what it expects of each statement asked in step 1."""
        from betrokkenheid.questionnaire import expected_items

        store = Store("sqlite://")
        session = store.session(make_demo(store)["baseline"])
        given = {a.item for a in store.session_answers(session, "perspectives")}
        assert {f"expect.{item}" for item in expected_items(frame)} <= given


class TestTriangleRatesEachSideOnItsQualities:
    """The triangle's rules follow each relation's qualities: parent and child is rated on
    communication and shared responsibility only (the team cannot judge the rest)."""

    @pytest.fixture
    def frame(self):
        return load_frame("betrokkenheidsboom")

    @pytest.mark.parametrize("quality", ["equality", "trust_respect"])
    def test_a_quality_the_side_is_not_rated_on_is_refused(self, frame, quality):
        """parent_child.equality (or .trust_respect) is no item: the usual clear message."""
        with pytest.raises(InputError) as caught:
            check_answer(frame, "triangle", f"parent_child.{quality}", 3)
        assert caught.value.source == "item"
        assert caught.value.problem == (
            f"exercise 'triangle' of frame 'betrokkenheidsboom' has no item "
            f"'parent_child.{quality}'"
        )

    def test_the_rated_ones_are_taken(self, frame):
        """Its two qualities, and every quality of the other sides, take the frame's scale."""
        assert check_answer(frame, "triangle", "parent_child.communication", 4) == (4.0, None)
        assert check_answer(frame, "triangle", "parent_child.shared_responsibility", 1)
        assert check_answer(frame, "triangle", "parent_school.equality", 5) == (5.0, None)

    def test_an_import_refuses_it_where_it_stands(self, frame):
        """An export holding parent_child.equality is refused at that answer's item."""
        from betrokkenheid.answers import check_person

        answer = {"exercise": "triangle", "value": 3, "text": None}
        given = [{**answer, "item": "parent_child.communication"}]
        assert check_person(frame, given) == [(3.0, None)]
        with pytest.raises(InputError, match="1.item"):
            check_person(frame, [*given, {**answer, "item": "parent_child.equality"}])

    def test_its_scale_and_words(self, frame):
        """The scale of the side holds its two items; an export has no words for the other."""
        from betrokkenheid.answers import question
        from betrokkenheid.exercises import scales_of

        scale = next(s for e, s in scales_of(frame, "en") if s.id == "parent_child")
        assert [item for item, _ in scale.items] == [
            "parent_child.communication",
            "parent_child.shared_responsibility",
        ]
        said = question(frame, "triangle", "parent_child.communication", "en")
        assert said == "Parent and child, about school — Communication"
        assert question(frame, "triangle", "parent_child.equality", "en") == ""

    def test_the_demo_rates_only_those(self, frame):
        """The demo team rates parent and child on its two qualities, nothing else."""
        store = Store("sqlite://")
        code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
        me = store.join(code, "teacher")
        exercise("triangle").demo(store, me, frame, random.Random(1), 0, 0.0, lambda c: 3)
        given = store.answers_of(me, "triangle")
        assert sorted(i for i in given if i.startswith("parent_child.")) == [
            "parent_child.communication",
            "parent_child.shared_responsibility",
        ]
        assert len(given) == len(frame.triangle.item_ids())


class TestFormsDirection:
    """One way or both ways: asked, kept and drawn for communication only (``frame`` is the
    shipped tree, from conftest)."""

    def test_the_rules_take_a_direction_where_the_form_has_one(self, frame):
        """An example of communication takes a direction, one of another form does not; an
        activity of one's own does (its form is another answer the rules cannot see)."""
        assert check_answer(frame, "forms", "newsletter.direction", text="two_way")
        assert check_answer(frame, "forms", "own_3.direction", text="one_way")
        with pytest.raises(InputError, match="has no item 'reading_at_home.direction'"):
            check_answer(frame, "forms", "reading_at_home.direction", text="one_way")
        with pytest.raises(InputError, match="must be one of: one_way, two_way"):
            check_answer(frame, "forms", "newsletter.direction", text="sideways")

    def test_the_placement_drops_a_direction_off_communication(self, frame):
        """Where a person moved an activity to a form without direction, it has none; an
        old answer for an undirected activity is ignored."""
        from betrokkenheid.exercises.forms import placement

        section = frame.forms
        given = {"newsletter.direction": "two_way", "reading_at_home.direction": "one_way"}
        assert placement(given, "newsletter", section) == ("communication", "home", "two_way")
        assert placement(given, "reading_at_home", section) == ("home_support", "home", None)
        moved = {**given, "newsletter.form": "school_participation"}
        assert placement(moved, "newsletter", section)[2] is None
        moved = {**given, "reading_at_home.form": "communication"}  # asked no direction
        assert placement(moved, "reading_at_home", section) == ("communication", "home", None)
        own = {"own_1.form": "communication", "own_1.direction": "two_way"}
        assert placement(own, "own_1", section)[2] == "two_way"
        own["own_1.form"] = "parent_network"
        assert placement(own, "own_1", section)[2] is None

    def test_the_tree_marks_only_communication(self, frame):
        """Leaves of communication carry an arrow, other leaves none; the branches say
        which form is directed."""
        from betrokkenheid import Answer
        from betrokkenheid.exercises.forms import draw_tree_of, tree_branches
        from betrokkenheid.pictures import Canvas

        rows = [
            Answer(p, "teacher", "forms", item, value, text)
            for p in (1, 2, 3)
            for item, value, text in (
                ("newsletter", 1.0, None),
                ("reading_at_home", 1.0, None),
                ("reading_at_home.direction", None, "two_way"),  # stored long ago
            )
        ]
        branches = tree_branches(rows, frame.forms, "nl")
        leaves = {leaf["label"]: leaf for b in branches for leaf in b["leaves"]}
        assert leaves["Nieuwsbrief van de school"]["direction"] == "one_way"
        assert leaves["Boeken mee naar huis om samen te lezen"]["direction"] is None
        assert [b["label"] for b in branches if b["directed"]] == ["Communicatie"]
        canvas = Canvas()
        draw_tree_of(branches, "nl", canvas.axes)
        ax = canvas.figure.axes[0]
        texts = [t.get_text() for t in ax.texts if t.get_gid() == "leaf"]
        assert "→ Nieuwsbrief van de school (3)" in texts
        assert any(t.startswith("Boeken mee naar huis") for t in texts)
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "School vertelt" in legend and "sterk verband met leren" in legend

    def test_no_directed_form_no_direction_at_all(self, frame):
        """In a frame without a directed form no activity, not even one's own, takes one."""
        from betrokkenheid.exercises.forms import takes_direction

        forms = [f.model_copy(update={"directed": False}) for f in frame.forms.forms]
        activities = [a.model_copy(update={"direction": None}) for a in frame.forms.activities]
        section = frame.forms.model_copy(update={"forms": tuple(forms), "activities": activities})
        assert not takes_direction(section, "own_1")
        assert not takes_direction(section, "newsletter")
