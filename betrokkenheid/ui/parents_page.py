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
``pagelang.js``).
"""

from __future__ import annotations

import functools
import html
import logging
import sys
from contextlib import contextmanager

import ipywidgets as ipw
import traitlets as tl

from ..errors import InputError
from ._common import MessageBox, Page, query_params, relabel_choice, soon, style
from ._jupyter import with_classes

__all__ = ["ParentsModel", "ParentsPage"]

log = logging.getLogger("betrokkenheid.ui")

AUDIENCE = "parent"
#: The screens of the page, in their order (``question`` once per statement); ``no_link``
#: and ``loading`` stand apart.
SCREENS = ("language", "intro", "question", "hard", "open", "thanks")


class ParentsModel(tl.HasTraits):
    """The state of the parents' page: the screen shown, the statement on it, the language
    and my answers as stored (item -> number or text).

    Setting ``screen`` (and ``question``) shows that screen; setting ``language`` relabels
    the page (and is remembered for a parent who answered already).
    """

    language = tl.Unicode("nl")
    screen = tl.Unicode("loading")  # one of SCREENS, "loading" or "no_link"
    question = tl.Int(0)  # the statement shown on a question screen (its index)
    answers = tl.Dict()  # my answers as stored
    participant = tl.Any(None, allow_none=True)  # a store.Participant from the first answer


def _calmly(method):
    """Run a widget callback so that no exception reaches the parent: a refused answer says
    why, anything else (the database, say) says it could not be saved; the trainer finds
    the error in the log."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except InputError as exc:
            self.show_problem(exc)
        except Exception:  # noqa: BLE001 - the parent must never see a traceback
            log.exception("error in %s", method.__qualname__)
            print(f"betrokkenheid: error in {method.__qualname__}", file=sys.stderr)
            self.say_message("cannot_save", "error")
        return None

    return wrapper


