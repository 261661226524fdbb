"""The team's report: every exercise of the frame, privacy below 3 people, escaping, PDF."""

import base64
import random
import re
import shutil
import subprocess
import sys
from collections import Counter

import pytest
from markupsafe import escape

from betrokkenheid import InputError, Store, load_frame
from betrokkenheid.demo import SCHOOL, answer_everything, make_demo
from betrokkenheid.exercises.blocks import extremes
from betrokkenheid.report import _role_counts, report_html, report_pdf
from betrokkenheid.texts import tr

SECTIONS = ("perspectives", "triangle", "forms", "climate", "barriers")
PAYLOAD = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """A store with the demo school; returns (store, join code of the later measurement)."""
    store = Store(tmp_path_factory.mktemp("report") / "demo.sqlite")
    return store, make_demo(store)["later"]


@pytest.fixture(scope="module")
def pages(demo):
    """The demo report's HTML in Dutch and in English."""
    store, code = demo
    return {lang: report_html(store, code, lang) for lang in ("nl", "en")}


def pictures(page: str) -> list[str]:
    """The SVG texts of the pictures a report page shows."""
    found = re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page)
    return [base64.b64decode(data).decode("utf-8") for data in found]


def filled_session(store, people: int, school: str = "De Linde", seed: int = 1):
    """A session where ``people`` teachers answered every exercise (as the demo does)."""
    frame = load_frame("betrokkenheidsboom")
    session = store.create_session(school, frame.id, "baseline")
    rng = random.Random(seed)
    members = [store.join(session.code, "teacher") for _ in range(people)]
    for number, me in enumerate(members):
        answer_everything(store, me, frame, rng, number, 0.3)
    return session, members


def body(page: str) -> str:
    """The report without its head (the CSS)."""
    return page[page.index("<main") :]


def pdf_text(pdf: bytes, tmp_path) -> str:
    """The text of a PDF, with a form feed between pages (pdftotext, else pypdf, else skip)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    if shutil.which("pdftotext"):
        done = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
        )
        return done.stdout.decode("utf-8")
    pypdf = pytest.importorskip("pypdf", reason="needs pdftotext or pypdf to read the PDF")
    return "\f".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


class TestReportHtml:
    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_a_section_per_exercise(self, pages, lang):
        """The demo report has the cover and a titled section for each of the five exercises."""
        page = pages[lang]
        assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
        assert SCHOOL in page
        for section in SECTIONS:
            assert f'id="{section}"' in page
            assert str(escape(tr(f"page_{section}", lang))) in page

    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_talk_questions_and_attribution(self, pages, lang):
        """Each section ends with the frame's conversation question; the attribution closes."""
        frame = load_frame("betrokkenheidsboom")
        page = pages[lang]
        for section in SECTIONS:
            assert str(escape(getattr(frame, section).talk.get(lang))) in page
        assert str(escape(tr("followup_talk", lang))) in page  # the demo's later session looks back
        assert str(escape(tr("voices_talk", lang))) in page  # and its parents answered
        assert str(escape(tr("three_talk", lang))) in page  # and the three voices
        assert page.count(f"<h3>{escape(tr('report_talk', lang))}</h3>") == len(SECTIONS) + 3
        assert str(escape(frame.attribution.get(lang))) in page
        assert page.rindex(str(escape(frame.attribution.get(lang)))) > page.rindex('id="barriers"')

    def test_pictures_are_inline_svg(self, pages):
        """Nine pictures (five exercises, the follow-up, what parents say and the three
        voices' two), each an SVG data URL (self-contained: no file, no web address)."""
        page = pages["nl"]
        svgs = pictures(page)
        assert len(svgs) == 9 and all("<svg" in svg for svg in svgs)
        assert "data:image/png" not in page
        assert not re.search(r'(src|href)="(https?:|file:|/)', page)

    def test_css_inlined_with_print_rules(self, pages):
        """The workbook's CSS is inlined, with A4 page rules and a page break per exercise."""
        page = pages["en"]
        assert "--btk-accent" in page and "<link" not in page
        assert "size: A4" in page and "break-before: page" in page
        head = page[: page.index("</head>")]
        assert '"DejaVu Sans"' in head and ".btk-field > .widget-label" in head  # not escaped
        assert "&#34;" not in head and "&gt;" not in head

    def test_cover_counts_roles_without_singling_anyone_out(self, pages):
        """Roles of fewer than 3 people are counted together as 'other roles'."""
        assert "14 <span>(Teacher: 7, other roles: 7)</span>" in pages["en"]
        assert "(Leerkracht: 7, andere rollen: 7)" in pages["nl"]
        assert "Director" not in pages["en"]

    def test_where_the_team_agrees_and_differs(self, pages):
        """Perspectives, triangle and climate each say where the team agrees and differs most."""
        page = pages["en"]
        assert page.count("<h3>Where we agree most</h3>") == 3
        assert page.count("<h3>Where we differ most</h3>") == 3

    def test_barriers_plan_top_barriers_and_votes(self, demo, pages):
        """The barriers section has the action plan, the barriers named most and the votes."""
        page = pages["nl"]
        barriers = page[page.index('id="barriers"') : page.index('id="followup"')]
        assert '<table class="btk-plan">' in barriers
        assert "Brieven in eenvoudige taal" in barriers
        assert "Meest genoemde drempels" in barriers and "Stemmen op kansen" in barriers
        assert len(pictures(barriers)) == 1

    def test_frame_with_one_exercise(self, store):
        """A frame with only a climate rubric gives a report with only that section."""
        session = store.create_session("De Linde", "samen-met-ouders", "baseline")
        page = report_html(store, session.code, "en")
        assert 'id="climate"' in page
        assert not any(f'id="{s}"' in page for s in SECTIONS if s != "climate")

    def test_unknown_language_and_session(self, demo):
        """An unknown language or join code is an InputError naming it."""
        store, code = demo
        with pytest.raises(InputError, match="language"):
            report_html(store, code, "fr")
        with pytest.raises(InputError, match="join code"):
            report_html(store, "ZZZZZZ")


