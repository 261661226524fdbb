"""The three voices of the triangle (triangle_voices.py): the team, parents and children per
side and per mirrored item, each as a position from 0 to 100 % of its own scale; nothing of
parents or children below five, by any route."""

import math
import re

import pytest

import betrokkenheid as btk
from betrokkenheid import Answer, InputError, load_frame
from betrokkenheid.privacy import MIN_FAMILY
from betrokkenheid.texts import tr
from betrokkenheid.triangle_voices import (
    VOICES,
    describe,
    describe_items,
    legend,
    position,
    rows,
    table,
    three_voices,
    three_voices_table,
)


@pytest.fixture
def frame():
    return load_frame("betrokkenheidsboom")


def staff(item, values, start=0, exercise="triangle"):
    """Answers of staff members ``start``, ``start + 1``, ... to one item."""
    return [Answer(start + p, "teacher", exercise, item, v, None) for p, v in enumerate(values)]


def kids(item, values, start=100):
    """Answers of children ``start``, ... to one statement: a face (1-3) or a text."""
    return [
        Answer(start + c, "child", "children", item, None, v)
        if isinstance(v, str)
        else Answer(start + c, "child", "children", item, v, None)
        for c, v in enumerate(values)
    ]


def parents(item, values, start=200):
    return [Answer(start + p, "parent", "parents", item, v, None) for p, v in enumerate(values)]


def percentages(text):
    """Every per cent a text says, but the footing's 0% and 100%."""
    found = re.findall(r"\d+%", text.replace(tr("three_footing", "en"), ""))
    return found


class TestPosition:
    def test_three_faces(self):
        """A child's three faces 1, 2, 3 are 0, 50 and 100 %."""
        assert [position(v, 1, 3) for v in (1, 2, 3)] == [0, 50, 100]

    def test_team_scale(self):
        """The team's 1 to 5 is 0, 25, 50, 75, 100 %."""
        assert [position(v, 1, 5) for v in (1, 2, 3, 4, 5)] == [0, 25, 50, 75, 100]

    def test_a_climate_level(self):
        """A climate level 2 of 1-4 is a third of the way."""
        assert position(2, 1, 4) == pytest.approx(100 / 3)


class TestTeam:
    def test_mean_of_each_persons_mean_on_the_side(self, frame):
        """Per side: each staff member's mean of their ratings on it, then the mean over
        staff (one who rated two qualities counts once)."""
        team = staff("parent_school.communication", [5.0, 1.0, 3.0])
        team += staff("parent_school.trust_respect", [3.0], start=0)  # person 0: mean 4
        found = three_voices(frame, team).side("parent_school").team
        assert found.n == 3
        assert found.value == pytest.approx((75 + 0 + 50) / 3)

    def test_below_three_staff_no_position(self, frame):
        """Two staff: a count, no position."""
        found = three_voices(frame, staff("child_school.equality", [5.0, 5.0])).side("child_school")
        assert (found.team.n, found.team.value) == (2, None)

    def test_a_mirrored_perspectives_item_is_its_present_rating(self, frame):
        """The team's view of a mirrored perspectives statement: its "how present" rating,
        on that scale."""
        team = staff("child_sees_respect.present", [5.0, 5.0, 3.0], exercise="perspectives")
        team += staff("child_sees_respect.important", [1.0] * 3, exercise="perspectives")
        item = three_voices(frame, team).item("perspectives.child_sees_respect")
        assert item.team.value == pytest.approx((100 + 100 + 50) / 3)
        assert item.side == "parent_school"

    def test_a_mirrored_climate_item_on_its_own_scale(self, frame):
        """A climate component (levels 1-4): level 4 is 100 %."""
        team = staff("conversation_partners", [4.0, 4.0, 1.0], exercise="climate")
        item = three_voices(frame, team).item("climate.conversation_partners")
        assert item.team.value == pytest.approx(200 / 3)


