"""The climate radar: the team's median, spread and my own placement per component."""

import math
from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np
import pytest

from betrokkenheid.analysis import GroupScore
from betrokkenheid.plots import draw_radar

LEVELS = ["Beginnend", "In ontwikkeling", "Gevorderd", "Inspirerend"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def components():
    return [
        {"label": "Visie", "median": 2.0, "low": 1.0, "high": 3.0, "mine": 3.0},
        {
            "label": "Gedrag van alle medewerkers",
            "median": 3.0,
            "low": 2.0,
            "high": 4.0,
            "mine": 2.0,
        },
        {"label": "Actief betrokken ouders", "median": 1.5, "low": 1.0, "high": 2.0, "mine": None},
        {"label": "Ouders als gesprekspartner", "median": 4.0, "low": 3.0, "high": 4.0},
    ]


def line(ax, gid):
    found = [artist for artist in ax.lines if artist.get_gid() == gid]
    return found[0] if found else None


def texts(ax, gid):
    return [t for t in ax.texts if t.get_gid() == gid]


def values(data):
    """Numbers for comparing, with nan as None."""
    return [None if math.isnan(v) else v for v in np.asarray(data, dtype=float)]


class TestDrawRadar:
    def test_new_polar_axes_when_no_axes(self, components):
        """Without an Axes the radar makes a figure with a polar Axes and returns it."""
        ax = draw_radar(components, levels=LEVELS)
        assert ax.name == "polar"

    def test_draws_on_the_given_polar_axes(self, components):
        """With a polar Axes the radar draws there and returns that same Axes."""
        _, ax = plt.subplots(subplot_kw={"projection": "polar"})
        assert draw_radar(components, levels=LEVELS, ax=ax) is ax

    def test_refuses_an_axes_that_is_not_polar(self, components):
        """A flat Axes is a ValueError that says a polar one is needed."""
        _, ax = plt.subplots()
        with pytest.raises(ValueError, match="polar"):
            draw_radar(components, levels=LEVELS, ax=ax)

    def test_median_polygon_goes_through_the_medians(self, components):
        """The team line has a vertex per component at its median, closed at the first."""
        ax = draw_radar(components, levels=LEVELS)
        median = line(ax, "median")
        assert values(median.get_ydata()) == [2.0, 3.0, 1.5, 4.0, 2.0]
        angles = median.get_xdata()
        assert angles[:4] == pytest.approx([0, math.pi / 2, math.pi, 3 * math.pi / 2])
        assert angles[-1] == pytest.approx(2 * math.pi)

    def test_missing_median_leaves_a_gap(self, components):
        """A None median is a gap in the line (nan), not a point and not an error."""
        components[1]["median"] = None
        ax = draw_radar(components, levels=LEVELS)
        assert values(line(ax, "median").get_ydata()) == [2.0, None, 1.5, 4.0, 2.0]

    def test_spread_band_runs_from_low_to_high(self, components):
        """The shaded band has its corners at each component's low and high."""
        ax = draw_radar(components, levels=LEVELS)
        (band,) = [p for p in ax.patches if p.get_gid() == "spread"]
        corners = {(round(t % (2 * math.pi), 6), r) for t, r in band.get_path().vertices}
        for i, c in enumerate(components):
            angle = round(2 * math.pi * i / 4, 6)
            assert (angle, c["low"]) in corners
            assert (angle, c["high"]) in corners

    def test_hidden_spread_is_left_out(self, components):
        """Without low and high on a component, the band skips its two sides."""
        components[2]["low"] = components[2]["high"] = None
        ax = draw_radar(components, levels=LEVELS)
        (band,) = [p for p in ax.patches if p.get_gid() == "spread"]
        assert len(band.get_path().vertices) == 2 * 5  # two of the four sides remain

    def test_my_placement_is_a_dashed_line_with_other_markers(self, components):
        """My own levels are a dashed line with square markers, None as a gap."""
        ax = draw_radar(components, levels=LEVELS)
        mine, median = line(ax, "mine"), line(ax, "median")
        assert values(mine.get_ydata()) == [3.0, 2.0, None, None, 3.0]
        assert mine.get_linestyle() != "-"
        assert mine.get_marker() != median.get_marker()

    def test_level_names_on_the_rings(self, components):
        """Each level name sits on its ring: level 1 at radius 1, and so on."""
        ax = draw_radar(components, levels=LEVELS)
        rings = [(t.get_text(), t.get_position()[1]) for t in texts(ax, "level")]
        assert rings == [(name, level) for level, name in enumerate(LEVELS, start=1)]
        assert list(ax.get_yticks()) == [1, 2, 3, 4]

    def test_component_names_are_wrapped_and_literal(self):
        """Component names are wrapped in short lines and never read as mathtext."""
        long = "Samen verantwoordelijk voor $leren$ en ontwikkeling"
        ax = draw_radar([{"label": long, "median": 2, "low": None, "high": None}], levels=LEVELS)
        (text,) = texts(ax, "component")
        assert text.get_text().replace("\n", " ") == long
        assert max(len(part) for part in text.get_text().split("\n")) <= 18
        assert text.get_parse_math() is False

    def test_all_missing_draws_without_error(self):
        """Nothing known yet: rings and names, no lines, no legend, no error."""
        components = [
            {"label": "a", "median": None, "low": None, "high": None, "mine": None},
            {"label": "b", "median": None, "low": None, "high": None},
        ]
        ax = draw_radar(components, levels=LEVELS)
        ax.figure.canvas.draw()
        assert line(ax, "mine") is None
        assert ax.get_legend() is None

    def test_group_score_and_objects_are_accepted(self):
        """Components may be objects, and a median may be a GroupScore-like mean."""
        component = SimpleNamespace(
            label="Visie", median=GroupScore(4, 2.5, 0.5), low=2, high=3, mine=None
        )
        ax = draw_radar([component, component, component], levels=LEVELS)
        assert values(line(ax, "median").get_ydata()) == [2.5] * 4

    def test_values_with_a_decimal_comma_in_dutch(self, components):
        """Shown values use a decimal comma in Dutch and a point in English."""
        ax = draw_radar(components, levels=LEVELS, show_values=True, language="nl")
        assert [t.get_text() for t in texts(ax, "value")] == ["2,0", "3,0", "1,5", "4,0"]
        ax.clear()
        draw_radar(components, levels=LEVELS, show_values=True, language="en", ax=ax)
        assert [t.get_text() for t in texts(ax, "value")] == ["2.0", "3.0", "1.5", "4.0"]

    def test_legend_texts_come_from_the_caller(self, components):
        """The legend uses the texts passed in."""
        ax = draw_radar(
            components, levels=LEVELS, median_label="team", spread_label="range", mine_label="me"
        )
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["team", "range", "me"]

    def test_redraw_on_a_cleared_axes(self, components):
        """Clearing the Axes and drawing again leaves nothing of the first radar."""
        ax = draw_radar(components, levels=LEVELS)
        ax.clear()
        draw_radar(components[:2], levels=LEVELS[:2], ax=ax)
        ax.clear()
        draw_radar(components, levels=LEVELS, ax=ax)
        ax.figure.canvas.draw()
        assert len([a for a in ax.lines if a.get_gid() == "median"]) == 1
        assert len(texts(ax, "component")) == 4
        assert len(texts(ax, "level")) == 4


class TestBaseline:
    def test_baseline_is_a_grey_dashed_line_beneath(self, components):
        """A baseline is its own closed line, dashed, beneath the team's line, None as a gap."""
        ax = draw_radar(components, levels=LEVELS, baseline=[1.0, 2.5, None, 3.0])
        before, median = line(ax, "baseline"), line(ax, "median")
        assert values(before.get_ydata()) == [1.0, 2.5, None, 3.0, 1.0]
        assert values(median.get_ydata()) == [2.0, 3.0, 1.5, 4.0, 2.0]
        assert list(before.get_xdata()) == pytest.approx(list(median.get_xdata()))
        assert before.get_linestyle() != "-" and before.get_marker() != median.get_marker()
        assert before.get_zorder() < median.get_zorder()

    def test_legend_names_both_measurements_in_words(self, components):
        """The legend says which line is the baseline and which the later measurement."""
        ax = draw_radar(
            components,
            levels=LEVELS,
            baseline=[1.0, 2.0, 1.0, 3.0],
            baseline_label="nulmeting",
            median_label="latere meting",
        )
        names = [t.get_text() for t in ax.get_legend().get_texts()]
        assert names[:2] == ["nulmeting", "latere meting"]

    def test_scale_note(self, components):
        """The scale note is written under the chart, literally."""
        ax = draw_radar(components, levels=LEVELS, scale_label="schaal 1–4 ($x$)")
        (note,) = texts(ax, "scale")
        assert note.get_text() == "schaal 1–4 ($x$)" and note.get_parse_math() is False

    def test_without_baseline_nothing_changes(self, components):
        """No baseline: no baseline line and no scale note."""
        ax = draw_radar(components, levels=LEVELS)
        assert line(ax, "baseline") is None and texts(ax, "scale") == []

    def test_baseline_of_the_wrong_length(self, components):
        """A baseline needs one value per component."""
        with pytest.raises(ValueError, match="one baseline value per component"):
            draw_radar(components, levels=LEVELS, baseline=[1.0])


class TestWanted:
    def test_wanted_is_a_line_of_its_own_told_apart_by_shape(self, components):
        """Where the team wants to be is its own closed line, with other markers and dashes."""
        for component, aim in zip(components, (3.0, 4.0, None, 4.0), strict=True):
            component["wanted"] = aim
        ax = draw_radar(components, levels=LEVELS, wanted_label="waar we naartoe willen")
        wanted, median = line(ax, "wanted"), line(ax, "median")
        assert values(wanted.get_ydata()) == [3.0, 4.0, None, 4.0, 3.0]
        assert wanted.get_marker() not in {median.get_marker(), line(ax, "mine").get_marker()}
        assert wanted.get_linestyle() != median.get_linestyle()
        names = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "waar we naartoe willen" in names

    def test_no_wanted_no_line(self, components):
        """Without levels wanted there is no line and no legend entry for them."""
        ax = draw_radar(components, levels=LEVELS)
        assert line(ax, "wanted") is None
