"""The dashboard's presentation view (*presentatieweergave*): one slide at a time, on the
whole screen, every text readable from the back of a room.

The slides: first how to join (the big QR code, the room's PIN and address, how many people
are in), then each view of the dashboard, one picture per slide with its conversation
question, the barriers per parent group and the action plan after the barriers. A picture
too full for one slide is shown in parts: the perspectives one perspective a slide, what
parents say a few statements a slide, the forms of involvement as cards (the tree's leaves
in rows of big type: the tree itself has rows of 11 pt text in a 10 inch figure, which no
screen of 1080 px shows at 24 px).

At 1920×1080 every text is at least :data:`MIN_PX` CSS pixels, the pictures' text too:
:func:`fit` puts a picture beside its words or above them (whichever shows it larger, in
the areas :data:`SIDE_AREA` and :data:`WIDE_AREA` that ``assets/workbook.css`` gives it) and
enlarges its text where it would still be smaller. The arrow keys step (``present.js`` in the
page's template: the kernel cannot see keys).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace

from ..texts import tr

__all__ = [
    "GROUPS",
    "JOIN",
    "MIN_PX",
    "PLAN",
    "SIDE_AREA",
    "WIDE_AREA",
    "Slide",
    "fit",
    "forms_html",
    "slide_list",
]

JOIN, GROUPS, PLAN = "join", "groups", "plan"  # the presentation's own slides
BARRIERS = "barriers"
MIN_PX = 24  # CSS px: the smallest text of a slide at 1920×1080
# Where a slide's picture goes at 1920×1080, in CSS px (workbook.css, .btk-present): beside
# its words (a column of 30%) or above them; the rest is the title and the steppers.
SIDE_AREA = (1248, 880)
WIDE_AREA = (1856, 680)
PT = 72  # points per inch: an SVG of matplotlib measures in points
GAP_WIDTH = 7.6  # inches: a perspective's gap chart, narrow enough to stand beside its words
VOICES_PER_SLIDE = 3  # 10 inch wide (its scale's words need it) and 4 rows: too small
FORMS_PER_SLIDE = 3  # cards wide enough for an activity on one line


@dataclass(frozen=True)
class Slide:
    """One slide: its ``key`` (``"join"``, ``"triangle"``, ``"perspectives.2"``), the
    dashboard ``view`` it shows, and for a picture in parts, which ``part`` of how many."""

    key: str
    view: str
    part: int = 0
    parts: int = 1


def slide_list(views, parts: dict[str, int]) -> list[Slide]:
    """The slides of a presentation of these dashboard ``views`` (in their order), with
    ``parts[view]`` slides for a picture in parts.

    Examples
    --------
    >>> [s.key for s in slide_list(["perspectives", "barriers", "spotlight"], {"perspectives": 2})]
    ['join', 'perspectives.1', 'perspectives.2', 'barriers', 'groups', 'plan', 'spotlight']
    """
    slides = [Slide(JOIN, JOIN)]
    for view in views:
        n = parts.get(view, 1)
        if n > 1:
            slides += [Slide(f"{view}.{k}", view, k, n) for k in range(1, n + 1)]
        else:
            slides.append(Slide(view, view))
        if view == BARRIERS:  # what the team chose: the groups, then its plan
            slides += [Slide(GROUPS, GROUPS), Slide(PLAN, PLAN)]
    return slides


def find(slides: list[Slide], key: str) -> int:
    """The index of slide ``key``; for a part that is no longer there (fewer parts now) the
    first of its view; else the first slide."""
    keys = [s.key for s in slides]
    if key in keys:
        return keys.index(key)
    view = key.split(".", 1)[0]
    for index, slide in enumerate(slides):
        if slide.view == view:
            return index
    return 0


# pictures ----------------------------------------------------------------------------------
def _texts_of(figure):
    from matplotlib.text import Text

    return [
        t
        for t in figure.findobj(Text)
        if t.get_visible() and t.get_text().strip() and t.figure is figure
    ]


def _drawn_size(figure) -> tuple[float, float]:
    """The size in points of what is drawn on ``figure`` (its tight bounding box, as
    :func:`~betrokkenheid.plots.figure_svg` with ``tight`` cuts it)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not hasattr(figure.canvas, "get_renderer"):
        FigureCanvasAgg(figure)
    box = figure.get_tightbbox(figure.canvas.get_renderer())
    return float(box.width + 0.12) * PT, float(box.height + 0.12) * PT  # its pad: 0.06 inch


