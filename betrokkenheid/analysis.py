"""Team results from answers: scores per relation, the team's mean and spread.

Privacy is applied here, not only in the pages: a group result for fewer than
:data:`MIN_GROUP` people is never computed into a number. The threshold and the rule are
:mod:`betrokkenheid.privacy`'s (``MIN_GROUP`` and ``role_groups`` are its own, named here
too). A ``min_group`` below :data:`MIN_GROUP` is for a person's own answers only, which
only that person sees.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean, pstdev

from .privacy import MIN_GROUP, enough, role_groups

__all__ = [
    "ACTION_PARTS",
    "MIN_GROUP",
    "GroupScore",
    "GroupSpread",
    "OwnAnswer",
    "action_plan",
    "answered_by",
    "aspect_word",
    "barrier_counts",
    "disagreements",
    "group_score",
    "group_spread",
    "own_answers",
    "placement",
    "relation_scores",
    "role_groups",
    "team_items",
    "team_levels",
    "team_triangle",
    "top_opportunities",
    "tree_branches",
    "vote_tally",
]


def _enough(n: int, min_group: int) -> bool:
    """Enough people for a result; below :data:`MIN_GROUP` only for one's own answers."""
    return enough(n, min_group, own=min_group < MIN_GROUP)


@dataclass(frozen=True)
class GroupScore:
    """A team result: how many answered, and their mean and spread (hidden below the threshold).

    ``spread`` is the standard deviation of the team's scores (this team, not an estimate of a
    population): 0 means everybody agrees.
    """

    n: int
    mean: float | None
    spread: float | None

    @property
    def shown(self) -> bool:
        """Whether enough people answered to show this result."""
        return self.mean is not None


@dataclass(frozen=True)
class OwnAnswer:
    """One of a person's own answers, shaped like a stored one (for their own picture)."""

    item: str
    value: float | None
    text: str | None = None
    participant_id: int = 0


def own_answers(given: dict) -> list[OwnAnswer]:
    """A person's answers ``{item: number or text}`` as rows the functions here take.

    Examples
    --------
    >>> [(a.item, a.value, a.text) for a in own_answers({"a.b": 3.0, "own_1.label": "Koffie"})]
    [('a.b', 3.0, None), ('own_1.label', None, 'Koffie')]
    """
    return [
        OwnAnswer(item, None, value) if isinstance(value, str) else OwnAnswer(item, value)
        for item, value in given.items()
    ]


def relation_scores(answers: Iterable, triangle_section) -> dict[int, dict[str, float]]:
    """Each participant's score per relation: the mean of the qualities they rated.

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
    """
    known = {r.id for r in triangle_section.relations}
    qualities = {q.id for q in triangle_section.qualities}
    given: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for answer in answers:
        relation, _, quality = answer.item.partition(".")
        if relation in known and quality in qualities and answer.value is not None:
            given[answer.participant_id][relation].append(answer.value)
    return {
        pid: {rel: fmean(values) for rel, values in by_relation.items()}
        for pid, by_relation in given.items()
    }


