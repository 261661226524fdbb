"""The store: sessions, anonymous participants and their answers, on SQLite and PostgreSQL."""

import dataclasses
import stat

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

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
    sessions,
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


class TestBaselineLink:
    """A later measurement knows its baseline (*nulmeting*): issue 18."""

    def test_create_later_session_linked_to_its_baseline(self, store, session):
        """The link is stored: session(), sessions() and a participant's session all carry the
        baseline's join code; a code typed loosely is accepted."""
        later = store.create_session(
            "De Linde", "betrokkenheidsboom", "later", baseline=typed_like_a_person(session.code)
        )
        assert later.baseline == session.code
        assert store.session(later.code).baseline == session.code
        assert [s.baseline for s in store.sessions()] == [None, session.code]
        me = store.join(later.code, "teacher")
        assert store.participant(me.code).session == later
        assert store.session(session.code).baseline is None

    def test_without_a_baseline_there_is_no_link(self, store, session):
        """A later measurement made without a baseline has none (as before)."""
        later = store.create_session("De Linde", "betrokkenheidsboom", "later")
        assert later.baseline is None and store.session(later.code).baseline is None

    @pytest.mark.parametrize(
        "school, frame, measurement, words",
        [
            ("Een andere school", "betrokkenheidsboom", "baseline", "is of another school"),
            ("De Linde", "epstein", "baseline", "uses another frame ('epstein', not"),
            ("De Linde", "betrokkenheidsboom", "later", "is not a baseline measurement"),
        ],
    )
    def test_refuses_what_is_no_baseline_of_this_team(
        self, store, school, frame, measurement, words
    ):
        """Another school's or frame's session, or a later one, is refused naming it; nothing
        is stored, and the other school's name is not told."""
        other = store.create_session(school, frame, measurement)
        with pytest.raises(InputError) as caught:
            store.create_session("De Linde", "betrokkenheidsboom", "later", baseline=other.code)
        error = caught.value
        assert error.source == "baseline"
        assert words in error.problem and other.code in error.problem
        assert "Een andere school" not in str(error)
        assert [s.code for s in store.sessions()] == [other.code]

    def test_refuses_a_baseline_that_does_not_exist(self, store, session):
        """A join code of no session is refused, and no session is made."""
        missing = "ZZZZZZ" if session.code != "ZZZZZZ" else "YYYYYY"
        with pytest.raises(InputError, match=f"baseline: no session with code {missing}"):
            store.create_session("De Linde", "betrokkenheidsboom", "later", baseline=missing)
        assert store.sessions() == [session]

    def test_refuses_a_code_that_is_no_code(self, store, session):
        """A baseline that cannot be a join code is refused, naming the field."""
        with pytest.raises(InputError, match="baseline: 'x<y>' is not a valid code"):
            store.create_session("De Linde", "betrokkenheidsboom", "later", baseline="x<y>")
        assert store.sessions() == [session]

    def test_refuses_a_link_on_a_baseline(self, store, session):
        """A baseline measurement is linked to nothing: refused, and nothing made."""
        with pytest.raises(InputError, match="baseline: this session is a baseline measurement"):
            store.create_session(
                "De Linde", "betrokkenheidsboom", "baseline", baseline=session.code
            )
        assert store.sessions() == [session]

    def test_link_an_existing_later_session(self, store, session):
        """A later session made before the link gets it; by Session or by join code; None
        removes it again."""
        later = store.create_session("De Linde", "betrokkenheidsboom", "later")
        linked = store.link_baseline(later, session.code.lower())
        assert linked.baseline == session.code == store.session(later.code).baseline
        assert linked == dataclasses.replace(later, baseline=session.code)
        assert store.link_baseline(later.code, None).baseline is None
        assert store.session(later.code).baseline is None
        assert store.link_baseline(later.code, session.code).baseline == session.code

    @pytest.mark.parametrize(
        "school, frame, measurement, words",
        [
            ("Een andere school", "betrokkenheidsboom", "baseline", "is of another school"),
            ("De Linde", "epstein", "baseline", "uses another frame"),
            ("De Linde", "betrokkenheidsboom", "later", "is not a baseline measurement"),
        ],
    )
    def test_link_refuses_the_same_and_changes_nothing(
        self, store, session, school, frame, measurement, words
    ):
        """link_baseline checks as create_session does, and a refusal keeps the old link."""
        later = store.create_session(
            "De Linde", "betrokkenheidsboom", "later", baseline=session.code
        )
        other = store.create_session(school, frame, measurement)
        with pytest.raises(InputError, match=f"baseline: session {other.code} {words}"):
            store.link_baseline(later, other.code)
        assert store.session(later.code).baseline == session.code

    def test_link_refuses_a_baseline_session_and_the_session_itself(self, store, session):
        """A baseline cannot be linked; a later session cannot be its own baseline."""
        later = store.create_session("De Linde", "betrokkenheidsboom", "later")
        with pytest.raises(InputError, match=f"session {session.code} is a baseline measurement"):
            store.link_baseline(session, later.code)
        with pytest.raises(InputError, match="is this session itself"):
            store.link_baseline(later, later.code)
        with pytest.raises(InputError, match="baseline: no session with code"):
            store.link_baseline(later, "ZZZZZZ" if session.code != "ZZZZZZ" else "YYYYYY")
        assert [s.baseline for s in store.sessions()] == [None, None]

    def test_link_of_a_session_that_does_not_exist(self, store, session):
        """Linking a join code of no session names the join code."""
        with pytest.raises(InputError, match="join code: no session"):
            store.link_baseline("ZZZZZZ" if session.code != "ZZZZZZ" else "YYYYYY", session.code)

    def test_a_deleted_baseline_leaves_the_later_session_unlinked(self, store, session):
        """Removing the baseline's row (by hand: the workbook deletes no sessions) keeps the
        later session, without the link (ON DELETE SET NULL)."""
        later = store.create_session(
            "De Linde", "betrokkenheidsboom", "later", baseline=session.code
        )
        with store.engine.begin() as conn:
            conn.execute(sessions.delete().where(sessions.c.id == session.id))
        assert store.session(later.code).baseline is None

    def test_answer_rows_carry_the_baseline(self, store, session):
        """The researcher's rows name each later session's baseline (None for the others)."""
        later = store.create_session(
            "De Linde", "betrokkenheidsboom", "later", baseline=session.code
        )
        for code in (session.code, later.code):
            store.save_answer(store.join(code, "teacher"), "triangle", ITEM, 3)
        rows = store.answer_rows()
        assert [(r["session"], r["baseline"]) for r in rows] == [
            (session.code, None),
            (later.code, session.code),
        ]


