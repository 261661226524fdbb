"""Votes per item as horizontal bars: what the team wants to work on first."""

from __future__ import annotations

from collections.abc import Sequence

from ..palette import TEAM, ZERO

__all__ = ["draw_votes", "votes_layout"]

BAR = TEAM  # the team's votes; a bar of none in ZERO
LABEL_CHARS = 42


def votes_layout(rows: Sequence):
    """Figure size (inches) and axes rectangle: a row per item, room for the longest label.

    Examples
    --------
    >>> votes_layout([("Kort", 1), ("Iemand die de taal spreekt", 2)])[0]
    (6.4, 2.5)
    """
    longest = max((min(len(label), LABEL_CHARS) for label, _ in rows), default=10)
    width, height = 6.4, max(2.5, 0.34 * len(rows) + 0.5)
    left = min(0.6, (0.085 * longest + 0.3) / width)  # inches per character at 11 pt
    return (width, round(height, 2)), (left, 0.2 / height, 0.96 - left, 1 - 0.45 / height)


def draw_votes(rows: Sequence[tuple[str, float]], *, ax=None):
    """Draw one bar per item, most votes on top; items without votes stay visible as a stub.

    Parameters
    ----------
    rows : sequence of (label, count)
        Labels are shown as typed (never read as math or markup).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> ax = draw_votes([("Koffiemoment", 4), ("Tolk bij gesprekken", 7), ("$x$", 0)])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['\\\\$x\\\\$', 'Koffiemoment', 'Tolk bij gesprekken']
    """
    import textwrap

    if ax is None:
        from ._figure import new_axes

        ax = new_axes(*votes_layout(rows))
    ordered = sorted(rows, key=lambda row: row[1])
    labels = [
        textwrap.shorten(label, LABEL_CHARS, placeholder="…").replace("$", r"\$")
        for label, _ in ordered
    ]
    counts = [count for _, count in ordered]
    positions = range(len(ordered))
    ax.barh(
        positions,
        [max(c, 0.05) for c in counts],
        color=[BAR if c else ZERO for c in counts],
        height=0.65,
    )
    for y, count in zip(positions, counts, strict=True):
        ax.text(count + 0.1, y, f"{count:g}", va="center", fontsize=11)
    ax.set_yticks(list(positions), labels, fontsize=11)
    ax.set_xlim(0, max([*counts, 1]) * 1.15 + 0.3)
    ax.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return ax
