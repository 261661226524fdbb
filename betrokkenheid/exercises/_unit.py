"""What one step of the study day is made of (see :mod:`betrokkenheid.exercises`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

__all__ = ["ALT_LIMIT", "Exercise", "Scale", "short", "summary"]

ALT_LIMIT = 400  # characters: the most a picture's text alternative says (read out whole)


@dataclass(frozen=True)
class Scale:
    """A scale of an exercise: items rated on one rating scale, whose mean is a person's
    score on it (a relation of the triangle, a component of the climate).

    ``items`` holds (item, its label) pairs; ``low`` and ``high`` are the ends of the rating.
    """

    id: str
    label: str
    low: int
    high: int
    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Exercise:
    """One exercise of the study day, with everything that belongs to it.

    Attributes
    ----------
    name : str
        The frame's section it asks about; the answers carry it as their exercise name.
    notebook : str
        Its page in ``notebooks/``.
    title_key : str
        The text key of its title (:mod:`betrokkenheid.texts`).
    page : str
        ``"module:Class"`` of its page, imported only when a page is made (the report and
        the command line never import ipywidgets).
    rules : callable
        ``rules(frame, content)``: item → :class:`~betrokkenheid.answers.Rule`, what a valid
        answer to each item is (pages and imports check the same).
    picture : callable
        ``picture(frame, answers, lang, axes, mine=None)``: draws the team's picture and
        returns ``(caption, drawn data)``. Below the privacy threshold nothing is drawn.
    report : callable
        ``report(answers, frame, language)``: the data of its block in the report
        (``report.html`` in its folder), only called when enough people answered.
    demo : callable
        ``demo(store, me, frame, rng, number, lift)``: the demo school's answers of one person.
    change : callable or None
        ``change(frame, later, baseline, lang, axes)``: draws the baseline beneath a later
        measurement and returns the drawn data, for exercises with scores to compare.
    scales : callable or None
        ``scales(frame, content, language)``: its :class:`Scale` list, for exercises whose
        items are rated (the statistics, the dashboard's change table, where the team differs
        most).
    question : callable or None
        ``question(frame, content, parts, language)``: what an item (split at its dots) asked, as a
        list of words an export's reader understands; empty or holding ``None`` for an item
        it does not know.
    section : str
        The frame's section its content comes from, when not its ``name``.
    needs_baseline : bool
        It looks back at the baseline: it has content only in a later session linked to its
        baseline, and its picture and report get the baseline's answers (``baseline=``).
    parts : tuple of (kind, description, items)
        The kinds of its parts a mapping between frames can name
        (:mod:`betrokkenheid.compare`): ``items(content)`` gives those parts (each with an
        ``id`` and a ``label``).
    describe : callable or None
        ``describe(frame, drawn, lang, mine=False)``: what the picture of ``drawn`` (the data
        ``picture`` returns, or a page's picture of my answers with ``mine``) shows, in a few
        plain sentences with its numbers and its scale, at most :data:`ALT_LIMIT` characters:
        the picture's text alternative. Where ``drawn`` holds ``None`` (too few answers) it
        says so, without a number.
    retired : callable or None
        ``retired(frame, content, item)``: whether ``item`` is one an earlier version of the
        frame asked and this one no longer does (a quality a side of the triangle is not
        rated on any more, a direction of an activity whose form has none). Imports and the
        tidy tables leave such answers out instead of refusing them.
    team_shown : callable or None
        ``team_shown(answers)``: whether the page's team view draws the team's result for
        these answers of the session, for a page that draws my own answers there until then
        (barriers); ``None``: the team view always draws :attr:`picture`.
    """

    name: str
    notebook: str
    title_key: str
    page: str
    rules: Callable
    picture: Callable
    report: Callable
    demo: Callable
    change: Callable | None = None
    scales: Callable | None = None
    question: Callable | None = None
    section: str = ""
    needs_baseline: bool = False
    parts: tuple[tuple[str, str, Callable], ...] = ()
    describe: Callable | None = None
    retired: Callable | None = None
    team_shown: Callable | None = None

    def content(self, frame):
        """This exercise's section of ``frame`` (``None`` when the frame leaves it out)."""
        return getattr(frame, self.section or self.name, None)

    def page_class(self) -> type:
        """The class of its page."""
        module, _, name = self.page.partition(":")
        return getattr(import_module(module), name)

    def intro(self, frame, language: str) -> str:
        """What the exercise is about, above its questions: the frame's words, or, for an
        exercise that borrows another's section, its own (``NAME_intro`` in the texts)."""
        return self._words(frame, language, "intro")

    def talk(self, frame, language: str) -> str:
        """The question the team talks about (``NAME_talk`` when borrowing, as :meth:`intro`)."""
        return self._words(frame, language, "talk")

    def _words(self, frame, language: str, part: str) -> str:
        if self.section:
            from ..texts import tr

            return tr(f"{self.name}_{part}", language)
        return getattr(self.content(frame), part).get(language)


def short(label: str, limit: int = 60) -> str:
    """A label for a picture's text alternative: without its full stop, cut at a word
    within ``limit`` characters (with "…").

    Examples
    --------
    >>> short("Ouders voelen zich thuis.")
    'Ouders voelen zich thuis'
    >>> short("Kinderen horen thuis en op school dezelfde boodschap", 30)
    'Kinderen horen thuis en op…'
    """
    label = " ".join(str(label).split()).rstrip(".")
    if len(label) <= limit:
        return label
    cut = label[: limit - 1].rsplit(" ", 1)[0]
    for mark in (": ", "; ", ", "):  # rather at the end of a clause, when not too short
        if mark in cut and len(head := cut.rsplit(mark, 1)[0]) >= limit // 2:
            cut = head
            break
    return cut.rstrip(",;:") + "…"


def summary(lead: str, parts: list[str], lang: str, end: str = "", limit: int = ALT_LIMIT) -> str:
    """``lead``, then as many of ``parts`` as fit in ``limit`` characters (joined by "; ",
    the rest counted: "en nog 3 andere"), then the sentence ``end``.

    Examples
    --------
    >>> summary("Votes.", ["A 3", "B 2", "C 1"], "en")
    'Votes. A 3; B 2; C 1.'
    >>> summary("Votes.", ["A 3", "B 2", "C 1"], "en", limit=20)
    'Votes. A 3; and 2 more.'
    """
    from ..texts import tr

    def text(k: int) -> str:
        shown = list(parts[:k])
        if k < len(parts):
            shown.append(tr("alt_more", lang, n=len(parts) - k))
        return " ".join(p for p in (lead, "; ".join(shown) + "." if shown else "", end) if p)

    k = len(parts)
    while k > 1 and len(text(k)) > limit:
        k -= 1
    return text(k)
