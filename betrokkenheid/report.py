"""The team's report: a few printable A4 pages, as self-contained HTML or as PDF.

One page with the session (school, date, frame, measurement, who took part), then a section
per exercise of the frame: the team's picture, where the team agrees and differs most, the
conversation question and, for barriers, the action plan; then, for a frame with a parents'
questionnaire that parents answered, what parents say beside the team
(:mod:`betrokkenheid.voices`), and once parents or children answered, the three voices of
the triangle side by side (:mod:`betrokkenheid.triangle_voices`). Privacy as in
:mod:`betrokkenheid.privacy`: no group result of fewer than
:data:`~betrokkenheid.privacy.MIN_GROUP` people, also not by role, and none of parents or
children below :data:`~betrokkenheid.privacy.MIN_FAMILY`.
Text typed by participants (the school name, actions, own activities) is always escaped.
"""

from __future__ import annotations

from collections import Counter

from .analysis import answered_by
from .errors import InputError
from .exercises import change_picture, describe_picture, of_frame
from .frames import load_frame
from .privacy import MIN_GROUP, enough, role_groups

__all__ = ["pdf_of", "render_page", "report_html", "report_pdf"]


def report_html(store, session_code: str, language: str = "nl", compare: str | None = None) -> str:
    """The team's report of a session as one self-contained HTML page.

    Parameters
    ----------
    store : Store
    session_code : str
        The session's join code.
    language : {"nl", "en"}
    compare : str, optional
        The join code of the same school's baseline (*nulmeting*) in the same frame: a
        section then draws it beneath this session in the triangle and the climate radar,
        with plain words on where the team grew.

    Returns
    -------
    str
        An HTML page with its CSS and pictures (SVG) inlined, laid out for A4 when printed.

    Raises
    ------
    InputError
        No session with this code, an unknown language, or a ``compare`` session that is
        not a baseline of the same school and frame.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    >>> page = report_html(store, code, "en")
    >>> page.startswith("<!DOCTYPE html>"), "De Linde" in page, "Talk about it" in page
    (True, True, True)
    """
    from markupsafe import Markup

    from ._paths import assets_dir

    context = _report_context(store, session_code, language, compare)
    # our own style sheets, the pages' and then the report's, not typed text: inlined as is
    # (escaped, "a > b" and quoted font names would break), only kept from closing <style>
    sheets = [(assets_dir() / name).read_text("utf-8") for name in ("workbook.css", "report.css")]
    css = "\n".join(sheets).replace("</", "<\\/")
    return render_page("report.html", css=Markup(css), **context)