def _old_database(db, backend: str) -> None:
    """A database as the versions before the baseline link made it, built with plain SQL:
    the three tables without ``sessions.baseline_id``, and a session with a person and an
    answer in them."""
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    if backend == "sqlite":
        key, moment = "INTEGER NOT NULL PRIMARY KEY", "DATETIME NOT NULL"
        created = "2024-05-01 12:00:00.000000"
    else:
        key, moment = "SERIAL PRIMARY KEY", "TIMESTAMP WITH TIME ZONE NOT NULL"
        created = "2024-05-01 12:00:00+00"
    statements = [
        f"""CREATE TABLE sessions (
            id {key},
            code VARCHAR(16) NOT NULL UNIQUE,
            school VARCHAR(200) NOT NULL,
            frame VARCHAR(40) NOT NULL,
            measurement VARCHAR(16) NOT NULL,
            created_at {moment})""",
        f"""CREATE TABLE participants (
            id {key},
            session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            code VARCHAR(16) NOT NULL UNIQUE,
            role VARCHAR(32) NOT NULL,
            language VARCHAR(2) NOT NULL,
            created_at {moment})""",
        f"""CREATE TABLE answers (
            id {key},
            participant_id INTEGER NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
            exercise VARCHAR(40) NOT NULL,
            item VARCHAR(120) NOT NULL,
            value FLOAT,
            text TEXT,
            answered_at {moment},
            UNIQUE (participant_id, exercise, item))""",
        "INSERT INTO sessions (code, school, frame, measurement, created_at) VALUES "
        f"('BBBBBB', 'De Linde', 'betrokkenheidsboom', 'baseline', '{created}'), "
        f"('LLLLLL', 'De Linde', 'betrokkenheidsboom', 'later', '{created}')",
        "INSERT INTO participants (session_id, code, role, language, created_at) "
        f"SELECT id, 'PPPPPPPP', 'teacher', 'nl', '{created}' FROM sessions WHERE code = 'BBBBBB'",
        "INSERT INTO answers (participant_id, exercise, item, value, text, answered_at) "
        f"SELECT id, 'triangle', '{ITEM}', 4, NULL, '{created}' FROM participants",
    ]
    engine = create_engine(database_url(db), poolclass=NullPool)
    with engine.begin() as conn:
        for statement in statements:
            conn.exec_driver_sql(statement)
    engine.dispose()


