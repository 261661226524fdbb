"""The store: sessions, anonymous participants and their answers, on SQLite and PostgreSQL."""

import stat

import pytest
from sqlalchemy import func, select

from betrokkenheid import InputError, Store
from betrokkenheid.store import (
    ALPHABET,
    MAX_TEXT,
    PARTICIPANT_CODE_LENGTH,
    SESSION_CODE_LENGTH,
    answers,
    database_url,
    display_name,
    normalise_code,
    participants,
)

from .helpers import sqlite_only

ITEM = "parent_school.communication"


def count_rows(store, table) -> int:
    """How many rows a table of ``store`` holds."""
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def typed_like_a_person(code: str) -> str:
    """A code as somebody might type it: lower case, with a dash and spaces."""
    half = len(code) // 2
    return f"  {code[:half].lower()} - {code[half:].lower()} "


class TestNormaliseCode:
    def test_accepts_lower_case_spaces_and_dashes(self):
        """Lower case, spaces and dashes are all accepted and give the canonical code."""
        assert normalise_code(" k7mq-2p ", 6, "join code") == "K7MQ2P"
        assert normalise_code("ab cd\tef-gh", 8, "personal code") == "ABCDEFGH"

    @pytest.mark.parametrize("typed", ["", "   ", "--"])
    def test_refuses_empty(self, typed):
        """A code with nothing in it is refused, naming the field."""
        with pytest.raises(InputError, match="join code: is empty"):
            normalise_code(typed, 6, "join code")

    @pytest.mark.parametrize("typed", ["ABCDE", "ABCDEFG", "ABCDE0", "ABCDEI", "ABC<E>"])
    def test_refuses_wrong_length_or_letters(self, typed):
        """Too short, too long, or letters that codes never use (0, I, <) are refused."""
        with pytest.raises(InputError, match="join code") as caught:
            normalise_code(typed, 6, "join code")
        assert "not a valid code" in caught.value.problem


class TestCreateSession:
    def test_returns_session_with_fresh_join_code(self, store):
        """A new session gets a readable join code and keeps school, frame and measurement."""
        session = store.create_session("  De Linde ", "betrokkenheidsboom", "later")
        assert len(session.code) == SESSION_CODE_LENGTH
        assert set(session.code) <= set(ALPHABET)
        assert (session.school, session.frame, session.measurement) == (
            "De Linde",
            "betrokkenheidsboom",
            "later",
        )
        assert session.created_at.tzinfo is not None

    def test_two_sessions_get_different_codes(self, store):
        """Every session gets its own join code and sessions() lists them oldest first."""
        first = store.create_session("A", "betrokkenheidsboom", "baseline")
        second = store.create_session("B", "betrokkenheidsboom", "baseline")
        assert first.code != second.code
        assert [s.code for s in store.sessions()] == [first.code, second.code]

    def test_refuses_unknown_measurement(self, store):
        """A measurement other than baseline/later is refused with InputError."""
        with pytest.raises(InputError, match="measurement"):
            store.create_session("De Linde", "betrokkenheidsboom", "midterm")

    @pytest.mark.parametrize("school", ["", "   ", "x" * 201])
    def test_refuses_empty_or_long_school_name(self, store, school):
        """An empty or over-long school name is refused, naming the field."""
        with pytest.raises(InputError, match="school name"):
            store.create_session(school, "betrokkenheidsboom", "baseline")

    def test_chosen_code_is_normalised_and_unique(self, store):
        """A chosen join code is normalised; choosing it twice is refused."""
        session = store.create_session("A", "betrokkenheidsboom", "baseline", code="abc-def")
        assert session.code == "ABCDEF"
        with pytest.raises(InputError, match="exists already"):
            store.create_session("B", "betrokkenheidsboom", "baseline", code="ABCDEF")
        assert len(store.sessions()) == 1


class TestSession:
    def test_finds_session_by_typed_code(self, store, session):
        """A join code typed in lower case with spaces and a dash finds the session."""
        assert store.session(typed_like_a_person(session.code)) == session

    def test_wrong_join_code_names_join_code(self, store, session):
        """A well-formed join code of no session raises InputError naming the join code."""
        other = "".join(reversed(session.code))
        other = other if other != session.code else "ZZZZZZ"
        with pytest.raises(InputError, match="join code") as caught:
            store.session(other)
        assert caught.value.source == "join code"

    def test_malformed_join_code_names_join_code(self, store, session):
        """A join code of the wrong shape raises InputError naming the join code."""
        with pytest.raises(InputError, match="join code"):
            store.session("hello world")


