"""The pure domain: actors, contexts, roles, frames and the partnership triangle.

Frames are validated on load (see :mod:`betrokkenheid.frames`); the objects here are frozen
pydantic models, so code inside the package can trust them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, ClassVar, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from .terms import Actor, Context, Direction, Measurement, Role, Weight

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "Activity",
    "Actor",
    "BarriersSection",
    "ChildrenItem",
    "ChildrenSection",
    "ClimateSection",
    "Component",
    "Concept",
    "Context",
    "Direction",
    "Form",
    "FormsSection",
    "Frame",
    "FrameKeyError",
    "Item",
    "Level",
    "Measurement",
    "PartnershipTriangle",
    "PerspectiveGroup",
    "PerspectivesSection",
    "QUESTIONNAIRES",
    "Quality",
    "QuestionnaireBarrier",
    "QuestionnaireItem",
    "QuestionnaireSection",
    "Relation",
    "Role",
    "SECTIONS",
    "STEP_NAMES",
    "Scale",
    "Source",
    "Step",
    "Text",
    "TriangleSection",
    "Weight",
    "team_items",
]

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$", strict=True)]
FrameId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$", strict=True)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=2000, strict=True)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Text(_Frozen):
    """A text a user sees: Dutch first, English beside it.

    Examples
    --------
    >>> Text(nl="ouder", en="parent").get("en")
    'parent'
    """

    nl: ShortText
    en: ShortText

    def get(self, language: str) -> str:
        """The text in ``language`` ("nl" or "en"); Dutch for anything else."""
        return self.en if language == "en" else self.nl


class Scale(_Frozen):
    """A rating scale from ``min`` to ``max``, with a label for each step."""

    min: Annotated[int, Field(strict=True, ge=0, le=10)] = 1
    max: Annotated[int, Field(strict=True, ge=1, le=10)] = 5
    labels: Annotated[tuple[Text, ...], Field(min_length=2, max_length=11)]

    @field_validator("labels")
    @classmethod
    def _one_label_per_step(cls, labels, info):
        low, high = info.data.get("min"), info.data.get("max")
        if low is not None and high is not None:
            if high <= low:
                raise ValueError(f"max ({high}) must be larger than min ({low})")
            if len(labels) != high - low + 1:
                raise ValueError(f"needs {high - low + 1} labels, one per step, not {len(labels)}")
        return labels

    @property
    def values(self) -> range:
        """The steps of the scale."""
        return range(self.min, self.max + 1)


class Relation(_Frozen):
    """A side of the partnership triangle (*relatie*): two actors, about the child at school.

    ``qualities`` names the qualities (their ids) this side is rated on; left out, it is rated
    on all of the triangle's qualities.
    """

    id: Identifier
    between: tuple[Actor, Actor]
    label: Text
    question: Text
    # the code asks TriangleSection.qualities_of(relation), never this field
    qualities: Annotated[tuple[Identifier, ...], Field(min_length=1, max_length=12)] | None = None

    @field_validator("between")
    @classmethod
    def _two_different_actors(cls, between):
        if between[0] == between[1]:
            raise ValueError("a relation joins two different actors")
        return between


class Quality(_Frozen):
    """A quality a relation is rated on (communication, trust and respect, ...)."""

    id: Identifier
    label: Text
    help: Text


def _unique_ids(items, what: str):
    seen = set()
    for item in items:
        if item.id in seen:
            raise ValueError(f"duplicate {what} id '{item.id}'")
        seen.add(item.id)
    return items


class TriangleSection(_Frozen):
    """What a frame says about the partnership triangle (*partnerschapsdriehoek*)."""

    intro: Text
    talk: Text
    actors: dict[Actor, Text]
    relations: Annotated[tuple[Relation, ...], Field(min_length=1, max_length=12)]
    qualities: Annotated[tuple[Quality, ...], Field(min_length=1, max_length=12)]

    @field_validator("relations")
    @classmethod
    def _relations_unique(cls, relations):
        _unique_ids(relations, "relation")
        pairs = [frozenset(r.between) for r in relations]
        if len(set(pairs)) != len(pairs):
            raise ValueError("two relations join the same pair of actors")
        return relations

    @field_validator("qualities")
    @classmethod
    def _qualities_unique(cls, qualities):
        return _unique_ids(qualities, "quality")

    @model_validator(mode="after")
    def _rated_qualities_known(self):
        """A relation's ``qualities`` name qualities of this section, each once: one error
        naming the relation, at its key (``relations.N.qualities.I``)."""
        known = [q.id for q in self.qualities]
        for i, relation in enumerate(self.relations):
            seen = set()
            for j, quality in enumerate(relation.qualities or ()):
                at = ("relations", i, "qualities", j)
                if quality not in known:
                    raise FrameKeyError(
                        f"relation '{relation.id}' is rated on '{quality}', which is not a "
                        f"quality of the triangle: one of {', '.join(known)}",
                        at,
                    )
                if quality in seen:
                    raise FrameKeyError(
                        f"relation '{relation.id}' names the quality '{quality}' twice", at
                    )
                seen.add(quality)
        return self

    @field_validator("actors")
    @classmethod
    def _all_actors_named(cls, actors):
        missing = [a.value for a in Actor if a not in actors]
        if missing:
            raise ValueError(f"no name for actor(s): {', '.join(missing)}")
        return actors

    def qualities_of(self, relation: Relation | str) -> tuple[Quality, ...]:
        """The qualities ``relation`` (a relation or its id) is rated on, in the section's
        order: those its ``qualities`` names, or all when it names none.

        Examples
        --------
        >>> from betrokkenheid import load_frame
        >>> section = load_frame("betrokkenheidsboom").triangle
        >>> [q.id for q in section.qualities_of("parent_child")]
        ['communication', 'shared_responsibility']
        >>> len(section.qualities_of(section.relations[0])) == len(section.qualities)
        True
        """
        if isinstance(relation, str):
            found = next((r for r in self.relations if r.id == relation), None)
            if found is None:
                raise LookupError(f"the triangle has no relation '{relation}'")
            relation = found
        if relation.qualities is None:
            return self.qualities
        return tuple(q for q in self.qualities if q.id in relation.qualities)

    def item_ids(self) -> list[str]:
        """Every answer this section asks for, as ``relation.quality``: each relation's
        qualities (:meth:`qualities_of`), relation by relation."""
        return [f"{r.id}.{q.id}" for r in self.relations for q in self.qualities_of(r)]


class Item(_Frozen):
    """Something a team can answer about or choose: an id, a label and optional help."""

    id: Identifier
    label: Text
    help: Text | None = None


class PerspectiveGroup(_Frozen):
    """Involvement seen from one actor's side (*vanuit het perspectief van*), as statements."""

    actor: Actor
    label: Text
    statements: Annotated[tuple[Item, ...], Field(min_length=1, max_length=20)]

    @field_validator("statements")
    @classmethod
    def _statements_unique(cls, statements):
        return _unique_ids(statements, "statement")


