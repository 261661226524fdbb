"""Privacy: the threshold and the complementary rule, and that no combination of results gives
anybody's score away by subtraction."""

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import betrokkenheid as btk
from betrokkenheid.errors import InputError
from betrokkenheid.privacy import (
    MIN_GROUP,
    enough,
    hidden_parts,
    role_groups,
    shown_rows,
    threshold,
)

ITEMS = {
    "parent_school": "parent_school.communication",
    "parent_child": "parent_child.communication",
}


@pytest.fixture(scope="module")
def frame():
    """The shipped frame whose triangle relations are the scales here."""
    return btk.load_frame("betrokkenheidsboom")


def answers_of(people):
    """Tidy answers from ``(session, school, measurement, role, value)``, one item each."""
    rows, numbers = [], {}
    for session, school, measurement, role, value in people:
        numbers[session] = numbers.get(session, 0) + 1
        rows.append((session, school, measurement, role, numbers[session], value))
    table = pd.DataFrame(
        rows, columns=["session", "school", "measurement", "role", "participant", "value"]
    )
    table["frame"] = "betrokkenheidsboom"
    table["exercise"] = "triangle"
    table["item"] = ITEMS["parent_school"]
    table["value"] = table["value"].astype(float)
    return table


class TestThreshold:
    def test_the_staff_default(self):
        """The threshold is 3 for staff, and the front door names the same number."""
        assert threshold() == MIN_GROUP == btk.MIN_GROUP == 3

    def test_can_be_raised(self):
        """Parents and children will need 5: a higher threshold is kept as given."""
        assert threshold(5) == 5

    @pytest.mark.parametrize("level", [2, 0, -1, 2.5, 3.0, True, "3", None])
    def test_never_lowered_or_bent(self, level):
        """Below 3, or not a whole number: an InputError naming the parameter."""
        with pytest.raises(InputError, match="min_group: must be a whole number of at least 3"):
            threshold(level)

    def test_names_the_parameter(self):
        """The message names the parameter it was given as."""
        with pytest.raises(InputError, match="^minimum:"):
            threshold(1, name="minimum")


class TestEnough:
    @pytest.mark.parametrize("n, shown", [(0, False), (2, False), (3, True), (40, True)])
    def test_three_or_more(self, n, shown):
        """A result of 3 or more people may be shown, of fewer not."""
        assert enough(n) is shown

    def test_raised_threshold(self):
        """With 5, four people are not enough."""
        assert not enough(4, 5) and enough(5, 5)

    def test_lower_only_for_own_answers(self):
        """A lower minimum is refused, except for a person's own answers (at least one)."""
        with pytest.raises(InputError):
            enough(1, 1)
        assert enough(1, 1, own=True) and not enough(0, 0, own=True)


class TestHiddenParts:
    def test_small_parts_hidden(self):
        """Parts below the threshold are hidden; three hidden people together are enough."""
        assert hidden_parts({"a": 5, "b": 2, "c": 1}) == {"b", "c"}

    def test_one_hidden_person_hides_the_smallest_shown_part(self):
        """One hidden person: the smallest shown part is hidden too."""
        assert hidden_parts({"a": 5, "b": 4, "c": 1}) == {"b", "c"}

    def test_repeats_until_the_rest_is_enough(self):
        """Hiding goes on while the rest stays below the threshold."""
        assert hidden_parts({"a": 3, "b": 1}, minimum=5) == {"a", "b"}
        assert hidden_parts({"a": 6, "b": 1, "c": 5}, minimum=5) == {"b", "c"}

    def test_ties_go_by_order(self):
        """Of two shown parts of one size, the first in order is hidden."""
        assert hidden_parts({"x": 3, "y": 3, "z": 1}) == {"x", "z"}
        assert hidden_parts({"x": 3, "y": 3, "z": 1}, order=lambda p: -ord(p)) == {"y", "z"}

    def test_nothing_hidden(self):
        """Parts of three or more with nobody hidden: all shown."""
        assert hidden_parts({"a": 3, "b": 3}) == set()

    def test_always_hidden(self):
        """A part named in ``always`` is hidden whatever its size, and counts in the rest."""
        assert hidden_parts({"a": 4, "other": 2, "b": 3}, always=["other"]) == {"other", "b"}

    def test_refuses_a_lower_threshold(self):
        """The rule never runs below 3."""
        with pytest.raises(InputError):
            hidden_parts({"a": 2}, minimum=2)


