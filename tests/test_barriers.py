"""The barriers exercise's analysis: barriers per parent group, privacy per group, the plan."""

import pytest

from betrokkenheid import Answer, InputError, load_frame
from betrokkenheid.exercises.barriers import action_plan_html, barriers_by_group, group_rows
from betrokkenheid.privacy import MIN_GROUP

SECTION = load_frame("betrokkenheidsboom").barriers
GROUPS = [g.id for g in SECTION.parent_groups]  # other_language, little_time, bad_memories...


def tick(person, group, barrier, value=1.0):
    return Answer(person, "teacher", "barriers", f"barrier.{group}.{barrier}", value, None)


def other(person, group, text):
    return Answer(person, "teacher", "barriers", f"other.{group}", None, text)


def by_id(found):
    return {g["id"]: g for g in found["groups"]}


def people(group, persons, barrier="time"):
    return [tick(p, group, barrier) for p in persons]


class TestBarriersByGroup:
    def test_counts_per_group_apart(self):
        """The same barrier named for two groups is counted per group, most first, ties in
        the frame's order."""
        rows = [
            *people(GROUPS[0], [1, 2, 3], "time"),
            tick(1, GROUPS[0], "language"),
            tick(2, GROUPS[0], "language"),
            tick(3, GROUPS[0], "costs"),
            tick(3, GROUPS[0], "jargon"),
            *people(GROUPS[1], [1, 2, 3], "language"),
        ]
        groups = by_id(barriers_by_group(rows, SECTION))
        assert groups[GROUPS[0]]["barriers"] == [
            ("time", 3),
            ("language", 2),
            ("jargon", 1),  # jargon comes before costs in the frame
            ("costs", 1),
        ]
        assert groups[GROUPS[1]]["barriers"] == [("language", 3)]
        assert groups[GROUPS[0]]["people"] == groups[GROUPS[1]]["people"] == 3

    def test_groups_in_the_frames_order(self):
        """Every parent group of the frame is there, in its order, answered or not."""
        found = barriers_by_group(people(GROUPS[2], [1, 2, 3]), SECTION)
        assert [g["id"] for g in found["groups"]] == GROUPS

    def test_a_group_under_the_threshold_has_no_numbers(self):
        """A group of fewer than MIN_GROUP people is hidden: no count of people, no
        barriers, no count of typed texts; one more person and it shows."""
        base = people(GROUPS[0], range(10, 10 + MIN_GROUP))
        small = people(GROUPS[1], range(MIN_GROUP - 1))
        tail = people(GROUPS[2], range(20, 20 + MIN_GROUP))  # keeps the rest hidden enough
        extra = people(GROUPS[3], [30])
        hidden = by_id(barriers_by_group([*base, *small, *tail, *extra], SECTION))[GROUPS[1]]
        assert hidden == {
            "id": GROUPS[1],
            "shown": False,
            "people": None,
            "barriers": [],
            "other": None,
        }
        one_more = people(GROUPS[1], [MIN_GROUP - 1])
        shown = by_id(barriers_by_group([*base, *small, *one_more, *tail], SECTION))[GROUPS[1]]
        assert shown["shown"] and shown["people"] == MIN_GROUP

    def test_hidden_groups_together_hold_enough(self):
        """When the hidden groups together hold fewer than MIN_GROUP people, the smallest
        shown group is hidden too (ties: the first in the frame), so the overall count minus
        the shown groups does not tell a small group."""
        rows = [
            *people(GROUPS[0], [1, 2, 3, 4]),
            *people(GROUPS[1], [5, 6, 7]),
            *people(GROUPS[2], [8, 9, 10]),
            *people(GROUPS[3], [11]),
        ]
        found = barriers_by_group(rows, SECTION)
        shown = [g["id"] for g in found["groups"] if g["shown"]]
        assert shown == [GROUPS[0], GROUPS[2]]  # groups 1 and 2 tie: the first one goes
        assert found["people"] == 11

    def test_people_of_hidden_groups_only_count_once(self):
        """One person may answer for several groups: the people who answered for hidden
        groups only are none or at least MIN_GROUP as well."""
        rows = [
            *people(GROUPS[0], [1, 2, 3]),
            *people(GROUPS[1], [5, 6, 7, 8]),
            *people(GROUPS[2], [4]),
            *people(GROUPS[3], [1, 2]),  # also in the first group
        ]
        # the hidden groups hold 3 (1 + 2), but only person 4 is in no shown group: 8 - 7
        found = barriers_by_group(rows, SECTION)
        assert [g["id"] for g in found["groups"] if g["shown"]] == [GROUPS[1]]

    def test_overlapping_people_of_shown_groups(self):
        """People in a shown group who also answered for a small group do not hide more."""
        rows = [
            *people(GROUPS[0], [1, 2, 3]),
            *people(GROUPS[1], [1, 2, 3]),
            tick(1, GROUPS[2], "x"),
        ]
        found = barriers_by_group(rows, SECTION)  # an unknown barrier: not counted at all
        assert [g["id"] for g in found["groups"] if g["shown"]] == GROUPS[:2]

    def test_too_few_overall_hides_every_group(self):
        """Below MIN_GROUP people overall nothing is shown, whatever the groups."""
        rows = [tick(p, g, "time") for p in range(MIN_GROUP - 1) for g in GROUPS]
        found = barriers_by_group(rows, SECTION)
        assert found["shown"] is False and found["people"] == MIN_GROUP - 1
        assert not any(g["shown"] for g in found["groups"])

    def test_typed_other_is_counted_never_returned(self):
        """A typed "something else" counts its person and is counted, its text left out;
        an empty one counts nothing."""
        rows = [
            *people(GROUPS[0], [1, 2]),
            other(3, GROUPS[0], "Geheim <b>verhaal</b>"),
            other(4, GROUPS[0], "   "),
            other(5, GROUPS[0], None),
        ]
        found = barriers_by_group(rows, SECTION)
        group = by_id(found)[GROUPS[0]]
        assert group["people"] == 3 and group["other"] == 1
        assert group["barriers"] == [("time", 2)]
        assert "Geheim" not in repr(found)

    def test_unticked_and_unknown_are_left_out(self):
        """A tick taken back (0), a group or barrier the frame does not have: not counted."""
        rows = [
            *people(GROUPS[0], [1, 2, 3]),
            tick(4, GROUPS[0], "time", 0.0),
            tick(5, "gone_group", "time"),
            Answer(6, "teacher", "barriers", "vote.interpreter", 1.0, None),
        ]
        found = barriers_by_group(rows, SECTION)
        assert found["people"] == 3
        assert by_id(found)[GROUPS[0]]["barriers"] == [("time", 3)]

    def test_a_higher_threshold(self):
        """The threshold can be raised: a group of 4 is then hidden."""
        rows = [*people(GROUPS[0], range(5)), *people(GROUPS[1], range(10, 14))]
        assert [g["shown"] for g in barriers_by_group(rows, SECTION)["groups"]][:2] == [True] * 2
        found = barriers_by_group(rows, SECTION, min_group=5)
        assert not any(g["shown"] for g in found["groups"])  # 4 hidden: the 5 go with them

    def test_never_below_the_privacy_threshold(self):
        """A threshold below MIN_GROUP is refused."""
        with pytest.raises(InputError, match="min_group"):
            barriers_by_group(people(GROUPS[0], [1, 2, 3]), SECTION, min_group=MIN_GROUP - 1)


