"""Export to JSON and CSV, and import of a JSON export or backup: exact, and all or nothing."""

import copy
import csv
import io
import json
import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

import betrokkenheid.exchange as exchange
from betrokkenheid import InputError, Store, answers_frame, load_frame
from betrokkenheid.exchange import (
    FORMAT,
    VERSION,
    export_csv,
    export_json,
    import_json,
    import_session,
    parse_export,
)
from betrokkenheid.store import metadata

from .helpers import TIDY_HEADER


@pytest.fixture
def filled(store, session):
    """``session`` with three people, numbers and texts (one tricky), and a second session."""
    people = [store.join(session.code, role) for role in ("teacher", "director", "other")]
    for i, me in enumerate(people):
        store.save_answer(me, "triangle", "parent_school.communication", i + 2)
        store.save_answer(me, "triangle", "child_school.equality", 4 - i)
    store.save_answer(people[0], "barriers", "other.new_parents", text=TRICKY)
    store.join(session.code, "teacher")  # joined but did not answer yet
    elsewhere = store.create_session("Ander", "betrokkenheidsboom", "later")
    store.save_answer(store.join(elsewhere.code, "teacher"), "triangle", "x.y", 1)
    return session


TRICKY = 'Eén "café", met\nouders; =1+1'


@pytest.fixture
def exported(store, filled):
    """The backup of ``filled``: the JSON export with the personal codes."""
    return export_json(store, filled.code, backup=True)


@pytest.fixture
def shared(store, filled):
    """The shareable JSON export of ``filled``: participants numbered, no personal codes."""
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
        assert exported["version"] == VERSION == 4
        assert exported["kind"] == "backup"
        assert exported["session"]["code"] == filled.code
        assert exported["session"]["baseline"] is None
        assert exported["session"]["school"] == "De Linde"
        assert exported["session"]["measurement"] == "baseline"
        people = exported["participants"]
        assert [p["role"] for p in people] == ["teacher", "director", "other", "teacher"]
        assert [len(p["answers"]) for p in people] == [3, 2, 2, 0]
        first = people[0]["answers"]
        assert [(a["exercise"], a["item"]) for a in first] == [
            ("barriers", "other.new_parents"),
            ("triangle", "child_school.equality"),
            ("triangle", "parent_school.communication"),
        ]
        assert first[1]["value"] == 4 and first[1]["text"] is None
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
        assert export_json(other, code, backup=True) == exported
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
        again = export_json(other, data["session"]["code"], backup=True)
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


def _answer(index, **fields):
    """A change to an export: set fields of the first participant's answer ``index``."""

    def change(data):
        data["participants"][0]["answers"][index].update(fields)

    return change


def _four_votes(data):
    """The first participant votes for four opportunities (the page allows three)."""
    chances = [c.id for c in load_frame("betrokkenheidsboom").barriers.opportunities]
    answers = data["participants"][0]["answers"]
    moment = answers[0]["answered_at"]
    for chance in chances[:4]:
        vote = {"exercise": "barriers", "item": f"vote.{chance}", "value": 1.0}
        answers.append({**vote, "text": None, "answered_at": moment})


def _later_with_baseline(baseline):
    """A change to an export: a later measurement that names ``baseline``."""

    def change(data):
        data["session"].update(measurement="later", baseline=baseline)

    return change


def _own_baseline(data):
    data["session"].update(measurement="later", baseline=data["session"]["code"])


def _baseline_in_version_2(data):
    data["version"] = 2
    data["session"].update(measurement="later", baseline="ABCDEF")


