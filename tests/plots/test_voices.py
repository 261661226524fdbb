"""What parents say beside the team: three marks per statement on the parents' scale."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

from betrokkenheid.plots import draw_voices, voices_layout
from betrokkenheid.plots.voices import EXPECTED, PARENTS, TEAM


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def rows():
    return [
        {"label": "Ik kan meepraten.", "team": 3.0, "expected": 4.0, "parents": 2.0},
        {"label": "Ik voel me welkom.", "team": 3.5, "expected": 3.5, "parents": 4.5},
        {"label": "Ik ken andere ouders.", "team": 2.0, "expected": 3.0, "parents": None},
    ]


def line(ax, gid):
    (found,) = [artist for artist in ax.lines if artist.get_gid() == gid]
    return found


def texts(ax, gid):
    return [t.get_text() for t in ax.texts if t.get_gid() == gid]


class TestDrawVoices:
    def test_new_figure_or_the_given_axes(self, rows):
        """Without an Axes a figure of its own; with one, that Axes is drawn on and returned."""
        assert draw_voices(rows).figure is not None
        _, ax = plt.subplots()
        assert draw_voices(rows, ax=ax) is ax

    def test_three_marks_apart_by_shape_and_colour(self, rows):
        """Team circles, expected triangles, parents squares, each in its own colour; a
        missing value has no mark."""
        ax = draw_voices(rows)
        shapes = {gid: line(ax, gid).get_marker() for gid in ("team", "expected", "parents")}
        assert shapes == {"team": "o", "expected": "^", "parents": "s"}
        colours = {to_hex(line(ax, g).get_color()) for g in ("team", "expected", "parents")}
        assert colours == {TEAM, EXPECTED, PARENTS}
        assert list(line(ax, "parents").get_xdata()) == [2.0, 4.5]
        assert list(line(ax, "expected").get_xdata()) == [4.0, 3.5, 3.0]

    def test_in_the_order_given_with_the_surprise_at_the_right(self, rows):
        """Rows from the top in the given order; the surprise is parents − expected, '–'
        without what parents said, the largest in bold."""
        ax = draw_voices(rows, language="en")
        assert texts(ax, "statement") == [r["label"] for r in rows]
        ys = [t.get_position()[1] for t in ax.texts if t.get_gid() == "statement"]
        assert ys == sorted(ys) and ax.yaxis_inverted()
        assert texts(ax, "surprise") == ["−2.0", "+1.0", "–"]
        bold = [t.get_fontweight() for t in ax.texts if t.get_gid() == "surprise"]
        assert bold == ["bold", "normal", "normal"]

    def test_scale_in_words_and_legend(self, rows):
        """The parents' scale has its words under the steps; the legend names the marks."""
        words = ["Nee", "Eerder niet", "Een beetje", "Eerder wel", "Ja"]
        ax = draw_voices(rows, scale_labels=words, team_label="team", parents_label="$ouders$")
        assert texts(ax, "scale") == words
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend[0] == "team" and legend[2] == "$ouders$"

    def test_wrong_number_of_scale_words(self, rows):
        """Scale words must match the steps."""
        with pytest.raises(ValueError, match="5 texts"):
            draw_voices(rows, scale_labels=["a", "b"])

    def test_labels_are_text_not_math(self):
        """A statement with dollar signs stays as typed."""
        ax = draw_voices([{"label": "$x$ <b>", "team": None, "expected": None, "parents": None}])
        (label,) = [t for t in ax.texts if t.get_gid() == "statement"]
        assert label.get_text() == "$x$ <b>" and not label.get_parse_math()

    def test_layout_grows_with_rows(self, rows):
        """More statements, a taller figure."""
        assert voices_layout(rows * 4)[0][1] > voices_layout(rows)[0][1]
