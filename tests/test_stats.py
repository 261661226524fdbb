"""Statistics, each checked against numbers worked out by hand in the test."""

import math

import numpy as np
import pandas as pd
import pytest

from betrokkenheid import (
    MIN_GROUP,
    InputError,
    change,
    cronbach_alpha,
    load_frame,
    role_differences,
    rwg,
    scale_items,
    scale_scores,
)

SMALL_FRAME = """\
id: small
version: 1
title: {nl: Klein, en: Small}
description: {nl: Om te testen., en: For tests.}
attribution: {nl: Geen., en: None.}
scale:
  min: 1
  max: 5
  labels: [{nl: a, en: a}, {nl: b, en: b}, {nl: c, en: c}, {nl: d, en: d}, {nl: e, en: e}]
perspectives:
  intro: {nl: Intro., en: Intro.}
  talk: {nl: Praat., en: Talk.}
  present:
    min: 1
    max: 4
    labels: [{nl: a, en: a}, {nl: b, en: b}, {nl: c, en: c}, {nl: d, en: d}]
  important:
    min: 1
    max: 3
    labels: [{nl: a, en: a}, {nl: b, en: b}, {nl: c, en: c}]
  groups:
    - actor: parent
      label: {nl: Ouder, en: Parent}
      statements:
        - {id: welcome, label: {nl: Welkom., en: Welcome.}}
        - {id: heard, label: {nl: Gehoord., en: Heard.}}
triangle:
  intro: {nl: Intro., en: Intro.}
  talk: {nl: Praat., en: Talk.}
  actors:
    child: {nl: Kind, en: Child}
    parent: {nl: Ouder, en: Parent}
    professional: {nl: School, en: School}
  relations:
    - id: ps
      between: [parent, professional]
      label: {nl: Ouder en school, en: Parent and school}
      question: {nl: "Vraag?", en: "Question?"}
    - id: pc
      between: [parent, child]
      label: {nl: Ouder en kind, en: Parent and child}
      question: {nl: "Vraag?", en: "Question?"}
  qualities:
    - {id: a, label: {nl: A, en: A}, help: {nl: A., en: A.}}
    - {id: b, label: {nl: B, en: B}, help: {nl: B., en: B.}}
    - {id: c, label: {nl: C, en: C}, help: {nl: C., en: C.}}
climate:
  intro: {nl: Intro., en: Intro.}
  talk: {nl: Praat., en: Talk.}
  levels:
    - {id: one, label: {nl: Een, en: One}}
    - {id: two, label: {nl: Twee, en: Two}}
    - {id: three, label: {nl: Drie, en: Three}}
  components:
    - id: vision
      label: {nl: Visie, en: Vision}
      help: {nl: Uitleg., en: Help.}
      levels: [{nl: x, en: x}, {nl: y, en: y}, {nl: z, en: z}]
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A small frame: perspectives (1-4 and 1-3), a triangle of 2 relations x 3 qualities
    (1-5) and a climate rubric of 3 levels with one component."""
    path = tmp_path_factory.mktemp("frames") / "small.yaml"
    path.write_text(SMALL_FRAME, encoding="utf-8")
    return load_frame(path)


def table(rows, **constant):
    """Answers from ``(participant, item, value)`` rows; other columns constant or given."""
    frame = pd.DataFrame(rows, columns=["participant", "item", "value"])
    defaults = {"session": "AAAAAA", "exercise": "triangle", "frame": "small"}
    for name, value in {**defaults, **constant}.items():
        frame[name] = value
    frame["value"] = frame["value"].astype(float)
    return frame


def ratings(values, item="ps.a", start=1, **constant):
    """One answer per person on ``item``: the people are numbered from ``start``."""
    return table([(p, item, v) for p, v in enumerate(values, start)], **constant)


def sample_var(values):
    """The sample variance, by hand."""
    mean = sum(values) / len(values)
    return sum((v - mean) ** 2 for v in values) / (len(values) - 1)


class TestScaleItems:
    def test_the_scales_of_every_section(self, small):
        """Perspectives per actor and aspect, triangle per relation, climate per component."""
        items = scale_items(small)
        assert list(items.columns) == ["frame", "exercise", "scale", "item", "low", "high"]
        by_scale = items.groupby(["exercise", "scale"], sort=False)["item"].apply(list)
        assert by_scale.to_dict() == {
            ("perspectives", "parent.present"): ["welcome.present", "heard.present"],
            ("perspectives", "parent.important"): ["welcome.important", "heard.important"],
            ("triangle", "ps"): ["ps.a", "ps.b", "ps.c"],
            ("triangle", "pc"): ["pc.a", "pc.b", "pc.c"],
            ("climate", "vision"): ["vision"],
        }

    def test_ends_of_each_rating_scale(self, small):
        """Low and high come from the scale of each section; a rubric runs 1 to its levels."""
        ends = scale_items(small).groupby("scale")[["low", "high"]].first()
        assert ends.loc["parent.present"].tolist() == [1, 4]
        assert ends.loc["parent.important"].tolist() == [1, 3]
        assert ends.loc["ps"].tolist() == [1, 5]
        assert ends.loc["vision"].tolist() == [1, 3]

    def test_by_name(self):
        """A frame name is loaded."""
        assert set(scale_items("betrokkenheidsboom")["frame"]) == {"betrokkenheidsboom"}


