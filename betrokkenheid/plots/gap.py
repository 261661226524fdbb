"""What involvement means to us: how present and how important each statement is, as a dumbbell.

Exercise *Wat is betrokkenheid voor ons?*: every statement (from the parent's, the
professional's and the child's perspective) is rated twice. The distance between the two dots
is the gap a team may want to talk about.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from ..palette import (
    GAP,
    IMPORTANT,
    IMPORTANT_EDGE,
    MISSING_TEXT,
    PAPER,
    TEAM,
    TEXT,
    TEXT_SOFTER,
)
from ..texts import number
from ._figure import new_axes, scale_axis, scale_steps

__all__ = ["draw_gap", "gap_layout"]

PRESENT = TEAM  # round dots; IMPORTANT: diamonds
MISSING = MISSING_TEXT  # a statement no one answered
FONT = 11
WRAP = 45
# Vertical layout in "line" units: one unit is about one line of 11 pt text.
_HEADING = 1.9
_ROW_PAD = 0.8
_INCH_PER_UNIT = 0.24


def _field(item, name, default=None):
    """``item[name]`` for a mapping, ``item.name`` for any other object."""
    if isinstance(item, dict):
        return item.get(name, default)
    return getattr(item, name, default)


def _score(value) -> tuple[float | None, float | None]:
    """Mean and spread from a float, a GroupScore-like object or None."""
    if value is None:
        return None, None
    if hasattr(value, "mean"):
        mean, spread = value.mean, getattr(value, "spread", None)
        return (None, None) if mean is None else (float(mean), spread)
    return float(value), None


def _layout(rows):
    """Group rows by perspective (in order of first appearance) and give each a y position.

    Returns ``(groups, total)``: a list of ``(heading, heading_y, [(row, lines, y), ...])`` and
    the height of the whole chart in line units. y grows downwards.
    """
    order: dict[str, list] = {}
    for row in rows:
        order.setdefault(str(_field(row, "group", "") or ""), []).append(row)
    groups = []
    y = 0.0
    for heading, members in order.items():
        heading_y = None
        if heading:
            heading_y = y + 1.0
            y += _HEADING
        placed = []
        for row in members:
            lines = textwrap.wrap(str(_field(row, "label", "")), WRAP) or ["–"]
            height = len(lines) + _ROW_PAD
            placed.append((row, "\n".join(lines), y + height / 2))
            y += height
        groups.append((heading, heading_y, placed))
    return groups, y


_LABEL_WIDTH = FONT * 0.52 * WRAP + 14  # points: the column of statements left of the axes


def gap_layout(rows: Sequence, scale_labels=None):
    """Figure size (inches) and axes rectangle that give :func:`draw_gap` room for all rows.

    Examples
    --------
    >>> size, rect = gap_layout([{"group": "Ouder", "label": "Ouders zijn welkom."}])
    >>> size
    (10.0, 3.0)
    """
    _, total = _layout(rows)
    bottom = 0.75 if scale_labels is not None else 0.45
    width, height = 10.0, max(3.0, total * _INCH_PER_UNIT + bottom + 0.5)
    left = (_LABEL_WIDTH + 10) / 72 / width
    right = 1 - 0.65 / width
    top = 1 - 0.45 / height
    return (width, round(height, 2)), (left, bottom / height, right - left, top - bottom / height)


def draw_gap(
    rows: Sequence,
    *,
    low: float = 1,
    high: float = 5,
    language: str = "nl",
    present_label: str = "aanwezig",
    important_label: str = "belangrijk",
    scale_labels: Sequence[str] | None = None,
    ax=None,
):
    """Draw statements as dumbbells: how present at our school, how important to us.

    Parameters
    ----------
    rows : sequence of mappings or objects
        Each with ``label`` (the statement; wrapped at about 45 characters), ``group`` (the
        perspective it belongs to, e.g. "Ouder"; rows are shown under one heading per group),
        and ``present`` and ``important``: a number, ``None`` (not answered, or hidden), or an
        object with ``mean`` and ``spread`` such as :class:`~betrokkenheid.analysis.GroupScore`.
        A spread is drawn as a thin bar of mean ± spread beside the dot.
    low, high : float
        The ends of the rating scale: the x axis.
    language : {"nl", "en"}
        Only for numbers: "nl" writes a decimal comma (3,5).
    present_label, important_label : str
        The legend texts of the two dots.
    scale_labels : sequence of str, optional
        A text for each whole step from ``low`` to ``high``, shown under the number.
    ax : matplotlib Axes, optional
        Where to draw (the caller clears it first); a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        Present dots (blue circles) and important dots (orange diamonds) are the lines with gid
        ``"present"`` and ``"important"``; the gap of each statement (important − present) is
        written at the right, the largest in bold. A statement with a missing score has a grey
        label and no gap.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from betrokkenheid.analysis import GroupScore
    >>> rows = [
    ...     {"group": "Ouder", "label": "Ouders voelen zich welkom op school.",
    ...      "present": 3.0, "important": GroupScore(n=5, mean=4.5, spread=0.5)},
    ...     {"group": "Kind", "label": "Het kind merkt dat thuis en school samenwerken.",
    ...      "present": None, "important": 4.0},
    ... ]
    >>> ax = draw_gap(rows)
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "gap"]
    ['+1,5', '–']
    """
    from matplotlib.collections import LineCollection
    from matplotlib.transforms import offset_copy

    scale_steps(low, high, scale_labels)  # refuses a wrong number of words
    groups, total = _layout(rows)
    if ax is None:
        ax = new_axes(*gap_layout(rows, scale_labels=scale_labels))

    row_of = ax.get_yaxis_transform()  # x in axes fraction, y in data
    left = offset_copy(row_of, fig=ax.figure, x=-_LABEL_WIDTH, units="points")
    right = offset_copy(row_of, fig=ax.figure, x=10, units="points")

    present_xy, important_xy, gap_rows, gap_lines = [], [], [], []
    bars = {PRESENT: [], IMPORTANT: []}
    for heading, heading_y, placed in groups:
        if heading:
            ax.text(
                0,
                heading_y,
                heading,
                transform=left,
                ha="left",
                va="center",
                fontsize=FONT + 2,
                fontweight="bold",
                color=TEXT,
                gid="heading",
                parse_math=False,
            )
        for row, label, y in placed:
            present, p_spread = _score(_field(row, "present"))
            important, i_spread = _score(_field(row, "important"))
            complete = present is not None and important is not None
            ax.text(
                0,
                y,
                label,
                transform=left,
                ha="left",
                va="center",
                fontsize=FONT,
                color=TEXT if complete else MISSING,
                gid="statement",
                parse_math=False,
            )
            for mean, spread, points, colour, dy in (
                (present, p_spread, present_xy, PRESENT, -0.36),
                (important, i_spread, important_xy, IMPORTANT, 0.36),
            ):
                if mean is None:
                    continue
                points.append((mean, y))
                if spread:
                    start, end = max(low, mean - spread), min(high, mean + spread)
                    bars[colour].append([(start, y + dy), (end, y + dy)])
            gap_rows.append((y, important - present if complete else None))
            if complete:
                gap_lines.append([(present, y), (important, y)])

    scale_axis(ax, low, high, total, scale_labels, FONT)

    ax.add_collection(
        LineCollection(
            gap_lines,
            colors=GAP,
            linewidths=5,
            capstyle="round",
            zorder=2,
            gid="gap_lines",
        ),
        autolim=False,
    )
    for colour, segments in bars.items():
        if segments:
            ax.add_collection(
                LineCollection(segments, colors=colour, linewidths=1.4, zorder=2, gid="spread"),
                autolim=False,
            )
    ax.plot(
        *_columns(present_xy),
        linestyle="none",
        marker="o",
        markersize=10,
        color=PRESENT,
        markeredgecolor=PAPER,
        markeredgewidth=1,
        zorder=3,
        label=present_label,
        gid="present",
    )
    ax.plot(
        *_columns(important_xy),
        linestyle="none",
        marker="D",
        markersize=9,
        color=IMPORTANT,
        markeredgecolor=IMPORTANT_EDGE,
        markeredgewidth=0.8,
        zorder=4,
        label=important_label,
        gid="important",
    )

    # the largest gap as written (one decimal), so equal-looking gaps are all bold
    sizes = [round(abs(gap), 1) for _, gap in gap_rows if gap is not None]
    largest = max(sizes, default=0)
    for y, gap in gap_rows:
        bold = gap is not None and largest > 0 and round(abs(gap), 1) == largest
        ax.text(
            1,
            y,
            "–" if gap is None else number(gap, language, sign=True),
            transform=right,
            ha="left",
            va="center",
            fontsize=FONT + (1 if bold else 0),
            fontweight="bold" if bold else "normal",
            color=TEXT if bold else TEXT_SOFTER,
            gid="gap",
        )
    legend = ax.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.0),
        ncol=2,
        frameon=False,
        fontsize=FONT,
        handletextpad=0.3,
        columnspacing=1.5,
        borderaxespad=0.3,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)
    return ax


def _columns(points):
    return [p[0] for p in points], [p[1] for p in points]
