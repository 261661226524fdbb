"""Forms of involvement (*vormen van betrokkenheid*): which activities our school does, and
where each hangs in the involvement tree (its form, home or school, and for a form of contact,
one of the frame's ``directed`` forms, one-way or two-way).

An activity takes a direction where its form is directed: an example activity when the
frame's form of it is, an activity of one's own (``own_N``, whose form is another answer the
rules cannot see) when the frame has a directed form at all. Wherever the form a person chose
is not directed, a direction is ignored: the tree draws no arrow, an import leaves it out
(:func:`betrokkenheid.exercises.retired`), so answers stored before a form lost its direction
do no harm."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from ...analysis import answered_by, enough_for
from ...answers import MAX_LABEL, MAX_OWN, TICK, Rule
from ...pictures import count_caption
from ...privacy import MIN_GROUP, enough
from ...terms import Context, Direction
from ...texts import number, tr
from .._unit import ALT_LIMIT, Exercise, short, summary
from ..blocks import label_of, svg_url

__all__ = [
    "EXERCISE",
    "citations",
    "draw_tree_of",
    "placement",
    "takes_direction",
    "tree_branches",
    "tree_labels",
]

TOP_ACTIVITIES = 5  # the activities the report names


# -- analysis --------------------------------------------------------------------------------
def _by_person(answers: Iterable) -> dict[int, dict[str, object]]:
    per_person: dict[int, dict[str, object]] = defaultdict(dict)
    for answer in answers:
        per_person[answer.participant_id][answer.item] = (
            answer.text if answer.value is None else answer.value
        )
    return per_person


def takes_direction(section, key: str) -> bool:
    """Whether activity ``key`` (an example's id or ``own_N``) is asked its direction: an
    example activity when the frame's form of it is directed, one's own when the frame has a
    directed form (the rules cannot see the form its author chose).

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> section = load_frame("betrokkenheidsboom").forms
    >>> [takes_direction(section, key) for key in ("newsletter", "reading_at_home", "own_1")]
    [True, False, True]
    """
    activity = next((a for a in section.activities if a.id == key), None)
    if activity is not None:
        return section.is_directed(activity.form)
    return key.startswith("own_") and any(f.directed for f in section.forms)


def _retired(frame, section, item: str) -> bool:
    """A direction this frame no longer takes: ``ACTIVITY.direction`` of an activity whose
    form is not directed (stored before the frame said so).

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> _retired(frame, frame.forms, "reading_at_home.direction")
    True
    >>> _retired(frame, frame.forms, "newsletter.direction")
    False
    >>> _retired(frame, frame.forms, "x.direction")
    False
    """
    key, dot, part = item.rpartition(".")
    if not dot or part != "direction" or "." in key:
        return False
    known = any(a.id == key for a in section.activities) or _own_number(key)
    return known and not takes_direction(section, key)


def _own_number(key: str) -> bool:
    number = key.removeprefix("own_")
    return key.startswith("own_") and number.isdigit() and 1 <= int(number) <= MAX_OWN


def placement(given: dict, key: str, section) -> tuple[str, str, str | None]:
    """Where a person put activity ``key``: (form, context, direction).

    What was answered counts when it is valid; otherwise the frame's own placement of the
    activity (or, for an activity of their own, the first form, at school, one-way). The
    direction is ``None`` where the chosen form is not directed, and where the activity is
    not asked one (:func:`takes_direction`: an example the person moved onto a directed form
    from one that is not).
    """
    activity = next((a for a in section.activities if a.id == key), None)
    if activity is not None:
        form, context = activity.form, activity.context.value
        direction = activity.direction.value if activity.direction else None
    else:
        form, context, direction = section.forms[0].id, Context.SCHOOL.value, None
    if (chosen := given.get(f"{key}.form")) in {f.id for f in section.forms}:
        form = chosen
    if (chosen := given.get(f"{key}.context")) in {c.value for c in Context}:
        context = chosen
    if not (section.is_directed(form) and takes_direction(section, key)):
        return form, context, None
    chosen = given.get(f"{key}.direction")
    if chosen in {d.value for d in Direction}:
        return form, context, chosen
    return form, context, direction or Direction.ONE_WAY.value


def tree_branches(
    answers: Iterable, section, language: str = "nl", min_group: int = MIN_GROUP
) -> list[dict]:
    """The involvement tree of a group: a branch per form, a leaf per activity someone does.

    Activities of the frame are matched by id, the group's own ones by their name. A leaf
    goes on the branch, context and direction most people chose, and ``count`` says how
    many do it; its ``direction`` is ``None`` on a branch of a form that is not
    ``directed``, which says so. Below ``min_group`` people every branch stays bare.

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> section = load_frame("betrokkenheidsboom").forms
    >>> first = section.activities[0]
    >>> rows = [Answer(p, "teacher", "forms", first.id, 1.0, None) for p in (1, 2, 3)]
    >>> leaves = [leaf for b in tree_branches(rows, section) for leaf in b["leaves"]]
    >>> leaves[0]["count"], leaves[0]["label"] == first.label.nl
    (3, True)
    """
    per_person = _by_person(answers)
    found: dict[str, dict] = {}
    if enough_for(len(per_person), min_group):
        activities = {a.id: a for a in section.activities}
        for given in per_person.values():
            for key, value in given.items():
                if "." in key or not value:
                    continue
                activity = activities.get(key)
                if activity is None and not key.startswith("own_"):
                    continue  # an activity no longer in the frame
                label = (
                    activity.label.get(language) if activity else str(given.get(f"{key}.label", ""))
                )
                if not label:
                    continue
                entry = found.setdefault(
                    label.casefold(), {"label": label, "n": 0, "placing": Counter()}
                )
                entry["n"] += 1
                entry["placing"][placement(given, key, section)] += 1
    leaves: dict[str, list] = defaultdict(list)
    for entry in sorted(found.values(), key=lambda e: -e["n"]):
        form, context, direction = entry["placing"].most_common(1)[0][0]
        leaves[form].append(
            {
                "label": entry["label"],
                "count": entry["n"],
                "context": context,
                "direction": direction,
            }
        )
    return [
        {
            "label": f.label.get(language),
            "weight": f.weight.value,
            "directed": f.directed,
            "leaves": leaves.get(f.id, []),
        }
        for f in section.forms
    ]


# -- pictures --------------------------------------------------------------------------------
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
    """Draw the involvement tree of these branches, labelled in ``lang``; the legend names
    the directions only when a branch has them (a ``directed`` form)."""
    from ...plots import draw_tree, tree_layout

    directed = any(b.get("directed") for b in branches)
    draw_tree(
        branches,
        bare_label=tr("bare_branch", lang),
        context_labels={c: tr(f"context_{c}", lang) for c in ("home", "school")},
        direction_labels=(
            {d.value: tr(f"direction_{d.value}", lang) for d in Direction} if directed else {}
        ),
        weight_labels={w: tr(f"weight_{w}", lang) for w in ("high", "medium", "low")},
        ax=axes(tree_layout(branches)),
    )


def _team_picture(frame, answers, lang, axes, mine=None):
    branches = tree_branches(answers, frame.forms, lang)
    draw_tree_of(branches, lang, axes)
    people = answered_by(answers)
    if not enough(people):  # a bare tree is drawn: nobody's activities are shown
        return count_caption(lang, people, False), {b["label"]: None for b in branches}
    bare = sum(not b["leaves"] for b in branches)
    caption = tr("team_count", lang, n=people) + " " + tr("bare_count", lang, n=bare)
    return caption, tree_labels(branches)


def _describe(frame, drawn, lang, mine=False):
    """The tree in words: how many activities hang on each branch (form), then the ones most
    people do (the team's) or mine, as many as fit.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> drawn = {"Communicatie": ["Huisbezoek (4)", "Website van de school (7)"],
    ...          "Steun thuis": []}
    >>> print(_describe(frame, drawn, "nl"))  # doctest: +NORMALIZE_WHITESPACE
    Het aantal activiteiten per vorm in de boom van het team. Communicatie: 2; Steun thuis: 0.
    Meest gedaan (tussen haakjes: door hoeveel mensen). Website van de school (7); Huisbezoek (4).
    >>> _describe(frame, {"Communicatie": None}, "en")
    "The number of activities per form in the team's tree: too few answers yet."
    """
    what = tr("alt_forms_mine" if mine else "alt_forms_team", lang)
    if not drawn or all(leaves is None for leaves in drawn.values()):
        return f"{what}: {tr('alt_not_answered' if mine else 'alt_too_few', lang)}."
    branches = {label: list(leaves or []) for label, leaves in drawn.items()}
    counts = [f"{label}: {number(len(leaves), lang, 0)}" for label, leaves in branches.items()]
    told = summary(f"{what}.", counts, lang)
    leaves = [leaf for labels in branches.values() for leaf in labels]
    if not leaves:
        return told
    if mine:
        head, named = tr("alt_forms_yours", lang), [short(leaf, 40) for leaf in leaves]
    else:
        ranked = []
        for leaf in leaves:  # "label (how many)", as tree_labels writes it
            match = re.fullmatch(r"(.*) \((\d+)\)", leaf)
            ranked.append((match[1], int(match[2])) if match else (leaf, 0))
        ranked.sort(key=lambda leaf: -leaf[1])  # stable: ties stay in the tree's order
        head = tr("alt_forms_top", lang)
        named = [f"{short(label, 40)} ({number(n, lang, 0)})" for label, n in ranked]
    return f"{told} {summary(head, named, lang, limit=ALT_LIMIT - len(told) - 1)}"


# -- answers, report, demo -------------------------------------------------------------------
def _rules(frame, section) -> dict[str, Rule]:
    """Every item of the forms: the tick, the form and the context of each activity, its
    direction only where it takes one (:func:`takes_direction`), the name of one's own."""
    places = {
        "form": Rule(choices=tuple(f.id for f in section.forms)),
        "context": Rule(choices=tuple(c.value for c in Context)),
    }
    direction = Rule(choices=tuple(d.value for d in Direction))
    rules = {}
    keys = [a.id for a in section.activities] + [f"own_{n}" for n in range(1, MAX_OWN + 1)]
    for key in keys:
        rules[key] = TICK
        for part, rule in places.items():
            rules[f"{key}.{part}"] = rule
        if takes_direction(section, key):
            rules[f"{key}.direction"] = direction
        if key.startswith("own_"):
            rules[f"{key}.label"] = Rule(limit=MAX_LABEL)
    return rules


def research_paragraphs(frame, language: str) -> list[str]:
    """The forms' research text in ``language``, as paragraphs (a blank line in the frame
    file starts a new one).

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> len(research_paragraphs(load_frame("betrokkenheidsboom"), "nl")) > 1
    True
    """
    return [part.strip() for part in frame.forms.research.get(language).split("\n") if part.strip()]


def citations(frame, language: str) -> str:
    """The short citations of the sources the forms' research text rests on, as a page shows
    them under it; ``""`` when it names none.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> citations(load_frame("betrokkenheidsboom"), "en")[:40]
    'Sources: Wilder (2014); Castro et al. (2'
    """
    names = [source.short(language) for source in frame.research_sources()]
    return tr("sources_cited", language, names="; ".join(names)) if names else ""


def _report(given, frame, language: str) -> dict:
    from ...pictures import Canvas

    branches = tree_branches(given, frame.forms, language)
    canvas = Canvas()
    draw_tree_of(branches, language, canvas.axes)
    leaves = [
        {"label": leaf["label"], "form": branch["label"], "count": leaf["count"]}
        for branch in branches
        for leaf in branch["leaves"]
    ]
    leaves.sort(key=lambda leaf: -leaf["count"])  # stable: ties stay in the tree's order
    return {
        "picture": svg_url(canvas.figure),
        "drawn": tree_labels(branches),  # what the picture shows
        "legend": tr("tree_legend", language),
        "activities": leaves[:TOP_ACTIVITIES],
        "bare": [b["label"] for b in branches if not b["leaves"]],
        "research": research_paragraphs(frame, language),
        "citations": citations(frame, language),
        "sources": [
            {"cite": source.cite, "url": source.url} for source in frame.research_sources()
        ],
    }


def _demo(store, me, frame, rng, number, lift, rating) -> None:
    for activity in frame.forms.activities:
        if rng.random() < 0.35 + lift / 3:
            store.save_answer(me, "forms", activity.id, 1)


def _question(frame, section, parts, language) -> list:
    if len(parts) > 2:
        return []
    if parts[0].startswith("own_"):
        name = tr("question_own", language, n=parts[0].removeprefix("own_"))
    else:
        name = label_of(section.activities, parts[0], language)
    part = {"form": "question_form", "context": "question_context"}.get(parts[-1])
    part = part or {"direction": "question_direction", "label": "question_label"}.get(
        parts[-1], "we_do_this"
    )
    return [name, tr(part, language)]


EXERCISE = Exercise(
    name="forms",
    notebook="03_vormen.ipynb",
    title_key="page_forms",
    page="betrokkenheid.ui.forms_page:FormsPage",
    rules=_rules,
    picture=_team_picture,
    report=_report,
    demo=_demo,
    parts=(
        ("form", "a form (type) of involvement", lambda c: c.forms),
        ("activity", "an example activity", lambda c: c.activities),
    ),
    question=_question,
    describe=_describe,
    retired=_retired,
)
