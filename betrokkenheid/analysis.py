"""Team results from answers: scores per relation, the team's mean and spread.

Privacy lives here, not only in the pages: a group result for fewer than :data:`MIN_GROUP`
people is never computed into a number.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean, pstdev

__all__ = ["MIN_GROUP", "GroupScore", "group_score", "relation_scores", "team_triangle"]

MIN_GROUP = 3


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
    if len(values) < max(min_group, 1):
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
