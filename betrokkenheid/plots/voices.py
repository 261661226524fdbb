"""What parents say beside the team: per statement three marks on the parents' scale.

Per statement of the parents' questionnaire: what the team sees itself (a blue circle), what
the team expected parents to say (an orange triangle) and what parents said (a green square).
A grey bar joins the expectation to what parents said: the surprise, written at the right.
The caller puts the statements in order (:mod:`betrokkenheid.voices`: the biggest surprise
first) and leaves out what too few people gave (``None``).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from ..palette import (
    GAP,
    GREEN,
    MISSING_TEXT,
    ORANGE,
    PAPER,
    TEAM,
    TEXT,
    TEXT_SOFT,
    TEXT_SOFTER,
)
from ..texts import number
from ._figure import scale_axis, scale_steps

__all__ = ["draw_voices", "voices_layout"]

EXPECTED = ORANGE  # what the team expected: triangles
PARENTS = GREEN  # what parents said: squares; TEAM: circles
EDGE = TEXT  # the edge of the triangles and squares: told apart in grey too
FONT = 11
WRAP = 45
_ROW_PAD = 0.9
_TEAM_RISE = 0.3  # line units: the team's circle sits above the line of the other two
_INCH_PER_UNIT = 0.24
_LABEL_WIDTH = FONT * 0.52 * WRAP + 14  # points: the column of statements left of the axes


def _field(row, name, default=None):
    if isinstance(row, dict):
        return row.get(name, default)
    return getattr(row, name, default)


def _placed(rows):
    """Each row with its wrapped label and its y (line units, growing downwards); the total."""
    placed, y = [], 0.0
    for row in rows:
        lines = textwrap.wrap(str(_field(row, "label", "")), WRAP) or ["–"]
        height = len(lines) + _ROW_PAD
        placed.append((row, "\n".join(lines), y + height / 2))
        y += height
    return placed, y


def voices_layout(rows: Sequence, scale_labels=None):
    """Figure size (inches) and axes rectangle that give :func:`draw_voices` room for all rows.

    Examples
    --------
    >>> voices_layout([{"label": "Ik voel me welkom op school."}])[0]
    (10.0, 3.0)
    """
    _, total = _placed(rows)
    bottom = 0.8 if scale_labels is not None else 0.45
    width, height = 10.0, max(3.0, total * _INCH_PER_UNIT + bottom + 0.6)
    left = (_LABEL_WIDTH + 10) / 72 / width
    right = 1 - 0.95 / width  # the surprises and their heading
    top = 1 - 0.55 / height
    return (width, round(height, 2)), (left, bottom / height, right - left, top - bottom / height)


def draw_voices(
    rows: Sequence,
    *,
    low: float = 1,
    high: float = 5,
    language: str = "nl",
    team_label: str = "wat het team ziet",
    expected_label: str = "wat het team verwachtte",
    parents_label: str = "wat ouders zeggen",
    surprise_label: str = "verrassing",
    scale_labels: Sequence[str] | None = None,
    ax=None,
):
    """Draw per statement the team's view, its expectation and what parents said.

    Parameters
    ----------
    rows : sequence of mappings or objects
        Each with ``label`` (the statement; wrapped at about 45 characters) and ``team``,
        ``expected`` and ``parents``: numbers on the parents' scale, or ``None`` (too few
        answers: no mark). Drawn from the top in the order given.
    low, high : float
        The ends of the parents' scale: the x axis.
    language : {"nl", "en"}
        Only for numbers: "nl" writes a decimal comma.
    team_label, expected_label, parents_label : str
        The legend's texts of the three marks.
    surprise_label : str
        The heading of the column of surprises.
    scale_labels : sequence of str, optional
        A text for each whole step from ``low`` to ``high``, under its number.
    ax : matplotlib Axes, optional
        Where to draw (the caller clears it first); a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The marks are the lines with gid ``"team"`` (circles), ``"expected"`` (triangles)
        and ``"parents"`` (squares); the surprise of each statement (parents − expected) is
        the text with gid ``"surprise"`` at the right, the largest in bold. A statement
        without what parents said has a grey label.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> rows = [{"label": "Ik voel me welkom.", "team": 3.5, "expected": 3.0, "parents": 4.4},
    ...         {"label": "Ik begrijp de brieven.", "team": 4.0, "expected": 4.2,
    ...          "parents": None}]
    >>> ax = draw_voices(rows)
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "surprise"]
    ['+1,4', '–']
    """
    from matplotlib.collections import LineCollection
    from matplotlib.transforms import offset_copy

    scale_steps(low, high, scale_labels)  # refuses a wrong number of words
    placed, total = _placed(rows)
    if ax is None:
        from ._figure import new_axes

        ax = new_axes(*voices_layout(rows, scale_labels=scale_labels))

    row_of = ax.get_yaxis_transform()  # x in axes fraction, y in data
    left = offset_copy(row_of, fig=ax.figure, x=-_LABEL_WIDTH, units="points")
    right = offset_copy(row_of, fig=ax.figure, x=10, units="points")
    marks = {"team": [], "expected": [], "parents": []}
    bars, surprises = [], []
    for row, label, y in placed:
        values = {name: _field(row, name) for name in marks}
        ax.text(
            0,
            y,
            label,
            transform=left,
            ha="left",
            va="center",
            fontsize=FONT,
            color=TEXT if values["parents"] is not None else MISSING_TEXT,
            gid="statement",
            parse_math=False,
        )
        for name, value in values.items():
            if value is not None:  # the team's view a little above: seen where they meet
                marks[name].append((float(value), y - (_TEAM_RISE if name == "team" else 0)))
        expected, said = values["expected"], values["parents"]
        surprise = None if expected is None or said is None else float(said) - float(expected)
        surprises.append((y, surprise))
        if surprise is not None:
            bars.append([(float(expected), y), (float(said), y)])

    scale_axis(ax, low, high, total, scale_labels, FONT)
    ax.add_collection(
        LineCollection(bars, colors=GAP, linewidths=5, capstyle="round", zorder=2, gid="bars"),
        autolim=False,
    )
    for name, label, style in (
        ("team", team_label, {"marker": "o", "markersize": 9, "color": TEAM, "mec": PAPER}),
        ("expected", expected_label, {"marker": "^", "markersize": 10, "color": EXPECTED}),
        ("parents", parents_label, {"marker": "s", "markersize": 9, "color": PARENTS}),
    ):
        xs, ys = [p[0] for p in marks[name]], [p[1] for p in marks[name]]
        edge = style.pop("mec", EDGE)
        ax.plot(
            xs,
            ys,
            linestyle="none",
            markeredgecolor=edge,
            markeredgewidth=0.9,
            zorder={"team": 3, "expected": 4, "parents": 5}[name],
            label=label,
            gid=name,
            **style,
        )
    # the largest surprise as written (one decimal), so equal-looking ones are all bold
    sizes = [round(abs(s), 1) for _, s in surprises if s is not None]
    largest = max(sizes, default=0)
    for y, surprise in surprises:
        bold = surprise is not None and largest > 0 and round(abs(surprise), 1) == largest
        ax.text(
            1,
            y,
            "–" if surprise is None else number(surprise, language, sign=True),
            transform=right,
            ha="left",
            va="center",
            fontsize=FONT + (1 if bold else 0),
            fontweight="bold" if bold else "normal",
            color=TEXT if bold else TEXT_SOFTER,
            gid="surprise",
        )
    ax.text(
        1,
        -0.25,
        surprise_label,
        transform=right,
        ha="left",
        va="bottom",
        fontsize=FONT - 1,
        color=TEXT_SOFT,
        gid="surprise_head",
        parse_math=False,
    )
    legend = ax.legend(  # above the statements' column too: room for three marks
        loc="upper left",
        bbox_to_anchor=(0.005, 1.0),
        bbox_transform=ax.figure.transFigure,
        ncol=3,
        frameon=False,
        fontsize=FONT,
        handletextpad=0.3,
        columnspacing=1.5,
        borderaxespad=0.3,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)
    return ax