class TestScaleScores:
    def test_mean_of_the_items_each_person_answered(self, small):
        """Person 1: (4 + 2) / 2 on ps; person 2: (5 + 4 + 3) / 3 on ps and 1 on pc."""
        answers = table(
            [
                (1, "ps.a", 4),
                (1, "ps.b", 2),
                (2, "ps.a", 5),
                (2, "ps.b", 4),
                (2, "ps.c", 3),
                (2, "pc.c", 1),
            ]  # fmt: skip
        )
        scores = scale_scores(answers, small)
        assert scores[["participant", "scale", "score", "items"]].values.tolist() == [
            [1, "ps", 3.0, 2],
            [2, "ps", 4.0, 3],
            [2, "pc", 1.0, 1],
        ]

    def test_columns_carry_the_person(self, small):
        """School, measurement, role and frame stay beside the person's score."""
        answers = ratings([3], school="De Linde", measurement="later", role="director")
        scores = scale_scores(answers, small)
        assert list(scores.columns) == [
            "session", "school", "measurement", "role", "participant", "frame",
            "exercise", "scale", "score", "items",
        ]  # fmt: skip
        assert scores.iloc[0][["school", "measurement", "role"]].tolist() == [
            "De Linde",
            "later",
            "director",
        ]

    def test_every_exercise(self, small):
        """Perspectives, triangle and climate answers each score on their own scales."""
        answers = pd.concat(
            [
                table(
                    [(1, "welcome.present", 4), (1, "heard.present", 3)], exercise="perspectives"
                ),
                table([(1, "heard.important", 1)], exercise="perspectives"),
                table([(1, "vision", 2)], exercise="climate"),
            ]
        )
        scores = scale_scores(answers, small).set_index("scale")["score"]
        assert scores.to_dict() == {"parent.present": 3.5, "parent.important": 1.0, "vision": 2.0}

    def test_ignores_text_unknown_items_and_other_exercises(self, small):
        """Text answers (NaN), items outside every scale and same-named items elsewhere drop."""
        answers = pd.concat(
            [
                table([(1, "ps.a", 4), (1, "ps.b", np.nan), (1, "ps.zz", 1), (1, "zz", 1)]),
                table([(1, "ps.b", 1)], exercise="climate"),
            ]
        )
        scores = scale_scores(answers, small)
        assert scores[["scale", "score", "items"]].values.tolist() == [["ps", 4.0, 1]]

    def test_each_row_uses_its_own_frame_by_default(self, small, tmp_path, monkeypatch):
        """Without ``frame``, the frame column names the frame of each row."""
        (tmp_path / "small.yaml").write_text(small.model_dump_json(), encoding="utf-8")
        monkeypatch.setenv("BETROKKENHEID_FRAMES", str(tmp_path))
        answers = pd.concat(
            [
                ratings([4], item="ps.a"),
                ratings([2], item="parent_school.equality", start=2, frame="betrokkenheidsboom"),
            ]
        )
        scores = scale_scores(answers)
        assert scores[["frame", "scale", "score"]].values.tolist() == [
            ["small", "ps", 4.0],
            ["betrokkenheidsboom", "parent_school", 2.0],
        ]

    def test_unknown_frame_name(self):
        """A frame column naming no known frame is an InputError that names it."""
        with pytest.raises(InputError, match="nosuchframe"):
            scale_scores(ratings([1], frame="nosuchframe"))

    def test_scales_of_your_own_an_item_may_be_in_two(self, small):
        """A scale table of your own scores its scales; one item may count in several."""
        mine = pd.DataFrame(
            {
                "exercise": "triangle",
                "scale": ["first", "first", "all", "all", "all"],
                "item": ["ps.a", "ps.b", "ps.a", "ps.b", "pc.a"],
            }
        )
        answers = table([(1, "ps.a", 1), (1, "ps.b", 2), (1, "pc.a", 6)])
        scores = scale_scores(answers, scales=mine).set_index("scale")
        assert scores["score"].to_dict() == {"first": 1.5, "all": 3.0}
        assert scores["items"].to_dict() == {"first": 2, "all": 3}

    def test_group_mean_and_sample_sd(self, small):
        """By session: n, mean and sample SD of the person scores (2, 3, 4: mean 3, sd 1)."""
        answers = ratings([2, 3, 4])
        result = scale_scores(answers, small, by="session")
        assert result[["session", "scale", "n", "mean", "sd"]].values.tolist() == [
            ["AAAAAA", "ps", 3, 3.0, 1.0]
        ]

    def test_group_below_three_is_hidden(self, small):
        """Two people in a session: their group gets NaN, never a number."""
        # a third session of one person: with only the two of BBBBBB hidden, the mean of all
        # (by="frame") minus AAAAAA's would be theirs, so AAAAAA would be hidden too (see
        # TestComplementaryRule); with three hidden people AAAAAA can be shown
        answers = pd.concat(
            [ratings([2, 4], session="BBBBBB"), ratings([1, 1, 1]), ratings([3], session="CCCCCC")]
        )
        result = scale_scores(answers, small, by="session").set_index("session")
        assert result.loc["BBBBBB", "n"] == 2
        assert np.isnan(result.loc["BBBBBB", "mean"]) and np.isnan(result.loc["BBBBBB", "sd"])
        assert result.loc["AAAAAA", "mean"] == 1.0

    def test_min_group_can_be_raised(self, small):
        """A stricter threshold hides more."""
        result = scale_scores(ratings([2, 3, 4]), small, by="session", min_group=4)
        assert np.isnan(result["mean"].iloc[0])

    @pytest.mark.parametrize("level", [2, 0, -1, 2.5, True, "3"])
    def test_min_group_cannot_be_lowered(self, small, level):
        """The threshold of 3 can be raised, never lowered or bent."""
        with pytest.raises(InputError, match="min_group: must be a whole number of at least 3"):
            scale_scores(ratings([2, 3]), small, by="session", min_group=level)

    def test_scales_in_the_frames_order(self, small):
        """Group results list the scales in the order of the frame."""
        answers = table([(p, item, 3) for p in (1, 2, 3) for item in ("pc.a", "ps.a")])
        assert scale_scores(answers, small, by="session")["scale"].tolist() == ["ps", "pc"]

    def test_large_key_spaces_give_the_same_scores(self, small, monkeypatch):
        """Past the size of the lookup array, looking keys up by hash gives the same scores."""
        import betrokkenheid.stats as stats

        answers = table([(p, f"{r}.{q}", p + len(q)) for p in (1, 2) for r in ("ps", "pc")
                         for q in "abc"])  # fmt: skip
        dense = scale_scores(answers, small)
        monkeypatch.setattr(stats, "_DENSE_KEYS", 0)
        pd.testing.assert_frame_equal(scale_scores(answers, small), dense)

    def test_missing_column_before_anything(self, small):
        """A table without ``value`` is refused, naming the column."""
        with pytest.raises(InputError, match="column 'value': missing column"):
            scale_scores(ratings([1]).drop(columns="value"), small)

    def test_values_as_text_are_refused(self, small):
        """Values read as text are refused, with a hint to convert them."""
        answers = ratings([1]).astype({"value": str})
        with pytest.raises(InputError, match="column 'value': holds string, not numbers"):
            scale_scores(answers, small)

    def test_groups_need_their_column(self, small):
        """Grouping by a column that is not there names it."""
        with pytest.raises(InputError, match="column 'school': missing column"):
            scale_scores(ratings([1, 2, 3]), small, by="school")


