"""What every page shares: lean widgets, work in the background, questions after the cell."""

import asyncio
import random
import threading

import ipywidgets as ipw
import pytest

from betrokkenheid import pictures
from betrokkenheid.demo import answer_everything
from betrokkenheid.frames import load_frame
from betrokkenheid.texts import tr
from betrokkenheid.ui import (
    BarriersPage,
    ClimatePage,
    DashboardPage,
    FormsPage,
    PerspectivesPage,
    TrianglePage,
)
from betrokkenheid.ui._common import AUTO_WIDTH, in_background

JOIN_TIMEOUT = 30  # s, for the warm-up thread


def test_small_widgets_share_layout_and_style(store):
    """Widgets of one class and style share one Layout and one style; another style gets
    its own, and a widget keeps the CSS classes it was given."""
    page = TrianglePage(store)
    first = page.small(ipw.ToggleButtons, style=AUTO_WIDTH, options=["a"])
    second = page.small(ipw.ToggleButtons, "btk-x", style=AUTO_WIDTH, options=["b"])
    wide = page.small(ipw.ToggleButtons, style={"button_width": "90px"}, options=["c"])
    assert first.layout is second.layout and first.style is second.style
    assert wide.style is not first.style and wide.style.button_width == "90px"
    assert second._dom_classes == ("btk-x",)
    box = page.small(ipw.VBox, children=[first])
    assert box.layout is page.small(ipw.VBox).layout


@pytest.mark.parametrize(
    "cls", [PerspectivesPage, TrianglePage, FormsPage, ClimatePage, BarriersPage, DashboardPage]
)
def test_shared_layouts_stay_as_made(store, session, cls):
    """No page changes a layout that other widgets share (hiding one would hide them all),
    also after every answer and a language switch."""
    me = store.join(session.code, "teacher")
    answer_everything(store, me, load_frame("betrokkenheidsboom"), random.Random(2), number=0)
    page = cls(store, session.code) if cls is DashboardPage else cls(store, me.code)
    page.model.language = "en"
    owners: dict = {}
    todo = [page]
    while todo:
        widget = todo.pop()
        if hasattr(widget, "layout"):
            owners.setdefault(widget.layout.model_id, []).append(widget)
        todo.extend(getattr(widget, "children", ()))
    plain = ipw.Layout().get_state()
    for sharing in owners.values():
        if len(sharing) > 1:
            assert sharing[0].layout.get_state() == plain, sharing[0]


def test_in_background_outside_a_kernel_runs_now():
    """In a test or a script there is no event loop: work and then run at once, in order."""
    done = []
    assert in_background(lambda: done.append("work"), then=lambda: done.append("then")) is None
    assert done == ["work", "then"]


def test_in_background_hands_back_to_the_loop():
    """Work runs in a thread; then runs in the loop's own thread, also when work fails."""

    def fail():
        raise RuntimeError("broken")

    async def main():
        where = {}
        done = asyncio.Event()

        def then():
            where["then"] = threading.get_ident()
            done.set()

        thread = in_background(fail, then=then)
        await asyncio.wait_for(done.wait(), JOIN_TIMEOUT)
        return thread, where["then"], threading.get_ident()

    thread, then_thread, loop_thread = asyncio.run(main())
    assert thread is not None and thread.ident != loop_thread
    assert then_thread == loop_thread


async def _turns_until(condition, most: int = 100) -> None:
    """Let the event loop run until ``condition()`` holds (at most ``most`` turns)."""
    for _ in range(most):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError(f"not within {most} turns of the loop")


def test_in_a_kernel_the_questions_come_right_after_the_cell(store, session, monkeypatch):
    """Inside a running loop (a kernel) the cell only lays out the page; the questions
    follow at the loop's next turn, the picture once matplotlib is ready."""
    monkeypatch.setattr(TrianglePage, "warm_up_delay", 0.0)
    monkeypatch.setattr(pictures, "_warmed", False)  # a kernel started the usual way
    me = store.join(session.code, "teacher")
    store.save_answer(me, "triangle", "parent_school.equality", 4)

    async def main():
        page = TrianglePage(store, participant_code=me.code)
        assert page.model.participant is None
        assert tr("loading", "nl") in page.body.children[0].value
        await asyncio.sleep(0)  # one turn of the loop: the questions
        assert page.rating("parent_school", "equality").value == 4
        assert page.caption.value == tr("picture_coming", "nl")
        assert page.image.layout.display == "none"
        await _turns_until(lambda: page._warming is not None)
        page._warming.join(JOIN_TIMEOUT)
        await _turns_until(lambda: page.canvas.figure is not None)  # handed back to the loop
        return page

    page = asyncio.run(main())
    assert page.drawn["parent_school"] == 4.0
    assert bytes(page.image.value).startswith(b"<?xml")
    assert page.image.layout.display is None


def test_in_a_warm_kernel_the_picture_comes_with_the_questions(store, session, monkeypatch):
    """In a kernel that has drawn before (forked from the room's warm fork server) the first
    picture is drawn in the same turn as the questions, while the kernel says busy: no
    thread, and nothing drawn later that a browser still making the widgets could miss."""
    monkeypatch.setattr(pictures, "_warmed", True)
    me = store.join(session.code, "teacher")
    store.save_answer(me, "triangle", "parent_school.equality", 4)

    async def main():
        page = TrianglePage(store, participant_code=me.code)
        assert page.canvas.figure is None
        await asyncio.sleep(0)  # one turn of the loop: the questions and the picture
        assert page.rating("parent_school", "equality").value == 4
        assert page._warming is None and page.canvas.figure is not None
        return page

    page = asyncio.run(main())
    assert page.drawn["parent_school"] == 4.0
    assert bytes(page.image.value).startswith(b"<?xml")


def test_in_a_kernel_a_wrong_code_asks_for_it_again(store):
    """A wrong code in the link: a message and the form to type the code, after the cell."""

    async def main():
        page = TrianglePage(store, participant_code="NOPE-NOPE")
        await asyncio.sleep(0)
        return page

    page = asyncio.run(main())
    assert page.message.kind == "error"
    assert page.code_input in page.body.children[0].children
