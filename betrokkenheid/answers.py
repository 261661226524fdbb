"""What a valid answer is, for a session's frame: one set of rules for the pages and imports.

An answer names an *exercise* (a section of the frame) and an *item* of it, and holds a
*value* (a rating or a choice, on that item's scale) or a *text* (within the limit of the page
that asks for it), or neither: an answer taken back. The pages check every answer here before
they save it (:meth:`betrokkenheid.ui._exercise.ExercisePage.store_answer`); ``betrokkenheid
import`` and :func:`betrokkenheid.answers_frame` check every answer of an export here
(:func:`betrokkenheid.exchange.parse_export`). So both refuse the same things with the same
words.

The items of each exercise, as the pages name them::

    perspectives  STATEMENT.present, STATEMENT.important   a whole number on that scale
    triangle      RELATION.QUALITY                         a whole number on the frame's scale,
                                                           for the qualities that side is rated on
    forms         ACTIVITY, own_N (N = 1 .. MAX_OWN)        0 or 1: the school does it
                  ACTIVITY.form, own_N.form                a form of the frame (its id)
                  ACTIVITY.context, own_N.context          home, school or neighbourhood
                  ACTIVITY.direction, own_N.direction      one_way or two_way, where the form
                                                           is directed (communication)
                  own_N.label                              a text of at most MAX_LABEL characters
    climate       COMPONENT                                a level: 1 .. the number of levels,
                                                           or the text dont_know
                  COMPONENT.wanted                         the level the team wants to reach
    barriers      barrier.GROUP.BARRIER                    0 or 1: a barrier for that group
                  vote.OPPORTUNITY                         0 or 1; at most MAX_VOTES ones
                  other.GROUP, action.OPPORTUNITY.PART     a text of at most MAX_NOTE characters
                  action.OPPORTUNITY.aim                   a part of the frame (EXERCISE.ID)
    followup      OPPORTUNITY.N.status                     done, partly, not_yet or dropped
                  OPPORTUNITY.N.noticed                    a text of at most MAX_NOTE characters
                  OPPORTUNITY.N.keep                       0 or 1: go on with the action

Each exercise's rules live in its folder (:mod:`betrokkenheid.exercises`); this module holds
what they share and checks an answer against them.

Texts are real text (no NUL, no half characters), not empty and without spaces at the start
or end (the pages strip them). A session names its frame by name only, never by path.

This module sits above the store and the model: it reads frames (:mod:`betrokkenheid.frames`)
and the store's rule for text (:func:`betrokkenheid.store.is_text`); the store stays free of
frames.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from .model import Frame

__all__ = [
    "MAX_LABEL",
    "MAX_NOTE",
    "MAX_OWN",
    "MAX_SCHOOL",
    "MAX_VOTES",
    "TICK",
    "Rule",
    "check_answer",
    "check_person",
    "check_school",
    "known_frame",
    "question",
    "rule_for",
    "votes_given",
]

MAX_VOTES = 3  # opportunities a person votes for (barriers page)
MAX_NOTE = 300  # characters of a barrier or an action typed on the barriers page
MAX_LABEL = 80  # characters of the name of an activity of one's own (forms page)
MAX_OWN = 20  # activities of one's own a person adds (forms page)
MAX_SCHOOL = 200  # characters of a school's name (start page, sessions table)
MAX_FRAME_NAME = 40  # characters of a frame's name (sessions table)


@dataclass(frozen=True)
class Rule:
    """What one item takes: a whole number from ``low`` to ``high``, or a text (one of
    ``choices``, or free text of at most ``limit`` characters). A number's rule with
    ``choices`` takes those texts too (a rubric's "don't know")."""

    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    limit: int = 0

    @property
    def takes_text(self) -> bool:
        return self.low is None

    def describe(self) -> str:
        """The rule in words, as a message ends: ``a whole number from 1 to 5``."""
        if not self.takes_text:
            if (self.low, self.high) == (0, 1):
                return "0 or 1"
            also = "".join(f" or '{choice}'" for choice in self.choices)
            return f"a whole number from {self.low} to {self.high}{also}"
        if self.choices:
            return "one of: " + ", ".join(self.choices)
        return f"a text of at most {self.limit} characters"


TICK = Rule(0, 1)  # a tick: 0 or 1


def rule_for(frame: Frame, exercise: str, item: str) -> Rule:
    """The rule of ``item`` of ``exercise`` in ``frame``; an :class:`InputError` (source
    ``exercise`` or ``item``) when the frame has no such exercise or item.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> rule_for(frame, "triangle", "parent_school.trust_respect").describe()
    'a whole number from 1 to 5'
    >>> rule_for(frame, "climate", frame.climate.components[0].id).describe()
    "a whole number from 1 to 4 or 'dont_know'"
    >>> rule_for(frame, "triangle", "parent_school.mood")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    betrokkenheid.errors.InputError: item: exercise 'triangle' of frame ... has no item ...
    """
    rules = _rules(frame)
    if not isinstance(exercise, str) or exercise not in rules:
        have = ", ".join(rules) or "none"
        problem = f"frame '{frame.id}' has no exercise {_shown(exercise)} (it has: {have})"
        raise InputError("exercise", problem)
    rule = rules[exercise].get(item) if isinstance(item, str) else None
    if rule is None:
        problem = f"exercise '{exercise}' of frame '{frame.id}' has no item {_shown(item)}"
        raise InputError("item", problem)
    return rule


def check_answer(
    frame: Frame, exercise: str, item: str, value=None, text=None, *, exact: bool = False
) -> tuple[float | None, str | None]:
    """One answer checked against its frame; returns ``(value, text)`` as they are stored.

    A value becomes a float; a text loses the spaces at its start and end, or, with
    ``exact=True`` (an import: what is stored must be what the file says), is refused for
    them. Anything wrong is an :class:`InputError` whose source names the part: ``exercise``,
    ``item``, ``value`` or ``text``.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> check_answer(frame, "triangle", "parent_school.equality", 4)
    (4.0, None)
    >>> check_answer(frame, "triangle", "parent_school.equality", 99)
    Traceback (most recent call last):
    ...
    betrokkenheid.errors.InputError: value: must be a whole number from 1 to 5
    >>> check_answer(frame, "barriers", "other.new_parents", text="  Geen tijd ")
    (None, 'Geen tijd')
    """
    rule = rule_for(frame, exercise, item)
    if value is not None and text is not None:
        raise InputError("text", "an answer holds a number or a text, not both")
    if value is not None:
        if rule.takes_text:
            raise InputError("value", f"takes a text, not a number: {rule.describe()}")
        return _value(value, rule), None
    if text is not None:
        if not rule.takes_text and text in rule.choices:
            return None, text
        if not rule.takes_text:
            raise InputError("text", f"takes a number, not a text: {rule.describe()}")
        return None, _text(text, rule, exact)
    return None, None  # an answer taken back


def check_person(frame: Frame, answers) -> list[tuple[float | None, str | None]]:
    """Every answer of one person, checked alone and together: at most one answer an item,
    at most :data:`MAX_VOTES` votes. ``answers`` holds mappings with ``exercise``, ``item``,
    ``value`` and ``text``; what is stored is returned, in order.

    An error's source is the answer's place and part, e.g. ``3.value`` (to go after
    ``participants.0.answers.``); the texts must be exactly as stored (``exact``).

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> chances = [c.id for c in frame.barriers.opportunities]
    >>> check_person(frame, [{"exercise": "barriers", "item": f"vote.{c}", "value": 1,
    ...                       "text": None} for c in chances[:4]])
    Traceback (most recent call last):
    ...
    betrokkenheid.errors.InputError: 3.value: is a vote too many: each person has 3 votes
    """
    stored, seen, votes = [], set(), 0
    for i, answer in enumerate(answers):
        exercise, item = answer["exercise"], answer["item"]
        try:
            value, text = check_answer(
                frame, exercise, item, answer["value"], answer["text"], exact=True
            )
        except InputError as exc:
            raise InputError(f"{i}.{exc.source}", exc.problem) from None
        if (exercise, item) in seen:
            raise InputError(f"{i}.item", f"repeats item {_shown(f'{exercise}/{item}')}")
        seen.add((exercise, item))
        if _is_vote(exercise, item) and value:
            votes += 1
            if votes > MAX_VOTES:
                problem = f"is a vote too many: each person has {MAX_VOTES} votes"
                raise InputError(f"{i}.value", problem)
        stored.append((value, text))
    return stored


def votes_given(given: dict) -> int:
    """How many opportunities a person voted for, in their barriers answers by item.

    Examples
    --------
    >>> votes_given({"vote.koffie": 1.0, "vote.taal": 0.0, "other.new_parents": "Taal"})
    1
    """
    return sum(1 for item, value in given.items() if _is_vote("barriers", item) and value)


def known_frame(name) -> Frame:
    """The frame a session names: a known frame, by its name only (never a path), that loads.

    Examples
    --------
    >>> known_frame("epstein").id
    'epstein'
    >>> known_frame("../../../../etc/passwd")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    betrokkenheid.errors.InputError: frame: no frame named '../../../../etc/passwd' (known: ...)
    """
    from .frames import frame_paths, load_frame

    known = frame_paths()
    if not isinstance(name, str) or name not in known or len(name) > MAX_FRAME_NAME:
        listed = ", ".join(sorted(known))
        raise InputError("frame", f"no frame named {_shown(name)} (known: {listed})")
    try:
        return load_frame(known[name])
    except InputError as exc:
        raise InputError("frame", f"frame '{name}' cannot be read: {exc}") from None


def check_school(name, *, exact: bool = False) -> str:
    """A school's name as it is stored: real text of 1 to :data:`MAX_SCHOOL` characters on
    one line, without spaces at its start and end (stripped; refused with ``exact=True``).

    Examples
    --------
    >>> check_school("  De Linde ")
    'De Linde'
    >>> check_school("   ")
    Traceback (most recent call last):
    ...
    betrokkenheid.errors.InputError: school name: is empty
    """
    from .store import is_text

    what = "school name"
    if not isinstance(name, str):
        raise InputError(what, "must be text")
    if not is_text(name):
        raise InputError(what, "contains characters that are not text")
    stored = name.strip()
    if not stored:
        raise InputError(what, "is empty")
    if exact and stored != name:
        raise InputError(what, "has spaces at the start or end")
    if len(stored) > MAX_SCHOOL:
        raise InputError(what, f"is longer than {MAX_SCHOOL} characters")
    if any(unicodedata.category(c) == "Cc" for c in stored):
        raise InputError(what, "contains control characters (a line break, a tab, ...)")
    return stored


# the rules ---------------------------------------------------------------------------------


def _value(value, rule: Rule) -> float:
    if isinstance(value, bool):
        raise InputError("value", f"must be a number, not {str(value).lower()}")
    if not isinstance(value, (int, float)):
        raise InputError("value", f"must be a number: {rule.describe()}")
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        number = math.inf
    if not (math.isfinite(number) and number.is_integer() and rule.low <= number <= rule.high):
        raise InputError("value", f"must be {rule.describe()}")
    return number


def _text(text, rule: Rule, exact: bool) -> str:
    from .store import is_text  # (imported here: the start page loads no SQLAlchemy early)

    if not isinstance(text, str):
        raise InputError("text", "must be text")
    if not is_text(text):
        raise InputError("text", "contains characters that are not text")
    stored = text.strip()
    if not stored:
        raise InputError("text", "is empty")
    if exact and stored != text:
        raise InputError("text", "has spaces at the start or end")
    if rule.choices:
        if stored not in rule.choices:
            raise InputError("text", f"must be {rule.describe()}, not {_shown(stored)}")
    elif len(stored) > rule.limit:
        raise InputError("text", f"is longer than {rule.limit} characters")
    return stored


def _is_vote(exercise: str, item: str) -> bool:
    return exercise == "barriers" and item.startswith("vote.")


def _shown(name) -> str:
    """A name from outside, quoted on one short line."""
    if not isinstance(name, str):
        return f"({type(name).__name__})"
    return repr(name if len(name) <= 60 else name[:59] + "…")


# Rules by exercise and item, per loaded frame (frames are frozen; load_frame keeps one object
# per file, so a page or an import builds them once).
def question(frame: Frame, exercise: str, item: str, language: str = "nl") -> str:
    """What ``item`` of ``exercise`` asked, in words, for a table a person reads (an export);
    ``""`` for an item the frame does not know.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> question(frame, "triangle", "parent_school.trust_respect", "en")
    'Parent and school — Trust and respect'
    """
    from .exercises import EXERCISES

    unit = next((e for e in EXERCISES if e.name == exercise), None)
    section = unit.content(frame) if unit is not None else None
    parts = item.split(".") if isinstance(item, str) else []
    if section is None or not parts or unit.question is None:
        return ""
    words = unit.question(frame, section, parts, language)
    if not words or None in words:
        return ""
    return " — ".join(words)


_RULES: dict[int, tuple] = {}


def _rules(frame: Frame) -> dict[str, dict[str, Rule]]:
    cached = _RULES.get(id(frame))
    if cached is not None and cached[0] is frame:
        return cached[1]
    rules = {}
    from .exercises import of_frame  # each exercise's rules live in its folder

    for exercise in of_frame(frame):
        rules[exercise.name] = exercise.rules(frame, exercise.content(frame))
    if len(_RULES) > 32:  # a researcher loading many files: keep the memory small
        _RULES.clear()
    _RULES[id(frame)] = (frame, rules)
    return rules
