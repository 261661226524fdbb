"""The dashboard's view "Drie stemmen" (issue 13): the children's link, how many answered, the
triangle and the dot plot with their text alternatives, the table; nothing of children below
five."""

import html
import re

import pytest

from betrokkenheid import load_frame
from betrokkenheid import questionnaire as q
from betrokkenheid.texts import tr
from betrokkenheid.ui import DashboardPage
from betrokkenheid.ui.dashboard_page import THREE


def _children(store, session, n, answer=3):
    """``n`` children of ``session`` who answer every statement with ``answer``."""
    frame = load_frame(session.frame)
    code = store.audience_code(session, "child")
    for _ in range(n):
        child = store.join_audience(code, "nl")
        for item in frame.children.items:
            q.save_answer(store, child, frame, item.id, answer)


def _parents(store, session, n, answer=5):
    frame = load_frame(session.frame)
    code = store.audience_code(session)
    for _ in range(n):
        parent = store.join_audience(code, "nl")
        for item in ("respected", "talk_at_home"):
            q.save_answer(store, parent, frame, item, answer)


def _team(store, session, value=4.0, people=3):
    """``people`` staff rating the child–school communication and the parent–child one."""
    for _ in range(people):
        member = store.join(session.code, "teacher")
        store.save_answer(member, "triangle", "child_school.communication", value)
        store.save_answer(member, "triangle", "parent_child.communication", value)


def _dots_alt(page) -> str:
    """The text alternative of the dot plot (an <img> in the table's HTML)."""
    found = re.search(r'<img alt="([^"]*)"', page.table.value)
    return html.unescape(found.group(1)) if found else ""


def everything(page) -> str:
    """Every word the view says: its caption, table, and both pictures' text alternatives."""
    from betrokkenheid.ui._common import plain_text

    return " ".join(
        (plain_text(page.caption.value + page.table.value), page.image.tooltip, _dots_alt(page))
    )


def said_per_cent(page) -> list[str]:
    """The per cents the view says, but the legend's 0 % and 100 % and the faces' steps."""
    words = everything(page)
    legend = ("midden van de schaal is 50%", "Nee 0%, Een beetje 50%, Ja 100%")
    for fixed in (tr("three_footing", "nl"), *legend):
        words = words.replace(fixed, "")
    return re.findall(r"\d+%", words)


@pytest.fixture
def opened(store, session):
    def open_(language="nl"):
        page = DashboardPage(store, session_code=session.code, language=language)
        page.view = THREE
        return page

    return open_