class TestPrivacy:
    def test_two_people_show_no_numbers(self, store):
        """With 2 participants no section shows a picture, a score, a count by role or a plan."""
        session, _ = filled_session(store, 2)
        page = body(report_html(store, session.code, "en"))
        assert page.count('class="btk-too-few"') == len(SECTIONS)
        assert "data:image" not in page and "<table" not in page
        assert 'class="btk-spread"' not in page and "· spread" not in page
        assert "Teacher" not in page
        assert "Fewer than 3 people did this exercise (now: 2)" in page
        assert "Brieven" not in page  # the actions two people typed

    def test_three_people_show_results(self, store):
        """From 3 participants on, every section shows its picture."""
        session, _ = filled_session(store, 3)
        page = report_html(store, session.code, "en")
        assert 'class="btk-too-few"' not in page
        assert len(pictures(page)) == 5

    def test_votes_of_two_stay_hidden(self, store):
        """Three named barriers but only two voted: barriers are shown, votes and plan are not."""
        frame = load_frame("betrokkenheidsboom")
        session = store.create_session("De Linde", frame.id, "baseline")
        chance = frame.barriers.opportunities[0].id
        for i in range(3):
            me = store.join(session.code, "teacher")
            store.save_answer(
                me, "barriers", f"barrier.{frame.barriers.parent_groups[0].id}.time", 1
            )
            if i < 2:
                store.save_answer(me, "barriers", f"vote.{chance}", 1)
                store.save_answer(me, "barriers", f"action.{chance}.what", text="Koffie")
        page = report_html(store, session.code, "en")
        barriers = page[page.index('id="barriers"') :]
        assert "Barriers named most" in barriers
        assert barriers.count("Too few answers to show (fewer than 3 people).") == 2
        assert "data:image" not in barriers and "Koffie" not in barriers

    def test_a_component_of_two_stays_hidden(self, store):
        """Climate answered by 3 people, one component by only 2: that row shows no numbers."""
        frame = load_frame("betrokkenheidsboom")
        session = store.create_session("De Linde", frame.id, "baseline")
        first, second = (c.id for c in frame.climate.components[:2])
        for i in range(3):
            me = store.join(session.code, "teacher")
            store.save_answer(me, "climate", first, 2 + i % 2)
            if i < 2:
                store.save_answer(me, "climate", second, 4)
        page = report_html(store, session.code, "en")
        climate = page[page.index('id="climate"') : page.index('id="barriers"')]
        rows = re.findall(r"<tr><td>(.*?)</tr>", climate, re.S)
        assert len(rows) == len(frame.climate.components)
        assert ">3<" in rows[0] and "Developing" in rows[0]
        assert ">2<" in rows[1] and "Too few answers to show" in rows[1]
        assert "Established" not in rows[1] and "Inspiring" not in rows[1]

    @pytest.mark.parametrize("unknown, shown", [(2, "–"), (3, "3")])
    def test_wanted_and_dont_know_per_component(self, store, unknown, shown):
        """A row says where the team wants to go, and how many said 'don't know' from three
        on; 'don't know' is not counted in the middle."""
        frame = load_frame("betrokkenheidsboom")
        session = store.create_session("De Linde", frame.id, "baseline")
        first = frame.climate.components[0].id
        for i in range(3 + unknown):
            me = store.join(session.code, "teacher")
            if i < 3:
                store.save_answer(me, "climate", first, 1)
            else:
                store.save_answer(me, "climate", first, None, "dont_know")
            store.save_answer(me, "climate", f"{first}.wanted", 3)
        page = report_html(store, session.code, "en")
        climate = page[page.index('id="climate"') : page.index('id="barriers"')]
        row = re.findall(r"<tr><td>(.*?)</tr>", climate, re.S)[0]
        assert row.startswith("Vision</td>")
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
        assert cells == ["3", "Starting", "Starting", "Established", shown]

    @pytest.mark.parametrize(
        "counts, expected",
        [
            (
                {"teacher": 7, "director": 1, "care_coordinator": 2},
                [("Teacher", 7), ("other roles", 3)],
            ),
            ({"teacher": 7, "director": 1}, []),  # 1 other: the teachers join, no breakdown
            ({"teacher": 4, "director": 3, "other": 1}, [("Teacher", 4), ("other roles", 4)]),
            ({"teacher": 3, "director": 3}, [("Teacher", 3), ("Director", 3)]),
            ({"other": 5}, []),
            ({"teacher": 2}, []),
        ],
    )
    def test_role_counts(self, counts, expected):
        """No role count below 3 remains: small roles merge, and a small remainder takes more."""
        rows = _role_counts(Counter(counts), "en")
        assert rows == expected
        assert all(n >= 3 for _, n in rows)

    def test_extremes_never_overlap(self):
        """Agree and differ never name the same item; ties keep the frame's order."""
        scored = [(0.5, "a"), (0.5, "b"), (0.2, "c"), (0.9, "d"), (0.1, "e"), (0.7, "f")]
        assert extremes(scored) == (["e", "c"], ["d", "f"])
        assert extremes([(0.3, "a"), (0.3, "b")]) == (["a"], ["b"])