class TestJoin:
    def test_join_gives_anonymous_participant(self, store, session):
        """Joining gives a participant with a personal code, a role and a language, no name."""
        me = store.join(typed_like_a_person(session.code), "care_coordinator", "en")
        assert len(me.code) == PARTICIPANT_CODE_LENGTH
        assert set(me.code) <= set(ALPHABET)
        assert (me.role, me.language, me.session) == ("care_coordinator", "en", session)
        assert store.count_participants(session) == 1

    def test_unknown_language_falls_back_to_dutch(self, store, session):
        """A language other than nl/en is stored as Dutch."""
        assert store.join(session.code, "teacher", "fr").language == "nl"

    @pytest.mark.parametrize("role", ["headmaster", "", "Teacher", "<b>x</b>"])
    def test_refuses_unknown_role(self, store, session, role):
        """An unknown role is refused with InputError naming the role, and nobody joins."""
        with pytest.raises(InputError, match="role"):
            store.join(session.code, role)
        assert store.count_participants(session) == 0

    def test_wrong_join_code_names_join_code(self, store, session):
        """Joining with a join code of no session raises InputError naming the join code."""
        with pytest.raises(InputError, match="join code"):
            store.join("ZZZZZZ" if session.code != "ZZZZZZ" else "YYYYYY", "teacher")

    def test_each_join_is_a_new_participant(self, store, session):
        """Two people joining get two different personal codes."""
        a, b = store.join(session.code, "teacher"), store.join(session.code, "teacher")
        assert a.code != b.code
        assert store.count_participants(session) == 2


class TestParticipant:
    def test_resume_by_typed_personal_code(self, store, session):
        """A personal code typed in lower case with spaces and a dash resumes the participant."""
        me = store.join(session.code, "director", "en")
        store.save_answer(me, "triangle", ITEM, 4)
        again = store.participant(typed_like_a_person(me.code))
        assert again == me
        assert store.answers_of(again, "triangle") == {ITEM: 4.0}

    def test_wrong_personal_code_names_personal_code(self, store, session):
        """A personal code of nobody raises InputError naming the personal code."""
        me = store.join(session.code, "teacher")
        other = "".join(reversed(me.code))
        other = other if other != me.code else "ZZZZZZZZ"
        with pytest.raises(InputError, match="personal code") as caught:
            store.participant(other)
        assert caught.value.source == "personal code"

    def test_join_code_is_not_a_personal_code(self, store, session):
        """A join code typed where the personal code belongs names the personal code."""
        with pytest.raises(InputError, match="personal code"):
            store.participant(session.code)

    def test_set_language(self, store, session):
        """The chosen language is remembered; an unknown one is refused."""
        me = store.join(session.code, "teacher", "nl")
        store.set_language(me, "en")
        assert store.participant(me.code).language == "en"
        with pytest.raises(InputError, match="language"):
            store.set_language(me, "de")