class TestCronbachAlpha:
    # four people, three items of relation ps
    GIVEN = {1: (1, 2, 2), 2: (2, 2, 3), 3: (3, 4, 4), 4: (4, 4, 5)}

    def answers(self, given=None, **constant):
        given = self.GIVEN if given is None else given
        rows = [
            (p, f"ps.{q}", v)
            for p, values in given.items()
            for q, v in zip("abc", values, strict=True)
        ]
        return table(rows, **constant)

    def test_alpha_by_hand(self, small):
        """k/(k-1) * (1 - sum of item variances / variance of the sums)."""
        columns = list(zip(*self.GIVEN.values(), strict=True))
        items = sum(sample_var(c) for c in columns)  # 5/3 + 4/3 + 5/3
        total = sample_var([sum(v) for v in self.GIVEN.values()])  # sums 5, 7, 11, 13: 40/3
        expected = 3 / 2 * (1 - items / total)
        assert expected == pytest.approx(0.975)
        result = cronbach_alpha(self.answers(), small)
        assert result[["exercise", "scale", "items", "n"]].values.tolist() == [
            ["triangle", "ps", 3, 4]
        ]
        assert result["alpha"].iloc[0] == pytest.approx(expected)

    def test_only_complete_cases(self, small):
        """A person who skipped an item does not count."""
        answers = pd.concat([self.answers(), table([(5, "ps.a", 1), (5, "ps.b", 5)])])
        result = cronbach_alpha(answers, small)
        assert result["n"].iloc[0] == 4
        assert result["alpha"].iloc[0] == pytest.approx(0.975)

    def test_too_few_cases_is_nan(self, small):
        """Two complete cases: NaN, not a number."""
        given = {1: (1, 2, 2), 2: (2, 2, 3)}
        result = cronbach_alpha(self.answers(given), small)
        assert result["n"].iloc[0] == 2 and np.isnan(result["alpha"].iloc[0])

    def test_one_item_is_nan(self, small):
        """A scale of one item has no alpha."""
        answers = table([(p, "vision", v) for p, v in [(1, 1), (2, 2), (3, 3)]], exercise="climate")
        result = cronbach_alpha(answers, small)
        assert result["items"].iloc[0] == 1 and np.isnan(result["alpha"].iloc[0])

    def test_no_variance_is_nan(self, small):
        """Everybody gave the same answers: alpha is undefined."""
        result = cronbach_alpha(self.answers({p: (3, 3, 3) for p in (1, 2, 3)}), small)
        assert np.isnan(result["alpha"].iloc[0])

    def test_per_group(self, small):
        """By measurement, each group has its own alpha."""
        later = {1: (1, 1, 1), 2: (2, 2, 2), 3: (3, 3, 3)}  # perfectly consistent: 1
        answers = pd.concat(
            [
                self.answers(measurement="baseline"),
                self.answers(later, measurement="later", session="BBBBBB"),
            ]
        )
        result = cronbach_alpha(answers, small, by="measurement").set_index("measurement")
        assert result.loc["baseline", "alpha"] == pytest.approx(0.975)
        assert result.loc["later", "alpha"] == pytest.approx(1.0)


