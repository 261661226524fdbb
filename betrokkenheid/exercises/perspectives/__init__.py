"""Involvement seen from each side (*vanuit de ouder, het kind, de school*): per statement, how
present it is at our school and how important we find it; the team sees the gap."""

from __future__ import annotations

from ...analysis import answered_by, team_items
from ...answers import Rule
from ...pictures import count_caption
from ...texts import number, tr
from .._unit import Exercise, Scale
from ..blocks import extremes, label_of, spread_entry, svg_url

__all__ = ["EXERCISE", "draw_gap_of", "gap_rows"]

ASPECTS = ("present", "important")


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


# -- answers, report, demo -------------------------------------------------------------------
def _rules(frame, section) -> dict[str, Rule]:
    rules = {}
    for group in section.groups:
        for statement in group.statements:
            for aspect in ASPECTS:
                scale = getattr(section, aspect)
                rules[f"{statement.id}.{aspect}"] = Rule(scale.min, scale.max)
    return rules


def _report(given, frame, language: str) -> dict:
    from ...pictures import Canvas

    content = frame.perspectives
    scores = team_items(given, content.item_ids())
    scale = [label.get(language) for label in content.present.labels]
    canvas = Canvas()
    draw_gap_of(content, gap_rows(content, scores, language), language, canvas.axes, scale)
    aspects = {a: tr(f"report_{a}_short", language) for a in ASPECTS}
    scored, gaps = [], []
    for group in content.groups:
        for statement in group.statements:
            label = statement.label.get(language)
            for aspect, name in aspects.items():
                score = scores[f"{statement.id}.{aspect}"]
                if score.shown:
                    entry = spread_entry(f"{label} ({name})", score, language)
                    scored.append((score.spread, entry))
            present, important = (scores[f"{statement.id}.{a}"] for a in aspects)
            if present.shown and important.shown and important.mean > present.mean:
                gap = important.mean - present.mean
                gaps.append((gap, {"label": label, "value": number(gap, language)}))
    agree, differ = extremes(scored)
    gaps.sort(key=lambda g: -g[0])
    return {
        "picture": svg_url(canvas.figure),
        "legend": tr("gap_legend", language),
        "agree": agree,
        "differ": differ,
        "gaps": [g for _, g in gaps[:3]],
    }


def _demo(store, me, frame, rng, number, lift, rating) -> None:
    for group in frame.perspectives.groups:
        for statement in group.statements:
            store.save_answer(me, "perspectives", f"{statement.id}.present", rating(2.6 + lift))
            store.save_answer(me, "perspectives", f"{statement.id}.important", rating(4.2))


def _question(section, parts, language) -> list:
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
)