class TestSaveAnswer:
    def test_second_answer_replaces_first(self, store, session):
        """Answering the same item again replaces the answer: one row, the newest value."""
        me = store.join(session.code, "teacher")
        store.save_answer(me, "triangle", ITEM, 2)
        store.save_answer(me, "triangle", ITEM, 5)
        assert store.answers_of(me, "triangle") == {ITEM: 5.0}
        assert count_rows(store, answers) == 1

    def test_same_item_of_other_exercise_or_person_is_separate(self, store, session):
        """The same item in another exercise, or of another person, is another answer."""
        me, you = store.join(session.code, "teacher"), store.join(session.code, "other")
        store.save_answer(me, "triangle", ITEM, 2)
        store.save_answer(me, "notes", ITEM, text="zie boven")
        store.save_answer(you, "triangle", ITEM, 3)
        assert count_rows(store, answers) == 3

    def test_text_is_stripped(self, store, session):
        """A text answer is saved without surrounding white space."""
        me = store.join(session.code, "teacher")
        store.save_answer(me, "notes", "idea", text="  koffie met ouders \n")
        assert store.answers_of(me, "notes") == {"idea": "koffie met ouders"}

    def test_text_of_max_length_is_kept(self, store, session):
        """A text of exactly MAX_TEXT characters is accepted."""
        me = store.join(session.code, "teacher")
        store.save_answer(me, "notes", "idea", text="a" * MAX_TEXT)
        assert store.answers_of(me, "notes") == {"idea": "a" * MAX_TEXT}

    @pytest.mark.parametrize("text", ["a" * (MAX_TEXT + 1), "", "  \n\t "])
    def test_refuses_too_long_or_empty_text(self, store, session, text):
        """A text longer than MAX_TEXT or empty is refused with InputError and not saved."""
        me = store.join(session.code, "teacher")
        store.save_answer(me, "notes", "idea", text="eerste")
        with pytest.raises(InputError, match="answer"):
            store.save_answer(me, "notes", "idea", text=text)
        assert store.answers_of(me, "notes") == {"idea": "eerste"}

    def test_refuses_text_that_is_no_text(self, store, session):
        """A text answer that is not a string is refused."""
        me = store.join(session.code, "teacher")
        with pytest.raises(InputError, match="must be text"):
            store.save_answer(me, "notes", "idea", text=42)


class TestAnswersOf:
    def test_only_this_person_and_exercise(self, store, session):
        """answers_of gives one person's answers to one exercise, numbers and texts."""
        me, you = store.join(session.code, "teacher"), store.join(session.code, "director")
        store.save_answer(me, "triangle", ITEM, 3)
        store.save_answer(me, "triangle", "child_school.equality", 4.5)
        store.save_answer(me, "notes", "idea", text="meer koffie")
        store.save_answer(you, "triangle", ITEM, 1)
        assert store.answers_of(me, "triangle") == {ITEM: 3.0, "child_school.equality": 4.5}
        assert store.answers_of(me, "notes") == {"idea": "meer koffie"}
        assert store.answers_of(you, "notes") == {}


class TestSessionAnswers:
    def test_all_answers_of_the_session_without_codes(self, store, session):
        """session_answers gives every answer of the session with role, sorted, and no codes."""
        me, you = store.join(session.code, "teacher"), store.join(session.code, "director")
        elsewhere = store.create_session("Ander", "betrokkenheidsboom", "baseline")
        stranger = store.join(elsewhere.code, "teacher")
        store.save_answer(you, "triangle", ITEM, 2)
        store.save_answer(me, "triangle", ITEM, 4)
        store.save_answer(me, "notes", "idea", text="ja")
        store.save_answer(stranger, "triangle", ITEM, 1)
        rows = store.session_answers(session)
        assert [(a.participant_id, a.role, a.exercise, a.item, a.value, a.text) for a in rows] == [
            (me.id, "teacher", "notes", "idea", None, "ja"),
            (me.id, "teacher", "triangle", ITEM, 4.0, None),
            (you.id, "director", "triangle", ITEM, 2.0, None),
        ]
        assert not any(hasattr(a, "code") for a in rows)

    def test_one_exercise(self, store, session):
        """With an exercise given, only that exercise's answers come back."""
        me = store.join(session.code, "teacher")
        store.save_answer(me, "triangle", ITEM, 4)
        store.save_answer(me, "notes", "idea", text="ja")
        assert [a.exercise for a in store.session_answers(session, "triangle")] == ["triangle"]
        assert store.session_answers(session, "nothing") == []


