"""The team's report: a few printable A4 pages, as self-contained HTML or as PDF.

One page with the session (school, date, frame, measurement, who took part), then a section
per exercise of the frame: the team's picture, where the team agrees and differs most, the
conversation question and, for barriers, the action plan. Privacy as in
:mod:`betrokkenheid.privacy`: no group result of fewer than
:data:`~betrokkenheid.privacy.MIN_GROUP` people, also not by role.
Text typed by participants (the school name, actions, own activities) is always escaped.
"""

from __future__ import annotations

import base64
import math
from collections import Counter

from .analysis import (
    ACTION_PARTS,
    action_plan,
    answered_by,
    barrier_counts,
    team_items,
    team_levels,
    team_triangle,
    top_opportunities,
    tree_branches,
    vote_tally,
)
from .errors import InputError
from .frames import load_frame
from .model import SECTIONS
from .privacy import MIN_GROUP, enough, role_groups
from .texts import number

__all__ = ["report_html", "report_pdf"]

TOP_CHANCES = 3  # the opportunities the action plan is about (as on the barriers page)
TOP_BARRIERS = 5
TOP_ACTIVITIES = 5


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
    import jinja2
    from markupsafe import Markup

    from ._paths import assets_dir

    context = _report_context(store, session_code, language, compare)
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("betrokkenheid", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    # our own style sheet, not typed text: inlined as is (escaped, "a > b" and quoted font
    # names would break), only kept from closing the <style> element
    css = (assets_dir() / "workbook.css").read_text("utf-8").replace("</", "<\\/")
    return environment.get_template("report.html").render(css=Markup(css), **context)


def report_pdf(store, session_code: str, language: str = "nl", compare: str | None = None) -> bytes:
    """The same report as :func:`report_html`, as PDF bytes (A4, made with WeasyPrint).

    Raises
    ------
    InputError
        As :func:`report_html`, or WeasyPrint (or the pango library it needs) is not
        installed.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint found, pango not
        reason = " ".join(str(exc).split())[:200]
        raise InputError(
            "report",
            "PDF needs WeasyPrint and the pango library: install them "
            f"(pip install weasyprint; pango from your system's packages) ({reason})",
        ) from None
    html = report_html(store, session_code, language, compare)
    return weasyprint.HTML(string=html, base_url=None).write_pdf()


# --- what the template gets ------------------------------------------------------------------


def _report_context(store, session_code: str, language: str, compare: str | None = None) -> dict:
    from .texts import LANGUAGES, tr

    if language not in LANGUAGES:
        raise InputError("language", f"unknown language '{language}': choose nl or en")
    session = store.session(session_code)
    baseline = _baseline(store, session, compare) if compare is not None else None
    frame = load_frame(session.frame)
    builders = {
        "perspectives": _perspectives,
        "triangle": _triangle,
        "forms": _forms,
        "climate": _climate,
        "barriers": _barriers,
    }
    sections = []
    for name in SECTIONS:
        content = getattr(frame, name)
        if content is None:
            continue
        given = store.session_answers(session, name)
        people = answered_by(given)
        section = {
            "id": name,
            "title": tr(f"page_{name}", language),
            "people": people,
            "shown": enough(people),
            "talk": content.talk.get(language),
            "picture": None,
            "legend": "",
            "agree": [],
            "differ": [],
        }
        if section["shown"]:
            section.update(builders[name](given, frame, language))
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
        "min_group": MIN_GROUP,
    }


def _baseline(store, session, code: str):
    """The baseline session of ``code`` to compare ``session`` with, checked.

    Raises
    ------
    InputError
        No such session, this session itself, another school, another frame, or not a
        baseline measurement.
    """
    baseline = store.session(code)
    if baseline.code == session.code:
        problem = "is this session itself: give the join code of its baseline"
    elif baseline.school != session.school:
        problem = f"is of another school ({baseline.school!r}, not {session.school!r})"
    elif baseline.frame != session.frame:
        problem = f"uses another frame ({baseline.frame!r}, not {session.frame!r})"
    elif baseline.measurement != "baseline":
        problem = f"is not a baseline measurement (it is {baseline.measurement!r})"
    else:
        return baseline
    raise InputError("--compare", f"session {baseline.code} {problem}")


def _change(store, baseline, session, frame, language: str) -> dict:
    """The section with the baseline beneath this session: a picture and plain words per part."""
    from .pictures import CHANGE_PICTURES, Canvas, change_picture
    from .texts import tr

    pictures = []
    for name in CHANGE_PICTURES:
        if getattr(frame, name) is None:
            continue
        canvas = Canvas()
        captions, _ = change_picture(
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
                "title": tr(f"page_{name}", language),
                "picture": _svg(canvas.figure),
                "captions": captions,
            }
        )
    return {
        "title": tr("change_title", language),
        "intro": tr("change_intro", language, before=baseline.code, after=session.code),
        "baseline_date": _date(baseline.created_at.astimezone(), language),
        "baseline_code": baseline.code,
        "pictures": pictures,
        "legend": tr("change_pictures_legend", language),
        "question": tr("change_pictures_question", language),
    }


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


def _extremes(scored: list[tuple[float, str]]) -> tuple[list, list]:
    """The items with the smallest and with the largest spread (never the same item twice).

    ``scored`` holds (spread, label) in the frame's order; ties keep that order. With n items,
    up to a third (at most 3, at least 1) go on each side.

    Examples
    --------
    >>> _extremes([(0.5, "a"), (0.1, "b"), (0.9, "c")])
    (['b'], ['c'])
    >>> _extremes([(0.5, "a")])
    ([], [])
    """
    if len(scored) < 2:
        return [], []
    k = max(1, min(3, len(scored) // 3))
    ranked = sorted(range(len(scored)), key=lambda i: scored[i][0])
    agree = [scored[i][1] for i in ranked[:k]]
    differ = [scored[i][1] for i in sorted(ranked[-k:], key=lambda i: -scored[i][0])]
    return agree, differ


def _svg(figure) -> str:
    """The figure as an SVG data URL for an ``<img>`` (an image runs no scripts)."""
    from .plots import figure_svg

    return "data:image/svg+xml;base64," + base64.b64encode(figure_svg(figure)).decode("ascii")


def _perspectives(given, frame, language: str) -> dict:
    from .pictures import Canvas, draw_gap_of, gap_rows
    from .texts import tr

    content = frame.perspectives
    scores = team_items(given, content.item_ids())
    scale = [label.get(language) for label in content.present.labels]
    canvas = Canvas()
    draw_gap_of(content, gap_rows(content, scores, language), language, canvas.axes, scale)
    figure = canvas.figure
    aspects = {a: tr(f"report_{a}_short", language) for a in ("present", "important")}
    scored, gaps = [], []
    for group in content.groups:
        for statement in group.statements:
            label = statement.label.get(language)
            for aspect, name in aspects.items():
                score = scores[f"{statement.id}.{aspect}"]
                if score.shown:
                    scored.append((score.spread, _entry(f"{label} ({name})", score, language)))
            present, important = (scores[f"{statement.id}.{a}"] for a in aspects)
            if present.shown and important.shown and important.mean > present.mean:
                gap = important.mean - present.mean
                gaps.append((gap, {"label": label, "value": number(gap, language)}))
    agree, differ = _extremes(scored)
    gaps.sort(key=lambda g: -g[0])
    return {
        "picture": _svg(figure),
        "legend": tr("gap_legend", language),
        "agree": agree,
        "differ": differ,
        "gaps": [g for _, g in gaps[:3]],
    }


def _entry(label: str, score, language: str) -> dict:
    return {"label": label, "value": number(score.spread, language)}


def _triangle(given, frame, language: str) -> dict:
    from .pictures import Canvas, draw_triangle_of
    from .texts import tr

    scores = team_triangle(given, frame)
    canvas = Canvas()
    draw_triangle_of(frame, scores, language, canvas.axes)
    figure = canvas.figure
    relations = frame.triangle.relations
    rows = []
    for relation in relations:
        score = scores[relation.id]
        rows.append(
            {
                "label": relation.label.get(language),
                "n": score.n,
                "mean": number(score.mean, language),
                "spread": number(score.spread, language),
            }
        )
    agree, differ = _extremes(
        [
            (scores[r.id].spread, _entry(r.label.get(language), scores[r.id], language))
            for r in relations
            if scores[r.id].shown
        ]
    )
    return {
        "picture": _svg(figure),
        "legend": tr("legend", language),
        "agree": agree,
        "differ": differ,
        "rows": rows,
        "scale": (frame.scale.min, frame.scale.max),
    }


def _forms(given, frame, language: str) -> dict:
    from .pictures import Canvas, draw_tree_of
    from .texts import tr

    branches = tree_branches(given, frame.forms, language)
    canvas = Canvas()
    draw_tree_of(branches, language, canvas.axes)
    figure = canvas.figure
    leaves = [
        {"label": leaf["label"], "form": branch["label"], "count": leaf["count"]}
        for branch in branches
        for leaf in branch["leaves"]
    ]
    leaves.sort(key=lambda leaf: -leaf["count"])  # stable: ties stay in the tree's order
    return {
        "picture": _svg(figure),
        "legend": tr("tree_legend", language),
        "activities": leaves[:TOP_ACTIVITIES],
        "bare": [b["label"] for b in branches if not b["leaves"]],
    }


def _climate(given, frame, language: str) -> dict:
    from .pictures import Canvas, draw_radar_of, radar_rows
    from .texts import tr

    content = frame.climate
    ids = [c.id for c in content.components]
    levels = team_levels(given, ids)
    scores = team_items(given, ids)  # the spread (standard deviation) ranks agree/differ
    names = [level.label.get(language) for level in content.levels]
    canvas = Canvas()
    draw_radar_of(content, radar_rows(content, levels, None, language), language, canvas.axes)
    figure = canvas.figure

    def level(value: float) -> str:
        return names[min(len(names), max(1, math.floor(value + 0.5))) - 1]

    rows = []
    for component in content.components:
        spread = levels[component.id]
        if not spread.shown:
            rows.append({"label": component.label.get(language), "n": spread.n, "middle": None})
            continue
        low, high = math.floor(spread.median), math.ceil(spread.median)
        middle = (
            names[low - 1]
            if low == high
            else tr("report_between", language, low=names[low - 1], high=names[high - 1])
        )
        band = level(spread.low), level(spread.high)
        rows.append(
            {
                "label": component.label.get(language),
                "n": spread.n,
                "middle": middle,
                "most": band[0] if band[0] == band[1] else f"{band[0]} – {band[1]}",
                "spread": number(scores[component.id].spread, language),
            }
        )
    agree, differ = _extremes(
        [
            (scores[c.id].spread, _entry(c.label.get(language), scores[c.id], language))
            for c in content.components
            if scores[c.id].shown and levels[c.id].shown
        ]
    )
    return {
        "picture": _svg(figure),
        "legend": tr("report_radar_legend", language),
        "agree": agree,
        "differ": differ,
        "rows": rows,
    }


def _barriers(given, frame, language: str) -> dict:
    from .pictures import Canvas, draw_votes_of
    from .texts import tr

    content = frame.barriers
    votes_given = [a for a in given if a.item.startswith("vote.")]
    named_given = [a for a in given if a.item.startswith("barrier.")]
    result: dict = {"votes_shown": enough(answered_by(votes_given)), "votes_unknown": 0}
    if result["votes_shown"]:
        tally = vote_tally(votes_given, [c.id for c in content.opportunities])
        rows = [(c.label.get(language), tally["votes"][c.id]) for c in content.opportunities]
        canvas = Canvas()
        draw_votes_of(rows, canvas.axes)
        figure = canvas.figure
        result.update(
            picture=_svg(figure),
            legend=tr("votes_legend", language),
            votes_unknown=tally["unknown"],
        )
        chances = top_opportunities(given, content, TOP_CHANCES)
        result["plan"] = [
            {"opportunity": entry["opportunity"], "actions": entry["actions"] or [{}]}
            for entry in action_plan(given, content, language, chances=chances)
        ]
    else:
        result["plan"] = []
    result["barriers_shown"] = enough(answered_by(named_given))
    if result["barriers_shown"]:
        counts = barrier_counts(named_given, content)
        named = sorted((b for b in content.barriers if counts[b.id]), key=lambda b: -counts[b.id])
        result["barriers"] = [
            {"label": b.label.get(language), "count": counts[b.id]} for b in named[:TOP_BARRIERS]
        ]
    else:
        result["barriers"] = []
    result["parts"] = ACTION_PARTS
    return result