class TestGroupRows:
    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_labels_in_the_language_and_at_most_top(self, language):
        """Groups and barriers carry their labels; at most ``top`` barriers per group."""
        barriers = [b.id for b in SECTION.barriers][:4]
        rows = [tick(p, GROUPS[0], b) for p in (1, 2, 3) for b in barriers]
        first = group_rows(rows, SECTION, language, top=2)["groups"][0]
        assert first["label"] == SECTION.parent_groups[0].label.get(language)
        assert [b["label"] for b in first["barriers"]] == [
            b.label.get(language) for b in SECTION.barriers[:2]
        ]


class TestActionPlanHtml:
    def test_typed_text_is_escaped_and_stacks(self):
        """Every typed part is escaped; the table stacks on a phone, each cell named."""
        plan = [
            {
                "id": "a",
                "opportunity": "Koffie & thee",
                "actions": [{"what": "<script>x</script>", "who": '"wij"'}, {}],
            }
        ]
        table = action_plan_html(plan, "nl")
        assert "<script>" not in table and "&lt;script&gt;x&lt;/script&gt;" in table
        assert "Koffie &amp; thee" in table and "&quot;wij&quot;" in table
        assert 'class="btk-plan btk-stack"' in table and 'rowspan="2"' in table
        assert table.count('data-label="Wat doen we?"') == 2


def test_the_caption_names_barriers_only_once_three_named_some():
    """Three voted but only two named barriers: the team picture's caption names none."""
    from betrokkenheid import Store
    from betrokkenheid.exercises import team_picture
    from betrokkenheid.pictures import Canvas

    frame = load_frame("betrokkenheidsboom")
    store = Store("sqlite://")
    session = store.create_session("De Linde", frame.id, "baseline")
    chance, group = frame.barriers.opportunities[0].id, frame.barriers.parent_groups[0].id
    barrier = frame.barriers.barriers[0]
    for i in range(3):
        me = store.join(session.code, "teacher")
        store.save_answer(me, "barriers", f"vote.{chance}", 1)
        if i < 2:
            store.save_answer(me, "barriers", f"barrier.{group}.{barrier.id}", 1)
    answers = store.session_answers(session, "barriers")
    caption, _ = team_picture("barriers", frame, answers, "en", Canvas().axes)
    assert barrier.label.get("en") not in caption
    third = store.join(session.code, "teacher")
    store.save_answer(third, "barriers", f"barrier.{group}.{barrier.id}", 1)
    answers = store.session_answers(session, "barriers")
    caption, _ = team_picture("barriers", frame, answers, "en", Canvas().axes)
    assert barrier.label.get("en") in caption