class TestChildren:
    def test_four_children_hidden_five_shown(self, frame):
        """Four children: a count and no position, on the side and on the item; five: both."""
        four = kids("teacher_listens", [3.0, 3.0, 2.0, 1.0])
        found = three_voices(frame, [], [], four)
        assert found.side("child_school").children.value is None
        assert found.side("child_school").children.n == 4
        assert found.item("triangle.child_school.communication").children.value is None
        five = kids("teacher_listens", [3.0, 3.0, 2.0, 1.0, 1.0])
        found = three_voices(frame, [], [], five)
        assert found.side("child_school").children.value == pytest.approx(50)
        assert found.item("triangle.child_school.communication").children.value == 50

    def test_the_threshold_is_the_familys(self):
        """Children need as many as parents do."""
        assert MIN_FAMILY == 5

    def test_dont_know_is_no_position(self, frame):
        """A "don't know" counts neither as a child who rated nor as a step."""
        answers = kids("dare_to_say", [3.0] * 5 + ["dont_know"] * 2)
        side = three_voices(frame, [], [], answers).side("child_school").children
        assert (side.n, side.value) == (5, 100)

    def test_side_is_the_mean_of_its_statements_means(self, frame):
        """On a side: each statement's mean (over those who rated it), then the mean of the
        statements; n is everyone who rated one."""
        answers = kids("like_school", [3.0] * 5)  # 100 %
        answers += kids("dare_to_say", [1.0] * 6, start=100)  # 0 %, one child more
        side = three_voices(frame, [], [], answers).side("child_school").children
        assert side.value == pytest.approx(50)
        assert side.n == 6

    def test_a_statement_of_too_few_adds_nothing(self, frame):
        """A statement rated by four children does not move the side, and its raters are
        counted only as people."""
        answers = kids("like_school", [3.0] * 5)
        answers += kids("teacher_listens", [1.0] * 4, start=200)
        side = three_voices(frame, [], [], answers).side("child_school").children
        assert side.value == 100
        assert side.n == 9

    def test_no_child_can_be_worked_out_by_subtraction(self, frame):
        """Five children rate every statement on the side between parent and child, a sixth
        only one: the side's position is the mean of the shown items' positions, so the
        side and the items together tell nothing of the sixth child alone."""
        items = ("asked_at_home", "tell_at_home", "help_at_home")
        answers = [a for item in items for a in kids(item, [3.0, 2.0, 2.0, 1.0, 3.0])]
        for sixth in (1.0, 3.0):
            found = three_voices(frame, [], [], answers + kids("tell_at_home", [sixth], 105))
            side = found.side("parent_child").children
            on_side = [i for i in found.items if i.side == "parent_child" and i.children.asked]
            assert len(on_side) == 3 and side.n == 6
            assert all(i.children.shown for i in on_side)
            assert side.value == pytest.approx(
                sum(i.children.value for i in on_side) / len(on_side)
            )


class TestSides:
    def test_a_side_without_statements_is_not_asked(self, frame):
        """Parents have no statement on the side between child and school: not asked, which
        is not the same as too few answers."""
        answers = [a for p in range(5) for a in parents("respected", [5.0], start=200 + p)]
        found = three_voices(frame, [], answers)
        assert found.side("child_school").parents.state == "not_asked"
        assert found.side("parent_child").parents.state == "too_few"
        assert found.side("parent_school").parents.state == "shown"
        row = next(r for r in table(found, "en") if r["id"] == "child_school")
        assert row["parents"] == tr("three_not_asked", "en") and row["parents_n"] == ""

    def test_every_side_in_the_frames_order(self, frame):
        """One row per relation, in the frame's order, then the mirrored items by side."""
        found = three_voices(frame, [])
        assert [s.relation for s in found.sides] == [r.id for r in frame.triangle.relations]
        order = [r.id for r in frame.triangle.relations]
        sides = [order.index(i.side) if i.side in order else 9 for i in found.items]
        assert sides == sorted(sides)

    def test_an_item_mirrored_by_parents_and_children(self, frame):
        """The parent–child communication is mirrored by a statement of parents and one of
        children: the item has all three voices."""
        team = staff("parent_child.communication", [2.0, 2.0, 2.0])
        found = three_voices(
            frame,
            team,
            parents("talk_at_home", [5.0] * 5),
            kids("tell_at_home", [2.0] * 5),
        )
        item = found.item("triangle.parent_child.communication")
        assert (item.team.value, item.parents.value, item.children.value) == (25, 100, 50)
        assert [name for name, _ in item.statements] == ["parents", "children"]

    def test_a_frame_without_a_triangle(self):
        """No triangle, no sides: one clear message."""
        with pytest.raises(InputError, match="no triangle"):
            three_voices(load_frame("samen-met-ouders"), [])

    def test_thresholds_never_lower(self, frame):
        """The thresholds can be raised, never lowered below the privacy module's."""
        with pytest.raises(InputError, match="min_family"):
            three_voices(frame, [], min_family=2)


