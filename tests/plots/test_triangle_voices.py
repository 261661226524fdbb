"""The three voices' pictures: the triangle with three marks per side, and the dot plot per
mirrored item, on one axis from 0 to 100 %."""

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex

import betrokkenheid as btk
from betrokkenheid.palette import BLUE, GREEN, ORANGE
from betrokkenheid.plots import (
    draw_item_voices,
    draw_three_voices,
    item_voices_layout,
    three_voices_layout,
)
from betrokkenheid.plots.triangle import POSITIONS
from betrokkenheid.plots.triangle_voices import VOICE_STYLE, side_fraction

VOICES = ("team", "parents", "children")
PHONE = 360  # CSS pixels: the narrowest screen the pictures are shown at full width on


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def sides():
    return [
        {"relation": "parent_school", "between": ("parent", "professional"),
         "team": 75.0, "parents": 60.0, "children": 20.0},
        {"relation": "child_school", "between": ("child", "professional"),
         "team": 50.0, "parents": None, "parents_state": "not_asked", "children": 100.0},
        {"relation": "parent_child", "between": ("parent", "child"),
         "team": 0.0, "parents": 40.0, "children": None, "children_state": "too_few"},
    ]  # fmt: skip


def marks(ax):
    """(voice, relation) → the mark drawn there."""
    return {(line.get_gid(), line.get_url()): line for line in ax.lines if line.get_url()}


def distance_from_side(between, x, y):
    (x1, y1), (x2, y2) = (POSITIONS[a] for a in between)
    return (
        abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    )


def smallest_font_px(figure):
    """The smallest text of the figure in pixels when it is shown ``PHONE`` pixels wide."""
    scale = PHONE / (figure.get_size_inches()[0] * 72)
    texts = [t for t in figure.findobj(lambda a: hasattr(a, "get_fontsize")) if t.get_text()]
    return min(t.get_fontsize() for t in texts) * scale


class TestTriangle:
    def test_new_figure_or_the_given_axes(self, sides):
        """Without an Axes a figure of its own; with one, that Axes is drawn on."""
        assert draw_three_voices(sides).figure is not None
        _, ax = plt.subplots()
        assert draw_three_voices(sides, ax=ax) is ax

    def test_three_marks_per_side_in_their_colours_and_shapes(self, sides):
        """Every voice shown on a side has one mark there: the team a blue circle, parents
        a green square, children an orange diamond (Okabe and Ito), edged for grey."""
        sides[1]["parents"], sides[1]["parents_state"] = 30.0, "shown"
        sides[2]["children"], sides[2]["children_state"] = 80.0, "shown"
        drawn = marks(draw_three_voices(sides))
        assert len(drawn) == 9
        for (voice, _relation), line in drawn.items():
            assert (
                to_hex(line.get_color())
                == {"team": BLUE, "parents": GREEN, "children": ORANGE}[voice]
            )
            assert line.get_marker() == {"team": "o", "parents": "s", "children": "D"}[voice]
            assert line.get_markeredgecolor() != line.get_color()

    def test_each_mark_at_its_position_along_its_side(self, sides):
        """A mark lies where its position is along its side's ruler (0 % at the lower or
        left corner), the three voices in lanes further and further out."""
        drawn = marks(draw_three_voices(sides))
        for side in sides:
            away = []
            for voice in VOICES:
                line = drawn.get((voice, side["relation"]))
                if side[voice] is None:
                    assert line is None
                    continue
                x, y = line.get_xdata()[0], line.get_ydata()[0]
                assert side_fraction(side["between"], x, y) == pytest.approx(side[voice] / 100)
                away.append(distance_from_side(side["between"], x, y))
            assert away == sorted(away)

    def test_zero_at_the_bottom_of_a_slanted_side(self, sides):
        """On the slanted sides 100 % is the upper end: the team's 0 % lies nearer the
        parent than the child."""
        line = marks(draw_three_voices(sides))["team", "parent_child"]
        assert line.get_ydata()[0] < POSITIONS["child"][1] / 2

    def test_not_enough_answers_said_as_such(self, sides):
        """A voice without a position has no mark but words in its lane: too few answers,
        or no questions; no number."""
        ax = draw_three_voices(
            sides, labels={"team": "Team", "parents": "Ouders", "children": "Kinderen"}
        )
        said = {t.get_url(): (t.get_gid(), t.get_text()) for t in ax.texts if t.get_url()}
        assert said == {
            "parents@child_school": ("not_asked", "Ouders: geen vragen"),
            "children@parent_child": ("too_few", "Kinderen: te weinig antwoorden"),
        }

    def test_a_hidden_state_draws_no_value(self, sides):
        """A value handed over with a state other than shown is never drawn."""
        sides[0]["children_state"] = "too_few"
        assert ("children", "parent_school") not in marks(draw_three_voices(sides))

    def test_legend_in_words_and_the_footing(self, sides):
        """The legend names the three voices in words beside their marks; a line under it
        says what 0 % and 100 % are."""
        ax = draw_three_voices(
            sides,
            labels={"team": "Team", "parents": "Ouders", "children": "Kinderen"},
            footing="0% = het laagste antwoord",
        )
        legend = ax.get_legend()
        assert [t.get_text() for t in legend.get_texts()] == ["Team", "Ouders", "Kinderen"]
        markers = [h.get_marker() for h in legend.legend_handles]
        assert markers == [VOICE_STYLE[v]["marker"] for v in VOICES]
        assert any(t.get_text() == "0% = het laagste antwoord" for t in ax.figure.texts)

    def test_corners_named(self, sides):
        """The corners carry the frame's names."""
        ax = draw_three_voices(
            sides, actors={"child": "Kind", "parent": "Ouder", "professional": "School"}
        )
        assert sorted(t.get_text() for t in ax.texts if t.get_gid() == "actor") == [
            "Kind",
            "Ouder",
            "School",
        ]

    def test_readable_on_a_phone(self, sides):
        """Shown at a phone's width, no text is smaller than 9 pixels."""
        from matplotlib.figure import Figure

        size, rect = three_voices_layout()
        ax = Figure(figsize=size).add_axes(rect)
        draw_three_voices(sides, ax=ax)
        assert smallest_font_px(ax.figure) >= 9