class ParentsPage(ipw.VBox):
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

    model_class = ParentsModel
    # what a parent's page shares with the team's pages (widgets that share their looks)
    small = Page.small
    store = Page.store

    def __init__(
        self,
        store,
        code: str | None = None,
        language: str | None = None,
        resume: str | None = None,
    ):
        self._store = store
        self._looks: dict = {}
        self._quiet = False
        self._holding = False  # inside one_render: the screen is shown once, at its end
        self.code = None  # the questionnaire code, once it is known to be one
        self.session = None
        self.frame = None
        self.section = None
        self.offered: dict = {}  # code -> languages.Language, in their order
        self.refused_resume = None  # a personal code given in the link but not taken
        self._came_from = None  # (screen, question) the language screen goes back to
        self.model = self.model_class()
        self.marker = ipw.HTML(layout=ipw.Layout(display="none"))
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
        self.message = MessageBox()
        self.body = self.small(ipw.VBox, "btk-parents-body")
        self.status = self.small(ipw.HTML, "btk-status")
        self.back_button = with_classes(ipw.Button, ("btk-parents-back",))
        self.next_button = with_classes(ipw.Button, ("btk-parents-next", "btk-primary"))
        self.back_button.on_click(self._back)
        self.next_button.on_click(self._next)
        self.nav = with_classes(
            ipw.HBox, ("btk-parents-nav",), children=[self.back_button, self.next_button]
        )
        self.language_buttons: dict[str, ipw.Button] = {}
        self.faces = None
        self.chips: dict[str, ipw.ToggleButton] = {}
        self.open_text = None
        super().__init__([style(), self.marker])
        self.add_class("btk-page")
        self.add_class("btk-parents")
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
        from ..frames import load_frame
        from ..languages import offered
        from ..store import AUDIENCE_CODE_LENGTH, normalise_code

        try:
            if not code:
                raise InputError("questionnaire code", "no code in the link", reason="code")
            session, audience = self.store.audience_session(code)
            frame = load_frame(session.frame)
            offered_here = offered(frame) if frame.parents is not None else []
            if audience != AUDIENCE or frame.parents is None:
                raise InputError(
                    "questionnaire code", "not a parents' questionnaire", reason="code"
                )
        except InputError:
            return self._no_link()
        except Exception:  # noqa: BLE001 - the database, a broken frame: calm words only
            log.exception("error opening the parents' page for %r", code)
            return self._no_link("cannot_save")
        self.session, self.frame, self.section = session, frame, frame.parents
        self.code = normalise_code(code, AUDIENCE_CODE_LENGTH, "questionnaire code")
        self.offered = {lang.code: lang for lang in offered_here}
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

    def _no_link(self, key: str = "no_link") -> None:
        """A link that does not lead to a questionnaire: that, in Dutch and in English, and
        nothing else."""
        from ..languages import say

        self.model.language = "nl"
        self.model.screen = "no_link"
        self._mark()
        try:
            nl, en = html.escape(say(key, "nl")), html.escape(say(key, "en"))
        except Exception:  # noqa: BLE001 - a language file that does not load: the team's words
            log.exception("error reading the parents' texts")
            from ..texts import tr

            nl, en = html.escape(tr("error_generic", "nl")), html.escape(tr("error_generic", "en"))
        self.body.children = [
            self.small(
                ipw.HTML,
                value=f'<div class="btk-message btk-message-error btk-parents-no-link" '
                f'role="alert"><p>{nl}</p><p lang="en">{en}</p></div>',
            )
        ]
        self.children = [*self.children[:2], self.body]

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
        self.faces = with_classes(
            ipw.ToggleButtons,
            ("btk-parents-faces", f"btk-parents-faces-{min(steps, 5)}"),
            options=self._face_options(),
            value=None,
            style={"button_width": "auto"},
        )
        self.faces.observe(self._on_face, "value")
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
    def say(self, key: str, **values) -> str:
        """A text of the page in the parent's language."""
        from ..languages import say

        return say(key, self.model.language, **values)

    def text(self, key: str) -> str:
        """A text of the frame's questionnaire (``parents.…``) in the parent's language."""
        from ..languages import questionnaire_text

        return questionnaire_text(self.frame, f"parents.{key}", self.model.language)

    def say_message(self, key: str, kind: str = "info", **values) -> None:
        self.message.show(self.say(key, **values), kind)

    def show_problem(self, exc: InputError) -> None:
        """What a refused answer means for the parent, in their language."""
        from ..questionnaire import MAX_OPEN

        if exc.reason == "too_long":
            self.say_message("too_long", "error", limit=MAX_OPEN)
        else:
            log.warning("parents' page: %s", exc)
            self.say_message("cannot_save", "error")

    def _face_options(self):
        from ..questionnaire import DONT_KNOW, RATHER_NOT

        steps = [(self.text(f"scale.{v}"), v) for v in self.section.scale.values]
        return [*steps, (self.say("dont_know"), DONT_KNOW), (self.say("rather_not"), RATHER_NOT)]

    @property
    def rtl(self) -> bool:
        """Whether the page is laid out from right to left (Arabic)."""
        lang = self.offered.get(self.model.language)
        return bool(lang and lang.rtl)

    @property
    def progress_text(self) -> str:
        """The progress shown above a statement ("3 van 12"); empty on other screens."""
        if self.model.screen != "question":
            return ""
        total = len(self.section.items)
        return self.say("progress", step=self.model.question + 1, total=total)

    # screens --------------------------------------------------------------------------------
    def _go(self, screen: str, question: int = 0) -> None:
        with self.one_render():  # once, also when neither changed
            self.model.question = question
            self.model.screen = screen

    @contextmanager
    def one_render(self):
        """Changes of the model made inside show the screen once, at the end."""
        if self._holding:
            yield
            return
        self._holding = True
        try:
            yield
        finally:
            self._holding = False
            self.render()

    def _order(self) -> list[tuple[str, int]]:
        steps = [("language", 0), ("intro", 0)]
        steps += [("question", i) for i in range(len(self.section.items))]
        if self.section.barriers:
            steps.append(("hard", 0))
        return [*steps, ("open", 0), ("thanks", 0)]

    def _here(self) -> tuple[str, int]:
        m = self.model
        return m.screen, m.question if m.screen == "question" else 0

    @_calmly
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

    @_calmly
    def _back(self, _button=None) -> None:
        self.message.clear()
        order = self._order()
        at = order.index(self._here())
        if at > 0:
            self._go(*order[at - 1])

    @_calmly
    def _to_languages(self, _button=None) -> None:
        self.message.clear()
        self._came_from = self._here()
        self._go("language")

    @_calmly
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
        total = len(self.section.items)
        step = self.model.question + 1
        said = html.escape(self.progress_text)
        percent = round(100 * step / total)
        progress = (
            f'<p class="btk-parents-progress">{said}</p>'
            f'<div class="btk-parents-bar" role="progressbar" aria-valuemin="0" '
            f'aria-valuemax="{total}" aria-valuenow="{step}" aria-valuetext="{said}" '
            f'aria-label="{said}"><div style="width: {percent}%"></div></div>'
        )
        statement = html.escape(self.text(f"items.{item.id}"))
        with self.quietly():
            relabel_choice(self.faces, self._face_options())
            self.faces.value = self._shown_face(self.model.answers.get(item.id))
        return [
            self.small(ipw.HTML, value=progress),
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

    def _mark(self) -> None:
        """The marker the template reads: the page's language and direction, and the codes
        to go on with on this device (see the template's ``pagelang.js``)."""
        lang = self.model.language
        me = self.model.participant
        attributes = {
            "data-btk-lang": lang,
            "data-btk-dir": "rtl" if self.rtl else "ltr",
        }
        if self.code:
            attributes["data-btk-resume"] = self.code
            attributes["data-btk-personal"] = me.code if me is not None else ""
            if self.refused_resume:
                attributes["data-btk-forget"] = self.refused_resume
        said = " ".join(f'{k}="{html.escape(v)}"' for k, v in attributes.items())
        value = f'<div class="btk-parents-marker" {said}></div>'
        if self.marker.value != value:
            self.marker.value = value
        if self.rtl:
            self.add_class("btk-parents-rtl")
        else:
            self.remove_class("btk-parents-rtl")

    # answers --------------------------------------------------------------------------------
    @contextmanager
    def quietly(self):
        """Changes made inside are the page's own (showing stored answers), no answers."""
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    @staticmethod
    def _shown_face(answer):
        if isinstance(answer, float) and answer.is_integer():
            return int(answer)
        return answer

    def _me(self):
        """The parent answering: made at the first answer, in the page's language."""
        if self.model.participant is None:
            self.model.participant = self.store.join_audience(self.code, self.model.language)
            self._mark()
        return self.model.participant

    def save(self, item: str, value=None, text=None) -> bool:
        """Check an answer and save it at once; whether it was saved. A refused answer (or
        a database that cannot take it) says so and changes nothing."""
        from ..questionnaire import check_answer, save_answer

        try:
            check_answer(self.frame, item, value, text, AUDIENCE)  # before a parent is made
            save_answer(self.store, self._me(), self.frame, item, value, text)
        except InputError as exc:
            self.show_problem(exc)
            return False
        except Exception:  # noqa: BLE001 - the database: calm words, the trainer finds the log
            log.exception("error saving the parents' answer %s", item)
            self.say_message("cannot_save", "error")
            return False
        stored = dict(self.model.answers)
        if value is None and text is None:
            stored.pop(item, None)
        else:
            stored[item] = text if value is None else float(value)
        self.model.answers = stored
        self.message.clear()
        self.status.value = (
            f'<p class="btk-parents-saved" role="status">{html.escape(self.say("saved"))}</p>'
        )
        return True

    @_calmly
    def _on_face(self, change) -> None:
        if self._quiet or self.model.screen != "question" or change["new"] is None:
            return
        from ..questionnaire import DONT_KNOW, RATHER_NOT

        item = self.section.items[self.model.question].id
        answer = change["new"]
        saved = (
            self.save(item, text=answer)
            if answer in (DONT_KNOW, RATHER_NOT)
            else self.save(item, value=answer)
        )
        if not saved:
            with self.quietly():
                self.faces.value = self._shown_face(self.model.answers.get(item))

    @_calmly
    def _on_chip(self, barrier: str, change) -> None:
        if self._quiet:
            return
        if not self.save(_chip_item(barrier), value=1 if change["new"] else 0):
            with self.quietly():
                self.chips[barrier].value = not change["new"]

    @_calmly
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

    @_calmly
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
