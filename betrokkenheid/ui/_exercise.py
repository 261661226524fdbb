"""What every exercise page shares: resume by code, the questions, the picture, navigation."""

from __future__ import annotations

import functools
import html
import logging
import time
from contextlib import contextmanager

import ipywidgets as ipw
import traitlets as tl

from ..answers import MAX_NOTE, check_answer
from ..errors import InputError
from ..exercises import describe_picture, exercise, of_frame
from ..frames import load_frame
from ..pictures import Canvas, warm_up, warmed
from ._common import (
    AUTO_WIDTH,
    STEPS,
    Page,
    PageModel,
    Picture,
    guarded,
    in_background,
    later,
    page_link,
    relabel_choice,
    soon,
    steps_html,
    style,
    tr,
)

__all__ = ["ExerciseModel", "ExercisePage", "background_html", "heeded"]

WARM_UP_TIMEOUT = 30.0  # s, the longest a first answer waits for matplotlib to be ready
log = logging.getLogger("betrokkenheid.ui")


class ExerciseModel(PageModel):
    """The state of an exercise page: my answers, the picture asked for and its data.

    Setting ``answers`` is answering: the page stores what changed, its widgets show it and
    the picture is drawn again. Setting ``view`` draws the other picture.
    """

    answers = tl.Dict()  # my answers to this step, as stored: item -> number or text
    view = tl.Unicode("me")  # the picture of my answers ("me") or of the team's ("team")
    drawn = tl.Dict()  # the data of the last picture


def background_html(concepts, language: str) -> str:
    """The background card of a step: each of the frame's ``concepts`` (*achtergrond*) as a
    line that opens on a click or a key (``<details>``, closed at first), with its text and
    its points; empty without concepts.

    Examples
    --------
    >>> from betrokkenheid import load_frame
    >>> card = background_html(load_frame("epstein").concepts_at("forms"), "en")
    >>> "<summary>" in card, "Overlapping spheres of influence" in card
    (True, True)
    >>> background_html((), "en")
    ''
    """
    if not concepts:
        return ""
    esc = html.escape
    kind = esc(tr("background", language))
    parts = []
    for concept in concepts:
        points = "".join(f"<li>{esc(p.get(language))}</li>" for p in concept.points)
        parts.append(
            f'<details class="btk-concept" data-concept="{esc(concept.id)}"><summary>'
            f'<span class="btk-concept-kind">{kind}:</span> '
            f'<span class="btk-concept-label">{esc(concept.label.get(language))}</span>'
            f'</summary><div class="btk-concept-body"><p>{esc(concept.text.get(language))}</p>'
            f"{f'<ul>{points}</ul>' if points else ''}</div></details>"
        )
    label = esc(tr("background_of_step", language))
    return f'<section class="btk-background" aria-label="{label}">{"".join(parts)}</section>'


def heeded(method):
    """Run an observer method only for changes the visitor makes, not for those the page
    makes itself inside :meth:`ExercisePage.quietly`; errors become messages (``guarded``)."""

    @functools.wraps(method)
    def observer(self, change):
        if not self._quiet:
            method(self, change)

    return guarded(observer)


