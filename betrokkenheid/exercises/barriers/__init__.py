"""Barriers and opportunities (*drempels en kansen*): per parent group, what makes taking part
hard; which opportunities the team votes for; and the action plan for the chosen ones."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ...analysis import answered_by, enough_for
from ...answers import MAX_NOTE, TICK, Rule
from ...pictures import count_caption
from ...privacy import MIN_GROUP, enough
from ...texts import tr
from .._unit import Exercise
from ..blocks import label_of, svg_url

__all__ = [
    "ACTION_PARTS",
    "AIM",
    "EXERCISE",
    "action_plan",
    "aim_choices",
    "barrier_counts",
    "draw_votes_of",
    "top_opportunities",
    "vote_tally",
]

ACTION_PARTS = ("what", "who", "when", "notice")  # typed by the team
AIM = "aim"  # the part of the frame an action aims at (a choice, see aim_choices)
TOP_CHANCES = 3  # the opportunities the action plan is about (page and report)
TOP_BARRIERS = 5  # the barriers the report names
# the demo team's actions: the first two people write one each
DEMO_ACTIONS = {
    "what": ("Een koffiemoment elke vrijdag", "Brieven in eenvoudige taal"),
    "who": ("De directie en twee collega's", "De werkgroep ouders"),
    "when": ("Vanaf de herfstvakantie", "Voor de kerstvakantie"),
    "notice": ("Meer ouders blijven even praten", "Minder vragen over brieven"),
}


# -- analysis --------------------------------------------------------------------------------
def vote_tally(answers: Iterable, known: Iterable[str], prefix: str = "vote.") -> dict:
    """Votes per known item (``vote.<id>`` answers with value 1), and votes on unknown items.

    Returns ``{"votes": {id: count}, "unknown": count}``; an item removed from the frame after
    people voted on it is counted apart, never silently.

    Examples
    --------
    >>> from betrokkenheid import Answer
    >>> rows = [Answer(1, "teacher", "barriers", "vote.a", 1.0, None),
    ...         Answer(2, "teacher", "barriers", "vote.a", 1.0, None),
    ...         Answer(2, "teacher", "barriers", "vote.gone", 1.0, None),
    ...         Answer(3, "teacher", "barriers", "vote.b", 0.0, None)]
    >>> vote_tally(rows, ["a", "b"])
    {'votes': {'a': 2, 'b': 0}, 'unknown': 1}
    """
    known = list(known)
    votes = dict.fromkeys(known, 0)
    unknown = 0
    for answer in answers:
        if not answer.item.startswith(prefix) or not answer.value:
            continue
        item = answer.item[len(prefix) :]
        if item in votes:
            votes[item] += 1
        else:
            unknown += 1
    return {"votes": votes, "unknown": unknown}


def top_opportunities(
    answers: Iterable, section, top: int = TOP_CHANCES, min_group: int = MIN_GROUP
):
    """The opportunities with the most votes (ties in the frame's order), once enough voted."""
    answers = list(answers)
    known = [c.id for c in section.opportunities]
    if not enough_for(answered_by(a for a in answers if a.item.startswith("vote.")), min_group):
        return []
    votes = vote_tally(answers, known)["votes"]
    ranked = sorted((c for c in known if votes[c]), key=lambda c: (-votes[c], known.index(c)))
    return ranked[:top]


def action_plan(
    answers: Iterable, section, language: str = "nl", chances: Iterable[str] | None = None
) -> list[dict]:
    """The action plan: for each chosen opportunity, the actions people wrote for it.

    ``chances`` defaults to :func:`top_opportunities`. Texts are returned as typed: whoever
    shows them escapes them.
    """
    answers = list(answers)
    chances = top_opportunities(answers, section) if chances is None else list(chances)
    written: dict[tuple[int, str], dict[str, str]] = defaultdict(dict)
    for answer in answers:
        if answer.item.startswith("action.") and answer.text:
            _, chance, part = answer.item.split(".", 2)
            if part in ACTION_PARTS or part == AIM:
                written[answer.participant_id, chance][part] = answer.text
    labels = {c.id: c.label.get(language) for c in section.opportunities}
    return [
        {
            "id": chance,
            "opportunity": labels[chance],
            "actions": [parts for (_, c), parts in sorted(written.items()) if c == chance],
        }
        for chance in chances
        if chance in labels
    ]


def aim_choices(frame) -> list[tuple[str, object]]:
    """The parts of ``frame`` an action can aim at, as (``EXERCISE.ID``, its label): the
    relations of the triangle and the components of the climate, whose change between two
    measurements the follow-up shows.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> [aim for aim, _ in aim_choices(load_frame("betrokkenheidsboom"))][:2]
    ['triangle.parent_school', 'triangle.child_school']
    """
    choices = []
    if frame.triangle is not None:
        choices += [(f"triangle.{r.id}", r.label) for r in frame.triangle.relations]
    if frame.climate is not None:
        choices += [(f"climate.{c.id}", c.label) for c in frame.climate.components]
    return choices


def barrier_counts(answers: Iterable, section) -> dict[str, int]:
    """How often each barrier was named, over all parent groups."""
    known = {b.id for b in section.barriers}
    counts = dict.fromkeys((b.id for b in section.barriers), 0)
    for answer in answers:
        if answer.item.startswith("barrier.") and answer.value:
            barrier = answer.item.rsplit(".", 1)[-1]
            if barrier in known:
                counts[barrier] += 1
    return counts


# -- pictures --------------------------------------------------------------------------------
def draw_votes_of(rows, axes):
    """Draw votes per opportunity as bars."""
    from ...plots import draw_votes, votes_layout

    draw_votes(rows, ax=axes(votes_layout(rows)))


def _team_picture(frame, answers, lang, axes, mine=None):
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
        caption = count_caption(lang, voters, False)
    rows = [(labels[c], counts[c]) for c in known]
    draw_votes_of(rows, axes)
    return caption, {labels[c]: counts[c] for c in known}


# -- answers, report, demo -------------------------------------------------------------------
def _rules(frame, section) -> dict[str, Rule]:
    note = Rule(limit=MAX_NOTE)
    rules = {}
    for group in section.parent_groups:
        for barrier in section.barriers:
            rules[f"barrier.{group.id}.{barrier.id}"] = TICK
        rules[f"other.{group.id}"] = note
    aim = Rule(choices=tuple(a for a, _ in aim_choices(frame)))
    for chance in section.opportunities:
        rules[f"vote.{chance.id}"] = TICK
        for part in ACTION_PARTS:
            rules[f"action.{chance.id}.{part}"] = note
        rules[f"action.{chance.id}.{AIM}"] = aim
    return rules


def _report(given, frame, language: str) -> dict:
    from ...pictures import Canvas

    content = frame.barriers
    votes_given = [a for a in given if a.item.startswith("vote.")]
    named_given = [a for a in given if a.item.startswith("barrier.")]
    result: dict = {"votes_shown": enough(answered_by(votes_given)), "votes_unknown": 0}
    if result["votes_shown"]:
        tally = vote_tally(votes_given, [c.id for c in content.opportunities])
        rows = [(c.label.get(language), tally["votes"][c.id]) for c in content.opportunities]
        canvas = Canvas()
        draw_votes_of(rows, canvas.axes)
        result.update(
            picture=svg_url(canvas.figure),
            legend=tr("votes_legend", language),
            votes_unknown=tally["unknown"],
        )
        chances = top_opportunities(given, content, TOP_CHANCES)
        result["plan"] = [
            {"opportunity": entry["opportunity"], "actions": entry["actions"] or [{}]}
            for entry in action_plan(given, content, language, chances=chances)
        ]
    else:
        result["plan"] = []
    result["barriers_shown"] = enough(answered_by(named_given))
    if result["barriers_shown"]:
        counts = barrier_counts(named_given, content)
        named = sorted((b for b in content.barriers if counts[b.id]), key=lambda b: -counts[b.id])
        result["barriers"] = [
            {"label": b.label.get(language), "count": counts[b.id]} for b in named[:TOP_BARRIERS]
        ]
    else:
        result["barriers"] = []
    result["parts"] = ACTION_PARTS
    return result


def _demo(store, me, frame, rng, number, lift, rating) -> None:
    chances = [c.id for c in frame.barriers.opportunities]
    # everybody votes for the first two (so that the demo's plan is about them) and one more
    for chance in [*chances[:2], rng.choice(chances[2:6])]:
        store.save_answer(me, "barriers", f"vote.{chance}", 1)
    for group in frame.barriers.parent_groups[:4]:
        for barrier in rng.sample([b.id for b in frame.barriers.barriers][:6], 2):
            store.save_answer(me, "barriers", f"barrier.{group.id}.{barrier}", 1)
    if number < 2:
        for part, texts in DEMO_ACTIONS.items():
            store.save_answer(
                me, "barriers", f"action.{chances[number]}.{part}", text=texts[number]
            )
        aims = [aim for aim, _ in aim_choices(frame)]
        store.save_answer(me, "barriers", f"action.{chances[number]}.{AIM}", text=aims[-number])


def _question(section, parts, language) -> list:
    kind, rest = parts[0], parts[1:]
    if kind == "barrier" and len(rest) == 2:
        return [
            label_of(section.parent_groups, rest[0], language),
            label_of(section.barriers, rest[1], language),
        ]
    if kind == "other" and len(rest) == 1:
        return [label_of(section.parent_groups, rest[0], language), tr("other_barrier", language)]
    if kind == "vote" and len(rest) == 1:
        return [tr("question_vote", language), label_of(section.opportunities, rest[0], language)]
    if kind == "action" and len(rest) == 2:
        chance = label_of(section.opportunities, rest[0], language)
        return [chance, tr(f"action_{rest[1]}", language)]
    return []


EXERCISE = Exercise(
    name="barriers",
    notebook="05_drempels_kansen.ipynb",
    title_key="page_barriers",
    page="betrokkenheid.ui.barriers_page:BarriersPage",
    rules=_rules,
    picture=_team_picture,
    report=_report,
    demo=_demo,
    parts=(
        ("parent_group", "a group of parents", lambda c: c.parent_groups),
        ("barrier", "a barrier", lambda c: c.barriers),
        ("opportunity", "an opportunity", lambda c: c.opportunities),
    ),
    question=_question,
)
