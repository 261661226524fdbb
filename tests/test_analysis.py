"""Team results: scores per relation, mean and spread, and the threshold of MIN_GROUP people."""

import math

import pytest

from betrokkenheid import Answer
from betrokkenheid.analysis import MIN_GROUP, GroupScore, group_score
from betrokkenheid.exercises.triangle import relation_scores, team_triangle
from betrokkenheid.model import TriangleSection


def rating(person: int, item: str, value, role: str = "teacher") -> Answer:
    """One triangle answer of ``person``."""
    return Answer(person, role, "triangle", item, value, None)


class TestRelationScores:
    def test_mean_of_rated_qualities_per_relation(self, frame):
        """Each person's score on a relation is the mean of the qualities they rated."""
        rows = [
            rating(1, "parent_school.communication", 4.0),
            rating(1, "parent_school.equality", 2.0),
            rating(1, "child_school.trust_respect", 5.0),
            rating(2, "child_school.communication", 1.0),
            rating(2, "child_school.trust_respect", 2.0),
            rating(2, "child_school.equality", 4.0),
        ]
        scores = relation_scores(rows, frame.triangle)
        assert scores == {
            1: {"parent_school": 3.0, "child_school": 5.0},
            2: {"child_school": pytest.approx(7 / 3)},
        }

    def test_only_the_qualities_a_relation_is_rated_on(self, frame):
        """An answer to a quality the relation is not rated on (parent and child: equality,
        trust and respect, as an older version of the frame asked) counts for nothing."""
        rows = [
            rating(1, "parent_child.communication", 2.0),
            rating(1, "parent_child.shared_responsibility", 4.0),
            rating(1, "parent_child.equality", 5.0),
            rating(1, "parent_child.trust_respect", 5.0),
            rating(2, "parent_child.equality", 1.0),
        ]
        assert relation_scores(rows, frame.triangle) == {1: {"parent_child": 3.0}}

    @pytest.mark.parametrize(
        "item, value",
        [
            ("neighbourhood_school.communication", 1.0),  # unknown relation
            ("parent_school.patience", 1.0),  # unknown quality
            ("parent_school", 1.0),  # no quality at all
            ("parent_school.communication.extra", 1.0),  # quality with a tail
            (".communication", 1.0),  # no relation at all
            ("parent_school.communication", None),  # no value (a text answer)
        ],
    )
    def test_ignores_unknown_items_and_missing_values(self, frame, item, value):
        """Answers to unknown relations or qualities, or without a value, do not count."""
        rows = [rating(1, "parent_school.equality", 4.0), rating(1, item, value)]
        assert relation_scores(rows, frame.triangle) == {1: {"parent_school": 4.0}}

    def test_person_with_only_ignored_answers_is_absent(self, frame):
        """Someone whose answers are all ignored has no scores at all."""
        rows = [rating(1, "parent_school.communication", None), rating(2, "nonsense", 3.0)]
        assert relation_scores(rows, frame.triangle) == {}

    def test_uses_the_frames_own_relations(self):
        """Relations and qualities come from the frame given, not from a fixed list."""
        text = {"nl": "x", "en": "x"}
        tiny = TriangleSection(
            intro=text,
            talk=text,
            actors={"child": text, "parent": text, "professional": text},
            relations=[
                {"id": "ps", "between": ["parent", "professional"], "label": text, "question": text}
            ],
            qualities=[{"id": "trust", "label": text, "help": text}],
        )
        rows = [rating(1, "ps.trust", 3.0), rating(1, "parent_school.communication", 1.0)]
        assert relation_scores(rows, tiny) == {1: {"ps": 3.0}}

    def test_no_answers(self, frame):
        """No answers give no scores."""
        assert relation_scores([], frame.triangle) == {}