class PerspectivesSection(_Frozen):
    """Exercise 1: what involvement means to us, from three perspectives.

    Each statement is rated twice: how present it is at our school, and how important to us.
    """

    intro: Text
    talk: Text
    present: Scale
    important: Scale
    groups: Annotated[tuple[PerspectiveGroup, ...], Field(min_length=1, max_length=3)]

    @field_validator("groups")
    @classmethod
    def _one_group_per_actor(cls, groups):
        actors = [g.actor for g in groups]
        if len(set(actors)) != len(actors):
            raise ValueError("two groups for the same actor")
        _unique_ids([s for g in groups for s in g.statements], "statement")
        return groups

    def item_ids(self) -> list[str]:
        """Every answer this section asks for, as ``statement.present|important``."""
        return [
            f"{s.id}.{aspect}"
            for g in self.groups
            for s in g.statements
            for aspect in ("present", "important")
        ]


class Form(_Frozen):
    """A form of involvement (*vorm van ouderbetrokkenheid*): a branch of the tree.

    ``directed`` says whether the way contact goes (*richting*: one way or both ways) belongs
    to this form: true for communication, where a school may only tell or also listen; for
    reading at home or a school trip it means nothing, so their activities have no direction.
    """

    id: Identifier
    label: Text
    help: Text
    weight: Weight
    directed: Annotated[bool, Field(strict=True)] = False


