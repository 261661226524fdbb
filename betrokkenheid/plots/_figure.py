"""Making a figure with fixed margins: no layout engine, so a redraw stays fast."""

from __future__ import annotations

__all__ = ["figure_png", "figure_svg", "new_axes"]


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


def figure_svg(figure) -> bytes:
    """The figure as SVG with its text kept as text: fast to make, sharp on a projector.

    The caller sets the figure's margins (no tight bounding box: that draws twice).
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
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "btk"}):
        figure.savefig(buffer, format="svg")
    return buffer.getvalue()
