"""The fixed words of the domain as plain enums: actors, contexts, roles, directions, weights,
measurements, audiences and channels.

They live apart from :mod:`betrokkenheid.model` (which re-exports them) so that code needing
only these words, such as the start page and the store, does not import pydantic.
"""

from __future__ import annotations

from enum import Enum

__all__ = ["Actor", "Audience", "Channel", "Context", "Direction", "Measurement", "Role", "Weight"]


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


class Direction(str, Enum):
    """Which way an activity goes: one way (*eenrichting*) or both ways (*tweerichting*)."""

    ONE_WAY = "one_way"
    TWO_WAY = "two_way"


class Weight(str, Enum):
    """What research says a form of involvement weighs for the child's learning."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Measurement(str, Enum):
    """When a session measures: the baseline (*nulmeting*) or a later one (*eindmeting*)."""

    BASELINE = "baseline"
    LATER = "later"


class Audience(str, Enum):
    """Who gave an answer: the school team (*team*), a parent (*ouder*) or a child (*kind*)."""

    TEAM = "team"
    PARENT = "parent"
    CHILD = "child"


class Channel(str, Enum):
    """How an answer came in: typed by the person online, or from a paper form (*papier*)."""

    ONLINE = "online"
    PAPER = "paper"
