"""The partnership triangle, alone and with a baseline beneath the later measurement."""

import matplotlib.pyplot as plt
import pytest

from betrokkenheid import load_frame
from betrokkenheid.analysis import GroupScore
from betrokkenheid.plots import draw_triangle


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def triangle():
    return load_frame("betrokkenheidsboom").partnership_triangle()


LATER = {"parent_school": 3.6, "child_school": 4.2, "parent_child": 2.5}
BEFORE = {"parent_school": 2.8, "child_school": GroupScore(5, 4.4, 0.3), "parent_child": None}


def by_gid(ax, gid):
    return [artist for artist in ax.lines if artist.get_gid() == gid]


def labels(ax):
    return sorted(t.get_text() for t in ax.texts if t.get_gid() == "value")


class TestDrawTriangle:
    def test_returns_the_given_axes(self, triangle):
        """With an Axes the triangle draws there and returns it."""
        _, ax = plt.subplots()
        assert draw_triangle(triangle, LATER, ax=ax) is ax

    def test_without_baseline_one_number_per_edge(self, triangle):
        """Alone, each edge says its score; no baseline line, no legend."""
        ax = draw_triangle(triangle, LATER, language="en")
        assert labels(ax) == ["2.5", "3.6", "4.2"]
        assert by_gid(ax, "baseline") == [] and ax.get_legend() is None


class TestBaseline:
    def test_a_baseline_line_per_known_relation(self, triangle):
        """Each relation with a baseline score has a grey dashed line as thick as that score."""
        ax = draw_triangle(triangle, LATER, baseline=BEFORE, low=1, high=5)
        lines = {line.get_url(): line for line in by_gid(ax, "baseline")}
        assert sorted(lines) == ["child_school", "parent_school"]  # parent_child: no baseline
        assert lines["parent_school"].get_linewidth() == pytest.approx(2 + 12 * 1.8 / 4)
        assert lines["child_school"].get_linewidth() == pytest.approx(2 + 12 * 3.4 / 4)
        assert all(line.get_linestyle() != "-" for line in lines.values())

    def test_edge_labels_read_baseline_then_later(self, triangle):
        """Each edge reads "baseline → later", a dash where a measurement is missing."""
        ax = draw_triangle(triangle, LATER, baseline=BEFORE)
        assert labels(ax) == ["2,8 → 3,6", "4,4 → 4,2", "– → 2,5"]

    def test_the_baseline_lies_outside_its_edge(self, triangle):
        """The baseline line runs beside its edge, away from the middle, never on top of it."""
        ax = draw_triangle(triangle, LATER, baseline=BEFORE)
        (bottom,) = [line for line in by_gid(ax, "baseline") if line.get_url() == "parent_school"]
        assert all(y < 0 for y in bottom.get_ydata())  # the parent-school edge lies at y = 0

    def test_legend_and_scale_in_words(self, triangle):
        """A legend names the two measurements; the scale note says the scale."""
        ax = draw_triangle(
            triangle,
            LATER,
            baseline=BEFORE,
            baseline_label="baseline",
            later_label="later",
            scale_label="scale 1–5",
        )
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["baseline", "later"]
        assert [t.get_text() for t in ax.texts if t.get_gid() == "scale"] == ["scale 1–5"]
