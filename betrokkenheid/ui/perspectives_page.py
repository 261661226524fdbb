"""What does involvement mean to us? Statements from three sides: present, and important."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ..exercises import team_picture
from ..exercises.perspectives import draw_gap_of, expect_item, gap_rows, reused_statements
from ..texts import tr
from ._common import AUTO_WIDTH, relabel_choice
from ._exercise import ExercisePage

__all__ = ["PerspectivesPage"]

ASPECTS = ("present", "important")


class PerspectivesPage(ExercisePage):
    """Involvement from three perspectives (*ouderbetrokkenheid vanuit drie perspectieven*).

    Each statement gets two ratings: how present it is at our school, how important to us.
    The picture shows the gap between the two. When the frame has a parents' questionnaire, a
    last card asks what the team expects parents to say (:meth:`expectation`), on the
    parents' scale; the team's picture leaves those answers out.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    >>> me = store.join(code, "teacher")
    >>> page = PerspectivesPage(store, participant_code=me.code)
    >>> first = page.content.groups[0].statements[0].id
    >>> page.rating(first, "important").value = 5
    >>> store.answers_of(me, "perspectives") == {f"{first}.important": 5.0}
    True
    """

    section = "perspectives"
    legend_key = "gap_legend"
    ratings: dict = {}
    expectations: dict = {}

    def rating(self, statement: str, aspect: str) -> ipw.ToggleButtons:
        """The widget that rates ``aspect`` ("present" or "important") of ``statement``."""
        return self.ratings[statement, aspect]

    def expectation(self, item: str) -> ipw.ToggleButtons:
        """The widget that says what I expect parents to answer to their statement ``item``."""
        return self.expectations[item]

    def build(self) -> None:
        self.ratings = {}
        for group in self.content.groups:
            for statement in group.statements:
                for aspect in ASPECTS:
                    scale = getattr(self.content, aspect)
                    self.ratings[statement.id, aspect] = self.answer_widget(
                        f"{statement.id}.{aspect}",
                        ipw.ToggleButtons,
                        style=AUTO_WIDTH,
                        options=[(str(v), v) for v in scale.values],
                    )
        self.expectations = {}
        from ..questionnaire import expected_items

        for item in expected_items(self.frame):
            self.expectations[item] = self.answer_widget(
                expect_item(item),
                ipw.ToggleButtons,
                style=AUTO_WIDTH,
                options=[(str(v), v) for v in self.frame.parents.scale.values],
            )

    def questions(self, lang: str) -> list:
        cards = []
        for group in self.content.groups:
            parts = [self.small(ipw.HTML, value=f"<h2>{html.escape(group.label.get(lang))}</h2>")]
            for statement in group.statements:
                rows = [self.small(ipw.HTML, value=self._statement_html(statement, lang))]
                for aspect in ASPECTS:
                    scale = getattr(self.content, aspect)
                    widget = self.ratings[statement.id, aspect]
                    relabel_choice(
                        widget,
                        [(s.get(lang), v) for s, v in zip(scale.labels, scale.values, strict=True)],
                    )
                    word = html.escape(tr(f"aspect_{aspect}", lang))
                    label = self.small(ipw.HTML, value=f'<span class="btk-aspect">{word}</span>')
                    rows += [label, widget]
                parts.append(self.small(ipw.VBox, "btk-quality", "btk-rating", children=rows))
            cards.append(self.card(parts, "btk-group"))
        if self.expectations:
            cards.append(self._expect_card(lang))
        return cards

    @staticmethod
    def _statement_html(statement, lang: str) -> str:
        """A statement in bold, with its help text (what it means) below it when it has one."""
        label = f"<b>{html.escape(statement.label.get(lang))}</b>"
        if statement.help is None:
            return label
        help_text = html.escape(statement.help.get(lang))
        return f'<div class="btk-quality-label">{label}<br><span>{help_text}</span></div>'

    def _expect_card(self, lang: str):
        """What we think parents will say: a rating per parents' statement on their scale,
        and which statements take the "how present" rating as the expectation."""
        parents = self.frame.parents
        texts = {item.id: item.text.get(lang) for item in parents.items}
        labels = {
            s.id: s.label.get(lang) for group in self.content.groups for s in group.statements
        }
        scale = parents.scale
        options = [(s.get(lang), v) for s, v in zip(scale.labels, scale.values, strict=True)]
        parts = [
            self.small(ipw.HTML, value=f"<h2>{html.escape(tr('voices_expect_title', lang))}</h2>"),
            self.html_block(tr("voices_expect_intro", lang)),
        ]
        reused = reused_statements(self.frame)
        if reused:
            reused_words = tr("voices_expect_reused", lang, present=tr("aspect_present", lang))
            items = "".join(
                f'<li>{html.escape(texts[item])} <span class="btk-legend">← '
                f"{html.escape(labels[statement])}</span></li>"
                for item, statement in reused
            )
            parts.append(
                self.small(
                    ipw.HTML,
                    value=f'<div class="btk-expect-reused"><p>'
                    f"{html.escape(reused_words)}</p><ul>{items}</ul></div>",
                )
            )
        for item, widget in self.expectations.items():
            relabel_choice(widget, options)
            rows = [self.small(ipw.HTML, value=f"<b>{html.escape(texts[item])}</b>"), widget]
            parts.append(self.small(ipw.VBox, "btk-quality", "btk-rating", children=rows))
        return self.card(parts, "btk-group", "btk-expect")

    def draw(self, lang: str) -> str:
        answers = self.store.session_answers(self.model.participant.session, self.section)
        if self.view == "team":
            caption, self.model.drawn = team_picture(
                self.section, self.frame, answers, lang, self.axes
            )
            return caption
        items = self.content.item_ids()
        scores = {item: self.model.answers.get(item) for item in items}
        rows = gap_rows(self.content, scores, lang)
        draw_gap_of(self.content, rows, lang, self.axes)
        self.model.drawn = scores
        answered = sum(value is not None for value in scores.values())
        return tr("me_count", lang, n=answered, total=len(items))