class TestRoleGroups:
    def test_other_and_small_roles_join_the_rest(self):
        """The role "other" is never named; small roles join it."""
        named, rest = role_groups({"other": 3, "teacher": 5, "director": 1})
        assert named == {"teacher": 5} and rest == 4

    def test_named_in_the_order_of_roles(self):
        """Named roles follow the order of Role, not of the counts."""
        named, _ = role_groups({"director": 3, "teacher": 4})
        assert list(named) == ["teacher", "director"]

    def test_nobody_named_alone(self):
        """One small role beside one large: no breakdown at all."""
        assert role_groups({"teacher": 9, "director": 1}) == ({}, 10)


class TestShownRows:
    def test_the_issue_case(self):
        """3 teachers and a director: the session shows, its teachers not (nor the director)."""
        people = pd.DataFrame({"session": "S", "role": ["teacher"] * 3 + ["director"]})
        assert shown_rows(people, ["session"]).all()
        assert not shown_rows(people, ["session", "role"]).any()
        assert not shown_rows(people, ["role"]).any()

    def test_enough_hidden_people_keep_the_rest_shown(self):
        """3 teachers, 1 director, 2 others: 3 hidden together, the teachers stay shown."""
        people = pd.DataFrame({"role": ["teacher"] * 3 + ["director"] + ["other"] * 2})
        assert shown_rows(people, "role").tolist() == [True] * 3 + [False] * 3

    def test_a_group_inside_a_group_of_another_column(self):
        """Teachers (3) all at baseline (4): baseline minus teachers is one person."""
        people = pd.DataFrame(
            {
                "measurement": ["baseline"] * 4 + ["later"] * 3,
                "role": ["teacher"] * 3 + ["director"] + ["director"] * 3,
            }
        )
        assert not shown_rows(people, "role")[:3].any()
        # and later (3) lies inside the directors (4): the directors minus later is one person
        assert shown_rows(people, "measurement").tolist() == [True] * 4 + [False] * 3

    def test_parts_of_a_split_by_another_column(self):
        """Sessions S1 (3) and S2 (1) are the baseline: by session, S1 hides beside it."""
        people = pd.DataFrame(
            {
                "session": ["S1"] * 3 + ["S2"] + ["S3"] * 3,
                "measurement": ["baseline"] * 4 + ["later"] * 3,
            }
        )
        assert shown_rows(people, "session").tolist() == [False] * 4 + [True] * 3

    def test_same_people_same_answer_whatever_the_split(self):
        """A group is hidden or shown by who is in it, not by the by= that made it."""
        people = pd.DataFrame(
            {
                "session": ["A"] * 7 + ["B"] * 3,
                "measurement": ["baseline"] * 7 + ["later"] * 3,
                "role": ["teacher"] * 3 + ["care_coordinator"] * 3 + ["director"] + ["teacher"] * 3,
            }
        )
        by_session = shown_rows(people, "session")
        by_measurement = shown_rows(people, "measurement")
        assert (by_session == by_measurement).all()
        by_both = shown_rows(people, ["session", "role"])
        by_role = shown_rows(people, ["measurement", "role"])
        assert (by_both == by_role).all()

    def test_apart_per_scale(self):
        """Groups never cross ``per``: each scale has its own people."""
        people = pd.DataFrame(
            {"scale": ["a"] * 3 + ["b"] * 2, "session": "S", "participant": [1, 2, 3, 1, 2]}
        )
        assert shown_rows(people, "session", per=["scale"]).tolist() == [True] * 3 + [False] * 2

    def test_missing_values_are_a_group_too(self):
        """People without a role are counted: they are in the session's mean."""
        people = pd.DataFrame({"session": "S", "role": ["teacher"] * 3 + [None]})
        assert not shown_rows(people, ["session", "role"]).any()

    def test_raised_threshold(self):
        """With 5, a session of 4 is hidden."""
        people = pd.DataFrame({"session": ["S"] * 4})
        assert not shown_rows(people, "session", minimum=5).any()

    def test_no_people(self):
        """An empty table: nothing to show."""
        assert shown_rows(pd.DataFrame({"session": []}), "session").tolist() == []


