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


# Import records: a valid export, mutated at random, is imported and then read back exactly,
# or refused with an InputError naming a key, the database unchanged (issue 17).

import copy  # noqa: E402
import json  # noqa: E402
from datetime import datetime  # noqa: E402

from sqlalchemy import select  # noqa: E402

from betrokkenheid import load_frame  # noqa: E402
from betrokkenheid.exchange import VERSION, export_json, import_session  # noqa: E402
from betrokkenheid.store import as_utc, metadata  # noqa: E402

IMPORTS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


ANSWER_PARTS = ("exercise", "item", "value", "text")


def _items(frame) -> list[tuple[str, str]]:
    """A few (exercise, item) pairs of every exercise of ``frame``, as the pages name them."""
    forms, barriers = frame.forms, frame.barriers
    group, barrier = barriers.parent_groups[0].id, barriers.barriers[0].id
    chances = [c.id for c in barriers.opportunities]
    return [
        ("triangle", frame.triangle.item_ids()[0]),
        ("triangle", frame.triangle.item_ids()[5]),
        ("perspectives", frame.perspectives.item_ids()[0]),
        ("perspectives", frame.perspectives.item_ids()[1]),
        ("forms", forms.activities[0].id),
        ("forms", f"{forms.activities[0].id}.direction"),
        ("forms", "own_1"),
        ("forms", "own_1.label"),
        ("climate", frame.climate.components[0].id),
        ("barriers", f"barrier.{group}.{barrier}"),
        ("barriers", f"other.{group}"),
        ("barriers", f"vote.{chances[0]}"),
        ("barriers", f"vote.{chances[1]}"),
        ("barriers", f"action.{chances[0]}.what"),
    ]


_FRAME = load_frame("betrokkenheidsboom")
_PAIRS = _items(_FRAME)
# values that mean something here: names of the frame, paths, codes, moments, odd texts
_WORDS = st.sampled_from(
    [name for pair in _PAIRS for name in pair]
    + ["notes", "idea", "own_21", "vote.nope", "epstein", "samen-met-ouders", "tiny"]
    + ["../../../../etc/passwd", "/etc/passwd", "betrokkenheidsboom.yaml", " De Linde", "\x00x"]
    + ["teacher", "director", "headmaster", "nl", "en", "fr", "baseline", "later", "backup"]
    + ["shareable", "two_way", "home", "moon", "ABCDEF", "ABCDEFGH", "ABCDEO", "\ud800"]
    + ["2024-05-01T12:00:00+02:00", "2024-05-01", "0001-01-01T00:00:00+01:00", "gisteren"]
    + ["", "   ", "x" * 301, "betrokkenheid-session"]
)
_NUMBERS = (
    st.integers(-3, 8)
    | st.sampled_from([0.5, 2.5, 1e308, -1e308, 10**30, float("nan"), float("inf")])
    | st.floats(width=32)
)
_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | _NUMBERS | _WORDS | st.text(max_size=20),
    lambda kids: st.lists(kids, max_size=2) | st.dictionaries(_WORDS, kids, max_size=2),
    max_leaves=4,
)


def _answered(store, code: str) -> None:
    """Three people in session ``code`` answer every exercise a little, as the pages do."""
    for n, role in enumerate(("teacher", "director", "other")):
        me = store.join(code, role, "nl" if n else "en")
        for i, (exercise, item) in enumerate(_PAIRS):
            if (i + n) % 3 == 0:
                continue  # nobody answers everything
            if item.endswith(".direction"):
                store.save_answer(me, exercise, item, text="two_way")
            elif item.endswith(".label") or item.startswith(("other.", "action.")):
                store.save_answer(me, exercise, item, text=f"Koffie {n}: 'samen' & <b>")
            elif exercise == "climate":
                store.save_answer(me, exercise, item, 1 + n)
            elif item.startswith(("vote.", "barrier.")) or exercise == "forms":
                store.save_answer(me, exercise, item, 1)
            else:
                store.save_answer(me, exercise, item, 2 + n)


@pytest.fixture(scope="module")
def exports():
    """A backup and a shareable export of one session with answers to every exercise."""
    store = Store("sqlite://")
    code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    _answered(store, code)
    return {
        "backup": export_json(store, code, backup=True),
        "shareable": export_json(store, code),
    }


def _like(node):
    """Values of the same kind as ``node``."""
    if isinstance(node, (bool, int, float)):
        return st.booleans() | _NUMBERS
    if isinstance(node, str):
        return _WORDS | st.text(max_size=20)
    if node is None:
        return st.none() | _NUMBERS | _WORDS
    return _JSON_VALUES


