"""What every page shares: texts, style, messages, the header and safe callbacks."""

from __future__ import annotations

import asyncio
import functools
import html
import logging
import os
import re
import sys
import threading
from functools import cache
from urllib.parse import parse_qs, urlencode

import ipywidgets as ipw
import traitlets as tl

from ..errors import InputError
from ..exercises import EXERCISES
from ..texts import tr
from ._jupyter import publish_status, with_classes

__all__ = [
    "AUTO_WIDTH",
    "STEPS",
    "Header",
    "MessageBox",
    "Page",
    "in_background",
    "later",
    "PageModel",
    "Picture",
    "guarded",
    "page_link",
    "plain_text",
    "query_params",
    "relabel_choice",
    "soon",
    "steps_html",
    "style",
    "tr",
]

log = logging.getLogger("betrokkenheid.ui")
LANGUAGES = (("NL", "nl"), ("EN", "en"))
AUTO_WIDTH = {"button_width": "auto"}  # the style of toggle buttons as wide as their label

# The steps of the study day: (notebook, title's text key, frame section it asks about): the
# start page, then the exercises of the registry in their order.
STEPS = (
    ("00_start.ipynb", "page_start", None),
    *((e.notebook, e.title_key, e.name) for e in EXERCISES),
)


@cache
def _css() -> str:
    from .._paths import assets_dir

    return (assets_dir() / "workbook.css").read_text("utf-8")


def style() -> ipw.HTML:
    """The workbook's CSS as a widget (shown once at the top of every page)."""
    return ipw.HTML(f"<style>{_css()}</style>", layout=ipw.Layout(display="none"))


def query_params() -> dict[str, str]:
    """The URL parameters Voila gave this page (empty outside Voila)."""
    parsed = parse_qs(os.environ.get("QUERY_STRING", ""), max_num_fields=20)
    return {key: values[-1][:100] for key, values in parsed.items()}


def page_link(notebook: str, participant_code: str | None, language: str) -> str:
    """A relative link to another page of the workbook, carrying code and language."""
    params = {"lang": language}
    if participant_code:
        params["p"] = participant_code
    return f"{notebook}?{urlencode(params)}"


class Picture(ipw.Image):
    """An image whose ``tooltip`` is its name (the ``title`` of its ``img``) for a screen reader.

    ipywidgets gives a picture no ``alt``; its ``tooltip`` is shown only when the widget has a
    ``description`` (in the browser, an Image without one fails to set it), so this one has an
    empty one.
    """

    description = tl.Unicode("").tag(sync=True)


def plain_text(markup: str) -> str:
    """The words of a piece of HTML without its tags, e.g. a caption as a picture's name.

    Example
    -------
    >>> plain_text('<p class="btk-caption">A &amp; B</p>')
    'A & B'
    """
    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", markup)).split())


def relabel_choice(widget, options) -> None:
    """Give a selection widget new labels for the same values, keeping its value.

    Setting ``options`` alone would select the first option for a moment; an exercise page
    makes such changes inside ``ExercisePage.quietly``, so they are no answers.
    """
    value = widget.value
    with widget.hold_sync():
        widget.options = options
        widget.value = value


class MessageBox(ipw.HTML):
    """A friendly message on the page: info or error, never a traceback."""

    kind = tl.Unicode("")
    text = tl.Unicode("")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.add_class("btk-message-box")
        self.layout.display = "none"

    def show(self, text: str, kind: str = "info") -> None:
        self.kind, self.text = kind, text
        role = "alert" if kind == "error" else "status"
        self.layout.display = None
        self.value = (
            f'<div class="btk-message btk-message-{kind}" role="{role}">{html.escape(text)}</div>'
        )

    def clear(self) -> None:
        self.kind, self.text, self.value = "", "", ""
        self.layout.display = "none"