class TestGroupScore:
    def test_mean_and_population_spread(self):
        """Mean and population standard deviation (divide by n, not n - 1)."""
        score = group_score([1.0, 2.0, 3.0, 4.0])
        assert score.n == 4
        assert score.mean == 2.5
        # deviations -1.5, -0.5, 0.5, 1.5: squares sum to 5, divided by n = 4
        assert score.spread == pytest.approx(math.sqrt(5 / 4))
        assert score.shown

    def test_three_values(self):
        """Three values 2, 3, 4: mean 3 and spread sqrt(2/3)."""
        assert group_score([2.0, 3.0, 4.0]) == GroupScore(3, 3.0, pytest.approx(math.sqrt(2 / 3)))

    def test_agreement_has_no_spread(self):
        """When everybody gives the same score the spread is 0."""
        assert group_score([4.0, 4.0, 4.0]) == GroupScore(3, 4.0, 0.0)

    def test_threshold_is_three(self):
        """MIN_GROUP is 3: the number below which a team result stays hidden."""
        assert MIN_GROUP == 3

    @pytest.mark.parametrize("values", [[], [5.0], [2.0, 4.0]])
    def test_fewer_than_three_only_counts(self, values):
        """Below the threshold only the count is given: mean and spread are None."""
        score = group_score(values)
        assert score == GroupScore(len(values), None, None)
        assert not score.shown

    def test_other_threshold(self):
        """A caller can ask for another threshold; 0 or less still needs one value."""
        assert group_score([2.0, 4.0], min_group=2) == GroupScore(2, 3.0, 1.0)
        assert group_score([2.0, 4.0, 3.0], min_group=4).mean is None
        assert group_score([], min_group=0) == GroupScore(0, None, None)
        assert group_score([7.0], min_group=0) == GroupScore(1, 7.0, 0.0)


class TestTeamTriangle:
    def test_hand_computed_team_result(self, frame):
        """Three people on a relation: the mean and spread of their relation scores."""
        rows = [
            # parent_school: person 1 → (4 + 2) / 2 = 3, person 2 → 5, person 3 → 2
            rating(1, "parent_school.communication", 4.0),
            rating(1, "parent_school.equality", 2.0),
            rating(2, "parent_school.trust_respect", 5.0, role="director"),
            rating(3, "parent_school.communication", 1.0),
            rating(3, "parent_school.trust_respect", 2.0),
            rating(3, "parent_school.equality", 3.0),
            # parent_child: only two people
            rating(1, "parent_child.communication", 2.0),
            rating(2, "parent_child.communication", 4.0),
        ]
        result = team_triangle(rows, frame)
        assert set(result) == {"parent_school", "child_school", "parent_child"}
        ps = result["parent_school"]
        assert ps.n == 3
        assert ps.mean == pytest.approx(10 / 3)
        # deviations -1/3, 5/3, -4/3: squares sum to 42/9, divided by 3 is 14/9
        assert ps.spread == pytest.approx(math.sqrt(14) / 3)
        assert result["parent_child"] == GroupScore(2, None, None)
        assert result["child_school"] == GroupScore(0, None, None)

    def test_two_people_hidden_three_shown(self, frame):
        """With 2 people a relation shows no numbers; a third person makes them appear."""
        rows = [rating(p, "child_school.equality", v) for p, v in [(1, 2.0), (2, 4.0)]]
        assert team_triangle(rows, frame)["child_school"] == GroupScore(2, None, None)
        rows.append(rating(3, "child_school.equality", 3.0))
        shown = team_triangle(rows, frame)["child_school"]
        assert shown == GroupScore(3, 3.0, pytest.approx(math.sqrt(2 / 3)))

    def test_ignored_answers_do_not_count_as_people(self, frame):
        """People whose answers on a relation are all ignored do not raise the count."""
        rows = [
            rating(1, "parent_school.communication", 3.0),
            rating(2, "parent_school.communication", 3.0),
            rating(3, "parent_school.communication", None),
            rating(4, "parent_school.wisdom", 5.0),
            rating(5, "school_school.communication", 5.0),
        ]
        assert team_triangle(rows, frame)["parent_school"] == GroupScore(2, None, None)

    def test_min_group_is_passed_on(self, frame):
        """A lower threshold shows a result of two people."""
        rows = [rating(p, "child_school.equality", v) for p, v in [(1, 2.0), (2, 4.0)]]
        assert team_triangle(rows, frame, min_group=2)["child_school"] == GroupScore(2, 3.0, 1.0)

    def test_works_on_store_answers(self, store, session, frame):
        """The answers of a store session go straight into team_triangle."""
        for value in (1, 3, 5):
            me = store.join(session.code, "teacher")
            store.save_answer(me, "triangle", "parent_child.communication", value)
            store.save_answer(me, "notes", "idea", text="tekst")
        result = team_triangle(store.session_answers(session), frame)
        assert result["parent_child"] == GroupScore(3, 3.0, pytest.approx(math.sqrt(8 / 3)))
