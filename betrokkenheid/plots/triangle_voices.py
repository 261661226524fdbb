"""The three voices of the triangle: the team, parents and children, on one common footing.

Each voice answers on a scale of its own; here each is a **position** on its own scale, from
0 % (its lowest answer) to 100 % (its highest) (:mod:`betrokkenheid.triangle_voices`).

- :func:`draw_three_voices`: the triangle's three corners, and beside each side a short
  ruler from 0 % to 100 % with three lanes, one per voice: the team a blue circle, parents a
  green square, children an orange diamond (Okabe and Ito's colours, told apart by shape too,
  and dark edges for print in grey). On a slanted side 0 % is at the bottom, on the bottom
  side at the left. A voice with too few answers has no mark but the words "too few
  answers" in its lane; a voice not asked about a side has "no questions".
- :func:`draw_item_voices`: per mirrored item a row, its words above three dots on one axis
  from 0 % to 100 %. Made for a phone: the words above the dots, not beside them.

The caller leaves out what too few people gave (``None``): a hidden voice has no position to
draw.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from ..palette import (
    AXIS,
    BLUE,
    GREEN,
    GRID,
    GRID_LIGHT,
    MISSING_TEXT,
    ORANGE,
    OUTLINE,
    PAPER,
    TEXT,
    TEXT_SOFT,
)
from ..texts import number
from ._figure import new_axes, scale_axis
from .triangle import POSITIONS

__all__ = [
    "VOICE_STYLE",
    "draw_item_voices",
    "draw_three_voices",
    "item_voices_layout",
    "three_voices_layout",
]

VOICES = ("team", "parents", "children")
#: How each voice is drawn: colour and marker shape (both tell them apart).
VOICE_STYLE = {
    "team": {"color": BLUE, "marker": "o", "markersize": 10},
    "parents": {"color": GREEN, "marker": "s", "markersize": 9},
    "children": {"color": ORANGE, "marker": "D", "markersize": 8.5},
}
EDGE = TEXT  # every mark's edge: the shapes read in grey too
FONT = 12
_SPAN = (0.18, 0.82)  # the part of a side the ruler runs along: clear of the corners
_BASE, _LANE = 0.07, 0.065  # the first lane's distance from the side, and between lanes
_DEFAULT_LABELS = {"team": "team", "parents": "ouders", "children": "kinderen"}


def _legend(ax, *handles_labels, **where):
    """The legend of the three voices in one row, placed in figure coordinates (``where``):
    the same look in both pictures; its words are plain text, never maths."""
    legend = ax.legend(
        *handles_labels,
        bbox_transform=ax.figure.transFigure,
        ncol=3,
        frameon=False,
        fontsize=FONT,
        handletextpad=0.3,
        columnspacing=1.2,
        **where,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)
    return legend


def _field(row, name, default=None):
    if isinstance(row, Mapping):
        return row.get(name, default)
    return getattr(row, name, default)


def _state(row, name) -> str:
    """``shown``, ``too_few`` or ``not_asked`` of a voice in a row (by its value when the row
    does not say)."""
    state = _field(row, f"{name}_state")
    if state:
        return state
    return "too_few" if _field(row, name) is None else "shown"


def three_voices_layout():
    """Figure size (inches) and axes rectangle of :func:`draw_three_voices`: narrow, so that
    its words stay readable when a phone shows it at its width.

    Examples
    --------
    >>> three_voices_layout()
    ((5.0, 5.4), (0.0, 0.17, 1.0, 0.83))
    """
    return (5.0, 5.4), (0.0, 0.17, 1.0, 0.83)


def _geometry(between):
    """Start and end of a side (0 % at the lower corner, or the left one), its unit vector
    and its outward normal (away from the triangle's centre)."""
    a, b = (POSITIONS[actor] for actor in between)
    start, end = sorted((a, b), key=lambda p: (round(p[1], 6), p[0]))
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = (dx**2 + dy**2) ** 0.5
    ux, uy = dx / length, dy / length
    cx = sum(p[0] for p in POSITIONS.values()) / len(POSITIONS)
    cy = sum(p[1] for p in POSITIONS.values()) / len(POSITIONS)
    nx, ny = -uy, ux
    mx, my = (start[0] + end[0]) / 2 - cx, (start[1] + end[1]) / 2 - cy
    if nx * mx + ny * my < 0:
        nx, ny = -nx, -ny
    return start, end, (ux, uy), (nx, ny), length


def _point(geometry, fraction: float, offset: float):
    """The point ``fraction`` (0–1) along a side's ruler, ``offset`` outward of the side."""
    start, _end, (ux, uy), (nx, ny), length = geometry
    along = (_SPAN[0] + (_SPAN[1] - _SPAN[0]) * fraction) * length
    return start[0] + ux * along + nx * offset, start[1] + uy * along + ny * offset


def side_fraction(between, x: float, y: float) -> float:
    """Where a point lies along a side's ruler, 0–1 (for tests and readers of the picture).

    Examples
    --------
    >>> x, y = _point(_geometry(("parent", "professional")), 0.25, _BASE)
    >>> round(side_fraction(("parent", "professional"), x, y), 6)
    0.25
    """
    geometry = _geometry(between)
    start, _end, (ux, uy), _normal, length = geometry
    along = ((x - start[0]) * ux + (y - start[1]) * uy) / length
    return (along - _SPAN[0]) / (_SPAN[1] - _SPAN[0])


def _angle(u) -> float:
    """The angle of text along direction ``u``, kept readable (never upside down)."""
    import math

    angle = math.degrees(math.atan2(u[1], u[0]))
    if angle > 90:
        angle -= 180
    elif angle <= -90:
        angle += 180
    return angle


def draw_three_voices(
    sides: Sequence,
    *,
    actors: Mapping[str, str] | None = None,
    labels: Mapping[str, str] | None = None,
    too_few: str = "te weinig antwoorden",
    not_asked: str = "geen vragen",
    footing: str = "0% = laagste antwoord, 100% = hoogste, elk op de eigen schaal",
    ax=None,
):
    """Draw the triangle with the positions of the team, parents and children on each side.

    Parameters
    ----------
    sides : sequence of mappings or objects
        One per side: ``between`` (its two actors, e.g. ``("parent", "professional")``),
        ``relation`` (its id) and per voice ``team``, ``parents``, ``children``: a position
        from 0 to 100, or ``None`` (no mark). ``team_state`` (and the others) may say why
        there is none: ``"too_few"`` (the default for ``None``) or ``"not_asked"``.
    actors : mapping, optional
        The corners' names by actor (``child``, ``parent``, ``professional``).
    labels : mapping, optional
        The legend's word for each voice.
    too_few, not_asked : str
        What a lane without a mark says.
    footing : str
        The line under the legend that says what 0 % and 100 % are.
    ax : matplotlib Axes, optional
        Where to draw (the caller clears it first); a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        Each voice's mark on a side is a line with gid the voice (``"team"``, ...) and the
        relation as its url (``get_url()``); a lane without one has a text with gid
        ``"too_few"`` or ``"not_asked"`` and the voice and relation as url
        (``"children@child_school"``).

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> sides = [{"relation": "parent_school", "between": ("parent", "professional"),
    ...           "team": 75.0, "parents": 60.0, "children": None},
    ...          {"relation": "child_school", "between": ("child", "professional"),
    ...           "team": 50.0, "parents": None, "parents_state": "not_asked",
    ...           "children": 100.0}]
    >>> ax = draw_three_voices(sides, labels={"team": "team", "parents": "ouders",
    ...                                       "children": "kinderen"})
    >>> sorted((line.get_gid(), line.get_url()) for line in ax.lines if line.get_url())
    ... # doctest: +NORMALIZE_WHITESPACE
    [('children', 'child_school'), ('parents', 'parent_school'), ('team', 'child_school'),
     ('team', 'parent_school')]
    >>> sorted(t.get_url() for t in ax.texts if t.get_gid() in ("too_few", "not_asked"))
    ['children@parent_school', 'parents@child_school']
    """
    from matplotlib.lines import Line2D

    labels = {**_DEFAULT_LABELS, **(labels or {})}
    if ax is None:
        ax = new_axes(*three_voices_layout())
    edges = {frozenset(_field(s, "between")) for s in sides}
    for edge in edges:  # the sides themselves: plain lines between the corners
        a, b = (POSITIONS[actor] for actor in edge)
        ax.plot([a[0], b[0]], [a[1], b[1]], color=GRID, linewidth=2.5, zorder=1, gid="side")
    for side in sides:
        between = tuple(_field(side, "between"))
        relation = str(_field(side, "relation", "-".join(between)))
        geometry = _geometry(between)
        _draw_ruler(ax, geometry)
        for lane, name in enumerate(VOICES):
            offset = _BASE + lane * _LANE
            value = _field(side, name)
            state = _state(side, name)
            if value is not None and state == "shown":
                x, y = _point(geometry, min(max(float(value), 0.0), 100.0) / 100, offset)
                style = VOICE_STYLE[name]
                (mark,) = ax.plot(
                    [x],
                    [y],
                    linestyle="none",
                    markeredgecolor=EDGE,
                    markeredgewidth=0.9,
                    zorder=5 + lane,
                    gid=name,
                    **style,
                )
                mark.set_url(relation)
                continue
            x, y = _point(geometry, 0.5, offset)
            ax.text(
                x,
                y,
                f"{labels[name]}: {not_asked if state == 'not_asked' else too_few}",
                rotation=_angle(geometry[2]),
                rotation_mode="anchor",
                ha="center",
                va="center",
                fontsize=FONT - 2,
                fontstyle="italic",
                color=MISSING_TEXT,
                bbox={"boxstyle": "square,pad=0.1", "facecolor": PAPER, "edgecolor": "none"},
                zorder=4,
                gid="not_asked" if state == "not_asked" else "too_few",
                url=f"{name}@{relation}",
                parse_math=False,
            )
    for actor, (x, y) in POSITIONS.items():  # the corners: their names in a round box
        ax.text(
            x,
            y,
            (actors or {}).get(actor, actor),
            ha="center",
            va="center",
            fontsize=FONT + 1,
            fontweight="bold",
            color=TEXT,
            zorder=9,
            gid="actor",
            parse_math=False,
            bbox={
                "boxstyle": "round,pad=0.45",
                "facecolor": PAPER,
                "edgecolor": OUTLINE,
                "linewidth": 2,
            },
        )
    handles = [
        Line2D([], [], linestyle="none", markeredgecolor=EDGE, markeredgewidth=0.9, **style)
        for style in VOICE_STYLE.values()
    ]
    _legend(
        ax,
        handles,
        [labels[name] for name in VOICES],
        loc="lower center",
        bbox_to_anchor=(0.5, 0.075),
        borderaxespad=0,
    )
    ax.figure.text(
        0.5,
        0.02,
        "\n".join(textwrap.wrap(footing, 52)),
        ha="center",
        va="bottom",
        fontsize=FONT - 2,
        color=TEXT_SOFT,
        gid="footing",
        parse_math=False,
    )
    ax.set_xlim(-0.32, 1.32)
    ax.set_ylim(-0.34, 0.95)
    ax.set_aspect("equal", adjustable="box")
    ax.axis("off")
    return ax


def _draw_ruler(ax, geometry) -> None:
    """A side's ruler: a faint line per lane, ticks at 0, 50 and 100 %, "0%" and "100%"."""
    from matplotlib.collections import LineCollection

    lanes = [[_point(geometry, 0, _BASE + k * _LANE), _point(geometry, 1, _BASE + k * _LANE)]
             for k in range(len(VOICES))]  # fmt: skip
    inner, outer = _BASE - _LANE / 2, _BASE + (len(VOICES) - 0.5) * _LANE
    ticks = [[_point(geometry, f, inner), _point(geometry, f, outer)] for f in (0, 0.5, 1)]
    ax.add_collection(LineCollection(lanes, colors=GRID_LIGHT, linewidths=1.2, zorder=2))
    ax.add_collection(LineCollection(ticks, colors=AXIS, linewidths=0.9, zorder=2, gid="ticks"))
    _start, _end, _u, (nx, ny), _length = geometry
    for fraction, words in ((0, "0%"), (1, "100%")):
        x, y = _point(geometry, fraction, outer + 0.035)
        ax.text(
            x,
            y,
            words,
            ha="center" if abs(nx) < 0.5 else ("left" if nx > 0 else "right"),
            va="center" if abs(ny) < 0.5 else ("bottom" if ny > 0 else "top"),
            fontsize=FONT - 1,
            color=TEXT_SOFT,
            zorder=3,
            gid="end",
        )


# --- the dot plot ---------------------------------------------------------------------------

WRAP = 38  # characters of a row's words: a phone shows the picture at its width
_WIDTH = 4.4  # inches: narrow, so that the words stay large on a phone
_NOTE_FONT = FONT - 2
_INCH_PER_UNIT = 0.2  # one line of 12 pt text
_LANE_HEIGHT = 1.3
_ROW_PAD = 0.7
_RISE = 0.28  # line units: the three dots of a row a little apart, seen where they meet


def _note(row, too_few: str, not_asked: str, labels) -> str:
    """The words under a row's label for its voices without a dot."""
    parts = []
    for state, words in (("too_few", too_few), ("not_asked", not_asked)):
        if words is None:  # not said per row (the legend says it once)
            continue
        names = [labels[name] for name in VOICES if _state(row, name) == state]
        if names:
            parts.append(f"{', '.join(names)}: {words}")
    return " · ".join(parts)


def _wrap(width: float) -> int:
    """How many characters of a row's words fit on a line of a picture ``width`` inches wide."""
    return max(20, int(WRAP * width / _WIDTH))


def _rows_placed(rows, too_few, not_asked, labels, width=_WIDTH):
    """Each row with its wrapped label, note, the y of its label, note and dots; the total."""
    placed, y = [], 0.0
    wrap = _wrap(width)
    for row in rows:
        lines = textwrap.wrap(str(_field(row, "label", "")), wrap) or ["–"]
        note = _note(row, too_few, not_asked, labels)
        notes = textwrap.wrap(note, int(wrap * FONT / _NOTE_FONT)) if note else []
        label_y = y + len(lines) / 2
        note_y = y + len(lines) + len(notes) * 0.85 / 2
        dots_y = y + len(lines) + len(notes) * 0.85 + _LANE_HEIGHT / 2
        placed.append((row, "\n".join(lines), label_y, "\n".join(notes), note_y, dots_y))
        y += len(lines) + len(notes) * 0.85 + _LANE_HEIGHT + _ROW_PAD
    return placed, y


def item_voices_layout(
    rows: Sequence, too_few="te weinig antwoorden", not_asked="geen vragen", width=_WIDTH
):
    """Figure size (inches) and axes rectangle that give :func:`draw_item_voices` room for all
    rows: by default narrow, for a phone (a printed page reads a wider one better: its words
    then wrap later, in fewer lines).

    Examples
    --------
    >>> rows = [{"label": "Ik voel me welkom.", "team": 50.0, "parents": 70.0, "children": 60.0}]
    >>> item_voices_layout(rows)[0], item_voices_layout(rows, width=7.5)[0]
    ((4.4, 2.25), (7.5, 2.25))
    """
    labels = _DEFAULT_LABELS
    _, total = _rows_placed(rows, too_few, not_asked, labels, width)
    top, bottom = 0.85, 0.8  # the legend and numbers above; the numbers and words below
    height = max(2.25, total * _INCH_PER_UNIT + top + bottom)
    left, right = 0.2 / width, 1 - 0.3 / width
    return (width, round(height, 2)), (
        left,
        bottom / height,
        right - left,
        1 - (top + bottom) / height,
    )


def draw_item_voices(
    rows: Sequence,
    *,
    labels: Mapping[str, str] | None = None,
    too_few: str = "te weinig antwoorden",
    not_asked: str = "geen vragen",
    footing: str = "0% = laagste antwoord, 100% = hoogste, elk op de eigen schaal",
    language: str = "nl",
    ax=None,
):
    """Draw per item the positions of the team, parents and children as three dots on one
    axis from 0 % to 100 %.

    Parameters
    ----------
    rows : sequence of mappings or objects
        Each with ``label`` (the item's words above its dots, wrapped to the figure's width:
        about 38 characters at :func:`item_voices_layout`'s narrow one) and per voice
        ``team``, ``parents``, ``children``: a position from 0 to 100, or ``None`` (no dot;
        ``team_state`` and the others may say ``"not_asked"``, else it is ``"too_few"``).
        Drawn from the top in the order given.
    labels : mapping, optional
        The legend's word for each voice.
    too_few, not_asked : str
        What a row says under its label for a voice without a dot; ``not_asked=None``: a
        voice not asked has no word in its row (say it once in ``footing``).
    footing : str
        The words under the axis that say what 0 % and 100 % are.
    language : {"nl", "en"}
        Only for the axis's numbers.
    ax : matplotlib Axes, optional
        Where to draw (the caller clears it first); a new figure when ``None``.

    Returns
    -------
    matplotlib.axes.Axes
        The dots are the lines with gid ``"team"``, ``"parents"`` and ``"children"`` (x in
        per cent); a row's words have gid ``"item"``, the note on missing voices ``"note"``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> rows = [{"label": "Communicatie", "team": 75.0, "parents": 50.0, "children": 100.0},
    ...         {"label": "Respect", "team": 25.0, "parents": None, "children": None,
    ...          "parents_state": "not_asked"}]
    >>> ax = draw_item_voices(rows, labels={"team": "team", "parents": "ouders",
    ...                                     "children": "kinderen"})
    >>> {line.get_gid(): [float(x) for x in line.get_xdata()] for line in ax.lines
    ...  if line.get_gid()}
    {'team': [75.0, 25.0], 'parents': [50.0], 'children': [100.0]}
    >>> [" ".join(t.get_text().split()) for t in ax.texts if t.get_gid() == "note"]
    ['kinderen: te weinig antwoorden · ouders: geen vragen']
    """
    from matplotlib.transforms import offset_copy

    labels = {**_DEFAULT_LABELS, **(labels or {})}
    if ax is None:
        ax = new_axes(*item_voices_layout(rows, too_few, not_asked))
    width = ax.figure.get_size_inches()[0]  # the words wrap to the figure's width
    placed, total = _rows_placed(rows, too_few, not_asked, labels, width)
    steps = [0, 25, 50, 75, 100]
    scale_axis(ax, 0, 4, total, fontsize=FONT - 1)  # the shared scale axis, read in per cent
    ax.set_xlim(-4, 104)
    ax.set_xticks(steps)
    ax.set_xticklabels([f"{number(s, language, 0)}%" for s in steps])
    ax.tick_params(axis="x", labeltop=True)  # a long plot: the numbers above it too
    left = ax.get_yaxis_transform()  # x in axes fraction, y in data
    marks = {name: [] for name in VOICES}
    lanes = []
    for row, label, label_y, note, note_y, dots_y in placed:
        ax.text(
            0,
            label_y,
            label,
            transform=left,
            ha="left",
            va="center",
            fontsize=FONT,
            color=TEXT,
            gid="item",
            parse_math=False,
            bbox={"facecolor": PAPER, "edgecolor": "none", "pad": 0.5},
            zorder=3,
        )
        if note:
            ax.text(
                0,
                note_y,
                note,
                transform=left,
                ha="left",
                va="center",
                fontsize=_NOTE_FONT,
                fontstyle="italic",
                color=MISSING_TEXT,
                gid="note",
                parse_math=False,
                bbox={"facecolor": PAPER, "edgecolor": "none", "pad": 0.5},
                zorder=3,
            )
        lanes.append(dots_y)
        for lane, name in enumerate(VOICES):
            value = _field(row, name)
            if value is not None and _state(row, name) == "shown":
                marks[name].append((float(value), dots_y + (lane - 1) * _RISE))
    ax.hlines(lanes, 0, 100, colors=GRID_LIGHT, linewidths=1.2, zorder=1, gid="lanes")
    for lane, name in enumerate(VOICES):
        ax.plot(
            [p[0] for p in marks[name]],
            [p[1] for p in marks[name]],
            linestyle="none",
            markeredgecolor=EDGE,
            markeredgewidth=0.9,
            zorder=4 + lane,
            label=labels[name],
            gid=name,
            **VOICE_STYLE[name],
        )
    _legend(ax, loc="upper left", bbox_to_anchor=(0.01, 1.0), borderaxespad=0.3)
    below = offset_copy(ax.transAxes, fig=ax.figure, y=-22, units="points")
    ax.text(
        0,
        0,
        "\n".join(textwrap.wrap(footing, int(_wrap(width) * FONT / (FONT - 2)))),
        transform=below,
        ha="left",
        va="top",
        fontsize=FONT - 2,
        color=TEXT_SOFT,
        gid="footing",
        parse_math=False,
    )
    return ax