class TestEscaping:
    @pytest.fixture
    def hostile(self, store):
        """A session whose school name, action and own activity carry HTML and script."""
        frame = load_frame("betrokkenheidsboom")
        session, members = filled_session(store, 3, school=PAYLOAD)
        chance = frame.barriers.opportunities[0].id
        for me in members:
            store.save_answer(me, "barriers", f"vote.{chance}", 1)
            store.save_answer(me, "forms", "own_1", 1)
            store.save_answer(me, "forms", "own_1.label", text='<img src=x onerror="alert(3)">')
        store.save_answer(members[0], "barriers", f"action.{chance}.what", text=PAYLOAD)
        store.save_answer(members[1], "barriers", f"action.{chance}.who", text="Tom & Jerry")
        return session

    def test_typed_text_is_escaped(self, store, hostile):
        """School name and action texts appear escaped, never as a tag."""
        page = report_html(store, hostile.code, "en")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script" not in page.lower()
        assert "Tom &amp; Jerry" in page
        assert "onerror=" not in page.replace("onerror=&#34;", "")
        plan = page[page.index('class="btk-plan"') :]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in plan

    def test_pictures_carry_no_markup(self, store, hostile):
        """Typed text inside the SVG pictures is escaped too."""
        svgs = pictures(report_html(store, hostile.code, "nl"))
        assert len(svgs) == 5
        for svg in svgs:
            assert "<script" not in svg and "<img" not in svg
        assert any("&lt;img src=x" in svg for svg in svgs)  # the own activity on the tree


def forms_block(page: str) -> str:
    """The forms section of a report page."""
    start = page.index('id="forms"')
    return page[start : page.index("</section>", start)]


