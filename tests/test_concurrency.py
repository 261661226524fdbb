"""Nothing lost: many writers at once, a writer killed mid-answer, a database only we can read.

The writers are separate processes, as the kernels of a room are, each with its own
:class:`Store` (the public API) on the same database: a SQLite file (WAL mode), or a
PostgreSQL database (each writer opening a connection per answer, as the pages do there).
"""

import multiprocessing
import os
import signal
import stat
import subprocess
import sys
import threading

from betrokkenheid import Store

WRITERS = 50
ANSWERS = 60
TIMEOUT = 120  # seconds: a bound on every wait, far above the normal few seconds


def _writer(db: str, code: str, count: int, ready, go, results) -> None:
    """One participant in a process of its own: open the store, wait for "go", answer."""
    errors = []
    try:
        store = Store(db)
        me = store.participant(code)
    except Exception as exc:  # reported, so that the test says what went wrong
        errors.append(f"{type(exc).__name__}: {exc}")
    ready.put(os.getpid())
    if errors or not go.wait(TIMEOUT):
        results.put({"code": code, "errors": errors or ["no go"]})
        return
    for i in range(count):
        try:
            if i % 2:  # every other answer a text, like an activity or an action
                store.save_answer(me, "free", f"item{i:03d}", text=f"antwoord {i} van {code}")
            else:
                store.save_answer(me, "triangle", f"item{i:03d}", i % 5 + 1)
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    results.put({"code": code, "errors": errors})


# A participant answering until killed: prints each item once save_answer has returned.
ENDLESS = """
import sys
from betrokkenheid.store import Store
store = Store(sys.argv[1])
me = store.participant(sys.argv[2])
i = 0
while True:
    store.save_answer(me, "triangle", f"item{i:05d}", i % 5 + 1)
    print(f"item{i:05d}", flush=True)
    i += 1
"""


def _python(code: str, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], text=True, start_new_session=True, **kwargs
    )