def fit(figure, min_px: float = MIN_PX) -> str:
    """Where a slide shows ``figure`` at 1920×1080: ``"side"`` (beside its words) or
    ``"wide"`` (above them), whichever shows it larger; its text is enlarged where it would
    still show smaller than ``min_px`` CSS px. A picture is cut to what is drawn (show it
    with ``figure_svg(figure, tight=True)``) and fills its area keeping its shape
    (``object-fit: contain``), so it shows at ``min(area / size)`` px per point; enlarged
    text makes the drawing larger, so this looks again (at most a few times).

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> figure = Figure(figsize=(8, 6))
    >>> label = figure.text(0.1, 0.1, "Visie", fontsize=8)
    >>> _ = figure.text(0.9, 0.9, "Zichtbaar gedrag", fontsize=10, ha="right")
    >>> where = fit(figure)
    >>> width, height = _drawn_size(figure)
    >>> area = SIDE_AREA if where == "side" else WIDE_AREA
    >>> bool(label.get_fontsize() * min(area[0] / width, area[1] / height) >= 24)
    True
    """
    texts = _texts_of(figure)
    smallest = min((t.get_fontsize() for t in texts), default=None)
    for _ in range(4):
        width, height = _drawn_size(figure)
        scales = {
            name: min(area[0] / width, area[1] / height)
            for name, area in (("side", SIDE_AREA), ("wide", WIDE_AREA))
        }
        where = max(scales, key=scales.get)
        if not smallest:
            break
        grow = min_px * 1.02 / (smallest * scales[where])  # a little over: a browser rounds
        if grow <= 1:
            break
        for text in texts:
            text.set_fontsize(text.get_fontsize() * grow)
        smallest *= grow
    return where


def narrower(axes, width: float):
    """``axes(layout)`` (a :class:`~betrokkenheid.pictures.Canvas`'s) for a figure ``width``
    inches wide: the margins keep their inches (the statements' column), the plot is
    narrower."""

    def make(layout, polar=False):
        (old, height), (left, bottom, w, h) = layout
        margin_left, margin_right = left * old, (1 - left - w) * old
        rect = (margin_left / width, bottom, 1 - (margin_left + margin_right) / width, h)
        return axes(((width, height), rect), polar=polar)

    return make


def _legend_at_left(figure) -> None:
    """The legend above the plot from the figure's left edge: over a narrower plot it would
    run off the figure's right."""
    ax = figure.axes[0]
    legend = ax.get_legend()
    if legend is not None:
        legend.set_bbox_to_anchor((0.01, ax.get_position().y1), transform=ax.figure.transFigure)


def draw_perspective(frame, answers, part: int, lang: str, canvas) -> tuple[str, dict, str]:
    """The gap chart of one perspective (``part``, from 1) on ``canvas`` (a
    :class:`~betrokkenheid.pictures.Canvas`): caption, drawn data, the perspective's name."""
    from ..analysis import answered_by, team_items
    from ..exercises.perspectives import draw_gap_of, gap_rows
    from ..pictures import count_caption

    section = frame.perspectives
    group = section.groups[part - 1]
    scores = team_items(answers, section.item_ids())
    name = group.label.get(lang)
    rows = [row for row in gap_rows(section, scores, lang) if row["group"] == name]
    draw_gap_of(section, rows, lang, narrower(canvas.axes, GAP_WIDTH))
    _legend_at_left(canvas.figure)
    ids = {f"{s.id}.{a}" for s in group.statements for a in ("present", "important")}
    shown = any(score.shown for score in scores.values())
    drawn = {item: score.mean for item, score in scores.items() if item in ids}
    return count_caption(lang, answered_by(answers), shown), drawn, name