class TestDeleteParticipant:
    def test_removes_participant_and_answers(self, store, session):
        """Deleting removes the participant and their answers, and nobody else's."""
        me, you = store.join(session.code, "teacher"), store.join(session.code, "teacher")
        store.save_answer(me, "triangle", ITEM, 4)
        store.save_answer(me, "notes", "idea", text="ja")
        store.save_answer(you, "triangle", ITEM, 2)
        assert store.delete_participant(session.code.lower(), typed_like_a_person(me.code)) == 2
        with pytest.raises(InputError, match="personal code"):
            store.participant(me.code)
        assert count_rows(store, participants) == 1
        assert [a.participant_id for a in store.session_answers(session)] == [you.id]

    def test_refuses_participant_of_another_session(self, store, session):
        """A participant of another session is refused and kept, with their answers."""
        elsewhere = store.create_session("Ander", "betrokkenheidsboom", "baseline")
        stranger = store.join(elsewhere.code, "teacher")
        store.save_answer(stranger, "triangle", ITEM, 3)
        with pytest.raises(InputError, match="personal code") as caught:
            store.delete_participant(session.code, stranger.code)
        assert session.code in caught.value.problem
        assert store.participant(stranger.code) == stranger
        assert store.answers_of(stranger, "triangle") == {ITEM: 3.0}

    def test_twice_is_refused(self, store, session):
        """Deleting the same participant a second time raises InputError."""
        me = store.join(session.code, "teacher")
        store.delete_participant(session.code, me.code)
        with pytest.raises(InputError, match="personal code"):
            store.delete_participant(session.code, me.code)

    def test_wrong_join_code(self, store, session):
        """Deleting within a session that does not exist names the join code."""
        me = store.join(session.code, "teacher")
        with pytest.raises(InputError, match="join code"):
            store.delete_participant("hello", me.code)
        assert store.count_participants(session) == 1


class TestSqliteFile:
    def test_file_and_folder_are_private(self, tmp_path):
        """The database file is created 0600 and a new folder for it 0700."""
        path = tmp_path / "new" / "db.sqlite"
        Store(path)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700

    def test_wal_and_foreign_keys(self, store, backend):
        """Every connection runs in WAL mode with foreign keys on."""
        sqlite_only(backend, "PRAGMA")
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

    def test_in_memory_url_works(self):
        """A SQLAlchemy URL is used as it is, without making a file."""
        store = Store("sqlite://")
        session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        assert store.session(session.code) == session
        assert "sqlite://" in repr(store)

    def test_default_path_from_environment(self, tmp_path, monkeypatch):
        """Without a db argument the store opens the file named by $BETROKKENHEID_DB."""
        path = tmp_path / "env.sqlite"
        monkeypatch.setenv("BETROKKENHEID_DB", str(path))
        Store().create_session("De Linde", "betrokkenheidsboom", "baseline")
        assert path.is_file()
        assert len(Store(path).sessions()) == 1


class TestTwoStores:
    def test_second_store_sees_the_first_ones_answers(self, new_db):
        """Two stores on one database (two kernels) see each other's sessions and answers."""
        path = new_db("shared")
        first, second = Store(path), Store(path)
        session = first.create_session("De Linde", "betrokkenheidsboom", "baseline")
        me = second.join(session.code, "teacher")
        first.save_answer(first.participant(me.code), "triangle", ITEM, 4)
        second.save_answer(me, "triangle", "parent_child.trust_respect", 2)
        expected = {ITEM: 4.0, "parent_child.trust_respect": 2.0}
        assert first.answers_of(me, "triangle") == expected
        assert second.answers_of(me, "triangle") == expected
        first.save_answer(me, "triangle", ITEM, 1)
        assert second.answers_of(me, "triangle")[ITEM] == 1.0
        assert count_rows(second, answers) == 2


class TestSaveAfterDelete:
    def test_answer_of_deleted_participant_is_refused_clearly(self, store, session):
        """An answer from a participant deleted meanwhile raises InputError, not a DB error."""
        me = store.join(session.code, "teacher")
        store.delete_participant(session.code, me.code)
        with pytest.raises(InputError, match="personal code"):
            store.save_answer(me, "triangle", "parent_school.equality", 3)


class TestCreateSessionFrame:
    def test_unknown_frame_is_refused(self, store):
        """A session can only use a frame the workbook knows."""
        with pytest.raises(InputError, match="frame"):
            store.create_session("De Linde", "no-such-frame", "baseline")
        assert store.sessions() == []