class TestRwg:
    def test_one_item_by_hand(self, small):
        """2, 3, 4 on 1..5: s2 = 1, sigma2_EU = (25 - 1) / 12 = 2, rwg = 1 - 1/2."""
        result = rwg(ratings([2, 3, 4]), small)
        assert result[["items", "n", "variance", "expected", "rwg"]].values.tolist() == [
            [1, 3, 1.0, 2.0, 0.5]
        ]

    def test_several_items_by_hand(self, small):
        """rwg(j): J (1 - s2/sEU) / (J (1 - s2/sEU) + s2/sEU) with s2 the mean item variance."""
        answers = table([(1, "ps.a", 3), (2, "ps.a", 3), (3, "ps.a", 4)] +
                        [(1, "ps.b", 2), (2, "ps.b", 3), (3, "ps.b", 4)])  # fmt: skip
        mean_var = (sample_var([3, 3, 4]) + sample_var([2, 3, 4])) / 2  # (1/3 + 1) / 2
        ratio = mean_var / 2
        expected = 2 * (1 - ratio) / (2 * (1 - ratio) + ratio)
        assert expected == pytest.approx(0.8)
        result = rwg(answers, small)
        assert result["items"].iloc[0] == 2
        assert result["variance"].iloc[0] == pytest.approx(2 / 3)
        assert result["rwg"].iloc[0] == pytest.approx(expected)

    def test_points_come_from_the_scale(self, small):
        """Statements 'present' run 1..4: sigma2_EU = (16 - 1) / 12 = 1.25."""
        answers = ratings([1, 2, 3], item="welcome.present", exercise="perspectives")
        result = rwg(answers, small)
        assert result["expected"].iloc[0] == pytest.approx(1.25)
        assert result["rwg"].iloc[0] == pytest.approx(1 - 1 / 1.25)

    def test_full_agreement_is_one(self, small):
        """Everybody the same: rwg 1."""
        assert rwg(ratings([4, 4, 4]), small)["rwg"].iloc[0] == 1.0

    def test_more_spread_than_random_is_zero(self, small):
        """1, 5, 1, 5 varies more than random answers (16/3 > 2): set to 0."""
        result = rwg(ratings([1, 5, 1, 5]), small)
        assert result["variance"].iloc[0] == pytest.approx(16 / 3)
        assert result["rwg"].iloc[0] == 0.0

    def test_per_team_and_hidden_below_three(self, small):
        """Each session is a team; a team of two gets NaN."""
        # a third team of one: with only the two of BBBBBB hidden, rwg of all (by=[]) beside
        # AAAAAA's would be about them, so AAAAAA would be hidden too (the complementary rule)
        answers = pd.concat(
            [ratings([2, 3, 4]), ratings([1, 5], session="BBBBBB"), ratings([3], session="CC")]
        )
        result = rwg(answers, small).set_index("session")
        assert result.loc["AAAAAA", "rwg"] == 0.5
        assert result.loc["BBBBBB", "n"] == 2
        assert np.isnan(result.loc["BBBBBB", "rwg"]) and np.isnan(result.loc["BBBBBB", "variance"])

    def test_own_scales_need_their_ends(self):
        """Scales of your own without low and high cannot give rwg."""
        mine = pd.DataFrame({"exercise": ["triangle"], "scale": ["s"], "item": ["ps.a"]})
        with pytest.raises(InputError, match="scale 's'.*needs 'low' and 'high'"):
            rwg(ratings([1, 2, 3]), scales=mine)

    def test_own_scales_with_mixed_ends(self):
        """A scale mixing items of different ranges is refused."""
        mine = pd.DataFrame(
            {
                "exercise": "triangle",
                "scale": "s",
                "item": ["ps.a", "ps.b"],
                "low": 1,
                "high": [5, 7],
            }
        )
        with pytest.raises(InputError, match="same rating scale"):
            rwg(ratings([1, 2, 3]), scales=mine)


