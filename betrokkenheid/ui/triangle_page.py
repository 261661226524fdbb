"""Step 1: rate the three relations of the partnership triangle; see yourself and the team."""

from __future__ import annotations

import html
import time

import ipywidgets as ipw
import traitlets as tl

from ..analysis import MIN_GROUP, relation_scores, team_triangle
from ..errors import InputError
from ..frames import load_frame
from ._common import Page, guarded, page_link, steps_html, style, tr

__all__ = ["TrianglePage"]

EXERCISE = "triangle"


class TrianglePage(Page):
    """The triangle page (*partnerschapsdriehoek*).

    Every rating is saved the moment it is given; the picture then redraws. ``drawn`` holds
    the scores of the last picture, ``figure`` the matplotlib figure itself.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    >>> me = store.join(code, "teacher")
    >>> page = TrianglePage(store, participant_code=me.code)
    >>> page.rating("parent_school", "equality").value = 4
    >>> store.answers_of(me, "triangle")
    {'parent_school.equality': 4.0}
    >>> page.drawn["parent_school"]
    4.0
    """

    title_key = "page_triangle"
    step = 1
    view = tl.Unicode("me")
    drawn = tl.Dict()

    def __init__(self, store, participant_code: str | None = None, language: str = "nl"):
        super().__init__(store, language)
        self.frame = None
        self.figure = None
        self.ratings: dict[tuple[str, str], ipw.ToggleButtons] = {}
        self.code_input = ipw.Text(placeholder="ABCD-EFGH", style={"description_width": "190px"})
        self.code_button = ipw.Button(button_style="primary", icon="arrow-right")
        self.code_button.add_class("btk-primary")
        self.code_button.on_click(self._resume)
        self.body = ipw.VBox()
        self.steps = ipw.HTML()
        self.children = [style(), self.header, self.message, self.body, self.steps]
        if participant_code:
            self._resume(code=participant_code)
        self.relabel()

    def rating(self, relation: str, quality: str) -> ipw.ToggleButtons:
        """The widget that rates ``quality`` of ``relation``."""
        return self.ratings[relation, quality]

    # building --------------------------------------------------------------------------------
    @guarded
    def _resume(self, _button=None, code: str | None = None) -> None:
        me = self.store.participant(code or self.code_input.value)
        frame = load_frame(me.session.frame)
        if frame.triangle is None:
            raise InputError(
                f"frame '{frame.id}'", "has no triangle section, so this step has no questions"
            )
        self.frame, self.model.participant = frame, me
        self.message.clear()
        self._build_answers()
        self.relabel()
        self.redraw()

    def _build_answers(self) -> None:
        given = self.store.answers_of(self.model.participant, EXERCISE)
        scale = self.frame.scale
        self.ratings = {}
        for relation in self.frame.triangle.relations:
            for quality in self.frame.triangle.qualities:
                widget = ipw.ToggleButtons(
                    options=[(str(v), v) for v in scale.values],
                    value=_as_int(given.get(f"{relation.id}.{quality.id}")),
                    style={"button_width": "auto"},
                )
                widget.observe(self._on_rating(relation.id, quality.id), "value")
                self.ratings[relation.id, quality.id] = widget
        self.image = ipw.Image(format="png", layout=ipw.Layout(width="420px"))
        self.image.add_class("btk-picture-image")
        self.view_choice = ipw.ToggleButtons(
            options=self._views(), value=self.view, style={"button_width": "auto"}
        )
        self.view_choice.add_class("btk-choice")
        tl.link((self.view_choice, "value"), (self, "view"))
        self.observe(lambda _: self.redraw(), "view")
        self.status = ipw.HTML()
        self.status.add_class("btk-status")

    def _views(self):
        lang = self.model.language
        return [(tr("view_me", lang), "me"), (tr("view_team", lang), "team")]

    def _on_rating(self, relation: str, quality: str):
        @guarded
        def save(page, change):
            page.store.save_answer(
                page.model.participant, EXERCISE, f"{relation}.{quality}", change["new"]
            )
            page.status.value = html.escape(
                tr("saved_at", page.model.language, time=time.strftime("%H:%M:%S"))
            )
            page.redraw()

        return lambda change: save(self, change)

    def relabel(self) -> None:
        lang = self.model.language
        me = self.model.participant
        self.steps.value = steps_html(lang, me.code if me else None, here=self.step)
        if me is None:
            self._relabel_resume(lang)
            return
        section, scale = self.frame.triangle, self.frame.scale
        cards = []
        for relation in section.relations:
            parts = [
                ipw.HTML(
                    f"<h2>{html.escape(relation.label.get(lang))}</h2>"
                    f'<p class="btk-question">{html.escape(relation.question.get(lang))}</p>'
                )
            ]
            for quality in section.qualities:
                widget = self.ratings[relation.id, quality.id]
                value = widget.value
                widget.options = [
                    (s.get(lang), v) for s, v in zip(scale.labels, scale.values, strict=True)
                ]
                widget.value = value
                label = ipw.HTML(
                    f'<div class="btk-quality-label"><b>{html.escape(quality.label.get(lang))}'
                    f"</b><br><span>{html.escape(quality.help.get(lang))}</span></div>"
                )
                row = ipw.VBox([label, widget])
                row.add_class("btk-quality")
                row.add_class("btk-rating")
                parts.append(row)
            cards.append(_card(parts, "btk-relation"))
        view = self.view
        self.view_choice.options = self._views()
        self.view_choice.value = view
        self.caption = getattr(self, "caption", ipw.HTML())
        self.caption.add_class("btk-caption")
        talk = ipw.HTML(
            f'<div class="btk-talk"><h3>{html.escape(tr("talk_title", lang))}</h3>'
            f"<p>{html.escape(section.talk.get(lang))}</p></div>"
        )
        legend = ipw.HTML(f'<p class="btk-legend">{html.escape(tr("legend", lang))}</p>')
        picture = _card([self.view_choice, self.image, self.caption, legend, talk], "btk-picture")
        answers = ipw.VBox(
            [ipw.HTML(f'<p class="btk-intro">{html.escape(section.intro.get(lang))}</p>')]
            + cards
            + [self.status]
        )
        answers.add_class("btk-answers")
        columns = ipw.HBox([answers, picture])
        columns.add_class("btk-columns")
        code = f"{me.code[:4]}-{me.code[4:]}"
        mine = ipw.HTML(
            f'<p class="btk-legend">{html.escape(tr("your_code", lang, code=code))}</p>'
        )
        self.body.children = [mine, columns]
        if self.figure is not None:
            self.redraw()

    def _relabel_resume(self, lang: str) -> None:
        self.code_input.description = tr("personal_code", lang)
        self.code_button.description = tr("resume_button", lang)
        start = html.escape(page_link("00_start.ipynb", None, lang))
        self.body.children = [
            _card(
                [
                    ipw.HTML(f"<p>{html.escape(tr('triangle_need_code', lang))}</p>"),
                    self.code_input,
                    self.code_button,
                    ipw.HTML(f'<a href="{start}">{html.escape(tr("to_start", lang))}</a>'),
                ],
                "btk-resume",
            )
        ]

    # the picture -------------------------------------------------------------------------------
    def redraw(self) -> None:
        """Draw the triangle again: my own scores, or the team's mean and spread."""
        from ..plots import draw_triangle, figure_png

        lang = self.model.language
        me = self.model.participant
        if self.view == "team":
            answers = self.store.session_answers(me.session, EXERCISE)
            scores = team_triangle(answers, self.frame)
            self.drawn = {k: s.mean for k, s in scores.items()}
            most = max((s.n for s in scores.values()), default=0)
            if all(not s.shown for s in scores.values()):
                self.caption.value = html.escape(tr("team_waiting", lang, min=MIN_GROUP, n=most))
            else:
                self.caption.value = html.escape(tr("team_count", lang, n=most))
        else:
            answers = [
                _Mine(item, value) for item, value in self.store.answers_of(me, EXERCISE).items()
            ]
            scores = relation_scores(answers, self.frame.triangle).get(0, {})
            self.drawn = {r.id: scores.get(r.id) for r in self.frame.triangle.relations}
            total = len(self.ratings)
            self.caption.value = html.escape(tr("me_count", lang, n=len(answers), total=total))
        figure = self._figure()
        ax = figure.axes[0]
        ax.clear()
        draw_triangle(
            self.frame.partnership_triangle(),
            scores,
            language=lang,
            low=self.frame.scale.min,
            high=self.frame.scale.max,
            ax=ax,
        )
        self.image.value = figure_png(figure, dpi=90)

    def _figure(self):
        if self.figure is None:
            from matplotlib.figure import Figure

            self.figure = Figure(figsize=(5.2, 4.4))
            self.figure.add_subplot()
            self.figure.subplots_adjust(0, 0, 1, 1)
        return self.figure


class _Mine:
    """One of my own answers, shaped like a store Answer for the analysis functions."""

    participant_id = 0

    def __init__(self, item, value):
        self.item, self.value = item, value


def _as_int(value):
    return None if value is None else int(value)


def _card(children, css_class: str) -> ipw.VBox:
    box = ipw.VBox(children)
    box.add_class("btk-card")
    box.add_class(css_class)
    return box
