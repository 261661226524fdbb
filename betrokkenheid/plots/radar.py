"""The partnership climate as a radar: where the team places itself on each component.

Exercise *Partnerschapsklimaat*: a rubric with a few levels (from starting to inspiring) on six
components. The team's median is a line, the team's spread a band around it, and one person's
own placement a dashed line, so a team sees where it agrees and where it differs.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Mapping, Sequence

from ..palette import BASELINE, GRID, ME, PAPER, TEAM, TEXT, TEXT_SOFTER, WANTED
from ._figure import new_axes

__all__ = ["RADAR_LAYOUT", "draw_radar"]

# TEAM: median line, round markers, pale band; ME: dashed line, square markers;
# BASELINE: grey, dashed, diamond markers; WANTED: dash-dotted, triangles: told apart by
# shape, not by colour
FONT = 11
WRAP_COMPONENT = 18
WRAP_LEVEL = 16


def _field(item, name, default=None):
    """``item[name]`` for a mapping, ``item.name`` for any other object."""
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _number(value) -> float:
    """A float, NaN for None (a gap in the line); a GroupScore-like object gives its mean."""
    value = getattr(value, "mean", value)
    return math.nan if value is None else float(value)


def _format(value: float, language: str) -> str:
    text = f"{value:.1f}"
    return text if language == "en" else text.replace(".", ",")


def _closed(values):
    """The values with the first one again at the end, so the polygon closes."""
    return [*values, values[0]] if values else []


# figure size (inches) and axes rectangle: the sides leave room for component names,
# the bottom for the legend
RADAR_LAYOUT = ((8.0, 6.8), (1.9 / 8.0, 1.6 / 6.8, 4.2 / 8.0, 4.2 / 6.8))


def draw_radar(
    components: Sequence,
    *,
    levels: Sequence[str],
    ax=None,
    language: str = "nl",
    median_label: str = "team (mediaan)",
    spread_label: str = "spreiding in het team",
    mine_label: str = "mijn keuze",
    wanted_label: str = "waar we naartoe willen",
    show_values: bool = False,
    baseline: Sequence | None = None,
    baseline_label: str = "nulmeting",
    scale_label: str | None = None,
):
    """Draw the team's placement on each component of a rubric as a radar.

    Parameters
    ----------
    components : sequence of mappings or objects
        Each with ``label``, ``median`` (a level number from 1 to ``len(levels)``, or ``None``),
        ``low`` and ``high`` (the team's spread, e.g. lowest and highest or the quartiles;
        ``None`` when hidden) and optionally ``mine`` (this person's own level, or ``None``)
        and ``wanted`` (the level wanted: the team's, or this person's own).
        A ``None`` leaves a gap in the line instead of a point.
    levels : sequence of str
        The level names, lowest first: ring 1 is ``levels[0]``.
    ax : matplotlib polar Axes, optional
        Where to draw (the caller clears it first); a new figure with a polar axes when
        ``None``. An Axes that is not polar raises :class:`ValueError`.
    language : {"nl", "en"}
        Only for numbers: "nl" writes a decimal comma (2,5).
    median_label, spread_label, mine_label, wanted_label : str
        The legend texts.
    show_values : bool
        Write the team's median beside each point.
    baseline : sequence of float or None, optional
        An earlier measurement (the *nulmeting*), one level per component (``None`` for a gap):
        drawn beneath the team's line as a grey dashed outline with diamond markers.
    baseline_label : str
        The legend text of the baseline.
    scale_label : str, optional
        A note on the scale (e.g. "schaal 1–4"), written under the legend.

    Returns
    -------
    matplotlib.projections.polar.PolarAxes
        The median polygon is the line with gid ``"median"`` (closed: the first point again at
        the end; ``nan`` where a value is missing), own placement gid ``"mine"``, the level
        wanted gid ``"wanted"``, the band a
        patch with gid ``"spread"``, the baseline the line with gid ``"baseline"`` and the scale
        note the text with gid ``"scale"``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> components = [
    ...     {"label": "Visie", "median": 2.0, "low": 1.0, "high": 3.0, "mine": 3.0},
    ...     {"label": "Gedrag van het team", "median": 3.0, "low": 2.0, "high": 4.0},
    ...     {"label": "Ouders als gesprekspartner", "median": None, "low": None, "high": None},
    ... ]
    >>> ax = draw_radar(components, levels=["Beginnend", "Groeiend", "Gevorderd", "Inspirerend"])
    >>> [line.get_ydata().tolist() for line in ax.lines if line.get_gid() == "median"]
    [[2.0, 3.0, nan, 2.0]]
    >>> ax = draw_radar(components, levels=["1", "2", "3", "4"], baseline=[1.0, 2.0, None])
    >>> [line.get_ydata().tolist() for line in ax.lines if line.get_gid() == "baseline"]
    [[1.0, 2.0, nan, 1.0]]
    """
    from matplotlib import patheffects
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path
    from matplotlib.transforms import offset_copy

    if ax is None:
        ax = new_axes(*RADAR_LAYOUT, polar=True)
    elif getattr(ax, "name", None) != "polar":
        raise ValueError(
            "draw_radar needs a polar Axes: make one with "
            "plt.subplots(subplot_kw={'projection': 'polar'})"
        )
    if len(levels) < 1:
        raise ValueError("draw_radar needs at least one level name")

    count = len(components)
    top = len(levels)
    angles = [2 * math.pi * i / count for i in range(count)] if count else []
    medians = [_number(_field(c, "median")) for c in components]
    lows = [_number(_field(c, "low")) for c in components]
    highs = [_number(_field(c, "high")) for c in components]
    mine = [_number(_field(c, "mine")) for c in components]
    aims = [_number(_field(c, "wanted")) for c in components]
    if baseline is not None and len(baseline) != count:
        raise ValueError(f"draw_radar needs one baseline value per component ({count})")
    before = [_number(v) for v in baseline] if baseline is not None else []

    ax.set_theta_offset(math.pi / 2)  # the first component at the top
    ax.set_theta_direction(-1)  # then clockwise
    ax.set_ylim(0, top + 0.15)
    ax.set_yticks(range(1, top + 1))
    ax.set_yticklabels([])
    ax.set_xticks(angles)
    ax.set_xticklabels([])
    ax.grid(True, color=GRID, linewidth=1)
    ax.spines["polar"].set_visible(False)
    ax.set_facecolor(PAPER)

    # level names on the rings, along the spoke between the first two components
    spoke = math.pi / count if count > 1 else math.pi / 4
    for level, name in enumerate(levels, start=1):
        ax.text(
            spoke,
            level,
            "\n".join(textwrap.wrap(str(name), WRAP_LEVEL)),
            ha="center",
            va="center",
            fontsize=FONT,
            color=TEXT_SOFTER,
            bbox={
                "boxstyle": "round,pad=0.15",
                "facecolor": PAPER,
                "edgecolor": "none",
                "alpha": 0.85,
            },
            zorder=5,
            gid="level",
            parse_math=False,
            usetex=False,
        )

    # component names just outside the outer ring, aligned away from the centre
    label_lines = []
    for angle, component in zip(angles, components, strict=True):
        x = math.sin(angle)  # clockwise from the top: right is positive
        y = math.cos(angle)
        wrapped = textwrap.wrap(str(_field(component, "label", "")), WRAP_COMPONENT) or ["–"]
        label_lines.append(len(wrapped))
        ax.text(
            angle,
            top + 0.45,
            "\n".join(wrapped),
            ha="center" if abs(x) < 0.2 else ("left" if x > 0 else "right"),
            va="center" if abs(y) < 0.2 else ("bottom" if y > 0 else "top"),
            fontsize=FONT,
            fontweight="bold",
            color=TEXT,
            linespacing=1.15,
            gid="component",
            parse_math=False,
            usetex=False,
        )

    # the team's spread: a band from low to high between neighbours that both have one
    vertices, codes = [], []
    for i in range(count):
        j = (i + 1) % count
        if count < 2 or any(math.isnan(v) for v in (lows[i], highs[i], lows[j], highs[j])):
            continue
        end = angles[j] if j else 2 * math.pi
        vertices += [
            (angles[i], lows[i]),
            (end, lows[j]),
            (end, highs[j]),
            (angles[i], highs[i]),
            (angles[i], lows[i]),
        ]
        codes += [Path.MOVETO, Path.LINETO, Path.LINETO, Path.LINETO, Path.CLOSEPOLY]
    if vertices:
        band = ax.add_patch(
            PathPatch(
                Path(vertices, codes),
                facecolor=TEAM,
                alpha=0.18,
                edgecolor="none",
                label=spread_label,
                zorder=2,
                gid="spread",
            )
        )
    # a spread with no neighbour to join: a radial bar
    for i in range(count):
        neighbours = [(i - 1) % count, (i + 1) % count] if count > 1 else []
        alone = all(math.isnan(lows[k]) or math.isnan(highs[k]) for k in neighbours)
        if alone and not (math.isnan(lows[i]) or math.isnan(highs[i])):
            ax.plot(
                [angles[i], angles[i]],
                [lows[i], highs[i]],
                color=TEAM,
                alpha=0.35,
                linewidth=9,
                solid_capstyle="butt",
                zorder=2,
                gid="spread_bar",
            )

    closed_angles = _closed(angles)
    if closed_angles:
        closed_angles[-1] = 2 * math.pi
    (median,) = ax.plot(
        closed_angles,
        _closed(medians),
        color=TEAM,
        linewidth=2.5,
        marker="o",
        markersize=8,
        markeredgecolor=PAPER,
        zorder=4,
        label=median_label,
        gid="median",
    )

    def outline(values, label, gid, **style):
        """A closed line of ``values`` beside the team's, or ``None`` when all are missing."""
        if all(math.isnan(v) for v in values):
            return None
        (drawn,) = ax.plot(
            closed_angles,
            _closed(values),
            linewidth=2,
            markeredgecolor=PAPER,
            label=label,
            gid=gid,
            **style,
        )
        return drawn

    earlier = outline(
        before,
        baseline_label,
        "baseline",
        color=BASELINE,
        linestyle=(0, (4, 2.5)),
        marker="D",
        markersize=6,
        zorder=3,
    )
    aim = outline(
        aims,
        wanted_label,
        "wanted",
        color=WANTED,
        linestyle=(0, (6, 2, 1.5, 2)),
        marker="^",
        markersize=8,
        zorder=3,
    )
    own = outline(
        mine,
        mine_label,
        "mine",
        color=ME,
        linestyle=(0, (5, 3)),
        marker="s",
        markersize=7,
        zorder=5,
    )
    if show_values:
        halo = [patheffects.withStroke(linewidth=3, foreground=PAPER)]

        def inward(angle):
            """Points from the marker towards the centre: more sideways, where text is wide."""
            return 14 + 10 * abs(math.sin(angle))

        for angle, value in zip(angles, medians, strict=True):
            if not math.isnan(value):
                ax.annotate(
                    _format(value, language),
                    (angle, value),
                    xytext=(-inward(angle) * math.sin(angle), -inward(angle) * math.cos(angle)),
                    textcoords="offset points",
                    ha="center",
                    va="center",
                    fontsize=FONT,
                    color=TEAM,
                    fontweight="bold",
                    path_effects=halo,
                    zorder=6,
                    gid="value",
                )

    # the legend under the chart, below the lowest component names
    below = [
        lines for angle, lines in zip(angles, label_lines, strict=True) if math.cos(angle) < -0.2
    ]
    drop = 14 * max(below, default=0) + 12
    handles = [
        *([earlier] if earlier is not None else []),
        *([median] if any(not math.isnan(v) for v in medians) else []),
        *([band] if vertices else []),
        *([aim] if aim is not None else []),
        *([own] if own is not None else []),
    ]
    if handles:
        legend = ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.04),
            bbox_transform=offset_copy(ax.transAxes, fig=ax.figure, y=-drop, units="points"),
            ncol=len(handles) if len(handles) <= 2 else 2,
            frameon=False,
            fontsize=FONT,
            handlelength=2.6,
            columnspacing=1.6,
        )
        for text in legend.get_texts():
            text.set_parse_math(False)
    if scale_label:
        ax.text(
            0.5,
            -0.04,
            scale_label,
            transform=offset_copy(ax.transAxes, fig=ax.figure, y=-drop - 30, units="points"),
            ha="center",
            va="top",
            fontsize=FONT - 1,
            color=TEXT_SOFTER,
            gid="scale",
            parse_math=False,
            usetex=False,
        )
    return ax