def soon(callback) -> None:
    """Run ``callback`` once the current notebook cell is done, inside a kernel; else now.

    An exercise page's cell only lays out its frame; its questions follow right after, while
    the browser is still loading the page's scripts. Meanwhile the kernel says it is busy:
    ``betrokkenheid serve`` connects a browser only once the kernel is idle again, after the
    last new widget has gone out, so the browser gets them all at once (see
    :mod:`betrokkenheid.serve`).
    """
    loop = _kernel_loop()
    if loop is None:
        callback()
    else:
        loop.call_soon(_while_busy, callback)


def later(seconds: float, callback) -> None:
    """Run ``callback`` after ``seconds`` in the kernel's event loop; outside a kernel, now."""
    loop = _kernel_loop()
    if loop is None:
        callback()
    else:
        loop.call_later(seconds, callback)


def _kernel_loop():
    """The running event loop (a kernel's), or None outside one (tests, scripts)."""
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _while_busy(callback) -> None:
    """Run ``callback`` with the kernel saying busy on IOPub, as while it runs a cell."""
    said = publish_status("busy")
    try:
        callback()
    finally:
        if said:
            publish_status("idle")


def in_background(work, then) -> threading.Thread | None:
    """Run ``work`` in a thread, then ``then`` in the kernel's event loop; the thread is
    returned. Outside a kernel (tests, scripts) both run now and nothing is returned.

    The loop stays free meanwhile, so the browser's request for the widgets is answered at
    once. ``work`` must touch no widget.
    """
    loop = _kernel_loop()
    if loop is None:
        work()
        then()
        return None

    def run():
        try:
            work()
        except Exception:  # noqa: BLE001 - ``then`` still runs; the trainer finds it in the log
            log.exception("error in background work %s", work.__qualname__)
        finally:
            loop.call_soon_threadsafe(then)

    thread = threading.Thread(target=run, name=f"betrokkenheid-{work.__name__}", daemon=True)
    thread.start()
    return thread


def guarded(method):
    """Run a widget callback so that no exception reaches the visitor.

    An :class:`InputError` shows its meaning on the page (through ``self.explain``); anything
    else is logged for the trainer and the visitor sees a calm, general message.
    """

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except InputError as exc:
            self.message.show(self.explain(exc), "error")
        except Exception:  # noqa: BLE001 - the visitor must never see a traceback
            log.exception("error in %s", method.__qualname__)
            print(f"betrokkenheid: error in {method.__qualname__}", file=sys.stderr)
            self.message.show(tr("error_generic", self.model.language), "error")

    return wrapper


class Header(ipw.HBox):
    """Title, step indicator and the language switch of a page."""

    def __init__(self, model, title_key: str, step: int | None = None):
        self.model = model
        self.title_key, self.step = title_key, step
        self.title = ipw.HTML()
        self.language = ipw.ToggleButtons(
            options=LANGUAGES,
            value=model.language,
            tooltips=["Nederlands", "English"],
            style={"button_width": "52px"},
        )
        self.language.add_class("btk-choice")
        tl.link((self.language, "value"), (model, "language"))
        super().__init__([self.title, self.language])
        self.add_class("btk-header")
        model.observe(lambda _: self.refresh(), "language")
        self.refresh()

    def refresh(self) -> None:
        lang = self.model.language
        step = ""
        if self.step is not None:
            step = tr("step_of", lang, step=self.step + 1, total=len(STEPS))
        self.title.value = (  # data-btk-lang: the template puts it on <html lang> (WCAG 3.1.1)
            f'<div class="btk-title" data-btk-lang="{lang}" data-btk-dir="ltr">'
            f'<div class="btk-brand"><b>{tr("app_title", lang)}</b>'
            f"{' · ' + html.escape(step) if step else ''}</div>"
            f"<h1>{html.escape(tr(self.title_key, lang))}</h1></div>"
        )


