"""The partnership climate (*partnerschapsklimaat*): where the team places the school on a
rubric of levels, per component; the team sees the median and the middle half."""

from __future__ import annotations

import math

from ...analysis import answered_by, team_items, team_levels
from ...answers import Rule
from ...pictures import count_caption
from ...texts import number, tr
from .._unit import Exercise, Scale, summary
from ..blocks import extremes, label_of, spread_entry, svg_url

__all__ = ["EXERCISE", "draw_radar_of", "radar_rows"]


# -- pictures --------------------------------------------------------------------------------
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
    from ...plots import RADAR_LAYOUT, draw_radar

    draw_radar(
        rows,
        levels=[level.label.get(lang) for level in section.levels],
        median_label=tr("radar_median", lang),
        spread_label=tr("radar_spread", lang),
        mine_label=tr("radar_mine", lang),
        ax=axes(RADAR_LAYOUT, polar=True),
    )


def _team_picture(frame, answers, lang, axes, mine=None):
    section = frame.climate
    team = team_levels(answers, [c.id for c in section.components])
    draw_radar_of(section, radar_rows(section, team, mine, lang), lang, axes)
    shown = any(spread.shown for spread in team.values())
    return count_caption(lang, answered_by(answers), shown), {
        cid: spread.median for cid, spread in team.items()
    }


def _change_picture(frame, later, baseline, lang, axes):
    from ...plots import RADAR_LAYOUT, draw_radar

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
    return {"baseline": before, "later": {k: s.median for k, s in after.items()}}


def _describe(frame, drawn, lang, mine=False):
    """The radar in words: the team's median (or my level) per component, with the rubric's
    levels as its scale.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> print(_describe(frame, {"vision": 2.5}, "en"))  # doctest: +NORMALIZE_WHITESPACE
    The team's middle answer per component, on a scale of 1 (Starting) to 4 (Inspiring).
    Vision: 2.5; Visible behaviour: too few answers yet; Actively involved parents: too few answers
    yet; Shared responsibility for learning and development: too few answers yet; Parents as
    partners in conversation: too few answers yet; Information, expectations and
    contributions: too few answers yet.
    """
    section = frame.climate
    what = tr("alt_climate_mine" if mine else "alt_climate_team", lang)
    missing = tr("alt_not_answered" if mine else "alt_too_few", lang)
    values = {c.id: drawn.get(c.id) for c in section.components}
    if all(v is None for v in values.values()):
        return f"{what}: {missing}."
    levels = [level.label.get(lang) for level in section.levels]
    scale = tr(
        "alt_levels",
        lang,
        low=number(1, lang, 0),
        first=levels[0],
        high=number(len(levels), lang, 0),
        last=levels[-1],
    )
    parts = [
        f"{c.label.get(lang)}: {missing if values[c.id] is None else number(values[c.id], lang)}"
        for c in section.components
    ]
    return summary(f"{what}, {scale}.", parts, lang)


# -- answers, report, demo -------------------------------------------------------------------
def _rules(frame, section) -> dict[str, Rule]:
    level = Rule(1, len(section.levels))
    return {component.id: level for component in section.components}


def _report(given, frame, language: str) -> dict:
    from ...pictures import Canvas

    content = frame.climate
    ids = [c.id for c in content.components]
    levels = team_levels(given, ids)
    scores = team_items(given, ids)  # the spread (standard deviation) ranks agree/differ
    names = [level.label.get(language) for level in content.levels]
    canvas = Canvas()
    draw_radar_of(content, radar_rows(content, levels, None, language), language, canvas.axes)

    def level(value: float) -> str:
        return names[min(len(names), max(1, math.floor(value + 0.5))) - 1]

    rows = []
    for component in content.components:
        spread = levels[component.id]
        if not spread.shown:
            rows.append({"label": component.label.get(language), "n": spread.n, "middle": None})
            continue
        low, high = math.floor(spread.median), math.ceil(spread.median)
        middle = (
            names[low - 1]
            if low == high
            else tr("report_between", language, low=names[low - 1], high=names[high - 1])
        )
        band = level(spread.low), level(spread.high)
        rows.append(
            {
                "label": component.label.get(language),
                "n": spread.n,
                "middle": middle,
                "most": band[0] if band[0] == band[1] else f"{band[0]} – {band[1]}",
                "spread": number(scores[component.id].spread, language),
            }
        )
    agree, differ = extremes(
        [
            (scores[c.id].spread, spread_entry(c.label.get(language), scores[c.id], language))
            for c in content.components
            if scores[c.id].shown and levels[c.id].shown
        ]
    )
    return {
        "picture": svg_url(canvas.figure),
        "drawn": {cid: spread.median for cid, spread in levels.items()},  # what it shows
        "legend": tr("report_radar_legend", language),
        "agree": agree,
        "differ": differ,
        "rows": rows,
    }


def _demo(store, me, frame, rng, number, lift, rating) -> None:
    levels = len(frame.climate.levels)
    for component in frame.climate.components:
        store.save_answer(me, "climate", component.id, rating(2.0 + lift, 1, levels))


def _question(frame, section, parts, language) -> list:
    return [label_of(section.components, parts[0], language)] if len(parts) == 1 else []


def _scales(frame, section, language) -> list[Scale]:
    high = len(section.levels)
    return [
        Scale(c.id, c.label.get(language), 1, high, ((c.id, c.label.get(language)),))
        for c in section.components
    ]


EXERCISE = Exercise(
    name="climate",
    notebook="04_klimaat.ipynb",
    title_key="page_climate",
    page="betrokkenheid.ui.climate_page:ClimatePage",
    rules=_rules,
    picture=_team_picture,
    report=_report,
    demo=_demo,
    change=_change_picture,
    parts=(
        ("component", "a component of the rubric", lambda c: c.components),
        ("level", "a level of the rubric", lambda c: c.levels),
    ),
    question=_question,
    scales=_scales,
    describe=_describe,
)