@pytest.fixture
def rows():
    return [
        {"label": "Communicatie", "team": 75.0, "parents": 50.0, "children": 100.0},
        {"label": "Vertrouwen en respect", "team": 25.0, "parents": None,
         "parents_state": "not_asked", "children": None},
        {"label": "Samen verantwoordelijk", "team": None, "parents": 10.0, "children": 0.0},
    ]  # fmt: skip


class TestDotPlot:
    def test_three_dots_per_row_at_their_positions(self, rows):
        """Each voice a line of dots at its positions in per cent; none where hidden."""
        ax = draw_item_voices(rows)
        xs = {
            line.get_gid(): [float(x) for x in line.get_xdata()]
            for line in ax.lines
            if line.get_gid() in VOICES
        }
        assert xs == {"team": [75, 25], "parents": [50, 10], "children": [100, 0]}
        colours = {to_hex(line.get_color()) for line in ax.lines if line.get_gid() in VOICES}
        assert colours == {BLUE, GREEN, ORANGE}

    def test_rows_from_the_top_dots_under_their_words(self, rows):
        """The rows in the order given, from the top; each row's dots lie below its words."""
        ax = draw_item_voices(rows)
        labels = [t for t in ax.texts if t.get_gid() == "item"]
        assert [t.get_text() for t in labels] == [r["label"] for r in rows]
        ys = [t.get_position()[1] for t in labels]
        assert ys == sorted(ys) and ax.yaxis_inverted()
        team = next(line for line in ax.lines if line.get_gid() == "team")
        assert all(dot > ys[0] for dot in team.get_ydata()[:1])
        assert team.get_ydata()[1] > ys[1]

    def test_an_axis_in_per_cent(self, rows):
        """The axis runs from 0 % to 100 %, written as per cents."""
        ax = draw_item_voices(rows, language="en")
        below = [tick.label1.get_text() for tick in ax.xaxis.get_major_ticks()]
        above = [tick.label2.get_text() for tick in ax.xaxis.get_major_ticks()]
        assert below == above == ["0%", "25%", "50%", "75%", "100%"]
        assert ax.get_xlim()[0] < 0 and ax.get_xlim()[1] > 100

    def test_missing_voices_said_under_the_words(self, rows):
        """A row says which voices have too few answers or were not asked; with
        ``not_asked=None`` only the first."""
        ax = draw_item_voices(rows)
        notes = [" ".join(t.get_text().split()) for t in ax.texts if t.get_gid() == "note"]
        assert notes == [
            "kinderen: te weinig antwoorden · ouders: geen vragen",
            "team: te weinig antwoorden",
        ]
        ax = draw_item_voices(rows, not_asked=None)
        assert [" ".join(t.get_text().split()) for t in ax.texts if t.get_gid() == "note"][0] == (
            "kinderen: te weinig antwoorden"
        )

    def test_layout_grows_with_the_rows_and_stays_narrow(self, rows):
        """More rows, a taller picture; always as narrow as a phone reads it."""
        (w1, h1), _ = item_voices_layout(rows[:1])
        (w3, h3), _ = item_voices_layout(rows * 3)
        assert w1 == w3 <= 5.0 and h3 > h1

    def test_readable_on_a_phone(self, rows):
        """Shown at a phone's width, no text is smaller than 9 pixels."""
        ax = draw_item_voices(rows)
        assert smallest_font_px(ax.figure) >= 9

    def test_through_the_front_door(self):
        """Both drawing functions are the researcher's too."""
        assert btk.draw_three_voices is draw_three_voices
        assert btk.draw_item_voices is draw_item_voices