def _columns(store) -> list[str]:
    from sqlalchemy import inspect

    with store.engine.connect() as conn:
        return [c["name"] for c in inspect(conn).get_columns("sessions")]


class TestUpgradeOnOpen:
    """A database of an earlier version gets the baseline link, and who answered how, when
    it is opened."""

    def test_old_database_gets_the_column_and_keeps_its_data(self, new_db, backend):
        """Opening adds sessions.baseline_id; the sessions, the person and the answer stay,
        without a link; then a later session can be linked, and people go on."""
        db = new_db("old")
        _old_database(db, backend)
        store = Store(db)
        assert "baseline_id" in _columns(store)
        base, later = store.session("BBBBBB"), store.session("LLLLLL")
        assert (base.school, base.measurement, base.baseline) == ("De Linde", "baseline", None)
        assert later.baseline is None
        assert base.created_at.isoformat() == "2024-05-01T12:00:00+00:00"
        me = store.participant("PPPPPPPP")
        assert me.session == base and store.answers_of(me, "triangle") == {ITEM: 4.0}
        assert (me.audience, me.channel) == ("team", "online")
        assert store.link_baseline(later, base.code).baseline == base.code
        store.save_answer(me, "triangle", "child_school.equality", 2)
        assert count_rows(store, answers) == 2

    def test_opening_again_changes_nothing(self, new_db, backend):
        """The step is idempotent: a second and third open keep the column, the link and
        every row."""
        db = new_db("twice")
        _old_database(db, backend)
        Store(db).link_baseline("LLLLLL", "BBBBBB")
        again = Store(db)
        Store(db)
        assert _columns(again).count("baseline_id") == 1
        assert again.session("LLLLLL").baseline == "BBBBBB"
        assert len(again.sessions()) == 2 and count_rows(again, answers) == 1

    def test_the_added_column_refers_to_the_baseline(self, new_db, backend):
        """The added column is a real reference: a link to no session is refused by the
        database, and removing the baseline's row leaves the later one unlinked."""
        db = new_db("reference")
        _old_database(db, backend)
        store = Store(db)
        later = store.link_baseline("LLLLLL", "BBBBBB")
        with pytest.raises(IntegrityError), store.engine.begin() as conn:
            conn.execute(sessions.update().values(baseline_id=10_000))
        with store.engine.begin() as conn:
            conn.execute(sessions.delete().where(sessions.c.code == "BBBBBB"))
        assert store.session(later.code).baseline is None

    def test_a_current_database_is_not_written(self, tmp_path):
        """Opening a database that has the column writes nothing to the file."""
        path = tmp_path / "current.sqlite"
        store = Store(path)
        store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        store.engine.dispose()
        before = path.read_bytes()
        Store(path).engine.dispose()
        assert path.read_bytes() == before

    def test_another_program_adding_it_meanwhile_is_fine(self, new_db, backend, monkeypatch):
        """When another program adds the column between the look and the change (two pages
        opening an old database at once), opening still succeeds."""
        import sqlalchemy

        db = new_db("race")
        _old_database(db, backend)
        Store(db)  # the other program: the column is there now
        real = sqlalchemy.inspect
        looks = []

        class Blind:  # the first look does not see the column yet
            def __init__(self, conn):
                self.inspector = real(conn)

            def get_columns(self, table):
                looks.append(table)
                found = self.inspector.get_columns(table)
                return [c for c in found if c["name"] != "baseline_id" or len(looks) > 2]

        monkeypatch.setattr(sqlalchemy, "inspect", Blind)
        store = Store(db)
        monkeypatch.undo()
        # a look reads two tables; SQLite refused the change and looked again
        assert len(looks) == (4 if backend == "sqlite" else 2)
        assert _columns(store).count("baseline_id") == 1


