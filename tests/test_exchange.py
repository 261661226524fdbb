"""Export to JSON and CSV, and import of a JSON export: exact, and all or nothing."""

import copy
import csv
import io
import json
from pathlib import Path
from datetime import datetime, timezone

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

import betrokkenheid.exchange as exchange
from betrokkenheid import InputError, Store
from betrokkenheid.exchange import FORMAT, export_csv, export_json, import_json
from betrokkenheid.store import metadata

from .helpers import TIDY_HEADER


@pytest.fixture
def filled(store, session):
    """``session`` with three people, numbers and texts (one tricky), and a second session."""
    people = [store.join(session.code, role) for role in ("teacher", "director", "other")]
    for i, me in enumerate(people):
        store.save_answer(me, "triangle", "parent_school.communication", i + 2)
        store.save_answer(me, "triangle", "child_school.equality", 4.5 - i)
    store.save_answer(people[0], "notes", "idea", text='Eén "café", met\nouders; =1+1')
    store.join(session.code, "teacher")  # joined but did not answer yet
    elsewhere = store.create_session("Ander", "betrokkenheidsboom", "later")
    store.save_answer(store.join(elsewhere.code, "teacher"), "triangle", "x.y", 1)
    return session


@pytest.fixture
def exported(store, filled):
    """The JSON export of ``filled``."""
    return export_json(store, filled.code)


def write_json(path, data) -> None:
    """Write ``data`` as the CLI does (UTF-8, non-ASCII kept)."""
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def table_contents(store) -> dict:
    """Every row of every table of ``store``."""
    with store.engine.connect() as conn:
        return {
            table.name: conn.execute(select(table).order_by(*table.primary_key)).all()
            for table in metadata.sorted_tables
        }


def file_bytes(store, path) -> bytes | None:
    """The bytes of a store's SQLite file, after closing its connections (WAL checkpointed);
    ``None`` for a PostgreSQL database (there :func:`table_contents` says it all)."""
    if not isinstance(path, Path):
        return None
    store.engine.dispose()
    assert not path.with_name(path.name + "-wal").exists()
    return path.read_bytes()


class TestExportJson:
    def test_shape(self, exported, filled):
        """The export has format, version, the session and its participants with answers."""
        assert exported["format"] == FORMAT
        assert exported["version"] == 1
        assert exported["session"]["code"] == filled.code
        assert exported["session"]["school"] == "De Linde"
        assert exported["session"]["measurement"] == "baseline"
        people = exported["participants"]
        assert [p["role"] for p in people] == ["teacher", "director", "other", "teacher"]
        assert [len(p["answers"]) for p in people] == [3, 2, 2, 0]
        first = people[0]["answers"]
        assert [(a["exercise"], a["item"]) for a in first] == [
            ("notes", "idea"),
            ("triangle", "child_school.equality"),
            ("triangle", "parent_school.communication"),
        ]
        assert first[1]["value"] == 4.5 and first[1]["text"] is None
        assert first[0]["value"] is None and first[0]["text"].startswith("Eén")
        assert datetime.fromisoformat(first[0]["answered_at"]).utcoffset().total_seconds() == 0

    def test_only_this_session(self, exported):
        """Nothing of another session is in the export."""
        items = {a["item"] for p in exported["participants"] for a in p["answers"]}
        assert "x.y" not in items

    def test_is_json(self, exported):
        """The export is plain data that json can write and read back unchanged."""
        assert json.loads(json.dumps(exported)) == exported

    def test_unknown_session(self, store, session):
        """Exporting a join code of no session names the join code."""
        with pytest.raises(InputError, match="join code"):
            export_json(store, "ZZZZZZ" if session.code != "ZZZZZZ" else "YYYYYY")


