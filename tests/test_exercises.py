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
from betrokkenheid.model import SECTIONS
from betrokkenheid.report import report_html
from betrokkenheid.ui._common import STEPS

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


def test_one_exercise_per_section_of_the_frame_model_in_its_order():
    """Each section of a frame has its exercise; one that borrows a section (the follow-up
    reads the barriers' plan) names a section there is."""
    assert [e.name for e in EXERCISES if not e.section] == list(SECTIONS)
    assert all(e.section in SECTIONS for e in EXERCISES if e.section)


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
