"""The trainer's guide (*gids voor de begeleider*): how to lead a study day, as HTML or PDF.

The content is data, ``guide.yaml`` beside this module (its format is at its top): for each
step of the day (the start, every exercise of :data:`~betrokkenheid.exercises.EXERCISES` in
its order, the debrief with the dashboard) its goal, time, group format, how to open and
close the talk and what to do with strong disagreement; the day as a plan of three and of six
hours; a glossary with the Flemish and the Netherlands term side by side; why the workbook
opens conversations and does not grade; and privacy. It is rendered as the team's report is
(a Jinja2 template in ``templates/``, the CSS of ``assets/``, WeasyPrint for PDF), and shown
as a page by :class:`betrokkenheid.ui.GuidePage`.

Examples
--------
>>> guide = load_guide()
>>> [step for step in guide.steps][:3], guide.steps["start"].minutes["short"]
(['start', 'perspectives', 'triangle'], 10)
>>> page = guide_html("en")
>>> page.startswith("<!DOCTYPE html>"), "Glossary: Flanders and the Netherlands" in page
(True, True)
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .errors import InputError
from .model import ShortText, Text

__all__ = [
    "GUIDE_FILE",
    "Guide",
    "guide_html",
    "guide_pdf",
    "load_guide",
    "plan_minutes",
    "step_names",
]

#: The shipped guide.
GUIDE_FILE = Path(__file__).parent / "guide.yaml"
#: The moments of the day that are no exercise: before the first, after the last.
FIRST, LAST = "start", "debrief"

Format = Literal["alone", "pairs", "team"]
PlanId = Literal["short", "long"]
Minutes = Annotated[int, Field(strict=True, ge=1, le=360)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Section(_Frozen):
    """A titled part of the guide: paragraphs, or a list of items."""

    title: Text
    paragraphs: tuple[Text, ...] = ()
    items: tuple[Text, ...] = ()


class Labels(_Frozen):
    """The guide's headings and small words."""

    contents: Text
    steps: Text
    goal: Text
    time: Text
    minutes: Text
    in_plan: Text
    format: Text
    open: Text
    close: Text
    disagreement: Text
    page: Text
    later_only: Text
    plans: Text
    plan_clock: Text
    plan_what: Text
    plan_minutes: Text
    plan_total: Text
    flanders: Text
    netherlands: Text
    meaning: Text


class GuideStep(_Frozen):
    """What the trainer needs for one step (*stap*) of the study day."""

    title: Text | None = None
    page: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}_[a-z_]+$")] | None = None
    goal: Text
    minutes: dict[PlanId, Minutes]
    format: Annotated[tuple[Format, ...], Field(min_length=1, max_length=3)]
    open: Text
    close: Text
    disagreement: Text


class PlanPart(_Frozen):
    """A part of a plan: a step of the day, or an activity of its own (a break)."""

    step: str | None = None
    label: Text | None = None
    minutes: Minutes | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _step_or_activity(self):
        if (self.step is None) == (self.label is None):
            raise ValueError("a part is either a step or an activity with a label")
        if self.step is not None and self.minutes is not None:
            raise ValueError("a step's minutes are in the step itself: leave them out here")
        if self.label is not None and self.minutes is None:
            raise ValueError("an activity needs its minutes")
        return self


class Plan(_Frozen):
    """The day in one plan: its parts in order, adding up to ``hours``."""

    id: PlanId
    hours: Annotated[int, Field(strict=True, ge=1, le=8)]
    starts: Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    title: Text
    intro: Text
    parts: Annotated[tuple[PlanPart, ...], Field(min_length=1)]


class Term(_Frozen):
    """A row of the glossary: the Flemish and the Netherlands term, and what it means."""

    flanders: ShortText
    netherlands: ShortText
    meaning: Text


class Glossary(_Frozen):
    title: Text
    intro: Text
    rows: Annotated[tuple[Term, ...], Field(min_length=1)]


