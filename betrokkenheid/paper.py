"""What reaches parents on paper: the letter with the questionnaire's link and QR code, and the
questionnaire itself as a paper form (A4, as HTML or as PDF made with WeasyPrint).

Both are in the parent's language (:mod:`betrokkenheid.languages`), right to left for Arabic.
The letter is one page: why, how long, that nobody sees who answered what, the link as text
and as a QR code, and that a paper form can be had from the teacher. The paper form holds the
same questionnaire as the parents' page: each statement with a box under each face of the
scale and under "don't know" and "rather not say", the chips of "what makes it hard for you?"
as tick boxes and the open question with lines. Each page of it carries a small mark, the
language and the questionnaire code, so that the staff who type the forms in (the data-entry
page, ``12_papier``) find the right session and language. Children answer on a class's
tablets only: there is no paper form for them.

Examples
--------
>>> from betrokkenheid import Store
>>> store = Store("sqlite://")
>>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
>>> page = letter_html(store, code, "en", url="https://workbook.school.example/")
>>> "The team of De Linde" in page, "10_ouders.ipynb?s=" in page
(True, True)
>>> form = paper_html(store, code, "parents", "nl")
>>> "Ik voel me welkom op school." in form, 'dir="ltr"' in form
(True, True)
"""

from __future__ import annotations

import base64
import os
import re
from functools import cache

from .errors import InputError

__all__ = [
    "AUDIENCES",
    "URL_ENV",
    "chip_letters",
    "default_url",
    "letter_html",
    "letter_pdf",
    "paper_html",
    "paper_pdf",
]

#: Where parents reach the workbook, when ``betrokkenheid letter`` is given no ``--url``.
URL_ENV = "BETROKKENHEID_URL"
#: The audiences a paper form can be printed for, as the command names them, and as the
#: store and :mod:`betrokkenheid.questionnaire` name them. Not the children: a class answers
#: on its tablets (the children's page), and no page types children's forms in.
AUDIENCES = {"parents": "parent"}
OPEN_LINES = 5  # lines under the open question: a few sentences in handwriting


def letter_html(store, session_code: str, language: str, url: str | None = None) -> str:
    """The one-page letter to parents of a session, in ``language``, as an HTML page.

    Parameters
    ----------
    store : Store
    session_code : str
        The team's join code.
    language : str
        A language the session's questionnaire can be answered in
        (:func:`betrokkenheid.languages.offered`).
    url : str, optional
        The address where parents reach the workbook; by default the join link of the server
        this runs under (:func:`betrokkenheid.serve.questionnaire_link`).

    Returns
    -------
    str
        A self-contained HTML page (CSS and QR code inlined), laid out for one A4 page.

    Raises
    ------
    InputError
        No session with this code, a frame without a parents' questionnaire, a language it
        cannot be answered in, or no (or a bad) address. Nothing is written then: the
        questionnaire's code is made only once everything else is right.
    """
    from markupsafe import Markup

    from .languages import say
    from .serve import qr_svg, questionnaire_link

    session, frame, section, lang = _checked(store, session_code, "parents", language)
    questionnaire_link("CHECK", url)  # a missing or bad address fails before the code is made
    link = questionnaire_link(store.audience_code(session, AUDIENCES["parents"]), url)
    words = {
        key: say(key, lang.code, school=session.school, count=len(section.items))
        for key in _keys("letter_")
    }
    return _render(
        "letter.html", lang=lang, t=words, school=session.school, link=link, qr=Markup(qr_svg(link))
    )


def letter_pdf(store, session_code: str, language: str, url: str | None = None) -> bytes:
    """The letter of :func:`letter_html` as PDF bytes: one A4 page."""
    from .report import pdf_of

    return pdf_of(letter_html(store, session_code, language, url), "pdf")


def paper_html(store, session_code: str, audience: str = "parents", language: str = "nl") -> str:
    """The questionnaire of a session for ``audience`` as a paper form, an HTML page.

    Parameters
    ----------
    store : Store
    session_code : str
        The team's join code.
    audience : {"parents"}
        Whose questionnaire: the parents'. The children's has no paper form (an
        :class:`InputError` says so): children answer on the class's tablets.
    language : str
        A language the questionnaire can be answered in.

    Returns
    -------
    str
        A self-contained HTML page laid out for one or two A4 pages; each page is marked with
        the language and the questionnaire code.

    Raises
    ------
    InputError
        As :func:`letter_html`, or an audience the frame has no questionnaire for.
    """
    from .languages import questionnaire_text, say

    session, frame, section, lang = _checked(store, session_code, audience, language)
    code = store.audience_code(session, AUDIENCES[audience])

    def text(key: str) -> str:
        return questionnaire_text(frame, f"{audience}.{key}", lang.code)

    scale = section.scale
    steps = [
        {"label": text(f"scale.{v}"), "face": _face(v, scale.min, scale.max)} for v in scale.values
    ]
    return _render(
        "paper.html",
        lang=lang,
        t={key: say(key, lang.code) for key in (*_keys("paper_"), "dont_know", "rather_not")},
        intro=text("intro"),
        hard=text("hard"),
        open=text("open"),
        steps=steps,
        items=[text(f"items.{item.id}") for item in section.items],
        chips=[
            {"letter": letter, "text": text(f"barriers.{chip.barrier}")}
            for letter, chip in zip(
                chip_letters(len(section.barriers)), section.barriers, strict=True
            )
        ],
        lines=range(OPEN_LINES),
        mark=f"{lang.code.upper()} · {code}",
    )