class TestResearchSources:
    """The forms block says what research says, with the sources it rests on."""

    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_the_tree_names_its_sources(self, pages, lang):
        """The research text, its short citations and every full reference it names."""
        frame = load_frame("betrokkenheidsboom")
        block = forms_block(pages[lang])
        parts = frame.forms.research.get(lang).split("\n")
        assert len(parts) > 1  # paragraphs, as the frame file's blank lines make them
        assert all(f"<p>{escape(part)}</p>" in block for part in parts)
        heading = {"nl": "Bronnen: ", "en": "Sources: "}[lang]
        cited = heading + "; ".join(s.short(lang) for s in frame.research_sources())
        assert f'<p class="btk-citations">{escape(cited)}</p>' in block
        for source in frame.research_sources():
            assert str(escape(source.cite)) in block
            assert source.url is None or source.url in block
        assert block.count("<li>") == len(frame.forms.research_sources)

    def test_epstein_with_her_handbook(self, store):
        """A session with the Epstein frame lists her handbook first, beside the reviews."""
        frame = load_frame("epstein")
        session = store.create_session("De Linde", frame.id, "baseline")
        for _ in range(3):
            me = store.join(session.code, "teacher")
            store.save_answer(me, "forms", frame.forms.activities[0].id, 1)
        block = forms_block(report_html(store, session.code, "en"))
        assert "Sources: Epstein et al. (2019); Wilder (2014)" in block
        assert str(escape(frame.source("epstein_2019").cite)) in block
        assert "does not rank the types" in block


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    """The demo school's later report beside its baseline, in Dutch and in English."""
    store = Store(tmp_path_factory.mktemp("compare") / "demo.sqlite")
    codes = make_demo(store)
    pages = {
        lang: report_html(store, codes["later"], lang, compare=codes["baseline"])
        for lang in ("nl", "en")
    }
    return store, codes, pages


class TestCompare:
    @staticmethod
    def change_section(page: str) -> str:
        return page[page.index('id="change"') : page.index('class="btk-about"')]

    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_a_section_with_both_measurements(self, compared, lang):
        """The report gains a section: triangle and radar with both, and plain words."""
        _, codes, pages = compared
        section = self.change_section(pages[lang])
        assert str(escape(tr("change_title", lang))) in section
        svgs = pictures(section)
        assert len(svgs) == 2 and len(pictures(pages[lang])) == 11  # parents, three voices
        triangle, radar = svgs
        assert triangle.count('id="baseline') == 3 and radar.count('id="baseline') == 1
        label = tr("change_baseline_label", lang)
        assert label in triangle and label in radar
        assert tr("change_scale_note", lang, low=1, high=5) in triangle
        assert tr("change_scale_note", lang, low=1, high=4) in radar
        grown = tr("change_word_up", lang)
        assert str(escape(f"{grown[0].upper()}{grown[1:]}: ")) in section  # under a picture
        assert f"<td>{escape(grown)}</td>" in section  # in the table per scale
        assert codes["baseline"] in section and codes["later"] in section
        assert "Effect" not in section and "ci_" not in section and "(d)" not in section

    def test_cover_and_contents_name_the_baseline(self, compared):
        """The cover says what the report is compared with; the contents list the section."""
        _, codes, pages = compared
        cover = pages["en"][: pages["en"].index('id="perspectives"')]
        assert "Compared with" in cover and codes["baseline"] in cover
        assert "<li>Baseline and later</li>" in cover

    def test_without_compare_no_section(self, pages):
        """Without --compare there is no comparison section."""
        assert 'id="change"' not in pages["nl"]

    def test_a_baseline_of_two_is_not_drawn(self, store):
        """A baseline with two people: no baseline line, and words that it cannot compare yet."""
        baseline, _ = filled_session(store, 2)
        later, _ = filled_session(store, 3, seed=2)  # only the baseline's kind is checked
        page = report_html(store, later.code, "en", compare=baseline.code)
        section = self.change_section(page)
        assert all('id="baseline' not in svg for svg in pictures(section))
        assert "Cannot be compared yet (fewer than 3 people in a measurement)" in section

    @pytest.mark.parametrize(
        "school, frame, measurement, words",
        [
            ("Een andere school", "betrokkenheidsboom", "baseline", "another school"),
            (SCHOOL, "epstein", "baseline", "another frame"),
            (SCHOOL, "betrokkenheidsboom", "later", "not a baseline measurement"),
        ],
    )
    def test_refuses_what_is_no_baseline_of_this_team(
        self, compared, school, frame, measurement, words
    ):
        """Another school, another frame, or a later measurement is an InputError saying so."""
        store, codes, _ = compared
        other = store.create_session(school, frame, measurement)
        with pytest.raises(InputError, match=words) as info:
            report_html(store, codes["later"], compare=other.code)
        assert "\n" not in str(info.value)

    def test_refuses_the_session_itself(self, compared):
        """Comparing a session with itself is refused."""
        store, codes, _ = compared
        with pytest.raises(InputError, match="itself"):
            report_html(store, codes["baseline"], compare=codes["baseline"])

    def test_pdf_has_the_section(self, compared, tmp_path):
        """The PDF with a comparison holds the section's title and its plain words."""
        pytest.importorskip("weasyprint", reason="PDF needs WeasyPrint")
        store, codes, _ = compared
        pdf = report_pdf(store, codes["later"], "nl", compare=codes["baseline"])
        flat = " ".join(pdf_text(pdf, tmp_path).split())
        assert "Nulmeting en later" in flat and "Hier zijn we gegroeid: " in flat
        assert "op 1–5" in flat and "op 1–4" in flat and "ongeveer gelijk gebleven" in flat


