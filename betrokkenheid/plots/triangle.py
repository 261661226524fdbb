"""The partnership triangle: actors as nodes, each relation an edge coloured by its score."""

from __future__ import annotations

from collections.abc import Mapping

from ..palette import BASELINE, BOX_EDGE, EMPTY, OUTLINE, PAPER, SCALE, TEXT_SOFT
from ..texts import number

__all__ = ["draw_triangle", "PALETTE"]

# Colour-blind-safe ends of the scale (cividis): dark blue for low, yellow for high.
PALETTE = SCALE
MISSING = EMPTY  # a relation without a score: grey and dashed
# the baseline (BASELINE): grey and dashed, told apart by line style, not colour
OUTWARD = 0.1  # how far the baseline's line lies outside its edge (data units)
POSITIONS = {"parent": (0.0, 0.0), "professional": (1.0, 0.0), "child": (0.5, 0.82)}


def _value(score):
    """A plain number from a float, a GroupScore-like object or None."""
    return getattr(score, "mean", score)


def _spread(score):
    return getattr(score, "spread", None)


def draw_triangle(
    triangle,
    scores: Mapping[str, object],
    *,
    language: str = "nl",
    low: float = 1,
    high: float = 5,
    ax=None,
    baseline: Mapping[str, object] | None = None,
    baseline_label: str = "nulmeting",
    later_label: str = "latere meting",
    scale_label: str | None = None,
):
    """Draw the partnership triangle with a score on each relation.

    Parameters
    ----------
    triangle : PartnershipTriangle
        The actors and relations (``frame.partnership_triangle()``).
    scores : mapping
        Relation id to a number, ``None`` (not answered or hidden), or an object with ``mean``
        and ``spread`` (such as :class:`~betrokkenheid.analysis.GroupScore`); a spread is drawn
        as a pale band around the edge, wider when the team differs more.
    language : {"nl", "en"}
    low, high : float
        The ends of the rating scale.
    ax : matplotlib Axes, optional
        Where to draw; a new figure when ``None``.
    baseline : mapping, optional
        An earlier measurement (the *nulmeting*), relation id to a number or ``None``, as
        ``scores``: each known one is a grey dashed line just outside its edge, as thick as
        that score would be, and the edge's label reads "baseline → later". A legend in words
        then names the two.
    baseline_label, later_label : str
        The legend texts of the two measurements.
    scale_label : str, optional
        A note on the scale (e.g. "schaal 1–5"), written in the top right corner.

    Returns
    -------
    matplotlib.axes.Axes
        Each baseline line has gid ``"baseline"`` and its relation id as its label's url
        (``get_url()``); the edge labels have gid ``"value"``, the scale note ``"scale"``.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from betrokkenheid import load_frame
    >>> triangle = load_frame("betrokkenheidsboom").partnership_triangle()
    >>> ax = draw_triangle(triangle, {"parent_school": 4.0, "child_school": None})
    >>> sorted(t.get_text() for t in ax.texts if "," in t.get_text() or "–" in t.get_text())
    ['4,0', '–', '–']
    >>> ax = draw_triangle(triangle, {"parent_school": 4.0}, baseline={"parent_school": 3.0})
    >>> sorted(t.get_text() for t in ax.texts if t.get_gid() == "value")
    ['3,0 → 4,0', '– → –', '– → –']
    """
    import matplotlib as mpl
    import networkx as nx

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(6, 5))
    cmap = mpl.colormaps[PALETTE]
    graph = triangle.graph
    edges = list(graph.edges)
    relation_of = {edge: graph.edges[edge]["relation"] for edge in edges}
    values = [_value(scores.get(relation_of[e].id)) for e in edges]
    spreads = [_spread(scores.get(relation_of[e].id)) for e in edges]

    def width(v):
        return 2 + 12 * (v - low) / (high - low)

    def colour(v):
        return cmap(0.15 + 0.8 * (v - low) / (high - low))

    # the team's spread: a pale band around the edge, as wide as mean ± spread
    bands = [
        (e, v, s) for e, v, s in zip(edges, values, spreads, strict=True) if v is not None and s
    ]
    if bands:
        nx.draw_networkx_edges(
            graph,
            POSITIONS,
            edgelist=[e for e, _, _ in bands],
            width=[width(min(high, v + s)) + 10 * s for _, v, s in bands],
            edge_color=[colour(v) for _, v, _ in bands],
            alpha=0.25,
            ax=ax,
        )
    nx.draw_networkx_edges(
        graph,
        POSITIONS,
        edgelist=edges,
        width=[2 if v is None else width(v) for v in values],
        edge_color=[MISSING if v is None else colour(v) for v in values],
        style=["dashed" if v is None else "solid" for v in values],
        ax=ax,
    )
    nx.draw_networkx_nodes(
        graph,
        POSITIONS,
        node_size=4400,
        node_color=PAPER,
        edgecolors=OUTLINE,
        linewidths=2,
        ax=ax,
    )
    nx.draw_networkx_labels(
        graph,
        POSITIONS,
        labels={n: graph.nodes[n]["label"].get(language) for n in graph.nodes},
        font_size=13,
        font_weight="bold",
        ax=ax,
    )
    for edge, v, s in zip(edges, values, spreads, strict=True):
        (x1, y1), (x2, y2) = POSITIONS[edge[0]], POSITIONS[edge[1]]
        mid = ((x1 + x2) / 2, (y1 + y2) / 2)
        text = number(v, language)
        if baseline is not None:  # two numbers: the spread stays a band, not a third number
            before = _value(baseline.get(relation_of[edge].id))
            text = f"{number(before, language)} → {text}"
        elif v is not None and s:
            text += f" (± {number(s, language)})"
        ax.text(
            *mid,
            text,
            ha="center",
            va="center",
            fontsize=13,
            gid="value",
            bbox={"boxstyle": "round,pad=0.3", "facecolor": PAPER, "edgecolor": BOX_EDGE},
        )
    if baseline is not None:
        _draw_baseline(ax, graph, edges, relation_of, baseline, width, baseline_label, later_label)
    if scale_label:
        ax.text(
            1.25,
            1.0,
            scale_label,
            ha="right",
            va="top",
            fontsize=11,
            color=TEXT_SOFT,
            gid="scale",
            parse_math=False,
        )
    ax.set_xlim(-0.25, 1.25)
    ax.set_ylim(-0.22, 1.02)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def _draw_baseline(ax, graph, edges, relation_of, baseline, width, baseline_label, later_label):
    """The baseline's score per edge, a grey dashed line just outside it; and the legend."""
    from matplotlib.lines import Line2D

    centre = tuple(sum(p[i] for p in POSITIONS.values()) / len(POSITIONS) for i in (0, 1))
    for edge in edges:
        relation = relation_of[edge].id
        value = _value(baseline.get(relation))
        if value is None:
            continue
        (x1, y1), (x2, y2) = POSITIONS[edge[0]], POSITIONS[edge[1]]
        mx, my = (x1 + x2) / 2 - centre[0], (y1 + y2) / 2 - centre[1]
        norm = (mx**2 + my**2) ** 0.5 or 1.0
        dx, dy = OUTWARD * mx / norm, OUTWARD * my / norm
        # from a quarter to three quarters of the edge: clear of the actors' circles
        xs = [x1 + (x2 - x1) * t + dx for t in (0.25, 0.75)]
        ys = [y1 + (y2 - y1) * t + dy for t in (0.25, 0.75)]
        (line,) = ax.plot(
            xs,
            ys,
            color=BASELINE,
            linewidth=width(value),
            linestyle=(0, (0.7, 0.45)),
            solid_capstyle="butt",
            dash_capstyle="butt",
            zorder=0.5,
            gid="baseline",
        )
        line.set_url(relation)
    handles = [
        Line2D([], [], color=BASELINE, linewidth=4, linestyle=(0, (0.7, 0.45))),
        Line2D([], [], color=_colour(0.75), linewidth=6),
    ]
    legend = ax.legend(
        handles,
        [baseline_label, later_label],
        loc="upper left",
        frameon=False,
        fontsize=11,
        handlelength=2.4,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)


def _colour(fraction: float):
    """A colour of the palette, ``fraction`` from its low end."""
    import matplotlib as mpl

    return mpl.colormaps[PALETTE](fraction)
