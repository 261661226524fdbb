"""Barriers and opportunities: what keeps parents away, what we can do, and our action plan."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ..analysis import (
    ACTION_PARTS,
    action_plan,
    answered_by,
    top_opportunities,
)
from ..answers import MAX_NOTE, MAX_VOTES, votes_given
from ..pictures import draw_votes_of, team_picture
from ..privacy import MIN_GROUP, enough
from ..texts import tr
from ._common import AUTO_WIDTH, guarded, relabel_choice
from ._exercise import ExercisePage

__all__ = ["BarriersPage", "MAX_VOTES"]

TOP = 3
MAX_TEXT = MAX_NOTE


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
        # one row of chips and one text box, shown for the chosen parent group: a teacher
        # looks at one group at a time, and the page stays small (12 chips, not 8 x 12)
        self.group = self.content.parent_groups[0].id
        self.group_choice = self.small(ipw.ToggleButtons, "btk-groups", style=AUTO_WIDTH)
        self.group_choice.observe(self._on_group, "value")
        self.group_title = self.small(ipw.HTML)
        self.chips = {}
        for barrier in self.content.barriers:
            chip = self.small(ipw.ToggleButton, "btk-chip")
            chip.observe(self._tick(barrier.id), "value")
            self.chips[barrier.id] = chip
        self.other = self.small(ipw.Text, "btk-field", continuous_update=False)
        self.other.observe(self._free_text(lambda: f"other.{self.group}", self.other), "value")
        self._fill_group()
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

    def show_group(self, group: str) -> None:
        """Show the barriers of one parent group (an id of the frame's ``parent_groups``)."""
        self.group_choice.value = group

    @guarded
    def _on_group(self, change) -> None:
        if change["new"] is None or self._relabelling:
            return
        self.group = change["new"]
        self._fill_group()
        self._label_group(self.model.language)

    def _fill_group(self) -> None:
        """Set the chips and the text box to the chosen group's answers; that saves nothing."""
        with self.quietly():
            for barrier, chip in self.chips.items():
                chip.value = bool(self.given.get(f"barrier.{self.group}.{barrier}"))
            self.other.value = str(self.given.get(f"other.{self.group}", ""))

    def _label_group(self, lang: str) -> None:
        """Name each group with how many barriers I ticked for it, and title the chosen one."""
        options = []
        for group in self.content.parent_groups:
            ticked = sum(
                1 for b in self.content.barriers if self.given.get(f"barrier.{group.id}.{b.id}")
            )
            label = group.label.get(lang)
            options.append((f"{label} ({ticked})" if ticked else label, group.id))
        with self.quietly():
            relabel_choice(self.group_choice, options)
            self.group_choice.value = self.group
        label = next(g.label for g in self.content.parent_groups if g.id == self.group)
        self.group_title.value = f"<h3>{html.escape(label.get(lang))}</h3>"

    def _tick(self, barrier: str):
        @guarded
        def save(page, change):
            if page._relabelling:
                return
            page.save(f"barrier.{page.group}.{barrier}", value=float(change["new"]))
            page._label_group(page.model.language)

        return lambda change: save(self, change)

    def _free_text(self, item, box: ipw.Text):
        """An observer that saves a text box; ``item`` is the answer's name, or a function
        that gives it."""

        @guarded
        def save(page, change):
            if page._relabelling:
                return
            name = item() if callable(item) else item
            text = " ".join(change["new"].split())
            if len(text) > MAX_TEXT:
                page.message.show(tr("text_cut", page.model.language, n=MAX_TEXT), "info")
                text = text[:MAX_TEXT]
                box.value = text  # saves again, now within the limit
                return
            if text:
                page.save(name, text=text)
            else:
                page.save(name)  # an emptied box clears the answer

        return lambda change: save(self, change)

    def _vote(self, chance: str, chip: ipw.ToggleButton):
        @guarded
        def save(page, change):
            if change["new"]:
                # count the votes as stored: another tab of the same person may have voted too
                stored = page.store.answers_of(page.model.participant, page.section)
                if votes_given(stored) >= MAX_VOTES:
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
        for barrier in self.content.barriers:
            chip = self.chips[barrier.id]
            chip.description = barrier.label.get(lang)
            chip.tooltip = barrier.help.get(lang) if barrier.help else None  # what it means
        self.other.description = tr("other_barrier", lang)
        self._label_group(lang)
        barriers = self.card(
            [
                self.html_block(tr("barriers_title", lang), "h2"),
                self.html_block(tr("barriers_ask", lang)),
                self.group_choice,
                self.group_title,
                self.small(ipw.HBox, "btk-chips", children=list(self.chips.values())),
                self.other,
            ],
            "btk-barriers",
        )
        for chance in self.content.opportunities:
            self.votes[chance.id].description = chance.label.get(lang)
        chances_row = self.small(ipw.HBox, "btk-chips", children=list(self.votes.values()))
        chances = self.card(
            [
                self.html_block(tr("chances_title", lang), "h2"),
                self.html_block(tr("chances_ask", lang, n=MAX_VOTES)),
                chances_row,
            ],
            "btk-chances",
        )
        self.plan_box = self.small(ipw.VBox)
        self._refresh_plan()
        return [barriers, chances, self.card([self.plan_box], "btk-plan-form")]

    def _refresh_plan(self) -> None:
        if not hasattr(self, "plan_box"):
            return
        lang = self.model.language
        labels = {c.id: c.label.get(lang) for c in self.content.opportunities}
        parts = [
            self.html_block(tr("plan_title", lang), "h2"),
            self.html_block(tr("plan_ask", lang)),
        ]
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
        names = {part: html.escape(tr(f"action_{part}", lang)) for part in ACTION_PARTS}
        for entry in self.plan(lang):
            actions = entry["actions"] or [{}]
            for i, action in enumerate(actions):
                head = (
                    f'<th rowspan="{len(actions)}">{html.escape(entry["opportunity"])}</th>'
                    if i == 0
                    else ""
                )
                # on a narrow screen (CSS) a card per row, each cell named by its data-label
                cells = "".join(
                    f'<td data-label="{names[part]}">{html.escape(action.get(part, "–"))}</td>'
                    for part in ACTION_PARTS
                )
                rows.append(f"<tr>{head}{cells}</tr>")
        if not rows:
            return f'<p class="btk-legend">{html.escape(tr("plan_empty", lang))}</p>'
        header = "".join(f'<th scope="col">{names[part]}</th>' for part in ACTION_PARTS)
        return (
            f'<table class="btk-plan btk-stack"><thead><tr><th scope="col">'
            f"{html.escape(tr('plan_chance', lang))}"
            f"</th>{header}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )

    def draw(self, lang: str) -> str:
        answers = self.store.session_answers(self.model.participant.session, self.section)
        voters = answered_by(a for a in answers if a.item.startswith("vote."))
        if self.view == "team" and enough(voters):
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
        if not hasattr(self, "plan_view"):
            self.plan_view = self.small(ipw.HTML, "btk-plan-view")
        super().relabel()
        if self.model.participant is not None:
            picture = self.body.children[1].children[1]
            lang = self.model.language
            title = self.html_block(tr("plan_title", lang), "h3")
            picture.children = (*picture.children[:-1], title, self.plan_view, picture.children[-1])
            self.plan_view.value = self.plan_html(lang)
