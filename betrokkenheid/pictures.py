"""What the exercises' pictures share: the figure they are drawn on, readying matplotlib and
the caption that counts people (the words on change between two measurements are
:mod:`betrokkenheid.growth`'s).

Each exercise's own pictures live in its folder (:mod:`betrokkenheid.exercises`): they draw
on an Axes they ask from ``axes(layout, polar=False)`` and return the caption and the data
they drew (for tests). The privacy threshold is :mod:`betrokkenheid.privacy`'s, applied in
the analysis layer: below it, no number is drawn.
"""

from __future__ import annotations

from .privacy import MIN_GROUP
from .texts import tr

__all__ = ["TRIANGLE_LAYOUT", "Canvas", "count_caption", "warm_up", "warmed"]

TRIANGLE_LAYOUT = ((5.2, 4.4), (0, 0, 1, 1))


class Canvas:
    """One matplotlib figure that pictures are drawn on again and again.

    The figure is a plain :class:`matplotlib.figure.Figure`, never one of pyplot's, so
    nothing is shown twice in a Voila kernel and nothing lingers.
    """

    def __init__(self):
        self.figure = None

    def axes(self, layout, polar: bool = False):
        """A cleared Axes of the given ``(size, rect)`` layout, reusing the figure if it fits."""
        size, rect = layout
        figure = self.figure
        if figure is None or tuple(figure.get_size_inches()) != tuple(size):
            from matplotlib.figure import Figure

            figure = self.figure = Figure(figsize=size)
            figure.add_axes(rect, projection="polar" if polar else None)
        ax = figure.axes[0]
        ax.clear()
        ax.set_position(rect)
        return ax

    def svg(self) -> bytes:
        """The figure as SVG."""
        from .plots import figure_svg

        return figure_svg(self.figure)


def warm_up() -> None:
    """Import the drawing libraries and draw one throwaway picture.

    A process's first picture pays for the imports of matplotlib, numpy and networkx, its
    fonts and its SVG writer: about half a second. A page runs this in a background thread a
    moment after its questions, so that its own first picture is quick. It uses a figure of
    its own and touches no page. Once per process: a kernel forked from the room's warm fork
    server (:mod:`betrokkenheid.kernels`) has it done already.
    """
    global _warmed
    if _warmed:
        return
    from . import plots  # noqa: F401 - matplotlib, numpy and networkx

    canvas = Canvas()
    axes = canvas.axes(TRIANGLE_LAYOUT)
    axes.plot([0, 1], [0, 1])
    axes.set_title(tr("app_title", "nl"))
    canvas.svg()
    _warmed = True


_warmed = False  # whether this process has drawn its throwaway picture


def warmed() -> bool:
    """Whether this process has warmed up (:func:`warm_up`): its pictures are quick to draw."""
    return _warmed


def count_caption(lang: str, people: int, shown: bool) -> str:
    """The caption "answered by N people"; below the threshold: the team's picture waits."""
    if shown:
        return tr("team_count", lang, n=people)
    return tr("team_waiting", lang, min=MIN_GROUP, n=people)