def paper_pdf(store, session_code: str, audience: str = "parents", language: str = "nl") -> bytes:
    """The paper form of :func:`paper_html` as PDF bytes (A4)."""
    from .report import pdf_of

    return pdf_of(paper_html(store, session_code, audience, language), "pdf")


# --- checks ----------------------------------------------------------------------------------


def _checked(store, session_code: str, audience: str, language: str):
    """The session, its frame, the questionnaire for ``audience`` and the language, checked
    in that order; an :class:`InputError` naming the first that is wrong."""
    from .frames import load_frame
    from .languages import language as known
    from .languages import offered

    session = store.session(session_code)
    frame = load_frame(session.frame)
    if audience == "children":
        raise InputError(
            "audience",
            "there is no paper form for children: a class answers on its tablets, on the "
            "children's page opened with the session's children's code "
            "(11_kinderen.ipynb?s=CODE)",
        )
    if audience not in AUDIENCES:
        names = ", ".join(AUDIENCES)
        raise InputError("audience", f"unknown audience '{str(audience)[:20]}': one of {names}")
    section = getattr(frame, audience, None)
    if section is None:
        raise InputError("audience", f"no questionnaire for {audience} in frame '{frame.id}'")
    lang = known(language)
    ready = [found.code for found in offered(frame, audience)]
    if lang.code not in ready:
        raise InputError(
            "language",
            f"the questionnaire of frame '{frame.id}' is not complete in {lang.english} "
            f"({lang.code}) yet: one of {', '.join(ready)}",
        )
    return session, frame, section, lang


# --- making the page -------------------------------------------------------------------------


def _keys(prefix: str) -> list[str]:
    from .languages import languages

    return [key for key in languages()["nl"].texts if key.startswith(prefix)]


def chip_letters(n: int) -> list[str]:
    """The marks of the chips, a, b, c, …: the same on the form and on the data-entry page."""
    return [chr(ord("a") + i) for i in range(n)]


def _face(step: int, low: int, high: int) -> str:
    """A face for a step of the scale as a small SVG data URL: from a frown (lowest) through a
    straight mouth to a smile (highest). Drawn, not a font's emoji: it prints everywhere."""
    bend = 2 * (step - low) / (high - low) - 1  # -1 frown … +1 smile
    mouth = f"M6.5 14.2 Q10 {14.2 + 4.4 * bend:.2f} 13.5 14.2"
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20" width="20" height="20">'
        '<circle cx="10" cy="10" r="8.6" fill="none" stroke="#1d2433" stroke-width="1.2"/>'
        '<circle cx="7.2" cy="8" r="1.1" fill="#1d2433"/>'
        '<circle cx="12.8" cy="8" r="1.1" fill="#1d2433"/>'
        f'<path d="{mouth}" fill="none" stroke="#1d2433" stroke-width="1.3" '
        'stroke-linecap="round"/></svg>'
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("ascii")).decode("ascii")


@cache
def _css() -> str:
    """The colour variables of the pages (``:root`` of workbook.css), then paper.css."""
    from ._paths import assets_dir

    workbook = (assets_dir() / "workbook.css").read_text("utf-8")
    root = re.search(r":root\s*\{[^}]*\}", workbook).group(0)
    # our own style sheets, not typed text: inlined as is, only kept from closing <style>
    return (root + "\n" + (assets_dir() / "paper.css").read_text("utf-8")).replace("</", "<\\/")


@cache
def _environment():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("betrokkenheid", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def _render(template: str, **context) -> str:
    from markupsafe import Markup

    page = _environment().get_template(template)
    return page.render(css=Markup(_css()), **context)


def default_url() -> str | None:
    """The address of ``$BETROKKENHEID_URL``, or None."""
    return os.environ.get(URL_ENV, "").strip() or None
