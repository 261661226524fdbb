"""Barriers and opportunities: what keeps parents away, what we can do, and our action plan."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ..analysis import (
    ACTION_PARTS,
    MIN_GROUP,
    action_plan,
    answered_by,
    top_opportunities,
)
from ..pictures import draw_votes_of, team_picture
from ..texts import tr
from ._common import card, guarded, html_block
from ._exercise import ExercisePage

__all__ = ["BarriersPage", "MAX_VOTES"]

MAX_VOTES = 3
TOP = 3
MAX_TEXT = 300


class BarriersPage(ExercisePage):
    """Barriers (*drempels*) per parent group, opportunities (*kansen*) and the action plan.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    >>> me = store.join(code, "teacher")
    >>> page = BarriersPage(store, participant_code=me.code)
    >>> chance = page.content.opportunities[0].id
    >>> page.votes[chance].value = True
    >>> store.answers_of(me, "barriers") == {f"vote.{chance}": 1.0}
    True
    """

    section = "barriers"
    legend_key = "votes_legend"
    votes: dict = {}

    def build(self) -> None:
        self.seen = {}
        for group in self.content.parent_groups:
            for barrier in self.content.barriers:
                item = f"barrier.{group.id}.{barrier.id}"
                chip = self.small(ipw.ToggleButton, "btk-chip", value=bool(self.given.get(item)))
                chip.observe(self.saver(item, convert=float), "value")
                self.seen[group.id, barrier.id] = chip
        self.other = {}
        for group in self.content.parent_groups:
            item = f"other.{group.id}"
            box = self.small(
                ipw.Text, "btk-field", value=str(self.given.get(item, "")), continuous_update=False
            )
            box.observe(self._free_text(item, box), "value")
            self.other[group.id] = box
        self.votes = {}
        for chance in self.content.opportunities:
            chip = self.small(
                ipw.ToggleButton,
                "btk-chip",
                value=bool(self.given.get(f"vote.{chance.id}")),
                icon="star",
            )
            chip.observe(self._vote(chance.id, chip), "value")
            self.votes[chance.id] = chip
        self.actions = {}

    def _free_text(self, item: str, box: ipw.Text):
        @guarded
        def save(page, change):
            text = " ".join(change["new"].split())
            if len(text) > MAX_TEXT:
                page.message.show(tr("text_cut", page.model.language, n=MAX_TEXT), "info")
                text = text[:MAX_TEXT]
                box.value = text  # saves again, now within the limit
                return
            if text:
                page.save(item, text=text)
            else:
                page.save(item)  # an emptied box clears the answer

        return lambda change: save(self, change)

    def _vote(self, chance: str, chip: ipw.ToggleButton):
        @guarded
        def save(page, change):
            if change["new"]:
                # count the votes as stored: another tab of the same person may have voted too
                stored = page.store.answers_of(page.model.participant, page.section)
                used = sum(1 for k, v in stored.items() if k.startswith("vote.") and v)
                if used >= MAX_VOTES:
                    chip.value = False
                    page.message.show(tr("votes_full", page.model.language, n=MAX_VOTES), "error")
                    return
            page.message.clear()
            page.save(f"vote.{chance}", value=1.0 if change["new"] else 0.0)
            page._refresh_plan()

        return lambda change: save(self, change)

    def _action_box(self, chance: str, part: str) -> ipw.Text:
        key = (chance, part)
        if key not in self.actions:
            item = f"action.{chance}.{part}"
            box = self.small(
                ipw.Text, "btk-field", value=str(self.given.get(item, "")), continuous_update=False
            )
            box.observe(self._free_text(item, box), "value")
            self.actions[key] = box
        return self.actions[key]

    def top(self) -> list[str]:
        """The opportunities the action plan is about: the team's top votes (or mine)."""
        answers = self.store.session_answers(self.model.participant.session, self.section)
        team = top_opportunities(answers, self.content, TOP)
        if team:
            return team
        return [c.id for c in self.content.opportunities if self.given.get(f"vote.{c.id}")][:TOP]

    def questions(self, lang: str) -> list:
        groups = []
        for group in self.content.parent_groups:
            chips = []
            for barrier in self.content.barriers:
                chip = self.seen[group.id, barrier.id]
                chip.description = barrier.label.get(lang)
                chips.append(chip)
            row = self.small(ipw.HBox, "btk-chips", children=chips)
            self.other[group.id].description = tr("other_barrier", lang)
            title = self.small(ipw.HTML, value=f"<h3>{html.escape(group.label.get(lang))}</h3>")
            groups.append(self.small(ipw.VBox, children=[title, row, self.other[group.id]]))
        barriers = card(
            [html_block(tr("barriers_title", lang), "h2"), html_block(tr("barriers_ask", lang))]
            + groups,
            "btk-barriers",
        )
        for chance in self.content.opportunities:
            self.votes[chance.id].description = chance.label.get(lang)
        chances_row = ipw.HBox(list(self.votes.values()))
        chances_row.add_class("btk-chips")
        chances = card(
            [
                html_block(tr("chances_title", lang), "h2"),
                html_block(tr("chances_ask", lang, n=MAX_VOTES)),
                chances_row,
            ],
            "btk-chances",
        )
        self.plan_box = ipw.VBox()
        self._refresh_plan()
        return [barriers, chances, card([self.plan_box], "btk-plan-form")]

    def _refresh_plan(self) -> None:
        if not hasattr(self, "plan_box"):
            return
        lang = self.model.language
        labels = {c.id: c.label.get(lang) for c in self.content.opportunities}
        parts = [html_block(tr("plan_title", lang), "h2"), html_block(tr("plan_ask", lang))]
        for chance in self.top():
            boxes = []
            for part in ACTION_PARTS:
                box = self._action_box(chance, part)
                box.description = tr(f"action_{part}", lang)
                boxes.append(box)
            title = self.small(ipw.HTML, value=f"<h3>{html.escape(labels[chance])}</h3>")
            parts.append(self.small(ipw.VBox, children=[title, *boxes]))
        self.plan_box.children = parts

    def plan(self, lang: str) -> list[dict]:
        """The action plan: per top opportunity, the actions the team wrote (texts as typed)."""
        answers = self.store.session_answers(self.model.participant.session, self.section)
        return action_plan(answers, self.content, lang, chances=self.top())

    def plan_html(self, lang: str) -> str:
        """The action plan as a printable HTML table; every typed text escaped."""
        rows = []
        for entry in self.plan(lang):
            actions = entry["actions"] or [{}]
            for i, action in enumerate(actions):
                head = (
                    f'<th rowspan="{len(actions)}">{html.escape(entry["opportunity"])}</th>'
                    if i == 0
                    else ""
                )
                cells = "".join(
                    f"<td>{html.escape(action.get(part, '–'))}</td>" for part in ACTION_PARTS
                )
                rows.append(f"<tr>{head}{cells}</tr>")
        if not rows:
            return f'<p class="btk-legend">{html.escape(tr("plan_empty", lang))}</p>'
        header = "".join(
            f"<th>{html.escape(tr(f'action_{part}', lang))}</th>" for part in ACTION_PARTS
        )
        return (
            f'<table class="btk-plan"><thead><tr><th>{html.escape(tr("plan_chance", lang))}'
            f"</th>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def draw(self, lang: str) -> str:
        answers = self.store.session_answers(self.model.participant.session, self.section)
        voters = answered_by(a for a in answers if a.item.startswith("vote."))
        if self.view == "team" and voters >= MIN_GROUP:
            caption, self.drawn = team_picture(self.section, self.frame, answers, lang, self.axes)
        else:
            labels = {c.id: c.label.get(lang) for c in self.content.opportunities}
            counts = {c: int(bool(self.given.get(f"vote.{c}"))) for c in labels}
            rows = [(labels[c], counts[c]) for c in labels]
            draw_votes_of(rows, self.axes)
            self.drawn = dict(rows)
            if self.view == "team":
                caption = tr("team_waiting", lang, min=MIN_GROUP, n=voters)
            else:
                caption = tr("votes_mine", lang, n=sum(counts.values()), total=MAX_VOTES)
        if hasattr(self, "plan_view"):
            self.plan_view.value = self.plan_html(lang)
        return caption

    def relabel(self) -> None:
        self.plan_view = getattr(self, "plan_view", ipw.HTML())
        self.plan_view.add_class("btk-plan-view")
        super().relabel()
        if self.model.participant is not None:
            picture = self.body.children[1].children[1]
            lang = self.model.language
            title = html_block(tr("plan_title", lang), "h3")
            picture.children = (*picture.children[:-1], title, self.plan_view, picture.children[-1])
            self.plan_view.value = self.plan_html(lang)
