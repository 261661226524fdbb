"""Involvement seen from each side (*vanuit de ouder, het kind, de school*): per statement, how
present it is at our school and how important we find it; the team sees the gap.

A frame with a parents' questionnaire also asks here what the team expects parents to answer
(``expect.ITEM``, on the parents' scale, for each statement of
:func:`~betrokkenheid.questionnaire.expected_items`); for a statement that mirrors one from the
parent's side, the "how present" rating is that expectation and it is not asked again. These
expectations are no score of the team: its picture, its scales and its report leave them out
(:mod:`betrokkenheid.voices` holds them beside what parents say).
"""

from __future__ import annotations

from ...analysis import answered_by, team_items
from ...answers import Rule
from ...pictures import count_caption
from ...texts import number, tr
from .._unit import Exercise, Scale, short, summary
from ..blocks import extremes, label_of, spread_entry, svg_url

__all__ = ["EXERCISE", "EXPECT", "draw_gap_of", "expect_item", "gap_rows", "reused_statements"]

ASPECTS = ("present", "important")
EXPECT = "expect"  # the items of what the team expects parents to say: expect.ITEM


def expect_item(item: str) -> str:
    """The perspectives' item that holds the team's expectation of parents' statement
    ``item``."""
    return f"{EXPECT}.{item}"


def reused_statements(frame) -> list[tuple[str, str]]:
    """The parents' statements whose expectation is the team's "how present" rating of a
    statement from the parent's side: (parents' item, the perspectives' statement), in the
    questionnaire's order; empty for a frame without a parents' questionnaire.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> reused_statements(load_frame("betrokkenheidsboom"))[0]
    ('welcome', 'parent_at_home_in_school')
    """
    from ...questionnaire import expectation

    if frame.parents is None or frame.perspectives is None:
        return []
    found = []
    for item in frame.parents.items:
        _, key, reused = expectation(frame, item.id)
        if reused:
            found.append((item.id, key.rsplit(".", 1)[0]))
    return found


# -- pictures --------------------------------------------------------------------------------
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
    from ...plots import draw_gap, gap_layout

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


def _team_picture(frame, answers, lang, axes, mine=None):
    section = frame.perspectives
    scores = team_items(answers, section.item_ids())
    draw_gap_of(section, gap_rows(section, scores, lang), lang, axes)
    shown = any(score.shown for score in scores.values())
    drawn = {item: score.mean for item, score in scores.items()}
    return count_caption(lang, answered_by(answers), shown), drawn


def _describe(frame, drawn, lang, mine=False):
    """The gap chart in words: per statement how it is now and how important it is, the
    largest gap first (as many as fit), with the scale.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> first, second = [s.id for s in frame.perspectives.groups[0].statements[:2]]
    >>> drawn = {f"{first}.present": 2.5, f"{first}.important": 4.25,
    ...          f"{second}.present": 3.0, f"{second}.important": 3.5}
    >>> print(_describe(frame, drawn, "nl"))  # doctest: +ELLIPSIS +NORMALIZE_WHITESPACE
    Gemiddelde van het team per uitspraak: ... Het grootste verschil eerst. Ouders voelen zich
    op school op hun gemak: nu 2,5, belangrijk 4,2; Ouders tonen interesse in hoe het met hun
    kind op school…: nu 3,0, belangrijk 3,5; Ouders zetten zich samen met het team in voor hun
    kind: nog te weinig antwoorden; en nog 12 andere.
    """
    section = frame.perspectives
    what = tr("alt_perspectives_mine" if mine else "alt_perspectives_team", lang)
    missing = tr("alt_not_answered" if mine else "alt_too_few", lang)
    statements = [s for group in section.groups for s in group.statements]
    found = []
    for k, statement in enumerate(statements):
        present, important = (drawn.get(f"{statement.id}.{a}") for a in ASPECTS)
        if present is None and important is None:
            found.append(((2, 0, k), f"{short(statement.label.get(lang))}: {missing}"))
            continue
        both = present is not None and important is not None
        values = ", ".join(
            f"{tr(f'aspect_{a}_word', lang)} {missing if v is None else number(v, lang)}"
            for a, v in zip(ASPECTS, (present, important), strict=True)
        )
        order = (0, present - important, k) if both else (1, 0, k)  # the largest gap first
        found.append((order, f"{short(statement.label.get(lang))}: {values}"))
    if all(order[0] == 2 for order, _ in found):
        return f"{what}: {missing}."
    low, high = number(section.present.min, lang, 0), number(section.present.max, lang, 0)
    lead = f"{what}, {tr('alt_scale', lang, low=low, high=high)}. {tr('alt_gap_first', lang)}"
    return summary(lead, [part for _, part in sorted(found)], lang)


