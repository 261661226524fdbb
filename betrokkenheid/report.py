"""The team's report: a self-contained, printable HTML page."""

from __future__ import annotations

import base64
from collections import Counter
from datetime import date

from .analysis import MIN_GROUP, team_triangle
from .errors import InputError
from .frames import load_frame

__all__ = ["report_html"]


def report_html(store, session_code: str, language: str = "nl") -> str:
    """The report of a session as one HTML page (pictures inlined; all text escaped)."""
    import jinja2

    from ._paths import assets_dir
    from .plots import draw_triangle, figure_png
    from .texts import tr

    session = store.session(session_code)
    frame = load_frame(session.frame)
    if frame.triangle is None:
        raise InputError(f"frame '{frame.id}'", "has no triangle section to report on")
    given = store.session_answers(session, "triangle")
    scores = team_triangle(given, frame)
    people = store.count_participants(session)
    roles = Counter(a.role for a in {a.participant_id: a for a in given}.values())

    from matplotlib.figure import Figure

    figure = Figure(figsize=(5.2, 4.4))
    draw_triangle(
        frame.partnership_triangle(),
        scores,
        language=language,
        low=frame.scale.min,
        high=frame.scale.max,
        ax=figure.add_subplot(),
    )
    picture = base64.b64encode(figure_png(figure, dpi=110)).decode()

    def number(value):
        if value is None:
            return "–"
        text = f"{value:.1f}"
        return text if language == "en" else text.replace(".", ",")

    rows = [
        {
            "label": r.label.get(language),
            "n": scores[r.id].n,
            "mean": number(scores[r.id].mean),
            "spread": number(scores[r.id].spread),
        }
        for r in frame.triangle.relations
    ]
    shown = [
        (scores[r.id].spread, r.label.get(language))
        for r in frame.triangle.relations
        if scores[r.id].shown
    ]
    words = _report_words(language)
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("betrokkenheid", "templates"), autoescape=True
    )
    return environment.get_template("report.html").render(
        lang=language,
        t=words,
        css=(assets_dir() / "workbook.css").read_text("utf-8"),
        session=session,
        frame=frame,
        today=date.today().isoformat(),
        measurement=tr(f"measurement_{session.measurement}", language),
        people=people,
        roles=", ".join(f"{tr(f'role_{r}', language)}: {n}" for r, n in sorted(roles.items())),
        picture=picture,
        rows=rows,
        agree=min(shown)[1] if len(shown) > 1 else "",
        differ=max(shown)[1] if len(shown) > 1 else "",
        threshold=MIN_GROUP,
    )


def _report_words(language: str) -> dict:
    from .texts import tr

    keys = (
        "title",
        "app",
        "made",
        "measurement",
        "people",
        "triangle",
        "relation",
        "answered",
        "mean",
        "spread",
        "agree",
        "differ",
        "threshold",
        "talk",
    )
    return {k: tr(f"report_{k}", language, min=MIN_GROUP) for k in keys}
