"""Typing in parents' paper forms (*papieren vragenlijsten intypen*), for staff: ``12_papier``.

Opened with the team's join code (``12_papier.ipynb?s=JOINCODE``, or typed in its field), the
page shows the session's questionnaire code (the one printed on its forms) and asks for the
language of the pile. Then one form after the other, keyboard only: a field per statement
taking a step of the scale or a key for "don't know" or "rather not say", a checkbox per chip
(Space), the open answer as text; Enter in a statement's field (or the button) saves the whole
form as one parent with channel ``paper`` and clears the page for the next form.

Every field of a form is checked before anything is stored: a wrong value names its question
and what may be typed, and nothing of that form is saved until it is right. An empty form is
not saved. The page shows no answer of anybody.
"""

from __future__ import annotations

import html
import warnings

import ipywidgets as ipw
import traitlets as tl

from ..errors import InputError
from ..frames import load_frame
from ..languages import offered, questionnaire_text
from ..paper import chip_letters
from ..questionnaire import DONT_KNOW, OPEN_ITEM, RATHER_NOT, barrier_item, check_answer
from ..questionnaire import save_answer as save_checked
from ..texts import LANGUAGES
from ._common import Page, PageModel, _default_store, guarded, query_params, style, tr
from ._jupyter import with_classes

__all__ = ["PaperEntryModel", "PaperEntryPage"]

AUDIENCE = "parent"
PAPER = "paper"


class PaperEntryModel(PageModel):
    """The state of the data-entry page: the session open, the language of the pile, and
    the forms saved on this page.

    ``language`` (of :class:`PageModel`) is the staff's language of the page; the forms'
    language is ``form_language``. ``typed`` counts the forms saved on this page; ``last`` is
    the parent (a ``store.Participant``) of the last one, so that it can be deleted again;
    ``wrong`` names the items refused at the last try to save.
    """

    join_code = tl.Unicode("")
    session = tl.Any(None, allow_none=True)  # the store.Session open
    questionnaire_code = tl.Unicode("")  # the code printed on the session's forms
    form_language = tl.Unicode("nl")
    typed = tl.Int(0)
    last = tl.Any(None, allow_none=True)
    wrong = tl.List()


def _keys(name: str) -> set[str]:
    """The keys typed for "don't know" (``dont_know``) or "rather not say"
    (``rather_not``): those of every language of the page, so a Dutch or an English habit
    both work."""
    return {tr(f"paper_entry_key_{name}", lang) for lang in LANGUAGES}