# -- answers, report, demo -------------------------------------------------------------------
def _rules(frame, section) -> dict[str, Rule]:
    from ...questionnaire import expected_items

    rules = {}
    for group in section.groups:
        for statement in group.statements:
            for aspect in ASPECTS:
                scale = getattr(section, aspect)
                rules[f"{statement.id}.{aspect}"] = Rule(scale.min, scale.max)
    if frame is not None and frame.parents is not None:  # what parents will say, we think
        scale = frame.parents.scale
        for item in expected_items(frame):
            rules[expect_item(item)] = Rule(scale.min, scale.max)
    return rules


def _report(given, frame, language: str) -> dict:
    from ...pictures import Canvas

    content = frame.perspectives
    scores = team_items(given, content.item_ids())
    scale = [label.get(language) for label in content.present.labels]
    canvas = Canvas()
    draw_gap_of(content, gap_rows(content, scores, language), language, canvas.axes, scale)
    aspects = {a: tr(f"report_{a}_short", language) for a in ASPECTS}
    sizes = {a: getattr(content, a).max - getattr(content, a).min for a in ASPECTS}
    scored, gaps = [], []
    for group in content.groups:
        for statement in group.statements:
            label = statement.label.get(language)
            for aspect, name in aspects.items():
                score = scores[f"{statement.id}.{aspect}"]
                if score.shown:
                    entry = spread_entry(f"{label} ({name})", score, language, sizes[aspect])
                    scored.append((score.spread, entry))
            present, important = (scores[f"{statement.id}.{a}"] for a in aspects)
            if present.shown and important.shown and important.mean > present.mean:
                gap = important.mean - present.mean
                gaps.append((gap, {"label": label, "value": number(gap, language)}))
    agree, differ = extremes(scored)
    gaps.sort(key=lambda g: -g[0])
    return {
        "picture": svg_url(canvas.figure),
        "drawn": {item: score.mean for item, score in scores.items()},  # what the picture shows
        "legend": tr("gap_legend", language),
        "agree": agree,
        "differ": differ,
        "gaps": [g for _, g in gaps[:3]],
    }


def _demo(store, me, frame, rng, number, lift, rating) -> None:
    import random

    from ...questionnaire import expected_items

    for group in frame.perspectives.groups:
        for statement in group.statements:
            store.save_answer(me, "perspectives", f"{statement.id}.present", rating(2.6 + lift))
            store.save_answer(me, "perspectives", f"{statement.id}.important", rating(4.2))
    if frame.parents is None:
        return
    # what we think parents will say: a generator of its own, so that the other exercises'
    # demo answers stay as they were; a team expects a little more than parents say of some
    # statements, and less of others
    own = random.Random(f"expect-{number}-{lift}")
    scale = frame.parents.scale
    for k, item in enumerate(expected_items(frame)):
        centre = 3.4 + lift / 2 + (0.6 if k % 3 == 0 else -0.3 if k % 3 == 1 else 0.0)
        value = min(scale.max, max(scale.min, round(centre + own.gauss(0, 0.7))))
        store.save_answer(me, "perspectives", expect_item(item), value)


def _question(frame, section, parts, language) -> list:
    if len(parts) == 2 and parts[0] == EXPECT:  # what the team expects parents to say
        parents = frame.parents
        items = parents.items if parents is not None else ()
        statement = next((i.text.get(language) for i in items if i.id == parts[1]), None)
        return [tr("voices_expect_question", language), statement or parts[1]]
    if len(parts) != 2:
        return []
    statements = [st for group in section.groups for st in group.statements]
    return [label_of(statements, parts[0], language), tr(f"aspect_{parts[1]}", language)]


def _scales(frame, section, language) -> list[Scale]:
    scales = []
    for group in section.groups:
        for aspect in ASPECTS:
            rating, word = getattr(section, aspect), tr(f"aspect_{aspect}_word", language)
            items = tuple(
                (f"{s.id}.{aspect}", f"{s.label.get(language)} ({word})") for s in group.statements
            )
            label = f"{group.label.get(language)} ({word})"
            scales.append(
                Scale(f"{group.actor.value}.{aspect}", label, rating.min, rating.max, items)
            )
    return scales


EXERCISE = Exercise(
    name="perspectives",
    notebook="01_betrokkenheid.ipynb",
    title_key="page_perspectives",
    page="betrokkenheid.ui.perspectives_page:PerspectivesPage",
    rules=_rules,
    picture=_team_picture,
    report=_report,
    demo=_demo,
    parts=(
        (
            "statement",
            "a statement of involvement",
            lambda c: [s for group in c.groups for s in group.statements],
        ),
    ),
    question=_question,
    scales=_scales,
    describe=_describe,
)
