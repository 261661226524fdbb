"""The involvement tree: forms of involvement as branches, the school's activities as leaves.

Exercise *Vormen van betrokkenheid*. A branch is a form of involvement (thicker and lower on the
trunk when research found a stronger link with the child's learning); a leaf is an activity the
team named, coloured by where it happens (home or school) and, on a branch of contact (a
directed form), marked by its direction (one way or both ways). A bare branch shows at a glance
where the school does nothing yet.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from ..palette import (
    CONTEXT,
    CONTEXT_TEXT,
    CONTEXT_UNKNOWN,
    EMPTY,
    EMPTY_TEXT,
    GROUND,
    PAPER,
    TEXT,
    WOOD,
)
from ._figure import new_axes

__all__ = ["draw_tree", "tree_layout", "tree_size"]

WEIGHTS = ("high", "medium", "low")  # bottom of the trunk first
BRANCH_WIDTH = {"high": 11.0, "medium": 7.0, "low": 4.0}
WEIGHT_FILL = {"high": "full", "medium": "left", "low": "none"}
CONTEXT_COLOUR = CONTEXT  # a leaf's colour: where it happens (palette.CONTEXT)
ARROW = {"one_way": "→", "two_way": "⇄"}
BARE = EMPTY  # a bare branch; its texts in EMPTY_TEXT, dark enough to read
FONT = 11
MAX_LEAF = 28
WRAP_BRANCH = 24
# Layout units: x in inches of a 10 inch wide figure, y in rows of about 0.36 inch.
HALF_WIDTH = 5.0
TRUNK_HALF = 0.16
_INCH_PER_ROW = 0.36
_LEGEND_INCHES = 0.9


def _field(item, name, default=None):
    """``item[name]`` for a mapping, ``item.name`` for any other object."""
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _plain(value) -> str | None:
    """The string of a str-Enum member (``Weight.HIGH`` → ``"high"``) or of a plain string."""
    value = getattr(value, "value", value)
    return None if value is None else str(value)


def _leaf_text(label) -> str:
    """A user's activity name on one line, cut to :data:`MAX_LEAF` characters."""
    text = " ".join(str(label or "").split()) or "–"
    if len(text) > MAX_LEAF:
        cut = text[: MAX_LEAF - 1]
        space = cut.rfind(" ")
        if space >= MAX_LEAF - 9:  # end on a whole word when that loses little
            cut = cut[:space]
        text = cut.rstrip(" ,.;:-") + "…"
    return text


def _count(leaf) -> str:
    """`` (3)`` for a leaf with a ``count`` (how many named it), after the cut label."""
    count = _field(leaf, "count")
    return "" if count is None else f" ({count})"


def _plan(branches):
    """Where each branch goes: a list of dicts in drawing order, and the height in rows."""
    plans = []
    for index, branch in enumerate(branches):
        weight = _plain(_field(branch, "weight"))
        if weight not in WEIGHTS:
            raise ValueError(
                f"branch {index + 1} ({_field(branch, 'label')!r}) has weight {weight!r}; "
                f"expected one of {', '.join(WEIGHTS)}"
            )
        leaves = list(_field(branch, "leaves", None) or ())
        for leaf in leaves:
            direction = _plain(_field(leaf, "direction"))
            if direction is not None and direction not in ARROW:
                raise ValueError(
                    f"activity {_field(leaf, 'label')!r} has direction {direction!r}; "
                    "expected one_way, two_way or none"
                )
        label = "\n".join(textwrap.wrap(str(_field(branch, "label", "")), WRAP_BRANCH)) or "–"
        plans.append({"branch": branch, "weight": weight, "leaves": leaves, "label": label})
    # high weight low on the trunk; the caller's order within one weight
    plans.sort(key=lambda p: WEIGHTS.index(p["weight"]))
    free = {-1: 0.8, 1: 0.8}
    previous = 0.0
    for i, plan in enumerate(plans):
        side = -1 if i % 2 == 0 else 1
        rows = max(1, len(plan["leaves"]))
        label_rows = 0.65 * plan["label"].count("\n") + 1.0
        base = max(free[side], previous + 1.0)
        plan.update(side=side, base=base, tip_y=base + rows + 0.5)
        plan["tip_x"] = min(2.3, 0.9 + 0.14 * rows)
        free[side] = plan["tip_y"] + label_rows + 0.7
        previous = base
    return plans, max(free.values(), default=2.0)