def voices_parts(found) -> int:
    """How many slides what parents say takes: one while too few parents answered."""
    if found is None or not found.shown:
        return 1
    return max(1, -(-len(found.statements) // VOICES_PER_SLIDE))


def draw_voices_part(found, part: int, lang: str, axes) -> dict:
    """A few statements (``part``, from 1) of what parents say beside the team."""
    from ..voices import draw

    start = (part - 1) * VOICES_PER_SLIDE
    some = replace(found, statements=found.statements[start : start + VOICES_PER_SLIDE])
    return draw(some, lang, axes)


# the forms of involvement as cards --------------------------------------------------------
def forms_parts(frame) -> int:
    """How many slides the forms take: :data:`FORMS_PER_SLIDE` forms a slide."""
    return max(1, -(-len(frame.forms.forms) // FORMS_PER_SLIDE))


def forms_html(branches, part: int, lang: str) -> str:
    """The forms of slide ``part`` (from 1) as cards, as the tree shows them: the heaviest
    forms first, each with its weight and its activities, coloured by where they happen and
    marked by their direction, the most named first; a form without any says so. Typed
    names are escaped."""
    from ..palette import CONTEXT, CONTEXT_TEXT, CONTEXT_UNKNOWN
    from ..plots.tree import ARROW, WEIGHT_FILL, WEIGHTS, _leaf_text

    marks = {"full": "●", "left": "◐", "none": "○"}
    ordered = sorted(branches, key=lambda b: WEIGHTS.index(str(b["weight"])))
    parts = max(1, -(-len(ordered) // FORMS_PER_SLIDE))
    start, end = (len(ordered) * k // parts for k in (part - 1, part))  # as even as can be
    cards = []
    for branch in ordered[start:end]:
        weight = str(branch["weight"])
        mark = marks[WEIGHT_FILL[weight]]
        leaves = []
        for leaf in branch["leaves"]:
            context = leaf.get("context")
            colour = CONTEXT.get(context, CONTEXT_UNKNOWN)
            ink = CONTEXT_TEXT.get(context, "#1a1a1a")
            two = " btk-leaf-two" if leaf.get("direction") == "two_way" else ""
            count = f" ({leaf['count']})" if leaf.get("count") is not None else ""
            text = f"{ARROW.get(leaf.get('direction'), '')} {_leaf_text(leaf['label'])}{count}"
            leaves.append(
                f'<li class="btk-leaf{two}" style="background:{colour};color:{ink}">'
                f"{html.escape(text.strip())}</li>"
            )
        if not leaves:
            leaves.append(f'<li class="btk-leaf-bare">{html.escape(tr("bare_branch", lang))}</li>')
        cards.append(
            f'<div class="btk-form-card{" btk-form-bare" if not branch["leaves"] else ""}">'
            f"<h3>{html.escape(str(branch['label']))}</h3>"
            f'<p class="btk-form-weight">{mark} {html.escape(tr(f"weight_{weight}", lang))}</p>'
            f'<ul class="btk-leaves">{"".join(leaves)}</ul></div>'
        )
    legend = [
        f'<span class="btk-leaf" style="background:{CONTEXT[c]};color:{CONTEXT_TEXT[c]}">'
        f"{html.escape(tr(f'context_{c}', lang))}</span>"
        for c in ("home", "school")
    ] + [
        f"<span>{ARROW[d]} {html.escape(tr(f'direction_{d}', lang))}</span>"
        for d in ("one_way", "two_way")
    ]
    return (
        f'<div class="btk-form-cards">{"".join(cards)}</div>'
        f'<p class="btk-form-legend">{" ".join(legend)}</p>'
    )


# joining ----------------------------------------------------------------------------------
def join_html(code: str, people: int, lang: str) -> str:
    """How to join, for the projector: the QR code of the join link (whole, big), the link,
    the address and the PIN to type, and how many people are in. In localhost mode no QR
    code: it says that only this computer can open the link. Outside ``betrokkenheid
    serve``: the join code to type on the start page."""
    from urllib.parse import urlparse

    from ..serve import join_link, join_pin, qr_svg

    esc = html.escape
    count = f'<p class="btk-join-count">{esc(tr("joined_count", lang, n=people))}</p>'
    link = join_link()
    lead = f'<p class="btk-join-lead">{esc(tr("join_here", lang))}</p>'
    if not link:
        return (
            '<div class="btk-slide-join"><div class="btk-join-words">'
            f'<p class="btk-join-lead">{esc(tr("present_join_code", lang))}</p>'
            f'<p class="btk-pin">{esc(code)}</p>{count}</div></div>'
        )
    shown = f'<p class="btk-link">{esc(link)}</p>'
    if urlparse(link).hostname == "localhost":  # a phone that scans this opens itself
        local = f'<p class="btk-join-local">{esc(tr("only_this_computer", lang))}</p>'
        return (
            f'<div class="btk-slide-join btk-local"><div class="btk-join-words">{lead}{shown}'
            f"{local}{count}</div></div>"
        )
    typed = ""
    if found := join_pin():
        address, pin = found
        typed = (
            f'<p class="btk-typed">{esc(tr("or_type", lang))}:</p>'
            f'<p><span class="btk-address">{esc(address)}</span></p>'
            f'<p><span class="btk-pin">{esc(pin)}</span></p>'
        )
    return (
        f'<div class="btk-slide-join"><div class="btk-join-qr">{qr_svg(link)}</div>'
        f'<div class="btk-join-words">{lead}{shown}{typed}{count}</div></div>'
    )


# the dashboard's part ---------------------------------------------------------------------
class Presenting:
    """The presentation view of :class:`~betrokkenheid.ui.DashboardPage` (mixed into it: it
    uses the page's widgets, its model and its drawing).

    ``model.slide`` holds the key of the slide shown; the page's back and next buttons step
    through :meth:`slides` while ``model.present`` is on. A live update draws the same slide
    again (a part that is gone: the first of its view).
    """

    def _build_slides(self) -> list:
        """The widgets only a presentation shows: its title, where it is, full screen and
        stop; returns those for the row of steppers."""
        import ipywidgets as ipw

        self._slides = [Slide(JOIN, JOIN)]
        self._pictured = False
        self._placing = False  # True while a drawing corrects model.slide itself
        self.slide_title = ipw.HTML()
        self.slide_title.add_class("btk-slide-title")
        self.slide_count = ipw.HTML()
        self.slide_count.add_class("btk-slide-count")
        self.full_button = ipw.Button(icon="expand")  # present.js: the Fullscreen API
        self.full_button.add_class("btk-fullscreen")
        self.leave_button = ipw.Button(icon="times")
        self.leave_button.add_class("btk-present-leave")
        self.leave_button.on_click(lambda _: setattr(self.model, "present", False))
        self.info.add_class("btk-dashboard-info")  # a slide of its own says how to join
        self.previous_button.add_class("btk-slide-previous")
        self.next_button.add_class("btk-slide-next")
        for widget in (self.slide_title, self.slide_count, self.full_button, self.leave_button):
            widget.add_class("btk-slide-only")
        self.model.observe(self._on_slide, "slide")
        return [self.slide_count, self.full_button, self.leave_button]

    def _relabel_slides(self, lang: str) -> None:
        self.full_button.description = tr("present_full_screen", lang)
        self.leave_button.description = tr("present_leave", lang)
        self.leave_button.tooltip = tr("present_leave_hint", lang)

    @property
    def slide(self) -> Slide:
        """The slide shown (or shown first, once the presentation starts)."""
        return self._slides[find(self._slides, self.model.slide)]

    def slides(self) -> list[Slide]:
        """The slides of this session now: join, every view (pictures in parts), and after
        the barriers the groups and the plan."""
        views = [value for _, value in self.views.options]
        parts = {}
        if "perspectives" in views and self.frame.perspectives is not None:
            parts["perspectives"] = len(self.frame.perspectives.groups)
        if "forms" in views and self.frame.forms is not None:
            parts["forms"] = forms_parts(self.frame)
        if "parents" in views:
            parts["parents"] = voices_parts(self._parents_found(self.model.language))
        if "change" in views:  # a slide per exercise with scales: a table that fits
            parts["change"] = len(self._change_exercises())
        return slide_list(views, parts)

    def _change_exercises(self) -> list[str]:
        from ..exercises import scales_of

        return list(dict.fromkeys(name for name, _ in scales_of(self.frame)))

    def _parents_found(self, lang: str):
        from ..voices import parents_voice

        session = self.session
        return parents_voice(
            self.frame,
            self.store.session_answers(session),
            self.store.session_answers(session, "parents", audience="parent"),
            lang,
        )

    # switching --------------------------------------------------------------------------------
    def _start_presenting(self) -> None:
        if self.session is None:
            return
        self._slides = self.slides()
        if not self.model.slide:  # from the dashboard: the slide of the view shown
            self.model.slide = self._slides[find(self._slides, self.view)].key
        else:
            self._on_slide()

    def _stop_presenting(self) -> None:
        slide = self.slide
        views = [value for _, value in self.views.options]
        self.model.slide = ""  # once again: the slide of the view then shown
        self.canvas.figure = None  # the normal view's own figure (a slide's text was enlarged)
        if slide.view in views and slide.view != self.view:
            self.view = slide.view  # draws
        elif slide.view in (GROUPS, PLAN) and BARRIERS in views and self.view != BARRIERS:
            self.view = BARRIERS
        else:
            self._draw()

    def _step_slide(self, by: int) -> None:
        self._slides = self.slides()
        index = (find(self._slides, self.model.slide) + by) % len(self._slides)
        self.model.slide = self._slides[index].key

    def _on_slide(self, _change=None) -> None:
        if self._placing or not self.present:
            return
        views = [value for _, value in self.views.options]
        view = self.slide.view
        if view in views and view != self.view:
            self.view = view  # draws (_on_view)
        else:
            self._draw()

    def _follow_view(self) -> bool:
        """The view was changed (by the model) while presenting: show its first slide.
        True when that drew."""
        if self.slide.view == self.view:
            return False
        self._slides = self.slides()
        key = self._slides[find(self._slides, self.view)].key
        if key == self.model.slide:
            return False
        self.model.slide = key
        return True

    # drawing ---------------------------------------------------------------------------------
    def _draw_slide(self, lang: str) -> bool:
        """Draw the slide shown when it is one of the presentation's own (join, groups,
        plan) or a part of a picture: True. False: its view draws itself as always, and
        :meth:`_frame_slide` fits it onto the slide afterwards."""
        self._slides = self.slides()
        index = find(self._slides, self.model.slide)
        slide = self._slides[index]
        if slide.key != self.model.slide:  # a part that is gone: no second drawing
            self._placing = True
            try:
                self.model.slide = slide.key
            finally:
                self._placing = False
        total = len(self._slides)
        self.slide_count.value = html.escape(tr("present_slide_of", lang, n=index + 1, total=total))
        title, sub = self._slide_title(slide, lang), ""
        self.caption.value = self.table.value = self.talk.value = ""
        self._pictured = False  # the picture stays until another is there: no flicker
        self.drawn = {}
        esc = html.escape
        if slide.view == JOIN:
            people = sum(self.store.roles(self.session).values())
            self.caption.value = join_html(self.session.code, people, lang)
        elif slide.view in (GROUPS, PLAN):
            shown = self._barriers_html(lang, part=slide.view)
            self.table.value = f'<div class="btk-slide-{slide.view}">{shown}</div>'
        elif slide.view == "change" and slide.part:
            from ..exercises import exercise

            name = self._change_exercises()[slide.part - 1]
            self._draw_change(lang, only=name)
            sub = tr(exercise(name).title_key, lang)
        elif slide.view == "forms":
            from ..exercises import exercise
            from ..exercises.forms import tree_branches

            answers = self.store.session_answers(self.session, "forms")
            branches = tree_branches(answers, self.frame.forms, lang)
            self.drawn = {b["label"]: len(b["leaves"]) for b in branches}
            if slide.parts > 1:
                sub = tr("present_slide_of", lang, n=slide.part, total=slide.parts)
            self.table.value = forms_html(branches, max(slide.part, 1), lang)
            self._talk(exercise("forms").talk(self.frame, lang), lang)
        elif slide.view == "perspectives" and slide.part:
            from ..exercises import exercise

            answers = self.store.session_answers(self.session, "perspectives")
            caption, self.drawn, sub = draw_perspective(
                self.frame, answers, slide.part, lang, self.canvas
            )
            self.caption.value = f'<p class="btk-caption">{esc(caption)}</p>'
            self._show_slide_picture(f"{title}: {sub}. {caption}")
            self._talk(exercise("perspectives").talk(self.frame, lang), lang)
        elif slide.view == "parents" and slide.part:
            from ..voices import describe

            found = self._parents_found(lang)
            self.drawn = draw_voices_part(found, slide.part, lang, self.canvas.axes)
            sub = tr("present_slide_of", lang, n=slide.part, total=slide.parts)
            count = tr("voices_count", lang, n=found.people)
            self.caption.value = (
                f'<p class="btk-caption">{esc(count)}</p>'
                f'<p class="btk-caption">{esc(tr("voices_intro", lang))}</p>'
            )
            self._show_slide_picture(f"{title}. {describe(found, lang)}")
            self._talk(tr("voices_talk", lang), lang)
        else:
            self.slide_title.value = self._title_html(title, sub)
            return False
        self.slide_title.value = self._title_html(title, sub)
        if not self._pictured:
            self.image.layout.display = "none"
            self._slide_layout("text")
        self._shown(slide)
        return True

    def _show_slide_picture(self, name: str) -> None:
        self._slide_layout(fit(self.canvas.figure))
        from ..plots import figure_svg

        self.image.tooltip = name
        self.image.value = figure_svg(self.canvas.figure, tight=True)
        self.image.layout.display = None
        self._pictured = True
        self.canvas.figure = None  # its text was enlarged: the next picture starts afresh

    def _frame_slide(self) -> None:
        """After a view drew itself on a slide: its picture alone, fitted (its table, such
        as the barriers' plan, has a slide of its own), or its words."""
        from ..plots import figure_svg

        if self.image.layout.display == "none" or self.canvas.figure is None:
            self._slide_layout("text")
        else:
            self.table.value = ""
            self._slide_layout(fit(self.canvas.figure))
            self.image.value = figure_svg(self.canvas.figure, tight=True)
            self.canvas.figure = None
        self._shown(self.slide)

    def _slide_layout(self, where: str) -> None:
        kept = tuple(c for c in self.stage._dom_classes if not c.startswith("btk-slide-"))
        self.stage._dom_classes = (*kept, f"btk-slide-{where}")

    def _shown(self, slide: Slide) -> None:
        """Mark the stage with the slide drawn, last: the browser (and a test) then knows
        that all of it came (the widgets' messages keep their order)."""
        kept = tuple(c for c in self.stage._dom_classes if not c.startswith("btk-shows-"))
        number = find(self._slides, slide.key) + 1
        self.stage._dom_classes = (*kept, f"btk-shows-{number}-{slide.key.replace('.', '-')}")

    def _slide_title(self, slide: Slide, lang: str) -> str:
        if slide.view == JOIN:
            return self.session.school
        if slide.view == GROUPS:
            return tr("barriers_groups_title", lang)
        if slide.view == PLAN:
            return tr("plan_title", lang)
        return dict((value, label) for label, value in self.views.options).get(slide.view, "")

    @staticmethod
    def _title_html(title: str, sub: str) -> str:
        sub = f' <span class="btk-slide-sub">· {html.escape(sub)}</span>' if sub else ""
        return f"<h2>{html.escape(title)}{sub}</h2>"