def _places(data, path=()):
    """Every place in an export: (path, node)."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _places(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _places(value, (*path, i))


@st.composite
def _mutated(draw, exports):
    """An export (backup or shareable) with one to three random changes."""
    kind = draw(st.sampled_from(sorted(exports)))
    data = copy.deepcopy(exports[kind])
    for _ in range(draw(st.integers(1, 3))):
        path, node = draw(st.sampled_from(list(_places(data))))
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        edit = draw(st.sampled_from(["replace", "replace", "delete", "add", "repeat"]))
        if not path:
            edit = "add"
        if edit == "replace":  # mostly by something of the same kind: the checks after
            # the shapes (frame, items, scales, texts) see it too
            parent[path[-1]] = draw(_like(node) if draw(st.integers(0, 3)) else _JSON_VALUES)
        elif edit == "delete":
            del parent[path[-1]]
        elif edit == "add" and isinstance(node, dict):
            node[draw(_WORDS | st.text(max_size=8))] = draw(_JSON_VALUES)
        elif edit == "repeat" and isinstance(parent, list):
            parent.insert(path[-1], copy.deepcopy(node))
    return data


def _contents(store) -> dict:
    with store.engine.connect() as conn:
        return {
            table.name: conn.execute(select(table).order_by(*table.primary_key)).all()
            for table in metadata.sorted_tables
        }


def _moment(text: str) -> str:
    return as_utc(datetime.fromisoformat(text)).isoformat()


def _as_read_back(data: dict, code: str) -> dict:
    """What exporting an accepted file again gives: version 2 (a version 1 file is a backup),
    moments in UTC, values as floats, answers in the export's order, and for a shareable
    export the new join code."""
    want = copy.deepcopy(data)
    if want["version"] == 1:
        want["kind"] = "backup"
    want["version"] = VERSION
    if want["kind"] == "shareable":
        want["session"]["code"] = code
    want["session"]["created_at"] = _moment(want["session"]["created_at"])
    want["session"].setdefault("audience_codes", {})  # keys of version 4, with their defaults
    for person in want["participants"]:
        person.setdefault("audience", "team")
        person.setdefault("channel", "online")
        person["created_at"] = _moment(person["created_at"])
        for answer in person["answers"]:
            answer["answered_at"] = _moment(answer["answered_at"])
            if answer["value"] is not None:
                answer["value"] = float(answer["value"])
        person["answers"].sort(key=lambda a: (a["exercise"], a["item"]))
    return want


class TestImportRecords:
    @IMPORTS
    @given(data=st.data())
    def test_mutated_export_reads_back_or_is_refused(self, exports, tmp_path_factory, data):
        """A valid export with random changes is imported and reads back exactly, or is
        refused with one InputError naming the file and a key, and the database holds
        exactly what it held."""
        mutated = data.draw(_mutated(exports))
        path = tmp_path_factory.mktemp("imports") / "mutated.json"
        path.write_text(json.dumps(mutated), encoding="utf-8")  # \ud800 as an escape
        store = Store("sqlite://")
        there = store.create_session("Bestaand", "betrokkenheidsboom", "later")
        store.save_answer(store.join(there.code, "teacher"), "triangle", _PAIRS[0][1], 3)
        before = _contents(store)
        try:
            made = import_session(store, path)
        except InputError as exc:
            assert exc.source == str(path)
            assert exc.where and exc.where.startswith("key '"), exc
            assert "\n" not in str(exc)
            assert _contents(store) == before
            return
        again = export_json(store, made.code, backup=made.kind == "backup")
        assert again == _as_read_back(mutated, made.code)
        assert made.new_codes == (mutated.get("kind") == "shareable")

    @IMPORTS
    @given(
        pair=st.sampled_from(_PAIRS + [("triangle", "x.y"), ("notes", "idea")]),
        value=st.none() | st.booleans() | _NUMBERS,
        text=st.none() | _WORDS | st.text(max_size=30),
    )
    def test_pages_and_import_agree(self, exports, tmp_path_factory, pair, value, text):
        """An answer that the pages' check takes as it is, an import takes and keeps; one it
        refuses, an import refuses naming a part of that answer."""
        from betrokkenheid.answers import check_answer

        exercise, item = pair
        try:
            stored = check_answer(_FRAME, exercise, item, value, text, exact=True)
            refused = None
        except InputError as exc:
            refused = exc.source
            assert refused in ANSWER_PARTS
        data = copy.deepcopy(exports["backup"])
        answer = {"exercise": exercise, "item": item, "value": value, "text": text}
        data["participants"][0]["answers"] = [
            {**answer, "answered_at": "2026-03-01T12:00:00+00:00"}
        ]
        path = tmp_path_factory.mktemp("agree") / "one.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        store = Store("sqlite://")
        try:
            made = import_session(store, path)
        except InputError as exc:
            assert refused is not None, exc
            # the answer, and one of its parts (the shapes may see another wrong part first)
            parts = [f"key 'participants.0.answers.0.{p}'" for p in ANSWER_PARTS]
            assert exc.where in parts, exc
            return
        assert refused is None
        me = store.participant(data["participants"][0]["code"])
        given = store.answers_of(me, exercise)
        assert given.get(item) == (stored[1] if stored[0] is None else stored[0])
        assert made.answers == sum(len(p["answers"]) for p in data["participants"])
