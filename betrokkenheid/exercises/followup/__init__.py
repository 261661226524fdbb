"""The follow-up (*opvolging*): at a later measurement, each action of the baseline's plan comes
back. Each person says how far it got (done, partly, not yet, dropped), what they noticed and
whether to keep it; beside each action, the change of the part of the frame it aimed at.

The actions are those of the baseline's plan (:func:`baseline_actions`, the same plan as the
baseline's report). An action is named ``OPPORTUNITY.N``: the N-th action written for that
opportunity, in the order people joined the baseline. Its items::

    OPPORTUNITY.N.status    done, partly, not_yet or dropped
    OPPORTUNITY.N.noticed   a text of at most MAX_NOTE characters
    OPPORTUNITY.N.keep      1 (keep it) or 0 (not)

This step has content only in a later session linked to its baseline; the frame's barriers
section says what the opportunities are.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from ...analysis import answered_by, team_levels
from ...answers import MAX_NOTE, TICK, Rule
from ...pictures import count_caption
from ...privacy import MIN_GROUP, enough
from ...texts import number, tr
from .._unit import Exercise, summary
from ..barriers import ACTION_PARTS, AIM, action_plan, aim_choices, top_opportunities
from ..blocks import label_of

__all__ = [
    "EXERCISE",
    "MAX_ACTIONS",
    "STATUSES",
    "aimed_change",
    "baseline_actions",
    "followup_results",
    "followup_table",
]

STATUSES = ("done", "partly", "not_yet", "dropped")
MAX_ACTIONS = 60  # actions written for one opportunity that can come back
DEMO_STATUS = (("done", "done", "partly", "done"), ("partly", "not_yet", "partly", "dropped"))
DEMO_NOTICED = ("Meer ouders blijven even praten", "Nog niet veel veranderd")


# -- analysis --------------------------------------------------------------------------------
def baseline_actions(baseline_answers: Iterable, section, language: str = "nl") -> list[dict]:
    """The actions of the baseline's plan, each with its id ``OPPORTUNITY.N``.

    The plan is the baseline's: the opportunities with the most votes once enough people
    voted (as in its report), and the actions written for them. Each action is a dict with
    ``id``, ``opportunity`` (its label), the parts of the plan (``what``, ``who``, ``when``,
    ``notice``, as typed) and ``aim`` (a part of the frame, or ``None``).

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> section = load_frame("betrokkenheidsboom").barriers
    >>> chance = section.opportunities[0].id
    >>> rows = [Answer(p, "teacher", "barriers", f"vote.{chance}", 1.0, None) for p in (1, 2, 3)]
    >>> rows.append(Answer(2, "teacher", "barriers", f"action.{chance}.what", None, "Koffie"))
    >>> [(a["id"] == f"{chance}.1", a["what"]) for a in baseline_actions(rows, section)]
    [(True, 'Koffie')]
    """
    answers = list(baseline_answers)
    chances = top_opportunities(answers, section)
    found = []
    for entry in action_plan(answers, section, language, chances=chances):
        for n, parts in enumerate(entry["actions"], start=1):
            action = {"id": f"{entry['id']}.{n}", "opportunity": entry["opportunity"]}
            action.update({part: parts.get(part) for part in ACTION_PARTS})
            action["aim"] = parts.get(AIM)
            found.append(action)
    return found


def followup_results(answers: Iterable, actions: list[dict], min_group: int = MIN_GROUP):
    """The team's follow-up per action: how many said each status, what they noticed, and
    how many would keep it; all of it only once ``min_group`` people answered that action.

    Returns one dict per action of ``actions``: ``id``, ``people``, ``shown``, ``status``
    (status → count), ``noticed`` (texts, as typed) and ``keep`` (how many said keep it).
    """
    by_action: dict[str, dict[int, dict[str, object]]] = {}
    for answer in answers:
        action, _, part = answer.item.rpartition(".")
        value = answer.text if answer.value is None else answer.value
        by_action.setdefault(action, {}).setdefault(answer.participant_id, {})[part] = value
    results = []
    for action in actions:
        people = by_action.get(action["id"], {})
        shown = enough(len(people), min_group)
        status = Counter(given["status"] for given in people.values() if "status" in given)
        results.append(
            {
                "id": action["id"],
                "people": len(people),
                "shown": shown,
                "status": {s: status[s] for s in STATUSES} if shown else {},
                "noticed": [str(g["noticed"]) for g in people.values() if g.get("noticed")]
                if shown
                else [],
                "keep": sum(1 for g in people.values() if g.get("keep") == 1) if shown else None,
            }
        )
    return results


def aimed_change(aim: str | None, frame, later: list, baseline: list, lang: str) -> str | None:
    """The change of the part an action aimed at, in plain words with its scale; ``None``
    when it aimed at nothing (or at a part this frame has not). Below the threshold in either
    measurement, it says that it cannot be compared yet."""
    from ..triangle import team_triangle

    labels = dict(aim_choices(frame))
    if not aim or aim not in labels:
        return None
    exercise, _, part = aim.partition(".")
    before_rows = [a for a in baseline if a.exercise == exercise]
    after_rows = [a for a in later if a.exercise == exercise]
    if exercise == "triangle":
        before = team_triangle(before_rows, frame)[part].mean
        after = team_triangle(after_rows, frame)[part].mean
        low, high = frame.scale.min, frame.scale.max
    else:
        before = team_levels(before_rows, [part])[part].median
        after = team_levels(after_rows, [part])[part].median
        low, high = 1, len(frame.climate.levels)
    name = labels[aim].get(lang)
    if before is None or after is None:
        return tr("followup_aim_unknown", lang, name=name, min=MIN_GROUP)
    return tr(
        "followup_aim_change",
        lang,
        name=name,
        before=number(before, lang),
        after=number(after, lang),
        low=number(low, lang, 0),
        high=number(high, lang, 0),
    )


# -- answers, report, demo -------------------------------------------------------------------
def _rules(frame, section) -> dict[str, Rule]:
    status = Rule(choices=STATUSES)
    note = Rule(limit=MAX_NOTE)
    rules = {}
    for chance in section.opportunities:
        for n in range(1, MAX_ACTIONS + 1):
            action = f"{chance.id}.{n}"
            rules[f"{action}.status"] = status
            rules[f"{action}.noticed"] = note
            rules[f"{action}.keep"] = TICK
    return rules


def _actions_of(frame, baseline, lang: str) -> list[dict]:
    barriers = [a for a in baseline if a.exercise == "barriers"]
    return baseline_actions(barriers, frame.barriers, lang)


def action_label(action: dict) -> str:
    """What an action is called: what the team wrote it would do (or its opportunity)."""
    return action.get("what") or action["opportunity"]


# -- pictures --------------------------------------------------------------------------------
def draw_status_of(rows, lang, axes, mine: bool = False):
    """Draw how far each action got: rows of (label, {status: count}); an empty row says
    that too few answered (the team), or that I did not answer yet (``mine``)."""
    from ...plots import draw_status, status_layout

    empty = (
        tr("followup_not_answered", lang) if mine else tr("followup_too_few", lang, min=MIN_GROUP)
    )
    draw_status(
        rows,
        {s: tr(f"followup_{s}", lang) for s in STATUSES},
        empty_label=empty,
        ax=axes(status_layout(rows)),
    )


def _team_picture(frame, answers, lang, axes, mine=None, baseline=()):
    actions = _actions_of(frame, baseline, lang)
    results = followup_results(answers, actions)
    rows = [(action_label(a), r["status"]) for a, r in zip(actions, results, strict=True)]
    draw_status_of(rows, lang, axes)
    people = answered_by(answers)
    caption = count_caption(lang, people, enough(people))
    return caption, {a["id"]: r["status"] for a, r in zip(actions, results, strict=True)}


def _describe(frame, drawn, lang, mine=False):
    """The status bars in words: per action of the baseline's plan (its opportunity and its
    number), how many people said each status, or what I said.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> chance = frame.barriers.opportunities[1]
    >>> drawn = {f"{chance.id}.1": {"done": 4, "partly": 1, "not_yet": 0, "dropped": 0},
    ...          f"{chance.id}.2": {}}
    >>> print(_describe(frame, drawn, "en"))  # doctest: +NORMALIZE_WHITESPACE
    How far each action got: the number of people per answer. Plain language, action 1: done
    4, partly 1; Plain language, action 2: too few answers yet.
    """
    what = tr("alt_followup_mine" if mine else "alt_followup_team", lang)
    if not drawn:
        return tr("alt_followup_none", lang)
    missing = tr("alt_not_answered" if mine else "alt_too_few", lang)
    if not mine and not any(drawn.values()):
        return f"{what}: {missing}."
    chances = {c.id: c.label.get(lang) for c in frame.barriers.opportunities}
    parts = []
    for action, counts in drawn.items():
        chance, _, n = action.rpartition(".")
        name = f"{chances.get(chance, chance)}, {tr('followup_action', lang, n=n)}"
        if not counts:
            said = missing
        elif mine:
            said = ", ".join(tr(f"followup_{s}", lang) for s in STATUSES if counts.get(s))
        else:
            said = ", ".join(
                f"{tr(f'followup_{s}', lang)} {number(counts[s], lang, 0)}"
                for s in STATUSES
                if counts.get(s)
            ) or tr("alt_followup_blank", lang)
        parts.append(f"{name}: {said}")
    lead = f"{what}." if mine else f"{what}: {tr('alt_people_per_answer', lang)}."
    return summary(lead, parts, lang)


# -- report, demo ------------------------------------------------------------------------------
def _report(given, frame, language: str, baseline=(), later=()) -> dict:
    from ...pictures import Canvas
    from ..blocks import svg_url

    actions = _actions_of(frame, baseline, language)
    results = followup_results(given, actions)
    canvas = Canvas()
    rows = [(action_label(a), r["status"]) for a, r in zip(actions, results, strict=True)]
    draw_status_of(rows, language, canvas.axes)
    entries = []
    for action, result in zip(actions, results, strict=True):
        entries.append(
            {
                "opportunity": action["opportunity"],
                "what": action_label(action),
                "who": action.get("who"),
                "when": action.get("when"),
                "people": result["people"],
                "shown": result["shown"],
                "status": ", ".join(
                    f"{tr(f'followup_{s}', language)}: {n}"
                    for s, n in result["status"].items()
                    if n
                ),
                "noticed": result["noticed"],
                "keep": result["keep"],
                "change": aimed_change(
                    action.get("aim"), frame, list(later), list(baseline), language
                ),
            }
        )
    later_barriers = [a for a in later if a.exercise == "barriers"]
    new_actions = [
        {"opportunity": entry["opportunity"], **parts}
        for entry in action_plan(later_barriers, frame.barriers, language)
        for parts in entry["actions"]
    ]
    return {
        "picture": svg_url(canvas.figure) if actions else None,
        "drawn": {a["id"]: r["status"] for a, r in zip(actions, results, strict=True)},
        "legend": tr("followup_legend", language),
        "actions": entries,
        "old_plan": [_plan_line(a) for a in actions],
        "new_plan": [_plan_line(a) for a in new_actions],
    }


def _plan_line(action: dict) -> str:
    what = action.get("what")
    return f"{action['opportunity']}: {what}" if what else action["opportunity"]


def _demo(store, me, frame, rng, number, lift, rating, baseline=()) -> None:
    for k, action in enumerate(_actions_of(frame, baseline, "nl")):
        status = DEMO_STATUS[k % 2][number % 4]
        store.save_answer(me, "followup", f"{action['id']}.status", text=status)
        store.save_answer(me, "followup", f"{action['id']}.keep", int(status != "dropped"))
        if number < 4:
            store.save_answer(me, "followup", f"{action['id']}.noticed", text=DEMO_NOTICED[k % 2])


def _question(frame, section, parts, language) -> list:
    if len(parts) != 3 or parts[2] not in ("status", "noticed", "keep"):
        return []
    chance = label_of(section.opportunities, parts[0], language)
    return [
        chance,
        tr("followup_action", language, n=parts[1]),
        tr(f"followup_ask_{parts[2]}", language),
    ]


EXERCISE = Exercise(
    name="followup",
    notebook="07_opvolging.ipynb",
    title_key="page_followup",
    page="betrokkenheid.ui.followup_page:FollowupPage",
    rules=_rules,
    picture=_team_picture,
    report=_report,
    demo=_demo,
    section="barriers",
    needs_baseline=True,
    question=_question,
    describe=_describe,
)


# -- for researchers ---------------------------------------------------------------------------
def followup_table(store, session_code: str, language: str = "nl"):
    """The follow-up of a later session as a table: one row per action of its baseline's plan.

    Columns: ``session``, ``baseline``, ``opportunity``, the plan's ``what``, ``who``,
    ``when``, ``notice`` and ``aim``; ``people`` (how many answered that action), a count per
    status (``done``, ``partly``, ``not_yet``, ``dropped``), ``keep`` (how many want to go on)
    and ``noticed`` (what people noticed, joined with " | "); ``change``: the change where the
    action aimed, in words. Counts and texts stay empty for fewer than
    :data:`~betrokkenheid.privacy.MIN_GROUP` people.

    Raises
    ------
    InputError
        No such session, or a session not linked to a baseline.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> from betrokkenheid.demo import make_demo
    >>> store = Store("sqlite://")
    >>> table = followup_table(store, make_demo(store)["later"], "en")
    >>> list(table["what"])
    ['Een koffiemoment elke vrijdag', 'Brieven in eenvoudige taal']
    >>> int(table["people"].iloc[0]), int(table["done"].iloc[0])
    (14, 11)
    """
    import pandas as pd

    from ...errors import InputError
    from ...frames import load_frame

    session = store.session(session_code)
    if session.baseline is None:
        raise InputError("session", f"session {session.code} is not linked to a baseline")
    frame = load_frame(session.frame)
    earlier = store.session_answers(store.session(session.baseline))
    later = store.session_answers(session)
    actions = _actions_of(frame, earlier, language)
    given = [a for a in later if a.exercise == "followup"]
    rows = []
    for action, result in zip(actions, followup_results(given, actions), strict=True):
        shown = result["shown"]
        rows.append(
            {
                "session": session.code,
                "baseline": session.baseline,
                "opportunity": action["opportunity"],
                **{part: action.get(part) for part in (*ACTION_PARTS, AIM)},
                "people": result["people"],
                **{s: result["status"].get(s) if shown else None for s in STATUSES},
                "keep": result["keep"],
                "noticed": " | ".join(result["noticed"]) if shown else None,
                "change": aimed_change(action.get(AIM), frame, later, earlier, language),
            }
        )
    columns = ["session", "baseline", "opportunity", *ACTION_PARTS, AIM, "people", *STATUSES]
    table = pd.DataFrame(rows, columns=[*columns, "keep", "noticed", "change"])
    for column in (*STATUSES, "keep"):
        table[column] = table[column].astype("Int64")
    return table
