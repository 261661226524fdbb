"""What the exercises' pictures share: the figure they are drawn on, readying matplotlib, the
caption that counts people, and plain words on change between two measurements.

Each exercise's own pictures live in its folder (:mod:`betrokkenheid.exercises`): they draw
on an Axes they ask from ``axes(layout, polar=False)`` and return the caption and the data
they drew (for tests). The privacy threshold is :mod:`betrokkenheid.privacy`'s, applied in
the analysis layer: below it, no number is drawn.
"""

from __future__ import annotations

from .privacy import MIN_GROUP
from .texts import tr

__all__ = ["TRIANGLE_LAYOUT", "Canvas", "change_captions", "count_caption", "warm_up"]

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
    its own and touches no page.
    """
    from . import plots  # noqa: F401 - matplotlib, numpy and networkx

    canvas = Canvas()
    axes = canvas.axes(TRIANGLE_LAYOUT)
    axes.plot([0, 1], [0, 1])
    axes.set_title(tr("app_title", "nl"))
    canvas.svg()


def count_caption(lang: str, people: int, shown: bool) -> str:
    """The caption "answered by N people"; below the threshold: the team's picture waits."""
    if shown:
        return tr("team_count", lang, n=people)
    return tr("team_waiting", lang, min=MIN_GROUP, n=people)


def change_captions(parts, lang: str, low: float, high: float) -> list[str]:
    """Plain sentences on where a team grew and where not, every number with its scale.

    Parameters
    ----------
    parts : sequence of (name, baseline, later)
        Each part's name and its two results; ``None`` where a measurement shows none (fewer
        than :data:`~betrokkenheid.privacy.MIN_GROUP` people).
    lang : {"nl", "en"}
    low, high : float
        The ends of the scale.

    Returns
    -------
    list of str
        Up to three sentences: where we grew, where we stayed the same or went down, and
        what cannot be compared yet. Results are compared as they are shown (one decimal).
        No effect sizes and no grading words: the team talks about it.

    Examples
    --------
    >>> change_captions([("Visie", 2.0, 3.0), ("Gedrag", 3.0, 3.0), ("Ouders", None, 2.0)],
    ...                 "en", 1, 4)  # doctest: +NORMALIZE_WHITESPACE
    ['Here we grew (scale 1–4): Visie (2.0 → 3.0).',
     'Here we stayed the same or went down (scale 1–4): Gedrag (3.0 → 3.0).',
     'Not yet to compare (fewer than 3 people in a measurement): Ouders.']
    """
    from .texts import number

    grew, stayed, unknown = [], [], []
    for name, before, after in parts:
        if before is None or after is None:
            unknown.append(name)
            continue
        text = tr(
            "change_part", lang, name=name, before=number(before, lang), after=number(after, lang)
        )
        (grew if round(after, 1) > round(before, 1) else stayed).append(text)
    captions = []
    scale = {"low": number(low, lang, 0), "high": number(high, lang, 0)}
    for key, names in (("change_grew", grew), ("change_stayed", stayed)):
        if names:
            captions.append(tr(key, lang, parts="; ".join(names), **scale))
    if unknown:
        captions.append(tr("change_unknown", lang, min=MIN_GROUP, parts=", ".join(unknown)))
    return captions