class TestHiddenEverywhere:
    @pytest.fixture
    def four(self, frame):
        """Four children answering every statement (all "yes"), no team, no parents."""
        answers = [a for item in frame.children.items for a in kids(item.id, [3.0] * 4)]
        return three_voices(frame, [], [], answers)

    def test_no_position_in_the_data(self, four):
        """Every children's position is None; their counts are there."""
        parts = (*four.sides, *four.items)
        assert all(p.children.value is None for p in parts)
        assert four.side("child_school").children.n == 4
        assert not four.any_shown

    def test_no_number_in_the_words(self, four):
        """Neither text alternative nor the table in words says a per cent of theirs."""
        assert percentages(describe(four, "en")) == []
        assert percentages(describe_items(four, "en")) == []
        for row in table(four, "en"):
            assert row["children"] in (tr("alt_too_few", "en"), tr("three_not_asked", "en"))
            assert "%" not in row["children"]

    def test_no_number_in_the_researchers_table(self, four):
        """The DataFrame has NaN, not a number, for the children."""
        frame = three_voices_table(four)
        assert frame["children"].isna().all()
        assert frame.loc[frame["id"] == "child_school", "children_n"].item() == 4

    def test_five_are_shown_in_every_route(self, frame):
        """With a fifth child the same routes give the numbers."""
        answers = [a for item in frame.children.items for a in kids(item.id, [3.0] * 5)]
        found = three_voices(frame, [], [], answers)
        assert "children 100%" in describe(found, "en")
        assert "children 100%" in describe_items(found, "en")
        row = next(r for r in table(found, "en") if r["id"] == "child_school")
        assert (row["children"], row["children_n"]) == ("100%", "5 children")
        assert rows(found)[1]["children"] == 100


class TestWords:
    def test_every_legend_says_the_common_footing(self, frame):
        """The legend, both text alternatives say what 0 % and 100 % are."""
        found = three_voices(frame, [])
        for language in ("nl", "en"):
            footing = tr("three_footing", language)
            assert footing in legend(found, language)
            assert footing in describe(found, language)
            assert footing in describe_items(found, language)

    def test_the_faces_as_positions(self, frame):
        """The legend says what each face is as a position."""
        said = legend(three_voices(frame, []), "nl")
        assert "Nee 0%, Een beetje 50%, Ja 100%" in said

    def test_no_grading_words(self):
        """The texts of the three voices talk, they do not grade."""
        import yaml

        from betrokkenheid.texts import _texts

        words = yaml.safe_dump({k: v for k, v in _texts().items() if k.startswith("three_")})
        for word in ("slecht", "goed zo", "onvoldoende", "effectgrootte", "score", "cijfer"):
            assert word not in words.lower()

    def test_dutch_decimals(self, frame):
        """A per cent is a whole number: no decimal separator to get wrong."""
        team = staff("parent_school.communication", [4.0, 4.0, 5.0])
        said = describe(three_voices(frame, team), "nl")
        assert "team 83%" in said


class TestResearchersTable:
    def test_columns_and_rows(self, frame):
        """A row per side, then per mirrored item; a position and a count per voice."""
        found = three_voices(frame, [])
        table_ = three_voices_table(found, "en")
        assert list(table_.columns) == [
            "kind", "id", "label", "side",
            "team", "team_n", "parents", "parents_n", "children", "children_n",
        ]  # fmt: skip
        assert list(table_["kind"]).count("side") == 3
        assert len(table_) == 3 + len(found.items)
        assert all(math.isnan(v) for v in table_["team"])

    def test_through_the_front_door(self, frame):
        """``btk.three_voices`` and ``btk.three_voices_table`` are the functions, also once
        their module is imported."""
        import betrokkenheid.triangle_voices  # noqa: F401

        assert btk.three_voices is three_voices
        assert btk.three_voices_table is three_voices_table
        assert set(VOICES) == {"team", "parents", "children"}