def steps_html(
    language: str,
    participant_code: str | None,
    here: int | None,
    done: frozenset = frozenset(),
    missing: frozenset = frozenset(),
) -> str:
    """The list of steps as links: the current one marked, finished ones ticked, and steps
    the session's frame has no questions for shown without a link."""
    items = []
    for i, (notebook, key, section) in enumerate(STEPS):
        label = html.escape(tr(key, language))
        href = html.escape(page_link(notebook, participant_code, language))
        css = ' class="btk-done"' if section in done else ""
        if i == here:
            items.append(f'<li class="btk-here" aria-current="step">{label}</li>')
        elif section in missing:
            items.append(f'<li class="btk-missing">{label}</li>')
        else:
            items.append(f'<li{css}><a href="{href}">{label}</a></li>')
    title = html.escape(tr("steps_title", language))
    return (
        f'<nav class="btk-steps" aria-label="{title}"><b>{title}</b><ol>{"".join(items)}</ol></nav>'
    )


def _default_store():
    from ..store import Store

    return Store(pooled=False)  # a room has many pages open: none holds a connection


class PageModel(tl.HasTraits):
    """State every page shares: the language and who is answering."""

    language = tl.Unicode("nl")
    participant = tl.Any(None, allow_none=True)  # a store.Participant once known


class Page(ipw.VBox):
    """A workbook page: style, header, a message box and a body; friendly errors.

    Its state is its ``model`` (of class ``model_class``): the widgets show it and change it.
    """

    title_key = ""
    step: int | None = None
    model_class = PageModel
    _ERRORS = {
        "baseline link": "followup_no_baseline",
        "join code": "bad_join_code",
        "personal code": "bad_personal_code",
        "school name": "bad_school",
    }

    def __init__(self, store, language: str | None = "nl"):
        self._store = store
        # a link without a language (None) shows a known participant's own language
        self.language_from_link = language in ("nl", "en")
        self.model = self.model_class(language=language if self.language_from_link else "nl")
        self.header = Header(self.model, self.title_key, self.step)
        self.message = MessageBox()
        self._looks: dict = {}
        super().__init__()
        self.add_class("btk-page")
        self.model.observe(self._on_language, "language")

    def small(self, cls, *css_classes: str, style: dict | None = None, **traits):
        """A widget of ``cls`` that shares its layout and style with the page's other widgets
        of that class and style.

        Every ipywidgets widget brings a Layout and a style widget of its own, so the page's
        many chips, ratings and labels would make the browser load three widgets for each.
        A shared layout or style is never changed afterwards.
        """
        key = (cls, tuple(sorted((style or {}).items())))
        looks = self._looks.get(key)
        if looks is None:
            looks = self._looks[key] = {"layout": ipw.Layout()}
            traits_of_cls = cls.class_traits()
            if "style" in traits_of_cls:
                looks["style"] = traits_of_cls["style"].klass(**(style or {}))
        # classes given at once: add_class afterwards would send each widget a second message
        return with_classes(cls, css_classes, **looks, **traits)

    def card(self, children, *css_classes: str) -> ipw.VBox:
        """A white card around some widgets."""
        return self.small(ipw.VBox, "btk-card", *css_classes, children=list(children))

    def html_block(self, text: str, tag: str = "p", css_class: str = "") -> ipw.HTML:
        """Escaped text in one HTML element."""
        attribute = f' class="{css_class}"' if css_class else ""
        return self.small(ipw.HTML, value=f"<{tag}{attribute}>{html.escape(text)}</{tag}>")

    @property
    def store(self):
        """The store; opened on first use when the page was given a way to open it."""
        if callable(self._store):
            self._store = self._store()
        return self._store

    @classmethod
    def from_request(cls, store=None):
        """The page for this Voila request, from the URL's ``?p=CODE&lang=nl``; without
        ``lang``, in the language the participant chose.

        Without a store it opens the default one when first needed: a start page that
        nobody has clicked yet loads no database code.
        """
        params = query_params()
        return cls(store or _default_store, params.get("p"), params.get("lang"))

    def explain(self, exc: InputError) -> str:
        """What an input error means for the visitor, in their language."""
        key = self._ERRORS.get(exc.source)
        return tr(key, self.model.language) if key else str(exc)

    @guarded
    def _on_language(self, change) -> None:
        self.message.clear()
        if self.model.participant is not None:
            self.store.set_language(self.model.participant, change["new"])
        self.relabel()

    def relabel(self) -> None:  # pragma: no cover - every page overrides it
        raise NotImplementedError