@pytest.fixture(scope="module")
def pdfs(demo):
    """The demo report as PDF in Dutch and in English (skipped without WeasyPrint)."""
    pytest.importorskip("weasyprint", reason="PDF needs WeasyPrint")
    store, code = demo
    return {lang: report_pdf(store, code, lang) for lang in ("nl", "en")}


class TestReportPdf:
    def test_is_a_pdf(self, pdfs):
        """The bytes are a PDF document."""
        assert pdfs["nl"].startswith(b"%PDF-") and b"%%EOF" in pdfs["nl"][-1024:]

    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_text_has_school_and_sections(self, pdfs, lang, tmp_path):
        """The PDF's text names the school and every section, on a few A4 pages."""
        text = pdf_text(pdfs[lang], tmp_path)
        flat = " ".join(text.split())
        assert SCHOOL in flat
        for section in SECTIONS:
            assert tr(f"page_{section}", lang) in flat
        assert tr("report_talk", lang) in flat
        # with three pages of what parents say, about four of the three voices and the
        # research's sources under the forms
        assert 4 <= text.count("\f") <= 18

    @pytest.mark.parametrize("people", [5, 12])
    def test_no_talk_box_alone_at_the_top_of_a_page(self, tmp_path, people):
        """The talk box ("Praat erover") stays with what it is about: no page starts with it
        (a small team's sources under the forms once filled a page and pushed it over alone)."""
        pytest.importorskip("weasyprint", reason="PDF needs WeasyPrint")
        store = Store(tmp_path / "talk.sqlite")
        session, _ = filled_session(store, people, seed=11)
        text = pdf_text(report_pdf(store, session.code, "nl"), tmp_path)
        firsts = [
            [line.strip() for line in page.splitlines() if line.strip()][1:2]
            for page in text.split("\f")[1:]  # below each page's header line
        ]
        assert ["Praat erover"] not in firsts, firsts

    def test_without_weasyprint(self, demo, monkeypatch):
        """Without WeasyPrint the PDF is refused with one clear line."""
        monkeypatch.setitem(sys.modules, "weasyprint", None)
        store, code = demo
        with pytest.raises(InputError, match="PDF needs WeasyPrint and the pango library") as info:
            report_pdf(store, code)
        assert "\n" not in str(info.value)


def barriers_block(page: str) -> str:
    """The barriers per parent group in a report page: the table and its legend."""
    start = page.index('class="btk-plan btk-t-groups"')
    return page[start : page.index("</p>", page.index("</table>", start))]


def group_rows_of(block: str) -> dict[str, str]:
    """The row of each parent group the table shows, by the group's (escaped) label."""
    rows = block[block.index("<tbody>") : block.index("</tbody>")].split("<tr>")[1:]
    return {row.split('<th scope="row">', 1)[1].split(" <span", 1)[0]: row for row in rows}


def hidden_of(block: str) -> str:
    """The line naming the groups not shown."""
    legend = block[block.index('<p class="btk-legend">') :]
    return legend.split("<br>", 1)[0] if "<br>" in legend else ""


