"""Team results from answers that every exercise uses: a group's mean and spread, levels on a
rubric, who answered, where the team differs most. An exercise's own analysis (the triangle's
relations, the tree, the votes) lives in its folder (:mod:`betrokkenheid.exercises`).

Privacy is applied here, not only in the pages: a group result for fewer than
:data:`MIN_GROUP` people is never computed into a number. The threshold and the rule are
:mod:`betrokkenheid.privacy`'s (``MIN_GROUP`` and ``role_groups`` are its own, named here
too). A ``min_group`` below :data:`MIN_GROUP` is for a person's own answers only, which
only that person sees.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean, pstdev

from .privacy import MIN_GROUP, enough, role_groups

__all__ = [
    "MIN_GROUP",
    "GroupScore",
    "GroupSpread",
    "OwnAnswer",
    "answered_by",
    "disagreements",
    "enough_for",
    "group_score",
    "group_spread",
    "own_answers",
    "role_groups",
    "team_items",
    "team_levels",
]


def enough_for(n: int, min_group: int) -> bool:
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


def group_score(values: list[float], min_group: int = MIN_GROUP) -> GroupScore:
    """Mean and spread of ``values``, or only the count when fewer than ``min_group``.

    Examples
    --------
    >>> group_score([2.0, 4.0])
    GroupScore(n=2, mean=None, spread=None)
    >>> group_score([2.0, 3.0, 4.0])
    GroupScore(n=3, mean=3.0, spread=0.816496580927726)
    """
    if not enough_for(len(values), min_group):
        return GroupScore(len(values), None, None)
    return GroupScore(len(values), fmean(values), pstdev(values))


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

    if not enough_for(len(values), min_group):
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


def disagreements(answers: Iterable, frame, language: str = "nl", top: int = 5) -> list[dict]:
    """Where the team differs most: the rated items with the largest spread.

    Spread is compared relative to each item's scale (a rubric of 4 levels beside a scale of
    5 steps); items with fewer than :data:`MIN_GROUP` answers are left out. These are
    conversation starters, not a verdict: a large spread says people see it differently.

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> rows = [Answer(p, "teacher", "triangle", "parent_child.communication", v, None)
    ...         for p, v in [(1, 1.0), (2, 5.0), (3, 3.0)]]
    >>> [d["label"] for d in disagreements(rows, frame, "en")]
    ['Parent and child, about school: Communication']
    """
    from .exercises import scales_of  # the rated items, as each exercise names them

    labels = {
        (exercise, item): (text, scale.high - scale.low)
        for exercise, scale in scales_of(frame, language)
        for item, text in scale.items
    }
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