class Activity(_Frozen):
    """A real activity of a school (*activiteit*): a leaf on a branch of the tree.

    ``direction`` is given exactly when its form is ``directed`` (the section checks it).
    """

    id: Identifier
    label: Text
    form: Identifier
    context: Context
    direction: Direction | None = None


class FormsSection(_Frozen):
    """Exercise 3: the team's activities placed by form, context and (for a form of contact)
    direction.

    ``research`` says what research finds about the forms; ``research_sources`` names the ids
    of the frame's ``sources`` it rests on (the frame checks that they exist).
    """

    intro: Text
    talk: Text
    research: Text
    research_sources: Annotated[tuple[Identifier, ...], Field(max_length=20)] = ()
    forms: Annotated[tuple[Form, ...], Field(min_length=1, max_length=12)]
    activities: Annotated[tuple[Activity, ...], Field(max_length=60)] = ()

    @field_validator("forms")
    @classmethod
    def _forms_unique(cls, forms):
        return _unique_ids(forms, "form")

    @field_validator("activities")
    @classmethod
    def _activities_known(cls, activities, info):
        """Each activity names a form of the section, and has a direction exactly when that
        form is directed: one error naming the activity, at its key
        (``activities.N.form``, ``activities.N.direction``)."""
        _unique_ids(activities, "activity")
        forms = {f.id: f for f in info.data.get("forms", ())}
        for i, activity in enumerate(activities):
            if not forms:
                break  # the forms were refused: that error is told
            form = forms.get(activity.form)
            if form is None:
                raise FrameKeyError(
                    f"activity '{activity.id}' names an unknown form '{activity.form}'",
                    (i, "form"),
                )
            if form.directed and activity.direction is None:
                raise FrameKeyError(
                    f"activity '{activity.id}' has no direction (one_way or two_way), which "
                    f"its form '{form.id}' asks for (directed: true)",
                    (i, "direction"),
                )
            if not form.directed and activity.direction is not None:
                raise FrameKeyError(
                    f"activity '{activity.id}' has a direction, but its form '{form.id}' has "
                    "none (only a form with directed: true has one)",
                    (i, "direction"),
                )
        return activities

    def form(self, form_id: str) -> Form | None:
        """The form with this id, or ``None``."""
        return next((f for f in self.forms if f.id == form_id), None)

    def is_directed(self, form_id: str | None) -> bool:
        """Whether the form with this id has a direction (an unknown form has none).

        Examples
        --------
        >>> from betrokkenheid import load_frame
        >>> section = load_frame("betrokkenheidsboom").forms
        >>> section.is_directed("communication"), section.is_directed("home_support")
        (True, False)
        """
        form = self.form(form_id) if isinstance(form_id, str) else None
        return form is not None and form.directed


class Level(_Frozen):
    """A step of a rubric (*niveau*), from starting to inspiring."""

    id: Identifier
    label: Text


class Component(_Frozen):
    """A component of the partnership climate (*onderdeel*), described at every level.

    ``signs`` says per level what a team can see or hear at school when it is there
    (*waaraan zien we dat?*); it may be left out.
    """

    id: Identifier
    label: Text
    help: Text
    levels: Annotated[tuple[Text, ...], Field(min_length=2, max_length=6)]
    signs: tuple[Text, ...] = ()


