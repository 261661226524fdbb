"""What the exercises' report blocks share: a picture for an ``<img>``, and the items where
the team agrees and differs most."""

from __future__ import annotations

import base64

from ..texts import number

__all__ = ["extremes", "label_of", "spread_entry", "svg_url"]


def svg_url(figure) -> str:
    """The figure as an SVG data URL for an ``<img>`` (an image runs no scripts)."""
    from ..plots import figure_svg

    return "data:image/svg+xml;base64," + base64.b64encode(figure_svg(figure)).decode("ascii")


def spread_entry(label: str, score, language: str) -> dict:
    """An item of the lists "where we agree" and "where we differ": its label and spread."""
    return {"label": label, "value": number(score.spread, language)}


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
