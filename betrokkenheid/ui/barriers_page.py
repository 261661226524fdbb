"""Barriers and opportunities: what keeps parents away, what we can do, and our action plan."""

from __future__ import annotations

import html

import ipywidgets as ipw
import traitlets as tl

from ..analysis import answered_by
from ..answers import MAX_NOTE, MAX_VOTES, votes_given
from ..errors import InputError
from ..exercises import team_picture
from ..exercises.barriers import (
    ACTION_PARTS,
    AIM,
    TOP_CHANCES,
    action_plan,
    action_plan_html,
    aim_choices,
    draw_votes_of,
    top_opportunities,
)
from ..pictures import count_caption
from ..privacy import enough
from ..texts import tr
from ._common import AUTO_WIDTH, relabel_choice
from ._exercise import ExerciseModel, ExercisePage, heeded

__all__ = ["BarriersModel", "BarriersPage", "MAX_VOTES"]

TOP = TOP_CHANCES  # the opportunities the action plan is about
MAX_TEXT = MAX_NOTE


class BarriersModel(ExerciseModel):
    """The state of the barriers page: also the parent group whose barriers are shown."""

    group = tl.Unicode("")  # an id of the frame's parent_groups


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
    model_class = BarriersModel
    votes: dict = {}
    hows: dict = {}  # opportunity -> the line that says how to go about it (its help)

    def build(self) -> None:
        # one row of chips and one text box, shown for the chosen parent group: a teacher
        # looks at one group at a time, and the page stays small (12 chips, not 8 x 12)
        with self.quietly():  # the first group is shown, not chosen
            self.model.group = self.content.parent_groups[0].id
        self.model.observe(self._on_group, "group")
        self.group_choice = self.small(ipw.ToggleButtons, "btk-groups", style=AUTO_WIDTH)
        self.group_choice.observe(self._choose_group, "value")
        self.group_title = self.small(ipw.HTML)
        self.chips = {
            barrier.id: self.answer_widget(
                lambda barrier=barrier.id: f"barrier.{self.model.group}.{barrier}",
                ipw.ToggleButton,
                "btk-chip",
                to_answer=float,
                to_widget=bool,
            )
            for barrier in self.content.barriers
        }
        self.other = self.answer_widget(
            lambda: f"other.{self.model.group}",
            ipw.Text,
            "btk-field",
            continuous_update=False,
            to_answer=self.typed_text,
            to_widget=self.text_shown,
        )
        self.votes = {
            chance.id: self.answer_widget(
                f"vote.{chance.id}",
                ipw.ToggleButton,
                "btk-chip",
                icon="star",
                to_answer=self._vote_answer,
                to_widget=bool,
            )
            for chance in self.content.opportunities
        }
        # how to go about an opportunity, on a line below its vote
        self.hows = {
            chance.id: self.small(ipw.HTML, "btk-how")
            for chance in self.content.opportunities
            if chance.help is not None
        }
        self.chance_rows = [
            self.small(
                ipw.HBox,
                "btk-chance",
                children=[self.votes[c.id], *([self.hows[c.id]] if c.id in self.hows else [])],
            )
            for c in self.content.opportunities
        ]
        self.actions = {}
        self.plan_view = self.small(ipw.HTML, "btk-plan-view")

    def show_group(self, group: str) -> None:
        """Show the barriers of one parent group (an id of the frame's ``parent_groups``)."""
        self.group_choice.value = group

    @heeded
    def _choose_group(self, change) -> None:
        if change["new"] is not None:
            self.model.group = change["new"]

    @heeded
    def _on_group(self, _change) -> None:
        self.show()  # the chips and the text box show my answers for the chosen group
        self._label_group(self.model.language)

    def answered(self, items: list[str]) -> None:
        """The groups count my ticks; after a vote the plan asks about the top ones."""
        self._label_group(self.model.language)
        if any(item.startswith("vote.") for item in items):
            self._refresh_plan()

    def _label_group(self, lang: str) -> None:
        """Name each group with how many barriers I ticked for it, and title the chosen one."""
        answers, chosen = self.model.answers, self.model.group
        options = []
        for group in self.content.parent_groups:
            ticked = sum(
                1 for b in self.content.barriers if answers.get(f"barrier.{group.id}.{b.id}")
            )
            label = group.label.get(lang)
            options.append((f"{label} ({ticked})" if ticked else label, group.id))
        with self.quietly():
            relabel_choice(self.group_choice, options)
            self.group_choice.value = chosen
        label = next(g.label for g in self.content.parent_groups if g.id == chosen)
        self.group_title.value = f"<h3>{html.escape(label.get(lang))}</h3>"

    def _vote_answer(self, voted: bool) -> float:
        """A vote as an answer (1 or 0); over the limit it is refused. The votes are counted
        as stored: another tab of the same person may have voted too."""
        if voted:
            stored = self.store.answers_of(self.model.participant, self.section)
            if votes_given(stored) >= MAX_VOTES:
                raise InputError("votes", f"at most {MAX_VOTES}")
        self.message.clear()
        return 1.0 if voted else 0.0

    def explain(self, exc: InputError) -> str:
        if exc.source == "votes":
            return tr("votes_full", self.model.language, n=MAX_VOTES)
        return super().explain(exc)

    def _action_box(self, chance: str, part: str) -> ipw.Text:
        key = (chance, part)
        if key not in self.actions:
            self.actions[key] = self.answer_widget(
                f"action.{chance}.{part}",
                ipw.Text,
                "btk-field",
                continuous_update=False,
                to_answer=self.typed_text,
                to_widget=self.text_shown,
            )
        return self.actions[key]

    def _aim_box(self, chance: str) -> ipw.Dropdown:
        """Where the action for ``chance`` should make things better: a part of the frame
        whose change the follow-up shows at a later measurement (or none)."""
        key = (chance, AIM)
        if key not in self.actions:
            self.actions[key] = self.answer_widget(
                f"action.{chance}.{AIM}",
                ipw.Dropdown,
                "btk-field",
                options=self._aims(self.model.language),
                to_answer=lambda aim: aim or None,  # "not chosen" takes the answer back
                to_widget=lambda answer: answer or "",
            )
        return self.actions[key]

    def _aims(self, lang: str) -> list[tuple[str, str]]:
        none = [(tr("action_aim_none", lang), "")]
        return none + [(label.get(lang), aim) for aim, label in aim_choices(self.frame)]

    def top(self) -> list[str]:
        """The opportunities the action plan is about: the team's top votes (or mine)."""
        answers = self.store.session_answers(self.model.participant.session, self.section)
        team = top_opportunities(answers, self.content, TOP)
        if team:
            return team
        mine = self.model.answers
        return [c.id for c in self.content.opportunities if mine.get(f"vote.{c.id}")][:TOP]

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
            if chance.id in self.hows:
                self.hows[chance.id].value = f"<p>{html.escape(chance.help.get(lang))}</p>"
        chances_row = self.small(ipw.VBox, "btk-chance-list", children=self.chance_rows)
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
            aim = self._aim_box(chance)
            with self.quietly():
                relabel_choice(aim, self._aims(lang))
            aim.description = tr("action_aim", lang)
            boxes.append(aim)
            title = self.small(ipw.HTML, value=f"<h3>{html.escape(labels[chance])}</h3>")
            parts.append(self.small(ipw.VBox, children=[title, *boxes]))
        self.plan_box.children = parts

    def plan(self, lang: str) -> list[dict]:
        """The action plan: per top opportunity, the actions the team wrote (texts as typed)."""
        answers = self.store.session_answers(self.model.participant.session, self.section)
        return action_plan(answers, self.content, lang, chances=self.top())

    def plan_html(self, lang: str) -> str:
        """The action plan as a printable HTML table; every typed text escaped (the table the
        dashboard shows too: :func:`~betrokkenheid.exercises.barriers.action_plan_html`)."""
        return action_plan_html(self.plan(lang), lang)

    def draw(self, lang: str) -> str:
        answers = self.store.session_answers(self.model.participant.session, self.section)
        voters = answered_by(a for a in answers if a.item.startswith("vote."))
        if self.view == "team" and enough(voters):
            caption, self.model.drawn = team_picture(
                self.section, self.frame, answers, lang, self.axes
            )
        else:
            labels = {c.id: c.label.get(lang) for c in self.content.opportunities}
            counts = {c: int(bool(self.model.answers.get(f"vote.{c}"))) for c in labels}
            rows = [(labels[c], counts[c]) for c in labels]
            draw_votes_of(rows, self.axes)
            self.model.drawn = dict(rows)
            if self.view == "team":
                caption = count_caption(lang, voters, False)
            else:
                caption = tr("votes_mine", lang, n=sum(counts.values()), total=MAX_VOTES)
        self.plan_view.value = self.plan_html(lang)
        return caption

    def under_picture(self, lang: str) -> list:
        """The team's action plan, under the picture."""
        self.plan_view.value = self.plan_html(lang)
        return [self.html_block(tr("plan_title", lang), "h3"), self.plan_view]
