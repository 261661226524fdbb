"""The exercises of the study day, in their order: one folder per exercise.

Each folder holds what belongs to its exercise: its team analysis, its pictures, the rules of
its answers, its report block (``report.html``), the demo school's answers and its page. The
start page, the pages' step list, the dashboard, the report, the demo and the answer checks
all go through :data:`EXERCISES`, so adding a step means: its folder (with an ``EXERCISE``),
its line below, its section in the frame model and the frame files, its texts and its
notebook.

Examples
--------
>>> [e.name for e in EXERCISES]
['perspectives', 'triangle', 'forms', 'climate', 'barriers', 'followup']
>>> exercise("climate").notebook
'04_klimaat.ipynb'
"""

from __future__ import annotations

from ..errors import InputError
from ._unit import Exercise, Scale
from .barriers import EXERCISE as _barriers
from .climate import EXERCISE as _climate
from .followup import EXERCISE as _followup
from .forms import EXERCISE as _forms
from .perspectives import EXERCISE as _perspectives
from .triangle import EXERCISE as _triangle

__all__ = [
    "EXERCISES",
    "Exercise",
    "Scale",
    "change_picture",
    "comparable",
    "describe_picture",
    "exercise",
    "of_frame",
    "retired",
    "scales_of",
    "team_picture",
]

EXERCISES: tuple[Exercise, ...] = (
    _perspectives,
    _triangle,
    _forms,
    _climate,
    _barriers,
    _followup,
)
_BY_NAME = {e.name: e for e in EXERCISES}


def exercise(name: str) -> Exercise:
    """The exercise called ``name``; an :class:`InputError` when there is none."""
    try:
        return _BY_NAME[name]
    except KeyError:
        known = ", ".join(_BY_NAME)
        raise InputError("exercise", f"unknown exercise {name!r}: one of {known}") from None


def of_frame(frame, session=None) -> list[Exercise]:
    """The exercises ``frame`` has content for, in their order; with ``session``, only those
    that session has (a step that looks back needs a session linked to its baseline)."""
    return [
        e
        for e in EXERCISES
        if e.content(frame) is not None
        and not (e.needs_baseline and session is not None and session.baseline is None)
    ]


def scales_of(frame, language: str = "nl") -> list[tuple[str, Scale]]:
    """Every rated scale of ``frame``: (exercise, :class:`Scale`), in the exercises' order.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> found = scales_of(load_frame("betrokkenheidsboom"), "en")
    >>> [(name, scale.id, scale.low, scale.high) for name, scale in found if name == "triangle"][0]
    ('triangle', 'parent_school', 1, 5)
    """
    return [
        (e.name, scale)
        for e in of_frame(frame)
        if e.scales is not None
        for scale in e.scales(frame, e.content(frame), language)
    ]


def team_picture(name: str, frame, answers, lang: str, axes, mine=None, baseline=()):
    """Draw the team's picture of exercise ``name``; returns (caption, drawn data).
    ``baseline``: the baseline session's answers, for a step that looks back."""
    unit = exercise(name)
    if unit.needs_baseline:
        return unit.picture(frame, list(answers), lang, axes, mine, baseline=list(baseline))
    return unit.picture(frame, list(answers), lang, axes, mine)


def describe_picture(name: str, frame, drawn, lang: str, mine: bool = False) -> str:
    """What the picture of exercise ``name`` shows, in plain words with its numbers and its
    scale: its text alternative (for a screen reader, or with pictures off).

    ``drawn`` is the data of the picture: what :func:`team_picture` returns, or, with
    ``mine``, the data of a page's picture of my own answers. Below the privacy threshold
    it says that there are too few answers yet, without a number.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> drawn = {"parent_school": 3.44, "child_school": 3.9, "parent_child": None}
    >>> print(describe_picture("triangle", frame, drawn, "nl"))  # doctest: +NORMALIZE_WHITESPACE
    Gemiddelde van het team per kant, op een schaal van 1 tot 5. Ouder en school: 3,4;
    Kind en school: 3,9; Ouder en kind, over school: nog te weinig antwoorden.
    """
    return exercise(name).describe(frame, drawn, lang, mine=mine)


def change_picture(name: str, frame, later, baseline, lang: str, axes):
    """Draw the baseline beneath the later measurement of exercise ``name``.

    ``later`` and ``baseline`` are the two sessions' answers. A result of fewer than
    :data:`~betrokkenheid.privacy.MIN_GROUP` people is not drawn (a gap), in either one.
    Returns the drawn data, ``{"baseline": {id: value}, "later": {id: value}}``; the words on
    where the team grew are :func:`~betrokkenheid.growth.change_lines`' (one rule for the
    dashboard and the report). Only for exercises with a ``change`` picture
    (:func:`comparable`).
    """
    return exercise(name).change(frame, list(later), list(baseline), lang, axes)


def retired(frame, name: str, item) -> bool:
    """Whether ``item`` of exercise ``name`` is one an earlier version of ``frame`` asked and
    this one no longer does: its answers are left out of an import and of the tidy tables
    rather than refused (see :attr:`Exercise.retired`).

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> retired(frame, "triangle", "parent_child.equality")
    True
    >>> retired(frame, "triangle", "parent_school.equality"), retired(frame, "nope", "x")
    (False, False)
    """
    unit = next((e for e in EXERCISES if e.name == name), None)
    if unit is None or unit.retired is None or not isinstance(item, str):
        return False
    content = unit.content(frame)
    return content is not None and unit.retired(frame, content, item)


def comparable() -> list[str]:
    """The exercises whose baseline can be drawn beneath a later measurement."""
    return [e.name for e in EXERCISES if e.change is not None]