class TestThreeVoicesView:
    def test_a_view_beside_the_parents_one(self, store, session):
        """The betrokkenheidsboom has the view, right after the parents' view; a frame
        without a triangle and questionnaires has none."""
        page = DashboardPage(store, session_code=session.code)
        views = [v for _, v in page.views.options]
        assert views[views.index("parents") + 1] == THREE
        label = dict((v, k) for k, v in page.views.options)[THREE]
        assert label == tr("three_view", "nl")
        other = store.create_session("X", "samen-met-ouders", "baseline")
        assert THREE not in [v for _, v in DashboardPage(store, other.code).views.options]

    def test_the_trainers_button_opens_it(self, store, session):
        """Clicking the view's button shows it; the model says so."""
        page = DashboardPage(store, session_code=session.code)
        page.views.value = THREE
        assert page.model.view == THREE
        assert tr("three_intro", "nl") in html.unescape(page.caption.value)

    def test_childrens_link_and_qr_from_the_join_link(self, store, session, monkeypatch, opened):
        """Under `betrokkenheid serve --lan` the children's page with the children's code
        and the room's token, and its QR code."""
        from betrokkenheid.serve import LINK_ENV

        monkeypatch.setenv(LINK_ENV, "http://192.0.2.7:8866/voila/render/00_start.ipynb?token=abc")
        page = opened()
        code = store.audience_code(session, "child")
        assert f"11_kinderen.ipynb?s={code}&amp;token=abc" in page.caption.value
        assert "<svg" in page.caption.value
        assert html.escape(tr("three_link_hint", "nl")) in page.caption.value

    def test_outside_serve_the_code_and_no_paper(self, store, session, monkeypatch, opened):
        """Without a server: the children's code and where the link will appear; no paper
        forms for children (a class answers on tablets: ``paper`` refuses them)."""
        from betrokkenheid.serve import LINK_ENV

        monkeypatch.delenv(LINK_ENV, raising=False)
        caption = opened().caption.value
        assert "<svg" not in caption
        assert store.audience_code(session, "child") in caption
        assert html.escape(tr("three_no_link", "nl")) in caption
        assert "betrokkenheid paper" not in caption

    def test_four_children_no_number_of_theirs(self, store, session, opened):
        """Four children: how many answered and how many more are needed; the team and the
        parents are shown, the children's lanes say "too few answers" and no per cent of
        theirs is anywhere (caption, table, picture's name, dot plot's text)."""
        _team(store, session, value=2.0)  # 25 %: the team's number
        _parents(store, session, 5, answer=4)  # 75 %
        _children(store, session, 4, answer=3)  # 100 % if it were shown
        page = opened()
        caption = html.unescape(page.caption.value)
        assert tr("three_children_count", "nl", n=4) in caption
        assert tr("three_children_waiting", "nl", min=5, n=1) in caption
        sides = page.drawn["sides"]
        assert all(side["children"] is None for side in sides.values())
        assert sides["child_school"]["team"] == 25
        assert sides["parent_child"]["parents"] == 75
        assert all(item["children"] is None for item in page.drawn["items"].values())
        assert "100%" not in said_per_cent(page)
        assert set(said_per_cent(page)) == {"25%", "75%"}  # the team's and the parents'
        assert "kinderen nog te weinig antwoorden" in page.image.tooltip
        assert b"Kinderen: te weinig antwoorden" in bytes(page.image.value)
        assert page.image.layout.display is None

    def test_five_children_the_three_voices(self, store, session, opened):
        """Five children: their positions in the picture, its name, the dot plot's text and
        the table, with their count; the question to talk about."""
        _team(store, session, value=2.0)
        _children(store, session, 5, answer=3)
        page = opened()
        assert page.drawn["sides"]["child_school"] == {
            "team": 25.0,
            "parents": None,
            "children": 100.0,
        }
        assert page.drawn["items"]["triangle.child_school.communication"]["children"] == 100
        assert "Kind en school: team 25%, ouders geen vragen, kinderen 100%" in page.image.tooltip
        assert "kinderen 100%" in _dots_alt(page)
        side = page.table.value.split("Kind en school</th>")[1].split("</tr>")[0]
        assert "100%" in side and "5 kinderen" in side
        assert html.escape(tr("three_footing", "nl")) in page.table.value
        assert tr("three_talk", "nl") in html.unescape(page.talk.value)
        assert not re.search(
            tr("three_children_waiting", "nl", min=5, n=0)[:20], page.caption.value
        )

    def test_the_fifth_child_appears_on_refresh(self, store, session, opened):
        """Live: four children, no number; after the fifth, refresh shows theirs."""
        _children(store, session, 4)
        page = opened()
        assert page.drawn["sides"]["child_school"]["children"] is None
        _children(store, session, 1)
        assert page.refresh() is True
        assert page.drawn["sides"]["child_school"]["children"] == 100

    def test_no_answers_yet(self, store, session, opened):
        """No parent and no child yet: the picture waits with the team, and says so."""
        page = opened()
        caption = html.unescape(page.caption.value)
        assert tr("three_children_none_yet", "nl") in caption
        assert tr("three_nothing_yet", "nl") in caption

    def test_in_english(self, store, session, opened):
        """The view speaks the trainer's language."""
        _children(store, session, 5, answer=2)
        page = opened("en")
        assert tr("three_intro", "en") in html.unescape(page.caption.value)
        assert "children 50%" in page.image.tooltip
        assert html.escape(tr("three_col_side", "en")) in page.table.value
