"""What the questionnaire pages of parents (10_ouders) and children (11_kinderen) share.

A :class:`QuestionnairePage` is opened with the questionnaire code of its ``audience`` (see
``Store.audience_code``): any other code (the team's, the other audience's, a wrong one) gives
one kind message in Dutch and English and nothing else. It shows one screen at a time (its
model's ``screen`` and ``question``); a statement has a screen of its own with the progress
("3 van 9"), a progress bar and the faces with their words as one choice (a radio group for
the keyboard, see the template's ``radiogroups.js``). Nobody is made before the first answer
(``Store.join_audience``), and every answer is saved at once; nothing personal is kept.

A page says its texts under the same short keys (``progress``, ``saved``, ``dont_know``,
``cannot_save``, ``no_link``...) through :meth:`QuestionnairePage.say_in`: the parents' page
from the language files, the children's from ``texts.yaml``. It puts a marker into the
document (``data-btk-lang``, ``data-btk-dir``, the questionnaire's code and what the browser
is to keep for it, see :meth:`QuestionnairePage.kept`); the template's ``pagelang.js`` reads it.
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
from ._common import MessageBox, Page, relabel_choice, style
from ._jupyter import with_classes

__all__ = ["QuestionnaireModel", "QuestionnairePage", "calmly"]

log = logging.getLogger("betrokkenheid.ui")


class QuestionnaireModel(tl.HasTraits):
    """The state of a questionnaire page: the screen shown, the statement on it, the language
    and the answers of the one answering as stored (item -> number or text).

    Setting ``screen`` (and ``question``) shows that screen; setting ``language`` relabels
    the page (and is remembered for someone who answered already).
    """

    language = tl.Unicode("nl")
    screen = tl.Unicode("loading")  # one of the page's screens, "loading" or "no_link"
    question = tl.Int(0)  # the statement shown on a question screen (its index)
    answers = tl.Dict()  # the answers as stored
    participant = tl.Any(None, allow_none=True)  # a store.Participant from the first answer


def calmly(method):
    """Run a widget callback so that no exception reaches the one answering: a refused
    answer says why, anything else (the database, say) says it could not be saved; the
    trainer finds the error in the log."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except InputError as exc:
            self.show_problem(exc)
        except Exception:  # noqa: BLE001 - a parent or child must never see a traceback
            log.exception("error in %s", method.__qualname__)
            print(f"betrokkenheid: error in {method.__qualname__}", file=sys.stderr)
            self.say_message("cannot_save", "error")
        return None

    return wrapper


