"""Partnership climate: each member places the school on a rubric; a radar shows the team."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ..exercises import team_picture
from ..exercises.climate import draw_radar_of, radar_rows
from ..texts import tr
from ._common import AUTO_WIDTH, relabel_choice
from ._exercise import ExercisePage

__all__ = ["ClimatePage"]


class ClimatePage(ExercisePage):
    """The climate rubric (*partnerschapsklimaat*): components described at every level.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    >>> me = store.join(code, "teacher")
    >>> page = ClimatePage(store, participant_code=me.code)
    >>> first = page.content.components[0].id
    >>> page.choice(first).value = 2
    >>> store.answers_of(me, "climate") == {first: 2.0}
    True
    """

    section = "climate"
    legend_key = "radar_legend"
    choices: dict = {}

    def choice(self, component: str) -> ipw.ToggleButtons:
        """The widget that places the school on ``component``'s rubric."""
        return self.choices[component]

    def build(self) -> None:
        self.choices = {}
        steps = range(1, len(self.content.levels) + 1)
        for component in self.content.components:
            self.choices[component.id] = self.answer_widget(
                component.id,
                ipw.ToggleButtons,
                style=AUTO_WIDTH,
                options=[(str(v), v) for v in steps],
            )

    def questions(self, lang: str) -> list:
        levels = [level.label.get(lang) for level in self.content.levels]
        cards = []
        for component in self.content.components:
            widget = self.choices[component.id]
            relabel_choice(widget, [(label, i) for i, label in enumerate(levels, start=1)])
            # a table on a wide screen; on a narrow one (CSS) a card per level, named by its
            # data-label
            cells = (
                "".join(f'<th scope="col">{html.escape(label)}</th>' for label in levels),
                "".join(
                    f'<td data-label="{html.escape(label)}">{html.escape(text.get(lang))}</td>'
                    for label, text in zip(levels, component.levels, strict=True)
                ),
            )
            rubric = self.small(
                ipw.HTML,
                value=f"<h2>{html.escape(component.label.get(lang))}</h2>"
                f'<p class="btk-question">{html.escape(component.help.get(lang))}</p>'
                f'<table class="btk-rubric btk-stack"><tr class="btk-heads">{cells[0]}</tr>'
                f"<tr>{cells[1]}</tr></table>"
                f'<p class="btk-aspect">{html.escape(tr("climate_where", lang))}</p>',
            )
            box = self.small(ipw.VBox, "btk-rating", children=[rubric, widget])
            cards.append(self.card([box], "btk-component"))
        return cards

    def draw(self, lang: str) -> str:
        ids = [c.id for c in self.content.components]
        mine = {cid: self.model.answers.get(cid) for cid in ids}
        if self.view == "team":
            answers = self.store.session_answers(self.model.participant.session, self.section)
            caption, self.model.drawn = team_picture(
                self.section, self.frame, answers, lang, self.axes, mine=mine
            )
            return caption
        draw_radar_of(self.content, radar_rows(self.content, None, mine, lang), lang, self.axes)
        self.model.drawn = mine
        answered = sum(v is not None for v in mine.values())
        return tr("me_count", lang, n=answered, total=len(ids))
