"""Baseline and later in plain words: the words follow the interval of the difference."""

import pytest

from betrokkenheid import load_frame
from betrokkenheid.growth import change_lines, change_rows, direction, word


class TestDirection:
    @pytest.mark.parametrize(
        "low, high, found",
        [(0.1, 0.8, "up"), (-0.1, 0.8, "same"), (0.0, 0.5, "same"), (-0.9, -0.01, "down")],
    )
    def test_the_interval_decides(self, low, high, found):
        """Grown only when the whole interval lies above 0, down only when below it."""
        assert direction(low, high) == found

    def test_no_interval_is_not_to_compare(self):
        """Without an interval (too few people) there is no direction, and the words say so."""
        assert direction(float("nan"), 1.0) is None
        assert word(None, "en") == "cannot be compared yet"


def _people(store, code, values, relation="parent_school"):
    frame = load_frame("betrokkenheidsboom")
    for value in values:
        person = store.join(code, "teacher")
        for quality in frame.triangle.qualities:
            store.save_answer(person, "triangle", f"{relation}.{quality.id}", value)


class TestChangeRows:
    def test_a_clear_rise_a_small_one_and_too_few(self, store):
        """A clear rise is 'grown', a small one in a divided team 'about the same', a
        measurement of two people 'not yet to compare' with no numbers; every number with
        its scale."""
        frame = load_frame("betrokkenheidsboom")
        before = store.create_session("De Linde", frame.id, "baseline")
        after = store.create_session("De Linde", frame.id, "later")
        _people(store, before.code, [2, 2, 3, 2])
        _people(store, after.code, [4, 4, 5, 4])
        _people(store, before.code, [1, 5, 2, 4], "child_school")
        _people(store, after.code, [2, 5, 1, 5], "child_school")
        _people(store, before.code, [3, 3], "parent_child")
        _people(store, after.code, [4, 4, 4, 4], "parent_child")
        rows = {r["scale"]: r for r in change_rows(store, before, after, frame, "en")}
        assert rows["parent_school"]["word"] == "here we have grown"
        assert rows["parent_school"]["before_text"] == "2.2 on 1–5"
        assert rows["parent_school"]["difference_text"] == "+2.0"
        assert rows["child_school"]["word"] == "about the same"
        assert rows["parent_child"]["direction"] is None
        assert rows["parent_child"]["before_text"] == "–"
        lines = change_lines([rows[k] for k in ("parent_school", "parent_child")], "en")
        assert lines[0].startswith("Here we have grown: Parent and school (2.2 → 4.2 on 1–5)")
        assert lines[1].startswith("Cannot be compared yet")
