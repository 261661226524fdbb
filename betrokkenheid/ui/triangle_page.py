"""The partnership triangle: rate its three relations; see yourself and the team."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ..analysis import own_answers
from ..exercises import team_picture
from ..exercises.triangle import draw_triangle_of, relation_scores
from ..texts import tr
from ._common import AUTO_WIDTH, relabel_choice
from ._exercise import ExercisePage

__all__ = ["TrianglePage"]


class TrianglePage(ExercisePage):
    """The triangle page (*partnerschapsdriehoek*).

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

    section = "triangle"
    legend_key = "legend"
    ratings: dict = {}

    def rating(self, relation: str, quality: str) -> ipw.ToggleButtons:
        """The widget that rates ``quality`` of ``relation``; a ``KeyError`` for a quality the
        relation is not rated on (it has no widget)."""
        return self.ratings[relation, quality]

    def build(self) -> None:
        self.ratings = {}
        for relation in self.content.relations:
            for quality in self.content.qualities_of(relation):
                self.ratings[relation.id, quality.id] = self.answer_widget(
                    f"{relation.id}.{quality.id}",
                    ipw.ToggleButtons,
                    style=AUTO_WIDTH,
                    options=[(str(v), v) for v in self.frame.scale.values],
                )

    def questions(self, lang: str) -> list:
        scale = self.frame.scale
        options = [(s.get(lang), v) for s, v in zip(scale.labels, scale.values, strict=True)]
        cards = []
        for relation in self.content.relations:
            parts = [
                self.small(
                    ipw.HTML,
                    value=f"<h2>{html.escape(relation.label.get(lang))}</h2>"
                    f'<p class="btk-question">{html.escape(relation.question.get(lang))}</p>',
                )
            ]
            for quality in self.content.qualities_of(relation):
                widget = self.ratings[relation.id, quality.id]
                relabel_choice(widget, options)
                name, help_text = quality.label.get(lang), quality.help.get(lang)
                label = self.small(
                    ipw.HTML,
                    value=f'<div class="btk-quality-label"><b>{html.escape(name)}</b><br>'
                    f"<span>{html.escape(help_text)}</span></div>",
                )
                parts.append(
                    self.small(ipw.VBox, "btk-quality", "btk-rating", children=[label, widget])
                )
            cards.append(self.card(parts, "btk-relation"))
        return cards

    def draw(self, lang: str) -> str:
        if self.view == "team":
            answers = self.store.session_answers(self.model.participant.session, self.section)
            caption, self.model.drawn = team_picture(
                self.section, self.frame, answers, lang, self.axes
            )
            return caption
        mine = own_answers(self.model.answers)
        scores = relation_scores(mine, self.content).get(0, {})
        self.model.drawn = {r.id: scores.get(r.id) for r in self.content.relations}
        draw_triangle_of(self.frame, scores, lang, self.axes)
        return tr("me_count", lang, n=len(mine), total=len(self.ratings))