class TestImportJson:
    def test_round_trip_is_exact(self, exported, tmp_path, new_db):
        """Export, import into an empty database, export again: the same data."""
        path = tmp_path / "export.json"
        write_json(path, exported)
        other = Store(new_db("empty"))
        code = import_json(other, path)
        assert code == exported["session"]["code"]
        assert export_json(other, code) == exported
        assert len(other.sessions()) == 1

    def test_imported_people_can_resume(self, exported, tmp_path, new_db):
        """After an import people resume with their personal codes and find their answers."""
        path = tmp_path / "export.json"
        write_json(path, exported)
        other = Store(new_db("empty"))
        import_json(other, path)
        person = exported["participants"][1]
        me = other.participant(person["code"].lower())
        assert me.role == "director"
        assert other.answers_of(me, "triangle") == {
            a["item"]: a["value"] for a in person["answers"]
        }

    def test_accepts_byte_order_mark(self, exported, tmp_path, new_db):
        """A UTF-8 file with a byte order mark (Windows editors) is read."""
        path = tmp_path / "bom.json"
        path.write_bytes(json.dumps(exported).encode("utf-8-sig"))
        other = Store(new_db("empty"))
        assert import_json(other, path) == exported["session"]["code"]

    def test_times_with_an_offset_are_kept_as_moments(self, exported, tmp_path, new_db):
        """12:00+02:00 in a file is stored as 10:00 UTC, not as 12:00 UTC."""
        data = copy.deepcopy(exported)
        data["session"]["created_at"] = "2024-05-01T12:00:00+02:00"
        data["participants"][0]["answers"][0]["answered_at"] = "2024-05-01T12:00:00"
        path = tmp_path / "offset.json"
        write_json(path, data)
        other = Store(new_db("empty"))
        import_json(other, path)
        again = export_json(other, data["session"]["code"])
        assert other.session(data["session"]["code"]).created_at == datetime(
            2024, 5, 1, 10, tzinfo=timezone.utc
        )
        assert again["session"]["created_at"] == "2024-05-01T10:00:00+00:00"
        answered = again["participants"][0]["answers"][0]["answered_at"]
        assert answered == "2024-05-01T12:00:00+00:00"


def _set(*path_and_value):
    """A change to an export: set the value at a key path."""
    *path, value = path_and_value

    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(*path):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


def _repeat_participant(data):
    data["participants"].append(copy.deepcopy(data["participants"][0]))


def _repeat_answer(data):
    answers = data["participants"][0]["answers"]
    answers.append(dict(answers[1], value=1.0))


