"""The trainer's guide: its content (guide.yaml), the command ``betrokkenheid guide`` and the
page 08_gids."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest

from betrokkenheid.cli import EXIT_BAD_INPUT, main
from betrokkenheid.errors import InputError
from betrokkenheid.exercises import EXERCISES
from betrokkenheid.guide import GUIDE_FILE, guide_html, guide_pdf, load_guide, step_names
from betrokkenheid.model import Text
from betrokkenheid.privacy import MIN_FAMILY, MIN_GROUP
from betrokkenheid.texts import tr
from betrokkenheid.ui import GuidePage

from .test_content import HTML_TAG, MAX_SENTENCE_WORDS, sentences, texts

ROOT = Path(__file__).resolve().parent.parent
SAME_IN_BOTH = {"{n} min"}


@pytest.fixture(scope="module")
def guide():
    return load_guide()


def all_texts(guide) -> list[tuple[str, Text]]:
    """Every text of the guide with where it is (``guide.steps.start.goal``)."""
    return list(texts(guide, "guide"))


def a_copy(tmp_path, change=lambda text: text) -> Path:
    """The shipped guide.yaml, changed by ``change``, as a file of its own."""
    path = tmp_path / "guide.yaml"
    path.write_text(change(GUIDE_FILE.read_text("utf-8")), encoding="utf-8")
    return path


class TestSteps:
    def test_every_step_of_the_registry_has_a_guide_entry(self, guide):
        """The guide has the start, every exercise of the registry in its order, and the
        debrief: no more, no fewer."""
        assert list(guide.steps) == ["start", *(e.name for e in EXERCISES), "debrief"]
        assert step_names() == list(guide.steps)

    def test_a_step_added_to_the_registry_without_guide_text_fails(self, tmp_path, monkeypatch):
        """A new exercise in the registry without its entry in guide.yaml is an error that
        names the step."""
        added = (*EXERCISES, SimpleNamespace(name="newstep"))
        monkeypatch.setattr("betrokkenheid.exercises.EXERCISES", added)
        with pytest.raises(InputError, match="no guide text for step 'newstep'"):
            load_guide(a_copy(tmp_path))

    def test_an_unknown_step_fails(self, tmp_path):
        """A step in the guide that the day does not have is an error (a typo, a step gone)."""
        path = a_copy(tmp_path, lambda t: t.replace("\n  forms:\n", "\n  form:\n"))
        with pytest.raises(InputError, match="step 'forms'"):
            load_guide(path)

    def test_each_step_has_its_parts(self, guide):
        """Each step has a goal, minutes for both plans, a group format, and how to open and
        close the talk and handle strong disagreement."""
        for name, step in guide.steps.items():
            assert set(step.minutes) == {"short", "long"}, name
            assert step.format and set(step.format) <= {"alone", "pairs", "team"}, name
            for part in (step.goal, step.open, step.close, step.disagreement):
                assert part.nl and part.en, name

    def test_a_missing_key_names_its_line(self, tmp_path):
        """A step without its 'close' text is an error naming the file, line and key."""
        text = GUIDE_FILE.read_text("utf-8")
        start = text.index("  triangle:\n")
        cut = text.index("    close:", start)
        end = text.index("    disagreement:", cut)
        path = a_copy(tmp_path, lambda t: t[:cut] + t[end:])
        with pytest.raises(InputError, match=r"line \d+.*missing key 'close'") as caught:
            load_guide(path)
        assert str(path) in str(caught.value)


class TestTexts:
    def test_texts_are_found(self, guide):
        """The walk finds the guide's many texts (so the checks below check something)."""
        assert len(all_texts(guide)) > 100

    def test_both_languages_are_complete(self, guide):
        """Every text has Dutch and English, and they differ (they are translated)."""
        for where, text in all_texts(guide):
            assert text.nl.strip() and text.en.strip(), where
            if text.nl == text.en:
                assert text.nl in SAME_IN_BOTH, f"{where}: not translated: {text.nl!r}"

    def test_the_same_placeholders_in_both(self, guide):
        """A text with a {name} to fill in has it in both languages."""
        for where, text in all_texts(guide):
            nl, en = (set(re.findall(r"\{\w+\}", t)) for t in (text.nl, text.en))
            assert nl == en, where

    def test_dutch_sentences_are_short(self, guide):
        """No Dutch sentence is longer than 25 words (B1)."""
        long = [
            f"{where}: {sentence}"
            for where, text in all_texts(guide)
            for sentence in sentences(text.nl)
            if len(sentence.split()) > MAX_SENTENCE_WORDS
        ]
        assert not long, "\n".join(long)

    def test_no_markup_or_stray_spaces(self, guide):
        """No text holds an HTML tag, a double space or space at its ends."""
        for where, text in all_texts(guide):
            for value in (text.nl, text.en):
                assert not HTML_TAG.search(value), where
                assert value == value.strip() and "  " not in value, where


