"""Databases that fail: damaged, full, locked or read-only. Each is one line that says which,
exit status 2, no traceback, and ``serve`` refuses a damaged database before it starts.

The full disk and the read-only folder are real: a tmpfs of 256 KiB and a read-only bind
mount, made by the test (it runs as root, as CI does) and removed after it.
"""

import gc
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from betrokkenheid import Store
from betrokkenheid.cli import EXIT_BAD_INPUT
from betrokkenheid.exchange import export_json

from .test_cli import assert_one_line_error, run

TIMEOUT = 60  # seconds for a command that must refuse at once
ITEM = "parent_school.communication"


def _filled(path: Path) -> str:
    store = Store(path)
    session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    for value in (2, 3, 4):
        store.save_answer(store.join(session.code, "teacher"), "triangle", ITEM, value)
    store.engine.dispose()  # checkpointed: the whole database is in the file
    return session.code


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=TIMEOUT)
    if done.returncode != 0:
        if os.environ.get("CI"):
            pytest.fail(f"mount {' '.join(args)}: {done.stderr.strip()}")
        pytest.skip(f"cannot mount here: {done.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path):
    """A folder on a filesystem of 256 KiB."""
    folder = tmp_path / "small"
    folder.mkdir()
    _mount("-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder))
    yield folder
    gc.collect()  # the stores the commands opened close their files
    subprocess.run(["umount", "--lazy", str(folder)], check=True, timeout=TIMEOUT)


@pytest.fixture
def read_only(tmp_path):
    """``(database, code)``: a database with a session, seen through a read-only mount."""
    folder, seen = tmp_path / "rw", tmp_path / "ro"
    folder.mkdir()
    seen.mkdir()
    code = _filled(folder / "room.sqlite")
    _mount("--bind", str(folder), str(seen))
    try:
        _mount("-o", "remount,ro,bind", str(seen))
        yield seen / "room.sqlite", code
    finally:
        gc.collect()
        subprocess.run(["umount", "--lazy", str(seen)], check=True, timeout=TIMEOUT)


def _damage(path: Path) -> bytes:
    """Overwrite the database's second page with noise; returns the damaged bytes."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    data[page : 2 * page] = os.urandom(page)
    path.write_bytes(bytes(data))
    return bytes(data)


class TestDamaged:
    def test_commands_say_it_is_damaged(self, tmp_path, capsys):
        """demo, export and import on a damaged file: one line saying it is damaged."""
        db = tmp_path / "room.sqlite"
        code = _filled(db)
        other = tmp_path / "other.sqlite"
        export = tmp_path / "export.json"
        export.write_text(json.dumps(export_json(Store(other), _filled(other))), "utf-8")
        damaged = _damage(db)
        for argv in (
            ["demo"],
            ["export", code, "-o", tmp_path / "out.json"],
            ["import", export],
        ):
            status, out, err = run(capsys, *argv, "--db", db)
            assert status == EXIT_BAD_INPUT, (argv, out, err)
            assert_one_line_error(err, str(db), "damaged")
        assert db.read_bytes() == damaged

    def test_serve_refuses_a_damaged_database(self, tmp_path):
        """serve checks every page of the database first and does not start on a damaged one."""
        db = tmp_path / "room.sqlite"
        _filled(db)
        _damage(db)
        cli = Path(sys.executable).with_name("betrokkenheid")
        done = subprocess.run(
            [str(cli), "serve", "--db", str(db), "--port", "0"],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,  # it must refuse at once, never start Voila
        )
        assert done.returncode == EXIT_BAD_INPUT
        assert_one_line_error(done.stderr, str(db), "damaged")
        assert "Traceback" not in done.stdout

    def test_a_sound_database_passes_the_check(self, tmp_path):
        """The check passes a good database and changes nothing in it."""
        db = tmp_path / "room.sqlite"
        _filled(db)
        before = db.read_bytes()
        store = Store(db)
        store.check()
        store.engine.dispose()
        assert db.read_bytes() == before


class TestFullDisk:
    def test_demo_on_a_full_disk(self, small_disk, capsys):
        """demo on a disk that fills up: one line saying the disk is full."""
        status, _, err = run(capsys, "demo", "--db", small_disk / "room.sqlite")
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, "disk is full")

    def test_import_on_a_full_disk_keeps_the_database(self, small_disk, tmp_path, capsys):
        """An import that does not fit: one line, and the database holds what it held."""
        source = Store(tmp_path / "big.sqlite")
        from betrokkenheid.demo import make_demo

        code = make_demo(source)["baseline"]
        export = tmp_path / "export.json"
        export.write_text(json.dumps(export_json(source, code)), "utf-8")
        db = small_disk / "room.sqlite"
        kept = _filled(db)
        filler = small_disk / "filler"  # the disk is all but full
        free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
        filler.write_bytes(b"\0" * max(0, free - 16 * 1024))
        status, _, err = run(capsys, "import", export, "--db", db)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, "disk is full")
        filler.unlink()
        store = Store(db)
        assert [s.code for s in store.sessions()] == [kept]
        assert len(store.session_answers(store.session(kept))) == 3


class TestLocked:
    def test_a_database_another_program_holds(self, tmp_path, capsys, monkeypatch):
        """While another program holds the file locked, a command says so (after waiting)."""
        import betrokkenheid.store

        db = tmp_path / "room.sqlite"
        _filled(db)
        monkeypatch.setattr(betrokkenheid.store, "SQLITE_BUSY_TIMEOUT", 0.5)
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            status, _, err = run(capsys, "demo", "--db", db)
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, str(db), "locked")


class TestReadOnly:
    def test_writing_commands_say_read_only(self, read_only, capsys):
        """demo and import on a read-only database: one line saying it is read-only."""
        db, _ = read_only
        status, _, err = run(capsys, "demo", "--db", db)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, str(db), "read-only")

    def test_delete_participant_says_read_only(self, read_only, capsys):
        """Deleting from a read-only database is refused with the reason."""
        db, code = read_only
        status, _, err = run(capsys, "delete-participant", code, "ABCDEFGH", "--db", db)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, "read-only")