class ClimateSection(_Frozen):
    """Exercise 4: the partnership climate (*partnerschapsklimaat*) as a rubric."""

    intro: Text
    talk: Text
    levels: Annotated[tuple[Level, ...], Field(min_length=2, max_length=6)]
    components: Annotated[tuple[Component, ...], Field(min_length=1, max_length=12)]

    @field_validator("levels")
    @classmethod
    def _levels_unique(cls, levels):
        return _unique_ids(levels, "level")

    @field_validator("components")
    @classmethod
    def _one_text_per_level(cls, components, info):
        _unique_ids(components, "component")
        levels = info.data.get("levels")
        for component in components:
            for what, texts in (("level texts", component.levels), ("signs", component.signs)):
                if levels and texts and len(texts) != len(levels):
                    raise ValueError(
                        f"component '{component.id}' needs {len(levels)} {what}, not {len(texts)}"
                    )
        return components


class BarriersSection(_Frozen):
    """Exercise 5: barriers (*drempels*) per parent group, and opportunities (*kansen*)."""

    intro: Text
    talk: Text
    parent_groups: Annotated[tuple[Item, ...], Field(min_length=1, max_length=12)]
    barriers: Annotated[tuple[Item, ...], Field(min_length=1, max_length=30)]
    opportunities: Annotated[tuple[Item, ...], Field(min_length=1, max_length=30)]

    @field_validator("parent_groups", "barriers", "opportunities")
    @classmethod
    def _items_unique(cls, items, info):
        return _unique_ids(items, info.field_name.rstrip("s").replace("_", " "))


Mirror = Annotated[
    str, StringConstraints(pattern=r"^[a-z]+\.[a-z][a-z0-9_]{0,39}(\.[a-z][a-z0-9_]{0,39})?$")
]


class QuestionnaireItem(_Frozen):
    """A statement a parent rates about themselves, in the first person ("Ik voel me welkom").

    ``mirrors`` names the team's item it holds a mirror to, as ``exercise.item``: a statement
    of the perspectives (``perspectives.parent_at_home_in_school``: its "how present" rating),
    a relation's quality of the triangle (``triangle.parent_school.trust_respect``) or a
    component of the climate (``climate.vision``).
    """

    id: Identifier
    text: Text
    mirrors: Mirror
    side: Identifier | None = None


class ChildrenItem(QuestionnaireItem):
    """A statement a child rates (\"Ik ben graag op school\"); it mirrors a team item only
    where one fits (``mirrors`` may be left out)."""

    mirrors: Mirror | None = None


class QuestionnaireBarrier(_Frozen):
    """A chip a parent can pick for "what makes it hard for you to take part?": a barrier of
    the frame's barriers section (``barrier``), in a parent's own words."""

    barrier: Identifier
    text: Text


class QuestionnaireSection(_Frozen):
    """A questionnaire for parents (*ouderbevraging*): at most 15 short statements, each
    answered on a scale of faces with words (plus "don't know" and "rather not say"), the
    barriers as chips, and one open question.

    ``side`` of a statement names the side of the triangle it speaks of (a relation's id),
    so the three voices can be held side by side; a statement that mirrors a quality of the
    triangle is on that relation's side without saying so.

    Texts in other languages than Dutch and English are kept in the language files
    (:mod:`betrokkenheid.languages`), under this frame's id.
    """

    intro: Text
    thanks: Text
    scale: Scale
    items: Annotated[tuple[QuestionnaireItem, ...], Field(min_length=1, max_length=15)]
    hard: Text
    barriers: Annotated[tuple[QuestionnaireBarrier, ...], Field(max_length=20)] = ()
    open: Text

    @field_validator("items")
    @classmethod
    def _items_unique(cls, items):
        return _unique_ids(items, "item")

    @field_validator("barriers")
    @classmethod
    def _barriers_unique(cls, barriers):
        ids = [b.barrier for b in barriers]
        if len(set(ids)) != len(ids):
            raise ValueError("a barrier is named twice")
        return barriers

    #: the answers beside the scale a person may give instead of a step
    others: ClassVar[tuple[str, ...]] = ("dont_know", "rather_not")