CLIMATE_ITEM = load_frame("betrokkenheidsboom").climate.components[0].id

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
    "unknown key on two lines": (
        _set("session", "co\nlour", "red"),
        "key 'session.co\\nlour'",
    ),
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
    "bad version": (_set("version", VERSION + 1), "key 'version'"),
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
    # what the pages would refuse (issue 17): the frame, the items, the values, the texts
    "unknown frame": (_set("session", "frame", "no-such-frame"), "key 'session.frame'"),
    "frame that is a path": (
        _set("session", "frame", "../../../../etc/passwd"),
        "key 'session.frame'",
    ),
    "frame that is a file": (
        _set("session", "frame", str(Path(exchange.__file__).parent / "frames/epstein.yaml")),
        "key 'session.frame'",
    ),
    "frame without the exercise": (
        _set("session", "frame", "samen-met-ouders"),  # a climate rubric only
        "key 'participants.0.answers.0.exercise'",
    ),
    "unknown exercise": (_answer(1, exercise="notes"), "key 'participants.0.answers.1.exercise'"),
    "unknown item": (
        _answer(1, item="parent_school.mood"),
        "key 'participants.0.answers.1.item'",
    ),
    "value above the scale": (_answer(1, value=99), "key 'participants.0.answers.1.value'"),
    "negative value": (_answer(1, value=-1), "key 'participants.0.answers.1.value'"),
    "zero on a 1 to 5 scale": (_answer(1, value=0), "key 'participants.0.answers.1.value'"),
    "half a step": (_answer(1, value=3.5), "key 'participants.0.answers.1.value'"),
    "true as a value": (_answer(1, value=True), "key 'participants.0.answers.1.value'"),
    "1e308 as a value": (_answer(1, value=1e308), "key 'participants.0.answers.1.value'"),
    "value as a string": (_answer(1, value="4"), "key 'participants.0.answers.1.value'"),
    "climate level 5 of 4": (
        _answer(1, exercise="climate", item=CLIMATE_ITEM, value=5),
        "key 'participants.0.answers.1.value'",
    ),
    "text for a rating": (
        _answer(1, value=None, text="veel"),
        "key 'participants.0.answers.1.text'",
    ),
    "number for a text": (_answer(0, value=3, text=None), "key 'participants.0.answers.0.value'"),
    "both a number and a text": (_answer(1, text="ook"), "key 'participants.0.answers.1.text'"),
    "text longer than the page takes": (
        _answer(0, text="a" * 301),
        "key 'participants.0.answers.0.text'",
    ),
    "text of spaces": (_answer(0, text="   "), "key 'participants.0.answers.0.text'"),
    "text with spaces around": (_answer(0, text=" Taal "), "key 'participants.0.answers.0.text'"),
    "unknown form of an activity": (
        _answer(0, exercise="forms", item="newsletter.form", text="gossip"),
        "key 'participants.0.answers.0.text'",
    ),
    "own activity beyond the limit": (
        _answer(1, exercise="forms", item="own_21", value=1),
        "key 'participants.0.answers.1.item'",
    ),
    "a vote too many": (_four_votes, "key 'participants.0.answers.6.value'"),
    "school of spaces": (_set("session", "school", "   "), "key 'session.school'"),
    "school with spaces around": (_set("session", "school", " De Linde"), "key 'session.school'"),
    "school on two lines": (_set("session", "school", "De\nLinde"), "key 'session.school'"),
    "school that is empty": (_set("session", "school", ""), "key 'session.school'"),
    "version as a string": (_set("version", "2"), "key 'version'"),
    "version as true": (_set("version", True), "key 'version'"),
    "version 1 with a kind": (_set("version", 1), "key 'kind'"),
    "version 2 without a kind": (_delete("kind"), "key 'kind'"),
    "unknown kind": (_set("kind", "secret"), "key 'kind'"),
    "backup without a code": (_delete("participants", 0, "code"), "key 'participants.0.code'"),
    "backup with numbers": (_set("participants", 1, "number", 2), "key 'participants.1.number'"),
    "a number of 5000 digits": (
        lambda good: good.replace(b'"version": 4', b'"version": ' + b"9" * 5000),
        "key 'version'",
    ),
    "a value of 5000 digits": (
        lambda good: good.replace(b'"value": 4.0', b'"value": ' + b"4" * 5000, 1),
        "key 'participants.0.answers.1.value'",
    ),
    "moment as a number": (
        _answer(1, answered_at=0),
        "key 'participants.0.answers.1.answered_at'",
    ),
    "moment beyond the calendar": (
        _set("session", "created_at", "0001-01-01T00:00:00+01:00"),
        "key 'session.created_at'",
    ),
    # the link to a baseline (issue 18)
    "baseline of a baseline measurement": (
        _set("session", "baseline", "ABCDEF"),
        "key 'session.baseline'",
    ),
    "baseline that is the session itself": (_own_baseline, "key 'session.baseline'"),
    "baseline in a version 2 file": (_baseline_in_version_2, "key 'session.baseline'"),
    "baseline that is no code": (_later_with_baseline("abc-de"), "key 'session.baseline'"),
    "baseline as a number": (_later_with_baseline(123456), "key 'session.baseline'"),
}

