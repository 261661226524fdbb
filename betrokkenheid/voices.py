"""What parents say (*de stem van ouders*) beside the team's view and what the team expected.

Per statement of a frame's parents' questionnaire (:mod:`betrokkenheid.questionnaire`):

- **the team's view**: the team's mean of the team item the statement mirrors (for a
  statement of the perspectives its "how present" rating), on that item's own scale, and put
  on the parents' scale (:func:`rescale`: a straight line from end to end, so the lowest step
  stays the lowest and the highest the highest; a climate level 2 of 4 is 2.33 of 5);
- **what the team expected** parents to say: the team's mean of ``expect.ITEM`` (asked in
  step 1 on the parents' scale), or, for a statement mirroring a statement from the parent's
  side, the team's "how present" rating of it (the same question, asked once), put on the
  parents' scale;
- **what parents said**: the mean over the parents who rated it, how many did, and how many
  said "don't know" or "rather not say";
- **the surprise**: what parents said minus what the team expected.

The biggest surprises (either way) come first: they are conversation starters, not a verdict.

Privacy. A result of the team needs :data:`~betrokkenheid.privacy.MIN_GROUP` staff; a result
of parents :data:`~betrokkenheid.privacy.MIN_FAMILY` parents: a statement's mean needs that
many parents who rated it, its counts of "don't know" and "rather not say" that many who
answered it. The chips ("what makes it hard?") and the open answers show only once that many
parents answered in all (a chip's count may then be small: it is a count among them, as the
staff's barriers per parent group). How many parents answered in each language is a count of
people, never a result (:func:`who_answered`); a result split by language
(:func:`by_language`) follows the complementary rule.

Everything here takes plain data (answers as the store gives them: objects with
``participant_id``, ``exercise``, ``item``, ``value`` and ``text``) and gives plain data back;
no pandas, no database.

Examples
--------
>>> from betrokkenheid import Answer, load_frame
>>> frame = load_frame("betrokkenheidsboom")
>>> team = [Answer(p, "teacher", "triangle", "parent_school.trust_respect", v, None)
...         for p, v in enumerate([4.0, 4.0, 5.0])]
>>> team += [Answer(p, "teacher", "perspectives", "expect.respected", 3.0, None)
...          for p in range(3)]
>>> parents = [Answer(10 + p, "parent", "parents", "respected", v, None)
...            for p, v in enumerate([5.0, 4.0, 5.0, 4.0, 5.0])]
>>> found = parents_voice(frame, team, parents, "en")
>>> found.shown, found.people
(True, 5)
>>> first = found.statements[0]
>>> first.item, round(first.team, 2), first.expected, first.parents, round(first.surprise, 2)
('respected', 4.33, 3.0, 4.6, 1.6)
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean

from .privacy import MIN_FAMILY, MIN_GROUP, enough, hidden_parts

__all__ = [
    "ParentsVoice",
    "Voice",
    "barrier_chips",
    "by_language",
    "describe",
    "draw",
    "open_answers",
    "parents_voice",
    "rescale",
    "scale_words",
    "statement_voices",
    "table",
    "who_answered",
]


@dataclass(frozen=True)
class Voice:
    """One statement of the parents' questionnaire: the team's view, what it expected, what
    parents said. A mean is ``None`` when too few people gave it (see the module).

    Attributes
    ----------
    item, text, mirrors : str
        The statement's id, its text (in the language asked for) and the team item it
        mirrors (``exercise.item``).
    team_n : int
        Staff who rated the mirrored item.
    team_own : float or None
        Their mean on the item's own scale, from ``team_low`` to ``team_high``.
    team : float or None
        That mean on the parents' scale (:func:`rescale`).
    expected_n : int
        Staff who said what they expect (or rated the reused "how present").
    expected : float or None
        Their mean, on the parents' scale.
    reused : bool
        The expectation is the team's "how present" rating of a statement from the parent's
        side, not a question of its own.
    answered : int
        Parents who answered the statement (a step of the scale, "don't know" or "rather not
        say").
    parents_n : int
        Parents who gave a step of the scale.
    parents : float or None
        Their mean (from :data:`MIN_FAMILY` parents on).
    dont_know, rather_not : int or None
        How many said "don't know", "rather not say" (from :data:`MIN_FAMILY` parents who
        answered on).
    surprise : float or None
        ``parents - expected``, when both are shown.
    """

    item: str
    text: str
    mirrors: str
    team_n: int
    team_own: float | None
    team_low: int
    team_high: int
    team: float | None
    expected_n: int
    expected: float | None
    reused: bool
    answered: int
    parents_n: int
    parents: float | None
    dont_know: int | None
    rather_not: int | None
    surprise: float | None


@dataclass(frozen=True)
class ParentsVoice:
    """What parents said in one session, beside the team (:func:`parents_voice`).

    ``people``: parents who answered anything; ``shown``: at least :data:`MIN_FAMILY` of
    them (else ``statements`` hold no parents' numbers and ``chips`` and ``open`` are empty);
    ``needed``: how many more parents it takes. ``low``, ``high`` and ``labels``: the
    parents' scale. ``chips``: (barrier, text, count) for every chip, most chosen first;
    ``chip_people``: parents who chose at least one (``None`` when not shown).
    """

    people: int
    shown: bool
    needed: int
    low: int
    high: int
    labels: tuple[str, ...]
    statements: tuple[Voice, ...]
    chips: tuple[tuple[str, str, int], ...]
    chip_people: int | None
    open: tuple[str, ...]


def rescale(value: float | None, low: float, high: float, to_low: float, to_high: float):
    """``value`` on a scale from ``low`` to ``high`` put on one from ``to_low`` to
    ``to_high``: a straight line through both ends (``None`` stays ``None``).

    Examples
    --------
    >>> rescale(2, 1, 4, 1, 5), rescale(4, 1, 4, 1, 5), rescale(3.0, 1, 5, 1, 5)
    (2.333333333333333, 5.0, 3.0)
    >>> rescale(None, 1, 4, 1, 5) is None
    True
    """
    if value is None:
        return None
    return to_low + (value - low) * (to_high - to_low) / (high - low)


def _mean(values: list[float], minimum: int) -> float | None:
    return fmean(values) if values and enough(len(values), minimum) else None


def _team_values(team: Iterable) -> dict[tuple[str, str], dict[int, float]]:
    found: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for answer in team:
        if answer.value is not None:
            found[answer.exercise, answer.item][answer.participant_id] = answer.value
    return found


def _mirrored(frame, mirrors: str) -> tuple[str, str, int, int]:
    """The stored (exercise, item) of a mirrored team item and its scale's ends."""
    from .model import team_items

    low, high = team_items(frame)[mirrors]
    exercise, _, item = mirrors.partition(".")
    if exercise == "perspectives":
        item = f"{item}.present"
    return exercise, item, low, high


def statement_voices(
    frame,
    team: Iterable,
    parents: Iterable,
    language: str = "nl",
    min_group: int = MIN_GROUP,
    min_family: int = MIN_FAMILY,
) -> list[Voice]:
    """A :class:`Voice` per statement of ``frame``'s parents' questionnaire, the biggest
    surprise first (either way; ties and statements without a surprise in the frame's order).

    Parameters
    ----------
    frame : Frame
        With a ``parents`` section (an :class:`~betrokkenheid.errors.InputError` without).
    team : iterable of answers
        The team's answers of the session (all exercises, or at least those mirrored and the
        perspectives).
    parents : iterable of answers
        The parents' answers (exercise ``parents``).
    language : {"nl", "en"}
        Of the statements' texts.
    min_group, min_family : int
        The thresholds of the team and of parents (never below the privacy module's).

    Examples
    --------
    Four parents rated "I feel welcome": too few for a mean, and no counts either.

    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> parents = [Answer(p, "parent", "parents", "welcome", 4.0, None) for p in range(4)]
    >>> welcome = next(v for v in statement_voices(frame, [], parents) if v.item == "welcome")
    >>> welcome.answered, welcome.parents, welcome.dont_know, welcome.reused
    (4, None, None, True)
    """
    from .questionnaire import DONT_KNOW, RATHER_NOT, expectation, questionnaire

    section = questionnaire(frame)
    scale = section.scale
    given = _team_values(team)
    rated: dict[str, dict[int, float]] = defaultdict(dict)
    said: dict[str, dict[int, str]] = defaultdict(dict)
    for answer in parents:
        if answer.value is not None:
            rated[answer.item][answer.participant_id] = answer.value
        elif answer.text in (DONT_KNOW, RATHER_NOT):
            said[answer.item][answer.participant_id] = answer.text
    found = []
    for order, statement in enumerate(section.items):
        exercise, item, low, high = _mirrored(frame, statement.mirrors)
        team_values = list(given.get((exercise, item), {}).values())
        team_own = _mean(team_values, min_group)
        where, key, reused = expectation(frame, statement.id)
        expected_values = list(given.get((where, key), {}).values())
        expected = _mean(expected_values, min_group)
        if reused:  # the "how present" rating: on the perspectives' scale
            present = frame.perspectives.present
            expected = rescale(expected, present.min, present.max, scale.min, scale.max)
        values = list(rated.get(statement.id, {}).values())
        words = Counter(said.get(statement.id, {}).values())
        answered = len(values) + sum(words.values())
        counted = enough(answered, min_family)
        mean = _mean(values, min_family)
        voice = Voice(
            item=statement.id,
            text=statement.text.get(language),
            mirrors=statement.mirrors,
            team_n=len(team_values),
            team_own=team_own,
            team_low=low,
            team_high=high,
            team=rescale(team_own, low, high, scale.min, scale.max),
            expected_n=len(expected_values),
            expected=expected,
            reused=reused,
            answered=answered,
            parents_n=len(values),
            parents=mean,
            dont_know=words[DONT_KNOW] if counted else None,
            rather_not=words[RATHER_NOT] if counted else None,
            surprise=None if mean is None or expected is None else mean - expected,
        )
        found.append((order, voice))
    found.sort(key=lambda pair: (pair[1].surprise is None, -abs(pair[1].surprise or 0), pair[0]))
    return [voice for _, voice in found]


def _people(parents: Iterable) -> set:
    return {answer.participant_id for answer in parents}


def barrier_chips(frame, parents: Iterable, language: str = "nl", min_family: int = MIN_FAMILY):
    """How many parents chose each chip of "what makes it hard for you?", most first (ties
    in the frame's order): ``((barrier, text, count), ...)`` and how many parents chose at
    least one; ``((), None)`` below ``min_family`` parents in all.

    A chip chosen and taken back (value 0) is not counted.

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> rows = [Answer(p, "parent", "parents", "welcome", 4.0, None) for p in range(5)]
    >>> rows += [Answer(0, "parent", "parents", "barriers.time", 1.0, None),
    ...          Answer(1, "parent", "parents", "barriers.time", 1.0, None),
    ...          Answer(2, "parent", "parents", "barriers.costs", 0.0, None)]
    >>> chips, people = barrier_chips(frame, rows, "en")
    >>> chips[0], people
    (('time', 'I have to work when something is on at school.', 2), 2)
    >>> barrier_chips(frame, rows[1:4])
    ((), None)
    """
    from .questionnaire import barrier_item, questionnaire

    section = questionnaire(frame)
    parents = list(parents)
    if not enough(len(_people(parents)), min_family):
        return (), None
    items = {barrier_item(chip.barrier): chip for chip in section.barriers}
    chosen: dict[str, set] = {item: set() for item in items}
    for answer in parents:
        if answer.item in items and answer.value:
            chosen[answer.item].add(answer.participant_id)
    order = list(items)
    ranked = sorted(order, key=lambda item: (-len(chosen[item]), order.index(item)))
    chips = tuple(
        (items[item].barrier, items[item].text.get(language), len(chosen[item])) for item in ranked
    )
    return chips, len(set().union(*chosen.values()))


def open_answers(parents: Iterable, min_family: int = MIN_FAMILY) -> tuple[str, ...]:
    """What parents wrote to the school (the open question), as typed: only once
    ``min_family`` parents answered in all, in alphabetical order (so that the order says
    nothing of who wrote what, or when). Whoever shows them escapes them.

    Examples
    --------
    >>> from betrokkenheid import Answer
    >>> rows = [Answer(p, "parent", "parents", "welcome", 4.0, None) for p in range(5)]
    >>> rows += [Answer(3, "parent", "parents", "open", None, "Meer uitleg <b>graag</b>")]
    >>> open_answers(rows)
    ('Meer uitleg <b>graag</b>',)
    >>> open_answers(rows[1:])
    ()
    """
    from .questionnaire import OPEN_ITEM

    parents = list(parents)
    if not enough(len(_people(parents)), min_family):
        return ()
    texts = [
        " ".join(a.text.split())
        for a in parents
        if a.item == OPEN_ITEM and a.text and a.text.strip()
    ]
    return tuple(sorted(texts, key=lambda text: (text.casefold(), text)))


def who_answered(counts: Mapping[tuple[str, str], int]) -> dict:
    """How many parents answered, per language and per channel: counts of people for the
    trainer, never results (``Store.audience_counts`` gives ``counts``).

    Returns ``{"people": n, "languages": [...], "channels": {"online": n, "paper": n}}``;
    each language a dict with ``code``, ``name`` (in itself), ``english``, ``label`` (for
    the trainer: the name in itself, with the English name beside it for a language other
    than Dutch and English), ``checked`` (a native speaker read its translation) and ``n``,
    most people first (ties by English name). A language without a file any more keeps its
    code as name, and is not checked.

    Examples
    --------
    >>> found = who_answered({("nl", "online"): 6, ("tr", "online"): 2, ("tr", "paper"): 1})
    >>> found["people"], found["channels"]
    (9, {'online': 8, 'paper': 1})
    >>> [(lang["label"], lang["n"]) for lang in found["languages"]]
    [('Nederlands', 6), ('Türkçe (Turkish)', 3)]
    """
    from .languages import languages

    known = languages()
    per_language: Counter = Counter()
    channels = {"online": 0, "paper": 0}
    for (code, channel), n in counts.items():
        per_language[code] += n
        channels[channel] = channels.get(channel, 0) + n
    rows = []
    for code, n in per_language.items():
        lang = known.get(code)
        name, english = (lang.name, lang.english) if lang else (code, code)
        own = code in ("nl", "en") or name == english
        rows.append(
            {
                "code": code,
                "name": name,
                "english": english,
                "label": name if own else f"{name} ({english})",
                "checked": bool(lang and lang.checked),
                "n": n,
            }
        )
    rows.sort(key=lambda row: (-row["n"], row["english"]))
    return {"people": sum(per_language.values()), "languages": rows, "channels": channels}


def by_language(
    frame, parents: Iterable, languages: Mapping, min_family: int = MIN_FAMILY
) -> dict[str, dict[str, float | None]]:
    """What parents said per statement, split by the language they answered in: statement →
    language → mean (``None`` where hidden).

    Per statement a language's mean needs ``min_family`` parents who rated it, and the
    complementary rule (:func:`~betrokkenheid.privacy.hidden_parts`) holds: the hidden
    languages together are none or at least ``min_family`` parents, so no hidden language can
    be worked out from the whole (:func:`statement_voices`) minus the languages shown. A
    statement whose whole is hidden has every language hidden.

    Parameters
    ----------
    frame : Frame
    parents : iterable of answers
    languages : mapping
        Each parent's language, by ``participant_id``.
    min_family : int

    Examples
    --------
    Six Dutch and four Turkish parents: the Turkish mean is hidden, and so is the Dutch one
    (else the whole minus the Dutch would tell the four).

    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> rows = [Answer(p, "parent", "parents", "welcome", 4.0 + p % 2, None) for p in range(10)]
    >>> spoken = {p: "nl" if p < 6 else "tr" for p in range(10)}
    >>> by_language(frame, rows, spoken)["welcome"]
    {'nl': None, 'tr': None}

    With one Turkish parent fewer and two Arabic ones the hidden languages hold five parents
    together: the Dutch mean may be shown.

    >>> spoken.update({9: "ar", 10: "ar"})
    >>> rows.append(Answer(10, "parent", "parents", "welcome", 3.0, None))
    >>> by_language(frame, rows, spoken)["welcome"]
    {'ar': None, 'nl': 4.5, 'tr': None}
    """
    from .questionnaire import questionnaire

    section = questionnaire(frame)
    ids = {item.id for item in section.items}
    rated: dict[str, dict[str, dict[int, float]]] = {i: defaultdict(dict) for i in ids}
    for answer in parents:
        if answer.item in ids and answer.value is not None:
            lang = languages.get(answer.participant_id, "")
            rated[answer.item][lang][answer.participant_id] = answer.value
    found = {}
    for item in section.items:
        groups = rated[item.id]
        sizes = {lang: len(who) for lang, who in groups.items()}
        if enough(sum(sizes.values()), min_family):
            hidden = hidden_parts(sizes, min_family)
        else:
            hidden = set(sizes)
        found[item.id] = {
            lang: None if lang in hidden else fmean(groups[lang].values())
            for lang in sorted(groups)
        }
    return found


def parents_voice(
    frame,
    team: Iterable,
    parents: Iterable,
    language: str = "nl",
    min_group: int = MIN_GROUP,
    min_family: int = MIN_FAMILY,
) -> ParentsVoice:
    """Everything parents said in a session, beside the team: the statements
    (:func:`statement_voices`), the chips (:func:`barrier_chips`) and the open answers
    (:func:`open_answers`), under the thresholds.

    Parameters
    ----------
    frame : Frame
        With a ``parents`` section.
    team, parents : iterable of answers
        The session's answers of the team and of the parents.
    language : {"nl", "en"}
    min_group, min_family : int

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> rows = [Answer(p, "parent", "parents", "welcome", 4.0, None) for p in range(4)]
    >>> found = parents_voice(frame, [], rows)
    >>> found.shown, found.needed, found.chips, found.open
    (False, 1, (), ())
    >>> [v.parents for v in found.statements if v.parents is not None]
    []
    """
    from .questionnaire import questionnaire

    section = questionnaire(frame)
    team, parents = list(team), list(parents)
    people = len(_people(parents))
    shown = enough(people, min_family)
    statements = statement_voices(frame, team, parents, language, min_group, min_family)
    chips, chip_people = barrier_chips(frame, parents, language, min_family)
    return ParentsVoice(
        people=people,
        shown=shown,
        needed=max(0, min_family - people),
        low=section.scale.min,
        high=section.scale.max,
        labels=tuple(label.get(language) for label in section.scale.labels),
        statements=tuple(statements) if shown else tuple(_without_parents(statements)),
        chips=chips,
        chip_people=chip_people,
        open=open_answers(parents, min_family),
    )


def _without_parents(statements):
    """The statements with nothing of parents in them (below the threshold in all)."""
    from dataclasses import replace

    for voice in statements:
        yield replace(voice, parents=None, dont_know=None, rather_not=None, surprise=None)


def scale_words(found: ParentsVoice, language: str = "nl", key: str = "voices_legend") -> str:
    """The sentence that says the parents' scale, its ends and their words (text ``key``:
    the legend of the table, or the lead of the picture's text alternative)."""
    from .texts import tr

    first, last = found.labels[0], found.labels[-1]
    return tr(key, language, low=found.low, high=found.high, first=first, last=last)


def describe(found: ParentsVoice, language: str = "nl") -> str:
    """The comparison picture in words (its text alternative): per statement what the team
    sees, what it expected and what parents said, with the scale, the biggest surprise first.

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> team = [Answer(p, "teacher", "perspectives", "expect.respected", 3.0, None)
    ...         for p in range(3)]
    >>> parents = [Answer(p, "parent", "parents", "respected", 5.0, None) for p in range(5)]
    >>> print(describe(parents_voice(frame, team, parents, "en"), "en"))
    ... # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    For each parents' statement, on a scale of 1 (No) to 5 (Yes): the team's view, what the
    team expected and what parents said. The biggest surprise first. The people at the school
    treat me with respect: team too few answers yet, expected 3.0, parents 5.0; ...
    """
    from .exercises._unit import short, summary
    from .texts import number, tr

    lead = scale_words(found, language, "voices_alt_lead")
    if not found.shown:
        return f"{lead} {tr('voices_alt_waiting', language, n=found.needed)}"
    missing = tr("alt_too_few", language)
    parts = []
    for voice in found.statements:
        values = ", ".join(
            f"{tr(f'voices_alt_{name}', language)} "
            f"{missing if value is None else number(value, language)}"
            for name, value in (
                ("team", voice.team),
                ("expected", voice.expected),
                ("parents", voice.parents),
            )
        )
        parts.append(f"{short(voice.text)}: {values}")
    return summary(f"{lead} {tr('voices_alt_first', language)}", parts, language)


def _label(voice: Voice) -> str:
    return f"{voice.text} *" if voice.reused else voice.text


def draw(found: ParentsVoice, language: str, axes) -> dict:
    """Draw the comparison (:func:`~betrokkenheid.plots.draw_voices`) on an Axes that
    ``axes(layout)`` gives, with the parents' scale in words; returns what it drew: item →
    ``{"team", "expected", "parents"}``. A statement whose expectation is the reused "how
    present" rating is marked with ``*``."""
    from .plots import draw_voices, voices_layout
    from .texts import tr

    rows = [
        {"label": _label(v), "team": v.team, "expected": v.expected, "parents": v.parents}
        for v in found.statements
    ]
    draw_voices(
        rows,
        low=found.low,
        high=found.high,
        language=language,
        team_label=tr("voices_team_mark", language),
        expected_label=tr("voices_expected_mark", language),
        parents_label=tr("voices_parents_mark", language),
        surprise_label=tr("voices_col_surprise", language).lower(),
        scale_labels=found.labels,
        ax=axes(voices_layout(rows, scale_labels=found.labels)),
    )
    return {
        v.item: {"team": v.team, "expected": v.expected, "parents": v.parents}
        for v in found.statements
    }


def table(found: ParentsVoice, language: str = "nl") -> list[dict]:
    """The comparison as rows of words for a table, in the order of the picture: ``label``
    (``*`` when the expectation is the reused rating), ``team`` (on the parents' scale) and
    ``team_own`` (on its own scale, when that differs), ``expected``, ``parents``, ``counts``
    (how many parents gave a step, said "don't know", "rather not": three short texts, or
    none while hidden) and ``surprise``; "too few answers" where a number is hidden.

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> team = [Answer(p, "teacher", "climate", "information_expectations", 2.0, None)
    ...         for p in range(3)]
    >>> parents = [Answer(p, "parent", "parents", "understand_messages", 4.0, None)
    ...            for p in range(5)]
    >>> parents.append(Answer(5, "parent", "parents", "understand_messages", None, "dont_know"))
    >>> row = next(r for r in table(parents_voice(frame, team, parents, "en"), "en")
    ...            if r["item"] == "understand_messages")
    >>> row["team"], row["team_own"], row["parents"], row["counts"]
    ('2.3', '2.0 on 1–4', '4.0', ('5 parents', "don't know: 1", 'rather not: 0'))
    """
    from .texts import number, tr

    too_few = tr("voices_too_few", language)

    def shown(value, sign=False):
        return too_few if value is None else number(value, language, sign=sign)

    rows = []
    for v in found.statements:
        own = ""
        if v.team_own is not None and (v.team_low, v.team_high) != (found.low, found.high):
            own = tr(
                "voices_own_scale",
                language,
                value=number(v.team_own, language),
                low=v.team_low,
                high=v.team_high,
            )
        counts = ()
        if found.shown and v.dont_know is not None:
            counts = (
                tr("voices_answers", language, n=v.parents_n),
                tr("voices_dont_know", language, n=v.dont_know),
                tr("voices_rather_not", language, n=v.rather_not),
            )
        rows.append(
            {
                "item": v.item,
                "label": _label(v),
                "reused": v.reused,
                "team": shown(v.team),
                "team_own": own,
                "expected": shown(v.expected),
                "parents": shown(v.parents if found.shown else None),
                "counts": counts,
                "surprise": "–" if v.surprise is None else number(v.surprise, language, sign=True),
            }
        )
    return rows
