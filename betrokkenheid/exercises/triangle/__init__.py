"""The partnership triangle (*partnerschapsdriehoek*): each person rates the qualities of its
three relations (parent–school, child–school, parent–child); the team sees the mean and the
spread per relation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from statistics import fmean

from ...analysis import GroupScore, group_score
from ...answers import Rule
from ...pictures import TRIANGLE_LAYOUT, count_caption
from ...privacy import MIN_GROUP
from ...texts import number, tr
from .._unit import Exercise, Scale, summary
from ..blocks import apart, extremes, label_of, spread_entry, svg_url

__all__ = ["EXERCISE", "draw_triangle_of", "relation_scores", "team_triangle"]

# where the demo team starts per relation; its later measurement lies a little higher
DEMO_START = {"parent_school": 3.0, "child_school": 3.6, "parent_child": 2.3}


# -- analysis --------------------------------------------------------------------------------
def relation_scores(answers: Iterable, triangle_section) -> dict[int, dict[str, float]]:
    """Each participant's score per relation: the mean of the qualities they rated, of those
    the relation is rated on (:meth:`~betrokkenheid.model.TriangleSection.qualities_of`; an
    answer to another quality, as an older version of the frame asked, counts for nothing).

    Parameters
    ----------
    answers : iterable of Answer
        Answers of the ``triangle`` exercise (``item`` is ``relation.quality``).
    triangle_section : TriangleSection
        The frame's triangle, which says what the relations are.

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> section = load_frame("betrokkenheidsboom").triangle
    >>> rows = [Answer(1, "teacher", "triangle", "parent_school.communication", 4.0, None),
    ...         Answer(1, "teacher", "triangle", "parent_school.equality", 2.0, None)]
    >>> relation_scores(rows, section)
    {1: {'parent_school': 3.0}}
    >>> rows = [Answer(1, "teacher", "triangle", "parent_child.communication", 4.0, None),
    ...         Answer(1, "teacher", "triangle", "parent_child.equality", 2.0, None)]
    >>> relation_scores(rows, section)  # parent_child is not rated on equality
    {1: {'parent_child': 4.0}}
    """
    rated = set(triangle_section.item_ids())
    given: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for answer in answers:
        relation, _, _ = answer.item.partition(".")
        if answer.item in rated and answer.value is not None:
            given[answer.participant_id][relation].append(answer.value)
    return {
        pid: {rel: fmean(values) for rel, values in by_relation.items()}
        for pid, by_relation in given.items()
    }


def team_triangle(answers: Iterable, frame, min_group: int = MIN_GROUP) -> dict[str, GroupScore]:
    """The team's result per relation of the triangle.

    Parameters
    ----------
    answers : iterable of Answer
    frame : Frame
        A frame with a triangle section.
    min_group : int
        Fewer people than this on a relation: its mean and spread stay hidden (``None``).

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> rows = [Answer(p, "teacher", "triangle", "parent_child.communication", v, None)
    ...         for p, v in [(1, 2.0), (2, 4.0), (3, 3.0)]]
    >>> team_triangle(rows, frame)["parent_child"].mean
    3.0
    >>> team_triangle(rows, frame)["child_school"]
    GroupScore(n=0, mean=None, spread=None)
    """
    per_person = relation_scores(answers, frame.triangle)
    result = {}
    for relation in frame.triangle.relations:
        values = [scores[relation.id] for scores in per_person.values() if relation.id in scores]
        result[relation.id] = group_score(values, min_group)
    return result


# -- pictures --------------------------------------------------------------------------------
def draw_triangle_of(frame, scores, lang, axes):
    """Draw the partnership triangle with these scores per relation."""
    from ...plots import draw_triangle

    draw_triangle(
        frame.partnership_triangle(),
        scores,
        language=lang,
        low=frame.scale.min,
        high=frame.scale.max,
        ax=axes(TRIANGLE_LAYOUT),
    )


def _team_picture(frame, answers, lang, axes, mine=None):
    scores = team_triangle(answers, frame)
    draw_triangle_of(frame, scores, lang, axes)
    most = max((s.n for s in scores.values()), default=0)
    shown = any(s.shown for s in scores.values())
    return count_caption(lang, most, shown), {k: s.mean for k, s in scores.items()}


def _change_picture(frame, later, baseline, lang, axes):
    from ...plots import draw_triangle

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
    return {"baseline": before, "later": {k: s.mean for k, s in after.items()}}


def _describe(frame, drawn, lang, mine=False):
    """The triangle in words: the score per side (relation), with the scale.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> drawn = {"parent_school": 3.25, "child_school": None}
    >>> print(_describe(frame, drawn, "en", mine=True))  # doctest: +NORMALIZE_WHITESPACE
    Your average per side, on a scale of 1 to 5. Parent and school: 3.2; Child and school: not
    answered yet; Parent and child, about school: not answered yet.
    """
    what = tr("alt_triangle_mine" if mine else "alt_triangle_team", lang)
    missing = tr("alt_not_answered" if mine else "alt_too_few", lang)
    values = {r.id: drawn.get(r.id) for r in frame.triangle.relations}
    if all(v is None for v in values.values()):
        return f"{what}: {missing}."
    low, high = number(frame.scale.min, lang, 0), number(frame.scale.max, lang, 0)
    lead = f"{what}, {tr('alt_scale', lang, low=low, high=high)}."
    parts = [
        f"{r.label.get(lang)}: {missing if values[r.id] is None else number(values[r.id], lang)}"
        for r in frame.triangle.relations
    ]
    return summary(lead, parts, lang)


# -- answers, report, demo -------------------------------------------------------------------
def _rules(frame, section) -> dict[str, Rule]:
    rating = Rule(frame.scale.min, frame.scale.max)
    return {item: rating for item in section.item_ids()}


def _report(given, frame, language: str) -> dict:
    from ...pictures import Canvas

    scores = team_triangle(given, frame)
    canvas = Canvas()
    draw_triangle_of(frame, scores, language, canvas.axes)
    relations = frame.triangle.relations
    size = frame.scale.max - frame.scale.min
    rows = [
        {
            "label": relation.label.get(language),
            "n": scores[relation.id].n,
            "mean": number(scores[relation.id].mean, language),
            "spread": (
                apart(scores[relation.id].spread, size, language)
                if scores[relation.id].shown
                else number(None, language)
            ),
        }
        for relation in relations
    ]
    agree, differ = extremes(
        [
            (scores[r.id].spread, spread_entry(r.label.get(language), scores[r.id], language, size))
            for r in relations
            if scores[r.id].shown
        ]
    )
    return {
        "picture": svg_url(canvas.figure),
        "drawn": {k: s.mean for k, s in scores.items()},  # what the picture shows
        "legend": tr("legend", language),
        "agree": agree,
        "differ": differ,
        "rows": rows,
        "scale": (frame.scale.min, frame.scale.max),
    }


def _demo(store, me, frame, rng, number, lift, rating) -> None:
    for relation in frame.triangle.relations:
        centre = DEMO_START[relation.id] + lift + rng.uniform(-0.6, 0.6)
        for quality in frame.triangle.qualities_of(relation):
            store.save_answer(me, "triangle", f"{relation.id}.{quality.id}", rating(centre))


def _question(frame, section, parts, language) -> list:
    relation = next((r for r in section.relations if r.id == parts[0]), None)
    if len(parts) != 2 or relation is None:
        return []
    return [
        relation.label.get(language),
        label_of(section.qualities_of(relation), parts[1], language),
    ]


def _scales(frame, section, language) -> list[Scale]:
    return [
        Scale(
            relation.id,
            relation.label.get(language),
            frame.scale.min,
            frame.scale.max,
            tuple(
                (
                    f"{relation.id}.{q.id}",
                    f"{relation.label.get(language)}: {q.label.get(language)}",
                )
                for q in section.qualities_of(relation)
            ),
        )
        for relation in section.relations
    ]


def _retired(frame, section, item: str) -> bool:
    """A quality of a side that side is no longer rated on (``parent_child.equality``)."""
    relation, dot, quality = item.partition(".")
    relations = {r.id for r in section.relations}
    if not dot or relation not in relations or quality not in {q.id for q in section.qualities}:
        return False
    return quality not in {q.id for q in section.qualities_of(relation)}


EXERCISE = Exercise(
    name="triangle",
    notebook="02_driehoek.ipynb",
    title_key="page_triangle",
    page="betrokkenheid.ui.triangle_page:TrianglePage",
    rules=_rules,
    picture=_team_picture,
    report=_report,
    demo=_demo,
    change=_change_picture,
    parts=(
        ("relation", "a relation", lambda c: c.relations),
        ("quality", "a quality the relations are rated on", lambda c: c.qualities),
    ),
    question=_question,
    scales=_scales,
    describe=_describe,
    retired=_retired,
)