class TestBarriersPerGroup:
    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_group_names_with_their_barriers(self, demo, lang):
        """Each parent group is named in the frame's order, with the barriers named most for
        it and how often; the groups nobody (or too few) answered for are named apart,
        without numbers."""
        store, code = demo
        page = report_html(store, code, lang)
        block = barriers_block(page[page.index('id="barriers"') :])
        section = load_frame("betrokkenheidsboom").barriers
        labels = [str(escape(g.label.get(lang))) for g in section.parent_groups]
        at = [block.index(label) for label in labels]
        assert at == sorted(at)
        rows = group_rows_of(block)
        assert list(rows) == labels[:4]  # the demo ticks barriers for the first four groups
        barriers = [str(escape(b.label.get(lang))) for b in section.barriers]
        for label in labels[:4]:
            named = re.findall(r"(?:<td>| · )([^<·]+?) \((\d+)×\)", rows[label])
            assert 1 <= len(named) <= 5 and all(name in barriers for name, _ in named)
            counts = [int(n) for _, n in named]
            assert counts == sorted(counts, reverse=True)  # most first
            assert tr("barriers_group_people", lang, n=14) in rows[label]
        hidden = hidden_of(block)
        assert tr("barriers_groups_hidden", lang) in hidden
        assert all(label in hidden for label in labels[4:]) and not re.search(r"\d", hidden)

    def test_counts_per_group_and_threshold(self, store):
        """Counts are per group; a group of two is hidden without numbers (and the smallest
        shown group with it, so the rest does not tell the two); typed texts only counted."""
        frame = load_frame("betrokkenheidsboom")
        groups, barriers = frame.barriers.parent_groups, frame.barriers.barriers
        session = store.create_session("De Linde", frame.id, "baseline")
        for group, size in zip(groups, (5, 3, 4, 2), strict=False):
            for i in range(size):
                me = store.join(session.code, "teacher")
                store.save_answer(me, "barriers", f"barrier.{group.id}.{barriers[0].id}", 1)
                if i < 2:
                    store.save_answer(me, "barriers", f"barrier.{group.id}.{barriers[1].id}", 1)
                if i == 0:
                    store.save_answer(me, "barriers", f"other.{group.id}", text="Geheim <i>x</i>")
        page = report_html(store, session.code, "en")
        block = barriers_block(page[page.index('id="barriers"') :])
        rows = group_rows_of(block)
        first, second, third, fourth = (str(escape(g.label.get("en"))) for g in groups[:4])
        one, two = (str(escape(b.label.get("en"))) for b in barriers[:2])
        assert list(rows) == [first, third]
        assert "(5 people)" in rows[first] and "(4 people)" in rows[third]
        assert (
            f"<td>{one} (5×) · {two} (2×) · Something else, text not shown (1×)</td>"
            in (rows[first])
        )
        assert f"<td>{one} (4×) · {two} (2×) · " in rows[third]
        assert "Geheim" not in page
        hidden = hidden_of(block)  # the 2 alone would tell (14 - 12): the 3 goes too
        assert f"{second}; {fourth}; " in hidden and not re.search(r"\d", hidden)
        assert "14 people named barriers" in block