def group_score(values: list[float], min_group: int = MIN_GROUP) -> GroupScore:
    """Mean and spread of ``values``, or only the count when fewer than ``min_group``.

    Examples
    --------
    >>> group_score([2.0, 4.0])
    GroupScore(n=2, mean=None, spread=None)
    >>> group_score([2.0, 3.0, 4.0])
    GroupScore(n=3, mean=3.0, spread=0.816496580927726)
    """
    if not _enough(len(values), min_group):
        return GroupScore(len(values), None, None)
    return GroupScore(len(values), fmean(values), pstdev(values))


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
    >>> rows = [Answer(p, "teacher", "triangle", "parent_child.equality", v, None)
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


@dataclass(frozen=True)
class GroupSpread:
    """A team's placement on an ordered scale: median and quartiles (hidden below the threshold)."""

    n: int
    median: float | None
    low: float | None
    high: float | None

    @property
    def shown(self) -> bool:
        """Whether enough people answered to show this result."""
        return self.median is not None


def group_spread(values: list[float], min_group: int = MIN_GROUP) -> GroupSpread:
    """Median and first/third quartile of ``values``, or only the count below ``min_group``.

    Examples
    --------
    >>> group_spread([1.0, 2.0, 2.0, 4.0])
    GroupSpread(n=4, median=2.0, low=1.75, high=2.5)
    >>> group_spread([3.0])
    GroupSpread(n=1, median=None, low=None, high=None)
    """
    from statistics import median, quantiles

    if not _enough(len(values), min_group):
        return GroupSpread(len(values), None, None, None)
    low, _, high = quantiles(values, n=4, method="inclusive")
    return GroupSpread(len(values), median(values), low, high)


def _values_by_item(answers: Iterable) -> dict[str, dict[int, float]]:
    by_item: dict[str, dict[int, float]] = defaultdict(dict)
    for answer in answers:
        if answer.value is not None:
            by_item[answer.item][answer.participant_id] = answer.value
    return by_item


def team_items(
    answers: Iterable, items: Iterable[str], min_group: int = MIN_GROUP
) -> dict[str, GroupScore]:
    """The team's mean and spread for each item (e.g. ``statement.present``).

    Examples
    --------
    >>> from betrokkenheid import Answer
    >>> rows = [Answer(p, "teacher", "perspectives", "s1.present", v, None)
    ...         for p, v in [(1, 2.0), (2, 4.0), (3, 3.0)]]
    >>> team_items(rows, ["s1.present", "s1.important"])["s1.present"].mean
    3.0
    """
    by_item = _values_by_item(answers)
    return {item: group_score(list(by_item.get(item, {}).values()), min_group) for item in items}


def team_levels(
    answers: Iterable, items: Iterable[str], min_group: int = MIN_GROUP
) -> dict[str, GroupSpread]:
    """Where the team places itself on a rubric, per item: median and quartiles."""
    by_item = _values_by_item(answers)
    return {item: group_spread(list(by_item.get(item, {}).values()), min_group) for item in items}


def answered_by(answers: Iterable) -> int:
    """How many different people gave these answers."""
    return len({answer.participant_id for answer in answers})


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


def _by_person(answers: Iterable) -> dict[int, dict[str, object]]:
    per_person: dict[int, dict[str, object]] = defaultdict(dict)
    for answer in answers:
        per_person[answer.participant_id][answer.item] = (
            answer.text if answer.value is None else answer.value
        )
    return per_person


def placement(given: dict, key: str, section) -> tuple[str, str, str]:
    """Where a person put activity ``key``: (form, context, direction).

    What was answered counts when it is valid; otherwise the frame's own placement of the
    activity (or, for an activity of their own, the first form, at school, one-way).
    """
    from .model import Context, Direction

    activity = next((a for a in section.activities if a.id == key), None)
    default = (
        (activity.form, activity.context.value, activity.direction.value)
        if activity
        else (section.forms[0].id, Context.SCHOOL.value, Direction.ONE_WAY.value)
    )
    allowed = (
        {f.id for f in section.forms},
        {Context.HOME.value, Context.SCHOOL.value, Context.NEIGHBOURHOOD.value},
        {d.value for d in Direction},
    )
    return tuple(
        value if (value := given.get(f"{key}.{part}")) in ok else fallback
        for part, fallback, ok in zip(
            ("form", "context", "direction"), default, allowed, strict=True
        )
    )


def tree_branches(
    answers: Iterable, section, language: str = "nl", min_group: int = MIN_GROUP
) -> list[dict]:
    """The involvement tree of a group: a branch per form, a leaf per activity someone does.

    Activities of the frame are matched by id, the group's own ones by their name. A leaf
    goes on the branch, context and direction most people chose, and ``count`` says how
    many do it. Below ``min_group`` people every branch stays bare.

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
    if _enough(len(per_person), min_group):
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
        {"label": f.label.get(language), "weight": f.weight.value, "leaves": leaves.get(f.id, [])}
        for f in section.forms
    ]


def top_opportunities(answers: Iterable, section, top: int = 3, min_group: int = MIN_GROUP):
    """The opportunities with the most votes (ties in the frame's order), once enough voted."""
    answers = list(answers)
    known = [c.id for c in section.opportunities]
    if not _enough(answered_by(a for a in answers if a.item.startswith("vote.")), min_group):
        return []
    votes = vote_tally(answers, known)["votes"]
    ranked = sorted((c for c in known if votes[c]), key=lambda c: (-votes[c], known.index(c)))
    return ranked[:top]


ACTION_PARTS = ("what", "who", "when", "notice")


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
            if part in ACTION_PARTS:
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


def disagreements(answers: Iterable, frame, language: str = "nl", top: int = 5) -> list[dict]:
    """Where the team differs most: the rated items with the largest spread.

    Spread is compared relative to each item's scale (a rubric of 4 levels beside a scale of
    5 steps); items with fewer than :data:`MIN_GROUP` answers are left out. These are
    conversation starters, not a verdict: a large spread says people see it differently.

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> rows = [Answer(p, "teacher", "triangle", "parent_child.equality", v, None)
    ...         for p, v in [(1, 1.0), (2, 5.0), (3, 3.0)]]
    >>> [d["label"] for d in disagreements(rows, frame, "en")]
    ['Parent and child, about school: Equality']
    """
    labels: dict[tuple[str, str], tuple[str, float]] = {}
    if frame.perspectives:
        size = frame.perspectives.present.max - frame.perspectives.present.min
        for group in frame.perspectives.groups:
            for statement in group.statements:
                for aspect in ("present", "important"):
                    text = f"{statement.label.get(language)} ({aspect_word(aspect, language)})"
                    labels["perspectives", f"{statement.id}.{aspect}"] = (text, size)
    if frame.triangle:
        size = frame.scale.max - frame.scale.min
        for relation in frame.triangle.relations:
            for quality in frame.triangle.qualities:
                text = f"{relation.label.get(language)}: {quality.label.get(language)}"
                labels["triangle", f"{relation.id}.{quality.id}"] = (text, size)
    if frame.climate:
        size = len(frame.climate.levels) - 1
        for component in frame.climate.components:
            labels["climate", component.id] = (component.label.get(language), size)
    values: dict[tuple[str, str], list[float]] = defaultdict(list)
    for answer in answers:
        key = (answer.exercise, answer.item)
        if key in labels and answer.value is not None:
            values[key].append(answer.value)
    found = []
    for key, given in values.items():
        score = group_score(given)
        if score.shown:
            text, size = labels[key]
            found.append(
                {
                    "exercise": key[0],
                    "item": key[1],
                    "label": text,
                    "n": score.n,
                    "mean": score.mean,
                    "spread": score.spread,
                    "relative": score.spread / size if size else 0.0,
                }
            )
    found.sort(key=lambda d: (-d["relative"], d["label"]))
    return found[:top]


def aspect_word(aspect: str, language: str) -> str:
    """A short word for a perspectives aspect, for labels."""
    words = {"present": ("nu", "now"), "important": ("belangrijk", "important")}
    return words[aspect][language == "en"]