class TestAudiences:
    """Parents (and later children): a questionnaire code per session apart from the join
    code, people who answer it apart from the team (issue 12)."""

    def test_audience_code_is_stable_and_apart_from_the_join_code(self, new_db):
        """The questionnaire code is made once, stays the same (also for another store on
        the database), has 7 characters of the store's alphabet and is no join code; a
        second session gets another one."""
        from betrokkenheid.store import AUDIENCE_CODE_LENGTH, audience_codes

        db = new_db("codes")
        store = Store(db)
        session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        code = store.audience_code(session, "parent")
        assert len(code) == AUDIENCE_CODE_LENGTH == 7 and set(code) <= set(ALPHABET)
        assert code != session.code and store.audience_code(session) == code
        assert Store(db).audience_code(session) == code
        assert store.audience_codes(session) == {"parent": code}
        with pytest.raises(InputError, match="no session"):
            store.session(code[:SESSION_CODE_LENGTH])  # never a join code
        other = store.create_session("Ander", "betrokkenheidsboom", "baseline")
        assert store.audience_code(other) != code
        assert count_rows(store, audience_codes) == 2

    def test_audience_codes_reads_without_making_one(self, store, session):
        """audience_codes of a session that has none is empty and writes nothing."""
        from betrokkenheid.store import audience_codes

        assert store.audience_codes(session) == {}
        assert count_rows(store, audience_codes) == 0

    def test_made_once_when_two_ask_at_once(self, new_db):
        """When another page makes the code between this one's look and its write, both
        get the same code and there is one row."""
        from sqlalchemy import event

        from betrokkenheid.store import audience_codes

        db = new_db("race")
        store, other = Store(db), Store(db)
        session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        made = []

        def the_other_first(conn, cursor, statement, *_args):
            if statement.startswith("INSERT INTO audience_codes") and not made:
                made.append(other.audience_code(session))

        event.listen(store.engine, "before_cursor_execute", the_other_first)
        try:
            code = store.audience_code(session)
        finally:
            event.remove(store.engine, "before_cursor_execute", the_other_first)
        assert made == [code]
        assert count_rows(store, audience_codes) == 1

    def test_audience_session(self, store, session):
        """The questionnaire code, as a parent may type it, opens its session and audience."""
        code = store.audience_code(session)
        assert store.audience_session(typed_like_a_person(code)) == (session, "parent")

    @pytest.mark.parametrize("wrong", ["", "ABC", "ABCDEFGH", "ABCDE0I", "SESSION"])
    def test_wrong_questionnaire_code(self, store, session, wrong):
        """A code of no questionnaire (too short, too long, a letter the store never uses,
        or simply unknown) is an InputError with reason "code"."""
        store.audience_code(session)
        with pytest.raises(InputError) as caught:
            store.audience_session(wrong)
        assert caught.value.reason == "code"
        assert "questionnaire code" in str(caught.value)

    def test_the_join_code_opens_no_questionnaire(self, store, session):
        """The team's join code is not a questionnaire code."""
        store.audience_code(session)
        with pytest.raises(InputError) as caught:
            store.audience_session(session.code)
        assert caught.value.reason == "code"

    def test_join_audience(self, store, session):
        """A parent joins by the questionnaire code in a language with a file and a channel:
        audience and role parent, no name asked."""
        me = store.join_audience(store.audience_code(session), "en", "paper")
        who = (me.audience, me.role, me.language, me.channel)
        assert who == ("parent", "parent", "en", "paper")
        assert me.session == session
        assert store.participant(me.code) == me

    @pytest.mark.parametrize(
        "language, channel, source",
        [("xx", "online", "language"), ("nl", "fax", "channel"), ("", "online", "language")],
    )
    def test_join_audience_refuses_and_stores_nothing(
        self, store, session, language, channel, source
    ):
        """An unknown language or channel is an InputError naming it; nobody is stored."""
        code = store.audience_code(session)
        with pytest.raises(InputError) as caught:
            store.join_audience(code, language, channel)
        assert caught.value.source == source
        assert count_rows(store, participants) == 0

    def test_join_audience_with_a_wrong_code_stores_nothing(self, store, session):
        """A wrong questionnaire code: reason "code", nobody stored."""
        with pytest.raises(InputError) as caught:
            store.join_audience("ZZZZZZZ", "nl")
        assert caught.value.reason == "code"
        assert count_rows(store, participants) == 0

    def test_parents_are_not_the_team(self, store, session):
        """A parent counts in neither roles() nor count_participants(), and its answers are
        in session_answers() of the parents only."""
        teacher = store.join(session.code, "teacher")
        store.save_answer(teacher, "triangle", ITEM, 4)
        parent = store.join_audience(store.audience_code(session), "nl")
        store.save_answer(parent, "parents", "welcome", 5)
        assert store.roles(session) == {"teacher": 1}
        assert store.count_participants(session) == 1
        assert [(a.role, a.item) for a in store.session_answers(session)] == [("teacher", ITEM)]
        assert [(a.role, a.item) for a in store.session_answers(session, "parents")] == []
        parents = store.session_answers(session, audience="parent")
        assert [(a.role, a.exercise, a.item, a.value) for a in parents] == [
            ("parent", "parents", "welcome", 5.0)
        ]
        with pytest.raises(InputError, match="unknown audience"):
            store.session_answers(session, audience="pupil")

    def test_audience_counts_by_language_and_channel(self, store, session):
        """audience_counts counts parents per (language, channel), not the team, not
        another session's parents."""
        code = store.audience_code(session)
        for language, channel in [("nl", "online")] * 3 + [("nl", "paper"), ("en", "online")]:
            store.join_audience(code, language, channel)
        store.join(session.code, "teacher")
        other = store.create_session("Ander", "betrokkenheidsboom", "baseline")
        store.join_audience(store.audience_code(other), "nl")
        assert store.audience_counts(session) == {
            ("nl", "online"): 3,
            ("nl", "paper"): 1,
            ("en", "online"): 1,
        }
        assert store.audience_counts(session, "child") == {}

    def test_delete_a_parent(self, store, session):
        """A parent's answers are deleted with the parent; the others stay."""
        code = store.audience_code(session)
        gone, stays = store.join_audience(code, "nl"), store.join_audience(code, "en")
        for me in (gone, stays):
            store.save_answer(me, "parents", "welcome", 4)
            store.save_answer(me, "parents", "open", text="Dank u")
        assert store.delete_participant(session.code, gone.code) == 2
        with pytest.raises(InputError, match="no participant"):
            store.participant(gone.code)
        assert store.audience_counts(session) == {("en", "online"): 1}
        assert len(store.session_answers(session, audience="parent")) == 2