class TestChange:
    def answers(self, base, later, school="De Linde"):
        return pd.concat(
            [
                ratings(base, measurement="baseline", school=school, session=f"B{school[:5]}"),
                ratings(later, measurement="later", school=school, session=f"L{school[:5]}"),
            ]
        )

    def test_difference_effect_size_and_welch_interval_by_hand(self, small):
        """Baseline 2,3,4 (mean 3, var 1); later 3,4,5,4 (mean 4, var 2/3)."""
        from scipy.stats import t

        result = change(self.answers([2, 3, 4], [3, 4, 5, 4]), small).iloc[0]
        pooled = math.sqrt((2 * 1 + 3 * (2 / 3)) / 5)
        v1, v2 = 1 / 3, (2 / 3) / 4
        df = (v1 + v2) ** 2 / (v1**2 / 2 + v2**2 / 3)
        assert df == pytest.approx(27 / 7)
        margin = t.ppf(0.975, df) * math.sqrt(v1 + v2)
        assert result["n_baseline"] == 3 and result["n_later"] == 4
        assert result["mean_baseline"] == 3.0 and result["mean_later"] == 4.0
        assert result["sd_baseline"] == 1.0
        assert result["sd_later"] == pytest.approx(math.sqrt(2 / 3))
        assert result["difference"] == 1.0
        assert result["d"] == pytest.approx(1 / pooled)
        assert result["ci_low"] == pytest.approx(1 - margin)
        assert result["ci_high"] == pytest.approx(1 + margin)

    def test_interval_against_the_t_table(self, small):
        """1,2,3 vs 2,3,4: df = 4, t(0.975, 4) = 2.7764 from the table, se = sqrt(2/3)."""
        result = change(self.answers([1, 2, 3], [2, 3, 4]), small).iloc[0]
        margin = 2.776445 * math.sqrt(2 / 3)
        assert result["ci_low"] == pytest.approx(1 - margin, abs=1e-5)
        assert result["ci_high"] == pytest.approx(1 + margin, abs=1e-5)
        assert result["d"] == pytest.approx(1.0)

    def test_lower_confidence_is_narrower(self, small):
        """A 90 % interval lies inside the 95 % one."""
        answers = self.answers([1, 2, 3], [2, 3, 4])
        wide = change(answers, small).iloc[0]
        narrow = change(answers, small, confidence=0.9).iloc[0]
        assert wide["ci_low"] < narrow["ci_low"] < narrow["ci_high"] < wide["ci_high"]

    def test_a_measurement_below_three_hides_the_change(self, small):
        """Two people later: their mean, the difference, d and the interval are NaN."""
        result = change(self.answers([2, 3, 4], [4, 5]), small).iloc[0]
        # the baseline's mean is hidden too (it was 3.0 before the complementary rule): the
        # school's mean (scale_scores by="school") minus it would be the two people's later
        assert result["n_later"] == 2 and np.isnan(result["mean_baseline"])
        assert result["n_baseline"] == 3
        for name in ("mean_later", "sd_later", "difference", "d", "ci_low", "ci_high"):
            assert np.isnan(result[name]), name

    def test_per_school(self, small):
        """Each school is compared with its own baseline."""
        answers = pd.concat(
            [self.answers([1, 2, 3], [2, 3, 4]), self.answers([3, 3, 3], [2, 2, 2], "De Vlinder")]
        )
        result = change(answers, small).set_index("school")["difference"]
        assert result.to_dict() == {"De Linde": 1.0, "De Vlinder": -1.0}

    def test_no_spread_at_all(self, small):
        """Both measurements without spread: no effect size, an interval of one point."""
        result = change(self.answers([3, 3, 3], [4, 4, 4]), small).iloc[0]
        assert result["difference"] == 1.0 and np.isnan(result["d"])
        assert result["ci_low"] == result["ci_high"] == 1.0

    def test_only_one_measurement(self, small):
        """A school without a later measurement has n_later 0 and no change."""
        result = change(ratings([1, 2, 3], measurement="baseline", school="X"), small).iloc[0]
        assert result["n_later"] == 0 and np.isnan(result["difference"])

    def test_needs_a_measurement_column(self, small):
        """Answers without measurement are refused, naming the column."""
        with pytest.raises(InputError, match="column 'measurement'"):
            change(ratings([1, 2, 3], school="X"), small)

    @pytest.mark.parametrize("level", [0, 1, 95])
    def test_confidence_between_zero_and_one(self, small, level):
        """A confidence level outside (0, 1) is refused."""
        with pytest.raises(InputError, match="confidence"):
            change(self.answers([1, 2, 3], [2, 3, 4]), small, confidence=level)


class TestRoleDifferences:
    def answers(self, people, session="AAAAAA"):
        """``people``: (role, value) per person."""
        rows = [(p, "ps.a", v) for p, (_, v) in enumerate(people, 1)]
        frame = table(rows, session=session)
        frame["role"] = [role for role, _ in people]
        return frame

    def test_mean_per_role_and_difference_with_the_team(self, small):
        """Teachers 2,3,4 (mean 3, sd 1); care 4,5,6 (mean 5); team mean 4."""
        people = [("teacher", 2), ("teacher", 3), ("teacher", 4)]
        people += [("care_coordinator", 4), ("care_coordinator", 5), ("care_coordinator", 6)]
        result = role_differences(self.answers(people), small).set_index("role")
        assert result.loc["teacher", ["n", "mean", "sd"]].tolist() == [3, 3.0, 1.0]
        assert result.loc["care_coordinator", "mean"] == 5.0
        assert (result["team_n"] == 6).all() and (result["team_mean"] == 4.0).all()
        assert result["difference"].to_dict() == {"care_coordinator": 1.0, "teacher": -1.0}

    def test_a_role_below_three_is_hidden(self, small):
        """Two directors: count shown, no mean; the 3 teachers and 2 others hidden: 5 people."""
        people = [("teacher", 1)] * 3 + [("director", 5)] * 2 + [("other", 2)] * 3
        result = role_differences(self.answers(people), small).set_index("role")
        assert result.loc["director", "n"] == 2
        assert np.isnan(result.loc["director", "mean"])
        assert np.isnan(result.loc["director", "difference"])
        # hidden: the 2 directors alone, so the smallest shown role (other < teacher) goes too
        assert np.isnan(result.loc["other", "mean"])
        assert result.loc["teacher", "mean"] == 1.0

    def test_hidden_people_together_at_least_three(self, small):
        """One director hidden with 3+3 shown: one more role is hidden, so nobody stands alone.

        Team mean and the shown means would otherwise give the director's own score.
        """
        people = [("teacher", 2), ("teacher", 3), ("teacher", 4), ("director", 5)]
        people += [("other", 4), ("other", 5), ("other", 5)]
        result = role_differences(self.answers(people), small).set_index("role")
        shown = result["mean"].dropna()
        assert list(shown.index) == ["teacher"]
        hidden = result.loc[result["mean"].isna(), "n"].sum()
        assert hidden >= MIN_GROUP

    def test_enough_hidden_people_need_no_more_hiding(self, small):
        """A director and two others hidden make three together: teachers stay shown."""
        people = [("teacher", 2), ("teacher", 3), ("teacher", 4), ("director", 5)]
        people += [("other", 1), ("other", 1)]
        result = role_differences(self.answers(people), small).set_index("role")
        assert result["mean"].dropna().to_dict() == {"teacher": 3.0}

    def test_a_team_below_three_shows_nothing(self, small):
        """Two people: no team mean and no role mean."""
        result = role_differences(self.answers([("teacher", 1), ("teacher", 2)]), small)
        assert result[["mean", "team_mean", "difference"]].isna().all().all()

    def test_needs_a_role_column(self, small):
        """Answers without role are refused, naming the column."""
        with pytest.raises(InputError, match="column 'role'"):
            role_differences(ratings([1, 2, 3]), small)