class PaperEntryPage(Page):
    """The data-entry page of paper forms. Its state is a :class:`PaperEntryModel`.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    >>> page = PaperEntryPage(store, session.code, "en")
    >>> page.statements["welcome"].value = "4"
    >>> page.statements["respected"].value = "d"  # don't know
    >>> page.chips["time"].value = True
    >>> page.save_button.click()
    >>> page.model.typed, page.statements["welcome"].value
    (1, '')
    >>> store.audience_counts(session)
    {('nl', 'paper'): 1}
    """

    title_key = "paper_entry_title"
    model_class = PaperEntryModel

    def __init__(self, store, session_code: str | None = None, language: str = "nl"):
        super().__init__(store, language if language in LANGUAGES else "nl")
        self.frame = None
        self.section = None  # the frame's parents' questionnaire
        self.statements: dict[str, ipw.Text] = {}
        self.chips: dict[str, ipw.Checkbox] = {}
        self.intro = ipw.HTML()
        self.code_input = ipw.Text(placeholder="K7MQ2P")
        self.code_input.add_class("btk-field")
        tl.link((self.code_input, "value"), (self.model, "join_code"))
        self._on_enter(self.code_input, self._open)
        self.open_button = ipw.Button(button_style="primary", icon="arrow-right")
        self.open_button.add_class("btk-primary")
        self.open_button.on_click(self._open)
        self.chooser = with_classes(
            ipw.VBox, ("btk-card", "btk-choose"), children=[self.code_input, self.open_button]
        )
        self.info = ipw.HTML()
        self.pile = ipw.Dropdown(options=[("NL · Nederlands", "nl")], value="nl")
        self.pile.add_class("btk-field")
        tl.link((self.pile, "value"), (self.model, "form_language"))
        self.pile_hint = ipw.HTML()
        self.key_help = ipw.HTML()
        # cards of their own (not Page.card's shared layout): the chips' card may be hidden
        self.statements_heading, self.chips_heading = ipw.HTML(), ipw.HTML()
        self.statements_box = with_classes(ipw.VBox, ("btk-card", "btk-entry-statements"))
        self.chips_box = with_classes(ipw.VBox, ("btk-card", "btk-entry-ticks"))
        # sent when the field is left (Tab), not at each key: ipywidgets holds back a key's
        # update while the one before is on its way, and a click right after (Tab, Enter on
        # the button) could then reach the kernel before the last letters did
        self.open_answer = ipw.Textarea(rows=3, continuous_update=False)
        self.open_answer.add_class("btk-field")
        self.open_answer.add_class("btk-entry-open")
        self.open_hint = ipw.HTML()
        self.open_box = with_classes(
            ipw.VBox, ("btk-card",), children=[self.open_answer, self.open_hint]
        )
        self.save_button = ipw.Button(button_style="primary", icon="save")
        self.save_button.add_class("btk-primary")
        self.save_button.on_click(self.save)
        self.clear_button = ipw.Button(icon="eraser")
        self.clear_button.on_click(lambda _: self._clear_and_say())
        self.undo_button = ipw.Button(icon="undo", disabled=True)
        self.undo_button.on_click(self.undo)
        self.count = ipw.HTML()
        self.count.add_class("btk-status")
        buttons = ipw.HBox([self.save_button, self.clear_button, self.undo_button])
        buttons.add_class("btk-entry-buttons")
        pile = with_classes(ipw.HBox, ("btk-entry-pile",), children=[self.pile, self.pile_hint])
        settings = with_classes(ipw.VBox, ("btk-card",), children=[self.info, pile, self.key_help])
        self.form = ipw.VBox([self.statements_box, self.chips_box, self.open_box])
        self.body = ipw.VBox([settings, self.message, self.form, buttons, self.count])
        self.children = [style(), self.header, self.intro, self.chooser, self.body]
        self.add_class("btk-entry")
        if session_code:
            self._open(code=session_code)
        self.relabel()

    @classmethod
    def from_request(cls, store=None) -> PaperEntryPage:
        """The page for ``?s=JOINCODE&lang=nl`` (the staff's language of the page)."""
        params = query_params()
        return cls(store or _default_store, params.get("s"), params.get("lang", "nl"))

    @property
    def session(self):
        """The session open (a ``store.Session``), or None."""
        return self.model.session

    # opening a session ------------------------------------------------------------------------
    @guarded
    def _open(self, _widget=None, code: str | None = None) -> None:
        session = self.store.session(code if code is not None else self.model.join_code)
        frame = load_frame(session.frame)
        self.frame, self.section = frame, frame.parents
        m = self.model
        m.join_code = session.code
        m.typed, m.last, m.wrong = 0, None, []
        if self.section is None:
            m.session, m.questionnaire_code = None, ""
            self.relabel()
            self.message.show(tr("paper_entry_no_questionnaire", m.language), "error")
            return
        m.questionnaire_code = self.store.audience_code(session, AUDIENCE)
        m.session = session
        self.message.clear()
        self._build()
        self.relabel()
        self._first_field().focus()

    def _build(self) -> None:
        """The fields of a form of the open session's questionnaire."""
        self.statements = {}
        for item in self.section.items:
            # at each key (one or two per field): so the value is there before Enter's "submit"
            field = ipw.Text(continuous_update=True)
            field.add_class("btk-entry-item")
            self._on_enter(field, self.save)
            self.statements[item.id] = field
        self.chips = {
            chip.barrier: ipw.Checkbox(value=False, indent=False) for chip in self.section.barriers
        }
        for box in self.chips.values():
            box.add_class("btk-entry-tick")
        self.statements_box.children = [self.statements_heading, *self.statements.values()]
        self.chips_box.children = [self.chips_heading, *self.chips.values()]
        self.chips_box.layout.display = None if self.chips else "none"
        languages = offered(self.frame)
        options = [(f"{lang.code.upper()} · {lang.name}", lang.code) for lang in languages]
        keep = self.model.form_language
        with self.pile.hold_sync():
            self.pile.options = options
            self.pile.value = keep if keep in dict(options).values() else options[0][1]

    @staticmethod
    def _on_enter(field: ipw.Text, callback) -> None:
        """Call ``callback`` when Enter is pressed in ``field``. ipywidgets 8 calls its
        ``on_submit`` deprecated, but it is the one way to hear the key Enter in a field
        (the field's view sends "submit"); its warning is not for the visitor."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            field.on_submit(lambda _field: callback())

    def _first_field(self):
        return next(iter(self.statements.values()), self.code_input)

    # texts ------------------------------------------------------------------------------------
    def relabel(self) -> None:
        lang = self.model.language
        self.intro.value = f'<p class="btk-intro">{html.escape(tr("paper_entry_intro", lang))}</p>'
        self.code_input.description = tr("join_code", lang)
        self.code_input.tooltip = tr("paper_entry_code_hint", lang)
        self.open_button.description = tr("open_session", lang)
        self.chooser.layout.display = "none" if self.session else None
        self.body.layout.display = None if self.session else "none"
        if self.session is None:
            return
        m = self.model
        said = tr("paper_entry_session", lang, school=self.session.school, code="\0")
        before, after = (html.escape(part) for part in said.split("\0"))
        code = f'<span class="btk-code">{html.escape(m.questionnaire_code)}</span>'
        self.info.value = f'<p class="btk-entry-session">{before}{code}{after}</p>'
        self.pile.description = tr("paper_entry_language", lang)
        self.pile_hint.value = f"<p>{html.escape(tr('paper_entry_language_hint', lang))}</p>"
        scale = self.section.scale
        # the keys to type, each shown as a key (<kbd>): marked in the text, then escaped
        keys = {
            "\x01": str(scale.min),
            "\x02": str(scale.max),
            "\x03": tr("paper_entry_key_dont_know", lang),
            "\x04": tr("paper_entry_key_rather_not", lang),
        }
        said = html.escape(
            tr(
                "paper_entry_keys",
                lang,
                low="\x01",
                high="\x02",
                first=questionnaire_text(self.frame, f"parents.scale.{scale.min}", lang),
                last=questionnaire_text(self.frame, f"parents.scale.{scale.max}", lang),
                dont_know="\x03",
                rather_not="\x04",
            )
        )
        for mark, key in keys.items():
            said = said.replace(mark, f"<kbd>{html.escape(key)}</kbd>")
        moves = html.escape(tr("paper_entry_moves", lang))
        self.key_help.value = f'<div class="btk-entry-keys"><p>{said}</p><p>{moves}</p></div>'
        self.statements_heading.value = (
            f"<h2>{html.escape(tr('paper_entry_statements', lang))}</h2>"
        )
        self._describe_statements()
        hard = questionnaire_text(self.frame, "parents.hard", lang)
        self.chips_heading.value = (
            f"<h2>{html.escape(tr('paper_entry_ticks', lang, question=hard))}</h2>"
        )
        letters = chip_letters(len(self.section.barriers))
        for letter, chip in zip(letters, self.section.barriers, strict=True):
            text = questionnaire_text(self.frame, f"parents.barriers.{chip.barrier}", lang)
            self.chips[chip.barrier].description = f"{letter}. {text}"
        self.open_answer.description = questionnaire_text(self.frame, "parents.open", lang)
        self.open_hint.value = f"<p>{html.escape(tr('paper_entry_open_hint', lang))}</p>"
        self.save_button.description = tr("paper_entry_save", lang)
        self.clear_button.description = tr("paper_entry_clear", lang)
        self.undo_button.description = tr("paper_entry_undo", lang)
        self._say_count()

    def _say_count(self) -> None:
        counts = self.store.audience_counts(self.session, AUDIENCE)
        total = sum(n for (_, channel), n in counts.items() if channel == PAPER)
        said = tr("paper_entry_count", self.model.language, n=self.model.typed, total=total)
        self.count.value = html.escape(said)

    # a form -----------------------------------------------------------------------------------
    def read_form(self) -> tuple[list[tuple], list[tuple]]:
        """What the form holds, checked: ``(answers, problems)``. ``answers`` are
        ``(item, value, text)`` as stored; ``problems`` are ``(item, what is wrong)``, in the
        staff's language; nothing is stored."""
        lang = self.model.language
        scale = self.section.scale
        allowed = {
            "low": scale.min,
            "high": scale.max,
            "dont_know": tr("paper_entry_key_dont_know", lang),
            "rather_not": tr("paper_entry_key_rather_not", lang),
        }
        dont_know, rather_not = _keys("dont_know"), _keys("rather_not")
        answers, problems = [], []
        for number, item in enumerate(self.section.items, 1):
            typed = self.statements[item.id].value.strip()
            if not typed:
                continue
            key = typed.lower()
            value, text = None, None
            if key in dont_know:
                text = DONT_KNOW
            elif key in rather_not:
                text = RATHER_NOT
            elif key.isdecimal():  # 1 to 5, also in another script's digits (٣)
                value = int(key)
            try:
                if value is None and text is None:
                    raise InputError(item.id, "not a step of the scale nor a key")
                answers.append((item.id, *check_answer(self.frame, item.id, value, text)))
            except InputError:
                question = questionnaire_text(self.frame, f"parents.items.{item.id}", lang)
                problem = tr(
                    "paper_entry_wrong",
                    lang,
                    number=number,
                    question=question,
                    given=typed[:20],
                    **allowed,
                )
                problems.append((item.id, problem))
        for chip in self.section.barriers:
            if self.chips[chip.barrier].value:
                answers.append((barrier_item(chip.barrier), 1.0, None))
        written = self.open_answer.value.strip()
        if written:
            try:
                answers.append((OPEN_ITEM, *check_answer(self.frame, OPEN_ITEM, None, written)))
            except InputError as exc:
                from ..questionnaire import MAX_OPEN

                problem = exc.problem
                if exc.reason == "too_long":
                    problem = tr("paper_entry_too_long", lang, n=len(written), limit=MAX_OPEN)
                problems.append((OPEN_ITEM, problem))
        return answers, problems

    @guarded
    def save(self, _widget=None) -> None:
        """Save the form typed in as one parent's answers on paper, then clear it; or say
        what is wrong or that it is empty, and store nothing."""
        if self.session is None:
            return
        lang = self.model.language
        answers, problems = self.read_form()
        self.model.wrong = [item for item, _ in problems]
        self._mark_wrong()
        if problems:
            said = [problem for _, problem in problems]
            self.message.show("\n".join([*said, tr("paper_entry_not_saved", lang)]), "error")
            first = problems[0][0]
            (self.statements.get(first) or self.open_answer).focus()
            return
        if not answers:
            self.message.show(tr("paper_entry_empty", lang), "info")
            self._first_field().focus()
            return
        m = self.model
        parent = self.store.join_audience(m.questionnaire_code, m.form_language, channel=PAPER)
        try:
            for item, value, text in answers:
                save_checked(self.store, parent, self.frame, item, value, text)
        except BaseException:  # the database failed midway: not half a form
            self.store.delete_participant(self.session.code, parent.code)
            raise
        m.typed += 1
        m.last = parent
        self.undo_button.disabled = False
        self.clear()
        pile = dict((v, k) for k, v in self.pile.options)[m.form_language]
        self.message.show(tr("paper_entry_saved", lang, n=m.typed, pile=pile), "info")
        self._say_count()
        self._first_field().focus()

    def clear(self) -> None:
        """Empty every field of the form, for the next one."""
        for field in self.statements.values():
            field.value = ""
        for box in self.chips.values():
            box.value = False
        self.open_answer.value = ""
        self.model.wrong = []
        self._mark_wrong()

    def _clear_and_say(self) -> None:
        self.clear()
        self.message.clear()
        self._first_field().focus()

    @guarded
    def undo(self, _button=None) -> None:
        """Delete the last form saved on this page (typed in the wrong pile, say)."""
        m = self.model
        if m.last is None or self.session is None:
            return
        self.store.delete_participant(self.session.code, m.last.code)
        number = m.typed
        m.typed, m.last = m.typed - 1, None
        self.undo_button.disabled = True
        self.message.show(tr("paper_entry_undone", m.language, n=number), "info")
        self._say_count()
        self._first_field().focus()

    def _mark_wrong(self) -> None:
        """Mark the fields refused: a thick border, and for a statement its label says so
        (not by colour alone)."""
        wrong = set(self.model.wrong)
        for item, field in [*self.statements.items(), (OPEN_ITEM, self.open_answer)]:
            if item in wrong:
                field.add_class("btk-wrong")
            else:
                field.remove_class("btk-wrong")
        self._describe_statements()

    def _describe_statements(self) -> None:
        lang = self.model.language
        wrong = set(self.model.wrong)
        for number, item in enumerate(self.section.items, 1):
            field = self.statements[item.id]
            said = f"{number}. " + questionnaire_text(self.frame, f"parents.items.{item.id}", lang)
            if item.id in wrong:
                given = field.value.strip()[:20]
                said += " — " + tr("paper_entry_wrong_here", lang, given=given)
            field.description = said
