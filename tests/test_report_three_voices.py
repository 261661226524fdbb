"""The report's section "Drie stemmen" (issue 13): after "Wat ouders zeggen", only once
parents or children answered; the triangle and the dot plot with their alt texts, the table;
nothing of children below five."""

import html
import re

import pytest

from betrokkenheid import load_frame
from betrokkenheid import questionnaire as q
from betrokkenheid.report import report_html, report_pdf
from betrokkenheid.texts import tr

from .test_report import filled_session, pdf_text, pictures


def section(page: str) -> str:
    start = page.index('id="three"')
    return page[start : page.index("<section", start)]


def children(store, session, n, answer=3):
    frame = load_frame(session.frame)
    code = store.audience_code(session, "child")
    for _ in range(n):
        child = store.join_audience(code, "nl")
        for item in frame.children.items:
            q.save_answer(store, child, frame, item.id, answer)


def alts(block: str) -> list[str]:
    return [html.unescape(a) for a in re.findall(r'<img alt="([^"]*)"', block)]


class TestThreeVoicesSection:
    def test_none_without_parents_or_children(self, store):
        """A session no parent and no child answered has no section and no line in the
        contents."""
        session, _ = filled_session(store, 3)
        page = report_html(store, session.code, "nl")
        assert 'id="three"' not in page and tr("three_title", "nl") not in page

    def test_a_frame_without_a_triangle_has_none(self, store):
        """samen-met-ouders has no triangle and no questionnaires: no section."""
        session = store.create_session("X", "samen-met-ouders", "baseline")
        assert 'id="three"' not in report_html(store, session.code, "en")

    def test_after_what_parents_say_and_before_the_change(self, store):
        """Numbered after "what parents say", in the contents too, and the change section
        after it."""
        baseline, _ = filled_session(store, 3, school="De Linde")
        later, _ = filled_session(store, 3, school="De Linde", seed=2)
        parent = store.join_audience(store.audience_code(later), "nl")
        q.save_answer(store, parent, load_frame(later.frame), "respected", 5)
        children(store, later, 1)
        page = report_html(store, later.code, "nl", compare=baseline.code)
        number = {
            name: int(re.search(rf'id="{name}">\s*<h2>(\d+)\.', page).group(1))
            for name in ("voices", "three", "change")
        }
        assert number["voices"] + 1 == number["three"] == number["change"] - 1
        contents = page[: page.index('id="perspectives"')]
        assert tr("three_title", "nl") in contents

    def test_four_children_no_number_of_theirs(self, store):
        """Four children (and no parents): the count and how many more are needed; the
        pictures are there, with the team's numbers, but no per cent of the children in the
        alt texts or the table."""
        session, _ = filled_session(store, 3)
        children(store, session, 4, answer=3)
        block = section(report_html(store, session.code, "en"))
        assert tr("three_children_count", "en", n=4) in html.unescape(block)
        assert tr("three_children_waiting", "en", min=5, n=1) in html.unescape(block)
        assert len(pictures(block)) == 2
        triangle, dots = alts(block)
        assert "children too few answers yet" in triangle
        assert not re.search(r"children \d+%", triangle + dots)
        for row in re.findall(r"<tr>.*?</tr>", block, flags=re.S):
            cells = re.findall(r"<td>(.*?)</td>", row, flags=re.S)
            if cells:
                assert "%" not in cells[2]  # the children's column

    def test_five_children_the_three_voices(self, store):
        """Five children: the triangle and the dot plot with the children's numbers in their
        alt texts, the table with position and count, the footing and the talk question."""
        session, _ = filled_session(store, 3)
        children(store, session, 5, answer=3)
        block = section(report_html(store, session.code, "nl"))
        triangle, dots = alts(block)
        assert triangle.startswith(tr("three_title", "nl"))
        assert "kinderen 100%" in triangle and "kinderen 100%" in dots
        assert tr("three_items_title", "nl") in dots
        row = block.split("Kind en school</th>")[1].split("</tr>")[0]
        assert "100%" in row and "5 kinderen" in row
        assert tr("three_footing", "nl") in html.unescape(block)
        assert tr("three_talk", "nl") in html.unescape(block)
        svg = pictures(block)[0]
        assert tr("three_voice_children", "nl") in svg

    def test_pdf_renders_the_section(self, store, tmp_path):
        """The PDF holds the section's title, its table's heads and its question."""
        pytest.importorskip("weasyprint", reason="PDF needs WeasyPrint")
        session, _ = filled_session(store, 3)
        children(store, session, 5)
        flat = " ".join(pdf_text(report_pdf(store, session.code, "nl"), tmp_path).split())
        assert tr("three_title", "nl") in flat and tr("three_col_side", "nl") in flat
        assert tr("three_talk", "nl")[:40] in flat