class TestPrivacyEverywhere:
    @pytest.mark.parametrize(
        "compute, columns",
        [
            (lambda a, f: scale_scores(a, f, by="session"), ["mean", "sd"]),
            (lambda a, f: cronbach_alpha(a, f, by="session"), ["alpha"]),
            (lambda a, f: rwg(a, f), ["rwg", "variance"]),
            (lambda a, f: change(a, f, by="session"), ["mean_baseline", "difference", "d"]),
            (lambda a, f: role_differences(a, f), ["mean", "team_mean"]),
        ],
    )
    def test_two_people_never_give_a_number(self, small, compute, columns):
        """Every group statistic of a session of two people is NaN."""
        rows = [(p, f"ps.{q}", v) for p, v in ((1, 2), (2, 5)) for q in "abc"]
        answers = table(rows, measurement="baseline", role="teacher", school="X")
        result = compute(answers, small)
        assert len(result) > 0
        assert result[columns].isna().all().all()


class TestEmpty:
    @pytest.mark.parametrize(
        "compute", [scale_scores, cronbach_alpha, rwg, change, role_differences]
    )
    def test_no_answers_give_an_empty_table(self, compute):
        """An empty answers table gives an empty result with its columns, not an error."""
        from betrokkenheid import Store, answers_frame

        result = compute(answers_frame(Store("sqlite://")))
        assert result.empty and {"exercise", "scale"} <= set(result.columns)

    def test_own_scales_per_frame_need_the_frame_column(self, small):
        """Scales with a frame column cannot be matched to answers without one."""
        mine = scale_items(small)
        with pytest.raises(InputError, match="column 'frame': missing column"):
            scale_scores(ratings([1]).drop(columns="frame"), scales=mine)


class TestFrontDoor:
    @pytest.mark.parametrize(
        "compute",
        [
            lambda a, f: scale_scores(a, f, by="session"),
            cronbach_alpha,
            rwg,
            change,
            role_differences,
        ],
    )
    def test_answers_that_are_no_table_are_refused(self, small, compute):
        """Answers that are no DataFrame are refused with our error, before anything else."""
        with pytest.raises(InputError, match="answers: must be a pandas DataFrame, not list"):
            compute([1, 2], small)


def parents_table(languages, channels=None, values=None, item="welcome", start=10, **constant):
    """One parent's answer per language given, numbered from ``start``: audience and role
    parent, the exercise parents of the betrokkenheidsboom frame."""
    channels = channels or ["online"] * len(languages)
    values = values or [float(1 + i % 5) for i in range(len(languages))]
    answers = pd.DataFrame(
        {
            "participant": range(start, start + len(languages)),
            "language": languages,
            "channel": channels,
            "value": [float(v) for v in values],
        }
    )
    fixed = {
        "session": "AAAAAA",
        "audience": "parent",
        "role": "parent",
        "frame": "betrokkenheidsboom",
        "exercise": "parents",
        "item": item,
        "measurement": "baseline",
        "school": "X",
        **constant,
    }
    for name, value in fixed.items():
        answers[name] = value
    return answers


def team_table(values, item="parent_school.trust_respect", **constant):
    """One team member's rating per value (teachers, in Dutch, online)."""
    return table(
        [(p, item, v) for p, v in enumerate(values, 1)],
        frame="betrokkenheidsboom",
        audience="team",
        role="teacher",
        language="nl",
        channel="online",
        measurement="baseline",
        school="X",
        **constant,
    )


NL, EN, ON, PAPER = ["nl"], ["en"], ["online"], ["paper"]


