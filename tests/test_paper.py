"""The letter to parents and the paper form (betrokkenheid/paper.py), and their commands
``betrokkenheid letter`` and ``betrokkenheid paper``.

The PDFs are read back with poppler's tools (pdfinfo, pdftotext, pdftoppm) and the letter's QR
code with zbarimg, as a parent's phone would read it from the printed page.
"""

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from betrokkenheid import Store, load_frame
from betrokkenheid import paper as paper_module
from betrokkenheid.cli import EXIT_BAD_INPUT, main
from betrokkenheid.errors import InputError
from betrokkenheid.languages import LANGUAGES_DIR, LANGUAGES_ENV, offered, questionnaire_keys
from betrokkenheid.paper import letter_html, letter_pdf, paper_html, paper_pdf

URL = "https://werkboek.school.example/"
TOOLS = ("pdfinfo", "pdftotext", "pdftoppm", "zbarimg")
TIMEOUT = 60  # seconds for one of poppler's or zbar's tools


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (poppler-utils, zbar-tools)")
    return found


def _run(name: str, *args) -> str:
    done = subprocess.run(
        [_tool(name), *map(str, args)], capture_output=True, text=True, timeout=TIMEOUT
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def pages(pdf: Path) -> int:
    """How many pages a PDF has."""
    return int(re.search(r"^Pages:\s+(\d+)", _run("pdfinfo", pdf), re.M).group(1))


def text_of(pdf: Path, page: int | None = None) -> str:
    """The text of a PDF (or of one page), its white space made single spaces."""
    where = ["-f", page, "-l", page] if page else []
    return " ".join(_run("pdftotext", *where, pdf, "-").split())


def qr_codes(pdf: Path, tmp_path: Path) -> list[str]:
    """What every QR code on the PDF's first page says, read from a 150 dpi picture of it."""
    picture = tmp_path / "page"
    _run("pdftoppm", "-r", 150, "-f", 1, "-l", 1, "-singlefile", "-png", pdf, picture)
    done = subprocess.run(
        [_tool("zbarimg"), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f"{picture}.png"],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    return done.stdout.splitlines()  # zbarimg exits 4 when it finds none: an empty list


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def code_rows(store) -> int:
    """How many questionnaire codes the store holds (made on first use)."""
    from sqlalchemy import text

    with store.engine.connect() as conn:
        return conn.execute(text("select count(*) from audience_codes")).scalar()


def _language_file(code: str, direction: str, frame) -> dict:
    """A complete language file that reads as Arabic letters (for tests: not a translation)."""
    from betrokkenheid.languages import languages

    nl = languages()["nl"].texts
    texts = {
        key: f"نص {i} " + " ".join(re.findall(r"\{\w+\}", t))
        for i, (key, t) in enumerate(nl.items())
    }
    frames = {key: f"جملة {i}" for i, key in enumerate(questionnaire_keys(frame))}
    return {
        "code": code,
        "name": "العربية",
        "english": "Arabic",
        "direction": direction,
        "checked": False,
        "texts": texts,
        "frames": {frame.id: frames},
    }


@pytest.fixture
def rtl(tmp_path_factory, monkeypatch, frame) -> str:
    """A right-to-left language the questionnaire is offered in: Arabic once its file is
    shipped, else one of a temporary language folder."""
    if (LANGUAGES_DIR / "ar.yaml").exists():
        assert "ar" in [lang.code for lang in offered(frame)], "ar.yaml is not complete"
        return "ar"
    folder = tmp_path_factory.mktemp("languages")
    data = _language_file("ar", "rtl", frame)
    (folder / "ar.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    monkeypatch.setenv(LANGUAGES_ENV, str(folder))  # languages() caches by its paths: a new set
    return "ar"


@pytest.fixture
def session(store):
    return store.create_session("Basisschool De Linde", "betrokkenheidsboom", "baseline")


def _offered_codes() -> list[str]:
    return [lang.code for lang in offered(load_frame("betrokkenheidsboom"))]


class TestLetter:
    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_one_page_with_the_link_as_text(self, store, session, language, tmp_path):
        """The letter is one A4 page whose text holds the questionnaire's link."""
        pdf = write(tmp_path, "letter.pdf", letter_pdf(store, session.code, language, URL))
        assert pages(pdf) == 1
        code = store.audience_code(session, "parent")
        link = f"{URL}voila/render/10_ouders.ipynb?s={code}"
        assert link in text_of(pdf).replace(" ", "")  # a long link may wrap: no space in it
        assert "Basisschool De Linde" in text_of(pdf)

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_qr_code_reads_as_the_link(self, store, session, language, tmp_path):
        """The QR code printed on the letter says exactly the questionnaire's link."""
        pdf = write(tmp_path, "letter.pdf", letter_pdf(store, session.code, language, URL))
        code = store.audience_code(session, "parent")
        assert qr_codes(pdf, tmp_path) == [f"{URL}voila/render/10_ouders.ipynb?s={code}"]

    def test_a_room_link_keeps_its_token(self, store, session, tmp_path):
        """Given a room's join link, the letter's link (and QR) carries its token."""
        room = "http://192.168.1.5:8866/voila/render/00_start.ipynb?token=abc123"
        pdf = write(tmp_path, "letter.pdf", letter_pdf(store, session.code, "nl", room))
        code = store.audience_code(session, "parent")
        link = f"http://192.168.1.5:8866/voila/render/10_ouders.ipynb?s={code}&token=abc123"
        assert qr_codes(pdf, tmp_path) == [link]

    def test_in_every_language_one_page(self, store, session, tmp_path):
        """Every language the questionnaire is offered in gives a one-page letter."""
        for language in _offered_codes():
            pdf = write(tmp_path, f"{language}.pdf", letter_pdf(store, session.code, language, URL))
            assert pages(pdf) == 1, language

    def test_right_to_left(self, store, session, rtl, tmp_path):
        """In a right-to-left language the page says so; the link stays left to right, and
        the QR code still reads as the link."""
        page = letter_html(store, session.code, rtl, URL)
        assert re.search(r'<html lang="ar" dir="rtl">', page)
        assert '<p class="btk-link" dir="ltr">' in page
        pdf = write(tmp_path, "letter.pdf", letter_pdf(store, session.code, rtl, URL))
        assert pages(pdf) == 1
        code = store.audience_code(session, "parent")
        assert qr_codes(pdf, tmp_path) == [f"{URL}voila/render/10_ouders.ipynb?s={code}"]

    def test_left_to_right_in_dutch(self, store, session):
        """A Dutch letter is left to right."""
        assert '<html lang="nl" dir="ltr">' in letter_html(store, session.code, "nl", URL)

    def test_school_name_is_escaped(self, store):
        """A school name with markup is shown as text."""
        made = store.create_session("<b>De & Linde</b>", "betrokkenheidsboom", "baseline")
        page = letter_html(store, made.code, "nl", URL)
        assert "<b>De" not in page
        assert html.escape("<b>De & Linde</b>", quote=False) in page

    @pytest.mark.parametrize(
        "change, source",
        [
            ({"session_code": "ZZZZZZ"}, "join code"),
            ({"language": "xx"}, "language"),
            ({"url": "ftp://files.example/"}, "address"),
            ({"url": "werkboek"}, "address"),
        ],
    )
    def test_bad_input_makes_no_code(self, store, session, change, source):
        """Bad input is an InputError naming it, and no questionnaire code is made."""
        given = {"session_code": session.code, "language": "nl", "url": URL} | change
        with pytest.raises(InputError) as refused:
            letter_html(store, **given)
        assert refused.value.source == source
        assert code_rows(store) == 0

    def test_frame_without_parents_questionnaire(self, store):
        """A frame without a parents' questionnaire gets no letter."""
        made = store.create_session("De Linde", "epstein", "baseline")
        with pytest.raises(InputError, match="no questionnaire for parents"):
            letter_html(store, made.code, "nl", URL)
        assert code_rows(store) == 0

    def test_incomplete_language_is_refused(self, store, session, monkeypatch, tmp_path, frame):
        """A language whose file lacks texts of the questionnaire is not offered: refused,
        naming the languages that are."""
        data = _language_file("xh", "ltr", frame)
        data["frames"][frame.id].pop(f"parents.items.{frame.parents.items[0].id}")
        (tmp_path / "xh.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
        monkeypatch.setenv(LANGUAGES_ENV, str(tmp_path))
        with pytest.raises(InputError, match=r"not complete in Arabic \(xh\).*one of nl, en"):
            letter_html(store, session.code, "xh", URL)


class TestPaperForm:
    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_one_or_two_pages_marked(self, store, session, language, tmp_path):
        """The form has one or two pages, each with the language and the questionnaire code."""
        pdf = write(tmp_path, "form.pdf", paper_pdf(store, session.code, "parents", language))
        code = store.audience_code(session, "parent")
        count = pages(pdf)
        assert count in (1, 2)
        for page in range(1, count + 1):
            assert f"{language.upper()} · {code}" in text_of(pdf, page)

    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_holds_the_whole_questionnaire(self, store, session, frame, language, tmp_path):
        """Every statement, every step's word, both other answers, every chip and the open
        question are on the form."""
        pdf = write(tmp_path, "form.pdf", paper_pdf(store, session.code, "parents", language))
        printed = text_of(pdf)
        section = frame.parents
        texts = [item.text.get(language) for item in section.items]
        texts += [label.get(language) for label in section.scale.labels]
        texts += [chip.text.get(language) for chip in section.barriers]
        texts += [section.open.get(language), section.hard.get(language)]
        for text in texts:
            assert " ".join(text.split()) in printed, text

    def test_a_box_for_every_answer(self, store, session, frame):
        """Each statement has a box per step and for "don't know" and "rather not say"; each
        chip has one."""
        page = paper_html(store, session.code, "parents", "nl")
        section = frame.parents
        steps = len(section.scale.values) + 2
        assert page.count('class="btk-box"') == len(section.items) * steps + len(section.barriers)
        assert page.count("<img ") == len(section.scale.values)  # a face per step

    def test_right_to_left(self, store, session, rtl, tmp_path):
        """A right-to-left form says so; its mark still reads left to right."""
        page = paper_html(store, session.code, "parents", rtl)
        assert '<html lang="ar" dir="rtl">' in page
        code = store.audience_code(session, "parent")
        assert f'<span dir="ltr">AR · {code}</span>' in page
        pdf = write(tmp_path, "form.pdf", paper_pdf(store, session.code, "parents", rtl))
        assert pages(pdf) in (1, 2)
        assert f"AR · {code}" in text_of(pdf, 1)

    def test_children_have_no_paper_form(self, store, session):
        """Asking for the children's form says there is none, and where children answer;
        no questionnaire code is made."""
        for make in (paper_html, paper_pdf):
            with pytest.raises(InputError) as caught:
                make(store, session.code, "children", "nl")
            assert caught.value.source == "audience"
            assert caught.value.problem.startswith("there is no paper form for children: ")
            assert "tablets" in caught.value.problem
        assert code_rows(store) == 0

    def test_unknown_audience(self, store, session):
        """An audience that is no audience is refused."""
        with pytest.raises(InputError, match="unknown audience"):
            paper_html(store, session.code, "teachers", "nl")


class TestFonts:
    """Every letter the letter and the form print is in the font they name: no empty boxes
    ("tofu") in any language offered."""

    def _covered(self) -> set[int]:
        from fontTools.ttLib import TTFont

        found = _run("fc-match", "-f", "%{file}", "DejaVu Sans")
        if "DejaVuSans" not in Path(found).name:
            pytest.skip("DejaVu Sans is not installed (fonts-dejavu-core)")
        folder = Path(found).parent
        covered: set[int] = set()
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"):
            if (folder / name).exists():
                covered |= set(TTFont(folder / name).getBestCmap())
        return covered

    def test_every_character_has_a_glyph(self, store, session):
        """All characters of every offered language's letter and form are in DejaVu Sans."""
        covered = self._covered()
        for language in _offered_codes():
            for page in (
                letter_html(store, session.code, language, URL),
                paper_html(store, session.code, "parents", language),
            ):
                body = page.split("<body>", 1)[1]
                shown = html.unescape(re.sub(r"<[^>]*>", " ", body))
                missing = {c for c in shown if not c.isspace() and ord(c) not in covered}
                assert not missing, (language, sorted(missing))

    def test_rtl_letters_are_covered(self, rtl, store, session):
        """The right-to-left language's letters are covered too (the check can fail)."""
        covered = self._covered()
        page = letter_html(store, session.code, rtl, URL)
        arabic = {c for c in page if "\u0600" <= c <= "\u06ff"}
        assert arabic and {ord(c) for c in arabic} <= covered
        assert ord("\u4e00") not in covered  # a letter the font lacks is seen as missing


# --- the commands --------------------------------------------------------------------------


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(err: str, *words: str) -> None:
    assert len(err.splitlines()) == 1, err
    assert err.startswith("betrokkenheid: ") and "Traceback" not in err
    for word in words:
        assert word in err, err


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "cli.sqlite"
    store = Store(path)
    made = store.create_session("Basisschool De Linde", "betrokkenheidsboom", "baseline")
    other = store.create_session("De Linde", "epstein", "baseline")
    return {"db": path, "code": made.code, "epstein": other.code, "store": store}


class TestLetterCommand:
    def test_writes_a_one_page_letter(self, db, tmp_path, capsys, monkeypatch):
        """``letter`` writes the PDF and says where."""
        monkeypatch.delenv(paper_module.URL_ENV, raising=False)
        target = tmp_path / "brief.pdf"
        argv = ["letter", db["code"], "--language", "nl", "--url", URL, "-o", target]
        status, out, err = run(capsys, *argv, "--db", db["db"])
        assert (status, err) == (0, "")
        assert f"written: {target}" in out
        assert pages(target) == 1

    def test_address_from_the_environment(self, db, tmp_path, capsys, monkeypatch):
        """Without --url, $BETROKKENHEID_URL is the address."""
        monkeypatch.setenv(paper_module.URL_ENV, "https://ouders.school.example/werkboek/")
        target = tmp_path / "letter.pdf"
        argv = ["letter", db["code"], "--language", "en", "-o", target, "--db", db["db"]]
        assert run(capsys, *argv)[0] == 0
        code = db["store"].audience_code(db["store"].session(db["code"]), "parent")
        link = f"https://ouders.school.example/werkboek/voila/render/10_ouders.ipynb?s={code}"
        assert qr_codes(target, tmp_path) == [link]

    @pytest.mark.parametrize(
        "argv, words",
        [
            (["letter", "ZZZZZZ", "--language", "nl", "--url", URL], ["join code", "ZZZZZZ"]),
            (["letter", "{code}", "--language", "xx", "--url", URL], ["--language", "'xx'"]),
            (["letter", "{code}", "--language", "nl", "--url", "ftp://x/"], ["--url", "ftp://x/"]),
            (["letter", "{code}", "--language", "nl"], ["--url", "BETROKKENHEID_URL"]),
            (["letter", "{epstein}", "--language", "nl", "--url", URL], ["no questionnaire"]),
        ],
    )
    def test_bad_input(self, db, tmp_path, capsys, monkeypatch, argv, words):
        """Bad input: one line naming it, exit 2, no file and no questionnaire code."""
        monkeypatch.delenv(paper_module.URL_ENV, raising=False)
        target = tmp_path / "letter.pdf"
        argv = [a.format(**db) for a in argv]
        status, out, err = run(capsys, *argv, "-o", target, "--db", db["db"])
        assert status == EXIT_BAD_INPUT and out == ""
        assert_one_line_error(err, *words)
        assert not target.exists()
        assert code_rows(db["store"]) == 0

    @pytest.mark.parametrize("where", ["no/such/letter.pdf", "."])
    def test_unwritable_output(self, db, tmp_path, capsys, where):
        """A file that cannot be written (no such folder, a folder) exits 2, naming it,
        before anything is made."""
        target = tmp_path / where
        argv = ["letter", db["code"], "--language", "nl", "--url", URL, "-o", target]
        status, _, err = run(capsys, *argv, "--db", db["db"])
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, str(target), "cannot write")
        assert code_rows(db["store"]) == 0


class TestPaperCommand:
    def test_writes_the_form(self, db, tmp_path, capsys):
        """``paper`` writes a form of one or two pages."""
        target = tmp_path / "vragenlijst.pdf"
        argv = ["paper", db["code"], "--audience", "parents", "--language", "en", "-o", target]
        status, out, err = run(capsys, *argv, "--db", db["db"])
        assert (status, err) == (0, "")
        assert pages(target) in (1, 2)

    def test_parents_by_default(self, db, tmp_path, capsys):
        """Without --audience the form is the parents'."""
        target = tmp_path / "form.pdf"
        argv = ["paper", db["code"], "--language", "nl", "-o", target, "--db", db["db"]]
        assert run(capsys, *argv)[0] == 0
        assert "Ik voel me welkom op school." in text_of(target)

    @pytest.mark.parametrize(
        "argv, words",
        [
            (
                ["{code}", "--audience", "children"],
                ["--audience: there is no paper form for children", "tablets"],
            ),
            (["ZZZZZZ"], ["join code", "ZZZZZZ"]),
            (["{code}", "--language", "xx"], ["--language", "'xx'"]),
            (["{epstein}"], ["--audience", "no questionnaire for parents", "epstein"]),
        ],
    )
    def test_bad_input(self, db, tmp_path, capsys, argv, words):
        """Bad input: one line naming it, exit 2, no file and no questionnaire code."""
        target = tmp_path / "form.pdf"
        argv = ["paper", *[a.format(**db) for a in argv]]
        if "--language" not in argv:
            argv += ["--language", "nl"]
        status, out, err = run(capsys, *argv, "-o", target, "--db", db["db"])
        assert status == EXIT_BAD_INPUT and out == ""
        assert_one_line_error(err, *words)
        assert not target.exists()
        assert code_rows(db["store"]) == 0

    def test_unwritable_output(self, db, tmp_path, capsys):
        """An output in a folder that does not exist exits 2, naming it."""
        target = tmp_path / "missing" / "form.pdf"
        argv = ["paper", db["code"], "--language", "nl", "-o", target, "--db", db["db"]]
        status, _, err = run(capsys, *argv)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, str(target), "cannot write")