class TestTheIssueCase:
    def test_no_subtraction_of_two_calls(self, frame):
        """3 teachers and 1 director: the team mean shows, the teachers' mean not."""
        people = [("S1", "De Linde", "baseline", "teacher", v) for v in (2, 3, 4)]
        answers = answers_of([*people, ("S1", "De Linde", "baseline", "director", 5)])
        team = btk.scale_scores(answers, frame, by="session")
        assert team["mean"].tolist() == [3.5] and team["n"].tolist() == [4]
        split = btk.scale_scores(answers, frame, by=["session", "role"]).set_index("role")
        assert split["mean"].isna().all()
        assert split["n"].to_dict() == {"director": 1, "teacher": 3}

    def test_role_differences_agree(self, frame):
        """role_differences hides the same teachers beside the team mean."""
        people = [("S1", "De Linde", "baseline", "teacher", v) for v in (2, 3, 4)]
        answers = answers_of([*people, ("S1", "De Linde", "baseline", "director", 5)])
        table = btk.role_differences(answers, frame)
        assert table["team_mean"].tolist() == [3.5, 3.5] and table["mean"].isna().all()


# --- the property: no subtraction of any results gives a hidden person's score ----------------

ROLES = ["teacher", "director", "care_coordinator", "other"]
SPLITS = ["school", "measurement", "session", "role"]
PROPERTY = settings(
    max_examples=6,
    deadline=None,  # a shared machine: time is measured in bench/, not here
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
    # no shrinking: every example calls the statistics some 25 times, and a failing room of
    # a few sessions is small enough to read as it is
    phases=[Phase.explicit, Phase.generate],
)


@st.composite
def rooms(draw):
    """1 to 3 sessions of 1 to 7 people (a role, one or two relations rated), in 1-2 schools."""
    rows = []
    for number in range(draw(st.integers(1, 3))):
        session = f"S{number}"
        school = draw(st.sampled_from(["De Linde", "De Vlinder"]))
        measurement = draw(st.sampled_from(["baseline", "later"]))
        people = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(ROLES),
                    st.integers(1, 5),
                    st.one_of(st.none(), st.integers(1, 5)),
                ),
                min_size=1,
                max_size=7,
            )
        )
        for participant, (role, first, second) in enumerate(people, 1):
            person = (session, school, measurement, role, participant)
            rows.append((*person, ITEMS["parent_school"], first))
            if second is not None:
                rows.append((*person, ITEMS["parent_child"], second))
    table = pd.DataFrame(
        rows,
        columns=["session", "school", "measurement", "role", "participant", "item", "value"],
    )
    table["frame"] = "betrokkenheidsboom"
    table["exercise"] = "triangle"
    table["value"] = table["value"].astype(float)
    return table


def subsets(columns):
    return [list(c) for k in range(len(columns) + 1) for c in combinations(columns, k)]


def people_of(answers):
    """Per scale, each person's score and who they are (worked out here, not by the library)."""
    scale = {item: name for name, item in ITEMS.items()}
    people = answers.assign(scale=answers["item"].map(scale))
    return people.rename(columns={"value": "score"})


def members(people, scale, where: dict) -> frozenset:
    """The people of ``scale`` whose columns hold the values of ``where``."""
    return frozenset(
        (person["session"], person["participant"])
        for person in people
        if person["scale"] == scale and all(person[c] == v for c, v in where.items())
    )


