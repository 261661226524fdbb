"""The team's picture of each exercise, shared by the pages, the dashboard and the report.

Each function draws on an Axes it asks from ``axes(layout, polar=False)`` and returns the
caption and the data it drew (for tests). The privacy threshold is
:mod:`betrokkenheid.privacy`'s, applied in the analysis layer: below it, no number is drawn.
"""

from __future__ import annotations

from .analysis import (
    answered_by,
    barrier_counts,
    team_items,
    team_levels,
    team_triangle,
    tree_branches,
    vote_tally,
)
from .privacy import MIN_GROUP, enough
from .terms import Direction
from .texts import tr

__all__ = [
    "CHANGE_PICTURES",
    "TEAM_PICTURES",
    "TRIANGLE_LAYOUT",
    "Canvas",
    "change_captions",
    "change_picture",
    "draw_gap_of",
    "draw_radar_of",
    "draw_tree_of",
    "draw_triangle_of",
    "draw_votes_of",
    "gap_rows",
    "radar_rows",
    "team_picture",
    "tree_labels",
    "warm_up",
]


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


def _count_caption(lang: str, people: int, shown: bool) -> str:
    if shown:
        return tr("team_count", lang, n=people)
    return tr("team_waiting", lang, min=MIN_GROUP, n=people)


def gap_rows(section, scores: dict, lang: str) -> list[dict]:
    """The rows of the gap chart: a statement with its two scores."""
    return [
        {
            "label": statement.label.get(lang),
            "group": group.label.get(lang),
            "present": scores.get(f"{statement.id}.present"),
            "important": scores.get(f"{statement.id}.important"),
        }
        for group in section.groups
        for statement in group.statements
    ]


def draw_gap_of(section, rows, lang, axes, scale_labels=None):
    """Draw the gap chart of these rows, labelled in ``lang``."""
    from .plots import draw_gap, gap_layout

    draw_gap(
        rows,
        low=section.present.min,
        high=section.present.max,
        language=lang,
        present_label=tr("aspect_present", lang),
        important_label=tr("aspect_important", lang),
        scale_labels=scale_labels,
        ax=axes(gap_layout(rows, scale_labels=scale_labels)),
    )


def draw_perspectives(frame, answers, lang, axes, mine=None):
    section = frame.perspectives
    scores = team_items(answers, section.item_ids())
    draw_gap_of(section, gap_rows(section, scores, lang), lang, axes)
    shown = any(score.shown for score in scores.values())
    drawn = {item: score.mean for item, score in scores.items()}
    return _count_caption(lang, answered_by(answers), shown), drawn


def draw_triangle_of(frame, scores, lang, axes):
    """Draw the partnership triangle with these scores per relation."""
    from .plots import draw_triangle

    draw_triangle(
        frame.partnership_triangle(),
        scores,
        language=lang,
        low=frame.scale.min,
        high=frame.scale.max,
        ax=axes(TRIANGLE_LAYOUT),
    )


def draw_triangle_team(frame, answers, lang, axes, mine=None):
    scores = team_triangle(answers, frame)
    draw_triangle_of(frame, scores, lang, axes)
    most = max((s.n for s in scores.values()), default=0)
    shown = any(s.shown for s in scores.values())
    return _count_caption(lang, most, shown), {k: s.mean for k, s in scores.items()}


TRIANGLE_LAYOUT = ((5.2, 4.4), (0, 0, 1, 1))


def tree_labels(branches: list[dict]) -> dict[str, list[str]]:
    """The tree as branch label → leaf labels (with their counts), for tests and tables."""
    return {
        b["label"]: [
            leaf["label"] + (f" ({leaf['count']})" if "count" in leaf else "")
            for leaf in b["leaves"]
        ]
        for b in branches
    }


def draw_tree_of(branches, lang, axes):
    """Draw the involvement tree of these branches, labelled in ``lang``."""
    from .plots import draw_tree, tree_layout

    draw_tree(
        branches,
        bare_label=tr("bare_branch", lang),
        context_labels={c: tr(f"context_{c}", lang) for c in ("home", "school")},
        direction_labels={d.value: tr(f"direction_{d.value}", lang) for d in Direction},
        weight_labels={w: tr(f"weight_{w}", lang) for w in ("high", "medium", "low")},
        ax=axes(tree_layout(branches)),
    )


def draw_forms(frame, answers, lang, axes, mine=None):
    branches = tree_branches(answers, frame.forms, lang)
    draw_tree_of(branches, lang, axes)
    people = answered_by(answers)
    if not enough(people):
        caption = tr("team_waiting", lang, min=MIN_GROUP, n=people)
    else:
        bare = sum(not b["leaves"] for b in branches)
        caption = tr("team_count", lang, n=people) + " " + tr("bare_count", lang, n=bare)
    return caption, tree_labels(branches)


def radar_rows(section, team: dict | None, mine: dict | None, lang: str) -> list[dict]:
    """The rows of the radar: the team's median and quartiles, and my own choice."""
    return [
        {
            "label": c.label.get(lang),
            "median": team[c.id].median if team else None,
            "low": team[c.id].low if team else None,
            "high": team[c.id].high if team else None,
            "mine": (mine or {}).get(c.id),
        }
        for c in section.components
    ]