class TestWhatParentsSay:
    """The block "what parents say" (issue 12): the same comparison as the dashboard, under
    the same thresholds."""

    @staticmethod
    def block(page: str) -> str:
        start = page.index('id="voices"')  # up to the next section (the three voices')
        return page[start : page.index("<section", start)]

    @staticmethod
    def with_parents(store, n, lang="nl", open_text="<script>alert(1)</script> meer uitleg"):
        """A session of three teachers who expect 3 to "respected", and ``n`` parents who
        say 5, choose "time" and write ``open_text``."""
        from betrokkenheid import questionnaire as q

        frame = load_frame("betrokkenheidsboom")
        session, members = filled_session(store, 3)
        for member in members:
            store.save_answer(member, "perspectives", "expect.respected", 3)
        code = store.audience_code(session)
        for k in range(n):
            parent = store.join_audience(code, "tr" if k % 2 else lang, "paper" if k else "online")
            q.save_answer(store, parent, frame, "respected", 5)
            q.save_answer(store, parent, frame, "barriers.time", 1)
            q.save_answer(store, parent, frame, "open", text=open_text)
        return session

    def test_no_parents_no_block(self, store):
        """A session no parent answered has no block and no line in the contents."""
        session, _ = filled_session(store, 3)
        page = report_html(store, session.code, "nl")
        assert 'id="voices"' not in page and tr("voices_title", "nl") not in page

    def test_a_frame_without_a_questionnaire_has_none(self, store):
        """samen-met-ouders asks parents nothing: no block."""
        session = store.create_session("X", "samen-met-ouders", "baseline")
        assert 'id="voices"' not in report_html(store, session.code, "en")

    def test_four_parents_no_number_of_theirs(self, store):
        """Four parents: how many answered and how many more are needed, no picture, no
        table, no chip and no open answer."""
        session = self.with_parents(store, 4)
        block = self.block(report_html(store, session.code, "nl"))
        assert tr("voices_count", "nl", n=4) in block
        assert str(escape(tr("voices_waiting", "nl", min=5, n=1))) in block
        assert pictures(block) == [] and "<table" not in block
        assert "meer uitleg" not in block and "5,0" not in block and "+2,0" not in block

    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_five_parents_the_comparison(self, store, lang):
        """Five parents: the picture with its words and numbers as alt text, the table with
        the biggest surprise first and its scale, the chips and the open answers, escaped."""
        session = self.with_parents(store, 5, lang)
        page = report_html(store, session.code, lang)
        block = self.block(page)
        (svg,) = pictures(block)
        assert tr("voices_parents_mark", lang) in svg
        alt = re.search(r'<img alt="([^"]*)"', block).group(1)
        assert str(escape(tr("voices_title", lang))) in alt and "5" in alt
        frame = load_frame("betrokkenheidsboom")
        texts = {i.id: i.text.get(lang) for i in frame.parents.items}
        first = block.split("<tbody>")[1].split("</tr>")[0]
        assert str(escape(texts["respected"])) in first and "+2" in first
        words = [label.get(lang) for label in frame.parents.scale.labels]
        legend = tr("voices_legend", lang, low=1, high=5, first=words[0], last=words[-1])
        assert str(escape(legend)) in block
        assert str(escape(PAYLOAD)) in block and PAYLOAD not in block
        chips = {c.barrier: c.text.get(lang) for c in frame.parents.barriers}
        assert f"{escape(chips['time'])} <span>· 5×</span>" in block
        contents = page[: page.index('id="perspectives"')]
        assert str(escape(tr("voices_title", lang))) in contents

    def test_languages_with_the_unchecked_mark(self, store):
        """Per language how many answered; a translation not yet checked is marked, for the
        trainer's eyes, and online and on paper are counted."""
        from betrokkenheid.languages import language

        session = self.with_parents(store, 5)
        block = self.block(report_html(store, session.code, "nl"))
        turkish = block[block.index(language("tr").name) :].split("</li>")[0]
        dutch = block[block.index("Nederlands") :].split("</li>")[0]
        mark = tr("voices_unchecked", "nl")
        assert (mark in turkish) is not language("tr").checked and mark not in dutch
        assert tr("voices_channels", "nl", online=1, paper=4) in block

    def test_the_comparison_section_comes_after_it(self, store):
        """With --compare, the change section is numbered after the parents' block and the
        three voices."""
        baseline, _ = filled_session(store, 3, school="De Linde")
        later = self.with_parents(store, 5)
        page = report_html(store, later.code, "en", compare=baseline.code)
        voices = re.search(r'id="voices">\s*<h2>(\d+)\.', page).group(1)
        change = re.search(r'id="change">\s*<h2>(\d+)\.', page).group(1)
        three = re.search(r'id="three">\s*<h2>(\d+)\.', page).group(1)  # then three voices
        assert int(change) == int(three) + 1 == int(voices) + 2

    def test_pdf_renders_the_block(self, store, tmp_path):
        """The PDF holds the block's title, the talk question and the table's heads."""
        pytest.importorskip("weasyprint", reason="PDF needs WeasyPrint")
        session = self.with_parents(store, 6)
        flat = " ".join(pdf_text(report_pdf(store, session.code, "nl"), tmp_path).split())
        assert tr("voices_title", "nl") in flat and tr("voices_col_surprise", "nl") in flat
        assert tr("voices_talk", "nl") in flat