def _readline(process: subprocess.Popen, timeout: float = TIMEOUT) -> str:
    """One line of a child's stdout, or an error after ``timeout`` seconds."""
    box: list[str] = []
    reader = threading.Thread(target=lambda: box.append(process.stdout.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    if not box:
        process.kill()
        raise AssertionError(f"no line from the writer within {timeout} s")
    return box[0]


def test_fifty_writers_lose_nothing(new_db):
    """50 processes × 60 answers at once: all 3000 stored, none twice, and no
    'database is locked' (or any other error) raised to any of them."""
    db = new_db("room")
    store = Store(db)
    session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    codes = [store.join(session.code, "teacher").code for _ in range(WRITERS)]
    # forkserver: every writer is a fresh process forked from a server that has imported the
    # package but never opened a database (as fast as fork, as clean as spawn)
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["betrokkenheid.store", __name__])
    ready, results, go = context.Queue(), context.Queue(), context.Event()
    writers = [
        context.Process(target=_writer, args=(str(db), code, ANSWERS, ready, go, results))
        for code in codes
    ]
    try:
        for writer in writers:
            writer.start()
        pids = {ready.get(timeout=TIMEOUT) for _ in writers}  # all have opened the store
        go.set()  # now all answer together
        reports = [results.get(timeout=TIMEOUT) for _ in writers]
        for writer in writers:
            writer.join(timeout=TIMEOUT)
            assert writer.exitcode == 0
    finally:
        for writer in writers:
            if writer.is_alive():
                writer.kill()
    assert len(pids) == WRITERS and os.getpid() not in pids
    assert [r["errors"] for r in reports] == [[]] * WRITERS
    given = store.session_answers(session)
    assert len(given) == WRITERS * ANSWERS == 3000
    keys = [(a.participant_id, a.exercise, a.item) for a in given]
    assert len(set(keys)) == len(keys)  # none twice
    for code in codes:
        me = store.participant(code)
        ratings = store.answers_of(me, "triangle")
        assert ratings == {f"item{i:03d}": float(i % 5 + 1) for i in range(0, ANSWERS, 2)}
        texts = store.answers_of(me, "free")
        assert texts == {f"item{i:03d}": f"antwoord {i} van {code}" for i in range(1, ANSWERS, 2)}


def test_kill_9_mid_answer_loses_no_saved_answer(new_db):
    """A writer killed with SIGKILL while answering: every answer whose save had returned
    is there when the participant comes back with the personal code."""
    db = new_db("room")
    store = Store(db)
    session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    code = store.join(session.code, "teacher").code
    writer = _python(ENDLESS, str(db), code, stdout=subprocess.PIPE)
    saved = []
    try:
        while len(saved) < 150:
            line = _readline(writer)
            assert line, "the writer stopped by itself"
            saved.append(line.strip())
        os.killpg(writer.pid, signal.SIGKILL)  # while it goes on answering
        assert writer.wait(timeout=TIMEOUT) == -signal.SIGKILL
        saved += [line.strip() for line in writer.stdout]  # printed before it died
    finally:
        if writer.poll() is None:
            writer.kill()
    again = Store(db)  # as a new kernel would open it
    me = again.participant(code)
    given = again.answers_of(me, "triangle")
    assert set(saved) <= set(given)
    assert len(given) - len(saved) <= 1  # at most the one it was saving when killed
    assert all(given[item] == float(int(item[4:]) % 5 + 1) for item in saved)


JOIN = """
import sys
from betrokkenheid.store import Store
print(Store(sys.argv[1]).join(sys.argv[2], sys.argv[3]).code, flush=True)
"""


def test_long_lived_store_sees_a_delete_from_the_command_line(new_db):
    """A dashboard on a long-lived store (pooled, as its kernel holds it) that has looked
    once, then ``delete-participant`` in another process and someone joining in the same
    moment: the next look redraws, and nobody counts the deleted person any more."""
    from pathlib import Path

    from betrokkenheid.ui import DashboardPage

    db = str(new_db("stale"))
    store = Store(db)
    session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    for role in ("teacher", "teacher", "teacher", "director", "director"):
        store.join(session.code, role)
    answering = store.join(session.code, "director")
    store.save_answer(answering, "triangle", "parent_school.equality", 3)
    gone = store.join(session.code, "teacher")  # the newest, without answers
    page = DashboardPage(store, session_code=session.code)
    assert page.refresh() is False  # looked: nothing new
    before = store.last_change(session)

    cli = Path(sys.executable).with_name("betrokkenheid")
    deleted = subprocess.run(
        [str(cli), "delete-participant", session.code, gone.code, "--db", db],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert deleted.returncode == 0, deleted.stderr
    # then, before the dashboard looks again, a director joins (on SQLite with the
    # deleted teacher's row number): the count of people is what it was
    joiner = _python(JOIN, db, session.code, "director", stdout=subprocess.PIPE)
    assert _readline(joiner).strip()
    assert joiner.wait(timeout=TIMEOUT) == 0

    assert store.count_participants(session) == 7
    assert store.last_change(session) != before
    assert store.roles(session) == {"teacher": 3, "director": 4}
    assert page.refresh() is True  # redrawn
    fresh = DashboardPage(Store(db), session_code=session.code)  # as a new kernel sees it
    assert page.info.value == fresh.info.value


class TestPermissions:
    def test_database_file_only_for_its_owner(self, tmp_path):
        """The database file is created 0600, and so are SQLite's WAL files beside it."""
        db = tmp_path / "fresh" / "room.sqlite"
        store = Store(db)
        session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        store.save_answer(store.join(session.code, "teacher"), "triangle", "x", 3)
        assert stat.S_IMODE(db.stat().st_mode) == 0o600
        for extra in (db.with_name("room.sqlite-wal"), db.with_name("room.sqlite-shm")):
            if extra.exists():
                assert stat.S_IMODE(extra.stat().st_mode) & 0o077 == 0, extra

    def test_new_folder_not_world_writable(self, tmp_path):
        """A folder the store makes is the owner's only (0700): nobody else can replace files."""
        db = tmp_path / "a" / "b" / "room.sqlite"
        Store(db)
        mode = stat.S_IMODE(db.parent.stat().st_mode)
        assert mode & 0o002 == 0
        assert mode & 0o077 == 0