class ExercisePage(Page):
    """A step of the study day: questions on the left, a picture with a question on the right.

    A subclass names its frame ``section`` (the answers use it as exercise name), builds its
    answer widgets in :meth:`build` (each with :meth:`answer_widget`, linked to an item of
    ``model.answers``), lays them out in :meth:`questions` and draws its picture in
    :meth:`draw`. The ``model`` (an :class:`ExerciseModel`) is the page's state: an answer
    changes it, the store follows at once, then the widgets and the picture. ``figure`` is
    the matplotlib figure of the picture.
    """

    section = ""
    # seconds between the questions and readying matplotlib for the first picture: its half
    # second of imports would slow the browser drawing the questions (measured: 1.3x a bare
    # page to the first usable button at once, 1.15x after 1 s; bench/pages.py)
    warm_up_delay = 1.0
    legend_key: str | None = None
    polar = False
    model_class = ExerciseModel
    text_limit = MAX_NOTE  # characters of a text typed on the page

    def __init__(
        self,
        store,
        participant_code: str | None = None,
        language: str | None = "nl",
        *,
        participant=None,
    ):
        """The page of ``participant_code`` (its questions follow right after the cell), or
        of ``participant`` (a :class:`~betrokkenheid.store.Participant` already known, say
        by the day page: its questions at once), or the form to type a code."""
        self.exercise = exercise(self.section)  # this step in the registry
        self.step = next(i for i, s in enumerate(STEPS) if s[2] == self.section)
        self.title_key = STEPS[self.step][1]
        super().__init__(store, language)
        self.frame = None
        self.canvas = Canvas()
        self._warming = None  # the thread that readies matplotlib for the first picture
        self._quiet = False  # the page changes its widgets itself: no answers (see quietly)
        self._links: list = []  # (widget, item, to_widget) of each answer widget
        self.picture = None  # the card with the picture, once there are questions
        self.code_input = ipw.Text(placeholder="ABCD-EFGH")
        self.code_input.add_class("btk-field")
        self.code_button = ipw.Button(button_style="primary", icon="arrow-right")
        self.code_button.add_class("btk-primary")
        self.code_button.on_click(self._resume)
        self.status = self.small(ipw.HTML, "btk-status")
        # hidden until the first picture: an empty image shows as a broken one
        self.image = Picture(format="svg+xml", layout=ipw.Layout(width="100%", display="none"))
        self.caption = self.small(ipw.HTML, "btk-caption")
        self.view_choice = ipw.ToggleButtons(options=self._views(), value="me", style=AUTO_WIDTH)
        self.view_choice.add_class("btk-choice")
        tl.link((self.view_choice, "value"), (self.model, "view"))
        self.model.observe(self._on_view, "view")
        self.model.observe(self._on_answers, "answers")
        self.body = self.small(ipw.VBox)
        self.nav = self.small(ipw.HTML)
        self.steps = self.small(ipw.HTML)
        self.children = [style(), self.header, self.message, self.body, self.nav, self.steps]
        if participant is not None:
            self._open(participant=participant)
        elif participant_code:
            # the questions come right after this cell, while the browser loads the page
            self.steps.value = self._steps(self.model.language)
            self.body.children = [self.html_block(tr("loading", self.model.language))]
            soon(lambda: self._open(participant_code))
        else:
            self.relabel()

    @property
    def content(self):
        """This page's section of the session's frame."""
        return self.exercise.content(self.frame)

    @property
    def view(self) -> str:
        """The picture shown: of my answers ("me") or of the team's ("team")."""
        return self.model.view

    @view.setter
    def view(self, view: str) -> None:
        self.model.view = view

    @property
    def drawn(self) -> dict:
        """The data of the last picture."""
        return self.model.drawn

    # to be written by each page --------------------------------------------------------------
    def build(self) -> None:  # pragma: no cover
        """Make the answer widgets (with :meth:`answer_widget`)."""
        raise NotImplementedError

    def questions(self, language: str) -> list:  # pragma: no cover
        """The widgets of the left column, labelled in ``language``."""
        raise NotImplementedError

    def draw(self, language: str) -> str:  # pragma: no cover
        """Draw the picture for ``model.view`` on :meth:`axes`; set ``model.drawn``; return
        a caption."""
        raise NotImplementedError

    # shared behaviour -----------------------------------------------------------------------------
    def _open(self, code: str | None = None, participant=None) -> None:
        self._resume(code=code, participant=participant)
        if self.model.participant is None:  # a wrong code: the form to type it again
            self.relabel()

    @guarded
    def _resume(self, _button=None, code: str | None = None, participant=None) -> None:
        me = participant or self.store.participant(code or self.code_input.value)
        frame = load_frame(me.session.frame)
        if self.exercise.content(frame) is None:
            raise InputError(
                f"frame '{frame.id}'",
                f"has no {self.exercise.section or self.section} section, so this step has no "
                "questions",
            )
        if self.exercise not in of_frame(frame, me.session):
            raise InputError("baseline link", "this session is not linked to a baseline")
        if not self.language_from_link and me.language != self.model.language:
            self.model.language = me.language  # before the participant: only labels follow
        self.frame, self.model.participant = frame, me
        self.message.clear()
        with self.quietly():  # my answers as stored: to show, not to store again
            self.model.answers = self.store.answers_of(me, self.section)
        self._links = []
        self.build()
        self.relabel()
        # a warm process (a forked kernel) draws quickly: now, while the kernel says busy, so
        # that the browser gets the picture with the questions (a picture sent while the
        # browser still makes the page's widgets can be lost)
        if warmed():
            self._first_picture()
        else:
            later(self.warm_up_delay, self._warm_up)

    def _warm_up(self) -> None:
        if self.canvas.figure is None:  # else an answer has drawn the first picture already
            self._warming = in_background(warm_up, then=self._first_picture)

    @guarded
    def _first_picture(self) -> None:
        if self.canvas.figure is None:
            self.redraw()

    def store_answer(self, item: str, value=None, text=None) -> tuple:
        """Check one answer against the frame (the rules an import checks too, see
        :mod:`betrokkenheid.answers`) and store it; returns ``(value, text)`` as stored."""
        value, text = check_answer(self.frame, self.section, item, value, text)
        self.store.save_answer(self.model.participant, self.section, item, value, text)
        return value, text

    def answer(self, item: str, answer) -> None:
        """Give ``answer`` (a number, a text, or None to take it back) to ``item``."""
        answers = {k: v for k, v in self.model.answers.items() if k != item}
        if answer is not None:
            answers[item] = answer
        self.model.answers = answers

    @heeded
    def _on_answers(self, change) -> None:
        """The store follows my answers at once; then the widgets, the status and the picture.

        What the store refuses or cannot take is taken back: the model and its widgets keep
        what is stored (a text without its outer spaces, say).
        """
        old, new = change["old"], change["new"]
        changed = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        stored = dict(old)
        try:
            for item in changed:
                answer = new.get(item)
                value, text = (None, answer) if isinstance(answer, str) else (answer, None)
                value, text = self.store_answer(item, value, text)
                stored.pop(item, None)
                if value is not None or text is not None:
                    stored[item] = text if value is None else value
        finally:
            with self.quietly():
                self.model.answers = stored
            self.show(changed)
            self.answered(changed)
        lang = self.model.language
        self.status.value = html.escape(tr("saved_at", lang, time=time.strftime("%H:%M:%S")))
        if bool(old) != bool(stored):  # a first answer, or none left: the step's tick changes
            self.steps.value = self._steps(lang)
        self.redraw()

    def answer_widget(self, item, cls, *css_classes, to_answer=None, to_widget=None, **traits):
        """A widget of ``cls`` (made by :meth:`small`) linked to my answer ``item`` (a name,
        or a function that gives it): it shows the answer, and the visitor's changes of its
        value are the answer.

        ``to_answer`` makes the answer of a value (None: no answer; an :class:`InputError`
        refuses it), ``to_widget`` the value of an answer; both keep it as it is by default.
        """
        to_widget = to_widget or (lambda answer: answer)
        shown = to_widget(self.model.answers.get(item() if callable(item) else item))
        widget = self.small(cls, *css_classes, value=shown, **traits)
        self._links.append((widget, item, to_widget))

        @heeded
        def save(page, change):
            name = item() if callable(item) else item
            try:
                page.answer(name, change["new"] if to_answer is None else to_answer(change["new"]))
            finally:
                page.show([name])  # my answer as stored: cut, say, or the old one if refused

        widget.observe(lambda change: save(self, change), "value")
        return widget

    def typed_text(self, typed: str) -> str | None:
        """A typed text as an answer: single spaces, cut at :attr:`text_limit` (the page says
        so); an emptied box takes the answer back. A ``to_answer`` of text boxes."""
        text = " ".join(typed.split())
        if len(text) > self.text_limit:
            self.message.show(tr("text_cut", self.model.language, n=self.text_limit), "info")
            text = text[: self.text_limit]
        return text or None

    @staticmethod
    def text_shown(answer) -> str:
        """What a text box shows of an answer (a ``to_widget`` of text boxes)."""
        return "" if answer is None else str(answer)

    def answered(self, items: list[str]) -> None:
        """After my answers to ``items`` changed: a page brings its other parts up to date."""

    def show(self, items=None) -> None:
        """Let the answer widgets show my answers: all, or those of ``items``."""
        answers, items = self.model.answers, None if items is None else set(items)
        with self.quietly():
            for widget, item, to_widget in list(self._links):  # showing may make more
                name = item() if callable(item) else item
                if items is None or name in items:
                    widget.value = to_widget(answers.get(name))

    @contextmanager
    def quietly(self):
        """Changes made inside are the page's own, no answers: widgets get new labels or show
        answers again, the model gets answers as stored. :func:`heeded` observers skip them."""
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    def _views(self):
        lang = self.model.language
        return [(tr("view_me", lang), "me"), (tr("view_team", lang), "team")]

    @heeded
    def _on_view(self, _change) -> None:
        self.redraw()

    def under_picture(self, language: str) -> list:
        """Widgets under the picture, before the question to talk about: none; a page may
        add some."""
        return []

    def relabel(self) -> None:
        lang = self.model.language
        me = self.model.participant
        self.steps.value = self._steps(lang)
        if me is None:
            self._relabel_resume(lang)
            self.nav.value = ""
            return
        with self.quietly():  # new labels for the same picture
            relabel_choice(self.view_choice, self._views())
        parts = [self.view_choice, self.image, self.caption]
        if self.legend_key:
            parts.append(self.html_block(tr(self.legend_key, lang), css_class="btk-legend"))
        parts += self.under_picture(lang)
        talk = self.small(
            ipw.HTML,
            value=f'<div class="btk-talk"><h3>{html.escape(tr("talk_title", lang))}</h3>'
            f"<p>{html.escape(self.exercise.talk(self.frame, lang))}</p></div>",
        )
        self.picture = self.card([*parts, talk], "btk-picture")
        with self.quietly():
            questions = self.questions(lang)
        intro = self.html_block(self.exercise.intro(self.frame, lang), css_class="btk-intro")
        answers = self.small(
            ipw.VBox,
            "btk-answers",
            children=[intro, *self.background(lang), *questions, self.status],
        )
        columns = self.small(ipw.HBox, "btk-columns", children=[answers, self.picture])
        code = f"{me.code[:4]}-{me.code[4:]}"
        self.body.children = [
            self.html_block(tr("your_code", lang, code=code), css_class="btk-legend"),
            columns,
        ]
        self.nav.value = self._nav_html(lang, me.code)
        if self.canvas.figure is not None:
            self.redraw()
        else:
            self.caption.value = html.escape(tr("picture_coming", lang))

    def background(self, language: str) -> list:
        """The background card under the intro (:func:`background_html`): the frame's
        concepts placed at this step, in ``language``; none where the frame places none."""
        card = background_html(self.frame.concepts_at(self.section), language)
        return [self.small(ipw.HTML, value=card)] if card else []

    def _steps(self, lang: str) -> str:
        me = self.model.participant
        if me is None or self.frame is None:
            return steps_html(lang, None, here=self.step)
        sections = [s for _, _, s in STEPS if s]
        present = {e.name for e in of_frame(self.frame, me.session)}
        missing = frozenset(s for s in sections if s not in present)
        done = frozenset(s for s in sections if s not in missing and self.store.answers_of(me, s))
        return steps_html(lang, me.code, here=self.step, done=done, missing=missing)

    def refresh_steps(self) -> None:
        """Tick the steps again: a day page (:class:`~betrokkenheid.ui.DayPage`) shows this
        step again after others were answered."""
        self.steps.value = self._steps(self.model.language)

    def _nav_html(self, lang: str, code: str) -> str:
        """Back and Next: links to the steps before and after this one that the session has
        (Back from the first: the start page). The one way of both pages: on a page of its
        own a link opens that page; in the day page its script catches the click and the
        step changes in the same kernel (:class:`~betrokkenheid.ui.DayPage`)."""
        names = [e.name for e in of_frame(self.frame, self.model.participant.session)]
        here = names.index(self.section) if self.section in names else None
        index = {section: i for i, (_, _, section) in enumerate(STEPS)}
        back = 0 if not here else index[names[here - 1]]
        ahead = None if here is None or here + 1 >= len(names) else index[names[here + 1]]
        links = []
        href = html.escape(page_link(STEPS[back][0], code, lang))
        links.append(f'<a class="btk-button btk-back" href="{href}">← {tr("back", lang)}</a>')
        if ahead is not None:
            href = html.escape(page_link(STEPS[ahead][0], code, lang))
            links.append(f'<a class="btk-button btk-next" href="{href}">{tr("next", lang)} →</a>')
        return f'<nav class="btk-nav">{"".join(links)}</nav>'

    def _relabel_resume(self, lang: str) -> None:
        self.code_input.description = tr("personal_code", lang)
        self.code_button.description = tr("resume_button", lang)
        start = html.escape(page_link(STEPS[0][0], None, lang))
        self.body.children = [
            self.card(
                [
                    self.html_block(tr("need_code", lang)),
                    self.code_input,
                    self.code_button,
                    ipw.HTML(f'<a href="{start}">{html.escape(tr("to_start", lang))}</a>'),
                ],
                "btk-resume",
            )
        ]

    def redraw(self) -> None:
        """Draw the picture again, for my answers or the team's.

        The picture's name for a screen reader is its caption and what it shows, with the
        numbers (:meth:`picture_text`): the ``img`` has no ``alt``, so its ``title`` (the
        widget's ``tooltip``, see :class:`~betrokkenheid.ui._common.Picture`) is its name.
        """
        if self._warming is not None:  # matplotlib draws one picture at a time
            self._warming.join(WARM_UP_TIMEOUT)
        lang = self.model.language
        caption = self.draw(lang)
        self.caption.value = html.escape(caption)
        self.image.tooltip = f"{caption} {self.picture_text(lang)}".strip()
        self.image.value = self.canvas.svg()
        self.image.layout.display = None

    def picture_text(self, language: str) -> str:
        """What the last picture shows, in words with its numbers and its scale
        (:func:`~betrokkenheid.exercises.describe_picture`); empty when that fails (the
        picture is shown all the same, the trainer finds the error in the log)."""
        try:
            mine = self.view != "team" or not self._team_drawn()
            return describe_picture(self.section, self.frame, self.drawn, language, mine=mine)
        except Exception:  # noqa: BLE001 - the words must never keep the picture away
            log.exception("error describing the picture of %s", self.section)
            return ""

    def _team_drawn(self) -> bool:
        """Whether the team view draws the team's result, not (yet) my own answers."""
        shown = self.exercise.team_shown
        if shown is None:
            return True
        return shown(self.store.session_answers(self.model.participant.session, self.section))

    def axes(self, layout, polar: bool = False):
        """A cleared Axes of the given layout on this page's figure."""
        return self.canvas.axes(layout, polar)

    @property
    def figure(self):
        """The matplotlib figure of the last picture."""
        return self.canvas.figure