class ChildrenSection(_Frozen):
    """A questionnaire for children of about 8 to 12 (*kinderbevraging*): at most 10 very
    short statements, each answered with faces (a scale of at most 5 steps; 3 reads best at
    that age) or "don't know". No chips and no open question: a class answers it on tablets,
    one child after the other. Dutch and English (the frame's own texts)."""

    intro: Text
    thanks: Text
    scale: Scale
    items: Annotated[tuple[ChildrenItem, ...], Field(min_length=1, max_length=10)]

    barriers: ClassVar[tuple] = ()
    others: ClassVar[tuple[str, ...]] = ("dont_know",)

    @field_validator("items")
    @classmethod
    def _items_unique(cls, items):
        return _unique_ids(items, "item")

    @field_validator("scale")
    @classmethod
    def _few_faces(cls, scale):
        if scale.max - scale.min > 4:
            raise ValueError("a children's scale has at most 5 steps")
        return scale


LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$", strict=True)]
TextKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_.]{0,120}$", strict=True)]


class _LanguageFile(_Frozen):
    """A language file (see :mod:`betrokkenheid.languages`), as it is checked on load."""

    code: LanguageCode
    name: ShortText
    english: ShortText
    direction: Literal["ltr", "rtl"]
    checked: bool
    texts: dict[TextKey, ShortText]
    frames: dict[FrameId, dict[TextKey, ShortText]] = {}


# The exercise sections a frame may have, in the order of the study day.
SECTIONS = ("perspectives", "triangle", "forms", "climate", "barriers")

# The steps of the study day a concept can be shown at: the exercises of the registry
# (betrokkenheid.exercises.EXERCISES), in their order; tests/test_exercises.py checks they agree.
Step = Literal["perspectives", "triangle", "forms", "climate", "barriers", "followup"]
STEP_NAMES: tuple[str, ...] = get_args(Step)


class Concept(_Frozen):
    """Background knowledge a page can show (*achtergrond*): a text and optional points.

    ``steps`` names the steps of the study day (exercises of the registry) whose page shows
    it, in a background card that opens on a click; a concept without steps is shown on none.

    Examples
    --------
    >>> Concept(id="trust", label=Text(nl="Vertrouwen", en="Trust"),
    ...         text=Text(nl="Uitleg.", en="Help."), steps=["triangle"]).steps
    ('triangle',)
    """

    id: Identifier
    label: Text
    text: Text
    points: Annotated[tuple[Text, ...], Field(max_length=20)] = ()
    steps: Annotated[tuple[Step, ...], Field(max_length=len(STEP_NAMES))] = ()

    @field_validator("steps", mode="before")
    @classmethod
    def _known_steps(cls, steps, info):
        """A step that is not one of the study day is one error naming the concept and the
        step (its own key, ``concepts.N.steps.I``); a step named twice too."""
        if not isinstance(steps, list | tuple):
            return steps  # not a list: the type check says so
        name = info.data.get("id", "?")
        seen = set()
        for i, step in enumerate(steps):
            if isinstance(step, str) and step not in STEP_NAMES:
                raise FrameKeyError(
                    f"concept '{name}' names the step '{step}', which is not a step of the "
                    f"study day: one of {', '.join(STEP_NAMES)}",
                    (i,),
                )
            if step in seen:
                raise FrameKeyError(f"concept '{name}' names the step '{step}' twice", (i,))
            seen.add(step)
        return steps