def tree_size(branches: Sequence, width: float = 10.0) -> tuple[float, float]:
    """A figure size (inches) in which :func:`draw_tree` has room for every leaf.

    Use it to resize a figure before redrawing: ``fig.set_size_inches(*tree_size(branches))``.

    Examples
    --------
    >>> tree_size([{"label": "Thuis leren", "weight": "high", "leaves": []}])
    (10.0, 3.5)
    """
    _, rows = _plan(branches)
    return width, round(max(3.5, rows * _INCH_PER_ROW + _LEGEND_INCHES), 2)


def tree_layout(branches: Sequence):
    """Figure size (inches) and axes rectangle with room for every leaf and the legend.

    Examples
    --------
    >>> tree_layout([{"label": "Thuis leren", "weight": "high", "leaves": []}])[0]
    (10.0, 3.5)
    """
    width, height = tree_size(branches)
    bottom = (_LEGEND_INCHES - 0.1) / height
    return (width, height), (0.01, bottom, 0.98, 1 - 0.1 / height - bottom)


def draw_tree(
    branches: Sequence,
    *,
    ax=None,
    bare_label: str = "–",
    context_labels: Mapping[str, str] | None = None,
    direction_labels: Mapping[str, str] | None = None,
    weight_labels: Mapping[str, str] | None = None,
):
    """Draw the involvement tree: a branch per form, a leaf per activity.

    Parameters
    ----------
    branches : sequence of mappings or objects
        Each with ``label`` (the form of involvement), ``weight`` (``"high"``, ``"medium"`` or
        ``"low"``, or a :class:`~betrokkenheid.model.Weight`: what research says the form weighs
        for the child) and ``leaves``: a sequence of mappings or objects with ``label`` (an
        activity the team typed: shown literally, cut to 28 characters), ``context``
        (``"home"`` or ``"school"``), ``direction`` (``"one_way"`` or ``"two_way"``, or
        ``None`` or left out for an activity that has none: no arrow) and optionally
        ``count`` (how many team members named it: shown as " (3)" after the cut).
        Heavier branches are thicker and sit lower on the trunk; branches alternate left and
        right. A branch without leaves is grey and dashed, with ``bare_label``.
    ax : matplotlib Axes, optional
        Where to draw (the caller clears it first); a new figure sized by :func:`tree_size`
        when ``None``.
    bare_label : str
        The text on a bare branch.
    context_labels, direction_labels, weight_labels : mapping, optional
        Legend texts per context, direction and weight. Defaults are Dutch; pass ``{}`` to leave
        a part out of the legend.

    Returns
    -------
    matplotlib.axes.Axes
        Branch lines have gid ``"branch"``, leaf texts gid ``"leaf"`` (``"→ "`` or ``"⇄ "``
        before an activity with a direction), branch names gid ``"form"``, in the order drawn.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> branches = [
    ...     {"label": "Leren thuis", "weight": "high", "leaves": [
    ...         {"label": "Leesrugzak", "context": "home", "direction": "one_way"},
    ...         {"label": "Huisbezoek", "context": "home", "direction": "two_way"}]},
    ...     {"label": "Meebeslissen", "weight": "low", "leaves": []},
    ...     {"label": "Steun thuis", "weight": "high", "leaves": [
    ...         {"label": "Samen lezen", "context": "home"}]},
    ... ]
    >>> ax = draw_tree(branches, bare_label="nog niets")
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "leaf"]
    ['→ Leesrugzak', '⇄ Huisbezoek', 'Samen lezen']
    >>> [line.get_linestyle() for line in ax.lines if line.get_gid() == "branch"]
    ['-', '-', '--']
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch, Polygon
    from matplotlib.transforms import offset_copy

    plans, top = _plan(branches)
    if ax is None:
        ax = new_axes(*tree_layout(branches))
    if context_labels is None:
        context_labels = {"home": "thuis", "school": "school"}
    if direction_labels is None:
        direction_labels = {"one_way": "eenrichting", "two_way": "tweerichting"}
    if weight_labels is None:
        weight_labels = {
            "high": "sterk verband met leren",
            "medium": "enig verband met leren",
            "low": "minder direct verband met leren",
        }

    # gaps between a branch and its texts in points, so they hold in a small Axes too
    def outwards(side, points):
        return offset_copy(ax.transData, fig=ax.figure, x=side * points, units="points")

    trunk_top = max([p["base"] for p in plans], default=1.0) + 0.8
    ax.add_patch(
        Polygon(
            [
                (-TRUNK_HALF * 2.2, 0),
                (-TRUNK_HALF, 0.6),
                (-TRUNK_HALF * 0.6, trunk_top),
                (TRUNK_HALF * 0.6, trunk_top),
                (TRUNK_HALF, 0.6),
                (TRUNK_HALF * 2.2, 0),
            ],
            closed=True,
            facecolor=WOOD,
            edgecolor="none",
            zorder=2,
            gid="trunk",
        )
    )
    ax.plot([-1.6, 1.6], [0, 0], color=GROUND, linewidth=2, solid_capstyle="round", zorder=1)

    for plan in plans:
        side, base, tip_x, tip_y = plan["side"], plan["base"], plan["tip_x"], plan["tip_y"]
        bare = not plan["leaves"]
        start = (side * TRUNK_HALF * 0.5, base)
        ax.plot(
            [start[0], side * tip_x],
            [base, tip_y],
            color=BARE if bare else WOOD,
            linewidth=BRANCH_WIDTH[plan["weight"]] * (0.6 if bare else 1.0),
            linestyle="--" if bare else "-",
            solid_capstyle="round",
            dash_capstyle="round",
            zorder=2,
            gid="branch",
        )
        ax.plot(
            [side * tip_x],
            [tip_y],
            marker="o",
            markersize=11,
            fillstyle=WEIGHT_FILL[plan["weight"]],
            color=TEXT,
            markerfacecoloralt=PAPER,
            markeredgewidth=1.6,
            linestyle="none",
            zorder=4,
            gid="weight",
        )
        ax.text(
            side * tip_x,
            tip_y - 0.3,
            plan["label"],
            transform=outwards(side, 11),
            ha="left" if side > 0 else "right",
            va="bottom",
            fontsize=FONT + 1,
            fontweight="bold",
            color=EMPTY_TEXT if bare else TEXT,
            linespacing=1.1,
            gid="form",
            parse_math=False,
            usetex=False,
        )

        def along(y, plan=plan, start=start):
            """The x of the branch at height y (positive: outwards)."""
            share = (y - plan["base"]) / (plan["tip_y"] - plan["base"])
            return abs(start[0]) + share * (plan["tip_x"] - abs(start[0]))

        if bare:
            y = base + 0.5
            ax.text(
                side * along(y + 0.5),
                y,
                bare_label,
                transform=outwards(side, 8),
                ha="left" if side > 0 else "right",
                va="center",
                fontsize=FONT,
                fontstyle="italic",
                color=EMPTY_TEXT,
                gid="bare",
                parse_math=False,
                usetex=False,
            )
            continue
        for j, leaf in enumerate(plan["leaves"]):  # the first leaf at the top, under the name
            y = tip_y - 1.0 - j
            context = _plain(_field(leaf, "context"))
            direction = _plain(_field(leaf, "direction"))
            two_way = direction == "two_way"
            arrow = f"{ARROW[direction]} " if direction in ARROW else ""
            ax.text(
                side * along(y + 0.5),
                y,
                f"{arrow}{_leaf_text(_field(leaf, 'label'))}{_count(leaf)}",
                transform=outwards(side, 8),
                ha="left" if side > 0 else "right",
                va="center",
                fontsize=FONT,
                color=CONTEXT_TEXT.get(context, TEXT),
                bbox={
                    "boxstyle": "round,pad=0.3,rounding_size=0.6",
                    "facecolor": CONTEXT_COLOUR.get(context, CONTEXT_UNKNOWN),
                    "edgecolor": TEXT if two_way else PAPER,
                    "linewidth": 1.8 if two_way else 0.8,
                },
                zorder=3,
                gid="leaf",
                parse_math=False,
                usetex=False,
            )

    ax.set_xlim(-HALF_WIDTH, HALF_WIDTH)
    ax.set_ylim(-0.4, max(top, trunk_top + 0.5))
    ax.axis("off")

    handles = [
        Patch(facecolor=CONTEXT_COLOUR.get(key, CONTEXT_UNKNOWN), edgecolor="none", label=text)
        for key, text in context_labels.items()
    ]
    handles += [
        Line2D(
            [],
            [],
            linestyle="none",
            marker=_ARROW_MARKER[key],
            markersize=13,
            color=TEXT,
            label=text,
        )
        for key, text in direction_labels.items()
        if key in _ARROW_MARKER
    ]
    handles += [
        Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=10,
            color=TEXT,
            fillstyle=WEIGHT_FILL[key],
            markerfacecoloralt=PAPER,
            markeredgewidth=1.6,
            label=text,
        )
        for key, text in weight_labels.items()
        if key in WEIGHT_FILL
    ]
    if handles:
        legend = ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, 0.0),
            ncol=min(len(handles), 4),
            frameon=False,
            fontsize=FONT,
            handletextpad=0.4,
            columnspacing=1.4,
        )
        for text in legend.get_texts():
            text.set_parse_math(False)
    return ax


_ARROW_MARKER = {"one_way": r"$\rightarrow$", "two_way": r"$\rightleftarrows$"}
