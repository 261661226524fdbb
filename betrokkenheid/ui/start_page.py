"""Step 0: create or join a session, pick a role and a language, get a personal code."""

from __future__ import annotations

import html

import ipywidgets as ipw
import traitlets as tl

from ..answers import check_school
from ..errors import InputError
from ..frames import frame_paths, load_frame
from ..terms import Measurement, Role
from ._common import Page, PageModel, guarded, soon, steps_html, style, tr
from .day_page import day_link

__all__ = ["StartModel", "StartPage"]

_WIDE = {"description_width": "initial"}


class StartModel(PageModel):
    """The state of the start page: the tab shown and what is filled in on each tab.

    The widgets show it and change it: setting ``measurement`` to ``"later"`` shows the field
    for the baseline's join code, setting ``tab`` shows that tab. ``refused`` is the text key
    of why the baseline's code was refused (shown beneath that field), or None.
    """

    tab = tl.Int(0, allow_none=True)  # the tab shown: 0 join, 1 create, 2 resume
    # join
    join_code = tl.Unicode("")
    role = tl.Unicode(None, allow_none=True)  # a terms.Role value, None until one is chosen
    # create
    school = tl.Unicode("")
    frame = tl.Unicode(None, allow_none=True)  # a frame's name, once the frames are listed
    measurement = tl.Unicode("baseline", allow_none=True)  # a terms.Measurement value
    baseline_code = tl.Unicode("")  # a later measurement's baseline: its join code as typed
    refused = tl.Unicode(None, allow_none=True)
    # resume
    personal_code = tl.Unicode("")