class Source(_Frozen):
    """A publication a frame's texts rest on (*bron*).

    ``cite`` is its full reference in APA style, as published (not translated); ``url``,
    optional, where to find it (a DOI link, say). :meth:`short` gives the short citation a
    page shows beside a text: "Wilder (2014)", "Boonk e.a. (2018)".
    """

    id: Identifier
    cite: ShortText
    url: (
        Annotated[str, StringConstraints(pattern=r"^https?://[^\s]+$", max_length=500, strict=True)]
        | None
    ) = None

    def short(self, language: str = "nl") -> str:
        """The short citation in ``language``: the authors' surnames and the year, read from
        ``cite`` (one author, two joined by "en"/"and", three or more as the first "e.a."/
        "et al."); the reference up to its year when it has no APA shape.

        Examples
        --------
        >>> Source(id="w", cite="Wilder, S. (2014). Effects. Educational Review.").short()
        'Wilder (2014)'
        >>> two = Source(id="h", cite="Hill, N. E., & Tyson, D. F. (2009). Parental involvement.")
        >>> two.short("en")
        'Hill and Tyson (2009)'
        >>> many = Source(id="b", cite="Boonk, L., Gijselaers, H. J. M., & Ritzen, H. (2018). A.")
        >>> many.short("nl"), many.short("en")
        ('Boonk e.a. (2018)', 'Boonk et al. (2018)')
        """
        import re

        found = re.match(r"^(.+?)\s*\((\d{4}[a-z]?|n\.d\.|z\.d\.)\)", self.cite)
        if found is None:
            return self.cite[:60]
        authors, year = found[1], found[2]
        names, more = [], False
        for part in re.split(r",\s*", authors.strip().rstrip(",")):
            part = part.strip().removeprefix("&").strip()
            if part == "et al.":
                more = True
            elif part and not re.fullmatch(r"(?:[A-Z\u00C0-\u017F]\.\s*-?)+", part):
                names.append(part.rstrip("."))  # a surname, or an organisation
        many = more or len(names) > 2
        if not names:
            return f"{authors.strip()} ({year})"
        if many:
            return f"{names[0]} {'et al.' if language == 'en' else 'e.a.'} ({year})"
        joined = f" {'and' if language == 'en' else 'en'} ".join(names)
        return f"{joined} ({year})"


# The questionnaires a frame may have, by audience (see terms.Audience).
QUESTIONNAIRES = ("parents", "children")


def team_items(frame) -> dict[str, tuple[int, int]]:
    """The team's rated items a questionnaire item may mirror, as ``exercise.item``, with the
    ends of the scale each is rated on.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> items = team_items(load_frame("betrokkenheidsboom"))
    >>> items["triangle.parent_school.trust_respect"], items["climate.vision"]
    ((1, 5), (1, 4))
    """
    found = {}
    if frame.perspectives is not None:
        present = frame.perspectives.present
        for group in frame.perspectives.groups:
            for statement in group.statements:
                found[f"perspectives.{statement.id}"] = (present.min, present.max)
    if frame.triangle is not None:
        for item in frame.triangle.item_ids():
            found[f"triangle.{item}"] = (frame.scale.min, frame.scale.max)
    if frame.climate is not None:
        for component in frame.climate.components:
            found[f"climate.{component.id}"] = (1, len(frame.climate.levels))
    return found


def _mirrored_side(mirrors: str | None) -> str | None:
    """The relation of a mirrored triangle quality (``triangle.RELATION.QUALITY``)."""
    if mirrors and mirrors.startswith("triangle.") and mirrors.count(".") == 2:
        return mirrors.split(".")[1]
    return None


def _unrated_quality(section: TriangleSection | None, mirrors: str | None):
    """``(relation, quality)`` of a mirrored ``triangle.RELATION.QUALITY`` whose relation and
    quality the triangle has, but whose relation is not rated on that quality; else ``None``."""
    relation = _mirrored_side(mirrors)
    if section is None or relation not in {r.id for r in section.relations}:
        return None
    quality = mirrors.split(".")[2]
    if quality in {q.id for q in section.qualities} and quality not in {
        q.id for q in section.qualities_of(relation)
    }:
        return relation, quality
    return None


