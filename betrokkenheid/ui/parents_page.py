"""Step 10: the parents' questionnaire (*ouderbevraging*) on a phone, in the parent's language.

Opened as ``10_ouders.ipynb?s=QUESTIONNAIRE_CODE`` (optionally ``&lang=xx``): first the
language, then a short introduction, then one statement per screen (faces with words, plus
"don't know" and "rather not say"), the barriers as chips, one open question, and thanks.

Nothing personal: the parent is made a participant only at the first answer
(``Store.join_audience``), every answer is saved at once, the language when it changes. The
page puts a marker into the document (``data-btk-lang``, ``data-btk-dir``, and the
questionnaire and personal codes); the workbook's template sets ``<html lang dir>`` from it and
keeps the personal code in the browser (``localStorage``), so that the same link opened again
on the same device goes on where the parent was (``&r=PERSONAL_CODE``, see the template's
``pagelang.js``). What it shares with the children's page (the link's check, the faces, the
progress, saving) is in :mod:`betrokkenheid.ui._questionnaire`.
"""

from __future__ import annotations

import functools
import html
import logging

import ipywidgets as ipw

from ..errors import InputError
from ._common import query_params, soon
from ._jupyter import with_classes
from ._questionnaire import QuestionnaireModel, QuestionnairePage, calmly

__all__ = ["ParentsModel", "ParentsPage"]

log = logging.getLogger("betrokkenheid.ui")

AUDIENCE = "parent"
#: The screens of the page, in their order (``question`` once per statement); ``no_link``
#: and ``loading`` stand apart.
SCREENS = ("language", "intro", "question", "hard", "open", "thanks")


class ParentsModel(QuestionnaireModel):
    """The state of the parents' page: the screen shown, the statement on it, the language
    and my answers as stored (item -> number or text).

    Setting ``screen`` (and ``question``) shows that screen; setting ``language`` relabels
    the page (and is remembered for a parent who answered already).
    """


