"""Barriers and opportunities (*drempels en kansen*): per parent group, what makes taking part
hard; which opportunities the team votes for; and the action plan for the chosen ones."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ...analysis import answered_by, enough_for
from ...answers import MAX_NOTE, TICK, Rule
from ...pictures import count_caption
from ...privacy import MIN_GROUP, enough, hidden_parts
from ...texts import number, tr
from .._unit import Exercise, summary
from ..blocks import label_of, svg_url

__all__ = [
    "ACTION_PARTS",
    "AIM",
    "EXERCISE",
    "action_plan",
    "action_plan_html",
    "aim_choices",
    "barrier_counts",
    "barriers_by_group",
    "draw_votes_of",
    "group_rows",
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


def barriers_by_group(answers: Iterable, section, min_group: int = MIN_GROUP) -> dict:
    """The barriers named per parent group (*drempels per oudergroep*), in the frame's order.

    Someone names barriers for a group by ticking them (``barrier.<group>.<barrier>``) or by
    typing "something else" (``other.<group>``: only counted, its text is never returned).
    Per group: ``people`` who named barriers for it, its ``barriers`` as (id, count), most
    first (ties in the frame's order), and ``other``, how many typed something else.

    A group is ``shown`` from ``min_group`` people on, and by the complementary rule of
    :func:`~betrokkenheid.privacy.hidden_parts`: the hidden groups together hold none or
    at least ``min_group`` people, and so do the people who named barriers for hidden groups
    only (the overall ``people`` minus everybody in a shown group: one person may answer for
    several groups). A hidden group has ``people`` and ``other`` ``None`` and no barriers.
    Below ``min_group`` people overall (``shown`` False) every group is hidden.

    Examples
    --------
    Three people named barriers for the first group, one for the second, two for the third:
    the two small groups are hidden, and together they hold three people.

    >>> from betrokkenheid import Answer, load_frame
    >>> section = load_frame("betrokkenheidsboom").barriers
    >>> def tick(person, group, barrier):
    ...     return Answer(person, "teacher", "barriers", f"barrier.{group}.{barrier}", 1.0, None)
    >>> rows = [tick(1, "other_language", "language"), tick(1, "other_language", "time"),
    ...         tick(2, "other_language", "language"), tick(3, "other_language", "language"),
    ...         tick(4, "little_time", "time"),
    ...         tick(5, "bad_memories", "time"), tick(6, "bad_memories", "time")]
    >>> found = barriers_by_group(rows, section)
    >>> found["people"], found["shown"]
    (6, True)
    >>> found["groups"][0]
    {'id': 'other_language', 'shown': True, 'people': 3, 'barriers': [('language', 3), ('time', 1)], 'other': 0}
    >>> found["groups"][1]
    {'id': 'little_time', 'shown': False, 'people': None, 'barriers': [], 'other': None}

    Without the sixth person the hidden groups hold two people: the first group, the
    smallest shown, is hidden too (else 5 - 3 would tell them).

    >>> [g["shown"] for g in barriers_by_group(rows[:-1], section)["groups"]][:3]
    [False, False, False]
    """  # noqa: E501
    known = {b.id for b in section.barriers}
    order = [b.id for b in section.barriers]
    people: dict[str, set] = {g.id: set() for g in section.parent_groups}
    ticks: dict[str, dict[str, int]] = {g: dict.fromkeys(order, 0) for g in people}
    other: dict[str, int] = dict.fromkeys(people, 0)
    for answer in answers:
        kind, _, rest = answer.item.partition(".")
        if kind == "barrier" and answer.value:
            group, _, barrier = rest.partition(".")
            if group in people and barrier in known:
                people[group].add(answer.participant_id)
                ticks[group][barrier] += 1
        elif kind == "other" and rest in people and answer.text and answer.text.strip():
            people[rest].add(answer.participant_id)
            other[rest] += 1
    everybody = set().union(*people.values())
    sizes = {group: len(who) for group, who in people.items()}
    place = {group: i for i, group in enumerate(people)}
    if enough(len(everybody), min_group):
        hidden = hidden_parts(sizes, min_group, order=place.get)
    else:
        hidden = set(people)
    while True:  # people who answered for hidden groups only: none, or enough as well
        shown = [group for group in people if group not in hidden]
        alone = everybody.difference(*(people[group] for group in shown))
        if not shown or not 0 < len(alone) < min_group:
            break
        smallest = min(shown, key=lambda group: (sizes[group], place[group]))
        hidden = hidden_parts(sizes, min_group, always=hidden | {smallest}, order=place.get)
    groups = []
    for group in people:
        if group in hidden:
            groups.append(
                {"id": group, "shown": False, "people": None, "barriers": [], "other": None}
            )
            continue
        named = sorted((b for b in order if ticks[group][b]), key=lambda b: -ticks[group][b])
        groups.append(
            {
                "id": group,
                "shown": True,
                "people": sizes[group],
                "barriers": [(b, ticks[group][b]) for b in named],
                "other": other[group],
            }
        )
    return {"people": len(everybody), "shown": enough(len(everybody), min_group), "groups": groups}


def group_rows(
    answers: Iterable,
    section,
    language: str = "nl",
    top: int = TOP_BARRIERS,
    min_group: int = MIN_GROUP,
) -> dict:
    """:func:`barriers_by_group` with the labels in ``language``, for the report and the
    dashboard: each group also has its ``label``, and its ``barriers`` (at most ``top``) are
    ``{"label", "count"}``.

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> section = load_frame("betrokkenheidsboom").barriers
    >>> rows = [Answer(p, "teacher", "barriers", "barrier.other_language.time", 1.0, None)
    ...         for p in (1, 2, 3)]
    >>> first = group_rows(rows, section, "en")["groups"][0]
    >>> print(first["label"])
    Parents who speak a language other than the school's at home
    >>> first["barriers"]
    [{'label': 'Time', 'count': 3}]
    """
    found = barriers_by_group(answers, section, min_group)
    barriers = {b.id: b.label.get(language) for b in section.barriers}
    names = {g.id: g.label.get(language) for g in section.parent_groups}
    found["groups"] = [
        {
            **group,
            "label": names[group["id"]],
            "barriers": [{"label": barriers[b], "count": n} for b, n in group["barriers"][:top]],
        }
        for group in found["groups"]
    ]
    return found


def action_plan_html(plan: list[dict], language: str) -> str:
    """The action plan (what :func:`action_plan` returns) as an HTML table, every typed text
    escaped; on a narrow screen (the ``btk-stack`` CSS) a card per action, each cell named by
    its ``data-label``. Without actions a line that says so.

    Examples
    --------
    >>> plan = [{"id": "a", "opportunity": "Koffie", "actions": [{"what": "<b>Vrijdag</b>"}]}]
    >>> "&lt;b&gt;Vrijdag&lt;/b&gt;" in action_plan_html(plan, "nl")
    True
    >>> action_plan_html([], "en")
    '<p class="btk-legend">No actions yet. Vote for opportunities first.</p>'
    """
    from html import escape

    rows = []
    names = {part: escape(tr(f"action_{part}", language)) for part in ACTION_PARTS}
    for entry in plan:
        actions = entry["actions"] or [{}]
        for i, action in enumerate(actions):
            head = (
                f'<th rowspan="{len(actions)}">{escape(entry["opportunity"])}</th>'
                if i == 0
                else ""
            )
            cells = "".join(
                f'<td data-label="{names[part]}">{escape(action.get(part, "–"))}</td>'
                for part in ACTION_PARTS
            )
            rows.append(f"<tr>{head}{cells}</tr>")
    if not rows:
        return f'<p class="btk-legend">{escape(tr("plan_empty", language))}</p>'
    header = "".join(f'<th scope="col">{names[part]}</th>' for part in ACTION_PARTS)
    return (
        f'<table class="btk-plan btk-stack"><thead><tr><th scope="col">'
        f"{escape(tr('plan_chance', language))}"
        f"</th>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


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
        # the barriers named most, only once enough people named any (not only voted)
        namers = answered_by(a for a in answers if a.item.startswith("barrier.") and a.value)
        seen = barrier_counts(answers, section)
        named = sorted((b for b in section.barriers if seen[b.id]), key=lambda b: -seen[b.id])
        if named and enough(namers):
            caption += " " + tr(
                "barriers_most", lang, names=", ".join(b.label.get(lang) for b in named[:3])
            )
    else:
        counts = dict.fromkeys(known, 0)
        caption = count_caption(lang, voters, False)
    rows = [(labels[c], counts[c]) for c in known]
    draw_votes_of(rows, axes)
    shown = enough(voters)  # below the threshold empty bars are drawn, no number
    return caption, {labels[c]: counts[c] if shown else None for c in known}


def _team_shown(answers) -> bool:
    """Whether the team's votes are drawn: enough people voted (the page shows my own votes
    until then)."""
    return enough(answered_by(a for a in answers if a.item.startswith("vote.")))


def _describe(frame, drawn, lang, mine=False):
    """The bars in words: the team's votes per opportunity, most first (as many as fit), or
    the opportunities I voted for.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> drawn = {"Huisbezoek": 2, "Eenvoudige taal": 5, "Koffie": 0}
    >>> print(_describe(frame, drawn, "en"))  # doctest: +NORMALIZE_WHITESPACE
    The team's number of votes per opportunity. Most first. Eenvoudige taal: 5; Huisbezoek: 2.
    Opportunities without a vote: 1.
    >>> _describe(frame, {"Huisbezoek": 1, "Koffie": 0}, "nl", mine=True)
    'Jouw stemmen: Huisbezoek.'
    """
    what = tr("alt_barriers_mine" if mine else "alt_barriers_team", lang)
    if not mine and all(votes is None for votes in drawn.values()):
        return f"{what}: {tr('alt_too_few', lang)}."
    voted = [(label, votes) for label, votes in drawn.items() if votes]
    if mine:
        names = ", ".join(label for label, _ in voted) or tr("alt_not_answered", lang)
        return f"{what}: {names}."
    voted.sort(key=lambda row: -row[1])  # stable: ties stay in the frame's order
    parts = [f"{label}: {number(votes, lang, 0)}" for label, votes in voted]
    none = len(drawn) - len(voted)
    end = tr("alt_votes_none", lang, n=number(none, lang, 0)) if none else ""
    return summary(f"{what}. {tr('alt_most_first', lang)}", parts, lang, end)


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
    named_given = [a for a in given if a.item.startswith(("barrier.", "other."))]
    result: dict = {"votes_shown": enough(answered_by(votes_given)), "votes_unknown": 0}
    if result["votes_shown"]:
        tally = vote_tally(votes_given, [c.id for c in content.opportunities])
        rows = [(c.label.get(language), tally["votes"][c.id]) for c in content.opportunities]
        canvas = Canvas()
        draw_votes_of(rows, canvas.axes)
        result.update(
            picture=svg_url(canvas.figure),
            drawn=dict(rows),  # what the picture shows
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
    # the barriers per parent group, in the frame's order (typed "something else": counted)
    by_group = group_rows(named_given, content, language)
    result["barriers_shown"] = by_group["shown"]
    result["barrier_people"] = by_group["people"]
    result["groups"] = by_group["groups"] if by_group["shown"] else []
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


def _question(frame, section, parts, language) -> list:
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
    describe=_describe,
    team_shown=_team_shown,
)
