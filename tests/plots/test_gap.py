"""The gap chart: statements as dumbbells of present and important, grouped by perspective."""

from types import SimpleNamespace

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from betrokkenheid.analysis import GroupScore
from betrokkenheid.plots import draw_gap
from betrokkenheid.plots.gap import IMPORTANT, MISSING, PRESENT


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def rows():
    return [
        {"group": "Ouder", "label": "Ouders voelen zich welkom.", "present": 3.0, "important": 5.0},
        {
            "group": "Ouder",
            "label": "Ouders kennen de leerkracht.",
            "present": 4.0,
            "important": 4.5,
        },
        {"group": "Kind", "label": "Het kind merkt respect.", "present": 2.0, "important": 2.5},
    ]


def texts(ax, gid):
    return [t for t in ax.texts if t.get_gid() == gid]


def line(ax, gid):
    (found,) = [artist for artist in ax.lines if artist.get_gid() == gid]
    return found


def collection(ax, gid):
    return [c for c in ax.collections if c.get_gid() == gid]


class TestDrawGap:
    def test_new_figure_when_no_axes(self, rows):
        """Without an Axes the chart makes its own figure and returns the Axes."""
        ax = draw_gap(rows)
        assert ax.figure is not None
        assert ax in ax.figure.axes

    def test_draws_on_the_given_axes(self, rows):
        """With an Axes the chart draws there and returns that same Axes."""
        _, ax = plt.subplots()
        assert draw_gap(rows, ax=ax) is ax

    def test_one_label_per_statement_and_a_heading_per_group(self, rows):
        """Every statement has a label; every perspective one heading, in order of appearance."""
        ax = draw_gap(rows)
        assert [t.get_text() for t in texts(ax, "statement")] == [r["label"] for r in rows]
        assert [t.get_text() for t in texts(ax, "heading")] == ["Ouder", "Kind"]

    def test_dots_sit_at_the_values_on_the_statement_rows(self, rows):
        """A present dot and an important dot per statement, at the rated values, on its row."""
        ax = draw_gap(rows)
        present, important = line(ax, "present"), line(ax, "important")
        row_y = [t.get_position()[1] for t in texts(ax, "statement")]
        assert list(present.get_xdata()) == [3.0, 4.0, 2.0]
        assert list(important.get_xdata()) == [5.0, 4.5, 2.5]
        assert list(present.get_ydata()) == row_y == list(important.get_ydata())

    def test_rows_are_grouped_under_their_heading(self):
        """Statements of one perspective stay together even when the rows interleave."""
        rows = [
            {"group": "A", "label": "a1", "present": 1, "important": 2},
            {"group": "B", "label": "b1", "present": 1, "important": 2},
            {"group": "A", "label": "a2", "present": 1, "important": 2},
        ]
        ax = draw_gap(rows)
        assert [t.get_text() for t in texts(ax, "statement")] == ["a1", "a2", "b1"]

    def test_the_two_dots_differ_in_colour_and_shape(self, rows):
        """Present and important differ in colour and in marker, for colour-blind readers."""
        ax = draw_gap(rows)
        present, important = line(ax, "present"), line(ax, "important")
        assert to_hex(present.get_color()) == PRESENT.lower()
        assert to_hex(important.get_color()) == IMPORTANT.lower()
        assert present.get_marker() != important.get_marker()

    def test_a_line_joins_the_two_dots(self, rows):
        """Each complete statement has a line from its present to its important value."""
        ax = draw_gap(rows)
        (gaps,) = collection(ax, "gap_lines")
        ends = [sorted(segment[:, 0].tolist()) for segment in gaps.get_segments()]
        assert ends == [[3.0, 5.0], [4.0, 4.5], [2.0, 2.5]]

    def test_group_score_gives_mean_and_spread_bar(self):
        """A GroupScore puts the dot at its mean, with a bar of mean ± spread beside it."""
        row = {
            "group": "Ouder",
            "label": "x",
            "present": GroupScore(5, 3.0, 0.5),
            "important": GroupScore(5, 4.0, 2.0),
        }
        ax = draw_gap([row], low=1, high=5)
        assert list(line(ax, "present").get_xdata()) == [3.0]
        bars = sorted(
            sorted(segment[:, 0].tolist())
            for bar in collection(ax, "spread")
            for segment in bar.get_segments()
        )
        assert bars == [[2.0, 5.0], [2.5, 3.5]]  # 4 ± 2 is cut at the end of the scale

    def test_missing_score_leaves_the_dot_out_and_greys_the_label(self):
        """None, or a hidden GroupScore, draws no dot, no gap and a grey label."""
        rows = [
            {"group": "G", "label": "none", "present": None, "important": 4.0},
            {
                "group": "G",
                "label": "hidden",
                "present": 2.0,
                "important": GroupScore(2, None, None),
            },
        ]
        ax = draw_gap(rows)
        assert list(line(ax, "present").get_xdata()) == [2.0]
        assert list(line(ax, "important").get_xdata()) == [4.0]
        assert [t.get_text() for t in texts(ax, "gap")] == ["–", "–"]
        assert {to_hex(t.get_color()) for t in texts(ax, "statement")} == {MISSING}
        assert collection(ax, "gap_lines")[0].get_segments() == []

    def test_objects_with_attributes_work_like_mappings(self):
        """Rows may be objects with attributes instead of dicts."""
        row = SimpleNamespace(group="Kind", label="x", present=2.0, important=3.5)
        ax = draw_gap([row])
        assert list(line(ax, "important").get_xdata()) == [3.5]

    def test_gap_written_with_a_decimal_comma_in_dutch(self, rows):
        """Gaps are important − present, signed, with a decimal comma in Dutch."""
        ax = draw_gap(rows, language="nl")
        assert [t.get_text() for t in texts(ax, "gap")] == ["+2,0", "+0,5", "+0,5"]

    def test_gap_written_with_a_point_in_english(self, rows):
        """In English the same gaps have a decimal point."""
        ax = draw_gap(rows, language="en")
        assert [t.get_text() for t in texts(ax, "gap")] == ["+2.0", "+0.5", "+0.5"]

    def test_largest_gap_is_bold(self):
        """The statement with the biggest gap, either way, has its gap in bold."""
        rows = [
            {"group": "G", "label": "a", "present": 3.0, "important": 4.0},
            {"group": "G", "label": "b", "present": 5.0, "important": 2.5},
        ]
        ax = draw_gap(rows)
        weights = {t.get_text(): t.get_fontweight() for t in texts(ax, "gap")}
        assert weights == {"+1,0": "normal", "−2,5": "bold"}

    def test_long_statements_are_wrapped(self):
        """A long statement is wrapped into lines of at most 45 characters."""
        label = (
            "Ouders en leerkrachten spreken elkaar regelmatig over hoe het kind leert en groeit."
        )
        ax = draw_gap([{"group": "G", "label": label, "present": 1, "important": 2}])
        (text,) = texts(ax, "statement")
        assert "\n" in text.get_text()
        assert max(len(part) for part in text.get_text().split("\n")) <= 45
        assert text.get_text().replace("\n", " ") == label

    def test_x_axis_spans_the_scale(self, rows):
        """The x axis covers the scale from low to high, one tick per step."""
        ax = draw_gap(rows, low=1, high=4)
        left, right = ax.get_xlim()
        assert left < 1 and right > 4
        assert list(ax.get_xticks()) == [1, 2, 3, 4]

    def test_scale_labels_under_the_steps(self, rows):
        """Texts for the steps of the scale are written under them; a wrong count is refused."""
        ax = draw_gap(rows, low=1, high=3, scale_labels=["laag", "midden", "hoog"])
        assert [t.get_text() for t in texts(ax, "scale")] == ["laag", "midden", "hoog"]
        with pytest.raises(ValueError, match="needs 3 texts"):
            draw_gap(rows, low=1, high=3, scale_labels=["laag", "hoog"])

    def test_legend_texts_come_from_the_caller(self, rows):
        """The legend uses the texts passed in."""
        ax = draw_gap(rows, present_label="present here", important_label="important to us")
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend == ["present here", "important to us"]

    def test_labels_are_shown_literally(self):
        """A label with dollar signs is plain text, never mathtext."""
        ax = draw_gap([{"group": "$G$", "label": "$x^2$ <b>", "present": 1, "important": 2}])
        ax.figure.canvas.draw()
        for text in texts(ax, "statement") + texts(ax, "heading"):
            assert text.get_parse_math() is False
            assert text.get_text().startswith("$")

    def test_redraw_on_a_cleared_axes(self, rows):
        """Clearing the Axes and drawing again gives the same chart, nothing left over."""
        ax = draw_gap(rows)
        ax.clear()
        draw_gap(rows[:1], ax=ax)
        ax.clear()
        draw_gap(rows, ax=ax)
        ax.figure.canvas.draw()
        assert len(texts(ax, "statement")) == 3
        assert len([artist for artist in ax.lines if artist.get_gid() == "present"]) == 1

    def test_no_rows_draws_an_empty_chart(self):
        """No statements: an empty chart, not an error."""
        ax = draw_gap([])
        ax.figure.canvas.draw()
        assert texts(ax, "statement") == []