class FrameKeyError(ValueError):
    """A problem of a frame found once all of it is read (a questionnaire's mirror, side or
    barrier), with the key it is at (``key``, e.g. ``("children", "items", 2, "side")``), so
    that the loader names that key and its line (:func:`betrokkenheid.frames.load_frame`)."""

    def __init__(self, problem: str, key: tuple):
        super().__init__(problem)
        self.key = key


class Frame(_Frozen):
    """A frame (*denkkader*) a team reflects with, loaded from a YAML file.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> frame.id, len(frame.triangle.relations)
    ('betrokkenheidsboom', 3)
    """

    id: FrameId
    version: Annotated[int, Field(strict=True, ge=1)]
    title: Text
    description: Text
    attribution: Text
    sources: Annotated[tuple[Source, ...], Field(max_length=60)] = ()
    scale: Scale
    perspectives: PerspectivesSection | None = None
    triangle: TriangleSection | None = None
    forms: FormsSection | None = None
    climate: ClimateSection | None = None
    barriers: BarriersSection | None = None
    parents: QuestionnaireSection | None = None
    children: ChildrenSection | None = None
    concepts: Annotated[tuple[Concept, ...], Field(max_length=40)] = ()

    @field_validator("concepts")
    @classmethod
    def _concepts_unique(cls, concepts):
        return _unique_ids(concepts, "concept")

    @field_validator("sources")
    @classmethod
    def _sources_unique(cls, sources):
        return _unique_ids(sources, "source")

    @model_validator(mode="after")
    def _research_sources_known(self):
        """The forms section's ``research_sources`` name sources of this frame, each once."""
        known = {s.id for s in self.sources}
        seen = set()
        for i, source in enumerate(self.forms.research_sources if self.forms else ()):
            at = ("forms", "research_sources", i)
            if source not in known:
                listed = ", ".join(sorted(known)) or "none: add them under 'sources'"
                raise FrameKeyError(
                    f"the research names the source '{source}', which is not a source of "
                    f"this frame (its sources: {listed})",
                    at,
                )
            if source in seen:
                raise FrameKeyError(f"the research names the source '{source}' twice", at)
            seen.add(source)
        return self

    def source(self, source_id: str) -> Source:
        """The source with this id."""
        for source in self.sources:
            if source.id == source_id:
                return source
        raise LookupError(f"frame '{self.id}' has no source '{source_id}'")

    def research_sources(self) -> tuple[Source, ...]:
        """The sources the forms section's research text rests on, in the order it names them.

        Examples
        --------
        >>> from betrokkenheid import load_frame
        >>> [s.short() for s in load_frame("betrokkenheidsboom").research_sources()][:2]
        ['Wilder (2014)', 'Castro e.a. (2015)']
        """
        if self.forms is None:
            return ()
        return tuple(self.source(s) for s in self.forms.research_sources)

    @model_validator(mode="after")
    def _questionnaire_known(self):
        """A questionnaire's mirrors, sides and barriers name items this frame has."""
        known = set(team_items(self))
        sides = {r.id for r in self.triangle.relations} if self.triangle else set()
        barriers = {b.id for b in self.barriers.barriers} if self.barriers else set()
        for name in QUESTIONNAIRES:
            section = getattr(self, name)
            if section is None:
                continue
            for i, item in enumerate(section.items):
                at = (name, "items", i)
                unrated = _unrated_quality(self.triangle, item.mirrors)
                if unrated is not None:
                    raise FrameKeyError(
                        f"{name} item '{item.id}' mirrors '{item.mirrors}', but the side "
                        f"'{unrated[0]}' is not rated on '{unrated[1]}' (it is on: "
                        f"{', '.join(q.id for q in self.triangle.qualities_of(unrated[0]))})",
                        (*at, "mirrors"),
                    )
                if item.mirrors is not None and item.mirrors not in known:
                    raise FrameKeyError(
                        f"{name} item '{item.id}' mirrors '{item.mirrors}', which this frame "
                        "does not ask the team",
                        (*at, "mirrors"),
                    )
                mirrored = _mirrored_side(item.mirrors)
                if item.side is not None and item.side not in sides:
                    raise FrameKeyError(
                        f"{name} item '{item.id}': side '{item.side}' is not a relation of "
                        "this frame's triangle",
                        (*at, "side"),
                    )
                if item.side is not None and mirrored not in (None, item.side):
                    raise FrameKeyError(
                        f"{name} item '{item.id}' mirrors the side '{mirrored}' but says "
                        f"side '{item.side}'",
                        (*at, "side"),
                    )
            for i, chip in enumerate(section.barriers):
                if chip.barrier not in barriers:
                    raise FrameKeyError(
                        f"{name} barrier '{chip.barrier}' is not a barrier of this frame",
                        (name, "barriers", i, "barrier"),
                    )
        return self

    def questionnaire_side(self, item) -> str | None:
        """The side of the triangle (a relation's id) a questionnaire's statement speaks of:
        its own ``side``, or the relation of the triangle quality it mirrors; ``None`` when
        it is on no side (parents among themselves, say).

        Examples
        --------
        >>> from betrokkenheid import load_frame
        >>> frame = load_frame("betrokkenheidsboom")
        >>> [frame.questionnaire_side(i) for i in frame.parents.items[:2]]
        ['parent_school', 'parent_school']
        """
        return item.side or _mirrored_side(item.mirrors)

    def concepts_at(self, step: str) -> tuple[Concept, ...]:
        """The background concepts the page of ``step`` (an exercise's name) shows, in the
        frame's order.

        Examples
        --------
        >>> from betrokkenheid import load_frame
        >>> [c.id for c in load_frame("betrokkenheidsboom").concepts_at("triangle")]
        ['actors', 'complementary_roles']
        """
        return tuple(c for c in self.concepts if step in c.steps)

    def concept(self, concept_id: str) -> Concept:
        """The background concept with this id."""
        for concept in self.concepts:
            if concept.id == concept_id:
                return concept
        raise LookupError(f"frame '{self.id}' has no concept '{concept_id}'")

    def partnership_triangle(self) -> PartnershipTriangle:
        """The triangle of this frame, as a graph."""
        if self.triangle is None:
            raise LookupError(f"frame '{self.id}' has no triangle section")
        return PartnershipTriangle(self.triangle)