# A shareable export broken: name -> (change, expected place)
BROKEN_SHAREABLE = {
    "a personal code in it": (_set("participants", 0, "code", "ABCDEFGH"), "participants.0.code"),
    "no numbers": (_delete("participants", 1, "number"), "key 'participants.1.number'"),
    "numbers out of order": (_set("participants", 1, "number", 3), "key 'participants.1.number'"),
    "number as a string": (_set("participants", 0, "number", "1"), "key 'participants.0.number'"),
    "unknown frame": (_set("session", "frame", "../frames/epstein"), "key 'session.frame'"),
    "value above the scale": (_answer(1, value=6), "key 'participants.0.answers.1.value'"),
    "baseline of a baseline": (_set("session", "baseline", "ABCDEF"), "key 'session.baseline'"),
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

    def make_file(self, name, exported, target, tmp_path, table=BROKEN):
        """The broken file ``name`` of ``table`` (BROKEN or BROKEN_SHAREABLE)."""
        change, _ = table[name]
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

    @pytest.mark.parametrize("name", sorted(BROKEN_SHAREABLE))
    def test_broken_shareable_export_changes_nothing(self, name, shared, target, tmp_path):
        """A broken shareable export is refused like a broken backup, naming file and key."""
        store, db, _, _ = target
        path = self.make_file(name, shared, target, tmp_path, BROKEN_SHAREABLE)
        rows, before = table_contents(store), file_bytes(store, db)
        with pytest.raises(InputError) as caught:
            import_json(store, path)
        assert caught.value.source == str(path)
        assert BROKEN_SHAREABLE[name][1] in (caught.value.where or "")
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

    def test_folder_is_named_a_folder(self, store, tmp_path):
        """A folder given as the file says that it is a folder, not that it is missing."""
        with pytest.raises(InputError, match="is a folder") as caught:
            import_json(store, tmp_path)
        assert caught.value.source == str(tmp_path)

    @pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
    def test_named_pipe_is_named_not_a_file(self, store, tmp_path):
        """A named pipe given as the file is refused at once (never read, never waited on)."""
        pipe = tmp_path / "pipe.json"
        os.mkfifo(pipe)
        with pytest.raises(InputError, match="not a regular file") as caught:
            import_json(store, pipe)
        assert caught.value.source == str(pipe)
        assert store.sessions() == []

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


class TestShareableAndBackup:
    def test_shareable_export_holds_no_personal_code(self, shared, exported):
        """The shareable export numbers its participants and holds none of their codes."""
        assert shared["kind"] == "shareable" and shared["version"] == VERSION
        text = json.dumps(shared)
        codes = [p["code"] for p in exported["participants"]]
        assert codes and not any(code in text for code in codes)
        assert [p["number"] for p in shared["participants"]] == [1, 2, 3, 4]
        assert all("code" not in p for p in shared["participants"])
        assert [p["answers"] for p in shared["participants"]] == [
            p["answers"] for p in exported["participants"]
        ]

    def test_backup_holds_the_personal_codes(self, store, filled, exported):
        """A backup says so in its kind, and holds every participant's personal code."""
        assert exported["kind"] == "backup"
        codes = {p["code"] for p in exported["participants"]}
        assert all(store.participant(code).session.code == filled.code for code in codes)

    def test_shareable_import_makes_new_codes(self, store, filled, shared, tmp_path):
        """A shareable export imports with a new join code and new personal codes, even into
        the database it came from; the answers are the same."""
        path = tmp_path / "shared.json"
        write_json(path, shared)
        made = import_session(store, path)
        assert made.new_codes and made.kind == "shareable"
        assert made.code != filled.code and (made.participants, made.answers) == (4, 7)
        again = export_json(store, made.code)
        assert again["session"] == {**shared["session"], "code": made.code}
        assert again["participants"] == shared["participants"]
        old = {p.code for p in _people(store, filled.code)}
        new = {p.code for p in _people(store, made.code)}
        assert len(new) == 4 and not old & new
        assert import_session(store, path).code not in (made.code, filled.code)  # and again

    def test_backup_import_keeps_the_codes(self, exported, tmp_path, new_db):
        """A backup imports with its own join code and personal codes, and says so."""
        path = tmp_path / "linde.backup.json"
        write_json(path, exported)
        made = import_session(Store(new_db("empty")), path)
        assert not made.new_codes and made.kind == "backup"
        assert made.code == exported["session"]["code"]

    def test_version_1_file_is_read_as_a_backup(self, exported, tmp_path, new_db):
        """A file of version 1 (before shareable exports) holds codes: it imports as a backup."""
        old = {k: v for k, v in exported.items() if k != "kind"}
        old["version"] = 1
        path = tmp_path / "old.json"
        write_json(path, old)
        other = Store(new_db("empty"))
        made = import_session(other, path)
        assert made.kind == "backup" and made.code == exported["session"]["code"]
        assert export_json(other, made.code, backup=True) == exported

    def test_climate_rubric_takes_1_to_4(self, exported, tmp_path, new_db):
        """The climate rubric's 4 levels: 4 is taken (5 is refused, see BROKEN)."""
        data = copy.deepcopy(exported)
        _answer(1, exercise="climate", item=CLIMATE_ITEM, value=4)(data)
        path = tmp_path / "climate.json"
        write_json(path, data)
        other = Store(new_db("empty"))
        import_json(other, path)
        me = other.participant(data["participants"][0]["code"])
        assert other.answers_of(me, "climate") == {CLIMATE_ITEM: 4.0}


def _people(store, code):
    """The participants of a session, from its backup."""
    people = export_json(store, code, backup=True)["participants"]
    return [store.participant(p["code"]) for p in people]


class TestAnswersFrameRefusesTheSame:
    @pytest.mark.parametrize(
        "name",
        ["frame that is a path", "value above the scale", "unknown item", "school of spaces"],
    )
    def test_refused_export(self, name, exported):
        """``btk.answers_frame`` refuses an export that import refuses, naming the key."""
        change, where = BROKEN[name]
        data = copy.deepcopy(exported)
        change(data)
        with pytest.raises(InputError, match="not a valid export") as caught:
            answers_frame(data)
        assert where in caught.value.where
        with pytest.raises(InputError) as again:
            parse_export(data, "x.json")
        assert again.value.problem in caught.value.problem

    def test_shareable_export_reads_like_the_backup(self, exported, shared):
        """A shareable export gives the same table as the backup (numbers, never codes)."""
        import pandas as pd

        pd.testing.assert_frame_equal(answers_frame(shared), answers_frame(exported))


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
        assert body[1]["value"] == "4.0" and body[1]["text"] == ""

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


@pytest.fixture
def linked(store, filled):
    """A later session of ``filled``'s school, linked to ``filled``, with two people."""
    later = store.create_session("De Linde", "betrokkenheidsboom", "later", baseline=filled.code)
    for value in (3, 4):
        me = store.join(later.code, "teacher")
        store.save_answer(me, "triangle", "parent_school.communication", value)
    return later


class TestBaselineLink:
    """The link of a later session to its baseline travels with its exports (issue 18)."""

    def test_both_kinds_carry_the_link(self, store, filled, linked):
        """The shareable export and the backup name the baseline; a baseline names none."""
        for backup in (False, True):
            assert export_json(store, linked.code, backup=backup)["session"]["baseline"] == (
                filled.code
            )
            assert export_json(store, filled.code, backup=backup)["session"]["baseline"] is None

    def test_backup_round_trip_restores_the_link(self, store, filled, linked, tmp_path, new_db):
        """Baseline, then later session, into an empty database: the link is back, exactly."""
        other = Store(new_db("empty"))
        paths = []
        for code in (filled.code, linked.code):
            paths.append(tmp_path / f"{code}.backup.json")
            write_json(paths[-1], export_json(store, code, backup=True))
        assert import_session(other, paths[0]).baseline is None
        made = import_session(other, paths[1])
        assert (made.code, made.baseline, made.unlinked) == (linked.code, filled.code, None)
        assert other.session(linked.code).baseline == filled.code
        assert export_json(other, linked.code, backup=True) == export_json(
            store, linked.code, backup=True
        )

    def test_baseline_not_in_the_database_imports_without_the_link(
        self, store, filled, linked, tmp_path, new_db
    ):
        """Without its baseline the session is imported whole, unlinked, and the summary
        says so, naming the baseline."""
        other = Store(new_db("empty"))
        path = tmp_path / "later.backup.json"
        write_json(path, export_json(store, linked.code, backup=True))
        made = import_session(other, path)
        assert (made.participants, made.answers, made.baseline) == (2, 2, None)
        assert f"not linked to its baseline {filled.code}" in made.unlinked
        assert f"no session with code {filled.code}" in made.unlinked
        assert "\n" not in made.unlinked
        assert other.session(linked.code).baseline is None
        assert len(other.session_answers(other.session(linked.code))) == 2

    def test_a_baseline_of_another_school_is_not_linked(self, store, linked, tmp_path, new_db):
        """A session with the baseline's code that is not this school's: imported unlinked,
        saying why (never linked to another school's session)."""
        other = Store(new_db("other"))
        data = export_json(store, linked.code, backup=True)
        stranger = other.create_session("Ander", "betrokkenheidsboom", "baseline")
        data["session"]["baseline"] = stranger.code
        path = tmp_path / "later.backup.json"
        write_json(path, data)
        made = import_session(other, path)
        assert made.baseline is None and "is of another school" in made.unlinked
        assert "Ander" not in made.unlinked
        assert other.session(made.code).baseline is None

    def test_shareable_import_links_to_the_baseline_in_the_database(
        self, store, filled, linked, tmp_path
    ):
        """A shareable export imported where its baseline is: new codes, the same link."""
        path = tmp_path / "later.json"
        write_json(path, export_json(store, linked.code))
        made = import_session(store, path)
        assert made.new_codes and made.code != linked.code
        assert made.baseline == filled.code and made.unlinked is None
        assert store.session(made.code).baseline == filled.code

    def test_shareable_baseline_gets_a_new_code_so_the_link_is_not_found(
        self, store, filled, linked, tmp_path, new_db
    ):
        """A shareable baseline imported elsewhere gets a new join code, so the later export
        (which names the old one) imports unlinked, saying so; link_baseline mends it."""
        other = Store(new_db("elsewhere"))
        for name, code in (("base.json", filled.code), ("later.json", linked.code)):
            write_json(tmp_path / name, export_json(store, code))
        base = import_session(other, tmp_path / "base.json")
        later = import_session(other, tmp_path / "later.json")
        assert later.baseline is None and filled.code in later.unlinked
        assert other.link_baseline(later.code, base.code).baseline == base.code

    def test_version_2_file_imports_without_a_link(self, store, linked, tmp_path, new_db):
        """A file of version 2 (before the link) names no baseline and imports as before."""
        data = export_json(store, linked.code, backup=True)
        data["version"] = 2
        del data["session"]["baseline"]
        path = tmp_path / "v2.backup.json"
        write_json(path, data)
        other = Store(new_db("empty"))
        made = import_session(other, path)
        assert (made.baseline, made.unlinked) == (None, None)
        assert other.session(made.code).baseline is None
        assert parse_export(data, "v2.json").session.baseline is None

    def test_csv_names_the_baseline(self, store, filled, linked):
        """The tidy CSV has the column baseline: the baseline's code, or empty."""
        for code, expected in ((linked.code, filled.code), (filled.code, "")):
            rows = list(csv.DictReader(io.StringIO(export_csv(store, code))))
            assert rows and {r["baseline"] for r in rows} == {expected}

    def test_xlsx_names_the_baseline(self, store, filled, linked):
        """The workbook's answers have the column, its sheet "session" the field."""
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.load_workbook(io.BytesIO(exchange.export_xlsx(store, linked.code)))
        rows = list(book["answers"].iter_rows(values_only=True))
        assert list(rows[0]) == TIDY_HEADER
        column = TIDY_HEADER.index("baseline")
        assert {row[column] for row in rows[1:]} == {filled.code}
        info = {k: v for k, v in book["session"].iter_rows(min_row=2, values_only=True)}
        assert info["baseline"] == filled.code
        assert isinstance(info["created_at"], datetime)
        created = [c for c in book["session"]["A"] if c.value == "created_at"][0].row
        assert book["session"].cell(row=created, column=2).number_format.endswith('"UTC"')
        empty = openpyxl.load_workbook(io.BytesIO(exchange.export_xlsx(store, filled.code)))
        assert {r[column] for r in empty["answers"].iter_rows(min_row=2, values_only=True)} == {
            None
        }


@pytest.fixture
def esperanto(monkeypatch, tmp_path):
    """One more language with a file (eo), for the parents of these tests."""
    from betrokkenheid.languages import LANGUAGES_ENV

    from .helpers import language_folder

    monkeypatch.setenv(LANGUAGES_ENV, str(language_folder(tmp_path / "languages")))


@pytest.fixture
def with_parents(store, session, esperanto):
    """``session`` with a teacher and three parents (nl online, en on paper, eo online);
    returns the session and its questionnaire code."""
    from .helpers import add_parents

    return session, add_parents(store, session)


def _parent(index, **fields):
    """A change to an export: set fields of participant ``index`` (1 to 3: a parent)."""

    def change(data):
        data["participants"][index].update(fields)

    return change


def _parent_answer(index, answer, **fields):
    """A change to an export: set fields of answer ``answer`` of participant ``index``."""

    def change(data):
        data["participants"][index]["answers"][answer].update(fields)

    return change


def _parent_adds(index, **answer):
    """A change to an export: participant ``index`` gets one more answer."""

    def change(data):
        given = data["participants"][index]["answers"]
        moment = given[0]["answered_at"]
        given.append({"value": None, "text": None, "answered_at": moment, **answer})

    return change


def _version(number):
    def change(data):
        data["version"] = number

    return change


def _same_code_twice(data):
    code = data["session"]["audience_codes"]["parent"]
    data["session"]["audience_codes"]["child"] = code


# A backup with parents broken: name -> (change, the key the message names). The parents'
# answers of participant 1: 0 barriers.time, 1 know_whom_to_ask, 2 open, 3 welcome.
BROKEN_PARENTS = {
    "unknown audience": (_parent(1, audience="grandparent"), "participants.1.audience"),
    "unknown channel": (_parent(2, channel="fax"), "participants.2.channel"),
    "a parent's unknown language": (_parent(1, language="xx"), "participants.1.language"),
    "a language given by name": (_parent(1, language="Nederlands"), "participants.1.language"),
    "a team member in Arabic": (_parent(0, language="ar"), "participants.0.language"),
    "a parent with a team role": (_parent(1, role="teacher"), "participants.1.role"),
    "a team member as a parent": (_parent(0, audience="parent"), "participants.0.role"),
    "rating above the scale": (_parent_answer(1, 3, value=9.0), "participants.1.answers.3.value"),
    "half a step": (_parent_answer(1, 3, value=3.5), "participants.1.answers.3.value"),
    "no rating and no reason": (
        _parent_answer(1, 1, text=None),
        "participants.1.answers.1.value",
    ),
    "an unknown reason": (
        _parent_answer(1, 1, text="no_idea"),
        "participants.1.answers.1.text",
    ),
    "a chip of 2": (_parent_answer(1, 0, value=2.0), "participants.1.answers.0.value"),
    "a chip with a text": (
        _parent_answer(1, 0, value=None, text="yes"),
        "participants.1.answers.0.text",
    ),
    "an unknown chip": (
        _parent_answer(1, 0, item="barriers.weather"),
        "participants.1.answers.0.item",
    ),
    "an open answer too long": (
        _parent_answer(1, 2, text="a" * 501),
        "participants.1.answers.2.text",
    ),
    "an open answer with spaces around": (
        _parent_answer(1, 2, text=" Dank u "),
        "participants.1.answers.2.text",
    ),
    "an open answer as a number": (
        _parent_answer(1, 2, value=1.0, text=None),
        "participants.1.answers.2.value",
    ),
    "a parent's answer to a team exercise": (
        _parent_answer(1, 3, exercise="triangle", item="parent_school.trust_respect"),
        "participants.1.answers.3.exercise",
    ),
    "a team member's answer to the questionnaire": (
        _parent_answer(0, 0, exercise="parents", item="welcome", value=3.0),
        "participants.0.answers.0.exercise",
    ),
    "an unknown statement": (
        _parent_adds(3, exercise="parents", item="happy", value=3.0),
        "participants.3.answers.1.item",
    ),
    "a parent's answers as a child's": (
        _parent(3, audience="child", role="child"),
        "participants.3.answers.0.exercise",
    ),
    "a questionnaire code too short": (
        lambda data: data["session"]["audience_codes"].update(parent="ABC"),
        "session.audience_codes.parent",
    ),
    "a questionnaire of nobody": (
        lambda data: data["session"]["audience_codes"].update(teacher="ABCDEFG"),
        "session.audience_codes",
    ),
    "two questionnaires with one code": (_same_code_twice, "session.audience_codes"),
    "parents in a version 3 file": (_version(3), "session.audience_codes"),
}


class TestParentsRoundTrip:
    """Parents' answers in the JSON export and import (issue 12): who answered how, and the
    questionnaire's code, kept exactly by a backup, new for a shareable export."""

    def test_export_names_audience_channel_language_and_the_code(self, store, with_parents):
        """Version 4: each person's audience, channel and language; the session's
        questionnaire code by audience."""
        session, code = with_parents
        data = export_json(store, session.code, backup=True)
        assert data["version"] == VERSION == 4
        assert data["session"]["audience_codes"] == {"parent": code}
        people = [
            (p["role"], p["audience"], p["channel"], p["language"]) for p in data["participants"]
        ]
        assert people == [
            ("teacher", "team", "online", "nl"),
            ("parent", "parent", "online", "nl"),
            ("parent", "parent", "paper", "en"),
            ("parent", "parent", "online", "eo"),
        ]
        parent = data["participants"][1]["answers"]
        assert [(a["exercise"], a["item"], a["value"], a["text"]) for a in parent] == [
            ("parents", "barriers.time", 1.0, None),
            ("parents", "know_whom_to_ask", None, "dont_know"),
            ("parents", "open", None, "Dank u wel, juf!"),
            ("parents", "welcome", 4.0, None),
        ]
        shared = export_json(store, session.code)
        assert shared["session"]["audience_codes"] == {"parent": code}
        assert "code" not in shared["participants"][1]

    def test_export_makes_no_code(self, store, session):
        """Exporting a session without a questionnaire makes none."""
        assert export_json(store, session.code)["session"]["audience_codes"] == {}
        assert store.audience_codes(session) == {}

    def test_backup_round_trip_is_exact_and_the_letter_still_works(
        self, store, with_parents, tmp_path, new_db
    ):
        """A backup restored into another database gives back exactly the same export, and
        the questionnaire code printed on the letters opens the restored session: a parent
        can go on answering."""
        session, code = with_parents
        data = export_json(store, session.code, backup=True)
        path = tmp_path / "linde.backup.json"
        write_json(path, data)
        other = Store(new_db("restored"))
        made = import_session(other, path)
        assert (made.code, made.audience_codes) == (session.code, {"parent": code})
        assert (made.participants, made.answers) == (4, 9)
        assert export_json(other, session.code, backup=True) == data
        assert other.audience_session(code) == (other.session(session.code), "parent")
        later = other.join_audience(code, "en", "paper")
        assert later.session.code == session.code
        assert other.audience_counts(other.session(session.code)) == {
            ("nl", "online"): 1,
            ("en", "paper"): 2,
            ("eo", "online"): 1,
        }
        assert other.count_participants(other.session(session.code)) == 1  # the team

    def test_shareable_import_makes_a_new_questionnaire_code(self, store, with_parents, tmp_path):
        """A shareable export imports with a new questionnaire code, as with a new join
        code: the old one keeps opening the old session, the new one the new session."""
        session, code = with_parents
        shared = export_json(store, session.code)
        path = tmp_path / "linde.json"
        write_json(path, shared)
        made = import_session(store, path)
        new = made.audience_codes["parent"]
        assert made.new_codes and new != code and len(new) == 7
        assert store.audience_session(new)[0].code == made.code
        assert store.audience_session(code)[0].code == session.code
        again = export_json(store, made.code)
        assert again["session"]["audience_codes"] == {"parent": new}
        assert again["participants"] == shared["participants"]

    def test_a_questionnaire_code_that_exists_is_refused(self, store, with_parents, tmp_path):
        """A backup whose questionnaire code another session holds is refused naming the
        file and the key; nothing is stored."""
        session, code = with_parents
        data = export_json(store, session.code, backup=True)
        data["session"]["code"] = next(c for c in ("ZZZZZZ", "YYYYYY") if c != session.code)
        for number, person in enumerate(data["participants"], start=2):
            person["code"] = f"ZZZZZZZ{number}"
        path = tmp_path / "clash.backup.json"
        write_json(path, data)
        rows = table_contents(store)
        with pytest.raises(InputError, match=f"questionnaire code {code} exists already") as caught:
            import_session(store, path)
        assert caught.value.source == str(path) and "session.audience_codes" in caught.value.where
        assert table_contents(store) == rows

    def test_an_older_file_is_the_team_online(self, store, session, tmp_path, new_db):
        """A version 3 file (no audience, no channel) imports as the team, online."""
        me = store.join(session.code, "teacher")
        store.save_answer(me, "triangle", "parent_school.equality", 4)
        data = export_json(store, session.code, backup=True)
        data["version"] = 3
        del data["session"]["audience_codes"]
        for person in data["participants"]:
            del person["audience"], person["channel"]
        path = tmp_path / "v3.backup.json"
        write_json(path, data)
        other = Store(new_db("v3"))
        import_session(other, path)
        back = other.participant(me.code)
        assert (back.audience, back.channel, back.role) == ("team", "online", "teacher")

    @pytest.fixture
    def target(self, new_db):
        """A database that holds a session and a person already."""
        path = new_db("target")
        store = Store(path)
        there = store.create_session("Bestaand", "betrokkenheidsboom", "baseline")
        store.save_answer(store.join(there.code, "teacher"), "triangle", "x.y", 1)
        return store, path

    def test_there_are_enough_broken_files(self):
        """At least ten kinds of broken parents' data are tried."""
        assert len(BROKEN_PARENTS) >= 10

    @pytest.mark.parametrize("name", sorted(BROKEN_PARENTS))
    def test_broken_parents_change_nothing(self, name, store, with_parents, target, tmp_path):
        """Bad parents' data is one InputError naming the file and the key (so the person);
        the database stays exactly as it was."""
        session, _ = with_parents
        data = export_json(store, session.code, backup=True)
        BROKEN_PARENTS[name][0](data)
        path = tmp_path / "broken parents.backup.json"
        write_json(path, data)
        into, db = target
        rows, before = table_contents(into), file_bytes(into, db)
        with pytest.raises(InputError) as caught:
            import_session(into, path)
        error = caught.value
        assert error.source == str(path) and str(path) in str(error)
        assert f"key '{BROKEN_PARENTS[name][1]}" in (error.where or ""), str(error)
        assert "\n" not in str(error)
        assert file_bytes(into, db) == before
        assert table_contents(into) == rows

    def test_the_message_says_what_is_wrong(self, store, with_parents, tmp_path):
        """The message of a parent's bad rating says what the scale takes."""
        session, _ = with_parents
        data = export_json(store, session.code, backup=True)
        _parent_answer(1, 3, value=9.0)(data)
        with pytest.raises(InputError, match="must be a whole number from 1 to 5"):
            parse_export(data, "linde.json")


@pytest.fixture
def with_children(store, session, esperanto):
    """``session`` with a teacher, three parents and three children (participants 4 to 6);
    returns the session and its children's questionnaire code."""
    from .helpers import add_children, add_parents

    add_parents(store, session)
    return session, add_children(store, session)


# A backup with children broken: name -> (change, the key the message names). The answers
# of participant 4, the first child: 0 dare_to_say "dont_know", 1 like_school 3,
# 2 teacher_listens 2.
BROKEN_CHILDREN = {
    "a rating above the three faces": (
        _parent_answer(4, 1, value=4.0),
        "participants.4.answers.1.value",
    ),
    "rather not say": (_parent_answer(4, 0, text="rather_not"), "participants.4.answers.0.text"),
    "a chip": (
        _parent_answer(4, 2, item="barriers.time", value=1.0),
        "participants.4.answers.2.item",
    ),
    "an open answer": (
        _parent_answer(4, 2, item="open", value=None, text="Leuk!"),
        "participants.4.answers.2.item",
    ),
    "a parents' statement": (
        _parent_answer(4, 1, item="welcome"),
        "participants.4.answers.1.item",
    ),
    "a child's answer under parents": (
        _parent_answer(4, 1, exercise="parents"),
        "participants.4.answers.1.exercise",
    ),
    "a child with a parent's role": (_parent(5, role="parent"), "participants.5.role"),
    "a child with a team role": (_parent(5, role="teacher"), "participants.5.role"),
    "a children's code too short": (
        lambda data: data["session"]["audience_codes"].update(child="ABC"),
        "session.audience_codes.child",
    ),
    "a team member's answer to the children's questionnaire": (
        _parent_answer(0, 0, exercise="children", item="like_school", value=3.0),
        "participants.0.answers.0.exercise",
    ),
    "a child beside a parents' statement": (
        _parent_adds(4, exercise="children", item="welcome", value=3.0),
        "participants.4.answers.3.item",
    ),
}


class TestChildrenRoundTrip:
    """Children's answers in the JSON export and import (issue 13): audience and role
    ``child``, their answers under ``children``, and the children's code, kept by a backup,
    new for a shareable export; bad children's answers refused with their place."""

    def test_export_names_the_children_and_their_code(self, store, with_children):
        """Each child is audience and role ``child``; the session names the children's code
        beside the parents'."""
        session, code = with_children
        data = export_json(store, session.code, backup=True)
        codes = data["session"]["audience_codes"]
        assert codes["child"] == code and set(codes) == {"parent", "child"}
        people = [(p["role"], p["audience"], p["language"]) for p in data["participants"][4:]]
        assert people == [
            ("child", "child", "nl"),
            ("child", "child", "nl"),
            ("child", "child", "en"),
        ]
        first = data["participants"][4]["answers"]
        assert [(a["exercise"], a["item"], a["value"], a["text"]) for a in first] == [
            ("children", "dare_to_say", None, "dont_know"),
            ("children", "like_school", 3.0, None),
            ("children", "teacher_listens", 2.0, None),
        ]

    def test_backup_round_trip_is_exact_and_the_tablets_go_on(
        self, store, with_children, tmp_path, new_db
    ):
        """A backup restored elsewhere gives back exactly the same export, and the children's
        code opens the restored session for children: the class can go on."""
        session, code = with_children
        data = export_json(store, session.code, backup=True)
        path = tmp_path / "linde.backup.json"
        write_json(path, data)
        other = Store(new_db("restored"))
        made = import_session(other, path)
        assert made.audience_codes["child"] == code and (made.participants, made.answers) == (7, 15)
        assert export_json(other, session.code, backup=True) == data
        assert other.audience_session(code) == (other.session(session.code), "child")
        assert other.join_audience(code, "nl").audience == "child"
        restored = other.session_answers(other.session(session.code), audience="child")
        assert len(restored) == 6 and {a.exercise for a in restored} == {"children"}

    def test_shareable_import_makes_a_new_childrens_code(self, store, with_children, tmp_path):
        """A shareable export imports with a new children's code, apart from the parents'."""
        session, code = with_children
        path = tmp_path / "linde.json"
        write_json(path, export_json(store, session.code))
        made = import_session(store, path)
        new = made.audience_codes["child"]
        assert new != code and new != made.audience_codes["parent"]
        assert store.audience_session(new) == (store.session(made.code), "child")
        assert store.audience_session(code)[0].code == session.code

    @pytest.mark.parametrize("name", sorted(BROKEN_CHILDREN))
    def test_broken_children_change_nothing(self, name, store, with_children, target, tmp_path):
        """Bad children's data is one InputError naming the file and the key; the database
        stays exactly as it was."""
        session, _ = with_children
        data = export_json(store, session.code, backup=True)
        BROKEN_CHILDREN[name][0](data)
        path = tmp_path / "broken children.backup.json"
        write_json(path, data)
        into, db = target
        rows, before = table_contents(into), file_bytes(into, db)
        with pytest.raises(InputError) as caught:
            import_session(into, path)
        error = caught.value
        assert error.source == str(path)
        assert f"key '{BROKEN_CHILDREN[name][1]}" in (error.where or ""), str(error)
        assert "\n" not in str(error)
        assert file_bytes(into, db) == before
        assert table_contents(into) == rows

    def test_the_message_says_what_a_child_may_answer(self, store, with_children):
        """A child's "rather not say" is refused saying what a child may give instead."""
        session, _ = with_children
        data = export_json(store, session.code, backup=True)
        _parent_answer(4, 0, text="rather_not")(data)
        with pytest.raises(InputError, match="give a step of the scale or 'dont_know'$"):
            parse_export(data, "linde.json")

    @pytest.fixture
    def target(self, new_db):
        """A database that holds a session and a person already."""
        path = new_db("target")
        store = Store(path)
        there = store.create_session("Bestaand", "betrokkenheidsboom", "baseline")
        store.save_answer(store.join(there.code, "teacher"), "triangle", "x.y", 1)
        return store, path


def _backup_imported(store, code, tmp_path, new_db):
    """Session ``code`` exported as a backup and imported into an empty database: (that
    store, what the import made, its one person)."""
    path = tmp_path / "old.backup.json"
    write_json(path, export_json(store, code, backup=True))
    other = Store(new_db("empty"))
    made = import_session(other, path)
    (person,) = _people(other, made.code)
    return other, made, person


class TestRetiredQualities:
    """A rating of a quality a side of the triangle is no longer rated on (parent and child:
    equality, trust and respect) is left out of imports and tidy tables, never refused."""

    @pytest.fixture
    def old(self, store, session):
        """A session where one person rated parent and child on equality, as the page once
        asked, and on communication, as it still does."""
        me = store.join(session.code, "teacher")
        store.save_answer(me, "triangle", "parent_child.equality", 2)  # the store checks no frame
        store.save_answer(me, "triangle", "parent_child.communication", 4)
        return session

    def test_an_old_backup_imports_without_it(self, store, old, tmp_path, new_db):
        """The import takes the rating the frame still asks for, and only that one."""
        other, made, person = _backup_imported(store, old.code, tmp_path, new_db)
        assert made.answers == 1
        assert other.answers_of(person, "triangle") == {"parent_child.communication": 4.0}

    def test_the_tidy_table_leaves_it_out(self, store, old):
        """The CSV has the rating of communication, not that of equality."""
        rows = list(csv.DictReader(io.StringIO(export_csv(store, old.code, "en"))))
        assert [r["item"] for r in rows if r["exercise"] == "triangle"] == [
            "parent_child.communication"
        ]

    def test_a_new_rating_of_it_is_still_refused(self, store, session):
        """Only what is stored already is left out: a page or an import cannot add one."""
        from betrokkenheid.answers import check_answer

        with pytest.raises(InputError, match="has no item 'parent_child.equality'"):
            check_answer(load_frame("betrokkenheidsboom"), "triangle", "parent_child.equality", 2)


class TestOldDirections:
    """A direction stored before its activity's form lost it (only communication has one now)
    is left out of imports and tidy tables, never refused."""

    @pytest.fixture
    def old(self, store, session):
        """A session where one person placed reading at home (no direction now) and the
        newsletter (communication: a direction) one way or both, as the pages once asked."""
        me = store.join(session.code, "teacher")
        for item, text in (
            ("reading_at_home.direction", "two_way"),
            ("newsletter.direction", "two_way"),
        ):
            store.save_answer(me, "forms", item, text=text)  # the store checks no frame
        store.save_answer(me, "forms", "reading_at_home", 1)
        return session

    def test_an_old_backup_imports_without_it(self, store, old, tmp_path, new_db):
        """The import takes everything but the direction the frame no longer asks for."""
        other, made, person = _backup_imported(store, old.code, tmp_path, new_db)
        assert made.answers == 2
        assert other.answers_of(person, "forms") == {
            "newsletter.direction": "two_way",
            "reading_at_home": 1.0,
        }

    def test_the_tidy_table_leaves_it_out(self, store, old):
        """The CSV has the newsletter's direction, not that of reading at home."""
        rows = list(csv.DictReader(io.StringIO(export_csv(store, old.code, "en"))))
        assert [r["item"] for r in rows if r["exercise"] == "forms"] == [
            "newsletter.direction",
            "reading_at_home",
        ]

    def test_answers_frame_reads_it_without_it(self, store, old):
        """The researcher's table of an old export has no row for it either."""
        table = answers_frame(export_json(store, old.code))
        assert "reading_at_home.direction" not in table["item"].tolist()
        assert "newsletter.direction" in table["item"].tolist()
