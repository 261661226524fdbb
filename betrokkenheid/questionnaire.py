"""A questionnaire's answers: what parents and children may answer, and how it is kept.

One place for the rules the parents' and the children's pages, the paper forms, the
data-entry page, the imports and the analysis share. A questionnaire's answers are stored like
the team's, under the exercise :data:`EXERCISE` of its audience (``parents`` for a parent,
``children`` for a child):

- a statement: its item id, with the step of the scale as value; "don't know" and "rather not
  say" have no value and the text :data:`DONT_KNOW` or :data:`RATHER_NOT`;
- a chip of "what makes it hard for you?": ``barriers.BARRIER``, value 1 (chosen) or 0
  (chosen, then taken back);
- the open question: ``open``, its text (at most :data:`MAX_OPEN` characters); no text when a
  parent emptied it again.

A child answers only statements, with a face or "don't know" (the children's questionnaire
has no "rather not say", no chips and no open question: ``section.others`` says what it takes
beside the scale).

What the team expected parents to say is asked in step 1, as ``expect.ITEM`` of the
perspectives on the parents' scale, except for a statement that mirrors a statement "from the
parent's side": the team's "how present" rating of that statement is the same question, and
it counts as the expectation (:func:`expectation`).

Examples
--------
>>> from betrokkenheid import load_frame
>>> frame = load_frame("betrokkenheidsboom")
>>> check_answer(frame, "welcome", 4)
(4.0, None)
>>> check_answer(frame, "welcome", text="dont_know")
(None, 'dont_know')
>>> check_answer(frame, "like_school", text="rather_not", audience="child")
Traceback (most recent call last):
...
betrokkenheid.errors.InputError: answer to 'like_school': give a step of the scale or 'dont_know'
>>> check_answer(frame, "welcome", 9)
Traceback (most recent call last):
...
betrokkenheid.errors.InputError: answer to 'welcome': must be a whole number from 1 to 5
>>> expectation(frame, "welcome")
('perspectives', 'parent_at_home_in_school.present', True)
>>> expectation(frame, "respected")
('perspectives', 'expect.respected', False)
"""

from __future__ import annotations

from .errors import InputError

__all__ = [
    "DONT_KNOW",
    "EXERCISE",
    "MAX_OPEN",
    "OPEN_ITEM",
    "RATHER_NOT",
    "barrier_item",
    "check_answer",
    "check_person",
    "expectation",
    "expected_items",
    "question",
    "questionnaire",
    "save_answer",
]

#: The exercise name a questionnaire's answers are stored under, by audience.
EXERCISE = {"parent": "parents", "child": "children"}
DONT_KNOW = "dont_know"
RATHER_NOT = "rather_not"
OPEN_ITEM = "open"
MAX_OPEN = 500  # characters: a few sentences, typed on a phone


def questionnaire(frame, audience: str = "parent"):
    """The frame's questionnaire for ``audience``; an :class:`InputError` when it has none."""
    section = getattr(frame, EXERCISE.get(audience, ""), None)
    if section is None:
        raise InputError(
            "frame",
            f"frame '{frame.id}' has no questionnaire for {EXERCISE.get(audience, audience)}",
        )
    return section


def barrier_item(barrier: str) -> str:
    """The item a chip of "what makes it hard for you?" is stored under."""
    return f"barriers.{barrier}"


def check_answer(frame, item: str, value=None, text: str | None = None, audience: str = "parent"):
    """An answer to ``item`` as it is stored, ``(value, text)``, or an :class:`InputError`
    (source ``answer to 'ITEM'``) that says what may be given."""
    import math

    section = questionnaire(frame, audience)
    source = f"answer to '{str(item)[:60]}'"
    statements = {i.id for i in section.items}
    chips = {barrier_item(b.barrier) for b in section.barriers}
    if item in statements:
        if value is None:
            if text in section.others:
                return None, text
            others = " or ".join(f"'{other}'" for other in section.others)
            raise InputError(source, f"give a step of the scale or {others}")
        low, high = section.scale.min, section.scale.max
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not (math.isfinite(number) and number.is_integer() and low <= number <= high):
            raise InputError(source, f"must be a whole number from {low} to {high}")
        return number, None
    if item in chips:
        if value not in (0, 1, 0.0, 1.0, True, False) or text is not None:
            raise InputError(source, "a chip is chosen (1) or not (0)")
        return float(value), None
    if item == OPEN_ITEM and getattr(section, "open", None) is not None:
        from .store import clean_text

        if value is not None:
            raise InputError(source, "is text, not a number")
        if text is None:  # written, then emptied again: taken back, kept as no answer
            return None, None
        try:
            return None, clean_text(text, source, limit=MAX_OPEN)
        except InputError as exc:
            raise InputError(
                source, exc.problem, reason="too_long" if "longer" in exc.problem else None
            ) from None
    raise InputError(source, "is not a question of this questionnaire")


def save_answer(store, participant, frame, item: str, value=None, text: str | None = None) -> None:
    """Check an answer of a parent (or child) and save it at once; nothing is stored when it
    is refused."""
    value, text = check_answer(frame, item, value, text, participant.audience)
    store.save_answer(participant, EXERCISE[participant.audience], item, value, text)


