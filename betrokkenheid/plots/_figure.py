"""Making a figure with fixed margins: no layout engine, so a redraw stays fast."""

from __future__ import annotations

__all__ = ["figure_png", "figure_svg", "new_axes", "scale_axis", "scale_steps"]


def new_axes(size: tuple[float, float], rect: tuple[float, float, float, float], polar=False):
    """A new pyplot figure of ``size`` inches with one Axes at ``rect`` (figure fractions).

    Pages use :class:`matplotlib.figure.Figure` with the same ``size`` and ``rect`` instead,
    so that no figure lingers in pyplot.
    """
    import matplotlib.pyplot as plt

    figure = plt.figure(figsize=size)
    return figure.add_axes(rect, projection="polar" if polar else None)


def figure_png(figure, dpi: int = 100) -> bytes:
    """The figure as PNG bytes (for an ipywidgets Image or a report).

    Parameters
    ----------
    figure : matplotlib.figure.Figure
    dpi : int
        Dots per inch of the picture.

    Returns
    -------
    bytes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure_png(Figure(figsize=(2, 1)))[:4]
    b'\\x89PNG'
    """
    from io import BytesIO

    buffer = BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def figure_svg(figure, tight: bool = False) -> bytes:
    """The figure as SVG with its text kept as text: fast to make, sharp on a projector.

    The caller sets the figure's margins (no tight bounding box: that draws twice), unless
    ``tight``: then the picture is cut to what is drawn (a slide of the presentation view,
    whose text was enlarged).
    Text typed by users is escaped by matplotlib's SVG writer; shown through an ``<img>``,
    an SVG runs no scripts.

    Parameters
    ----------
    figure : matplotlib.figure.Figure

    Returns
    -------
    bytes

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure = Figure(figsize=(2, 1))
    >>> _ = figure.text(0.1, 0.5, "<script>alert(1)</script>")
    >>> svg = figure_svg(figure)
    >>> b"&lt;script&gt;" in svg and b"<script>" not in svg
    True
    """
    from io import BytesIO

    import matplotlib as mpl

    buffer = BytesIO()
    tightly = {"bbox_inches": "tight", "pad_inches": 0.06} if tight else {}
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "btk"}):
        figure.savefig(buffer, format="svg", **tightly)
    return buffer.getvalue()


def scale_steps(low, high, scale_labels=None) -> list[int]:
    """The whole steps of a rating scale from ``low`` to ``high``; a ``ValueError`` when
    ``scale_labels`` is not one text per step."""
    steps = list(range(int(low), int(high) + 1))
    if scale_labels is not None and len(scale_labels) != len(steps):
        raise ValueError(
            f"scale_labels needs {len(steps)} texts, one per step from {low} to {high}, "
            f"not {len(scale_labels)}"
        )
    return steps


def scale_axis(ax, low, high, rows: float, scale_labels=None, fontsize: int = 11) -> None:
    """Make ``ax`` a rating scale from ``low`` to ``high`` along x with ``rows`` rows down
    (the first at the top): its numbers, each step's word beneath (gid ``"scale"``), a light
    grid and no frame but the bottom line."""
    import textwrap

    from matplotlib.transforms import offset_copy

    from ..palette import AXIS, GRID_LIGHT, TEXT, TEXT_SOFT

    steps = scale_steps(low, high, scale_labels)
    ax.set_xlim(low - 0.25, high + 0.25)
    ax.set_ylim(max(rows, 1.0), 0)
    ax.set_xticks(steps)
    if scale_labels is not None:
        below = offset_copy(ax.get_xaxis_transform(), fig=ax.figure, y=-22, units="points")
        for step, text in zip(steps, scale_labels, strict=True):
            ax.text(
                step,
                0,
                "\n".join(textwrap.wrap(str(text), 14)),
                transform=below,
                ha="center",
                va="top",
                fontsize=fontsize,
                color=TEXT_SOFT,
                gid="scale",
                parse_math=False,
            )
    ax.tick_params(axis="x", labelsize=fontsize, length=0, colors=TEXT)
    ax.set_yticks([])
    ax.grid(axis="x", color=GRID_LIGHT, linewidth=1)
    ax.set_axisbelow(True)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color(AXIS)
