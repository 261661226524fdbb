"""The trainer's dashboard: the room's answers live, a presentation view, conversation
starters where the team differs most, the baseline beside a later measurement, and for a later
session linked to its baseline, how far each action of the baseline's plan got."""

from __future__ import annotations

import html
import time
from collections import Counter

import ipywidgets as ipw
import traitlets as tl

from ..analysis import disagreements
from ..exercises import (
    change_picture,
    comparable,
    describe_picture,
    exercise,
    of_frame,
    team_picture,
)
from ..exercises.blocks import apart
from ..frames import load_frame
from ..pictures import Canvas
from ..privacy import MIN_GROUP, role_groups
from ..texts import number
from ._common import (
    AUTO_WIDTH,
    Page,
    PageModel,
    Picture,
    guarded,
    page_link,
    plain_text,
    query_params,
    style,
    tr,
)
from ._jupyter import with_classes
from .slides import JOIN, Presenting

__all__ = ["DashboardModel", "DashboardPage"]

SPOTLIGHT, CHANGE = "spotlight", "change"
FOLLOWUP = "followup"
BARRIERS = "barriers"
PARENTS = "parents"  # what parents say, beside the team (a frame with a parents' questionnaire)
THREE = "three_voices"  # the team, parents and children per side of the triangle (issue 13)
# a list in a table's cell: little room lost to its indent on a phone (no class for it yet)
_UL = '<ul style="margin:0;padding-left:1.2em">'
POLL_SECONDS = 0.5


class DashboardModel(PageModel):
    """The state of the dashboard: the codes typed, the sessions open, the view shown.

    ``join_code`` and ``compare_code`` are the chooser's two fields (after opening, the join
    code is the open session's); opening them sets ``session`` and ``compare`` (a
    ``store.Session`` each, or None). Setting ``view`` shows that view; ``present`` switches
    the presentation view (*presentatieweergave*) on and off, and ``slide`` is the key of the
    slide it shows (:mod:`betrokkenheid.ui.slides`).
    """

    join_code = tl.Unicode("")  # the join code of the session to open (and, once open, of it)
    compare_code = tl.Unicode("")  # the join code of a session to compare with
    session = tl.Any(None, allow_none=True)  # the store.Session open
    compare = tl.Any(None, allow_none=True)  # the store.Session compared with, if any
    not_compared = tl.Unicode(None, allow_none=True)  # a code given that is not the baseline
    view = tl.Unicode("triangle")  # an exercise's name, PARENTS, SPOTLIGHT or CHANGE
    present = tl.Bool(False)  # the presentation view: one slide at a time, the whole screen
    slide = tl.Unicode("")  # the key of the slide shown while presenting (ui/slides.py)
    drawn = tl.Dict()  # the data of the last picture or table


