"""The study day on one page (*de studiedag op één pagina*): every step in one kernel.

``00_dag.ipynb?p=PERSONAL_CODE&lang=nl|en[&step=NAME]`` shows one step of the study day,
built with that step's own page class, and goes to another step inside the same kernel: a
page once built is kept (Back shows it again at once), and once the browser has drawn a
step, the next one is built ahead, hidden. The separate notebooks (``01_betrokkenheid.ipynb``
and so on) stay as deep links.

How the browser and the kernel talk (``dayurl.js`` in the workbook's Voila template):

* Back and Next, and the list of steps, are the same links as on a page of its own
  (``ExercisePage._nav_html``); inside the day page the script catches a click on a link to
  one of the day's steps and passes the notebook's name to the kernel through a hidden text
  field (:attr:`DayPage.goto`), so no new page and no new kernel is opened. Opened in a new tab
  (or without the script) such a link opens that step's own page.
* The page puts a marker into itself: ``data-btk-url`` (this step's address, which the
  script writes into the address bar with ``history.replaceState``, so a reload or a tab
  opened again comes back to this step), ``data-btk-lang`` (for ``<html lang>``),
  ``data-btk-step`` and ``data-btk-switch`` (after a switch the script moves the focus to the
  new step's title and scrolls to the top).
* The script says when it has drawn a step (``!shown STEP`` through the same field); then the
  next step is built. ipywidgets are not thread-safe, so that is done in the kernel's event
  loop, not in a thread; without the browser's word it is done after :data:`READY_WAIT`.

Every built page is a child of the day page; the CSS shows only the one whose step the day
page's class names (``btk-day-at-NAME`` shows ``btk-day-step-NAME``), so a switch is one
message to the browser and the page it shows is drawn already.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode

import ipywidgets as ipw
import traitlets as tl

from ..exercises import EXERCISES, exercise, of_frame
from ..frames import load_frame
from ._common import (
    STEPS,
    Page,
    PageModel,
    _default_store,
    guarded,
    later,
    page_link,
    query_params,
    soon,
    style,
    tr,
)
from ._jupyter import with_classes

__all__ = ["DAY_NOTEBOOK", "DayModel", "DayPage", "day_link", "where_left_off"]

DAY_NOTEBOOK = "00_dag.ipynb"
READY_WAIT = 10.0  # s: build the next step even when the browser has not said it drew this one
PREBUILD_DELAY = 0.2  # s after the browser drew a step, before the next one is built
_NAME = re.compile(r"^[a-z_]{1,40}$")


def day_link(participant_code: str, language: str, step: str | None = None) -> str:
    """The relative address of the day page at ``step`` (where one left off: no step).

    Example
    -------
    >>> day_link("ABCD2345", "en", "triangle")
    '00_dag.ipynb?p=ABCD2345&lang=en&step=triangle'
    """
    params = {"p": participant_code, "lang": language}
    if step:
        params["step"] = step
    return f"{DAY_NOTEBOOK}?{urlencode(params)}"


def where_left_off(store, participant, steps: list[str]) -> str:
    """The step a person goes on with: the first step with no answers after the last one
    they answered, that is the step after it (the last answered one itself when it is the
    session's last step); the first step for someone who answered nothing yet.

    ``steps`` are the session's steps (names, in order); a closed tab or a reload comes
    back to the exact step by the address instead (``step=``).

    Example
    -------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> me = store.join(store.create_session("X", "betrokkenheidsboom", "baseline").code, "other")
    >>> steps = ["perspectives", "triangle", "forms"]
    >>> where_left_off(store, me, steps)
    'perspectives'
    >>> store.save_answer(me, "triangle", "parent_school.equality", 3)
    >>> where_left_off(store, me, steps)
    'forms'
    """
    answered = [i for i, name in enumerate(steps) if store.answers_of(participant, name)]
    if not answered:
        return steps[0]
    return steps[min(answered[-1] + 1, len(steps) - 1)]


class DayModel(PageModel):
    """The state of the day page: the session's steps and the step shown.

    Setting ``step`` shows that step (built if it was not yet); it must be one of ``steps``.
    """

    steps = tl.List(tl.Unicode())  # the exercises the session has, in their order
    step = tl.Unicode(None, allow_none=True)  # the exercise shown, once there is a participant

    @tl.validate("step")
    def _known_step(self, proposal):
        if proposal["value"] is not None and proposal["value"] not in self.steps:
            raise tl.TraitError(f"not a step of this session: {proposal['value']!r}")
        return proposal["value"]


class DayPage(Page):
    """The whole study day in one page and one kernel: each step's own page, Next and Back
    at once.

    Without ``step`` (or with one the session does not have) it opens where the person left
    off (:func:`where_left_off`), in the language of the link or else the one they chose.
    Without a code, or with a wrong one, it asks for the personal code.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> me = store.join(store.create_session("X", "betrokkenheidsboom", "baseline").code, "other")
    >>> day = DayPage(store, me.code, "en")
    >>> day.model.step, type(day.page).__name__
    ('perspectives', 'PerspectivesPage')
    >>> day.next()
    True
    >>> day.model.step, day.page.model.language
    ('triangle', 'en')
    >>> day.page.rating("parent_school", "equality").value = 4
    >>> store.answers_of(me, "triangle")
    {'parent_school.equality': 4.0}
    """

    title_key = "day_title"
    model_class = DayModel

    def __init__(
        self,
        store,
        participant_code: str | None = None,
        language: str | None = "nl",
        step: str | None = None,
    ):
        super().__init__(store, language)
        self.requested = step  # the step of the link; checked once the session is known
        self.frame = None
        self.pages: dict = {}  # step -> its page, every one built so far
        self.page = None  # the page shown
        self._switches = 0  # how often the step changed: the script moves the focus then
        self._shown = 0  # counts the steps shown: a build ahead for an older one is dropped
        self._entering = False
        self._noted = None  # the page that shows a note of the day page's own
        self._style = style()
        # the marker the script reads (address, language, step) and the field it writes to
        self.marker = ipw.HTML(layout=ipw.Layout(display="none"))
        self.goto = with_classes(ipw.Text, ("btk-day-goto",), layout=ipw.Layout(display="none"))
        self.goto.observe(self._on_goto, "value")
        self.code_input = with_classes(ipw.Text, ("btk-field",), placeholder="ABCD-EFGH")
        self.code_button = with_classes(
            ipw.Button, ("btk-primary",), button_style="primary", icon="arrow-right"
        )
        self.code_button.on_click(lambda _button: self._open(self.code_input.value))
        self.model.observe(self._on_step, "step")
        if participant_code:
            # the step's questions come right after this cell, while the browser loads
            loading = self.html_block(tr("loading", self.model.language))
            self.children = [self._style, self.header, self.message, loading]
            soon(lambda: self._open(participant_code))
        else:
            self.relabel()

    @classmethod
    def from_request(cls, store=None):
        """The day page for this Voila request: ``?p=CODE&lang=nl&step=NAME``."""
        params = query_params()
        return cls(store or _default_store, params.get("p"), params.get("lang"), params.get("step"))

    # going from step to step -------------------------------------------------------------
    def go(self, step: str) -> bool:
        """Show ``step`` (an exercise's name or its notebook); whether the session has it."""
        name = self._name_of(step)
        if name is None or name not in self.model.steps:
            return False
        self.model.step = name
        return True

    def next(self) -> bool:
        """Show the session's next step; False on the last one."""
        return self._by(+1)

    def back(self) -> bool:
        """Show the session's step before this one; False on the first one."""
        return self._by(-1)

    def _by(self, offset: int) -> bool:
        steps, here = self.model.steps, self.model.step
        if here is None:
            return False
        i = steps.index(here) + offset
        return 0 <= i < len(steps) and self.go(steps[i])

    @staticmethod
    def _name_of(said: str) -> str | None:
        """The exercise a link or a name points at: ``02_driehoek.ipynb?..`` or ``triangle``."""
        said = str(said or "").strip()[:200]
        notebook = said.split("?", 1)[0].rsplit("/", 1)[-1]
        for e in EXERCISES:
            if notebook == e.notebook or said == e.name:
                return e.name
        return None

    # opening --------------------------------------------------------------------------------
    def _open(self, code: str) -> None:
        self._enter(code)
        if self.model.participant is None:  # a wrong code: the form to type it again
            self.relabel()

    @guarded
    def _enter(self, code: str) -> None:
        me = self.store.participant(code)
        frame = load_frame(me.session.frame)
        steps = [e.name for e in of_frame(frame, me.session)]
        if not steps:
            self.message.show(tr("day_no_steps", self.model.language), "error")
            return
        self._entering = True  # the language of the person, before there is a page: no relabel
        try:
            if not self.language_from_link:
                self.model.language = me.language
        finally:
            self._entering = False
        self.frame = frame
        self.model.steps = steps
        self.model.participant = me
        self.message.clear()
        self.children = [self._style, self.marker, self.goto, self.message]
        wanted = self._name_of(self.requested) if self.requested else None
        first = wanted if wanted in steps else where_left_off(self.store, me, steps)
        self.model.step = first  # shows it (_on_step)
        if self.requested and wanted not in steps and self.page is not None:
            self.page.message.show(tr("day_unknown_step", self.model.language), "info")
            self._noted = self.page

    # showing a step ---------------------------------------------------------------------------
    @guarded
    def _on_step(self, change) -> None:
        name = change["new"]
        if name is None:
            return
        lang = self.model.language
        page = self.pages.get(name)
        try:
            if page is None:
                page = self._build(name)
            elif page.model.language != lang:
                page.model.language = lang  # it relabels itself, its step list too
            else:
                page.refresh_steps()  # other steps may have been answered meanwhile
        except Exception:
            if change["old"] is not None and change["old"] in self.pages:
                self.model.step = change["old"]  # the model says what is shown
            raise
        if self._noted is not None:  # a note of the day page's own goes when its step goes
            self._noted.message.clear()
            self._noted = None
        if self.page is not None:
            self._switches += 1
        self.page = page
        self._dom_classes = ("btk-day", f"btk-day-at-{name}")  # one message: the CSS shows it
        self.relabel()
        self._shown += 1
        shown = self._shown
        later(READY_WAIT, lambda: self._build_ahead(shown))

    def _build(self, name: str):
        """Build the page of step ``name`` for this participant (hidden until shown)."""
        cls = exercise(name).page_class()
        page = cls(self.store, language=self.model.language, participant=self.model.participant)
        if page.children and getattr(page.children[0], "value", "").startswith("<style>"):
            page.children = page.children[1:]  # the day page has the style once, for all
        page._dom_classes = (*page._dom_classes, "btk-day-step", f"btk-day-step-{name}")
        page.model.observe(self._on_page_language, "language")
        self.pages[name] = page
        self.children = (*self.children, page)  # added at the end: the others stay drawn
        return page

    @guarded
    def _build_ahead(self, shown: int) -> None:
        """Build the step after the one shown, if that one is still shown and it is not built."""
        if shown != self._shown or self.model.step is None:
            return
        steps = self.model.steps
        i = steps.index(self.model.step) + 1
        if i < len(steps) and steps[i] not in self.pages:
            self._build(steps[i])

    def _drawn(self, step: str) -> None:
        """The browser drew ``step``: build the next one, a moment later."""
        if step == self.model.step:
            shown = self._shown
            later(PREBUILD_DELAY, lambda: self._build_ahead(shown))

    @guarded
    def _on_goto(self, change) -> None:
        """What the page's script says: ``N NOTEBOOK`` (a link clicked) or ``N !shown STEP``
        (N counts, so that saying the same twice is a change)."""
        said = str(change["new"] or "")[:200].split()
        if len(said) == 3 and said[1] == "!shown":
            self._drawn(said[2])
        elif len(said) == 2:
            self.go(said[1])

    # language ------------------------------------------------------------------------------
    def _on_page_language(self, change) -> None:
        """The visitor chose another language on the step shown: the day follows (the page
        stored it), and so does every step shown after it."""
        if self.page is not None and change["owner"] is self.page.model:
            self.model.language = change["new"]

    @guarded
    def _on_language(self, change) -> None:
        if self._entering:
            return
        self.message.clear()
        if self.page is not None and self.page.model.language != change["new"]:
            self.page.model.language = change["new"]  # the page stores it and relabels
        self.relabel()

    # the words -------------------------------------------------------------------------------
    def relabel(self) -> None:
        lang = self.model.language
        me = self.model.participant
        if me is None or self.page is None:
            self._relabel_form(lang)
            return
        step = self.model.step
        steps = [s for s in self.model.steps if _NAME.match(s)]
        notebooks = " ".join(exercise(s).notebook for s in steps)
        shows = "".join(
            f".btk-day.btk-day-at-{s} > .btk-day-step-{s} {{ display: flex !important; }}"
            for s in steps
        )
        url = html.escape(day_link(me.code, lang, step))
        self.marker.value = (
            f'<div class="btk-day-marker" data-btk-url="{url}"'
            f' data-btk-lang="{html.escape(lang)}" data-btk-dir="ltr"'
            f' data-btk-step="{html.escape(step)}" data-btk-switch="{self._switches}"'
            f' data-btk-steps="{html.escape(notebooks)}"></div><style>{shows}</style>'
        )

    def _relabel_form(self, lang: str) -> None:
        """The form that asks for the personal code."""
        self.code_input.description = tr("personal_code", lang)
        self.code_button.description = tr("resume_button", lang)
        start = html.escape(page_link(STEPS[0][0], None, lang))
        form = self.card(
            [
                self.html_block(tr("need_code", lang)),
                self.code_input,
                self.code_button,
                self.small(
                    ipw.HTML, value=f'<a href="{start}">{html.escape(tr("to_start", lang))}</a>'
                ),
            ],
            "btk-resume",
        )
        self.children = [self._style, self.header, self.message, form]