class TestDatabaseUrl:
    def test_path_or_url_is_decided_in_one_place(self, tmp_path):
        """A path becomes a SQLite URL; a URL stays exactly as it is (its // too)."""
        assert database_url(tmp_path / "a.sqlite") == f"sqlite:///{tmp_path}/a.sqlite"
        url = "postgresql+psycopg://user:pw@host:5432/db"
        assert database_url(url) == url

    def test_default_url_from_environment(self, monkeypatch):
        """A URL in $BETROKKENHEID_DB reaches the store as a URL, never as a file path."""
        monkeypatch.setenv("BETROKKENHEID_DB", "postgresql://user:pw@host/db")
        assert database_url() == "postgresql://user:pw@host/db"

    def test_password_is_never_shown(self):
        """display_name and the store's repr hide a URL's password."""
        shown = display_name("postgresql://trainer:geheim@db.example:5432/rooms")
        assert "geheim" not in shown and "db.example" in shown

    def test_pages_open_the_url_in_the_environment(self, backend, new_db, monkeypatch, tmp_path):
        """The pages' way of opening the store (no argument: $BETROKKENHEID_DB) uses a URL."""
        from betrokkenheid.ui._common import _default_store

        if backend == "sqlite":
            pytest.skip("the URL case is the PostgreSQL one")
        url = new_db("pages")
        monkeypatch.setenv("BETROKKENHEID_DB", url)
        monkeypatch.chdir(tmp_path)
        code = _default_store().create_session("De Linde", "betrokkenheidsboom", "later").code
        assert Store(url).session(code).school == "De Linde"
        assert list(tmp_path.rglob("*")) == []  # no file named after the URL


class TestTextEveryDatabaseKeeps:
    @pytest.mark.parametrize("text", ["a\x00b", "\x00", "x\ud800"])
    def test_nul_and_half_characters_are_refused_everywhere(self, store, session, text):
        """Text PostgreSQL cannot keep is refused on every database, and nothing is stored."""
        me = store.join(session.code, "teacher")
        with pytest.raises(InputError, match="not text"):
            store.save_answer(me, "barriers", "other", text=text)
        with pytest.raises(InputError, match="not text"):
            store.create_session(text, "betrokkenheidsboom", "baseline")
        assert store.answers_of(me, "barriers") == {}
        assert len(store.sessions()) == 1

    def test_moments_come_back_in_utc(self, store, session):
        """Whatever zone the server uses, a store gives moments in UTC."""
        from datetime import timedelta

        assert store.session(session.code).created_at.utcoffset() == timedelta(0)


class TestPostgresqlFaults:
    """What a person sees when a PostgreSQL database cannot be used (a real server)."""

    @pytest.fixture
    def url(self, postgres_url):
        from sqlalchemy.engine import make_url

        return make_url(postgres_url)

    def test_wrong_password(self, url):
        """A wrong password is named as such, and the password is not shown."""
        wrong = url.set(password="not-the-password")
        with pytest.raises(InputError, match="password is wrong") as caught:
            Store(wrong.render_as_string(hide_password=False))
        assert "not-the-password" not in str(caught.value)

    def test_no_such_database(self, url):
        """A database that does not exist is named as such."""
        with pytest.raises(InputError, match="no such database"):
            Store(url.set(database="no_such_db").render_as_string(hide_password=False))

    def test_server_not_reachable(self, url):
        """A server that does not answer is named as such (a closed port on this machine)."""
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed = s.getsockname()[1]
        with pytest.raises(InputError, match="cannot be reached"):
            Store(url.set(port=closed).render_as_string(hide_password=False))

    def test_port_that_is_no_number(self):
        """A URL whose port is not a number is one clear error."""
        with pytest.raises(InputError, match="not a database URL"):
            Store("postgresql://me:secret@localhost:eight/db")

    def test_server_in_another_zone_still_gives_utc(self, postgres_url):
        """A server set to Brussels time: moments still come back in UTC."""
        from datetime import timedelta

        from . import postgres

        url = postgres.new_schema(postgres_url, "zone_test")
        try:
            in_brussels = url + "%20-cTimeZone%3DEurope/Brussels"
            store = Store(in_brussels)
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("SHOW TimeZone").scalar() == "Europe/Brussels"
            session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
            assert store.session(session.code).created_at.utcoffset() == timedelta(0)
            from betrokkenheid.exchange import export_json

            exported = export_json(store, session.code)
            assert exported["session"]["created_at"].endswith("+00:00")
        finally:
            postgres.drop_schema(postgres_url, "zone_test")
