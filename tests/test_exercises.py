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