class Guide(_Frozen):
    """The trainer's guide as :func:`load_guide` reads it from ``guide.yaml``."""

    title: Text
    intro: Text
    about: Text
    labels: Labels
    formats: dict[Format, Text]
    principles: Section
    privacy: Section
    before: Section
    steps: dict[str, GuideStep]
    plans: Annotated[tuple[Plan, ...], Field(min_length=1)]
    glossary: Glossary

    @model_validator(mode="after")
    def _plans_fit_the_steps(self):
        ids = [plan.id for plan in self.plans]
        if len(set(ids)) != len(ids):
            raise ValueError(f"plan ids must differ: {', '.join(ids)}")
        for name, step in self.steps.items():
            if unnamed := set(step.format) - set(self.formats):
                raise ValueError(f"step {name!r} uses a format without its words: {unnamed.pop()}")
            if set(step.minutes) != set(ids):
                raise ValueError(
                    f"step {name!r} gives minutes for {sorted(step.minutes)}, "
                    f"the plans are {sorted(ids)}"
                )
        for plan in self.plans:
            for part in plan.parts:
                if part.step is not None and part.step not in self.steps:
                    raise ValueError(f"plan {plan.id!r} names an unknown step {part.step!r}")
            total = plan_minutes(self, plan)
            if total != plan.hours * 60:
                raise ValueError(
                    f"the parts of plan {plan.id!r} add up to {total} minutes, "
                    f"not {plan.hours * 60} ({plan.hours} hours)"
                )
        return self


def step_names() -> list[str]:
    """The steps of the study day the guide must cover, in the order of the day: the start,
    every exercise of the registry, then the debrief.

    Examples
    --------
    >>> step_names()[0], step_names()[-1]
    ('start', 'debrief')
    """
    from .exercises import EXERCISES

    return [FIRST, *(e.name for e in EXERCISES), LAST]


def plan_minutes(guide: Guide, plan: Plan) -> int:
    """The minutes a plan's parts add up to (a step's own minutes in that plan)."""
    return sum(
        part.minutes if part.step is None else guide.steps[part.step].minutes[plan.id]
        for part in plan.parts
    )


def load_guide(path: str | Path | None = None) -> Guide:
    """The trainer's guide of ``path`` (default: the shipped ``guide.yaml``), checked.

    Raises
    ------
    InputError
        A file that cannot be read, is no YAML, has a missing or unknown key (naming its
        line), plans whose parts do not add up, or steps that are not exactly those of the
        study day in its order (:func:`step_names`).
    """
    path = Path(path) if path is not None else GUIDE_FILE
    if path == GUIDE_FILE:
        return _shipped()
    return _load(path)


@cache
def _shipped() -> Guide:
    return _load(GUIDE_FILE)


def _load(path: Path) -> Guide:
    from pydantic import ValidationError

    from .frames import _explain, read_yaml

    data, lines = read_yaml(path)
    if not isinstance(data, dict):
        raise InputError(str(path), "the guide must be a mapping of keys")
    try:
        guide = Guide.model_validate(data)
    except ValidationError as exc:
        raise _explain(path, exc, lines) from None
    wanted, found = step_names(), list(guide.steps)
    where = f"line {lines.get(('steps',), '?')}, key 'steps'"
    missing = [name for name in wanted if name not in found]
    if missing:
        raise InputError(str(path), f"no guide text for step {missing[0]!r}", where=where)
    unknown = [name for name in found if name not in wanted]
    if unknown:
        raise InputError(str(path), f"unknown step {unknown[0]!r}", where=where)
    if found != wanted:
        raise InputError(str(path), f"steps out of order: give them as {', '.join(wanted)}", where)
    for name, step in guide.steps.items():
        moment = name in (FIRST, LAST)
        if moment and (step.title is None or step.page is None):
            raise InputError(str(path), f"step {name!r} needs a title and a page", where=where)
        if not moment and (step.title is not None or step.page is not None):
            problem = f"step {name!r} has the title and page of its exercise: leave them out"
            raise InputError(str(path), problem, where=where)
    return guide


# --- rendering -------------------------------------------------------------------------------


def guide_html(language: str = "nl", whole: bool = True, guide: Guide | None = None) -> str:
    """The trainer's guide in ``language`` as HTML.

    Parameters
    ----------
    language : {"nl", "en"}
    whole : bool
        A self-contained page (its CSS inlined, laid out for A4 when printed); else only the
        guide's block, for a page of the workbook (:class:`betrokkenheid.ui.GuidePage`).
    guide : Guide, optional
        Another guide than the shipped one (:func:`load_guide`).

    Raises
    ------
    InputError
        An unknown language (source ``language``).
    """
    from markupsafe import Markup

    from .report import render_page

    context = _context(guide or load_guide(), language)
    css = Markup(_css(("workbook.css", "report.css", "guide.css") if whole else ("guide.css",)))
    return render_page("guide.html", css=css, whole=whole, **context)


