"""Step 11: the children's questionnaire (*kinderbevraging*) on a class's tablets.

Opened by the teacher as ``11_kinderen.ipynb?s=CHILDREN_CODE`` (optionally ``&lang=en``); then
one child after the other answers on the same tablet: a short introduction with one big
button, one statement per screen (three faces with their words, plus "weet ik niet"), and a
thank-you screen with a big button for the next child. Every text can be read aloud on a tap
where the browser has a voice for the language (the template's ``readaloud.js``, with the Web
Speech API: nothing is fetched from elsewhere); where it has none, a quiet note says so.

Nothing personal: no name; a child is made a participant only at their first answer
(``Store.join_audience``), every answer is saved at once. A tablet is shared, so a child's
answers are never shown again to whoever comes next: the next child's button on the thanks,
and the question on every statement whether another child has the tablet, start afresh. The
page opened again (a reload, the browser closed) starts afresh too, and says kindly that the
answers of the child before are kept and hidden. For that the page tells the
browser "a child is busy here" (the marker's ``data-btk-personal`` is ``BUSY`` from the first
answer until the thanks; the template's ``pagelang.js`` keeps it under the questionnaire's
code, as it keeps a parent's personal code, and gives it back as ``&r=BUSY``). No child's
code is ever kept in the browser.
"""

from __future__ import annotations

import html
import logging

import ipywidgets as ipw
import traitlets as tl

from ._common import AUTO_WIDTH, query_params, soon
from ._jupyter import with_classes
from ._questionnaire import QuestionnaireModel, QuestionnairePage, calmly

__all__ = ["BUSY", "ChildrenModel", "ChildrenPage"]

log = logging.getLogger("betrokkenheid.ui")

AUDIENCE = "child"
#: The screens of the page (``question`` once per statement; ``other_child`` asks whether
#: another child has taken the tablet); ``no_link`` and ``loading`` stand apart.
SCREENS = ("intro", "question", "other_child", "thanks")
#: What the browser keeps for the questionnaire while a child has begun and not finished.
BUSY = "BUSY"
#: The voices asked for in each language, the best first (see the template's readaloud.js).
SPEECH = {"nl": "nl-BE nl-NL nl", "en": "en-GB en-US en"}
# a loudspeaker, drawn in the text's colour (no picture fetched)
_SPEAKER = (
    '<svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="26" height="26" '
    'fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" '
    'stroke-linejoin="round"><path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z" fill="currentColor"/>'
    '<path d="M15.5 9a4.2 4.2 0 0 1 0 6M18.3 6.5a8 8 0 0 1 0 11"/></svg>'
)


class ChildrenModel(QuestionnaireModel):
    """The state of the children's page: the screen shown, the statement on it, the language
    and the answers of the child answering now (item -> number or text); ``left_unfinished``
    is true when the page was opened again while a child had begun and not finished (the
    introduction then says so).

    Setting ``screen`` (and ``question``) shows that screen.
    """

    left_unfinished = tl.Bool(False)


