"""The pure domain: actors, contexts, roles, frames and the partnership triangle.

Frames are validated on load (see :mod:`betrokkenheid.frames`); the objects here are frozen
pydantic models, so code inside the package can trust them.
"""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

__all__ = [
    "Actor",
    "Context",
    "Frame",
    "Measurement",
    "PartnershipTriangle",
    "Quality",
    "Relation",
    "Role",
    "Scale",
    "Text",
    "TriangleSection",
]

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$", strict=True)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=2000, strict=True)]


class Actor(str, Enum):
    """A corner of the partnership triangle (*actor*): child, parent or education professional.

    "Professional" (*onderwijsprofessional*) covers teachers, care staff, directors, bridge
    figures and childcare staff.
    """

    CHILD = "child"
    PARENT = "parent"
    PROFESSIONAL = "professional"


class Context(str, Enum):
    """A world the child grows up in (*leefwereld*, *context*)."""

    HOME = "home"
    SCHOOL = "school"
    NEIGHBOURHOOD = "neighbourhood"


class Role(str, Enum):
    """The role a team member picks when joining (the only thing we ask: no names)."""

    TEACHER = "teacher"
    CARE_COORDINATOR = "care_coordinator"
    DIRECTOR = "director"
    BRIDGE_FIGURE = "bridge_figure"
    CHILDCARE_STAFF = "childcare_staff"
    OTHER = "other"


class Measurement(str, Enum):
    """When a session measures: the baseline (*nulmeting*) or a later one (*eindmeting*)."""

    BASELINE = "baseline"
    LATER = "later"


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
    """A side of the partnership triangle (*relatie*): two actors, about the child at school."""

    id: Identifier
    between: tuple[Actor, Actor]
    label: Text
    question: Text

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

    @field_validator("actors")
    @classmethod
    def _all_actors_named(cls, actors):
        missing = [a.value for a in Actor if a not in actors]
        if missing:
            raise ValueError(f"no name for actor(s): {', '.join(missing)}")
        return actors

    def item_ids(self) -> list[str]:
        """Every answer this section asks for, as ``relation.quality``."""
        return [f"{r.id}.{q.id}" for r in self.relations for q in self.qualities]


class Frame(_Frozen):
    """A frame (*denkkader*) a team reflects with, loaded from a YAML file.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> frame = load_frame("betrokkenheidsboom")
    >>> frame.id, len(frame.triangle.relations)
    ('betrokkenheidsboom', 3)
    """

    id: Identifier
    version: Annotated[int, Field(strict=True, ge=1)]
    title: Text
    description: Text
    attribution: Text
    scale: Scale
    triangle: TriangleSection | None = None

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
            self.graph.add_edge(a, b, relation=relation, qualities=section.qualities)

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
