"""The follow-up: at a later measurement, each action of the baseline's plan comes back."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ..exercises import team_picture
from ..exercises.followup import (
    STATUSES,
    action_label,
    aimed_change,
    baseline_actions,
    draw_status_of,
)
from ..privacy import MIN_GROUP
from ..texts import tr
from ._common import AUTO_WIDTH, relabel_choice
from ._exercise import ExercisePage

__all__ = ["FollowupPage"]


class FollowupPage(ExercisePage):
    """The follow-up (*opvolging*) of a later session linked to its baseline: per action of
    the baseline's plan, how far it got, what I noticed and whether to go on with it.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> from betrokkenheid.demo import make_demo
    >>> store = Store("sqlite://")
    >>> later = make_demo(store)["later"]
    >>> me = store.join(later, "teacher")
    >>> page = FollowupPage(store, participant_code=me.code)
    >>> first = page.actions[0]["id"]
    >>> page.how_far(first).value = "partly"
    >>> store.answers_of(me, "followup") == {f"{first}.status": "partly"}
    True
    """

    section = "followup"
    actions: list = []

    def how_far(self, action: str) -> ipw.ToggleButtons:
        """The widget that says how far ``action`` got."""
        return self.widgets[action, "status"]

    def build(self) -> None:
        session = self.model.participant.session
        self.baseline = self.store.session(session.baseline)
        self.earlier = self.store.session_answers(self.baseline)
        self.actions = baseline_actions(
            [a for a in self.earlier if a.exercise == "barriers"], self.content, "nl"
        )
        self.widgets = {}
        for action in self.actions:
            key = action["id"]
            self.widgets[key, "status"] = self.answer_widget(
                f"{key}.status",
                ipw.ToggleButtons,
                style=AUTO_WIDTH,
                options=[(s, s) for s in STATUSES],
            )
            self.widgets[key, "noticed"] = self.answer_widget(
                f"{key}.noticed",
                ipw.Text,
                "btk-field",
                "btk-wide",  # room for a sentence
                continuous_update=False,
                to_answer=self.typed_text,
                to_widget=self.text_shown,
            )
            self.widgets[key, "keep"] = self.answer_widget(
                f"{key}.keep",
                ipw.ToggleButtons,
                style=AUTO_WIDTH,
                options=[("yes", 1), ("no", 0)],
                to_answer=lambda value: None if value is None else float(value),
                to_widget=lambda answer: None if answer is None else int(answer),
            )

    def questions(self, lang: str) -> list:
        if not self.actions:
            return [self.html_block(tr("followup_none", lang, min=MIN_GROUP))]
        labels = {c.id: c.label.get(lang) for c in self.content.opportunities}
        later = self.store.session_answers(self.model.participant.session)
        cards = []
        for action in self.actions:
            key = action["id"]
            chance = labels[key.split(".")[0]]
            lines = [f"<h2>{html.escape(action_label(action))}</h2>"]
            lines.append(f'<p class="btk-legend">{html.escape(chance)}</p>')
            if action.get("who") or action.get("when"):
                planned = tr(
                    "followup_planned",
                    lang,
                    who=action.get("who") or "–",
                    when=action.get("when") or "–",
                )
                lines.append(f"<p>{html.escape(planned)}</p>")
            if action.get("notice"):
                notice = tr("followup_plan_notice", lang, notice=action["notice"])
                lines.append(f'<p class="btk-question">{html.escape(notice)}</p>')
            change = aimed_change(action.get("aim"), self.frame, later, self.earlier, lang)
            if change:
                lines.append(f'<p class="btk-legend">{html.escape(change)}</p>')
            status, noticed, keep = (
                self.widgets[key, part] for part in ("status", "noticed", "keep")
            )
            relabel_choice(status, [(tr(f"followup_{s}", lang), s) for s in STATUSES])
            relabel_choice(
                keep, [(tr("followup_keep_yes", lang), 1), (tr("followup_keep_no", lang), 0)]
            )
            noticed.description = tr("followup_ask_noticed", lang)
            parts = [
                self.small(ipw.HTML, value="".join(lines)),
                self._asked(tr("followup_ask_status", lang), status),
                noticed,
                self._asked(tr("followup_ask_keep", lang), keep),
            ]
            cards.append(self.card(parts, "btk-followup"))
        cards.append(self.html_block(tr("followup_caution", lang), css_class="btk-legend"))
        return cards

    def _asked(self, question: str, widget) -> ipw.VBox:
        label = self.small(ipw.HTML, value=f'<p class="btk-aspect">{html.escape(question)}</p>')
        return self.small(ipw.VBox, "btk-rating", children=[label, widget])

    def draw(self, lang: str) -> str:
        if self.view == "team":
            answers = self.store.session_answers(self.model.participant.session, self.section)
            caption, self.model.drawn = team_picture(
                self.section, self.frame, answers, lang, self.axes, baseline=self.earlier
            )
            return caption
        mine = self.model.answers
        rows = []
        drawn = {}
        for action in self.actions:
            status = mine.get(f"{action['id']}.status")
            counts = {status: 1} if status in STATUSES else {}
            rows.append((action_label(action), counts))
            drawn[action["id"]] = counts
        draw_status_of(rows, lang, self.axes, mine=True)
        self.model.drawn = drawn
        answered = sum(bool(c) for c in drawn.values())
        return tr("me_count", lang, n=answered, total=len(self.actions))
