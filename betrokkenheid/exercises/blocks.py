"""What the exercises' report blocks share: a picture for an ``<img>``, and the items where
the team agrees and differs most."""

from __future__ import annotations

import base64

from ..texts import tr

__all__ = ["apart", "extremes", "label_of", "spread_entry", "svg_url"]

# how far apart a team's answers lie, in words: the spread (standard deviation) as a share of
# the scale's length; up to CLOSE "close together", up to SOME "somewhat apart", then "far
# apart". A team reads words; the numbers are for researchers (betrokkenheid.stats).
CLOSE, SOME = 0.15, 0.3


def svg_url(figure) -> str:
    """The figure as an SVG data URL for an ``<img>`` (an image runs no scripts)."""
    from ..plots import figure_svg

    return "data:image/svg+xml;base64," + base64.b64encode(figure_svg(figure)).decode("ascii")


def apart(spread: float, size: float, language: str) -> str:
    """How far apart answers with this ``spread`` lie on a scale of length ``size`` (5 steps:
    4), in words.

    Examples
    --------
    >>> [apart(spread, 4, "en") for spread in (0.4, 1.0, 1.6)]
    ['close together', 'somewhat apart', 'far apart']
    """
    share = spread / size if size else 0.0
    key = "apart_close" if share <= CLOSE else "apart_some" if share <= SOME else "apart_far"
    return tr(key, language)


def spread_entry(label: str, score, language: str, size: float) -> dict:
    """An item of the lists "where we agree" and "where we differ": its label and, in words,
    how far apart the answers lie on its scale of length ``size``."""
    return {"label": label, "value": apart(score.spread, size, language)}


def extremes(scored: list[tuple[float, str]]) -> tuple[list, list]:
    """The items with the smallest and with the largest spread (never the same item twice).

    ``scored`` holds (spread, label) in the frame's order; ties keep that order. With n items,
    up to a third (at most 3, at least 1) go on each side.

    Examples
    --------
    >>> extremes([(0.5, "a"), (0.1, "b"), (0.9, "c")])
    (['b'], ['c'])
    >>> extremes([(0.5, "a")])
    ([], [])
    """
    if len(scored) < 2:
        return [], []
    k = max(1, min(3, len(scored) // 3))
    ranked = sorted(range(len(scored)), key=lambda i: scored[i][0])
    agree = [scored[i][1] for i in ranked[:k]]
    differ = [scored[i][1] for i in sorted(ranked[-k:], key=lambda i: -scored[i][0])]
    return agree, differ


def label_of(things, key: str, language: str) -> str | None:
    """The label (in ``language``) of the part of ``things`` whose id is ``key``; ``None``
    when there is none (an export names an item the frame no longer has)."""
    found = next((t for t in things if t.id == key), None)
    return found.label.get(language) if found is not None else None