class TestParentsPrivacy:
    """Parents' results need 5 parents (MIN_FAMILY), by any route; team results never
    include parents (issue 12)."""

    @pytest.mark.parametrize(
        "compute, columns",
        [
            (lambda a: scale_scores(a, by="session", audience="parent"), ["mean", "sd"]),
            (lambda a: cronbach_alpha(a, by="session", audience="parent"), ["alpha"]),
            (lambda a: rwg(a, audience="parent"), ["rwg", "variance"]),
            (lambda a: role_differences(a, audience="parent"), ["mean", "team_mean"]),
        ],
    )
    def test_four_parents_show_nothing_five_do(self, compute, columns):
        """Four parents: every group result is NaN; five: numbers."""
        items = ["welcome", "respected"]

        def parents(n):
            parts = [
                parents_table(["nl"] * n, values=[1 + (i * (k + 2)) % 5 for i in range(n)], item=it)
                for k, it in enumerate(items)
            ]
            return pd.concat(parts, ignore_index=True)

        assert compute(parents(4))[columns].isna().all().all()
        assert compute(parents(5))[columns].notna().all().all()

    def test_a_lower_threshold_is_not_taken_for_parents(self):
        """min_group=3 (the staff's) still needs 5 parents; min_group=6 is 6."""
        four = parents_table(["nl"] * 4)
        assert scale_scores(four, by="session", audience="parent", min_group=3)["mean"].isna().all()
        five = parents_table(["nl"] * 5)
        assert scale_scores(five, by="session", audience="parent")["mean"].tolist() == [3.0]
        hidden = scale_scores(five, by="session", audience="parent", min_group=6)
        assert hidden["mean"].isna().all()

    @pytest.mark.parametrize("before, shown", [(4, False), (5, True)])
    def test_change_of_parents_needs_five_per_measurement(self, before, shown):
        """Four parents at the baseline and five later: no mean at all (the later one with
        the school's would give the four away); five and five: the change."""
        answers = pd.concat(
            [
                parents_table(NL * before, session="BBBBBB"),
                parents_table(NL * 5, session="LLLLLL", measurement="later", start=20),
            ],
            ignore_index=True,
        )
        table_ = change(answers, audience="parent")
        assert (table_["n_baseline"].tolist(), table_["n_later"].tolist()) == ([before], [5])
        means = table_[["mean_baseline", "mean_later", "difference"]]
        assert means.notna().all().all() if shown else means.isna().all().all()

    @pytest.mark.parametrize(
        "languages, channels, by, shown",
        [
            # 6 Dutch, 3 English: English hidden, and Dutch too (the session minus Dutch)
            (["nl"] * 6 + ["en"] * 3, None, "language", {"nl": False, "en": False}),
            (["nl"] * 5 + ["en"] * 5, None, "language", {"nl": True, "en": True}),
            # 6 Dutch, 5 English, 1 Turkish: Turkish hidden, then the smallest shown part too
            (NL * 6 + EN * 5 + ["tr"], None, "language", {"nl": True, "en": False, "tr": False}),
            (NL * 9, ON * 7 + PAPER * 2, "channel", {"online": False, "paper": False}),
            (NL * 10, ON * 5 + PAPER * 5, "channel", {"online": True, "paper": True}),
        ],
    )
    def test_a_split_below_five_is_hidden_with_the_complementary_rule(
        self, languages, channels, by, shown
    ):
        """A split by language or channel shows no part of fewer than 5 parents, and no
        part whose result, with the session's, would give a smaller part away."""
        answers = parents_table(languages, channels)
        result = scale_scores(answers, by=["session", by], audience="parent")
        got = dict(zip(result[by].astype(str), result["mean"].notna(), strict=True))
        assert got == shown
        whole = scale_scores(answers, by="session", audience="parent")
        assert whole["mean"].notna().all() and whole["n"].tolist() == [len(languages)]

    def test_splits_by_language_and_channel_give_no_small_group_away(self):
        """Every result of the same parents, split by session, language, channel or both:
        no two shown groups, one inside the other, differ by 1 to 4 parents (their
        difference would be the result of so few)."""
        languages = NL * 5 + EN * 6
        channels = ON * 4 + PAPER + ON * 4 + PAPER * 2  # a Dutch parent and two English on paper
        answers = parents_table(languages, channels)
        shown = []
        for by in (
            ["session"],
            ["session", "language"],
            ["session", "channel"],
            ["session", "language", "channel"],
        ):
            result = scale_scores(answers, by=by, audience="parent")
            for row in result[result["mean"].notna()].itertuples():
                keep = np.ones(len(answers), dtype=bool)
                for name in by:
                    keep &= answers[name].to_numpy() == getattr(row, name)
                shown.append(frozenset(answers.loc[keep, "participant"]))
        assert frozenset(answers["participant"]) in shown  # the session (11) is shown
        assert all(len(g) >= 5 for g in shown)
        for inner in shown:
            for outer in shown:
                if inner < outer:
                    assert len(outer - inner) >= 5, (sorted(inner), sorted(outer))

    def test_team_results_do_not_include_parents(self):
        """A team statistic of a table with parents' rows in it gives what the team alone
        gives, also with scales of one's own that name the parents' statements."""
        team = team_table([2, 3, 4, 5])
        parents = parents_table(["nl"] * 6, values=[1] * 6)
        both = pd.concat([team, parents], ignore_index=True)
        for compute in (
            lambda a, s: scale_scores(a, by="session", scales=s),
            lambda a, s: rwg(a, scales=s),
            lambda a, s: role_differences(a, scales=s),
            lambda a, s: cronbach_alpha(a, by="session", scales=s),
        ):
            mixed = pd.DataFrame(
                {
                    "exercise": ["triangle", "parents"],
                    "scale": ["trust", "trust"],
                    "item": ["parent_school.trust_respect", "welcome"],
                    "low": [1, 1],
                    "high": [5, 5],
                }
            )
            pd.testing.assert_frame_equal(compute(both, mixed), compute(team, mixed))
        roles = role_differences(both, "betrokkenheidsboom")
        assert set(roles["role"]) == {"teacher"} and roles["team_n"].tolist() == [4]

    def test_parents_results_do_not_include_the_team(self):
        """The parents' results of a table with the team in it are those of the parents."""
        team = team_table([5, 5, 5, 5, 5], item="welcome", exercise="parents")
        parents = parents_table(["nl"] * 5, values=[1, 2, 3, 4, 5])
        both = pd.concat([team, parents], ignore_index=True)
        result = scale_scores(both, by="session", audience="parent")
        assert (result["n"].tolist(), result["mean"].tolist()) == ([5], [3.0])

    def test_parents_scale_by_default(self):
        """Without scales, the parents' questionnaire is one scale of its statements."""
        items = scale_items("betrokkenheidsboom", "parent")
        assert set(items["exercise"]) == set(items["scale"]) == {"parents"}
        assert len(items) == 12 and set(items["low"]) == {1} and set(items["high"]) == {5}
        chips = parents_table(["nl"] * 5, item="barriers.time", values=[1] * 5)
        assert scale_scores(chips, by="session", audience="parent").empty  # chips: no scale

    def test_parents_need_the_audience_column(self, small):
        """audience="parent" on a table that does not say who answered is refused; an
        unknown audience too."""
        with pytest.raises(InputError, match="has no column 'audience'"):
            scale_scores(ratings([1, 2, 3, 4, 5]), small, audience="parent")
        with pytest.raises(InputError, match="unknown audience 'ouders'"):
            scale_scores(parents_table(["nl"] * 5), audience="ouders")