class TestPlans:
    def test_the_plans_add_up_to_three_and_six_hours(self, guide):
        """The short plan adds up to 180 minutes, the long one to 360."""
        totals = {}
        for plan in guide.plans:
            totals[plan.id] = sum(
                part.minutes if part.step is None else guide.steps[part.step].minutes[plan.id]
                for part in plan.parts
            )
        assert totals == {"short": 180, "long": 360}
        assert {plan.id: plan.hours for plan in guide.plans} == {"short": 3, "long": 6}

    def test_each_plan_holds_every_step_once_in_order(self, guide):
        """Each plan goes through every step of the day once, in the order of the day."""
        for plan in guide.plans:
            assert [part.step for part in plan.parts if part.step] == step_names(), plan.id

    def test_a_plan_that_does_not_add_up_fails(self, tmp_path):
        """Changing a step's minutes without the rest of the plan is an error naming the plan."""
        path = a_copy(
            tmp_path, lambda t: t.replace("{short: 10, long: 20}", "{short: 12, long: 20}")
        )
        with pytest.raises(InputError, match="plan 'short' add up to 182 minutes, not 180"):
            load_guide(path)

    def test_the_clock_runs_through_the_plan(self):
        """The rendered plan gives each part its clock time, from the start to the end."""
        page = guide_html("nl")
        assert "13:00–13:10" in page and "15:45–16:00" in page  # three hours from 13:00
        assert "09:00–09:20" in page and "14:30–15:00" in page  # six hours from 09:00


class TestGlossary:
    def test_each_row_has_both_terms(self, guide):
        """Every row has a Flemish and a Netherlands term, not the same, and a meaning."""
        assert len(guide.glossary.rows) >= 8
        for row in guide.glossary.rows:
            assert row.flanders.strip() and row.netherlands.strip()
            assert row.flanders != row.netherlands
            assert row.meaning.nl and row.meaning.en

    @pytest.mark.parametrize(
        "flemish, dutch",
        [
            ("ouderraad", "oudercommissie"),
            ("schoolraad", "medezeggenschapsraad (MR)"),
            ("brugfiguur", "ouderconsulent"),
            ("kinderverzorger", "pedagogisch medewerker (pm'er)"),
            ("zorgcoördinator", "intern begeleider"),
            ("CLB", "jeugdgezondheidszorg"),
        ],
    )
    def test_the_terms_that_differ_are_there(self, guide, flemish, dutch):
        """The terms that differ most between Flanders and the Netherlands are side by side."""
        rows = [r for r in guide.glossary.rows if r.flanders.startswith(flemish)]
        assert rows and dutch in rows[0].netherlands


class TestRendering:
    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_the_page_holds_every_part(self, guide, language):
        """The HTML has every step's title and texts, both plans and the glossary's terms."""
        import html

        page = html.unescape(guide_html(language))
        assert f'<html lang="{language}">' in page
        for exercise in EXERCISES:
            assert tr(exercise.title_key, language) in page
        for step in guide.steps.values():
            assert step.open.get(language) in page
            assert step.disagreement.get(language) in page
        for plan in guide.plans:
            assert plan.title.get(language) in page
        for row in guide.glossary.rows:
            assert row.flanders in page and row.netherlands in page
        assert guide.principles.title.get(language) in page

    def test_privacy_says_the_thresholds(self):
        """The privacy section names the thresholds of the package, filled in."""
        page = guide_html("en")
        assert f"at least {MIN_GROUP} people" in page and f"at least {MIN_FAMILY}" in page
        assert "{min_group}" not in page and "{min_family}" not in page

    def test_the_follow_up_says_when_it_is_used(self):
        """The follow-up step says it is only for a later measurement."""
        assert "Only in a later measurement" in guide_html("en")

    def test_the_block_for_a_page_is_no_document(self):
        """For the page: only the guide's block with its own CSS, no <html> and no title."""
        block = guide_html("nl", whole=False)
        assert "<html" not in block and "<h1>" not in block
        assert block.lstrip().startswith("<style>") and 'class="btk-guide"' in block

    def test_an_unknown_language_fails(self):
        """Another language than nl or en is an InputError naming the language."""
        with pytest.raises(InputError, match="unknown language 'fr'"):
            guide_html("fr")

    def test_pdf(self):
        """The PDF is a PDF."""
        assert guide_pdf("nl").startswith(b"%PDF")


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def pdf_text(path: Path) -> str | None:
    """The text of a PDF with pdftotext, or None where it is not installed."""
    if shutil.which("pdftotext") is None:
        return None
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return " ".join(done.stdout.decode("utf-8").split())


