"""Forms of involvement: the team's real activities placed on the tree."""

from __future__ import annotations

import html

import ipywidgets as ipw

from ..analysis import own_answers
from ..answers import MAX_LABEL, MAX_OWN
from ..exercises import team_picture
from ..exercises.forms import (
    citations,
    draw_tree_of,
    placement,
    research_paragraphs,
    takes_direction,
    tree_branches,
    tree_labels,
)
from ..terms import Context, Direction
from ..texts import tr
from ._common import AUTO_WIDTH, guarded, relabel_choice
from ._exercise import ExercisePage

__all__ = ["FormsPage"]


class FormsPage(ExercisePage):
    """The involvement tree (*betrokkenheidsboom*): forms are branches, activities leaves.

    For every example activity a member says whether the school does it and where it belongs
    (form, home or school, and for a form of contact one-way or two-way). Own activities can be
    added. The one-way/two-way choice shows only while the chosen form is ``directed`` (and
    the activity is asked one, :func:`~betrokkenheid.exercises.forms.takes_direction`): it
    comes and goes with the form chosen.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    >>> me = store.join(code, "teacher")
    >>> page = FormsPage(store, participant_code=me.code)
    >>> first = page.content.activities[0].id
    >>> page.doing[first].value = True
    >>> store.answers_of(me, "forms") == {first: 1.0}
    True
    """

    section = "forms"
    legend_key = "tree_legend"
    doing: dict = {}

    def build(self) -> None:
        self.doing, self.placing, self.rows = {}, {}, {}
        self._placed = {}  # per activity: where it hangs until someone moves it
        for activity in self.content.activities:
            self._activity_widgets(activity.id, activity.form, activity.context, activity.direction)
        self.new_label = ipw.Text(placeholder="…")
        self.new_label.add_class("btk-field")
        self.new_form = ipw.Dropdown()
        self.new_context = ipw.ToggleButtons(style=AUTO_WIDTH)
        self.new_direction = ipw.ToggleButtons(style=AUTO_WIDTH)
        self.new_place = self.small(ipw.HBox)  # form, context, and direction if it has one
        self.new_form.observe(lambda _change: self._show_new_place(), "value")
        self.add_button = ipw.Button(button_style="primary", icon="plus")
        self.add_button.add_class("btk-primary")
        self.add_button.on_click(self._add_own)
        for key in self._own_keys():
            self._activity_widgets(key, *placement(self.model.answers, key, self.content))

    def _own_keys(self) -> list[str]:
        keys = {item.split(".")[0] for item in self.model.answers if item.startswith("own_")}
        return sorted(keys, key=lambda k: int(k.split("_")[1]))

    def _activity_widgets(self, key, form, context, direction) -> None:
        activity = next((a for a in self.content.activities if a.id == key), None)
        if activity is not None:
            form, context, direction = placement(self.model.answers, key, self.content)
        known_forms = {f.id for f in self.content.forms}
        toggle = self.answer_widget(
            key, ipw.ToggleButton, "btk-doing", icon="check", to_answer=float, to_widget=bool
        )
        toggle.observe(lambda _change: self._show_row(key), "value")
        self.doing[key] = toggle
        self._placed[key] = (
            form if form in known_forms else self.content.forms[0].id,
            context if context in Context._value2member_map_ else Context.SCHOOL.value,
            direction if direction in Direction._value2member_map_ else Direction.ONE_WAY.value,
        )
        self.rows[key] = self.small(ipw.HBox, "btk-activity")

    def _choices(self, lang: str) -> tuple[list, list, list]:
        """The options of the form, context and direction choices, labelled in ``lang``."""
        return (
            [(f.label.get(lang), f.id) for f in self.content.forms],
            [(tr(f"context_{c.value}", lang), c.value) for c in (Context.HOME, Context.SCHOOL)],
            [(tr(f"direction_{d.value}", lang), d.value) for d in Direction],
        )

    def _placing_widgets(self, key: str) -> tuple:
        """Where the activity hangs: its form, context and direction choices, made when the
        school says it does the activity (the tree shows only those). The row shows the
        direction only while it applies (:meth:`_shown_placing`)."""
        if key not in self.placing:
            forms, contexts, directions = self._choices(self.model.language)
            placed = self._placed[key]

            def choice(part, cls, options, fallback, *css_classes, **traits):
                values = [value for _, value in options]
                return self.answer_widget(
                    f"{key}.{part}",
                    cls,
                    *css_classes,
                    options=options,
                    to_widget=lambda answer: answer if answer in values else fallback,
                    **traits,
                )

            widgets = (
                choice("form", ipw.Dropdown, forms, placed[0], "btk-small"),
                choice("context", ipw.ToggleButtons, contexts, placed[1], style=AUTO_WIDTH),
                choice("direction", ipw.ToggleButtons, directions, placed[2], style=AUTO_WIDTH),
            )
            self.placing[key] = widgets
            self._name_choices(key, self.model.language)
        return self.placing[key]

    def _has_direction(self, key: str) -> bool:
        """Whether activity ``key`` is asked its direction now: it takes one and the form it
        hangs on (as answered, or as the frame places it) is directed; :func:`placement`
        gives a direction exactly then."""
        return placement(self.model.answers, key, self.content)[2] is not None

    def _shown_placing(self, key: str) -> tuple:
        """The choices the row of ``key`` shows: none while the school does not do it; the
        form and the context; the direction where it applies."""
        if not self.doing[key].value:
            return ()
        form, context, direction = self._placing_widgets(key)
        return (form, context, direction) if self._has_direction(key) else (form, context)

    @guarded
    def _show_row(self, key: str) -> None:
        row = self.rows[key]
        if row.children:  # else the row is not laid out yet: questions() will fill it
            toggle, label = row.children[:2]
            row.children = (toggle, label, *self._shown_placing(key))

    def answered(self, items: list[str]) -> None:
        """A form chosen anew: its row shows or hides the direction."""
        for item in items:
            key, _, part = item.rpartition(".")
            if part == "form" and key in self.rows:
                self._show_row(key)

    def _show_new_place(self) -> None:
        """The choices of a new activity of one's own: the direction only for a directed
        form (and a frame whose own activities take one)."""
        shown = [self.new_form, self.new_context]
        if self.content.is_directed(self.new_form.value) and takes_direction(self.content, "own_1"):
            shown.append(self.new_direction)
        self.new_place.children = shown

    def _name_choices(self, key: str, lang: str) -> None:
        """Name an activity's three choices for a screen reader (they have no label): what is
        chosen and for which activity, e.g. "Waar: Ouderavond"."""
        label = self._label_of(key, lang)
        for widget, part in zip(
            self.placing[key], ("report_form", "choice_context", "choice_direction"), strict=True
        ):
            widget.tooltip = f"{tr(part, lang)}: {label}"

    def _label_of(self, key: str, lang: str) -> str:
        for activity in self.content.activities:
            if activity.id == key:
                return activity.label.get(lang)
        return str(self.model.answers.get(f"{key}.label", ""))

    def questions(self, lang: str) -> list:
        forms, contexts, directions = choices = self._choices(lang)
        for key, widgets in self.placing.items():
            for widget, options in zip(widgets, choices, strict=True):
                relabel_choice(widget, options)
            self._name_choices(key, lang)
        rows = []
        for key, toggle in self.doing.items():
            own = key.startswith("own_")
            if own and not toggle.value:
                continue  # removed by its author
            toggle.description = tr("remove" if own else "we_do_this", lang)
            label = self.small(ipw.HTML, value=f"<b>{html.escape(self._label_of(key, lang))}</b>")
            self.rows[key].children = (toggle, label, *self._shown_placing(key))
            rows.append(self.rows[key])
        cited = citations(self.frame, lang)
        research = ipw.HTML(
            f'<div class="btk-research"><h3>{html.escape(tr("research_title", lang))}</h3>'
            + "".join(
                f"<p>{html.escape(part)}</p>" for part in research_paragraphs(self.frame, lang)
            )
            + (f'<p class="btk-citations">{html.escape(cited)}</p>' if cited else "")
            + "<ul>"
            + "".join(
                f"<li><b>{html.escape(f.label.get(lang))}</b>: {html.escape(f.help.get(lang))}"
                f' <span class="btk-weight btk-weight-{f.weight.value}">'
                f"{html.escape(tr(f'weight_{f.weight.value}', lang))}</span></li>"
                for f in self.content.forms
            )
            + "</ul></div>"
        )
        self.new_label.description = tr("own_activity", lang)
        self.new_form.options, self.new_form.value = forms, self.new_form.value or forms[0][1]
        self.new_form.tooltip = tr("report_form", lang)
        for widget, options, default in (
            (self.new_context, contexts, Context.SCHOOL.value),
            (self.new_direction, directions, Direction.ONE_WAY.value),
        ):
            value = widget.value or default
            widget.options, widget.value = options, value
        self.add_button.description = tr("add", lang)
        self._show_new_place()
        add = self.card(
            [
                self.html_block(tr("own_activity_title", lang), "h2"),
                self.new_label,
                self.new_place,
                self.add_button,
            ],
            "btk-add",
        )
        return [
            research,
            self.card([self.html_block(tr("activities_title", lang), "h2"), *rows]),
            add,
        ]

    @guarded
    def _add_own(self, _button=None) -> None:
        lang = self.model.language
        label = " ".join(self.new_label.value.split())
        if not label:
            field = tr("own_activity", lang)
            return self.message.show(tr("missing_field", lang, field=field), "error")
        own = self._own_keys()
        if len(own) >= MAX_OWN:
            return self.message.show(tr("too_many_own", lang, n=MAX_OWN), "error")
        if len(label) > MAX_LABEL:
            label = label[:MAX_LABEL]
            self.message.show(tr("text_cut", lang, n=MAX_LABEL), "info")
        else:
            self.message.clear()
        key = f"own_{max([int(k.split('_')[1]) for k in own], default=0) + 1}"
        placed = (self.new_form.value, self.new_context.value, self.new_direction.value)
        self._activity_widgets(key, *placed)
        parts = {"label": label, "form": placed[0], "context": placed[1]}
        if self.new_direction in self.new_place.children:  # a form with a direction
            parts["direction"] = placed[2]
        self.model.answers = {  # stored at once, and we do it: the tree shows it
            **self.model.answers,
            **{f"{key}.{part}": text for part, text in parts.items()},
            key: 1.0,
        }
        if key in self.model.answers:  # else the store refused it: the name stays to retry
            self.new_label.value = ""
        self.relabel()

    # the picture --------------------------------------------------------------------------
    def draw(self, lang: str) -> str:
        if self.view == "team":
            answers = self.store.session_answers(self.model.participant.session, self.section)
            caption, self.model.drawn = team_picture(
                self.section, self.frame, answers, lang, self.axes
            )
            return caption
        mine = self.model.answers  # the placements, and the activities we do
        rows = own_answers({k: v for k, v in mine.items() if "." in k or (k in self.doing and v)})
        branches = tree_branches(rows, self.content, lang, min_group=1)
        for branch in branches:
            for leaf in branch["leaves"]:
                del leaf["count"]
        draw_tree_of(branches, lang, self.axes)
        self.model.drawn = tree_labels(branches)
        return tr("bare_count", lang, n=sum(not b["leaves"] for b in branches))