class DashboardPage(Presenting, Page):
    """The trainer dashboard (*trainersdashboard*). Its state is a :class:`DashboardModel`.

    ``refresh()`` looks for new answers and redraws when there are; :meth:`start_live`
    calls it every second inside a Voila kernel.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> from betrokkenheid.demo import make_demo
    >>> store = Store("sqlite://")
    >>> codes = make_demo(store)
    >>> page = DashboardPage(store, session_code=codes["later"], compare_code=codes["baseline"])
    >>> page.view = "triangle"  # both measurements, the baseline beneath the later one
    >>> sorted(page.drawn), sorted(page.drawn["later"])
    (['baseline', 'later'], ['child_school', 'parent_child', 'parent_school'])
    >>> page.view = "followup"  # the later session is linked to its baseline: its plan returns
    >>> all(sum(counts.values()) > 0 for counts in page.drawn.values())
    True
    >>> page.model.view = "spotlight"  # the model drives the page: its buttons follow
    >>> page.views.value
    'spotlight'
    """

    title_key = "dashboard_title"
    model_class = DashboardModel

    def __init__(
        self,
        store,
        session_code: str | None = None,
        language: str = "nl",
        compare_code: str | None = None,
    ):
        super().__init__(store, language)
        self.frame = None  # the frame of the session open
        self.canvas = Canvas()
        self._seen = None
        self._task = None
        self.code_input = ipw.Text(placeholder="K7MQ2P")
        self.code_input.add_class("btk-field")
        self.compare_input = ipw.Text(placeholder="K7MQ2P")
        self.compare_input.add_class("btk-field")
        tl.link((self.code_input, "value"), (self.model, "join_code"))
        tl.link((self.compare_input, "value"), (self.model, "compare_code"))
        self.open_button = ipw.Button(button_style="primary", icon="arrow-right")
        self.open_button.add_class("btk-primary")
        self.open_button.on_click(self._open)
        self.guide_link = ipw.HTML()  # the trainer's guide (08_gids), before and after opening
        self.guide_link.add_class("btk-guide-link")
        self.chooser = with_classes(  # a layout of its own: it is hidden once a session is open
            ipw.VBox,
            ("btk-card", "btk-choose"),
            children=[self.code_input, self.compare_input, self.open_button, self.guide_link],
        )
        self.info = ipw.HTML()
        self.views = ipw.ToggleButtons(style=AUTO_WIDTH)
        self.views.add_class("btk-choice")
        self.views.add_class("btk-views")
        self.views.observe(self._on_choice, "value")
        self.present_button = ipw.ToggleButton(icon="desktop")
        self.present_button.add_class("btk-present-button")
        tl.link((self.present_button, "value"), (self.model, "present"))
        self.previous_button = ipw.Button(icon="arrow-left")
        self.next_button = ipw.Button(icon="arrow-right")
        self.previous_button.on_click(lambda _: self._step(-1))
        self.next_button.on_click(lambda _: self._step(+1))
        self.image = Picture(format="svg+xml", layout=ipw.Layout(width="100%"))
        self.caption = ipw.HTML()
        self.talk = ipw.HTML()
        self.table = ipw.HTML()
        self.updated = ipw.HTML()
        self.updated.add_class("btk-status")
        presenting = self._build_slides()  # the presentation's own widgets
        controls = ipw.HBox(
            [self.views, self.previous_button, self.next_button, self.present_button, *presenting]
        )
        controls.add_class("btk-controls")
        self.stage = self.card(
            [self.slide_title, self.caption, self.image, self.table, self.talk], "btk-stage"
        )
        for widget, part in ((self.caption, "caption"), (self.table, "table")):
            widget.add_class(f"btk-stage-{part}")
        self.talk.add_class("btk-stage-talk")
        self.body = ipw.VBox([self.info, controls, self.stage, self.updated, self.guide_link])
        self.body.add_class("btk-dashboard-body")
        self.children = [style(), self.header, self.message, self.chooser, self.body]
        self.model.observe(self._on_view, "view")
        self.model.observe(self._on_present, "present")
        if session_code:
            self._open(codes=(session_code, compare_code))
        self.relabel()

    @classmethod
    def from_request(cls, store=None) -> DashboardPage:
        """The dashboard for ``?s=CODE&compare=CODE&lang=nl&present=1`` and polling live
        (``present=1``: the presentation, from its join slide)."""
        from ..store import Store

        params = query_params()
        store = store or Store()
        page = cls(store, params.get("s"), params.get("lang", "nl"), params.get("compare"))
        if params.get("present") == "1":  # a presentation from its first slide: joining
            page.model.slide = JOIN
            page.present = True
        page.start_live()
        return page

    def _name_picture(self, name: str, lang: str) -> None:
        """The picture's name for a screen reader: its caption, then what it shows with its
        numbers (:func:`~betrokkenheid.exercises.describe_picture`)."""
        said = describe_picture(name, self.frame, self.drawn, lang)
        self.image.tooltip = f"{plain_text(self.caption.value)} {said}".strip()

    # the model's state, as the page's attributes -------------------------------------------
    @property
    def view(self) -> str:
        """The view shown: an exercise's name, ``"spotlight"`` or ``"change"``."""
        return self.model.view

    @view.setter
    def view(self, view: str) -> None:
        self.model.view = view

    @property
    def present(self) -> bool:
        """Whether the presentation view is on."""
        return self.model.present

    @present.setter
    def present(self, present: bool) -> None:
        self.model.present = present

    @property
    def drawn(self) -> dict:
        """The data of the last picture or table."""
        return self.model.drawn

    @drawn.setter
    def drawn(self, drawn: dict) -> None:
        self.model.drawn = drawn

    @property
    def session(self):
        """The session open (a ``store.Session``), or None."""
        return self.model.session

    @property
    def compare(self):
        """The session compared with, or None."""
        return self.model.compare

    @property
    def not_compared(self) -> str | None:
        """A code given to compare with that is not the open session's linked baseline."""
        return self.model.not_compared

    # opening a session ------------------------------------------------------------------------
    @guarded
    def _open(self, _button=None, codes=None) -> None:
        code, other = codes or (self.model.join_code, self.model.compare_code)
        session = self.store.session(code)
        frame = load_frame(session.frame)
        compare = self.store.session(other) if other and str(other).strip() else None
        not_compared = None
        if compare is not None and session.baseline and compare.code != session.baseline:
            # linked to its baseline: compared with that one only (as the report does)
            not_compared, compare = compare.code, None
        self.frame = frame
        m = self.model
        m.session, m.compare, m.not_compared = session, compare, not_compared
        m.join_code = session.code
        self.message.clear()
        self._seen = None
        available = [e.name for e in of_frame(frame, session)]
        if self.view not in (*available, PARENTS, THREE, SPOTLIGHT, CHANGE):
            self.view = available[0] if available else SPOTLIGHT
        self.relabel()
        self.refresh()

    def _views(self) -> list[tuple[str, str]]:
        lang = self.model.language
        options = [
            (tr(e.title_key, lang), e.name)
            for e in (of_frame(self.frame, self.session) if self.frame is not None else ())
        ]
        if self.frame is not None and self.frame.parents is not None:
            options.append((tr("voices_view", lang), PARENTS))
        if self.frame is not None and _has_three_voices(self.frame):
            options.append((tr("three_view", lang), THREE))
        options.append((tr("spotlight_title", lang), SPOTLIGHT))
        if self.compare is not None:
            options.append((tr("change_title", lang), CHANGE))
        return options

    def relabel(self) -> None:
        lang = self.model.language
        self.code_input.description = tr("join_code", lang)
        self.compare_input.description = tr("compare_code", lang)
        self.open_button.description = tr("open_session", lang)
        self.present_button.description = tr("present_view", lang)
        self.previous_button.tooltip = tr("back", lang)
        self.next_button.tooltip = tr("next", lang)
        self._relabel_slides(lang)
        guide = html.escape(page_link("08_gids.ipynb", None, lang))
        self.guide_link.value = f'<a href="{guide}">{html.escape(tr("page_guide", lang))}</a>'
        self.chooser.layout.display = "none" if self.session else None
        self.body.layout.display = None if self.session else "none"
        if self.session is None:
            return
        view = self.view
        options = self._views()
        self.views.options = options
        self.views.value = view if view in dict(options).values() else options[0][1]
        self._draw()

    # live --------------------------------------------------------------------------------------
    def start_live(self, seconds: float = POLL_SECONDS) -> bool:
        """Poll the store every ``seconds`` inside the kernel's event loop; False outside one."""
        import asyncio

        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return False

        async def poll():
            while True:
                await asyncio.sleep(seconds)
                self.refresh()

        self._task = loop.create_task(poll())
        return True

    @guarded
    def refresh(self) -> bool:
        """Redraw when someone joined or answered since the last look; True if so."""
        if self.session is None:
            return False
        state = self.store.last_change(self.session)
        if state == self._seen:
            return False
        self._seen = state
        self._draw()
        return True

    # drawing -----------------------------------------------------------------------------------
    def _on_choice(self, change) -> None:
        if change["new"]:
            self.view = change["new"]

    @guarded
    def _on_view(self, _change=None) -> None:
        if self.views.value != self.view and self.view in [v for _, v in self.views.options]:
            self.views.value = self.view
        if self.present and self._follow_view():  # presenting: that view's first slide
            return
        self._draw()

    @guarded
    def _on_present(self, change) -> None:
        if change["new"]:
            self.add_class("btk-present")
            self._start_presenting()
        else:
            self.remove_class("btk-present")
            self._stop_presenting()

    def _step(self, by: int) -> None:
        if self.present:  # the slides (ui/slides.py), or else the views
            self._step_slide(by)
            return
        values = [v for _, v in self.views.options]
        if values:
            self.view = values[(values.index(self.view) + by) % len(values)]

    def _draw(self) -> None:
        if self.session is None:
            return
        lang = self.model.language
        self.info.value = self._info_html(lang)
        self.table.value = self.talk.value = ""
        if self.present and self._draw_slide(lang):  # a slide of the presentation's own
            return
        if self.view == SPOTLIGHT:
            self._draw_spotlight(lang)
        elif self.view == PARENTS:
            self._draw_parents(lang)
        elif self.view == THREE:
            self._draw_three(lang)
        elif self.view == CHANGE:
            self._draw_change(lang)
        elif self.view == FOLLOWUP:
            self._draw_followup(lang)
        else:
            if self._comparable() and self.view in comparable():
                self._draw_both(lang)
            else:
                answers = self.store.session_answers(self.session, self.view)
                caption, self.drawn = team_picture(
                    self.view, self.frame, answers, lang, self.canvas.axes
                )
                self.caption.value = f'<p class="btk-caption">{html.escape(caption)}</p>'
            if self.view == BARRIERS:  # under its picture: the action plan, the groups
                self.table.value = self._barriers_html(lang)
            if not (self._comparable() and self.view in comparable()):
                self._name_picture(self.view, lang)
            else:
                self.image.tooltip = plain_text(self.caption.value)
            self.image.value = self.canvas.svg()
            self.image.layout.display = None
            self._talk(exercise(self.view).talk(self.frame, lang), lang)
        self.updated.value = html.escape(tr("updated_at", lang, time=time.strftime("%H:%M:%S")))
        if self.present:  # a view on a slide: its picture fitted to the screen
            self._frame_slide()

    def _info_html(self, lang: str) -> str:
        session = self.session
        roles = self.store.roles(session)
        people = sum(roles.values())
        named, rest = role_groups(roles)
        parts = [f"{tr(f'role_{r}', lang)}: {n}" for r, n in named.items()]
        if parts and rest:
            parts.append(f"{tr('other_roles', lang)}: {rest}")
        measurement = tr(f"measurement_{session.measurement}", lang)
        linked = ""
        if session.baseline:
            linked = (
                f"<div>{html.escape(tr('dashboard_baseline', lang))}: "
                f'<span class="btk-code">{html.escape(session.baseline)}</span></div>'
            )
        note = ""
        if self.not_compared:  # one line, rather than comparing with another baseline
            said = tr("compare_not_linked", lang, code=self.not_compared, baseline=session.baseline)
            note = f'<div class="btk-message btk-message-info" role="status">{_esc(said)}</div>'
        return (
            self._join_html(lang)
            + note
            + (
                f'<div class="btk-info"><div><b>{html.escape(session.school)}</b> · '
                f"{html.escape(self.frame.title.get(lang))} · {html.escape(measurement)}</div>"
                f'<div>{html.escape(tr("join_code", lang))}: <span class="btk-code">'
                f"{html.escape(session.code)}</span></div>{linked}"
                f"<div>{html.escape(tr('joined_count', lang, n=people))}"
                f"{' (' + html.escape(', '.join(parts)) + ')' if parts else ''}</div></div>"
            )
        )

    def _join_html(self, lang: str) -> str:
        """The join link and its QR code, when ``betrokkenheid serve`` gave one."""
        from urllib.parse import urlparse

        from ..serve import join_link, join_pin, qr_svg

        link = join_link()
        if not link:
            return ""
        if urlparse(link).hostname == "localhost":  # the link of serve without --lan
            # a phone that scans this opens itself: no code, and say how to let the room in
            return (
                f'<div class="btk-join btk-local"><div><b>{html.escape(tr("join_here", lang))}'
                f'</b><br><span class="btk-link">{html.escape(link)}</span><br>'
                f"{html.escape(tr('only_this_computer', lang))}</div></div>"
            )
        typed = ""
        if found := join_pin():
            address, pin = found
            typed = (
                f'<div class="btk-typed">{html.escape(tr("or_type", lang))}: '
                f'<span class="btk-address">{html.escape(address)}</span> '
                f'<span class="btk-pin">{html.escape(pin)}</span></div>'
            )
        return (
            f'<div class="btk-join">{qr_svg(link)}'
            f"<div><b>{html.escape(tr('join_here', lang))}</b><br>"
            f'<span class="btk-link">{html.escape(link)}</span>{typed}</div></div>'
        )

    # what parents say ------------------------------------------------------------------------
    def _draw_parents(self, lang: str) -> None:
        """What parents say: the parents' link and its QR code, how many answered (per
        language, with a mark for a translation not yet checked; online and on paper), and
        from :data:`~betrokkenheid.privacy.MIN_FAMILY` parents on the comparison with the
        team (picture and table, the biggest surprise first), the chips and the open answers.
        Below that no number of parents' answers, only how many more are needed."""
        from ..privacy import MIN_FAMILY
        from ..voices import describe, draw, parents_voice, who_answered

        session = self.session
        if self.frame is None or self.frame.parents is None:  # the view of another frame
            self.image.layout.display = "none"
            self.drawn = {}
            self.caption.value = ""
            return
        code = self.store.audience_code(session)
        counts = who_answered(self.store.audience_counts(session))
        found = parents_voice(
            self.frame,
            self.store.session_answers(session),
            self.store.session_answers(session, "parents", audience="parent"),
            lang,
        )
        self.caption.value = self._parents_link_html(code, lang) + _answered_html(counts, lang)
        if not found.shown:
            self.image.layout.display = "none"
            self.drawn = {}
            key = "voices_none_yet" if not found.people else "voices_waiting"
            said = tr(key, lang, min=MIN_FAMILY, n=found.needed)
            self.caption.value += f'<p class="btk-caption btk-voices-waiting">{_esc(said)}</p>'
            return
        intro = f'<p class="btk-caption">{_esc(tr("voices_intro", lang))}</p>'
        self.caption.value += intro
        self.drawn = draw(found, lang, self.canvas.axes)
        self.image.tooltip = f"{tr('voices_title', lang)}. {describe(found, lang)}"
        self.image.value = self.canvas.svg()
        self.image.layout.display = None
        self.table.value = _voices_html(found, lang)
        self._talk(tr("voices_talk", lang), lang)

    def _parents_link_html(self, code: str, lang: str) -> str:
        """The parents' link and its QR code (from the room's join link, keeping its token),
        the parents' code, and how to print a letter with it."""
        from urllib.parse import urlparse

        from ..serve import join_link, qr_svg, questionnaire_link

        base = join_link()
        title = f"<b>{_esc(tr('voices_link_title', lang))}</b>"
        typed = (
            f'<div>{_esc(tr("voices_code", lang))}: <span class="btk-code">{_esc(code)}</span>'
            "</div>"
        )
        command = (
            f"betrokkenheid letter {self.session.code} --language {lang} "
            f"-o {tr('voices_letter_file', lang)}"
        )
        hint = (
            f'<div class="btk-legend">{_esc(tr("voices_letter_hint", lang))} '
            f'<code class="btk-link">{_esc(command)}</code></div>'
        )
        if not base:
            said = f'<div class="btk-legend">{_esc(tr("voices_no_link", lang))}</div>'
            return f'<div class="btk-voices-link"><div>{title}{typed}{said}{hint}</div></div>'
        link = questionnaire_link(code, base)
        shown = f'<span class="btk-link">{_esc(link)}</span>'
        if urlparse(link).hostname == "localhost":  # a phone that scans this opens itself
            local = f'<div class="btk-legend">{_esc(tr("only_this_computer", lang))}</div>'
            return f'<div class="btk-voices-link"><div>{title}<br>{shown}{typed}{local}</div></div>'
        share = f'<div class="btk-legend">{_esc(tr("voices_link_hint", lang))}</div>'
        return (
            f'<div class="btk-voices-link">{qr_svg(link)}<div>{title}<br>{shown}{typed}'
            f"{share}{hint}</div></div>"
        )

    # the three voices: the team, parents and children per side of the triangle ------------
    def _draw_three(self, lang: str) -> None:
        """The three voices side by side: the children's link and QR code, how many children
        and parents answered, then the triangle with the team's, the parents' and the
        children's position on each side and the dot plot per mirrored item, each with its
        text alternative, and the table behind them. A voice below its threshold
        (:data:`~betrokkenheid.privacy.MIN_FAMILY` parents or children,
        :data:`~betrokkenheid.privacy.MIN_GROUP` staff) shows no number anywhere, only
        that there are not enough answers yet."""
        from ..exercises.blocks import svg_url
        from ..pictures import Canvas
        from ..privacy import MIN_FAMILY
        from ..triangle_voices import describe, describe_items, draw, draw_items, three_voices
        from ..voices import who_answered

        session, frame = self.session, self.frame
        if frame is None or not _has_three_voices(frame):  # the view of another frame
            self.image.layout.display = "none"
            self.drawn = {}
            self.caption.value = ""
            return
        counts = {
            name: who_answered(self.store.audience_counts(session, name))["people"]
            for name in ("parent", "child")
        }
        found = three_voices(
            frame,
            self.store.session_answers(session),
            self.store.session_answers(session, "parents", audience="parent"),
            self.store.session_answers(session, "children", audience="child"),
        )
        caption = ""
        if frame.children is not None:
            caption += self._children_link_html(self.store.audience_code(session, "child"), lang)
        said = [tr("three_children_count", lang, n=counts["child"])] if frame.children else []
        if frame.parents is not None:
            said.append(tr("voices_count", lang, n=counts["parent"]))
        caption += (
            '<div class="btk-voices-counts">'
            + "".join(f"<div><b>{_esc(line)}</b></div>" for line in said)
            + "</div>"
        )
        waiting = []
        if frame.children is not None and counts["child"] < MIN_FAMILY:
            key = "three_children_waiting" if counts["child"] else "three_children_none_yet"
            waiting.append(tr(key, lang, min=MIN_FAMILY, n=MIN_FAMILY - counts["child"]))
        if frame.parents is not None and counts["parent"] < MIN_FAMILY:
            key = "voices_waiting" if counts["parent"] else "voices_none_yet"
            waiting.append(tr(key, lang, min=MIN_FAMILY, n=MIN_FAMILY - counts["parent"]))
        if not found.any_shown:
            waiting.append(tr("three_nothing_yet", lang))
        caption += "".join(
            f'<p class="btk-caption btk-voices-waiting">{_esc(line)}</p>' for line in waiting
        )
        caption += f'<p class="btk-caption">{_esc(tr("three_intro", lang))}</p>'
        self.caption.value = caption
        sides = draw(found, lang, self.canvas.axes)
        self.image.tooltip = f"{tr('three_title', lang)}. {describe(found, lang)}"
        self.image.value = self.canvas.svg()
        self.image.layout.display = None
        items = {}
        dots = ""
        if found.items:
            canvas = self._three_canvas = getattr(self, "_three_canvas", None) or Canvas()
            items = draw_items(found, lang, canvas.axes)
            alt = f"{tr('three_items_title', lang)}. {describe_items(found, lang)}"
            dots = (
                f"<h3>{_esc(tr('three_items_title', lang))}</h3>"
                # as wide as the card (up to a phone's reading size), never squeezed to fit
                # the screen's height: a tall picture of many rows, read by scrolling
                f'<figure class="btk-three-items" style="margin:0"><img alt="{_esc(alt)}" '
                f'src="{svg_url(canvas.figure)}" style="width:100% !important;max-width:560px;'
                'max-height:none"></figure>'
            )
        self.drawn = {"sides": sides, "items": items}
        self.table.value = _three_html(found, lang, dots)
        self._talk(tr("three_talk", lang), lang)

    def _children_link_html(self, code: str, lang: str) -> str:
        """The children's link and its QR code (from the room's join link, keeping its
        token) for the class's tablets, and the children's code (a class answers on tablets:
        there is no paper form for children)."""
        from urllib.parse import urlparse

        from ..serve import join_link, qr_svg, questionnaire_link

        base = join_link()
        title = f"<b>{_esc(tr('three_link_title', lang))}</b>"
        typed = (
            f'<div>{_esc(tr("three_code", lang))}: <span class="btk-code">{_esc(code)}</span></div>'
        )
        if not base:
            said = f'<div class="btk-legend">{_esc(tr("three_no_link", lang))}</div>'
            return f'<div class="btk-voices-link"><div>{title}{typed}{said}</div></div>'
        link = questionnaire_link(code, base, audience="child")
        shown = f'<span class="btk-link">{_esc(link)}</span>'
        if urlparse(link).hostname == "localhost":  # a tablet that scans this opens itself
            local = f'<div class="btk-legend">{_esc(tr("only_this_computer", lang))}</div>'
            return f'<div class="btk-voices-link"><div>{title}<br>{shown}{typed}{local}</div></div>'
        share = f'<div class="btk-legend">{_esc(tr("three_link_hint", lang))}</div>'
        return (
            f'<div class="btk-voices-link">{qr_svg(link)}<div>{title}<br>{shown}{typed}'
            f"{share}</div></div>"
        )

    def _draw_spotlight(self, lang: str) -> None:
        answers = self.store.session_answers(self.session)
        found = disagreements(answers, self.frame, lang)
        self.image.layout.display = "none"
        self.drawn = {d["label"]: d["spread"] for d in found}
        if not found:
            self.caption.value = html.escape(tr("spotlight_empty", lang, min=MIN_GROUP))
            return
        self.caption.value = (
            f'<p class="btk-caption">{html.escape(tr("spotlight_intro", lang))}</p>'
        )
        items = "".join(
            f'<li><b>{html.escape(d["label"])}</b><br><span class="btk-legend">'
            + html.escape(
                tr(
                    "spotlight_numbers",
                    lang,
                    n=d["n"],
                    mean=number(d["mean"], lang, 1),
                    apart=apart(d["relative"], 1, lang),
                )
            )
            + "</span></li>"
            for d in found
        )
        self.table.value = f'<ol class="btk-spotlight">{items}</ol>'
        self._talk(tr("spotlight_question", lang), lang)

    def _measurements(self):
        """(baseline, later) of the two sessions: the baseline measurement first, else the older."""
        return sorted(
            (self.session, self.compare), key=lambda s: (s.measurement != "baseline", s.created_at)
        )

    def _comparable(self) -> bool:
        """A comparison session of the same frame is open beside this one."""
        return self.compare is not None and self.compare.frame == self.session.frame

    def _draw_both(self, lang: str) -> None:
        """The baseline beneath the later measurement, with plain words on where we grew."""
        from ..growth import change_lines, change_rows

        before, after = self._measurements()
        self.drawn = change_picture(
            self.view,
            self.frame,
            self.store.session_answers(after, self.view),
            self.store.session_answers(before, self.view),
            lang,
            self.canvas.axes,
        )
        rows = change_rows(self.store, before, after, self.frame, lang)
        captions = change_lines([r for r in rows if r["exercise"] == self.view], lang)
        lines = [tr("change_intro", lang, before=before.code, after=after.code), *captions]
        self.caption.value = "".join(
            f'<p class="btk-caption">{html.escape(line)}</p>' for line in lines
        ) + (f'<p class="btk-legend">{html.escape(tr("change_pictures_legend", lang))}</p>')

    def _draw_change(self, lang: str, only: str | None = None) -> None:
        """Per scale: the baseline, the later measurement, the difference and plain words
        (:mod:`betrokkenheid.growth`), every number with its scale; no effect size. With
        ``only``, the scales of that exercise (a slide of the presentation)."""
        from ..growth import change_rows

        self.image.layout.display = "none"
        before, after = self._measurements()
        keys = ("change_scale", "change_before", "change_after", "change_diff", "change_words")
        names = [html.escape(tr(k, lang)) for k in keys]
        rows = []
        self.drawn = {}
        for row in change_rows(self.store, before, after, self.frame, lang):
            if only is not None and row["exercise"] != only:
                continue
            difference = row["difference"]
            self.drawn[row["label"]] = None if difference != difference else difference
            cells = [row["before_text"], row["after_text"], row["difference_text"], row["word"]]
            # on a narrow screen (CSS) a card per row, each number named by its data-label
            rows.append(
                f'<tr class="btk-change-{row["direction"] or "unknown"}">'
                f'<th scope="row">{html.escape(row["label"])}</th>'
                + "".join(
                    f'<td data-label="{name}">{html.escape(c)}</td>'
                    for name, c in zip(names[1:], cells, strict=True)
                )
                + "</tr>"
            )
        heads = "".join(f'<th scope="col">{name}</th>' for name in names)
        intro = tr("change_intro", lang, before=before.code, after=after.code)
        self.caption.value = f'<p class="btk-caption">{html.escape(intro)}</p>'
        self.table.value = (
            f'<table class="btk-plan btk-change btk-stack"><thead><tr>{heads}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>"
            f'<p class="btk-legend">{html.escape(tr("change_legend", lang, min=MIN_GROUP))}</p>'
        )
        self._talk(tr("change_question", lang), lang)

    def _barriers_html(self, lang: str, part: str | None = None) -> str:
        """The team's action plan (as the barriers page shows it: per top opportunity what,
        who, when and how we notice it) and the barriers named most per parent group, each
        group shown from :data:`MIN_GROUP` people on (the complementary rule too); typed
        text escaped, typed "something else" only counted."""
        from ..exercises.barriers import action_plan, action_plan_html, group_rows

        answers = self.store.session_answers(self.session, BARRIERS)
        section = self.frame.barriers
        plan = action_plan_html(action_plan(answers, section, lang), lang)
        found = group_rows(answers, section, lang)
        heads = [tr(k, lang) for k in ("barriers_group", "report_barriers_most")]
        rows = []
        for group in found["groups"]:
            named = [(b["label"], b["count"]) for b in group["barriers"]]
            if group["other"]:
                named.append((tr("barriers_group_other", lang), group["other"]))
            head = f"<b>{_esc(group['label'])}</b>"
            if group["shown"] and named:
                people = tr("barriers_group_people", lang, n=group["people"])
                head += f'<br><span class="btk-legend">{_esc(people)}</span>'
                items = "".join(f"<li>{_esc(label)} ({n}×)</li>" for label, n in named)
                cell = _cell(heads[1], f"{_UL}{items}</ul>")
            else:  # too few people (or it would tell a smaller group): no numbers
                cell = f'<td class="btk-legend">{_esc(tr("barriers_group_hidden", lang))}</td>'
            rows.append(f'<tr><th scope="row">{head}</th>{cell}</tr>')
        if found["shown"]:
            legend = tr("barriers_groups_legend", lang, n=found["people"], min=MIN_GROUP)
            groups = (
                '<table class="btk-plan btk-stack"><thead><tr>'
                + "".join(f'<th scope="col">{_esc(h)}</th>' for h in heads)
                + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
                + f'<p class="btk-legend">{_esc(legend)}</p>'
            )
        else:
            too_few = tr("report_too_few_part", lang, min=MIN_GROUP)
            groups = f'<p class="btk-legend">{_esc(too_few)}</p>'
        if part is not None:  # a slide of its own: "plan" or "groups"
            return plan if part == "plan" else groups
        return (
            f"<h3>{_esc(tr('plan_title', lang))}</h3>{plan}"
            f"<h3>{_esc(tr('barriers_groups_title', lang))}</h3>{groups}"
        )

    def _talk(self, question: str, lang: str) -> None:
        """The question the team talks about, under the picture."""
        self.talk.value = (
            f'<div class="btk-talk"><h3>{html.escape(tr("talk_title", lang))}</h3>'
            f"<p>{html.escape(question)}</p></div>"
        )

    def _draw_followup(self, lang: str) -> None:
        """How far each action of the baseline's plan got: the team's picture, then a row per
        action (how far, what people noticed, how many go on, the change where it aimed),
        then the baseline's plan beside this session's new one. An action's answers show only
        once :data:`MIN_GROUP` people answered it; everything typed is escaped."""
        from ..exercises.barriers import action_plan
        from ..exercises.followup import (
            action_label,
            aimed_change,
            baseline_actions,
            followup_results,
        )

        unit = exercise(FOLLOWUP)
        if self.session.baseline is None:  # not linked (any more): nothing to look back at
            self.image.layout.display = "none"
            self.drawn = {}
            self.caption.value = f"<p>{_esc(tr('followup_no_baseline', lang))}</p>"
            return
        section = unit.content(self.frame)
        earlier = self.store.session_answers(self.store.session(self.session.baseline))
        later = self.store.session_answers(self.session)
        given = [a for a in later if a.exercise == FOLLOWUP]
        actions = baseline_actions([a for a in earlier if a.exercise == "barriers"], section, lang)
        caption, self.drawn = team_picture(
            FOLLOWUP, self.frame, given, lang, self.canvas.axes, baseline=earlier
        )
        self.caption.value = f'<p class="btk-caption">{html.escape(caption)}</p>'
        if actions:
            self.caption.value += f'<p class="btk-legend">{_esc(tr("followup_legend", lang))}</p>'
            self._name_picture(FOLLOWUP, lang)
            self.image.value = self.canvas.svg()
            self.image.layout.display = None
        else:
            self.image.layout.display = "none"
        results = followup_results(given, actions)
        heads = [
            tr(k, lang)
            for k in (
                "plan_chance",
                "action_what",
                "followup_ask_status",
                "followup_ask_noticed",
                "followup_ask_keep",
            )
        ]
        rows = []
        for action, result in zip(actions, results, strict=True):
            what = f"<b>{_esc(action_label(action))}</b>"
            change = aimed_change(action.get("aim"), self.frame, later, earlier, lang)
            if change:
                what += f'<br><span class="btk-legend">{_esc(change)}</span>'
            cells = [f'<th scope="row">{_esc(action["opportunity"])}</th>', _cell(heads[1], what)]
            if result["shown"]:
                counts = [
                    f"{tr(f'followup_{s}', lang)}: {n}" for s, n in result["status"].items() if n
                ]
                noticed = "".join(  # the same words once, with how often they were said
                    f"<li>{_esc(text)}{f' ({n}×)' if n > 1 else ''}</li>"
                    for text, n in Counter(" ".join(t.split()) for t in result["noticed"]).items()
                )
                keep = tr("followup_keep_of", lang, n=result["keep"], people=result["people"])
                cells += [
                    _cell(heads[2], "<br>".join(map(_esc, counts)) or "–"),  # a line each
                    _cell(heads[3], f"{_UL}{noticed}</ul>" if noticed else "–"),
                    _cell(heads[4], _esc(keep)),
                ]
            else:  # fewer than MIN_GROUP people answered this action: no counts, no words
                too_few = tr("followup_too_few", lang, min=MIN_GROUP)
                cells.append(f'<td colspan="3" data-label="{_esc(heads[2])}">{_esc(too_few)}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        if rows:
            head = "".join(f'<th scope="col">{_esc(h)}</th>' for h in heads)
            table = (
                f'<table class="btk-plan btk-followup btk-stack"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>"
                f'<p class="btk-legend">{_esc(tr("followup_caution", lang))}</p>'
            )
        else:
            table = f"<p>{_esc(tr('followup_none', lang, min=MIN_GROUP))}</p>"
        new_plan = [
            {"opportunity": entry["opportunity"], **parts}
            for entry in action_plan([a for a in later if a.exercise == "barriers"], section, lang)
            for parts in entry["actions"]
        ]
        plans = [
            (tr("followup_old_plan", lang), _plan_items(actions, "–")),
            (tr("followup_new_plan", lang), _plan_items(new_plan, tr("followup_new_empty", lang))),
        ]
        # old and new side by side; on a phone (btk-stack) the one above the other
        self.table.value = table + (
            '<table class="btk-plan btk-plans btk-stack"><thead><tr>'
            + "".join(f'<th scope="col" style="width:50%">{_esc(t)}</th>' for t, _ in plans)
            + "</tr></thead><tbody><tr>"
            + "".join(_cell(t, f"{_UL}{items}</ul>") for t, items in plans)
            + "</tr></tbody></table>"
        )
        self._talk(unit.talk(self.frame, lang), lang)


def _esc(text) -> str:
    return html.escape(str(text))


def _answered_html(counts: dict, lang: str) -> str:
    """How many parents answered, per language and online or on paper: counts of people,
    never results. A translation not yet checked by a native speaker carries a mark."""
    languages = []
    for row in counts["languages"]:
        mark = ""
        if not row["checked"]:  # the trainer's mark; parents never see it
            unchecked = _esc(tr("voices_unchecked", lang))
            mark = f' <span class="btk-voices-unchecked">{unchecked}</span>'
        name = f"<bdi>{_esc(row['name'])}</bdi>"  # Arabic in its own direction
        if row["label"] != row["name"]:
            name += f" ({_esc(row['english'])})"
        languages.append(f"<li>{name}: {row['n']}{mark}</li>")
    by_language = ""
    if languages:
        by_language = (
            f'<div>{_esc(tr("voices_languages", lang))}:<ul class="btk-voices-languages">'
            f"{''.join(languages)}</ul></div>"
        )
    channels = tr("voices_channels", lang, **counts["channels"])
    return (
        f'<div class="btk-voices-counts"><div><b>'
        f"{_esc(tr('voices_count', lang, n=counts['people']))}</b></div>{by_language}"
        f"<div>{_esc(channels)}</div></div>"
    )


def _voices_html(found, lang: str) -> str:
    """The comparison as a table (the biggest surprise first, each number with the scale in
    the legend), then the chips and the open answers; every text escaped."""
    from ..privacy import MIN_FAMILY
    from ..voices import scale_words, table

    keys = ("voices_col_team", "voices_col_expected", "voices_col_parents", "voices_col_surprise")
    heads = [tr(k, lang) for k in ("voices_statement", *keys)]
    rows = []
    for row in table(found, lang):
        team = _esc(row["team"])
        if row["team_own"]:
            own = _esc(row["team_own"])
            team += f'<br><span class="btk-legend btk-voices-nowrap">{own}</span>'
        parents = _esc(row["parents"])
        if row["counts"]:
            counts = " · ".join(
                f'<span class="btk-voices-nowrap">{_esc(c)}</span>' for c in row["counts"]
            )
            parents += f'<br><span class="btk-legend">{counts}</span>'
        cells = [team, _esc(row["expected"]), parents, _esc(row["surprise"])]
        rows.append(
            f'<tr><th scope="row">{_esc(row["label"])}</th>'
            + "".join(_cell(h, c) for h, c in zip(heads[1:], cells, strict=True))
            + "</tr>"
        )
    legend = scale_words(found, lang, "voices_legend")
    notes = [legend]
    if any(v.reused for v in found.statements):
        notes.append(tr("voices_reused_note", lang, present=tr("aspect_present", lang)))
    notes.append(tr("voices_threshold", lang, min=MIN_FAMILY, team=MIN_GROUP))
    chips = "".join(f"<li>{_esc(text)} ({n}×)</li>" for _, text, n in found.chips if n)
    chips_legend = tr("voices_chips_legend", lang, n=found.people, k=found.chip_people)
    said = "".join(f"<li><bdi>{_esc(text)}</bdi></li>" for text in found.open)  # any script
    none = f'<p class="btk-legend">{_esc(tr("voices_open_none", lang))}</p>'
    opened = f'<ul class="btk-voices-open">{said}</ul>' if said else none
    return (
        '<table class="btk-plan btk-voices btk-stack"><thead><tr>'
        + "".join(f'<th scope="col">{_esc(h)}</th>' for h in heads)
        + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        + "".join(f'<p class="btk-legend">{_esc(n)}</p>' for n in notes)
        + f"<h3>{_esc(tr('voices_chips_title', lang))}</h3>"
        + (f"{_UL}{chips}</ul>" if chips else "")
        + f'<p class="btk-legend">{_esc(chips_legend)}</p>'
        + f"<h3>{_esc(tr('voices_open_title', lang))}</h3>{opened}"
    )


def _cell(label: str, markup: str) -> str:
    """A cell named by its column (``data-label``: a phone shows it above the cell)."""
    return f'<td data-label="{_esc(label)}">{markup}</td>'


def _has_three_voices(frame) -> bool:
    """Whether the frame has a triangle and a questionnaire of parents or children."""
    return frame.triangle is not None and (frame.parents is not None or frame.children is not None)


def _three_html(found, lang: str, dots: str = "") -> str:
    """The table behind the three voices' pictures: the sides (under the triangle), then the
    dot plot (``dots``) and the mirrored items, each voice's position (or why there is none)
    with how many people; the legend with the common footing and the thresholds. Every text
    escaped."""
    from ..privacy import MIN_FAMILY
    from ..triangle_voices import VOICES, legend, table

    voices = [tr(f"three_voice_{name}", lang) for name in VOICES]
    found_rows = table(found, lang)
    parts = []
    for kind, head in (("side", "three_col_side"), ("item", "three_col_item")):
        rows = []
        for row in (r for r in found_rows if r["kind"] == kind):
            label = _esc(row["label"])
            if row["statements"]:
                said = "<br>".join(_esc(s) for s in row["statements"])
                label += f'<br><span class="btk-legend">{said}</span>'
            cells = []
            for name in VOICES:
                cell = _esc(row[name])
                if row[f"{name}_n"]:
                    cell += f'<br><span class="btk-legend">{_esc(row[f"{name}_n"])}</span>'
                cells.append(cell)
            rows.append(
                f'<tr><th scope="row">{label}</th>'
                + "".join(_cell(v, c) for v, c in zip(voices, cells, strict=True))
                + "</tr>"
            )
        if kind == "item":
            parts.append(dots)
        if rows:
            heads = [tr(head, lang), *voices]
            parts.append(
                '<table class="btk-plan btk-voices btk-three btk-stack"><thead><tr>'
                + "".join(f'<th scope="col">{_esc(h)}</th>' for h in heads)
                + f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            )
    notes = [legend(found, lang), tr("three_threshold", lang, min=MIN_FAMILY, team=MIN_GROUP)]
    return "".join(parts) + "".join(f'<p class="btk-legend">{_esc(n)}</p>' for n in notes)


def _plan_items(actions, empty: str) -> str:
    """A plan's actions as list items: the opportunity, and what the team would do."""
    if not actions:
        return f"<li>{_esc(empty)}</li>"
    items = []
    for action in actions:
        what = action.get("what")
        line = f"<b>{_esc(action['opportunity'])}</b>"
        items.append(f"<li>{line}: {_esc(what)}</li>" if what else f"<li>{line}</li>")
    return "".join(items)
