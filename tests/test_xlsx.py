"""Export to XLSX: a tidy workbook, one answer a row, read back with openpyxl."""

import csv
import io
from datetime import datetime, timedelta

import pytest

from betrokkenheid import InputError
from betrokkenheid.exchange import export_csv, export_json, export_xlsx

from .helpers import TIDY_HEADER

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture
def filled(store, session):
    """``session`` with three people: numbers, a text, one person without answers, and another
    session that must stay out."""
    people = [store.join(session.code, role) for role in ("teacher", "director", "other")]
    for i, me in enumerate(people):
        store.save_answer(me, "triangle", "parent_school.communication", i + 2)
        store.save_answer(me, "triangle", "child_school.equality", 4.5 - i)
    store.save_answer(people[0], "barriers", "action.c.what", text='Eén "café", met\nouders')
    store.join(session.code, "teacher")  # joined but did not answer yet
    elsewhere = store.create_session("Ander", "betrokkenheidsboom", "later")
    store.save_answer(store.join(elsewhere.code, "teacher"), "triangle", "x.y", 1)
    return session


def read(data: bytes):
    """The workbook from bytes, and the rows of its sheets as lists of values."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    rows = {
        name: [list(r) for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames
    }
    return book, rows


class TestExportXlsx:
    def test_round_trip_one_row_per_answer(self, store, filled):
        """Read back: a header, then one row per answer of this session, people numbered."""
        exported = export_json(store, filled.code)
        book, rows = read(export_xlsx(store, filled.code))
        assert book.sheetnames == ["answers", "session"]
        answers = rows["answers"]
        assert answers[0] == TIDY_HEADER
        body = [dict(zip(TIDY_HEADER, row, strict=True)) for row in answers[1:]]
        assert len(body) == sum(len(p["answers"]) for p in exported["participants"]) == 7
        assert [r["participant"] for r in body] == [1, 1, 1, 2, 2, 3, 3]
        assert {r["session"] for r in body} == {filled.code}
        assert {r["school"] for r in body} == {"De Linde"}
        assert body[0]["role"] == "teacher" and body[3]["role"] == "director"
        assert body[0]["value"] is None and body[0]["text"] == 'Eén "café", met\nouders'
        assert body[1]["value"] == 4.5 and body[1]["text"] is None
        assert all(isinstance(r["answered_at"], datetime) for r in body)

    def test_same_rows_as_csv(self, store, filled):
        """The sheet holds the rows of the CSV export, with numbers and times as such."""
        csv_rows = list(csv.reader(io.StringIO(export_csv(store, filled.code))))
        _, rows = read(export_xlsx(store, filled.code))
        assert len(rows["answers"]) == len(csv_rows)
        labels = TIDY_HEADER[: TIDY_HEADER.index("value")]  # codes, numbers and names
        for got_row, want_row in zip(rows["answers"][1:], csv_rows[1:], strict=True):
            got = dict(zip(TIDY_HEADER, got_row, strict=True))
            want = dict(zip(TIDY_HEADER, want_row, strict=True))
            assert [str(got[k] or "") for k in labels] == [want[k] for k in labels]
            assert (got["value"] is None and want["value"] == "") or got["value"] == float(
                want["value"]
            )
            assert (got["text"] or "") == want["text"]
            moment = datetime.fromisoformat(want["answered_at"]).replace(tzinfo=None)
            assert abs(got["answered_at"] - moment) <= timedelta(milliseconds=1)  # its precision

    def test_no_personal_codes(self, store, filled):
        """No personal code appears in any cell of any sheet."""
        codes = [p["code"] for p in export_json(store, filled.code, backup=True)["participants"]]
        _, rows = read(export_xlsx(store, filled.code))
        cells = [str(v) for sheet in rows.values() for row in sheet for v in row]
        assert codes and not any(code in cell for code in codes for cell in cells)

    def test_session_sheet(self, store, filled):
        """The sheet "session" says which session, school, frame and measurement, and counts."""
        _, rows = read(export_xlsx(store, filled.code))
        info = dict(rows["session"][1:])
        assert rows["session"][0] == ["field", "value"]
        assert info["code"] == filled.code and info["school"] == "De Linde"
        assert info["frame"] == "betrokkenheidsboom" and info["measurement"] == "baseline"
        assert info["participants"] == 4 and info["answers"] == 7
        assert info["times"] == "UTC" and isinstance(info["created_at"], datetime)

    def test_empty_session_has_only_header(self, store, session):
        """A session without answers gives just the header row."""
        _, rows = read(export_xlsx(store, session.code))
        assert rows["answers"] == [TIDY_HEADER]

    def test_unknown_session(self, store):
        """An unknown join code is an InputError."""
        with pytest.raises(InputError, match="join code"):
            export_xlsx(store, "ZZZZZZ")


class TestXlsxFormulas:
    def test_typed_text_never_becomes_a_formula(self, store):
        """Text starting with = + - @ is kept as text, prefixed with ' as in the CSV."""
        session = store.create_session('=HYPERLINK("http://x")', "betrokkenheidsboom", "baseline")
        me = store.join(session.code, "teacher")
        for i, text in enumerate(["+1+1", "-2", "@SUM(A1)", "=1+1", "gewoon"]):
            store.save_answer(me, "barriers", f"action.c{i}.what", text=text)
        book, rows = read(export_xlsx(store, session.code))
        sheet = book["answers"]
        text = TIDY_HEADER.index("text")
        assert [r[text] for r in rows["answers"][1:]] == [
            "'+1+1",
            "'-2",
            "'@SUM(A1)",
            "'=1+1",
            "gewoon",
        ]
        assert {r[1] for r in rows["answers"][1:]} == {'\'=HYPERLINK("http://x")'}
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        assert dict(rows["session"][1:])["school"] == '\'=HYPERLINK("http://x")'

    def test_control_characters_are_dropped(self, store, session):
        """Characters a workbook cannot hold are left out instead of failing the export."""
        me = store.join(session.code, "teacher")
        # (no NUL: the store refuses it, as PostgreSQL cannot keep one)
        store.save_answer(me, "barriers", "action.c.what", text="koffie\x07 en\x0b thee")
        _, rows = read(export_xlsx(store, session.code))
        assert rows["answers"][1][TIDY_HEADER.index("text")] == "koffie en thee"


