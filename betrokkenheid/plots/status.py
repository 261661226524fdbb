"""How far each action got, as one stacked bar per action: done, partly, not yet, dropped."""

from __future__ import annotations

from collections.abc import Sequence

from ..palette import GREEN, MUTED, ORANGE, PAPER, TEXT, VERMILLION

__all__ = ["STATUS_STYLE", "draw_status", "status_layout"]

LABEL_CHARS = 48  # a phone shows the picture about 300 px wide: big type, one line
# colour and hatch per status: told apart by pattern too, never by colour alone
STATUS_STYLE = {
    "done": (GREEN, ""),
    "partly": (ORANGE, "//"),
    "not_yet": (MUTED, ".."),
    "dropped": (VERMILLION, "xx"),
}


def status_layout(rows: Sequence):
    """Figure size (inches) and axes rectangle: a row per action (its name above its bar, so
    that the bar has the whole width on a phone), the legend below.

    Examples
    --------
    >>> status_layout([("Koffiemoment", {})])[0]
    (5.2, 2.3)
    """
    width, height = 5.2, round(0.75 * len(rows) + 1.55, 2)
    return (width, height), (0.03, 1.0 / height, 0.94, 1 - 1.1 / height)


def draw_status(
    rows: Sequence[tuple[str, dict]], status_labels: dict[str, str], *, empty_label="", ax=None
):
    """Draw one bar per action, split by how many people chose each status.

    Parameters
    ----------
    rows : sequence of (label, {status: count})
        In the order given (top first), each name above its bar. An empty dict: nothing
        shown for that action (too few people), marked with ``empty_label``. Names are shown
        as typed (never read as math).
    status_labels : dict
        The words of each status for the legend, in :data:`STATUS_STYLE`'s order.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> words = {"done": "done", "partly": "partly", "not_yet": "not yet", "dropped": "dropped"}
    >>> ax = draw_status([("$Koffie$", {"done": 2, "partly": 1}), ("Brief", {})], words,
    ...                  empty_label="too few")
    >>> [t.get_text() for t in ax.texts if t.get_gid() == "label"]
    ['\\\\$Koffie\\\\$', 'Brief']
    >>> sorted(p.get_gid() for p in ax.patches if p.get_gid())
    ['done', 'partly']
    """
    import textwrap

    if ax is None:
        from ._figure import new_axes

        ax = new_axes(*status_layout(rows))
    positions = list(range(len(rows)))[::-1]  # the first action on top
    widest = max([1, *(sum(counts.values()) for _, counts in rows)])
    for y, (label, counts) in zip(positions, rows, strict=True):
        name = textwrap.shorten(label, LABEL_CHARS, placeholder="…").replace("$", r"\$")
        ax.text(0, y + 0.3, name, va="bottom", fontsize=13, color=TEXT, gid="label")
        left = 0
        if not counts or not sum(counts.values()):
            ax.text(0, y, empty_label, va="center", fontsize=12, color=MUTED, gid="empty")
            continue
        for status, (colour, hatch) in STATUS_STYLE.items():
            count = counts.get(status, 0)
            if not count:
                continue
            bar = ax.barh(
                y, count, left=left, color=colour, hatch=hatch, edgecolor=PAPER, height=0.5
            )
            bar.patches[0].set_gid(status)
            ax.text(
                left + count / 2,
                y,
                f"{count:g}",
                va="center",
                ha="center",
                fontsize=12,
                color=TEXT,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": PAPER, "edgecolor": "none"},
            )
            left += count
    ax.set_xlim(0, widest * 1.02)
    ax.set_ylim(-0.45, len(rows) - 0.05)
    ax.set_axis_off()
    from matplotlib.patches import Patch

    handles = [
        Patch(facecolor=colour, hatch=hatch, edgecolor=PAPER, label=status_labels[status])
        for status, (colour, hatch) in STATUS_STYLE.items()
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(0.0, -0.02),
        ncol=2,
        frameon=False,
        fontsize=12,
    )
    return ax
