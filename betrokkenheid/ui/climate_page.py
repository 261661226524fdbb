"""Partnership climate: each member places the school on a rubric, now and where we want to
be; a radar shows the team."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ..exercises import team_picture
from ..exercises.climate import draw_radar_of, radar_rows, wanted_item
from ..questionnaire import DONT_KNOW
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
    >>> page.aim(first).value = 4
    >>> store.answers_of(me, "climate") == {first: 2.0, f"{first}.wanted": 4.0}
    True
    >>> page.choice(first).value = "dont_know"  # "weet ik niet"
    >>> store.answers_of(me, "climate")[first]
    'dont_know'
    """

    section = "climate"
    legend_key = "radar_legend"
    choices: dict = {}
    aims: dict = {}

    def choice(self, component: str) -> ipw.ToggleButtons:
        """The widget that places the school on ``component``'s rubric now (a level, or
        ``"dont_know"``)."""
        return self.choices[component]

    def aim(self, component: str) -> ipw.ToggleButtons:
        """The widget that says which level of ``component`` we want to reach."""
        return self.aims[component]

    def build(self) -> None:
        self.choices, self.aims = {}, {}
        steps = [(str(v), v) for v in range(1, len(self.content.levels) + 1)]
        for component in self.content.components:
            self.choices[component.id] = self.answer_widget(
                component.id,
                ipw.ToggleButtons,
                style=AUTO_WIDTH,
                options=[*steps, ("?", DONT_KNOW)],
            )
            self.aims[component.id] = self.answer_widget(
                wanted_item(component.id), ipw.ToggleButtons, style=AUTO_WIDTH, options=steps
            )

    def questions(self, lang: str) -> list:
        levels = [level.label.get(lang) for level in self.content.levels]
        named = [(label, i) for i, label in enumerate(levels, start=1)]
        signs_word = html.escape(tr("climate_signs", lang))
        cards = []
        for component in self.content.components:
            relabel_choice(self.choices[component.id], [*named, (tr("dont_know", lang), DONT_KNOW)])
            relabel_choice(self.aims[component.id], named)
            # a table on a wide screen; on a narrow one (CSS) a card per level, named by its
            # data-label; under each level what a team sees at school when it is there (no <b>:
            # radiogroups.js names a rating by the bold text before it)
            signs = component.signs or (None,) * len(levels)
            cells = (
                "".join(f'<th scope="col">{html.escape(label)}</th>' for label in levels),
                "".join(
                    f'<td data-label="{html.escape(label)}">{html.escape(text.get(lang))}'
                    + (
                        f'<span class="btk-signs"><span class="btk-signs-word">{signs_word}</span> '
                        f"{html.escape(sign.get(lang))}</span>"
                        if sign is not None
                        else ""
                    )
                    + "</td>"
                    for label, text, sign in zip(levels, component.levels, signs, strict=True)
                ),
            )
            rubric = self.small(
                ipw.HTML,
                value=f"<h2>{html.escape(component.label.get(lang))}</h2>"
                f'<p class="btk-question">{html.escape(component.help.get(lang))}</p>'
                f'<table class="btk-rubric btk-stack"><tr class="btk-heads">{cells[0]}</tr>'
                f"<tr>{cells[1]}</tr></table>",
            )
            now, wanted = (
                self.small(
                    ipw.HTML, value=f'<p class="btk-aspect">{html.escape(tr(key, lang))}</p>'
                )
                for key in ("climate_where", "climate_wanted")
            )
            parents = self.small(
                ipw.HTML,
                value=f'<p class="btk-hint">{html.escape(tr("climate_parents", lang))}</p>',
            )
            box = self.small(
                ipw.VBox,
                "btk-rating",
                children=[rubric, now, self.choices[component.id], wanted, self.aims[component.id]],
            )
            cards.append(self.card([box, parents], "btk-component"))
        return cards

    def draw(self, lang: str) -> str:
        ids = [c.id for c in self.content.components]
        given = self.model.answers
        mine = {cid: given.get(cid) for cid in ids}
        if self.view == "team":
            answers = self.store.session_answers(self.model.participant.session, self.section)
            caption, self.model.drawn = team_picture(
                self.section, self.frame, answers, lang, self.axes, mine=mine
            )
            return caption
        wanted = {cid: given.get(wanted_item(cid)) for cid in ids}
        rows = radar_rows(self.content, None, mine, lang, wanted)
        draw_radar_of(self.content, rows, lang, self.axes)
        levels = {cid: v for cid, v in mine.items() if v != DONT_KNOW}
        self.model.drawn = levels | {wanted_item(cid): v for cid, v in wanted.items()}
        answered = sum(v is not None for v in mine.values())
        return tr("me_count", lang, n=answered, total=len(ids))
