"""Property tests on what reaches the store from outside: codes, roles, languages, texts and
values of any kind. Nothing may fail with anything but :class:`InputError`, and what is
accepted reads back as it was given."""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from betrokkenheid import Store
from betrokkenheid.errors import InputError
from betrokkenheid.model import Measurement, Role
from betrokkenheid.store import MAX_TEXT, is_text, normalise_code

SETTINGS = settings(
    max_examples=60,
    deadline=None,  # a shared machine: time is measured in bench/, not here
    database=None,  # leave no .hypothesis folder behind
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
CODE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# text as people type it, and as import files or widgets may bring it: any code point that
# UTF-8 can hold (lone surrogates are not text; see the tests at the end)
ANY_TEXT = st.text(max_size=1200)
CODE_LIKE = st.text(alphabet=CODE_CHARS + string.ascii_lowercase + " -0O1I", max_size=12)
CODES = st.one_of(ANY_TEXT, CODE_LIKE)


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    """A store in a file, with one session and one participant."""
    store = Store(tmp_path_factory.mktemp("properties") / "props.sqlite")
    session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    return store, session, store.join(session.code, "teacher")


def _only_input_errors(action):
    """Run ``action``; an InputError is an answer too. Returns the result or None."""
    try:
        return action()
    except InputError as exc:
        assert exc.source and exc.problem
        return None


class TestCodes:
    @SETTINGS
    @given(text=CODES, length=st.sampled_from([6, 8]))
    def test_normalise_any_text(self, text, length):
        """Any typed text becomes a valid code or an InputError; a code stays itself."""
        code = _only_input_errors(lambda: normalise_code(text, length, "join code"))
        if code is not None:
            assert len(code) == length and set(code) <= set(CODE_CHARS)
            assert normalise_code(code, length, "join code") == code

    @SETTINGS
    @given(text=CODES)
    def test_session_lookup(self, room, text):
        """Looking up any join code finds the session or says why not."""
        store, session, _ = room
        found = _only_input_errors(lambda: store.session(text))
        assert found is None or found == session

    @SETTINGS
    @given(text=CODES)
    def test_participant_lookup(self, room, text):
        """Looking up any personal code finds that participant or says why not."""
        store, _, me = room
        found = _only_input_errors(lambda: store.participant(text))
        assert found is None or found.code == normalise_code(text, 8, "personal code")


class TestSessionsAndParticipants:
    @SETTINGS
    @given(
        school=ANY_TEXT,
        measurement=st.one_of(st.sampled_from([m.value for m in Measurement]), ANY_TEXT),
        code=st.one_of(st.none(), CODES),
    )
    def test_create_session(self, room, school, measurement, code):
        """Any school name and measurement: a session with exactly that (trimmed) name."""
        store = room[0]
        made = _only_input_errors(
            lambda: store.create_session(school, "betrokkenheidsboom", measurement, code)
        )
        if made is not None:
            assert store.session(made.code).school == school.strip() == made.school
            assert made.measurement in {m.value for m in Measurement}

    @SETTINGS
    @given(
        role=st.one_of(st.sampled_from([r.value for r in Role]), ANY_TEXT),
        language=ANY_TEXT,
        code=st.one_of(st.just(None), CODES),
    )
    def test_join(self, room, role, language, code):
        """Any role and language: a participant with a known role and language, or an error."""
        store, session, _ = room
        me = _only_input_errors(lambda: store.join(code or session.code, role, language))
        if me is not None:
            assert me.role in {r.value for r in Role} and me.language in ("nl", "en")
            assert store.participant(me.code) == me

    @SETTINGS
    @given(language=ANY_TEXT)
    def test_set_language(self, room, language):
        """Any language: stored when it is nl or en, refused otherwise."""
        store, _, me = room
        _only_input_errors(lambda: store.set_language(me, language))
        assert store.participant(me.code).language in ("nl", "en")

    @SETTINGS
    @given(session_code=CODES, participant_code=CODES)
    def test_delete_participant(self, room, session_code, participant_code):
        """Deleting with any two codes deletes nothing that is not there (nor the wrong one)."""
        store, _, me = room
        _only_input_errors(lambda: store.delete_participant(session_code, participant_code))
        assert store.participant(me.code) == me  # not named, so never deleted


class TestAnswers:
    @SETTINGS
    @given(exercise=ANY_TEXT, item=ANY_TEXT, text=ANY_TEXT)
    def test_text_answer_reads_back(self, room, exercise, item, text):
        """Any text answer is kept exactly (trimmed), or refused as empty or too long."""
        store, _, me = room
        saved = _only_input_errors(lambda: store.save_answer(me, exercise, item, text=text) or True)
        if saved:
            assert 0 < len(text.strip()) <= MAX_TEXT
            assert store.answers_of(me, exercise)[item] == text.strip()
        else:
            bad_name = not (0 < len(exercise) <= 40 and 0 < len(item) <= 120)
            # the store now refuses a NUL (PostgreSQL cannot keep one) in names and texts
            bad_name = bad_name or not (is_text(exercise) and is_text(item))
            bad_text = not text.strip() or len(text.strip()) > MAX_TEXT or not is_text(text)
            assert bad_name or bad_text

    @SETTINGS
    @given(
        item=ANY_TEXT,
        value=st.one_of(
            st.integers(-(10**9), 10**9),
            st.floats(allow_nan=False, allow_infinity=False),
            st.booleans(),
        ),
    )
    def test_value_answer_reads_back(self, room, item, value):
        """Any finite number is kept as that number (under any item name it accepts)."""
        store, _, me = room
        if not _only_input_errors(lambda: store.save_answer(me, "values", item, value) or True):
            assert not 0 < len(item) <= 120 or not is_text(item)  # NUL: refused too
            return
        assert store.answers_of(me, "values")[item] == float(value)


def test_lone_surrogate_in_text_is_input_error(room):
    """A lone surrogate (JSON '\\ud800' from a widget or an import file) is bad input."""
    store, _, me = room
    with pytest.raises(InputError):
        store.save_answer(me, "free", "item", text="half an emoji \ud83d")


@pytest.mark.parametrize("value", [float("nan"), float("inf")])
def test_value_not_a_number_is_input_error(room, value):
    """A value that is not a finite number is refused, not stored as nothing."""
    store, _, me = room
    with pytest.raises(InputError):
        store.save_answer(me, "values", "odd", value)


@pytest.mark.parametrize("value", ["abc", pytest.param(10**400, id="10**400")])
def test_value_not_numeric_is_input_error(room, value):
    """A value that is no number at all is an InputError, not ValueError/OverflowError."""
    store, _, me = room
    with pytest.raises(InputError):
        store.save_answer(me, "values", "odd", value)