def render_page(template: str, **context) -> str:
    """A page of ours (the report, the trainer's guide) from its Jinja2 template in
    ``templates/``, with autoescape on: every value is escaped unless it is ``Markup``."""
    import jinja2

    environment = jinja2.Environment(
        # the page's frame, then each exercise's own block (exercises/NAME/report.html)
        loader=jinja2.ChoiceLoader(
            [
                jinja2.PackageLoader("betrokkenheid", "templates"),
                jinja2.PackageLoader("betrokkenheid", "exercises"),
            ]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    return environment.get_template(template).render(**context)


def report_pdf(store, session_code: str, language: str = "nl", compare: str | None = None) -> bytes:
    """The same report as :func:`report_html`, as PDF bytes (A4, made with WeasyPrint).

    Raises
    ------
    InputError
        As :func:`report_html`, or WeasyPrint (or the pango library it needs) is not
        installed.
    """
    html = report_html(store, session_code, language, compare)
    return pdf_of(html, "report")


def pdf_of(html: str, source: str) -> bytes:
    """A page of ours (a report, a letter, a paper form) as PDF; an :class:`InputError`
    (naming ``source``) when WeasyPrint or the pango library it needs is not installed."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint found, pango not
        reason = " ".join(str(exc).split())[:200]
        raise InputError(
            source,
            "PDF needs WeasyPrint and the pango library: install them "
            f"(pip install weasyprint; pango from your system's packages) ({reason})",
        ) from None
    return weasyprint.HTML(string=html, base_url=None).write_pdf()


# --- what the template gets ------------------------------------------------------------------


def _report_context(store, session_code: str, language: str, compare: str | None = None) -> dict:
    from .texts import LANGUAGES, tr

    if language not in LANGUAGES:
        raise InputError("language", f"unknown language '{language}': choose nl or en")
    session = store.session(session_code)
    baseline = _baseline(store, session, compare) if compare is not None else None
    frame = load_frame(session.frame)
    # a step that looks back (the follow-up) reads the linked baseline, or the one compared
    looked_back = baseline or (store.session(session.baseline) if session.baseline else None)
    earlier = store.session_answers(looked_back) if looked_back else []
    sections = []
    for exercise in of_frame(frame):
        if exercise.needs_baseline and looked_back is None:
            continue
        name = exercise.name
        given = store.session_answers(session, name)
        people = answered_by(given)
        section = {
            "id": name,
            "title": tr(exercise.title_key, language),
            "people": people,
            "shown": enough(people),
            "talk": exercise.talk(frame, language),
            "picture": None,
            "alt": "",  # what the picture shows, in words: its text alternative
            "legend": "",
            "agree": [],
            "differ": [],
        }
        if section["shown"] and exercise.needs_baseline:
            later = store.session_answers(session)
            section.update(exercise.report(given, frame, language, baseline=earlier, later=later))
        elif section["shown"]:
            section.update(exercise.report(given, frame, language))
        drawn = section.pop("drawn", None)  # the data of the picture, from the same answers
        if section["picture"] and drawn is not None:
            section["alt"] = describe_picture(name, frame, drawn, language)
        sections.append(section)
    return {
        "lang": language,
        "t": _Words(language),
        "session": session,
        "frame_title": frame.title.get(language),
        "description": frame.description.get(language),
        "attribution": frame.attribution.get(language),
        "session_date": _date(session.created_at.astimezone(), language),
        "today": _date(_now(), language),
        "measurement": tr(f"measurement_{session.measurement}", language),
        "people": store.count_participants(session),
        "roles": _role_counts(store.roles(session), language),
        "sections": sections,
        "change": _change(store, baseline, session, frame, language) if baseline else None,
        "voices": _voices(store, session, frame, language),
        "three": _three(store, session, frame, language),
        "min_group": MIN_GROUP,
    }


def _baseline(store, session, code: str):
    """The baseline session of ``code`` to compare ``session`` with, checked.

    Raises
    ------
    InputError
        No such session, this session itself, another school, another frame, not a
        baseline measurement, or another baseline than the one this session is linked to.
    """
    try:  # the rule a link to a baseline follows (the store's), nothing written
        baseline = store.check_baseline(session, code)
    except InputError as exc:
        raise InputError("--compare", exc.problem) from None
    if session.baseline is not None and baseline.code != session.baseline:
        problem = (
            f"session {baseline.code} is not the baseline of {session.code}, which is linked "
            f"to {session.baseline}: give --compare {session.baseline}"
        )
        raise InputError("--compare", problem)
    return baseline


def _change(store, baseline, session, frame, language: str) -> dict:
    """The section with the baseline beneath this session: per scale both results, the
    difference and plain words (a table, as the dashboard shows it), then the pictures with
    both measurements and the same words per part (:mod:`betrokkenheid.growth`)."""
    from .exercises.blocks import svg_url
    from .growth import change_lines, change_rows
    from .pictures import Canvas
    from .texts import tr

    rows = change_rows(store, baseline, session, frame, language)
    pictures = []
    for exercise in of_frame(frame):
        if exercise.change is None:
            continue
        name = exercise.name
        canvas = Canvas()
        change_picture(
            name,
            frame,
            store.session_answers(session, name),
            store.session_answers(baseline, name),
            language,
            canvas.axes,
        )
        pictures.append(
            {
                "id": name,
                "title": tr(exercise.title_key, language),
                "picture": svg_url(canvas.figure),
                "captions": change_lines([r for r in rows if r["exercise"] == name], language),
            }
        )
    heads = ("change_scale", "change_before", "change_after", "change_diff", "change_words")
    return {
        "title": tr("change_title", language),
        "intro": tr("change_intro", language, before=baseline.code, after=session.code),
        "baseline_date": _date(baseline.created_at.astimezone(), language),
        "baseline_code": baseline.code,
        "heads": [tr(key, language) for key in heads],
        "rows": rows,
        "rows_legend": tr("change_legend", language, min=MIN_GROUP),
        "pictures": pictures,
        "legend": tr("change_pictures_legend", language),
        "question": tr("change_pictures_question", language),
    }


def _voices(store, session, frame, language: str) -> dict | None:
    """The block "what parents say": how many parents answered (per language, with the mark
    of a translation not yet checked; online and on paper), and from
    :data:`~betrokkenheid.privacy.MIN_FAMILY` parents on the comparison with the team
    (picture with its text alternative, table with its scale), the chips and the open
    answers. ``None`` for a frame without a parents' questionnaire or when no parent answered
    yet. Texts are given as they are; the template escapes them."""
    from .exercises.blocks import svg_url
    from .pictures import Canvas
    from .privacy import MIN_FAMILY
    from .texts import tr
    from .voices import describe, draw, parents_voice, scale_words, table, who_answered

    if frame.parents is None:
        return None
    counts = who_answered(store.audience_counts(session))
    if not counts["people"]:
        return None
    found = parents_voice(
        frame,
        store.session_answers(session),
        store.session_answers(session, "parents", audience="parent"),
        language,
    )
    block = {
        "id": "voices",
        "title": tr("voices_title", language),
        "intro": tr("voices_intro", language),
        "count": tr("voices_count", language, n=counts["people"]),
        "languages_title": tr("voices_languages", language),
        "languages": counts["languages"],
        "unchecked": tr("voices_unchecked", language),
        "channels": tr("voices_channels", language, **counts["channels"]),
        "shown": found.shown,
        "waiting": tr("voices_waiting", language, min=MIN_FAMILY, n=found.needed),
        "threshold": tr("voices_threshold", language, min=MIN_FAMILY, team=MIN_GROUP),
        "talk": tr("voices_talk", language),
    }
    if not found.shown:
        return block
    canvas = Canvas()
    draw(found, language, canvas.axes)
    legend = scale_words(found, language, "voices_legend")
    heads = ("statement", "col_team", "col_expected", "col_parents", "col_surprise")
    block.update(
        picture=svg_url(canvas.figure),
        alt=describe(found, language),
        legend="",
        scale=legend,
        reused_note=tr("voices_reused_note", language, present=tr("aspect_present", language))
        if any(v.reused for v in found.statements)
        else "",
        heads=[tr(f"voices_{h}", language) for h in heads],
        rows=table(found, language),
        chips_title=tr("voices_chips_title", language),
        chips=[(text, n) for _, text, n in found.chips if n],
        chips_legend=tr("voices_chips_legend", language, n=found.people, k=found.chip_people),
        open_title=tr("voices_open_title", language),
        open=list(found.open),
        open_none=tr("voices_open_none", language),
    )
    return block


def _three(store, session, frame, language: str) -> dict | None:
    """The block "three voices": the team, parents and children per side of the triangle
    (picture and its text alternative), per mirrored item (dot plot and its text
    alternative), and the table behind both (:mod:`betrokkenheid.triangle_voices`). ``None``
    for a frame without a triangle or questionnaires, or when no parent and no child
    answered yet. A voice below its threshold has no number anywhere in it."""
    from .exercises.blocks import svg_url
    from .pictures import Canvas
    from .privacy import MIN_FAMILY
    from .texts import tr
    from .triangle_voices import (
        VOICES,
        describe,
        describe_items,
        draw,
        draw_items,
        legend,
        table,
        three_voices,
    )

    if frame.triangle is None or (frame.parents is None and frame.children is None):
        return None
    counts = {
        name: sum(store.audience_counts(session, name).values()) for name in ("parent", "child")
    }
    if not any(counts.values()):
        return None
    found = three_voices(
        frame,
        store.session_answers(session),
        store.session_answers(session, "parents", audience="parent"),
        store.session_answers(session, "children", audience="child"),
    )
    count = []
    if frame.parents is not None:
        count.append(tr("voices_count", language, n=counts["parent"]))
    if frame.children is not None:
        count.append(tr("three_children_count", language, n=counts["child"]))
    waiting = []
    if frame.children is not None and counts["child"] < MIN_FAMILY:
        waiting.append(
            tr("three_children_waiting", language, min=MIN_FAMILY, n=MIN_FAMILY - counts["child"])
        )
    if frame.parents is not None and counts["parent"] < MIN_FAMILY:
        waiting.append(
            tr("voices_waiting", language, min=MIN_FAMILY, n=MIN_FAMILY - counts["parent"])
        )
    canvas = Canvas()
    draw(found, language, canvas.axes)
    block = {
        "id": "three",
        "title": tr("three_title", language),
        "intro": tr("three_intro", language),
        "count": " · ".join(count),
        "counts": count,
        "waiting": waiting,
        "picture": svg_url(canvas.figure),
        "alt": describe(found, language),
        "legend": tr("three_footing", language),
        "dots": None,
        "voices": [tr(f"three_voice_{name}", language) for name in VOICES],
        "names": list(VOICES),
        "heads": {
            "side": tr("three_col_side", language),
            "item": tr("three_col_item", language),
        },
        "rows": table(found, language),
        "scale": legend(found, language),
        "threshold": tr("three_threshold", language, min=MIN_FAMILY, team=MIN_GROUP),
        "talk": tr("three_talk", language),
    }
    if found.items:
        dots = Canvas()
        draw_items(found, language, dots.axes, width=7.5)  # a page: wider, fewer lines
        block["dots"] = {
            "id": "three-items",
            "title": tr("three_items_title", language),
            "picture": svg_url(dots.figure),
            "alt": describe_items(found, language),
            "legend": "",  # the picture says it under its axis
        }
    return block


class _Words:
    """``t.<name>`` in the template: the text ``report_<name>`` (or ``<name>``) in a language."""

    def __init__(self, language: str):
        self.language = language

    def __getattr__(self, name: str) -> str:
        try:
            return self(name)
        except KeyError:
            raise AttributeError(name) from None

    def __call__(self, name: str, **values) -> str:
        from .texts import has, tr

        key = f"report_{name}" if has(f"report_{name}") else name
        return tr(key, self.language, min=MIN_GROUP, **values)


def _now():
    from datetime import datetime

    return datetime.now().astimezone()


def _date(moment, language: str) -> str:
    """A day as people write it: "3 maart 2025" (nl), "3 March 2025" (en)."""
    from .texts import tr

    month = tr("report_months", language).split()[moment.month - 1]
    return tr("report_date", language, day=moment.day, month=month, year=moment.year)


def _role_counts(counts: Counter, language: str, min_group: int = MIN_GROUP) -> list[tuple]:
    """(role name, count) for the cover: small roles merged, so that nobody stands out.

    A role of fewer than ``min_group`` people joins "other roles"; when that group itself
    stays below ``min_group``, the smallest role joins it too. When everybody ends up in one
    group, no breakdown is given at all (the total says it).

    Examples
    --------
    >>> _role_counts(Counter(teacher=7, director=1, care_coordinator=2), "en")
    [('Teacher', 7), ('other roles', 3)]
    >>> _role_counts(Counter(teacher=7, director=1), "en")
    []
    """
    from .texts import tr

    named, rest = role_groups(counts, min_group)
    if not named:
        return []
    rows = [(tr(f"role_{r}", language), n) for r, n in named.items()]
    if rest:
        rows.append((tr("report_other_roles", language), rest))
    return rows