class ParentsPage(QuestionnairePage):
    """The parents' questionnaire page (*vragenlijst voor ouders*), phone first.

    Its state is its ``model`` (a :class:`ParentsModel`); the widgets show it and change it.
    ``faces`` is the choice of the statement shown, ``chips`` the barriers (by barrier id),
    ``open_text`` the open question; ``back_button`` and ``next_button`` go through the
    screens, ``language_buttons`` (by language code) choose the language.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    >>> page = ParentsPage(store, store.audience_code(session))
    >>> page.language_buttons["en"].click()
    >>> page.model.screen, page.model.participant is None  # nobody is made yet
    ('intro', True)
    >>> page.next_button.click()
    >>> page.faces.value = 4
    >>> store.answers_of(page.model.participant, "parents")
    {'welcome': 4.0}
    >>> page.next_button.click()
    >>> page.progress_text
    '2 of 12'
    """

    audience = AUDIENCE
    css = "btk-parents"
    model_class = ParentsModel

    def __init__(
        self,
        store,
        code: str | None = None,
        language: str | None = None,
        resume: str | None = None,
    ):
        super().__init__(store)
        self.refused_resume = None  # a personal code given in the link but not taken
        self._came_from = None  # (screen, question) the language screen goes back to
        self.title = self.small(ipw.HTML, "btk-parents-title")
        # a globe beside "other language": found also by a parent who chose a language they
        # cannot read
        self.other_language = with_classes(
            ipw.Button, ("btk-parents-other-language",), icon="globe"
        )
        self.other_language.on_click(self._to_languages)
        self.top = with_classes(
            ipw.HBox, ("btk-parents-top",), children=[self.title, self.other_language]
        )
        self.back_button = with_classes(ipw.Button, ("btk-parents-back",))
        self.next_button = with_classes(ipw.Button, ("btk-parents-next", "btk-primary"))
        self.back_button.on_click(self._back)
        self.next_button.on_click(self._next)
        self.nav = with_classes(
            ipw.HBox, ("btk-parents-nav",), children=[self.back_button, self.next_button]
        )
        self.language_buttons: dict[str, ipw.Button] = {}
        self.chips: dict[str, ipw.ToggleButton] = {}
        self.open_text = None
        self.model.observe(self._on_language, "language")
        self.model.observe(lambda _: self.render(), ["screen", "question"])
        self.model.observe(lambda _: self._mark(), "participant")
        # reading the frame and the languages takes a moment: in a kernel after the cell
        soon(lambda: self._open(code, language, resume))

    @classmethod
    def from_request(cls, store=None):
        """The page for this Voila request, from the URL's ``?s=CODE&lang=xx&r=PERSONAL``.

        Without a store it opens the default one.
        """
        from ._common import _default_store

        params = query_params()
        return cls(store or _default_store, params.get("s"), params.get("lang"), params.get("r"))

    # opening ------------------------------------------------------------------------------
    def _open(self, code, language, resume) -> None:
        """Check the link's questionnaire code, then show the first screen (or where a
        parent coming back was)."""
        if not self.open_link(code):
            return
        self._build()
        me = self._resumed(resume)
        wanted = str(language or "").strip().lower()
        with self.one_render():
            if me is not None:
                own = me.language if me.language in self.offered else wanted
                self.model.language = own if own in self.offered else "nl"
                self.model.participant = me
                self.model.answers = self._stored()
                self._go(*self._where_to_go_on())
            elif wanted in self.offered:
                self.model.language = wanted
                self._go("intro")
            else:
                self._go("language")

    def _resumed(self, resume):
        """The parent of the link's personal code, when it is a parent of this questionnaire's
        session; otherwise None (and the page starts afresh, saying nothing)."""
        if not resume:
            return None
        try:
            me = self.store.participant(resume)
        except InputError:
            me = None
        except Exception:  # noqa: BLE001 - the database: start afresh, the log has it
            log.exception("error looking up a parent coming back")
            me = None
        if me is None or me.session.id != self.session.id or me.audience != AUDIENCE:
            self.refused_resume = "".join(str(resume).split()).replace("-", "").upper()[:16]
            return None
        return me

    def _stored(self) -> dict:
        from ..questionnaire import EXERCISE

        if self.model.participant is None:
            return {}
        found = self.store.answers_of(self.model.participant, EXERCISE[AUDIENCE])
        return {k: v for k, v in found.items() if v is not None}

    def _where_to_go_on(self) -> tuple[str, int]:
        """The first statement not answered; with all answered, the chips (the thanks when
        the chips or the open question were answered too)."""
        answers = self.model.answers
        for i, item in enumerate(self.section.items):
            if item.id not in answers:
                return "question", i
        if any(k.startswith("barriers.") or k == "open" for k in answers):
            return "thanks", 0
        return ("hard" if self.section.barriers else "open"), 0

    def _build(self) -> None:
        """The widgets of the first screens; those of the statements, the chips and the open
        question come when their screen first shows (fewer widgets for the browser to make
        before the page is usable)."""
        for code, lang in self.offered.items():
            # one layout and style for all: fewer widgets for the browser to make first
            button = self.small(
                ipw.Button, "btk-parents-language", f"btk-lang-{code}", description=lang.name
            )
            button.on_click(functools.partial(self._choose_language, code))
            self.language_buttons[code] = button
        self.language_list = self.small(
            ipw.VBox, "btk-parents-languages", children=list(self.language_buttons.values())
        )
        self.card = self.small(ipw.VBox, "btk-card", "btk-parents-card")
        self.children = [
            *self.children[:2],
            self.top,
            self.message,
            self.body,
            self.status,
            self.nav,
        ]

    def _build_answers(self) -> None:
        """The faces, the chips and the open question's box, made once."""
        if self.faces is not None:
            return
        steps = len(self.section.scale.values)
        self.faces = self._make_faces("btk-parents-faces", f"btk-parents-faces-{min(steps, 5)}")
        for chip in self.section.barriers:
            toggle = self.small(ipw.ToggleButton, "btk-parents-chip", value=False)
            toggle.observe(functools.partial(self._on_chip, chip.barrier), "value")
            self.chips[chip.barrier] = toggle
        self.chip_list = self.small(
            ipw.VBox, "btk-parents-chips", children=list(self.chips.values())
        )
        self.open_text = with_classes(
            ipw.Textarea,
            ("btk-parents-open",),
            continuous_update=False,
            rows=5,
            style={"description_width": "initial"},
        )
        self.open_text.observe(self._on_open, "value")

    # texts ----------------------------------------------------------------------------------
    def say_in(self, key: str, lang: str, **values) -> str:
        """A text of the page in ``lang`` (from the language files)."""
        from ..languages import say

        return say(key, lang, **values)

    def show_problem(self, exc: InputError) -> None:
        """What a refused answer means for the parent, in their language."""
        from ..questionnaire import MAX_OPEN

        if exc.reason == "too_long":
            self.say_message("too_long", "error", limit=MAX_OPEN)
        else:
            log.warning("parents' page: %s", exc)
            self.say_message("cannot_save", "error")

    # screens --------------------------------------------------------------------------------
    def _order(self) -> list[tuple[str, int]]:
        steps = [("language", 0), ("intro", 0)]
        steps += [("question", i) for i in range(len(self.section.items))]
        if self.section.barriers:
            steps.append(("hard", 0))
        return [*steps, ("open", 0), ("thanks", 0)]

    def _here(self) -> tuple[str, int]:
        m = self.model
        return m.screen, m.question if m.screen == "question" else 0

    @calmly
    def _next(self, _button=None) -> None:
        self.message.clear()
        if self.model.screen == "language" and self._came_from:
            return self._go(*self._came_from)
        if self.model.screen == "open" and not self._save_open(self.open_text.value):
            return None  # too long: the parent shortens it first
        order = self._order()
        at = order.index(self._here())
        if at + 1 < len(order):
            self._go(*order[at + 1])

    @calmly
    def _back(self, _button=None) -> None:
        self.message.clear()
        order = self._order()
        at = order.index(self._here())
        if at > 0:
            self._go(*order[at - 1])

    @calmly
    def _to_languages(self, _button=None) -> None:
        self.message.clear()
        self._came_from = self._here()
        self._go("language")

    @calmly
    def _choose_language(self, code: str, _button=None) -> None:
        self.message.clear()
        back, self._came_from = self._came_from, None
        with self.one_render():
            self.model.language = code
            self._go(*(back or ("intro", 0)))

    def render(self) -> None:
        """Show the model's screen in the model's language."""
        if self.section is None or self._holding:
            return
        self._mark()
        screen = self.model.screen
        school = html.escape(self.session.school)
        self.title.value = (
            f'<div class="btk-parents-title"><h1>{html.escape(self.say("page_title"))}</h1>'
            f"<p>{school}</p></div>"
        )
        self.other_language.description = self.say("change_language")
        self.other_language.layout.display = None if screen != "language" else "none"
        self.back_button.description = self.say("back")
        self.back_button.layout.display = "none" if screen == "language" else None
        next_key = {"intro": "start", "open": "done"}.get(screen, "next")
        self.next_button.description = self.say(next_key)
        self.next_button.layout.display = "none" if screen == "thanks" else None
        self.status.value = ""
        self.card.children = getattr(self, f"_screen_{screen}")()
        self.body.children = [self.card]

    def _screen_language(self) -> list:
        for code, button in self.language_buttons.items():
            if code == self.model.language:
                button.add_class("btk-parents-current")
            else:
                button.remove_class("btk-parents-current")
        heading = self.small(ipw.HTML, value=f"<h2>{html.escape(self.say('choose_language'))}</h2>")
        return [heading, self.language_list]

    def _screen_intro(self) -> list:
        intro = html.escape(self.text("intro"))
        privacy = html.escape(self.say("privacy"))
        return [
            self.small(
                ipw.HTML,
                value=f'<p class="btk-parents-intro">{intro}</p>'
                f'<p class="btk-parents-privacy">{privacy}</p>',
            )
        ]

    def _screen_question(self) -> list:
        self._build_answers()
        item = self.section.items[self.model.question]
        statement = html.escape(self.text(f"items.{item.id}"))
        self._show_faces()
        return [
            self._progress(),
            self.small(ipw.HTML, value=f'<h2 class="btk-parents-statement">{statement}</h2>'),
            self.faces,
        ]

    def _screen_hard(self) -> list:
        self._build_answers()
        with self.quietly():
            for chip in self.section.barriers:
                toggle = self.chips[chip.barrier]
                toggle.description = self.text(f"barriers.{chip.barrier}")
                toggle.value = self.model.answers.get(_chip_item(chip.barrier)) == 1
        question = html.escape(self.text("hard"))
        return [self.small(ipw.HTML, value=f"<h2>{question}</h2>"), self.chip_list]

    def _screen_open(self) -> list:
        from ..questionnaire import OPEN_ITEM

        self._build_answers()
        with self.quietly():
            self.open_text.description = self.text("open")
            self.open_text.placeholder = self.say("open_hint")
            stored = self.model.answers.get(OPEN_ITEM)
            if isinstance(stored, str) and not self._typed_too_long():
                self.open_text.value = stored
        return [self.open_text]

    def _screen_thanks(self) -> list:
        thanks = html.escape(self.text("thanks"))
        later = html.escape(self.say("come_back"))
        return [self.small(ipw.HTML, value=f"<h2>{thanks}</h2><p>{later}</p>")]

    def _typed_too_long(self) -> bool:
        from ..questionnaire import MAX_OPEN

        return len(self.open_text.value.strip()) > MAX_OPEN

    def kept(self) -> dict[str, str]:
        """The parent's personal code from the first answer (kept in the browser, so the
        same link goes on where the parent was), and a personal code of the link refused
        (to be forgotten by the browser)."""
        me = self.model.participant
        kept = {"data-btk-personal": me.code if me is not None else ""}
        if self.refused_resume:
            kept["data-btk-forget"] = self.refused_resume
        return kept

    # answers --------------------------------------------------------------------------------
    @calmly
    def _on_chip(self, barrier: str, change) -> None:
        if self._quiet:
            return
        if not self.save(_chip_item(barrier), value=1 if change["new"] else 0):
            with self.quietly():
                self.chips[barrier].value = not change["new"]

    @calmly
    def _on_open(self, change) -> None:
        if not self._quiet:
            self._save_open(change["new"])

    def _save_open(self, typed: str) -> bool:
        """Save the open answer as typed; an emptied box takes a stored one back. Whether
        the parent may go on (not when it is too long)."""
        from ..questionnaire import OPEN_ITEM

        text = typed.strip()
        stored = self.model.answers.get(OPEN_ITEM)
        if text == (stored or ""):
            return True
        if text:
            return self.save(OPEN_ITEM, text=text)
        return self._take_back_open()

    def _take_back_open(self) -> bool:
        """An open answer emptied again: stored as no answer (no value, no text), as the
        team's pages store an answer taken back."""
        from ..questionnaire import OPEN_ITEM, save_answer

        try:
            save_answer(self.store, self._me(), self.frame, OPEN_ITEM)
        except Exception:  # noqa: BLE001 - the database: calm words
            log.exception("error taking back the parents' open answer")
            self.say_message("cannot_save", "error")
            return False
        self.model.answers = {k: v for k, v in self.model.answers.items() if k != OPEN_ITEM}
        return True

    @calmly
    def _on_language(self, change) -> None:
        if self.section is None:
            return
        me = self.model.participant
        if me is not None:
            self.store.set_language(me, change["new"])
        self.render()


def _chip_item(barrier: str) -> str:
    from ..questionnaire import barrier_item

    return barrier_item(barrier)