class TestReadableInExcel:
    @pytest.mark.parametrize("language", ["nl", "en"])
    def test_role_names_and_questions_beside_the_codes(self, store, session, language):
        """Beside each code its name in the chosen language: the role and the question asked;
        times are shown with their zone."""
        from betrokkenheid import load_frame
        from betrokkenheid.texts import tr

        frame = load_frame("betrokkenheidsboom")
        me = store.join(session.code, "care_coordinator")
        store.save_answer(me, "triangle", "parent_school.trust_respect", 4)
        group, barrier = frame.barriers.parent_groups[0], frame.barriers.barriers[0]
        store.save_answer(me, "barriers", f"barrier.{group.id}.{barrier.id}", 1)
        book, rows = read(export_xlsx(store, session.code, language))
        body = [dict(zip(TIDY_HEADER, row, strict=True)) for row in rows["answers"][1:]]
        assert {r["role_name"] for r in body} == {tr("role_care_coordinator", language)}
        asked = {r["item"]: r["question"] for r in body}
        relation, quality = frame.triangle.relations[0], frame.triangle.qualities[1]
        assert quality.id == "trust_respect" and relation.id == "parent_school"
        assert asked["parent_school.trust_respect"] == (
            f"{relation.label.get(language)} — {quality.label.get(language)}"
        )
        assert group.label.get(language) in asked[f"barrier.{group.id}.{barrier.id}"]
        time_cell = book["answers"].cell(row=2, column=TIDY_HEADER.index("answered_at") + 1)
        assert "UTC" in time_cell.number_format
        csv_text = export_csv(store, session.code, language)
        assert tr("role_care_coordinator", language) in csv_text

    def test_unknown_language_is_refused(self, store, session):
        """A language the workbook does not speak is one clear error."""
        with pytest.raises(InputError, match="language"):
            export_csv(store, session.code, "fr")