class TestCommand:
    def test_writes_html(self, tmp_path, capsys):
        """guide -o FILE.html writes the guide as HTML, in Dutch by default."""
        target = tmp_path / "gids.html"
        status, out, err = run(capsys, "guide", "-o", target)
        assert status == 0 and err == ""
        assert f"written: {target}" in out
        page = target.read_text("utf-8")
        assert page.startswith("<!DOCTYPE html>") and "Gids voor de begeleider" in page

    @pytest.mark.parametrize("given", [["--format", "pdf"], []])
    def test_writes_pdf(self, tmp_path, capsys, given):
        """--format pdf, or a file ending in .pdf, writes a PDF with the steps' titles."""
        target = tmp_path / "guide.pdf"
        status, _, err = run(capsys, "guide", "--language", "en", *given, "-o", target)
        assert status == 0 and err == ""
        assert target.read_bytes().startswith(b"%PDF")
        text = pdf_text(target)
        if text is not None:
            assert "Trainer's guide" in text
            assert tr("page_triangle", "en") in text and "Glossary: Flanders" in text

    def test_format_html_wins_over_the_file_name(self, tmp_path, capsys):
        """--format html writes HTML, whatever the file is called."""
        target = tmp_path / "guide.pdf"
        assert run(capsys, "guide", "--format", "html", "-o", target)[0] == 0
        assert target.read_text("utf-8").startswith("<!DOCTYPE html>")

    @pytest.mark.parametrize(
        "argv, words",
        [
            (["--language", "fr", "-o", "{tmp}/g.html"], ["--language", "fr"]),
            (["--format", "docx", "-o", "{tmp}/g.html"], ["--format", "docx"]),
            (["-o", "{tmp}/no/such/folder/g.html"], ["no such folder"]),
            (["-o", "{tmp}"], ["is a folder"]),
            ([], ["-o"]),
        ],
    )
    def test_bad_arguments_exit_2_with_one_line(self, tmp_path, capsys, argv, words):
        """A bad language, format or output file: one line on stderr, status 2, no file."""
        argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
        status, out, err = run(capsys, "guide", *argv)
        assert status == EXIT_BAD_INPUT and out == ""
        assert len(err.splitlines()) == 1 and err.startswith("betrokkenheid: "), err
        assert "Traceback" not in err
        for word in words:
            assert word in err
        assert not (tmp_path / "g.html").exists()


class TestPage:
    def test_shows_the_guide_in_the_page_language(self):
        """The page shows the guide in its language and switches with NL/EN."""
        page = GuidePage(language="nl")
        assert "Het gesprek openen" in page.guide.value
        page.header.language.value = "en"
        assert page.model.language == "en"
        assert "Opening the talk" in page.guide.value
        assert "Trainer&#x27;s guide" in page.header.title.value

    def test_from_request_reads_the_language(self, monkeypatch):
        """?lang=en opens the page in English; an unknown language falls back to Dutch."""
        monkeypatch.setenv("QUERY_STRING", "lang=en")
        assert GuidePage.from_request().model.language == "en"
        monkeypatch.setenv("QUERY_STRING", "lang=xx")
        assert GuidePage.from_request().model.language == "nl"

    def test_the_notebook_is_thin(self):
        """notebooks/08_gids.ipynb is one cell that shows the page."""
        notebook = json.loads((ROOT / "notebooks" / "08_gids.ipynb").read_text("utf-8"))
        (cell,) = notebook["cells"]
        assert "GuidePage.from_request()" in "".join(cell["source"])
        assert not cell["outputs"]