class QuestionnairePage(ipw.VBox):
    """A questionnaire page of an ``audience`` (``parent`` or ``child``); a page of its own
    adds its screens (``_screen_NAME``), its :meth:`render` and its texts (:meth:`say_in`).

    The page's widgets start as the style and the marker; :meth:`open_link` checks the
    link's code and fills in ``session``, ``frame``, ``section`` (the frame's questionnaire
    for the audience) and ``offered`` (its languages by code).
    """

    audience = ""  # "parent" or "child": whose questionnaire (questionnaire.EXERCISE)
    css = ""  # the page's class, and the start of its parts' classes ("btk-parents")
    model_class = QuestionnaireModel
    # what a questionnaire page shares with the team's pages (widgets that share their looks)
    small = Page.small
    store = Page.store

    def __init__(self, store):
        self._store = store
        self._looks: dict = {}
        self._quiet = False
        self._holding = False  # inside one_render: the screen is shown once, at its end
        self.code = None  # the questionnaire code, once it is known to be one
        self.session = None
        self.frame = None
        self.section = None
        self.offered: dict = {}  # code -> languages.Language, in their order
        self.model = self.model_class()
        self.marker = ipw.HTML(layout=ipw.Layout(display="none"))
        self.message = MessageBox()
        self.body = self.small(ipw.VBox, f"{self.css}-body")
        self.status = self.small(ipw.HTML, "btk-status")
        self.faces = None
        super().__init__([style(), self.marker])
        self.add_class("btk-page")
        self.add_class(self.css)

    # texts ----------------------------------------------------------------------------------
    def say_in(self, key: str, lang: str, **values) -> str:  # pragma: no cover - overridden
        """A text of the page in ``lang``, with ``{name}`` filled in."""
        raise NotImplementedError

    def say(self, key: str, **values) -> str:
        """A text of the page in the page's language."""
        return self.say_in(key, self.model.language, **values)

    def text(self, key: str) -> str:
        """A text of the frame's questionnaire (``parents.…``, ``children.…``) in the page's
        language."""
        from ..languages import questionnaire_text
        from ..questionnaire import EXERCISE

        key = f"{EXERCISE[self.audience]}.{key}"
        return questionnaire_text(self.frame, key, self.model.language)

    def say_message(self, key: str, kind: str = "info", **values) -> None:
        self.message.show(self.say(key, **values), kind)

    def show_problem(self, exc: InputError) -> None:
        """What a refused answer means for the one answering, in their language."""
        log.warning("%s's questionnaire page: %s", self.audience, exc)
        self.say_message("cannot_save", "error")

    # opening ------------------------------------------------------------------------------
    def open_link(self, code) -> bool:
        """Check the link's questionnaire code: whether it is one of this audience (else the
        page says so, in Dutch and English, and shows nothing else)."""
        from ..frames import load_frame
        from ..languages import offered
        from ..questionnaire import EXERCISE
        from ..store import AUDIENCE_CODE_LENGTH, normalise_code

        exercise = EXERCISE[self.audience]
        try:
            if not code:
                raise InputError("questionnaire code", "no code in the link", reason="code")
            session, audience = self.store.audience_session(code)
            frame = load_frame(session.frame)
            section = getattr(frame, exercise, None)
            offered_here = offered(frame, exercise) if section is not None else []
            if audience != self.audience or section is None:
                raise InputError(
                    "questionnaire code", f"not a questionnaire for {exercise}", reason="code"
                )
        except InputError:
            self._no_link()
            return False
        except Exception:  # noqa: BLE001 - the database, a broken frame: calm words only
            log.exception("error opening the %s page for %r", exercise, code)
            self._no_link("cannot_save")
            return False
        self.session, self.frame, self.section = session, frame, section
        self.code = normalise_code(code, AUDIENCE_CODE_LENGTH, "questionnaire code")
        self.offered = {lang.code: lang for lang in offered_here}
        return True

    def _no_link(self, key: str = "no_link") -> None:
        """A link that does not lead to this questionnaire: that, in Dutch and in English,
        and nothing else."""
        self.model.language = "nl"
        self.model.screen = "no_link"
        self._mark()
        try:
            nl, en = html.escape(self.say_in(key, "nl")), html.escape(self.say_in(key, "en"))
        except Exception:  # noqa: BLE001 - a language file that does not load: the team's words
            log.exception("error reading the texts of the %s's questionnaire", self.audience)
            from ..texts import tr

            nl, en = html.escape(tr("error_generic", "nl")), html.escape(tr("error_generic", "en"))
        self.body.children = [
            self.small(
                ipw.HTML,
                value=f'<div class="btk-message btk-message-error {self.css}-no-link" '
                f'role="alert"><p>{nl}</p><p lang="en">{en}</p></div>',
            )
        ]
        self.children = [*self.children[:2], self.body]

    # screens --------------------------------------------------------------------------------
    def render(self) -> None:  # pragma: no cover - every page has its own
        raise NotImplementedError

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

    def _progress(self) -> ipw.HTML:
        """The progress above a statement: "3 van 12" and a bar that says it too."""
        total = len(self.section.items)
        step = self.model.question + 1
        said = html.escape(self.progress_text)
        percent = round(100 * step / total)
        return self.small(
            ipw.HTML,
            value=f'<p class="{self.css}-progress">{said}</p>'
            f'<div class="{self.css}-bar" role="progressbar" aria-valuemin="0" '
            f'aria-valuemax="{total}" aria-valuenow="{step}" aria-valuetext="{said}" '
            f'aria-label="{said}"><div style="width: {percent}%"></div></div>',
        )

    def _mark(self) -> None:
        """The marker the template reads: the page's language and direction, and what the
        browser keeps for this questionnaire (see the template's ``pagelang.js``)."""
        attributes = {
            "data-btk-lang": self.model.language,
            "data-btk-dir": "rtl" if self.rtl else "ltr",
        }
        if self.code:
            attributes["data-btk-resume"] = self.code
            attributes.update(self.kept())
        said = " ".join(f'{k}="{html.escape(v)}"' for k, v in attributes.items())
        value = f'<div class="{self.css}-marker" {said}></div>'
        if self.marker.value != value:
            self.marker.value = value
        if self.rtl:
            self.add_class(f"{self.css}-rtl")
        else:
            self.remove_class(f"{self.css}-rtl")

    def kept(self) -> dict[str, str]:
        """What the browser is to keep for this questionnaire, as the marker's attributes:
        ``data-btk-personal`` (to keep) and ``data-btk-forget`` (to forget when kept)."""
        return {}

    # the faces -------------------------------------------------------------------------------
    def _face_options(self) -> list[tuple[str, object]]:
        """The words of the scale's steps, then "don't know" (and "rather not say")."""
        steps = [(self.text(f"scale.{v}"), v) for v in self.section.scale.values]
        return [*steps, *((self.say(other), other) for other in self.section.others)]

    def _make_faces(self, *css_classes: str) -> ipw.ToggleButtons:
        """The faces of a statement: one choice, its answer saved at once."""
        faces = with_classes(
            ipw.ToggleButtons,
            css_classes,
            options=self._face_options(),
            value=None,
            style={"button_width": "auto"},
        )
        faces.observe(self._on_face, "value")
        return faces

    def _show_faces(self) -> None:
        """The faces in the page's language, with the answer given to the statement shown."""
        item = self.section.items[self.model.question]
        with self.quietly():
            relabel_choice(self.faces, self._face_options())
            self.faces.value = self._shown_face(self.model.answers.get(item.id))

    @staticmethod
    def _shown_face(answer):
        if isinstance(answer, float) and answer.is_integer():
            return int(answer)
        return answer

    @calmly
    def _on_face(self, change) -> None:
        if self._quiet or self.model.screen != "question" or change["new"] is None:
            return
        item = self.section.items[self.model.question].id
        answer = change["new"]
        saved = (
            self.save(item, text=answer)
            if answer in self.section.others
            else self.save(item, value=answer)
        )
        if not saved:
            with self.quietly():
                self.faces.value = self._shown_face(self.model.answers.get(item))

    # answers --------------------------------------------------------------------------------
    @contextmanager
    def quietly(self):
        """Changes made inside are the page's own (showing stored answers), no answers."""
        before, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = before

    def _me(self):
        """The one answering: made at the first answer, in the page's language."""
        if self.model.participant is None:
            self.model.participant = self.store.join_audience(self.code, self.model.language)
            self._mark()
        return self.model.participant

    def save(self, item: str, value=None, text=None) -> bool:
        """Check an answer and save it at once; whether it was saved. A refused answer (or
        a database that cannot take it) says so and changes nothing."""
        from ..questionnaire import check_answer, save_answer

        try:
            check_answer(self.frame, item, value, text, self.audience)  # before anyone is made
            save_answer(self.store, self._me(), self.frame, item, value, text)
        except InputError as exc:
            self.show_problem(exc)
            return False
        except Exception:  # noqa: BLE001 - the database: calm words, the trainer finds the log
            log.exception("error saving the %s's answer %s", self.audience, item)
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
            f'<p class="{self.css}-saved" role="status">{html.escape(self.say("saved"))}</p>'
        )
        return True