class TestParentsInXlsx:
    """What a parent was asked, and who answered how (issue 12)."""

    @pytest.fixture
    def with_parents(self, store, session, monkeypatch, tmp_path):
        from betrokkenheid.languages import LANGUAGES_ENV

        from .helpers import add_parents, language_folder

        monkeypatch.setenv(LANGUAGES_ENV, str(language_folder(tmp_path / "languages")))
        add_parents(store, session)
        return session

    @pytest.mark.parametrize("language, parent", [("nl", "Ouder"), ("en", "Parent")])
    def test_a_parents_question_and_role(self, store, with_parents, language, parent):
        """A parent's row names the role "ouder"/"parent" and the question the parent was
        asked: the statement, "what makes it hard?" with the chip, the open question; in
        the export's language, whatever the parent's."""
        from betrokkenheid import load_frame

        section = load_frame("betrokkenheidsboom").parents
        _, rows = read(export_xlsx(store, with_parents.code, language))
        body = [dict(zip(TIDY_HEADER, row, strict=True)) for row in rows["answers"][1:]]
        parents = [r for r in body if r["audience"] == "parent"]
        assert len(parents) == 8 and {r["exercise"] for r in parents} == {"parents"}
        assert {r["role"] for r in parents} == {"parent"}
        assert {r["role_name"] for r in parents} == {parent}
        asked = {(r["participant"], r["item"]): r["question"] for r in parents}
        welcome = next(i for i in section.items if i.id == "welcome").text.get(language)
        assert asked[(2, "welcome")] == asked[(3, "welcome")] == asked[(4, "welcome")] == welcome
        costs = next(b for b in section.barriers if b.barrier == "costs").text.get(language)
        assert asked[(3, "barriers.costs")] == f"{section.hard.get(language)} — {costs}"
        assert asked[(2, "open")] == section.open.get(language)
        team = [r for r in body if r["audience"] == "team"]
        assert [r["question"] for r in team] == [
            "Ouder en school — Vertrouwen en respect"
            if language == "nl"
            else "Parent and school — Trust and respect"
        ]

    def test_who_answered_how(self, store, with_parents):
        """The columns audience, channel and language; the session sheet counts the team
        and the parents."""
        _, rows = read(export_xlsx(store, with_parents.code))
        body = [dict(zip(TIDY_HEADER, row, strict=True)) for row in rows["answers"][1:]]
        who = {(r["participant"], r["audience"], r["channel"], r["language"]) for r in body}
        assert who == {
            (1, "team", "online", "nl"),
            (2, "parent", "online", "nl"),
            (3, "parent", "paper", "en"),
            (4, "parent", "online", "eo"),
        }
        info = dict(rows["session"][1:])
        assert (info["participants"], info["team"], info["parents"]) == (4, 1, 3)
        texts = {r["item"]: r["text"] for r in body if r["participant"] == 2}
        assert texts["know_whom_to_ask"] == "dont_know"


class TestChildrenInXlsx:
    """What a child was asked, and who answered (issue 13)."""

    @pytest.fixture
    def with_children(self, store, session, monkeypatch, tmp_path):
        from betrokkenheid.languages import LANGUAGES_ENV

        from .helpers import add_children, add_parents, language_folder

        monkeypatch.setenv(LANGUAGES_ENV, str(language_folder(tmp_path / "languages")))
        add_parents(store, session)
        add_children(store, session)
        return session

    @pytest.mark.parametrize("language, child", [("nl", "Kind"), ("en", "Child")])
    def test_a_childs_question_and_role(self, store, with_children, language, child):
        """A child's row is audience and role ``child`` ("kind"/"child") under the exercise
        ``children``, with the children's statement as its question, in the export's
        language; a parent's keeps the parents' statement."""
        from betrokkenheid import load_frame

        frame = load_frame("betrokkenheidsboom")
        _, rows = read(export_xlsx(store, with_children.code, language))
        body = [dict(zip(TIDY_HEADER, row, strict=True)) for row in rows["answers"][1:]]
        children = [r for r in body if r["audience"] == "child"]
        assert len(children) == 6 and {r["exercise"] for r in children} == {"children"}
        assert {r["role"] for r in children} == {"child"}
        assert {r["role_name"] for r in children} == {child}
        assert {r["participant"] for r in children} == {5, 6, 7}
        texts = {i.id: i.text.get(language) for i in frame.children.items}
        for row in children:
            assert row["question"] == texts[row["item"]], row
        assert {r["text"] for r in children} == {None, "dont_know"}
        welcome = next(i for i in frame.parents.items if i.id == "welcome").text.get(language)
        assert {r["question"] for r in body if r["item"] == "welcome"} == {welcome}

    def test_the_session_sheet_counts_the_children(self, store, with_children):
        """The session sheet counts the team, the parents and the children apart."""
        _, rows = read(export_xlsx(store, with_children.code))
        info = dict(rows["session"][1:])
        counts = [info[name] for name in ("participants", "team", "parents", "children")]
        assert counts == [7, 1, 3, 3]

    def test_the_csv_says_the_same(self, store, with_children):
        """The CSV's child rows have the same audience, role and question."""
        table = list(csv.DictReader(io.StringIO(export_csv(store, with_children.code, "en"))))
        children = [r for r in table if r["audience"] == "child"]
        assert len(children) == 6 and {r["role"] for r in children} == {"child"}
        first = next(r for r in children if r["item"] == "like_school")
        assert (first["exercise"], first["question"]) == ("children", "I like being at school.")