# name → (change to the export dict, or a function of the good bytes, expected place)
BROKEN = {
    "not JSON": (lambda good: b"this is not json\n", "line 1"),
    "truncated": (lambda good: good[: len(good) // 2], "line"),
    "empty": (lambda good: b"", "line 1"),
    "UTF-16": (lambda good: good.decode("utf-8").encode("utf-16"), "byte 0"),
    "Latin-1": (lambda good: good.decode("utf-8").encode("latin-1"), "byte"),
    "top level list": (lambda good: b"[]", "key '(top level)'"),
    "missing key": (_delete("session", "school"), "key 'session.school'"),
    "missing answers": (_delete("participants", 1, "answers"), "key 'participants.1.answers'"),
    "unknown key": (_set("session", "colour", "red"), "key 'session.colour'"),
    "unknown answer key": (
        _set("participants", 0, "answers", 0, "mood", "ok"),
        "key 'participants.0.answers.0.mood'",
    ),
    "wrong type": (
        _set("participants", 0, "answers", 1, "value", "veel"),
        "key 'participants.0.answers.1.value'",
    ),
    "participants not a list": (_set("participants", {"a": 1}), "key 'participants'"),
    "not a number": (
        _set("participants", 0, "answers", 1, "value", float("nan")),
        "key 'participants.0.answers.1.value'",
    ),
    "bad date": (_set("session", "created_at", "gisteren"), "key 'session.created_at'"),
    "NUL in a text": (
        _set("participants", 0, "answers", 0, "text", "a\x00b"),
        "key 'participants.0.answers.0.text'",
    ),
    "NUL in the school": (_set("session", "school", "\x00De Linde"), "key 'session.school'"),
    "bad role": (_set("participants", 2, "role", "headmaster"), "key 'participants.2.role'"),
    "bad language": (_set("participants", 0, "language", "fr"), "key 'participants.0.language'"),
    "bad measurement": (_set("session", "measurement", "midterm"), "key 'session.measurement'"),
    "bad format": (_set("format", "something-else"), "key 'format'"),
    "bad version": (_set("version", 2), "key 'version'"),
    "session code too long": (_set("session", "code", "ABCDEFGH"), "key 'session.code'"),
    "session code with O": (_set("session", "code", "ABCDEO"), "key 'session.code'"),
    "personal code too short": (
        _set("participants", 0, "code", "ABCDEF"),
        "key 'participants.0.code'",
    ),
    "text too long": (
        _set("participants", 0, "answers", 0, "text", "a" * 1001),
        "key 'participants.0.answers.0.text'",
    ),
    "duplicate participant code": (_repeat_participant, "key 'participants'"),
    "duplicate answer item": (_repeat_answer, "key 'participants.0.answers'"),
    "session exists already": ("existing session", "key 'session.code'"),
    "personal code exists already": ("existing person", "key 'participants'"),
}


class TestImportIsAllOrNothing:
    @pytest.fixture
    def target(self, new_db):
        """A database that holds a session and a person with an answer already."""
        path = new_db("target")
        store = Store(path)
        there = store.create_session("Bestaand", "betrokkenheidsboom", "baseline")
        someone = store.join(there.code, "teacher")
        store.save_answer(someone, "triangle", "parent_school.communication", 3)
        return store, path, there.code, someone.code

    def make_file(self, name, exported, target, tmp_path):
        """The broken file ``name`` of BROKEN."""
        change, _ = BROKEN[name]
        _, _, there, someone = target
        data = copy.deepcopy(exported)
        if change == "existing session":
            data["session"]["code"] = there
        elif change == "existing person":
            data["participants"][2]["code"] = someone
        elif getattr(change, "__name__", "") != "<lambda>":
            change(data)
        good = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        if getattr(change, "__name__", "") == "<lambda>":
            good = change(good)
        path = tmp_path / "broken file.json"
        path.write_bytes(good)
        return path

    def test_there_are_enough_broken_files(self):
        """At least ten different broken files are tried."""
        assert len(BROKEN) >= 10

    @pytest.mark.parametrize("name", sorted(BROKEN))
    def test_broken_file_changes_nothing(self, name, exported, target, tmp_path):
        """A broken import raises InputError naming file and place, and changes no byte."""
        store, db, _, _ = target
        path = self.make_file(name, exported, target, tmp_path)
        rows, before = table_contents(store), file_bytes(store, db)
        with pytest.raises(InputError) as caught:
            import_json(store, path)
        error = caught.value
        assert error.source == str(path)
        assert str(path) in str(error)
        assert BROKEN[name][1] in (error.where or "")
        assert "\n" not in str(error)
        assert file_bytes(store, db) == before
        assert table_contents(store) == rows

    def test_too_big_file(self, exported, target, tmp_path, monkeypatch):
        """A file over MAX_IMPORT_BYTES is refused before it is read, naming the file."""
        store, db, _, _ = target
        path = tmp_path / "big.json"
        write_json(path, exported)
        monkeypatch.setattr(exchange, "MAX_IMPORT_BYTES", path.stat().st_size - 1)
        before = file_bytes(store, db)
        with pytest.raises(InputError, match="larger than") as caught:
            import_json(store, path)
        assert caught.value.source == str(path)
        assert file_bytes(store, db) == before

    def test_missing_file(self, store, tmp_path):
        """A file that does not exist is named in the error."""
        path = tmp_path / "nothing.json"
        with pytest.raises(InputError, match="file not found") as caught:
            import_json(store, path)
        assert caught.value.source == str(path)

    def test_failure_halfway_writes_nothing(self, exported, target, tmp_path):
        """When writing fails after session and people are in, none of them is kept."""
        store, db, _, _ = target
        path = tmp_path / "good.json"
        write_json(path, exported)
        rows, before = table_contents(store), file_bytes(store, db)
        inserts = []

        def fail_on_answers(conn, cursor, statement, parameters, context, executemany):
            if statement.startswith("INSERT INTO"):
                inserts.append(statement.split()[2])
                if statement.startswith("INSERT INTO answers"):
                    raise RuntimeError("disk full")

        event.listen(store.engine, "before_cursor_execute", fail_on_answers)
        with pytest.raises(RuntimeError, match="disk full"):
            import_json(store, path)
        event.remove(store.engine, "before_cursor_execute", fail_on_answers)
        assert inserts[:2] == ["sessions", "participants"]  # the failure was halfway
        assert table_contents(store) == rows
        assert file_bytes(store, db) == before

    def test_lost_race_is_input_error(self, exported, store, tmp_path, monkeypatch):
        """A code taken by another process between check and write gives InputError."""
        path = tmp_path / "good.json"
        write_json(path, exported)

        def taken(_conn, _cursor, statement, *_args):
            if statement.startswith("INSERT INTO sessions"):
                raise IntegrityError(statement, {}, Exception("UNIQUE failed"))

        event.listen(store.engine, "before_cursor_execute", taken)
        with pytest.raises(InputError, match="exists already") as caught:
            import_json(store, path)
        event.remove(store.engine, "before_cursor_execute", taken)
        assert caught.value.source == str(path)

    def test_good_file_after_broken_one(self, exported, target, tmp_path):
        """After a refused import the same database takes a good file."""
        store, _, _, _ = target
        broken = self.make_file("bad role", exported, target, tmp_path)
        with pytest.raises(InputError):
            import_json(store, broken)
        good = tmp_path / "good.json"
        write_json(good, exported)
        assert import_json(store, good) == exported["session"]["code"]
        assert len(store.sessions()) == 2


class TestExportCsv:
    def test_one_row_per_answer_with_header(self, store, filled, exported):
        """A header, then one row per answer, people numbered from 1 in joining order."""
        text = export_csv(store, filled.code)
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == TIDY_HEADER
        body = [dict(zip(TIDY_HEADER, row, strict=True)) for row in rows[1:]]
        assert all(len(row) == len(TIDY_HEADER) for row in rows)
        assert len(body) == sum(len(p["answers"]) for p in exported["participants"]) == 7
        assert [r["participant"] for r in body] == ["1", "1", "1", "2", "2", "3", "3"]
        assert {r["session"] for r in body} == {filled.code}
        assert {r["school"] for r in body} == {"De Linde"}
        assert body[0]["role"] == "teacher" and body[3]["role"] == "director"
        assert body[0]["value"] == "" and body[0]["text"] == 'Eén "café", met\nouders; =1+1'
        assert body[1]["value"] == "4.5" and body[1]["text"] == ""

    def test_no_personal_codes(self, store, filled, exported):
        """No personal code appears anywhere in the CSV."""
        text = export_csv(store, filled.code)
        codes = [p["code"] for p in exported["participants"]]
        assert codes and not any(code in text for code in codes)

    def test_empty_session_has_only_header(self, store, session):
        """A session without answers gives just the header."""
        assert export_csv(store, session.code) == ",".join(TIDY_HEADER) + "\n"


class TestCsvFormulas:
    def test_typed_text_never_becomes_a_formula(self, store):
        """School names starting with = + - @ are quoted so a spreadsheet shows them as text."""
        session = store.create_session('=HYPERLINK("http://x")', "betrokkenheidsboom", "baseline")
        me = store.join(session.code, "teacher")
        store.save_answer(me, "triangle", "parent_school.equality", 3)
        rows = list(csv.reader(io.StringIO(export_csv(store, session.code))))
        assert rows[1][1] == '\'=HYPERLINK("http://x")'
