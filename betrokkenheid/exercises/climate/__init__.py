"""The partnership climate (*partnerschapsklimaat*): where the team places the school on a
rubric of levels, per component, now and where it wants to be; the team sees the median and
the middle half of both.

Items: ``COMPONENT`` is the level now (or the text ``dont_know``: a person who cannot tell
says so, and is not counted in the middle), ``COMPONENT.wanted`` the level wanted."""

from __future__ import annotations

import math

from ...analysis import answered_by, team_items, team_levels
from ...answers import Rule
from ...pictures import count_caption
from ...questionnaire import DONT_KNOW
from ...texts import number, tr
from .._unit import Exercise, Scale, summary
from ..blocks import extremes, label_of, spread_entry, svg_url

__all__ = ["EXERCISE", "WANTED", "draw_radar_of", "radar_rows", "wanted_item"]

WANTED = "wanted"  # the last part of the item of the level a person wants to reach


def wanted_item(component: str) -> str:
    """The item of the level wanted for ``component``: ``vision.wanted``."""
    return f"{component}.{WANTED}"


# -- pictures --------------------------------------------------------------------------------
def radar_rows(
    section, team: dict | None, mine: dict | None, lang: str, wanted: dict | None = None
) -> list[dict]:
    """The rows of the radar: the team's median and quartiles, my own choice (a level, or
    none for "don't know") and the level wanted (the team's median, or mine)."""

    def level(answers, key):
        value = (answers or {}).get(key)
        return value if isinstance(value, (int, float)) else None

    return [
        {
            "label": c.label.get(lang),
            "median": team[c.id].median if team else None,
            "low": team[c.id].low if team else None,
            "high": team[c.id].high if team else None,
            "mine": level(mine, c.id),
            "wanted": level(wanted, c.id),
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
        wanted_label=tr("radar_wanted", lang),
        ax=axes(RADAR_LAYOUT, polar=True),
    )


def team_wanted(section, answers) -> dict:
    """Where the team wants to be, per component (by its id): the middle and spread of the
    levels wanted (the median ``None`` under the threshold)."""
    ids = [c.id for c in section.components]
    spreads = team_levels(answers, [wanted_item(cid) for cid in ids])
    return {cid: spreads[wanted_item(cid)] for cid in ids}


def _team_picture(frame, answers, lang, axes, mine=None):
    section = frame.climate
    team = team_levels(answers, [c.id for c in section.components])
    wanted = {cid: spread.median for cid, spread in team_wanted(section, answers).items()}
    draw_radar_of(section, radar_rows(section, team, mine, lang, wanted), lang, axes)
    shown = any(spread.shown for spread in team.values())
    drawn = {cid: spread.median for cid, spread in team.items()}
    drawn |= {wanted_item(cid): level for cid, level in wanted.items()}
    return count_caption(lang, answered_by(answers), shown), drawn


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
    >>> text = _describe(frame, {"vision": 2.5, "vision.wanted": 4.0}, "en")
    >>> print(text)  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    The team's middle answer per component, on a scale of 1 (Starting) to 4 (Inspiring).
    Vision: 2.5, wanted 4.0; ...: too few answers yet; ...
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

    def part(component):
        now, wanted = values[component.id], drawn.get(wanted_item(component.id))
        said = missing if now is None else number(now, lang)
        if wanted is not None:
            said += f", {tr('alt_wanted', lang)} {number(wanted, lang)}"
        return f"{component.label.get(lang)}: {said}"

    parts = [part(c) for c in section.components]
    return summary(f"{what}, {scale}.", parts, lang)


# -- answers, report, demo -------------------------------------------------------------------
def _rules(frame, section) -> dict[str, Rule]:
    now = Rule(1, len(section.levels), choices=(DONT_KNOW,))
    wanted = Rule(1, len(section.levels))
    rules = {}
    for component in section.components:
        rules[component.id] = now
        rules[wanted_item(component.id)] = wanted
    return rules


def _report(given, frame, language: str) -> dict:
    from ...pictures import Canvas
    from ...privacy import MIN_GROUP

    content = frame.climate
    ids = [c.id for c in content.components]
    levels = team_levels(given, ids)
    wanted = team_wanted(content, given)
    scores = team_items(given, ids)  # the spread (standard deviation) ranks agree/differ
    names = [level.label.get(language) for level in content.levels]
    canvas = Canvas()
    aims = {cid: spread.median for cid, spread in wanted.items()}
    rows_drawn = radar_rows(content, levels, None, language, aims)
    draw_radar_of(content, rows_drawn, language, canvas.axes)

    def level(value: float) -> str:
        return names[min(len(names), max(1, math.floor(value + 0.5))) - 1]

    def middle(median: float) -> str:
        low, high = math.floor(median), math.ceil(median)
        if low == high:
            return names[low - 1]
        return tr("report_between", language, low=names[low - 1], high=names[high - 1])

    unknown = {cid: 0 for cid in ids}
    for answer in given:
        if answer.item in unknown and answer.text == DONT_KNOW:
            unknown[answer.item] += 1
    rows = []
    for component in content.components:
        spread, aim = levels[component.id], wanted[component.id]
        row = {"label": component.label.get(language), "n": spread.n, "middle": None}
        if spread.shown:
            band = level(spread.low), level(spread.high)
            row |= {
                "middle": middle(spread.median),
                "most": band[0] if band[0] == band[1] else f"{band[0]} – {band[1]}",
            }
        row["wanted"] = middle(aim.median) if aim.shown else None
        # a count of "don't know" only from the threshold on: fewer would point at people
        count = unknown[component.id]
        row["unknown"] = number(count, language, 0) if count >= MIN_GROUP else None
        rows.append(row)
    agree, differ = extremes(
        [
            (
                scores[c.id].spread,
                spread_entry(c.label.get(language), scores[c.id], language, len(names) - 1),
            )
            for c in content.components
            if scores[c.id].shown and levels[c.id].shown
        ]
    )
    return {
        "picture": svg_url(canvas.figure),
        "drawn": {cid: spread.median for cid, spread in levels.items()}  # what it shows
        | {wanted_item(cid): level for cid, level in aims.items()},
        "legend": tr("report_radar_legend", language),
        "agree": agree,
        "differ": differ,
        "rows": rows,
    }


def _demo(store, me, frame, rng, number, lift, rating) -> None:
    levels = len(frame.climate.levels)
    for component in frame.climate.components:
        if rng.random() < 0.08:  # now and then someone cannot tell
            store.save_answer(me, "climate", component.id, None, DONT_KNOW)
        else:
            store.save_answer(me, "climate", component.id, rating(2.0 + lift, 1, levels))
        wanted = rating(3.2 + lift / 2, 1, levels)
        store.save_answer(me, "climate", wanted_item(component.id), wanted)


def _question(frame, section, parts, language) -> list:
    label = label_of(section.components, parts[0], language)
    if len(parts) == 2 and parts[1] == WANTED and label is not None:
        return [label, tr("climate_wanted_item", language)]
    return [label] if len(parts) == 1 else []


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