def draw_radar_of(section, rows, lang, axes):
    """Draw the climate radar of these rows, labelled in ``lang``."""
    from .plots import RADAR_LAYOUT, draw_radar

    draw_radar(
        rows,
        levels=[level.label.get(lang) for level in section.levels],
        median_label=tr("radar_median", lang),
        spread_label=tr("radar_spread", lang),
        mine_label=tr("radar_mine", lang),
        ax=axes(RADAR_LAYOUT, polar=True),
    )


def draw_climate(frame, answers, lang, axes, mine=None):
    section = frame.climate
    team = team_levels(answers, [c.id for c in section.components])
    draw_radar_of(section, radar_rows(section, team, mine, lang), lang, axes)
    shown = any(spread.shown for spread in team.values())
    return _count_caption(lang, answered_by(answers), shown), {
        cid: spread.median for cid, spread in team.items()
    }


def draw_votes_of(rows, axes):
    """Draw votes per opportunity as bars."""
    from .plots import draw_votes, votes_layout

    draw_votes(rows, ax=axes(votes_layout(rows)))


def draw_barriers(frame, answers, lang, axes, mine=None):
    section = frame.barriers
    known = [c.id for c in section.opportunities]
    labels = {c.id: c.label.get(lang) for c in section.opportunities}
    voters = answered_by(a for a in answers if a.item.startswith("vote."))
    if enough(voters):
        tally = vote_tally(answers, known)
        counts = tally["votes"]
        caption = tr("team_count", lang, n=voters)
        if tally["unknown"]:
            caption += " " + tr("votes_unknown", lang, n=tally["unknown"])
        seen = barrier_counts(answers, section)
        named = sorted((b for b in section.barriers if seen[b.id]), key=lambda b: -seen[b.id])
        if named:
            caption += " " + tr(
                "barriers_most", lang, names=", ".join(b.label.get(lang) for b in named[:3])
            )
    else:
        counts = dict.fromkeys(known, 0)
        caption = tr("team_waiting", lang, min=MIN_GROUP, n=voters)
    rows = [(labels[c], counts[c]) for c in known]
    draw_votes_of(rows, axes)
    return caption, {labels[c]: counts[c] for c in known}


TEAM_PICTURES = {
    "perspectives": draw_perspectives,
    "triangle": draw_triangle_team,
    "forms": draw_forms,
    "climate": draw_climate,
    "barriers": draw_barriers,
}


def team_picture(section: str, frame, answers, lang: str, axes, mine=None):
    """Draw the team's picture of exercise ``section``; returns (caption, drawn data)."""
    return TEAM_PICTURES[section](frame, list(answers), lang, axes, mine)


# --- the baseline beneath a later measurement -----------------------------------------------


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


def _triangle_change(frame, later, baseline, lang, axes):
    from .plots import draw_triangle
    from .texts import number

    after = team_triangle(later, frame)
    before = {k: s.mean for k, s in team_triangle(baseline, frame).items()}
    low, high = frame.scale.min, frame.scale.max
    draw_triangle(
        frame.partnership_triangle(),
        after,
        language=lang,
        low=low,
        high=high,
        baseline=before,
        baseline_label=tr("change_baseline_label", lang),
        later_label=tr("change_later_label", lang),
        scale_label=tr(
            "change_scale_note", lang, low=number(low, lang, 0), high=number(high, lang, 0)
        ),
        ax=axes(TRIANGLE_LAYOUT),
    )
    parts = [(r.label.get(lang), before[r.id], after[r.id].mean) for r in frame.triangle.relations]
    drawn = {"baseline": before, "later": {k: s.mean for k, s in after.items()}}
    return change_captions(parts, lang, low, high), drawn


def _climate_change(frame, later, baseline, lang, axes):
    from .plots import RADAR_LAYOUT, draw_radar

    section = frame.climate
    ids = [c.id for c in section.components]
    after = team_levels(later, ids)
    before = {k: s.median for k, s in team_levels(baseline, ids).items()}
    high = len(section.levels)
    draw_radar(
        radar_rows(section, after, None, lang),
        levels=[level.label.get(lang) for level in section.levels],
        median_label=tr("change_later_label", lang),
        spread_label=tr("radar_spread", lang),
        baseline=[before[c] for c in ids],
        baseline_label=tr("change_baseline_label", lang),
        scale_label=tr("change_scale_note", lang, low=1, high=high),
        ax=axes(RADAR_LAYOUT, polar=True),
    )
    parts = [(c.label.get(lang), before[c.id], after[c.id].median) for c in section.components]
    drawn = {"baseline": before, "later": {k: s.median for k, s in after.items()}}
    return change_captions(parts, lang, 1, high), drawn


CHANGE_PICTURES = {"triangle": _triangle_change, "climate": _climate_change}


def change_picture(section: str, frame, later, baseline, lang: str, axes):
    """Draw the baseline beneath the later measurement of ``section`` (triangle or climate).

    ``later`` and ``baseline`` are the two sessions' answers. A result of fewer than
    :data:`~betrokkenheid.privacy.MIN_GROUP` people is not drawn (a gap), in either one.
    Returns (captions, drawn data): the plain sentences of :func:`change_captions` and
    ``{"baseline": {id: value}, "later": {id: value}}``.
    """
    return CHANGE_PICTURES[section](frame, list(later), list(baseline), lang, axes)