def guide_pdf(language: str = "nl", guide: Guide | None = None) -> bytes:
    """The guide of :func:`guide_html` as PDF bytes (A4, made with WeasyPrint)."""
    from .report import pdf_of

    return pdf_of(guide_html(language, guide=guide), "guide")


def _css(names: tuple[str, ...]) -> str:
    from ._paths import assets_dir

    # our own style sheets, not typed text: inlined as is, only kept from closing <style>
    sheets = [(assets_dir() / name).read_text("utf-8") for name in names]
    return "\n".join(sheets).replace("</", "<\\/")


def _context(guide: Guide, language: str) -> dict:
    from .exercises import exercise
    from .privacy import MIN_FAMILY, MIN_GROUP
    from .texts import LANGUAGES, tr

    if language not in LANGUAGES:
        raise InputError("language", f"unknown language '{language}': choose nl or en")

    def say(text: Text | None) -> str:
        return text.get(language) if text is not None else ""

    labels = {name: say(text) for name, text in guide.labels}
    steps = []
    for number, (name, step) in enumerate(guide.steps.items(), start=1):
        unit = None if name in (FIRST, LAST) else exercise(name)
        times = [
            f"{labels['minutes'].format(n=step.minutes[p.id])} "
            f"({labels['in_plan'].format(hours=p.hours)})"
            for p in guide.plans
        ]
        steps.append(
            {
                "id": name,
                "number": number,
                "title": say(step.title) if unit is None else tr(unit.title_key, language),
                "page": step.page or unit.notebook.removesuffix(".ipynb"),
                "goal": say(step.goal),
                "time": " · ".join(times),
                "format": " → ".join(say(guide.formats[f]) for f in step.format),
                "open": say(step.open),
                "close": say(step.close),
                "disagreement": say(step.disagreement),
                "later_only": labels["later_only"]
                if unit is not None and unit.needs_baseline
                else "",
            }
        )
    titles = {s["id"]: s["title"] for s in steps}
    privacy = [
        say(p).replace("{min_group}", str(MIN_GROUP)).replace("{min_family}", str(MIN_FAMILY))
        for p in guide.privacy.paragraphs
    ]
    return {
        "lang": language,
        "title": say(guide.title),
        "intro": say(guide.intro),
        "about": say(guide.about),
        "labels": labels,
        "principles": {
            "title": say(guide.principles.title),
            "paragraphs": _all(guide.principles.paragraphs, say),
        },
        "privacy": {"title": say(guide.privacy.title), "paragraphs": privacy},
        "before": {"title": say(guide.before.title), "entries": _all(guide.before.items, say)},
        "steps": steps,
        "plans": [_plan(guide, plan, titles, labels, say) for plan in guide.plans],
        "glossary": {
            "title": say(guide.glossary.title),
            "intro": say(guide.glossary.intro),
            "rows": [
                {"flanders": t.flanders, "netherlands": t.netherlands, "meaning": say(t.meaning)}
                for t in guide.glossary.rows
            ],
        },
    }


def _all(texts, say) -> list[str]:
    return [say(text) for text in texts]


def _plan(guide: Guide, plan: Plan, titles: dict, labels: dict, say) -> dict:
    """A plan as rows with their clock times ("09:00–09:20"), the minutes and the notes."""
    hour, minute = (int(part) for part in plan.starts.split(":"))
    clock = hour * 60 + minute
    rows = []
    for part in plan.parts:
        minutes = part.minutes if part.step is None else guide.steps[part.step].minutes[plan.id]
        rows.append(
            {
                "clock": f"{_clock(clock)}–{_clock(clock + minutes)}",
                "what": titles[part.step] if part.step is not None else say(part.label),
                "step": part.step or "",
                "minutes": minutes,
                "note": say(part.note),
            }
        )
        clock += minutes
    return {
        "id": plan.id,
        "title": say(plan.title),
        "intro": say(plan.intro),
        "rows": rows,
        "total": plan_minutes(guide, plan),
        "total_text": labels["minutes"].format(n=plan_minutes(guide, plan)),
    }


def _clock(minutes: int) -> str:
    """A time of day from minutes after midnight.

    >>> _clock(9 * 60 + 5), _clock(13 * 60)
    ('09:05', '13:00')
    """
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