def collect(answers, frame):
    """Group results of every statistic: (call, scale, people, shown, mean).

    ``scale_scores`` with every combination of the split columns; the others with the whole,
    and a split or two of their own (each split crossed with what they add: measurement,
    role).
    """
    people = people_of(answers)
    rows = people.to_dict("records")
    found = []

    def add(call, row, by, shown, mean, n):
        where = {c: row[c] for c in by}
        group = members(rows, row["scale"], where)
        assert len(group) == n, (call, where)  # the library counts who is in the group
        found.append((call, row["scale"], group, bool(shown), mean))

    for by in subsets(SPLITS)[1:]:
        for _, row in btk.scale_scores(answers, frame, by=by).iterrows():
            add(("scale_scores", *by), row, by, pd.notna(row["mean"]), row["mean"], row["n"])
    for by in ([], ["school"], ["session"], ["role"]):
        for _, row in btk.change(answers, frame, by=by).iterrows():
            for side in ("baseline", "later"):
                if row[f"n_{side}"]:
                    mean = row[f"mean_{side}"]
                    call = ("change", *by, "measurement")
                    add(call, {**row, "measurement": side}, [*by, "measurement"],
                        pd.notna(mean), mean, row[f"n_{side}"])  # fmt: skip
    for by in ([], ["school"], ["measurement"], ["session"]):
        table = btk.role_differences(answers, frame, by=by)
        for _, row in table.iterrows():
            add(("role_differences", *by, "role"), row, [*by, "role"],
                pd.notna(row["mean"]), row["mean"], row["n"])  # fmt: skip
            add(("role_differences", *by), row, by,
                pd.notna(row["team_mean"]), row["team_mean"], row["team_n"])  # fmt: skip
    for by in (["session"], ["measurement", "role"]):
        for _, row in btk.rwg(answers, frame, by=by).iterrows():
            add(("rwg", *by), row, by, pd.notna(row["variance"]), None, row["n"])
    return people, found


class TestNoSubtraction:
    @PROPERTY
    @given(answers=rooms())
    def test_no_result_gives_a_hidden_person_away(self, frame, answers):
        """Every statistic, every by=: no hidden person is the difference of results."""
        people, found = collect(answers, frame)
        score = {
            (s, p, scale): v
            for s, p, scale, v in people[["session", "participant", "scale", "score"]].itertuples(
                index=False
            )
        }
        shown = {(scale, group): mean for _, scale, group, on, mean in found if on}
        # a shown result is of 3 or more people, and its mean is theirs
        for (scale, group), mean in shown.items():
            assert len(group) >= MIN_GROUP
            if mean is not None:
                assert mean == pytest.approx(np.mean([score[(*p, scale)] for p in group]))
        # any two results: one inside the other differs by none or 3 or more people
        for (scale, small), (other, large) in combinations(shown, 2):
            if scale == other and (small < large or large < small):
                rest = abs(len(large) - len(small))
                assert rest >= MIN_GROUP, (scale, sorted(small), sorted(large))
        # a whole and the shown parts of any split inside it: none or 3 or more hidden
        calls: dict = {}
        for call, scale, group, on, _ in found:
            calls.setdefault((call, scale), set()).add((group, on))
        for (call, scale), cells in calls.items():
            for whole_scale, whole in shown:
                if whole_scale != scale:
                    continue
                touching = [(g, on) for g, on in cells if g & whole]
                if not touching or any(not g <= whole for g, _ in touching):
                    continue  # not a union of the parts of this split
                parts = [g for g, on in touching if on]
                hidden = len(whole) - sum(len(g) for g in parts)
                if parts:
                    assert hidden == 0 or hidden >= MIN_GROUP, (call, sorted(whole))

    def test_same_answer_from_every_function(self, frame):
        """A group shown by one statistic is shown by every other that returns it."""
        people = [("S1", "De Linde", "baseline", "teacher", v) for v in (1, 2, 3, 4, 5)]
        people += [("S1", "De Linde", "baseline", "director", 4)]
        people += [("S2", "De Linde", "later", "teacher", v) for v in (2, 3, 4)]
        _, found = collect(answers_of(people), frame)
        status: dict = {}
        for _call, scale, group, on, _ in found:
            status.setdefault((scale, group), set()).add(on)
        assert all(len(seen) == 1 for seen in status.values())
