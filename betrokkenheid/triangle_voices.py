"""The three voices of the triangle side by side (*drie stemmen*): the team, parents, children.

For each side of the partnership triangle (a relation: ``parent_school``, ``child_school``,
``parent_child``) how the team, the parents and the children see it; and for each team item
that a statement of parents or of children mirrors (a *mirrored item*), the three voices on
that item.

One footing for all. The voices answer on scales of their own (the team 1–5 in the triangle,
parents 1–5, children three faces 1–3, a climate level 1–4). Each answer is put on one common
footing: its **position** on its own scale, from 0 % (the lowest step) to 100 % (the
highest), a straight line between (:func:`position`). So a child's "a bit" (2 of 1–3) is
50 %, a team's 4 of 1–5 is 75 %. A position says where on its own scale a voice stands, not
that two scales mean the same: every legend says so.

- **The team, per side:** the mean over staff of each person's mean of their triangle
  ratings on that side (as the triangle exercise's :func:`team_triangle`), from
  :data:`~betrokkenheid.privacy.MIN_GROUP` staff on. **Per mirrored item:** the mean over the
  staff who rated it (a statement of the perspectives: its "how present" rating).
- **Parents and children, per side:** a statement is on a side when
  :meth:`~betrokkenheid.model.Frame.questionnaire_side` says so. Each statement's mean
  position over the people who rated it counts once that is at least
  :data:`~betrokkenheid.privacy.MIN_FAMILY` people; the side's position is the mean of those
  statements' means, and its ``n`` the people who rated at least one statement on the side.
  **Per mirrored item:** the same over the statements that mirror it (mostly one).
  "Don't know" and "rather not say" are no position.

Privacy. Parents and children both need :data:`~betrokkenheid.privacy.MIN_FAMILY`: a
statement of fewer raters adds nothing to any number, a side or item with no such statement
shows none. Why the mean of statement means, and not of each person's mean: the parents'
view shows each statement's mean (:mod:`betrokkenheid.voices`), and from those means and a
mean of person means over a few more people one can work out what those few said (two
parents who skipped one statement, one child who rated only one). A mean of means shown
anyway adds no group of its own: nothing hidden can be worked out by subtraction (the
complementary rule, :mod:`betrokkenheid.privacy`). With everyone answering every statement
the two means are the same. Counts of people (``n``) are always given; a hidden voice has no
position in the data, so no table, text or picture made from it can show one.

Everything here takes plain data (answers as the store gives them: objects with
``participant_id``, ``exercise``, ``item``, ``value`` and ``text``) and gives plain data back;
no pandas, no database (:func:`three_voices_table` makes a DataFrame for researchers).

Examples
--------
>>> from betrokkenheid import Answer, load_frame
>>> frame = load_frame("betrokkenheidsboom")
>>> team = [Answer(p, "teacher", "triangle", "child_school.communication", v, None)
...         for p, v in enumerate([4.0, 4.0, 5.0])]
>>> children = [Answer(10 + c, "child", "children", "teacher_listens", v, None)
...             for c, v in enumerate([3.0, 3.0, 2.0, 2.0, 1.0])]
>>> found = three_voices(frame, team, [], children)
>>> side = found.side("child_school")
>>> round(side.team.value, 1), side.children.value, side.children.n, side.parents.asked
(83.3, 60.0, 5, False)
>>> item = found.item("triangle.child_school.communication")
>>> round(item.team.value, 1), item.children.value
(83.3, 60.0)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from statistics import fmean

from .privacy import MIN_FAMILY, MIN_GROUP, enough

__all__ = [
    "VOICES",
    "ItemVoices",
    "Position",
    "SideVoices",
    "ThreeVoices",
    "describe",
    "describe_items",
    "draw",
    "draw_items",
    "legend",
    "percent",
    "position",
    "rows",
    "table",
    "three_voices",
    "three_voices_table",
]

#: The three voices, in the order of every table, legend and picture.
VOICES = ("team", "parents", "children")
_AUDIENCE = {"parents": "parent", "children": "child"}


@dataclass(frozen=True)
class Position:
    """Where one voice (*stem*) stands on something: its position on its own scale, from 0
    (the lowest step) to 100 (the highest).

    Attributes
    ----------
    n : int
        The people it counts: who gave a rating on it (always given: a count says nothing
        of what they said).
    value : float or None
        The position in per cent; ``None`` when too few people gave it (or none were asked).
    asked : bool
        Whether this voice was asked anything on it at all (parents have no statement on the
        side between child and school, say).
    """

    n: int = 0
    value: float | None = None
    asked: bool = True

    @property
    def shown(self) -> bool:
        """Whether there is a position to show."""
        return self.value is not None

    @property
    def state(self) -> str:
        """``"shown"``, ``"too_few"`` (asked, not enough answers yet) or ``"not_asked"``."""
        if not self.asked:
            return "not_asked"
        return "shown" if self.shown else "too_few"


@dataclass(frozen=True)
class SideVoices:
    """One side of the triangle (*kant van de driehoek*: a relation) and the three voices on
    it. ``label`` is the relation's :class:`~betrokkenheid.model.Text`; ``between`` its two
    actors (``parent``, ``professional``, ``child``)."""

    relation: str
    label: object
    between: tuple[str, str]
    team: Position
    parents: Position
    children: Position

    def voice(self, name: str) -> Position:
        """The position of ``name`` (one of :data:`VOICES`)."""
        return getattr(self, name)


@dataclass(frozen=True)
class ItemVoices:
    """A team item that statements of parents or children mirror (``exercise.item``), and the
    three voices on it. ``label`` is the team item's words (a
    :class:`~betrokkenheid.model.Text`), ``side`` the relation its statements speak of (or
    ``None``), ``statements`` the mirroring statements as ``(voice, Text)``."""

    item: str
    label: object
    side: str | None
    statements: tuple[tuple[str, object], ...]
    team: Position
    parents: Position
    children: Position

    def voice(self, name: str) -> Position:
        """The position of ``name`` (one of :data:`VOICES`)."""
        return getattr(self, name)


@dataclass(frozen=True)
class ThreeVoices:
    """The three voices of one session (:func:`three_voices`).

    ``sides``: one :class:`SideVoices` per relation, in the frame's order; ``items``: one
    :class:`ItemVoices` per mirrored team item, by side in the same order (items on no side
    last); ``people``: how many people of each voice answered anything (``{"team": n,
    "parents": n, "children": n}``); ``asked``: which voices the frame asks at all;
    ``actors``: the corners' names (:class:`~betrokkenheid.model.Text` by actor);
    ``scales``: each voice's scale (the frame's :class:`~betrokkenheid.model.Scale`: the
    team's of the triangle), ``None`` for a voice not asked.
    """

    sides: tuple[SideVoices, ...]
    items: tuple[ItemVoices, ...]
    people: dict
    asked: dict
    actors: dict
    scales: dict

    def side(self, relation: str) -> SideVoices:
        """The side with this relation id."""
        return next(s for s in self.sides if s.relation == relation)

    def item(self, item: str) -> ItemVoices:
        """The mirrored item ``exercise.item``."""
        return next(i for i in self.items if i.item == item)

    @property
    def any_shown(self) -> bool:
        """Whether any voice of parents or children shows a position (on a side or item)."""
        return any(
            getattr(part, name).shown
            for part in (*self.sides, *self.items)
            for name in ("parents", "children")
        )


def position(value: float | None, low: float, high: float) -> float | None:
    """``value`` on a scale from ``low`` to ``high`` as a position from 0 (lowest step) to 100
    (highest); ``None`` stays ``None``.

    Examples
    --------
    >>> [position(v, 1, 3) for v in (1, 2, 3)]
    [0.0, 50.0, 100.0]
    >>> [position(v, 1, 5) for v in (1, 2, 3, 4, 5)]
    [0.0, 25.0, 50.0, 75.0, 100.0]
    >>> position(None, 1, 4) is None
    True
    """
    from .voices import rescale

    return rescale(value, low, high, 0.0, 100.0)


def percent(value: float | None, language: str = "nl") -> str:
    """A position as people read it: a whole per cent ("62%"); "–" for none.

    Examples
    --------
    >>> percent(62.5, "nl"), percent(100.0, "en"), percent(None)
    ('62%', '100%', '–')
    """
    from .texts import number

    return "–" if value is None else f"{number(round(value), language, 0)}%"


def _mean(values, minimum: int) -> float | None:
    values = list(values)
    return fmean(values) if values and enough(len(values), minimum) else None


def _statements(frame, name: str, answers: Iterable, min_family: int) -> dict:
    """Per statement of the questionnaire ``name``: who rated it and their mean position
    (``None`` below ``min_family``)."""
    section = getattr(frame, name)
    if section is None:
        return {}
    low, high = section.scale.min, section.scale.max
    ids = {statement.id for statement in section.items}
    rated: dict[str, dict[int, float]] = defaultdict(dict)
    for answer in answers:
        if answer.item in ids and answer.value is not None:
            rated[answer.item][answer.participant_id] = position(answer.value, low, high)
    return {
        statement.id: (set(rated[statement.id]), _mean(rated[statement.id].values(), min_family))
        for statement in section.items
    }


def _pooled(ids: list[str], found: dict, asked: bool) -> Position:
    """The position of a voice over some of its statements: the mean of their shown means."""
    if not asked or not ids:
        return Position(asked=False)
    people = set().union(*(found[i][0] for i in ids))
    means = [found[i][1] for i in ids if found[i][1] is not None]
    return Position(n=len(people), value=fmean(means) if means else None)


def _item_label(frame, mirrors: str):
    """The words of a team item ``exercise.item``, as a Text."""
    from .model import Text

    exercise, _, item = mirrors.partition(".")
    if exercise == "perspectives":
        for group in frame.perspectives.groups:
            for statement in group.statements:
                if statement.id == item:
                    return statement.label
    if exercise == "climate":
        return next(c.label for c in frame.climate.components if c.id == item)
    relation_id, _, quality_id = item.partition(".")
    relation = next(r.label for r in frame.triangle.relations if r.id == relation_id)
    rated = frame.triangle.qualities_of(relation_id)
    quality = next(q.label for q in rated if q.id == quality_id)

    def joined(language):
        words = quality.get(language)
        return f"{relation.get(language)}: {words[:1].lower()}{words[1:]}"

    return Text(nl=joined("nl"), en=joined("en"))


def three_voices(
    frame,
    team: Iterable,
    parents: Iterable = (),
    children: Iterable = (),
    min_group: int = MIN_GROUP,
    min_family: int = MIN_FAMILY,
) -> ThreeVoices:
    """How the team, the parents and the children see each side of the triangle, and each
    team item their statements mirror: positions from 0 to 100 % of each voice's own scale
    (see the module for how they are worked out, and for privacy).

    Parameters
    ----------
    frame : Frame
        With a triangle section (an :class:`~betrokkenheid.errors.InputError` without); its
        parents' and children's questionnaires when it has them.
    team : iterable of answers
        The team's answers of the session (all exercises, or at least the triangle and the
        mirrored ones).
    parents, children : iterable of answers
        The parents' answers (exercise ``parents``) and the children's (``children``).
    min_group : int
        The team's threshold (never below :data:`~betrokkenheid.privacy.MIN_GROUP`).
    min_family : int
        Parents' and children's threshold (never below the privacy module's minimum).

    Returns
    -------
    ThreeVoices

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> kids = [Answer(c, "child", "children", "teacher_listens", 3.0, None) for c in range(5)]

    Four children rated "my teacher listens to me": no position of theirs yet; a fifth, and
    there is.

    >>> three_voices(frame, [], [], kids[:4]).side("child_school").children
    Position(n=4, value=None, asked=True)
    >>> three_voices(frame, [], [], kids).side("child_school").children
    Position(n=5, value=100.0, asked=True)
    """
    from .errors import InputError
    from .exercises.triangle import relation_scores
    from .model import team_items
    from .privacy import threshold
    from .voices import _mirrored, _team_values

    if frame.triangle is None:
        raise InputError("frame", f"frame '{frame.id}' has no triangle: no sides to compare")
    min_group = threshold(min_group)
    min_family = threshold(min_family, "min_family")
    team, parents, children = list(team), list(parents), list(children)
    given = {"parents": parents, "children": children}
    asked = {"team": True, **{n: getattr(frame, n) is not None for n in ("parents", "children")}}
    statements = {n: _statements(frame, n, given[n], min_family) for n in ("parents", "children")}

    # the team per side: each person's mean on the side, then the mean over persons
    low, high = frame.scale.min, frame.scale.max
    per_person = relation_scores([a for a in team if a.exercise == "triangle"], frame.triangle)
    sides = []
    for relation in frame.triangle.relations:
        values = [
            position(s[relation.id], low, high) for s in per_person.values() if relation.id in s
        ]
        on_side = {
            name: [
                item.id
                for item in getattr(frame, name).items
                if frame.questionnaire_side(item) == relation.id
            ]
            if asked[name]
            else []
            for name in ("parents", "children")
        }
        sides.append(
            SideVoices(
                relation=relation.id,
                label=relation.label,
                between=tuple(actor.value for actor in relation.between),
                team=Position(n=len(values), value=_mean(values, min_group)),
                parents=_pooled(on_side["parents"], statements["parents"], asked["parents"]),
                children=_pooled(on_side["children"], statements["children"], asked["children"]),
            )
        )

    # the mirrored items: the team's mean of its own item beside the statements that mirror it
    known = team_items(frame)
    mirrored: dict[str, dict] = {}
    for name in ("parents", "children"):
        if not asked[name]:
            continue
        for statement in getattr(frame, name).items:
            if statement.mirrors is None or statement.mirrors not in known:
                continue
            entry = mirrored.setdefault(
                statement.mirrors,
                {"side": frame.questionnaire_side(statement), "parents": [], "children": []},
            )
            entry[name].append(statement)
    team_given = _team_values(team)
    order = [r.id for r in frame.triangle.relations]
    items = []
    for mirrors, entry in mirrored.items():
        exercise, key, item_low, item_high = _mirrored(frame, mirrors)
        values = [
            position(v, item_low, item_high) for v in team_given.get((exercise, key), {}).values()
        ]
        voices = {
            name: _pooled([s.id for s in entry[name]], statements[name], bool(entry[name]))
            for name in ("parents", "children")
        }
        items.append(
            ItemVoices(
                item=mirrors,
                label=_item_label(frame, mirrors),
                side=entry["side"],
                statements=tuple(
                    (name, s.text) for name in ("parents", "children") for s in entry[name]
                ),
                team=Position(n=len(values), value=_mean(values, min_group)),
                **voices,
            )
        )
    items.sort(key=lambda i: order.index(i.side) if i.side in order else len(order))

    def people(answers):
        return len({a.participant_id for a in answers})

    return ThreeVoices(
        sides=tuple(sides),
        items=tuple(items),
        people={"team": people(team), "parents": people(parents), "children": people(children)},
        asked=asked,
        actors=dict(frame.triangle.actors.items()),
        scales={
            "team": frame.scale,
            **{n: getattr(frame, n).scale if asked[n] else None for n in ("parents", "children")},
        },
    )


# --- words ----------------------------------------------------------------------------------


def _word(place: Position, language: str) -> str:
    """A voice's position in words: "62%", "too few answers yet" or "not asked"."""
    from .texts import tr

    if place.state == "not_asked":
        return tr("three_not_asked", language)
    if place.state == "too_few":
        return tr("alt_too_few", language)
    return percent(place.value, language)


def _voice_word(name: str, language: str) -> str:
    from .texts import tr

    return tr(f"three_voice_{name}", language)


def rows(found: ThreeVoices, language: str = "nl") -> list[dict]:
    """The table behind the pictures with its numbers: a row per side (``kind`` ``"side"``),
    then a row per mirrored item (``"item"``), each with ``id``, ``label``, ``side`` (the
    relation's id, or ``None``) and per voice its position (``team``, ``parents``,
    ``children``: per cent, ``None`` where hidden or not asked) and its count (``team_n``, …).

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> kids = [Answer(c, "child", "children", "like_school", 2.0, None) for c in range(5)]
    >>> first = rows(three_voices(frame, [], [], kids), "en")[1]
    >>> first["label"], first["team"], first["parents"], first["children"], first["children_n"]
    ('Child and school', None, None, 50.0, 5)
    """
    found_rows = []
    for kind, parts in (("side", found.sides), ("item", found.items)):
        for part in parts:
            row = {
                "kind": kind,
                "id": part.relation if kind == "side" else part.item,
                "label": part.label.get(language),
                "side": part.relation if kind == "side" else part.side,
            }
            for name in VOICES:
                place = part.voice(name)
                row[name] = place.value
                row[f"{name}_n"] = place.n
            found_rows.append(row)
    return found_rows


def three_voices_table(found: ThreeVoices, language: str = "nl"):
    """The table behind the three voices' pictures as a pandas DataFrame, for researchers:
    the rows of :func:`rows` (a row per side, then per mirrored item), each voice's position
    in per cent of its own scale (NaN where hidden or not asked) and its count of people.

    Parameters
    ----------
    found : ThreeVoices
        What :func:`three_voices` gave.
    language : {"nl", "en"}
        Of the labels.

    Returns
    -------
    pandas.DataFrame
        Columns ``kind`` (``side``, ``item``), ``id``, ``label``, ``side``, ``team``,
        ``team_n``, ``parents``, ``parents_n``, ``children``, ``children_n``.

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> kids = [Answer(c, "child", "children", "tell_at_home", v, None)
    ...         for c, v in enumerate([1.0, 2.0, 3.0, 3.0, 3.0])]
    >>> table = three_voices_table(three_voices(frame, [], [], kids), "en")
    >>> row = table.set_index("id").loc["parent_child"]
    >>> print(row["children"], row["children_n"], row["parents"])
    70.0 5 nan
    """
    import pandas as pd

    columns = ["kind", "id", "label", "side"]
    columns += [c for name in VOICES for c in (name, f"{name}_n")]
    table = pd.DataFrame(rows(found, language), columns=columns)
    for name in VOICES:
        table[name] = table[name].astype(float)
    return table


def table(found: ThreeVoices, language: str = "nl") -> list[dict]:
    """The table behind the pictures in words, for the report and the dashboard: the rows of
    :func:`rows`, each voice's position as "62%", "too few answers yet" or "not asked", and
    its count as a short text (``team_n``: "14 people", …; empty for a voice not
    asked); a mirrored item's ``statements``
    says which statements of parents and children mirror it.

    Examples
    --------
    Four children: their count, but no number of theirs.

    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> kids = [Answer(c, "child", "children", "like_school", 3.0, None) for c in range(4)]
    >>> row = table(three_voices(frame, [], [], kids), "en")[1]
    >>> row["label"], row["children"], row["children_n"], row["parents"]
    ('Child and school', 'too few answers yet', '4 children', 'not asked')
    """
    from .exercises._unit import short
    from .texts import tr

    words = []
    parts = {**{("side", s.relation): s for s in found.sides}}
    parts.update({("item", i.item): i for i in found.items})
    for row in rows(found, language):
        part = parts[row["kind"], row["id"]]
        said = dict(row)
        for name in VOICES:
            said[name] = _word(part.voice(name), language)
            asked = part.voice(name).asked
            said[f"{name}_n"] = tr(f"three_n_{name}", language, n=row[f"{name}_n"]) if asked else ""
        said["statements"] = tuple(
            f"{_voice_word(name, language)}: {short(text.get(language), 200)}"
            for name, text in getattr(part, "statements", ())
        )
        words.append(said)
    return words


def legend(found: ThreeVoices, language: str = "nl") -> str:
    """The legend of the pictures and the table: the common footing in words, and what the
    children's faces are as positions.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> print(legend(three_voices(load_frame("betrokkenheidsboom"), []), "en"))
    ... # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    Each voice is placed on its own scale, from 0% (its lowest answer) to 100% (its highest).
    An answer in the middle of the scale is 50%. ... Children answered with faces: No 0%,
    A bit 50%, Yes 100%.
    """
    from .texts import tr

    said = tr("three_legend", language, footing=tr("three_footing", language))
    scale = found.scales.get("children")
    if scale is not None:
        steps = ", ".join(
            f"{label.get(language)} {percent(position(step, scale.min, scale.max), language)}"
            for step, label in zip(range(scale.min, scale.max + 1), scale.labels, strict=True)
        )
        said += " " + tr("three_faces", language, steps=steps)
    return said


def _parts(found_parts, language: str, asked_only: bool = False) -> list[str]:
    """Each part in words: its label and each voice's position (``asked_only``: without the
    voices not asked about it)."""
    from .exercises._unit import short

    return [
        f"{short(part.label.get(language), 50 if asked_only else 60)}: "
        + ", ".join(
            f"{_voice_word(name, language).lower()} {_word(part.voice(name), language)}"
            for name in VOICES
            if part.voice(name).asked or not asked_only
        )
        for part in found_parts
    ]


def describe(found: ThreeVoices, language: str = "nl") -> str:
    """The triangle picture in words (its text alternative): per side the position of the
    team, the parents and the children, with the common footing said first.

    Examples
    --------
    >>> from betrokkenheid import Answer, load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> team = [Answer(p, "teacher", "triangle", "parent_school.trust_respect", 4.0, None)
    ...         for p in range(3)]
    >>> print(describe(three_voices(frame, team, [], []), "en"))
    ... # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    The triangle with three voices. Each voice is placed on its own scale, from 0% (its
    lowest answer) to 100% (its highest). Parent and school: team 75%, parents too few
    answers yet, children too few answers yet; Child and school: team too few answers yet,
    parents not asked, ...
    """
    from .exercises._unit import summary
    from .texts import tr

    lead = f"{tr('three_alt_lead', language)} {tr('three_footing', language)}"
    return summary(lead, _parts(found.sides, language), language)


def describe_items(found: ThreeVoices, language: str = "nl") -> str:
    """The dot plot in words (its text alternative): per mirrored item the position of the
    voices asked about it, those where parents or children show a position first (else in
    the picture's order); what does not fit is counted, and the table has it all.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> print(describe_items(three_voices(load_frame("betrokkenheidsboom"), []), "en"))
    ... # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    For each team question that parents or children were also asked, in their own words.
    Each voice is placed on its own scale, ...
    """
    from .exercises._unit import summary
    from .texts import tr

    if not found.items:
        return tr("three_items_none", language)
    lead = f"{tr('three_items_alt_lead', language)} {tr('three_footing', language)}"
    heard = [i for i in found.items if i.parents.shown or i.children.shown]
    rest = [i for i in found.items if i not in heard]
    parts = _parts([*heard, *rest], language, asked_only=True)
    return summary(lead, parts, language, end=tr("three_items_alt_end", language))


# --- pictures -------------------------------------------------------------------------------


def _legend(language: str) -> dict:
    from .texts import tr

    return {
        "labels": {name: _voice_word(name, language) for name in VOICES},
        "too_few": tr("three_mark_too_few", language),
        "not_asked": tr("three_not_asked", language),
        "footing": tr("three_footing_short", language),
    }


def draw(found: ThreeVoices, language: str, axes) -> dict:
    """Draw the triangle with the three voices on each side
    (:func:`~betrokkenheid.plots.draw_three_voices`) on the Axes ``axes(layout)`` gives;
    returns what it drew: relation → ``{"team", "parents", "children"}`` (per cent, or
    ``None``)."""
    from .plots import draw_three_voices, three_voices_layout

    sides = [
        {
            "relation": s.relation,
            "between": s.between,
            **{name: s.voice(name).value for name in VOICES},
            **{f"{name}_state": s.voice(name).state for name in VOICES},
        }
        for s in found.sides
    ]
    draw_three_voices(
        sides,
        actors={actor: text.get(language) for actor, text in found.actors.items()},
        ax=axes(three_voices_layout()),
        **_legend(language),
    )
    return {s["relation"]: {name: s[name] for name in VOICES} for s in sides}


def draw_items(found: ThreeVoices, language: str, axes, width: float | None = None) -> dict:
    """Draw per mirrored item the three voices as dots on one 0–100 % axis
    (:func:`~betrokkenheid.plots.draw_item_voices`), ``width`` inches wide (by default narrow,
    for a phone); returns item → ``{"team", "parents", "children"}``."""
    from .plots import draw_item_voices, item_voices_layout
    from .texts import tr

    items = [
        {
            "label": i.label.get(language),
            **{name: i.voice(name).value for name in VOICES},
            **{f"{name}_state": i.voice(name).state for name in VOICES},
        }
        for i in found.items
    ]
    words = {**_legend(language), "not_asked": None}
    words["footing"] += ". " + tr("three_items_no_dot", language)
    draw_item_voices(
        items,
        ax=axes(item_voices_layout(items, not_asked=None, **({"width": width} if width else {}))),
        language=language,
        **words,
    )
    return {i.item: {name: i.voice(name).value for name in VOICES} for i in found.items}