def children_table(languages, values=None, item="like_school", start=30, **constant):
    """One child's answer per language given (the children's questionnaire on 1 to 3),
    numbered from ``start``: audience and role child, the exercise children, on tablets."""
    values = values or [float(1 + i % 3) for i in range(len(languages))]
    fixed = {"audience": "child", "role": "child", "exercise": "children", **constant}
    return parents_table(languages, values=values, item=item, start=start, **fixed)


class TestChildrenPrivacy:
    """Children's results need 5 children (MIN_FAMILY), by every route the parents' do, with
    the same complementary rule; team and parents' results never include children (issue
    13)."""

    @pytest.mark.parametrize(
        "compute, columns",
        [
            (lambda a: scale_scores(a, by="session", audience="child"), ["mean", "sd"]),
            (lambda a: cronbach_alpha(a, by="session", audience="child"), ["alpha"]),
            (lambda a: rwg(a, audience="child"), ["rwg", "variance"]),
            (lambda a: role_differences(a, audience="child"), ["mean", "team_mean"]),
        ],
    )
    def test_four_children_show_nothing_five_do(self, compute, columns):
        """Four children: every group result is NaN; five: numbers."""

        def children(n):
            parts = [
                children_table(NL * n, values=[1 + (i * (k + 1)) % 3 for i in range(n)], item=it)
                for k, it in enumerate(["like_school", "teacher_listens"])
            ]
            return pd.concat(parts, ignore_index=True)

        assert compute(children(4))[columns].isna().all().all()
        assert compute(children(5))[columns].notna().all().all()

    def test_the_staffs_threshold_is_not_taken_for_children(self):
        """min_group=3 still needs 5 children."""
        four = children_table(NL * 4)
        hidden = scale_scores(four, by="session", audience="child", min_group=3)
        assert hidden["n"].tolist() == [4] and hidden["mean"].isna().all()

    @pytest.mark.parametrize("before, shown", [(4, False), (5, True)])
    def test_change_of_children_needs_five_per_measurement(self, before, shown):
        """Four children at the baseline and five later: no mean at all; five and five: the
        change."""
        answers = pd.concat(
            [
                children_table(NL * before, session="BBBBBB"),
                children_table(NL * 5, session="LLLLLL", measurement="later", start=50),
            ],
            ignore_index=True,
        )
        means = change(answers, audience="child")[["mean_baseline", "mean_later", "difference"]]
        assert means.notna().all().all() if shown else means.isna().all().all()

    @pytest.mark.parametrize(
        "languages, shown",
        [
            (NL * 6 + EN * 3, {"nl": False, "en": False}),  # English hidden, then Dutch too
            (NL * 5 + EN * 5, {"nl": True, "en": True}),
        ],
    )
    def test_a_split_below_five_is_hidden_with_the_complementary_rule(self, languages, shown):
        """A split by language shows no part of fewer than 5 children, and no part that,
        with the session's result, would give a smaller part away."""
        answers = children_table(languages)
        result = scale_scores(answers, by=["session", "language"], audience="child")
        got = dict(zip(result["language"].astype(str), result["mean"].notna(), strict=True))
        assert got == shown
        whole = scale_scores(answers, by="session", audience="child")
        assert whole["mean"].notna().all() and whole["n"].tolist() == [len(languages)]

    def test_no_other_result_includes_the_children(self):
        """A table of the team, parents and children: each audience's result is its own."""
        team = team_table([2, 3, 4, 5])
        parents = parents_table(NL * 5, values=[5] * 5)
        children = children_table(NL * 5, values=[1, 2, 3, 1, 2])
        everyone = pd.concat([team, parents, children], ignore_index=True)
        by = {"by": "session"}
        for audience, alone in (("team", team), ("parent", parents), ("child", children)):
            pd.testing.assert_frame_equal(
                scale_scores(everyone, audience=audience, **by),
                scale_scores(alone, audience=audience, **by),
            )
        assert scale_scores(everyone, audience="child", **by)["mean"].tolist() == [1.8]

    def test_the_childrens_scale_by_default(self):
        """Without scales, the children's questionnaire is one scale of its 9 statements on
        1 to 3."""
        items = scale_items("betrokkenheidsboom", "child")
        assert set(items["exercise"]) == set(items["scale"]) == {"children"}
        assert len(items) == 9 and set(items["low"]) == {1} and set(items["high"]) == {3}