def expectation(frame, item: str) -> tuple[str, str, bool]:
    """Where the team's expectation of parents' answer to statement ``item`` is kept:
    ``(exercise, item, reused)``. ``reused`` is true when it is the team's "how present"
    rating of a statement from the parent's side (the same question, not asked twice)."""
    section = questionnaire(frame)
    mirrors = next(i.mirrors for i in section.items if i.id == item)
    exercise, _, mirrored = mirrors.partition(".")
    if exercise == "perspectives" and frame.perspectives is not None:
        for group in frame.perspectives.groups:
            if group.actor.value == "parent" and mirrored in {s.id for s in group.statements}:
                return "perspectives", f"{mirrored}.present", True
    return "perspectives", f"expect.{item}", False


def expected_items(frame) -> list[str]:
    """The parents' statements the team is asked what it expects in step 1 (those whose
    expectation is not :func:`expectation`'s reused rating), in their order; empty for a
    frame without a parents' questionnaire or without perspectives."""
    if frame.parents is None or frame.perspectives is None:
        return []
    return [i.id for i in frame.parents.items if not expectation(frame, i.id)[2]]


def question(frame, item: str, language: str = "nl", audience: str = "parent") -> str:
    """What a parent (or child) was asked for ``item``, in words, for a table a person reads
    (an export): a statement's text, "what makes it hard?" with a chip's text, or the open
    question; in ``language`` (Dutch and English from the frame, others from their language
    file, English where it lacks a text); ``""`` for an item the questionnaire does not know.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> question(frame, "welcome", "en")
    'I feel welcome at the school.'
    >>> question(frame, "barriers.costs", "nl")  # doctest: +ELLIPSIS
    'Wat maakt het moeilijk ... Kies zoveel u wilt. — Activiteiten kosten te veel geld.'
    >>> question(frame, "open", "en")
    'Is there anything else you want to tell the school? You may leave this empty.'
    >>> question(frame, "like_school", "en", audience="child")
    'I like being at school.'
    >>> question(frame, "mood", "en")
    ''
    """
    from .languages import questionnaire_text

    section = getattr(frame, EXERCISE.get(audience, ""), None)
    if section is None or not isinstance(item, str):
        return ""
    name = EXERCISE[audience]
    if item in {i.id for i in section.items}:
        return questionnaire_text(frame, f"{name}.items.{item}", language)
    chips = {barrier_item(b.barrier): b.barrier for b in section.barriers}
    if item in chips:
        hard = questionnaire_text(frame, f"{name}.hard", language)
        return f"{hard} — {questionnaire_text(frame, f'{name}.barriers.{chips[item]}', language)}"
    if item == OPEN_ITEM and getattr(section, "open", None) is not None:
        return questionnaire_text(frame, f"{name}.open", language)
    return ""


def check_person(frame, answers, audience: str = "parent") -> list[tuple[float | None, str | None]]:
    """Every answer of one parent (or child), as an import holds them, checked: each under
    the exercise :data:`EXERCISE` of the audience, each item once, each answer as
    :func:`check_answer` takes it, and texts exactly as stored (no spaces around).
    ``answers`` holds mappings with ``exercise``, ``item``, ``value`` and ``text``; what is
    stored is returned, in order.

    An error's source is the answer's place and part, e.g. ``3.value`` (to go after
    ``participants.0.answers.``), as :func:`betrokkenheid.answers.check_person` gives it.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> check_person(frame, [{"exercise": "parents", "item": "welcome", "value": 4.0,
    ...                       "text": None}])
    [(4.0, None)]
    >>> check_person(frame, [{"exercise": "triangle", "item": "welcome", "value": 4.0,
    ...                       "text": None}])
    Traceback (most recent call last):
    ...
    betrokkenheid.errors.InputError: 0.exercise: a parent answers 'parents', not 'triangle'
    """
    expected = EXERCISE.get(audience)
    stored, seen = [], set()
    for i, answer in enumerate(answers):
        exercise, item = answer["exercise"], answer["item"]
        value, text = answer["value"], answer["text"]
        if exercise != expected:
            shown = str(exercise)[:40]
            raise InputError(f"{i}.exercise", f"a {audience} answers '{expected}', not '{shown}'")
        try:
            section = questionnaire(frame, audience)
        except InputError as exc:
            raise InputError(f"{i}.exercise", exc.problem) from None
        known = {q.id for q in section.items} | {barrier_item(b.barrier) for b in section.barriers}
        if getattr(section, "open", None) is not None:  # the children's has no open question
            known.add(OPEN_ITEM)
        if item not in known:
            problem = f"'{str(item)[:60]}' is not a question of the questionnaire"
            raise InputError(f"{i}.item", problem)
        if value is not None and text is not None:
            raise InputError(f"{i}.text", "an answer holds a number or a text, not both")
        part = "value" if text is None else "text"
        try:
            checked = check_answer(frame, item, value, text, audience)
        except InputError as exc:
            raise InputError(f"{i}.{part}", exc.problem) from None
        if checked[1] is not None and checked[1] != text:
            raise InputError(f"{i}.text", "has spaces at the start or end")
        if item in seen:
            raise InputError(f"{i}.item", f"repeats item '{str(item)[:60]}'")
        seen.add(item)
        stored.append(checked)
    return stored