class PartnershipTriangle:
    """The partnership triangle (*partnerschapsdriehoek*) as a networkx graph.

    Nodes are the three actors; each relation is an edge carrying its ``relation`` and the
    ``qualities`` it is rated on.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> triangle = load_frame("betrokkenheidsboom").partnership_triangle()
    >>> sorted(triangle.graph.nodes)
    ['child', 'parent', 'professional']
    >>> triangle.relation_between("parent", "professional").id
    'parent_school'
    """

    def __init__(self, section: TriangleSection):
        import networkx as nx

        self.section = section
        self.graph: nx.Graph = nx.Graph()
        for actor in Actor:
            self.graph.add_node(actor.value, label=section.actors[actor])
        for relation in section.relations:
            a, b = (actor.value for actor in relation.between)
            self.graph.add_edge(a, b, relation=relation, qualities=section.qualities_of(relation))

    @property
    def relations(self) -> tuple[Relation, ...]:
        return self.section.relations

    @property
    def qualities(self) -> tuple[Quality, ...]:
        return self.section.qualities

    def relation_between(self, a: str | Actor, b: str | Actor) -> Relation:
        """The relation joining actors ``a`` and ``b``."""
        a, b = Actor(a).value, Actor(b).value
        return self.graph.edges[a, b]["relation"]