class ChildrenPage(QuestionnairePage):
    """The children's questionnaire page (*vragenlijst voor kinderen*), for tablets.

    Its state is its ``model`` (a :class:`ChildrenModel`); the widgets show it and change it.
    ``start_button`` begins, ``faces`` is the choice of the statement shown, ``back_button``
    and ``next_button`` go through the statements, ``other_child`` asks whether another child
    has taken the tablet (``yes_other`` starts afresh, ``no_other`` goes on),
    ``next_child_button`` on the thanks starts afresh for the next child, and ``language`` is
    the choice of Dutch or English.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    >>> page = ChildrenPage(store, store.audience_code(session, "child"))
    >>> page.start_button.click()
    >>> page.progress_text, page.model.participant is None  # nobody is made yet
    ('1 van 9', True)
    >>> page.faces.value = 3
    >>> store.answers_of(page.model.participant, "children")
    {'like_school': 3.0}
    >>> page.model.screen = "thanks"
    >>> page.next_child_button.click()
    >>> page.model.screen, page.model.participant is None  # the next child: nobody yet
    ('intro', True)
    """

    audience = AUDIENCE
    css = "btk-children"
    model_class = ChildrenModel

    def __init__(
        self,
        store,
        code: str | None = None,
        language: str | None = None,
        resume: str | None = None,
    ):
        super().__init__(store)
        self.title = self.small(ipw.HTML, "btk-children-title")
        self.language = None  # the choice of Dutch or English, made with the first screen
        self.other_child = with_classes(ipw.Button, ("btk-children-other",), icon="user")
        self.other_child.on_click(self._ask_other_child)
        self.top = with_classes(ipw.HBox, ("btk-children-top",), children=[self.title])
        self.back_button = with_classes(ipw.Button, ("btk-children-back",))
        self.next_button = with_classes(ipw.Button, ("btk-children-next", "btk-primary"))
        self.back_button.on_click(self._back)
        self.next_button.on_click(self._next)
        self.nav = with_classes(
            ipw.HBox, ("btk-children-nav",), children=[self.back_button, self.next_button]
        )
        self.start_button = with_classes(ipw.Button, ("btk-children-start", "btk-primary"))
        self.start_button.on_click(self._start)
        self.next_child_button = with_classes(
            ipw.Button, ("btk-children-next-child", "btk-primary")
        )
        self.next_child_button.on_click(self._fresh)
        self.yes_other = with_classes(ipw.Button, ("btk-children-yes", "btk-primary"))
        self.no_other = with_classes(ipw.Button, ("btk-children-no",))
        self.yes_other.on_click(self._fresh)
        self.no_other.on_click(self._not_other)
        self.model.observe(self._on_language, "language")
        self.model.observe(lambda _: self.render(), ["screen", "question"])
        self.model.observe(lambda _: self._mark(), "participant")
        # reading the frame takes a moment: in a kernel after the cell
        soon(lambda: self._open(code, language, resume))

    @classmethod
    def from_request(cls, store=None):
        """The page for this Voila request, from the URL's ``?s=CODE&lang=xx`` (and the
        ``&r=BUSY`` the template adds when a child had not finished here).

        Without a store it opens the default one.
        """
        from ._common import _default_store

        params = query_params()
        return cls(store or _default_store, params.get("s"), params.get("lang"), params.get("r"))

    # opening ------------------------------------------------------------------------------
    def _open(self, code, language, resume) -> None:
        """Check the link's questionnaire code, then show the introduction (saying so when
        a child had not finished here)."""
        if not self.open_link(code):
            return
        self._build()
        wanted = str(language or "").strip().lower()
        with self.one_render():
            self.model.language = wanted if wanted in self.offered else "nl"
            self.model.left_unfinished = str(resume or "").strip().upper() == BUSY
            self._go("intro")

    def _build(self) -> None:
        """The widgets of the page, once the questionnaire is known."""
        self.language = with_classes(
            ipw.ToggleButtons,
            ("btk-choice", "btk-children-language"),
            options=[(code.upper(), code) for code in self.offered],
            tooltips=[lang.name for lang in self.offered.values()],
            value=self.model.language if self.model.language in self.offered else None,
            style=AUTO_WIDTH,
        )
        self.language.observe(self._on_language_choice, "value")
        self.top.children = [self.title, self.language, self.other_child]
        steps = len(self.section.scale.values)
        self.faces = self._make_faces("btk-children-faces", f"btk-children-faces-{steps}")
        self.card = self.small(ipw.VBox, "btk-card", "btk-children-card")
        self.children = [
            *self.children[:2],
            self.top,
            self.message,
            self.body,
            self.status,
            self.nav,
        ]

    # texts ----------------------------------------------------------------------------------
    def say_in(self, key: str, lang: str, **values) -> str:
        """A text of the page in ``lang`` (``children_KEY`` of ``texts.yaml``)."""
        from ..texts import tr

        return tr(f"children_{key}", lang, **values)

    def _read_aloud(self, text: str) -> str:
        """A button that reads ``text`` aloud (in the browser, see the template's
        ``readaloud.js``), and the place of its quiet note where the tablet cannot."""
        lang = self.model.language
        return (
            '<div class="btk-children-read">'
            f'<button type="button" class="btk-children-speak" '
            f'data-btk-speak="{html.escape(text)}" data-btk-speak-lang="{SPEECH[lang]}" '
            f'data-btk-speak-none="{html.escape(self.say("cannot_read"))}">{_SPEAKER}'
            f"<span>{html.escape(self.say('read_aloud'))}</span></button>"
            '<p class="btk-children-speak-note" role="status"></p></div>'
        )

    # screens --------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """Whether a child has begun and not finished (answered, and not yet thanked)."""
        return self.model.participant is not None and self.model.screen != "thanks"

    def kept(self) -> dict[str, str]:
        """While a child is busy, the browser keeps that (never who); after, it forgets."""
        if self.busy:
            return {"data-btk-personal": BUSY}
        return {"data-btk-personal": "", "data-btk-forget": BUSY}

    @calmly
    def _start(self, _button=None) -> None:
        self.message.clear()
        with self.one_render():
            self.model.left_unfinished = False
            self._go("question", 0)

    @calmly
    def _next(self, _button=None) -> None:
        self.message.clear()
        if self.model.question + 1 < len(self.section.items):
            self._go("question", self.model.question + 1)
        else:
            self._go("thanks")

    @calmly
    def _back(self, _button=None) -> None:
        self.message.clear()
        if self.model.question > 0:
            self._go("question", self.model.question - 1)
        else:
            self._go("intro")

    @calmly
    def _ask_other_child(self, _button=None) -> None:
        self.message.clear()
        self._go("other_child", self.model.question)

    @calmly
    def _not_other(self, _button=None) -> None:
        self._go("question", self.model.question)

    @calmly
    def _fresh(self, _button=None) -> None:
        """A new child: nobody made yet, nothing chosen, from the introduction."""
        self.message.clear()
        with self.one_render():
            self.model.participant = None
            self.model.answers = {}
            self.model.left_unfinished = False
            with self.quietly():
                self.faces.value = None
            self._go("intro")

    def render(self) -> None:
        """Show the model's screen in the model's language."""
        if self.section is None or self._holding:
            return
        self._mark()
        screen = self.model.screen
        school = html.escape(self.session.school)
        self.title.value = (
            f'<div class="btk-children-title"><h1>{html.escape(self.say("page_title"))}</h1>'
            f"<p>{school}</p></div>"
        )
        with self.quietly():
            self.language.value = self.model.language
            self.language.tooltip = self.say("language")
        self.language.layout.display = None if screen == "intro" else "none"
        self.other_child.description = self.say("other_child")
        self.other_child.layout.display = None if screen == "question" else "none"
        last = self.model.question + 1 == len(self.section.items)
        self.back_button.description = self.say("back")
        self.next_button.description = self.say("done" if last else "next")
        self.nav.layout.display = None if screen == "question" else "none"
        self.status.value = ""
        self.card.children = getattr(self, f"_screen_{screen}")()
        self.body.children = [self.card]

    def _screen_intro(self) -> list:
        intro = self.text("intro")
        parts = [self._read_aloud(intro), f'<p class="btk-children-intro">{html.escape(intro)}</p>']
        if self.model.left_unfinished:
            note = html.escape(self.say("other_child_note"))
            parts.insert(0, f'<p class="btk-children-note" role="status">{note}</p>')
        self.start_button.description = self.say("start")
        return [self.small(ipw.HTML, value="".join(parts)), self.start_button]

    def _screen_question(self) -> list:
        item = self.section.items[self.model.question]
        statement = self.text(f"items.{item.id}")
        self._show_faces()
        self.faces.tooltip = statement  # the name of the choice (radiogroups.js)
        return [
            self._progress(),
            self.small(
                ipw.HTML,
                value=f'<div class="btk-children-say"><h2 class="btk-children-statement">'
                f"{html.escape(statement)}</h2>{self._read_aloud(statement)}</div>",
            ),
            self.faces,
        ]

    def _screen_other_child(self) -> list:
        note = html.escape(self.say("other_child_note"))
        self.yes_other.description = self.say("other_child_yes")
        self.no_other.description = self.say("other_child_no")
        return [
            self.small(ipw.HTML, value=f'<h2 class="btk-children-ask">{note}</h2>'),
            self.small(ipw.VBox, "btk-children-choose", children=[self.yes_other, self.no_other]),
        ]

    def _screen_thanks(self) -> list:
        thanks = self.text("thanks")
        self.next_child_button.description = self.say("next_child")
        return [
            self.small(
                ipw.HTML,
                value=f'<h2 class="btk-children-thanks">{html.escape(thanks)}</h2>'
                f"{self._read_aloud(thanks)}",
            ),
            self.next_child_button,
        ]

    # answers --------------------------------------------------------------------------------
    @calmly
    def _on_language_choice(self, change) -> None:
        if not self._quiet and change["new"] in self.offered:
            self.model.language = change["new"]

    @calmly
    def _on_language(self, change) -> None:
        if self.section is None:
            return
        me = self.model.participant
        if me is not None:
            self.store.set_language(me, change["new"])
        self.render()