class TestChildren:
    """Children (issue 13): a children's code of each session apart from the parents' and the
    join code; children answer apart from the team and the parents, and a dump and a load
    carry them."""

    def test_a_code_of_their_own(self, store, session):
        """The children's code is another than the parents' and opens the children's
        questionnaire; each is made once."""
        parents, children = store.audience_code(session), store.audience_code(session, "child")
        assert children != parents and children != session.code
        assert store.audience_code(session, "child") == children
        assert store.audience_codes(session) == {"child": children, "parent": parents}
        assert store.audience_session(typed_like_a_person(children)) == (session, "child")
        assert store.audience_session(parents) == (session, "parent")

    def test_a_child_answers_apart(self, store, session):
        """A child joins with the children's code as audience and role child; its answers
        are the children's only, and it is counted among the children only."""
        from .helpers import add_children

        store.save_answer(store.join(session.code, "teacher"), "triangle", ITEM, 4)
        parent = store.join_audience(store.audience_code(session), "nl")
        store.save_answer(parent, "parents", "welcome", 5)
        add_children(store, session)
        child = store.participant(store.dump(session)[-1]["code"])
        who = (child.audience, child.role, child.language, child.channel)
        assert who == ("child", "child", "en", "online")
        given = store.session_answers(session, audience="child")
        assert len(given) == 6 and {(a.role, a.exercise) for a in given} == {("child", "children")}
        assert [a.item for a in store.session_answers(session, audience="parent")] == ["welcome"]
        assert [a.item for a in store.session_answers(session)] == [ITEM]
        assert store.audience_counts(session, "child") == {("nl", "online"): 2, ("en", "online"): 1}
        assert store.audience_counts(session) == {("nl", "online"): 1}
        assert store.count_participants(session) == 1

    def test_dump_and_load_carry_them(self, store, session, new_db):
        """What a dump holds of the children, a load writes back exactly, with their code."""
        from .helpers import add_children

        code = add_children(store, session)
        people = store.dump(session)
        assert [p["audience"] for p in people] == ["child"] * 3
        other = Store(new_db("copy"))
        row = {
            "code": session.code,
            "school": session.school,
            "frame": session.frame,
            "measurement": session.measurement,
            "created_at": session.created_at,
            "audience_codes": store.audience_codes(session),
        }
        assert other.load(row, people, "copy") is None
        copied = other.session(session.code)
        assert other.dump(copied) == people
        assert other.audience_session(code) == (copied, "child")