class StartPage(Page):
    """The start page (*startpagina*): join with a code, or make a new session.

    A later measurement (*latere meting*) can be linked to the school's baseline
    (*nulmeting*) by the baseline's join code: then its team looks back at the baseline's plan.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> page = StartPage(Store("sqlite://"), language="en")
    >>> page.school.value = "De Linde"
    >>> page.create_button.click()
    >>> page.role.value = "teacher"
    >>> page.join_button.click()
    >>> page.model.participant.role
    'teacher'
    >>> page.measurement.value = "later"  # a later session, linked to the one just made
    >>> page.baseline.value = page.join_code.value
    >>> page.create_button.click()
    >>> page.store.session(page.join_code.value).baseline == page.baseline.value
    True

    Its state is a :class:`StartModel`; the widgets follow it:

    >>> page = StartPage(Store("sqlite://"))
    >>> page.model.measurement = "later"
    >>> page.measurement.value, page.baseline_box.layout.display
    ('later', None)
    """

    title_key = "start_title"
    step = 0
    model_class = StartModel
    _ERRORS = {**Page._ERRORS, "baseline": "bad_baseline"}

    def __init__(self, store, participant_code: str | None = None, language: str | None = "nl"):
        super().__init__(store, language)
        self.intro = ipw.HTML()
        # join
        self.join_code = ipw.Text(placeholder="K7MQ2P", style=_WIDE)
        self.role = ipw.RadioButtons(options=self._roles(), value=None, style=_WIDE)
        self.join_button = ipw.Button(button_style="primary", icon="sign-in")
        self.join_button.add_class("btk-primary")
        self.join_button.on_click(self._join)
        # create
        self.school = ipw.Text(style=_WIDE)
        self.frame = ipw.Dropdown(style=_WIDE)  # the frames come right after the cell
        self._frames_listed = False
        self.measurement = ipw.ToggleButtons(
            options=self._measurements(), value="baseline", style=_WIDE
        )
        self.measurement.add_class("btk-choice")
        # a later measurement's baseline: its join code, shown only for a later measurement
        self.baseline = ipw.Text(placeholder="P3XR8N", style=_WIDE)  # not the join field's
        self.baseline_help = ipw.HTML()
        self.baseline_box = ipw.VBox([self.baseline, self.baseline_help])
        self.baseline_box.add_class("btk-baseline")
        self.create_button = ipw.Button(button_style="primary", icon="plus")
        self.create_button.add_class("btk-primary")
        self.create_button.on_click(self._create)
        # resume
        self.personal_code = ipw.Text(placeholder="ABCD-EFGH", style=_WIDE)
        self.resume_button = ipw.Button(button_style="primary", icon="arrow-right")
        self.resume_button.add_class("btk-primary")
        self.resume_button.on_click(self._resume)

        for field in (
            self.join_code,
            self.role,
            self.school,
            self.frame,
            self.measurement,
            self.baseline,
            self.personal_code,
        ):
            field.add_class("btk-field")
        self.tabs = ipw.Tab(
            [
                self.card([self.join_code, self.role, self.join_button]),
                self.card(
                    [
                        self.school,
                        self.frame,
                        self.measurement,
                        self.baseline_box,
                        self.create_button,
                    ]
                ),
                self.card([self.personal_code, self.resume_button]),
            ]
        )
        tl.link((self.tabs, "selected_index"), (self.model, "tab"))
        for widget, trait in (
            (self.join_code, "join_code"),
            (self.role, "role"),
            (self.school, "school"),
            (self.frame, "frame"),
            (self.measurement, "measurement"),
            (self.baseline, "baseline_code"),
            (self.personal_code, "personal_code"),
        ):
            tl.link((widget, "value"), (self.model, trait))
        self.model.observe(self._show_baseline, "measurement")
        self.model.observe(self._forget_refusal, "baseline_code")
        self.model.observe(lambda _: self._show_baseline_help(), "refused")
        self.result = ipw.HTML()
        self.steps = ipw.HTML()
        self.children = [
            style(),
            self.header,
            self.intro,
            self.message,
            self.tabs,
            self.result,
            self.steps,
        ]
        # reading the frames loads pydantic: in a kernel that waits until after the cell
        soon(self._list_frames)
        self._show_baseline()
        if participant_code:
            requested = self.model.language
            self.model.personal_code = participant_code
            self._resume()
            if self.language_from_link:  # the link's language wins over the stored one
                self.model.language = requested
        self.relabel()

    # labels ---------------------------------------------------------------------------------
    def _roles(self):
        return [(tr(f"role_{r.value}", self.model.language), r.value) for r in Role]

    def _measurements(self):
        lang = self.model.language
        return [(tr(f"measurement_{m.value}", lang), m.value) for m in Measurement]

    def _frames(self):
        options = []
        for name in frame_paths():
            try:
                options.append((load_frame(name).title.get(self.model.language), name))
            except Exception:  # a broken frame file of the user's own is left out of the list
                continue
        return options

    @guarded
    def _list_frames(self) -> None:
        self.frame.options = self._frames()
        self.model.frame = "betrokkenheidsboom"
        self._frames_listed = True

    def relabel(self) -> None:
        lang = self.model.language
        self.intro.value = f'<p class="btk-intro">{html.escape(tr("start_intro", lang))}</p>'
        self.join_code.description = tr("join_code", lang)
        self.join_code.tooltip = tr("join_code_hint", lang)
        _keep_value(self.role, self._roles())
        self.role.description = tr("role", lang)
        self.join_button.description = tr("join_button", lang)
        self.school.description = tr("school", lang)
        self.frame.description = tr("frame", lang)
        if self._frames_listed:
            _keep_value(self.frame, self._frames())
        self.measurement.description = tr("measurement", lang)
        _keep_value(self.measurement, self._measurements())
        self.baseline.description = tr("baseline_code", lang)
        self._show_baseline_help()
        self.create_button.description = tr("create_button", lang)
        self.personal_code.description = tr("personal_code", lang)
        self.resume_button.description = tr("resume_button", lang)
        for i, key in enumerate(("tab_join", "tab_create", "tab_resume")):
            self.tabs.set_title(i, tr(key, lang))
        self._show_result()

    # actions --------------------------------------------------------------------------------
    @guarded
    def _join(self, _button=None) -> None:
        lang = self.model.language
        m = self.model
        if not m.join_code.strip():
            return self.message.show(
                tr("missing_field", lang, field=tr("join_code", lang)), "error"
            )
        if m.role is None:
            return self.message.show(tr("missing_field", lang, field=tr("role", lang)), "error")
        m.participant = self.store.join(m.join_code, m.role, lang)
        self.message.clear()
        self._show_result()

    @guarded
    def _create(self, _button=None) -> None:
        lang = self.model.language
        m = self.model
        school = check_school(m.school)  # the rule an import checks too
        baseline = self._baseline_code()
        try:
            session = self.store.create_session(school, m.frame, m.measurement, baseline=baseline)
        except InputError as exc:
            if exc.source != "baseline":
                raise
            m.refused = self._REFUSED.get(exc.reason, "bad_baseline")  # shown beneath the field
            return self.message.show(tr(m.refused, lang), "error")
        m.refused = None
        m.join_code = session.code
        m.tab = 0
        self.message.show(tr("created", lang, code=session.code), "info")
        dashboard = html.escape(f"06_dashboard.ipynb?s={session.code}&lang={lang}")
        linked = ""
        if session.baseline:
            said = tr("created_linked", lang, code=session.baseline)
            linked = f"<p>{html.escape(said)}</p>"
        self.result.value = (
            f'<div class="btk-card btk-created">{linked}'
            f"<p>{html.escape(tr('created_trainer', lang))}</p>"
            f'<p><a class="btk-button btk-dashboard" href="{dashboard}" target="_blank">'
            f"{html.escape(tr('dashboard_title', lang))} →</a></p></div>"
        )

    def _baseline_code(self) -> str | None:
        """The baseline's join code typed for a later measurement; None when left empty."""
        if self.model.measurement != "later":
            return None  # the field is hidden: what it still holds does not count
        return self.model.baseline_code.strip() or None

    def _show_baseline(self, _change=None) -> None:
        self.baseline_box.layout.display = None if self.model.measurement == "later" else "none"

    def _show_baseline_help(self) -> None:
        """What the field is for; after a refused code, why it was refused, right beneath it
        (on a phone the message box at the top is out of sight)."""
        lang = self.model.language
        if self.model.refused:
            said = html.escape(tr(self.model.refused, lang))
            self.baseline_help.value = f'<p class="btk-message btk-message-error">{said}</p>'
        else:
            said = html.escape(tr("baseline_code_hint", lang))
            self.baseline_help.value = f'<p class="btk-legend">{said}</p>'

    def _forget_refusal(self, _change=None) -> None:
        self.model.refused = None  # typing again: the hint is back

    _REFUSED = {  # the store's reason for refusing a baseline -> the words of the page
        "code": "bad_baseline_code",
        "school": "bad_baseline_school",
        "frame": "bad_baseline_frame",
        "measurement": "bad_baseline_measurement",
    }

    @guarded
    def _resume(self, _button=None) -> None:
        lang = self.model.language
        if not self.model.personal_code.strip():
            field = tr("personal_code", lang)
            return self.message.show(tr("missing_field", lang, field=field), "error")
        self.model.participant = self.store.participant(self.model.personal_code)
        self.model.language = self.model.participant.language
        self.message.clear()
        self._show_result()

    def _show_result(self) -> None:
        lang = self.model.language
        me = self.model.participant
        self.tabs.layout.display = "none" if me else None
        if me is None:
            self.result.value = ""
            self.steps.value = steps_html(lang, None, here=0)
            return
        code = f"{me.code[:4]}-{me.code[4:]}"
        # the day page, where the person left off, in their language (day_page.where_left_off)
        first = day_link(me.code, lang)
        self.result.value = (
            '<div class="btk-card btk-joined">'
            f"<h2>{html.escape(tr('joined_title', lang, school=me.session.school))}</h2>"
            f'<p class="btk-code" aria-label="{html.escape(tr("personal_code", lang))}">'
            f"{code}</p><p>{html.escape(tr('joined_code', lang, code=code))}</p>"
            f'<p><a class="btk-button btk-go" href="{html.escape(first)}">'
            f"{html.escape(tr('go', lang))} →</a></p></div>"
        )
        self.steps.value = steps_html(lang, me.code, here=0)


def _keep_value(widget, options) -> None:
    value = widget.value
    widget.options = options
    widget.value = value if value in [v for _, v in options] else None
