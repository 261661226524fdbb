"""Persistence of sessions, participants and answers (SQLAlchemy Core).

SQLite is the default: one file in the user's data directory (or a path of your choice), in WAL
mode so that every Voila kernel of a room can write at once. PostgreSQL serves many rooms at
once: give a URL (``postgresql://user@host/db``) instead of a path. :func:`database_url` is the
one place that tells a path from a URL; this module is the only one that speaks SQL.

On PostgreSQL an open page holds no connection between its answers (``Store(pooled=False)``:
a connection is opened for each answer and closed after it), so one server with
``max_connections=100`` carries hundreds of open pages; for more, put pgbouncer between (see
the README). The command line and a researcher's session keep a small pool.
"""

from __future__ import annotations

import math
import os
import secrets
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import (
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    func,
    select,
)
from sqlalchemy.exc import IntegrityError

from .errors import InputError
from .terms import Audience, Channel, Measurement, Role

__all__ = [
    "ALPHABET",
    "AUDIENCE_CODE_LENGTH",
    "Answer",
    "DB_ENV",
    "MAX_TEXT",
    "Participant",
    "Session",
    "Store",
    "as_utc",
    "check_name",
    "clean_text",
    "database_problem",
    "database_url",
    "default_db",
    "display_name",
    "is_text",
    "missing_tables",
    "normalise_code",
]

DB_ENV = "BETROKKENHEID_DB"
MAX_TEXT = 1000
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud and type
SESSION_CODE_LENGTH = 6
PARTICIPANT_CODE_LENGTH = 8
AUDIENCE_CODE_LENGTH = 7  # one more than a join code: the two can never be taken for each other
CONNECT_TIMEOUT = 10  # seconds to reach a database server before saying it cannot be reached
SQLITE_BUSY_TIMEOUT = 30  # seconds a writer waits while another holds the SQLite file locked
BUSY_WAIT = 15  # seconds a page waits for a free connection of a busy server before it fails

metadata = MetaData()
sessions = Table(
    "sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("school", String(200), nullable=False),
    Column("frame", String(40), nullable=False),
    Column("measurement", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # a later measurement's baseline (*nulmeting*); added to older databases by _upgrade
    Column("baseline_id", ForeignKey("sessions.id", ondelete="SET NULL"), nullable=True),
)
_baselines = sessions.alias("baselines")  # the sessions seen as another one's baseline
participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(16), nullable=False, unique=True),
    Column("role", String(32), nullable=False),
    Column("language", String(2), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # who answered (terms.Audience) and how (terms.Channel); added to older databases by _upgrade
    Column("audience", String(8), nullable=False, server_default="team"),
    Column("channel", String(8), nullable=False, server_default="online"),
)
audience_codes = Table(
    # the code of a session's questionnaire for parents (or children): apart from the team's
    # join code, so a parent never sees the team's answers and cannot join as staff
    "audience_codes",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("audience", String(8), nullable=False),
    Column("code", String(16), nullable=False, unique=True),
    UniqueConstraint("session_id", "audience"),
)
answers = Table(
    "answers",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("participant_id", ForeignKey("participants.id", ondelete="CASCADE"), nullable=False),
    Column("exercise", String(40), nullable=False),
    Column("item", String(120), nullable=False),
    Column("value", Float),
    Column("text", Text),
    Column("answered_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("participant_id", "exercise", "item"),
)


@dataclass(frozen=True)
class Session:
    """A school team's session (*sessie*): one measurement of one school with one frame.

    ``baseline`` is the join code of the school's baseline session (*nulmeting*) that a later
    measurement is linked to, or ``None``.
    """

    id: int
    code: str
    school: str
    frame: str
    measurement: str
    created_at: datetime
    baseline: str | None = None


@dataclass(frozen=True)
class Participant:
    """An anonymous team member (*deelnemer*): a role and a personal code, never a name.

    A parent or a child who answers a questionnaire is one too, with ``audience`` ``parent``
    or ``child`` (and that as ``role``), and ``channel`` ``paper`` when staff typed in a paper
    form.
    """

    id: int
    code: str
    session: Session
    role: str
    language: str
    audience: str = "team"
    channel: str = "online"


@dataclass(frozen=True)
class Answer:
    """One answer of one participant, as the team views see it (no personal code)."""

    participant_id: int
    role: str
    exercise: str
    item: str
    value: float | None
    text: str | None


def default_db() -> str:
    """The database: ``$BETROKKENHEID_DB`` (a path or a URL) or a file in the user's data
    directory."""
    if os.environ.get(DB_ENV):
        return os.environ[DB_ENV]
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("betrokkenheid", appauthor=False)) / "betrokkenheid.sqlite")


def _is_url(text: str) -> bool:
    return "://" in text


def database_url(db: str | os.PathLike | None = None) -> str:
    """The SQLAlchemy URL of ``db``: a URL as it is, a path as a SQLite URL.

    This is the one place that tells a path from a URL; ``None`` means :func:`default_db`.

    Examples
    --------
    >>> database_url("/data/room.sqlite")
    'sqlite:////data/room.sqlite'
    >>> database_url("postgresql://trainer@db.example/rooms")
    'postgresql://trainer@db.example/rooms'
    """
    text = os.fspath(db) if db is not None else default_db()
    if _is_url(text):
        return text
    return f"sqlite:///{Path(text).expanduser()}"


def display_name(db: str | os.PathLike | None = None) -> str:
    """``db`` as it may be printed: a path as it is, a URL without its password.

    Examples
    --------
    >>> display_name("postgresql://trainer:geheim@db.example/rooms")
    'postgresql://trainer:***@db.example/rooms'
    """
    text = os.fspath(db) if db is not None else default_db()
    if not _is_url(text):
        return text
    from sqlalchemy.engine import make_url

    try:
        return make_url(text).render_as_string(hide_password=True)
    except Exception:  # an unreadable URL: show its scheme only, never the rest
        return text.split("://", 1)[0] + "://..."


def as_utc(moment: datetime) -> datetime:
    """A moment in UTC; a moment without a zone counts as UTC (SQLite keeps no zone).

    Examples
    --------
    >>> as_utc(datetime.fromisoformat("2026-03-01T13:00:00+01:00")).isoformat()
    '2026-03-01T12:00:00+00:00'
    """
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def database_problem(
    exc: BaseException, db: str | os.PathLike | None = None, doing: str = "open"
) -> InputError:
    """An error of the database or its driver in words a person can act on.

    Wrong password, no such database, a server that cannot be reached, a missing driver, a
    damaged, full, locked or read-only file: each is named, after what failed (``cannot
    open``, ``cannot write``); a URL never shows its password.

    Examples
    --------
    >>> import sqlite3
    >>> str(database_problem(sqlite3.OperationalError("database is locked"), "x.sqlite"))
    'x.sqlite: cannot open: another program holds it locked; close that and try again'
    """
    from sqlalchemy.exc import ArgumentError

    original = getattr(exc, "orig", None) or exc
    text = str(original).lower()
    state = getattr(original, "sqlstate", None) or getattr(original, "pgcode", None)
    if isinstance(exc, ImportError):
        driver = exc.name or "its driver"
        problem = f"the driver {driver} is not installed"
        problem += " (for PostgreSQL: pip install 'betrokkenheid[postgresql]')"
    elif isinstance(exc, ArgumentError):
        problem = "this is not a kind of database that can be used (see the README)"
    elif state in ("28P01", "28000") or "password authentication failed" in text:
        problem = "the user name or password is wrong"
    elif state == "3D000" or ("database" in text and "does not exist" in text):
        problem = "the server has no such database; create it first (createdb)"
    elif state in ("53300", "53000") or "too many clients" in text or "too many conn" in text:
        problem = "the server has no free connections; try again, or put pgbouncer between"
    elif any(words in text for words in _UNREACHABLE):
        problem = "the server cannot be reached (is it running? are host and port right?)"
    elif "readonly database" in text or "read-only" in text:
        problem = "the database is read-only; give one you may write to"
    elif "locked" in text:
        problem = "another program holds it locked; close that and try again"
    elif "malformed" in text or "not a database" in text or "file is encrypted" in text:
        problem = "the file is damaged or not a database; restore it from a backup"
    elif "disk is full" in text or "no space left" in text or "disk full" in text:
        problem = "the disk is full; make room and try again"
    elif "disk i/o error" in text and _disk_almost_full(db):
        problem = "the disk is full; make room and try again"
    elif "unable to open database" in text and _read_only_file(db):
        problem = "the database is read-only; give one you may write to"
    elif "unable to open database" in text:
        problem = "the file cannot be made or opened (does the folder exist? may you write there?)"
    elif "disk i/o error" in text:
        problem = "reading or writing the file failed (is the disk full, or failing?)"
    elif isinstance(exc, OSError) and exc.strerror:
        problem = exc.strerror
    else:
        problem = f"the database answered {type(original).__name__}"
    return InputError(display_name(db), f"cannot {doing}: {problem}")


def _read_only_file(db) -> bool:
    """Whether ``db`` is a SQLite file (or its folder) that may not be written here."""
    text = os.fspath(db) if db is not None else default_db()
    if _is_url(text):
        return False
    path = Path(text).expanduser()
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _disk_almost_full(db) -> bool:
    """Whether the disk of SQLite file ``db`` has less room than a few pages."""
    import shutil

    text = os.fspath(db) if db is not None else default_db()
    if _is_url(text):
        return False
    try:
        return shutil.disk_usage(Path(text).expanduser().parent).free < 64 * 1024
    except OSError:
        return False


_UNREACHABLE = (
    "connection refused",
    "could not connect",
    "could not translate host name",
    "name or service not known",
    "timeout expired",
    "connection timed out",
    "no route to host",
    "server closed the connection",
    "connection is bad",
    "network is unreachable",
)


def normalise_code(text: str, length: int, what: str) -> str:
    """Upper-case a typed code and drop spaces and dashes; refuse anything else.

    Examples
    --------
    >>> normalise_code(" k7mq-2p ", 6, "join code")
    'K7MQ2P'
    """
    text = str(text)
    code = "".join(text.split()).replace("-", "").upper()
    if not code:
        raise InputError(what, "is empty")
    if len(code) != length or any(c not in ALPHABET for c in code):
        shown = text.strip()[:20].encode("utf-8", "replace").decode("utf-8")
        raise InputError(what, f"'{shown}' is not a valid code ({length} characters)")
    return code


def _new_code(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _sqlite_file(path: Path) -> None:
    """Create the folder (0700) and the file (0600) before SQLite does, so nobody else reads it."""
    path = path.expanduser()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))


def _on_sqlite_connect(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT * 1000)}")
    cursor.close()


def _engine(url: str, pooled: bool = True):
    """An engine for ``url``: SQLite with its pragmas; a server database with a small pool, or
    none (``pooled=False``: a connection for each answer, closed after it)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import NullPool

    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(parsed, connect_args={"timeout": SQLITE_BUSY_TIMEOUT})
        event.listen(engine, "connect", _on_sqlite_connect)
        return engine
    connect_args = {}
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT
    if not pooled:  # an open page holds no connection between answers (see the module)
        engine = create_engine(parsed, poolclass=NullPool, connect_args=connect_args)
    else:
        engine = create_engine(
            parsed, pool_size=2, max_overflow=3, pool_pre_ping=True, connect_args=connect_args
        )
    event.listen(engine, "do_connect", _wait_for_a_free_connection)
    return engine


def _wait_for_a_free_connection(dialect, _record, cargs, cparams):
    """Connect; while the server has no free connection (many pages answering in the same
    moment), try again for up to :data:`BUSY_WAIT` seconds, a little later each time, so that
    a short rush costs time and not an answer."""
    import random
    import time

    deadline = time.monotonic() + BUSY_WAIT
    pause = 0.02
    while True:
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError as exc:
            full = getattr(exc, "sqlstate", None) == "53300" or "too many clients" in str(exc)
            if not full or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause * random.uniform(1, 2))  # backing off, spread over the pages
            pause = min(pause * 2, 0.5)


# Columns added since the first version: (table, column, its SQL after ADD COLUMN).
_ADDED = (
    ("sessions", "baseline_id", "INTEGER REFERENCES sessions (id) ON DELETE SET NULL"),
    ("participants", "audience", "VARCHAR(8) NOT NULL DEFAULT 'team'"),
    ("participants", "channel", "VARCHAR(8) NOT NULL DEFAULT 'online'"),
)


def _upgrade(engine) -> None:
    """Bring a database made by an earlier version up to this version's tables, in place and
    keeping every row: the columns of :data:`_ADDED` (a later measurement's link to its
    baseline, empty in the sessions there were; who answered and how, ``team`` and
    ``online`` for the people there were). New tables are made by ``create_all``.

    It writes only when something is missing (opening a current database changes nothing),
    and two programs that open an old database at once both end with the columns.
    """
    from sqlalchemy import inspect
    from sqlalchemy.exc import OperationalError, ProgrammingError

    def missing() -> list[tuple[str, str, str]]:
        with engine.connect() as conn:
            inspector = inspect(conn)
            have = {
                t: {c["name"] for c in inspector.get_columns(t)} for t in {a[0] for a in _ADDED}
            }
        return [added for added in _ADDED if added[1] not in have[added[0]]]

    only_if_new = "IF NOT EXISTS " if engine.dialect.name == "postgresql" else ""
    for table, column, sql in missing():
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {only_if_new}{column} {sql}")
        except (OperationalError, ProgrammingError):
            if (table, column, sql) in missing():  # not another program in the same moment
                raise


class Store:
    """Sessions, participants and answers in one database.

    Parameters
    ----------
    db : str or path, optional
        A file path (SQLite) or a SQLAlchemy URL; by default :func:`default_db`.
    pooled : bool
        On a database server, keep a few connections open for the next statements (the
        command line, a researcher, one dashboard); ``False`` for a page, of which a room has
        many open at once: each answer then opens a connection and closes it after.

    Examples
    --------
    >>> store = Store("sqlite://")          # in memory, for trying things out
    >>> session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    >>> me = store.join(session.code, "teacher", "nl")
    >>> store.save_answer(me, "triangle", "parent_school.communication", 4)
    >>> store.answers_of(me, "triangle")
    {'parent_school.communication': 4.0}
    """

    def __init__(self, db: str | os.PathLike | None = None, pooled: bool = True):
        from sqlalchemy.exc import SQLAlchemyError

        text = os.fspath(db) if db is not None else default_db()
        self.given = text  # the path or URL as given, for messages (shown without a password)
        try:
            if not _is_url(text):
                path = Path(text).expanduser()
                if path.is_dir():
                    raise InputError(text, "is a folder; give the path of a database file")
                _sqlite_file(path)
            self.url = database_url(text)
            self.engine = _engine(self.url, pooled)
            metadata.create_all(self.engine)
            _upgrade(self.engine)
        except InputError:
            raise
        except ValueError as exc:  # e.g. a port that is not a number
            raise InputError(display_name(text), f"is not a database URL ({exc})") from None
        except (SQLAlchemyError, OSError, ImportError) as exc:
            raise database_problem(exc, text) from None

    def check(self) -> None:
        """Make sure the database can be read whole: SQLite's ``quick_check`` of every page
        (a damaged file is an :class:`InputError` saying so), a server's answer to a query."""
        from sqlalchemy.exc import SQLAlchemyError

        try:
            with self.engine.connect() as conn:
                if self.engine.dialect.name == "sqlite":
                    found = [row[0] for row in conn.exec_driver_sql("PRAGMA quick_check")]
                else:
                    found = [str(conn.exec_driver_sql("SELECT 'ok'").scalar())]
        except SQLAlchemyError as exc:
            raise database_problem(exc, self.given) from None
        if found != ["ok"]:
            problem = "cannot open: the file is damaged or not a database; restore it from a backup"
            raise InputError(display_name(self.given), problem)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # sessions ---------------------------------------------------------------------------
    def create_session(
        self,
        school: str,
        frame: str,
        measurement: str,
        code: str | None = None,
        baseline: str | None = None,
    ) -> Session:
        """Start a session for a school team and return it with its new join code.

        ``baseline`` links a later measurement to the join code of the school's baseline
        session (*nulmeting*): the same school, the same frame, a baseline measurement. Any
        other is an :class:`InputError` (source ``baseline``) and no session is made.

        Examples
        --------
        >>> store = Store("sqlite://")
        >>> before = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        >>> after = store.create_session(
        ...     "De Linde", "betrokkenheidsboom", "later", baseline=before.code.lower()
        ... )
        >>> after.baseline == before.code, before.baseline
        (True, None)
        >>> store.create_session(  # doctest: +ELLIPSIS
        ...     "De Vlinder", "betrokkenheidsboom", "later", baseline=before.code
        ... )
        Traceback (most recent call last):
        ...
        betrokkenheid.errors.InputError: baseline: session ... is of another school
        """
        school = clean_text(school, "school name", limit=200)
        try:
            measurement = Measurement(measurement).value
        except ValueError:
            raise InputError("measurement", f"unknown measurement '{measurement}'") from None
        from .frames import frame_paths

        if frame not in frame_paths():
            raise InputError("frame", f"no frame named '{str(frame)[:40]}'")
        if code is not None:  # a chosen code must be one that people can type in again
            code = normalise_code(code, SESSION_CODE_LENGTH, "join code")
        for _ in range(20):
            row = {
                "code": code or _new_code(SESSION_CODE_LENGTH),
                "school": school,
                "frame": frame,
                "measurement": measurement,
                "created_at": _now(),
            }
            try:
                with self.engine.begin() as conn:
                    if baseline is not None:  # checked in the transaction that writes
                        new = {k: row[k] for k in ("school", "frame", "measurement")}
                        row["baseline_id"] = _baseline_id(conn, new, baseline)
                    conn.execute(sessions.insert().values(**row))
            except IntegrityError:
                if code:
                    problem = f"a session with code {code} exists already"
                    raise InputError("session", problem) from None
                continue
            return self.session(row["code"])
        raise RuntimeError("could not find a free session code")  # pragma: no cover

    def session(self, code: str) -> Session:
        """The session with this join code; :class:`InputError` when there is none."""
        code = normalise_code(code, SESSION_CODE_LENGTH, "join code")
        with self.engine.connect() as conn:
            row = conn.execute(_sessions_query().where(sessions.c.code == code)).first()
        if row is None:
            raise InputError("join code", f"no session with code {code}")
        return _session(row)

    def sessions(self) -> list[Session]:
        """All sessions, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(_sessions_query().order_by(sessions.c.id)).all()
        return [_session(row) for row in rows]

    def link_baseline(self, session: Session | str, baseline: str | None) -> Session:
        """Link a later session (made before, or linked wrongly) to its baseline's join code,
        with the checks of :meth:`create_session`; ``None`` removes the link. Returns the
        session as it is now; when refused, nothing changes.

        Examples
        --------
        >>> store = Store("sqlite://")
        >>> before = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        >>> after = store.create_session("De Linde", "betrokkenheidsboom", "later")
        >>> store.link_baseline(after, before.code).baseline == before.code
        True
        >>> store.link_baseline(before, after.code)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        betrokkenheid.errors.InputError: baseline: session ... is a baseline measurement itself; ...
        """
        code = session.code if isinstance(session, Session) else session
        later = self.session(code)
        with self.engine.begin() as conn:
            link = None
            if baseline is not None:
                link = _baseline_id(conn, vars(later), baseline)
            conn.execute(
                sessions.update().where(sessions.c.id == later.id).values(baseline_id=link)
            )
        return self.session(later.code)

    def check_baseline(self, session: Session, code: str) -> Session:
        """The session ``code`` if ``session`` may be compared with it as its baseline: the
        rule of :meth:`link_baseline` for the baseline's side (the same school and frame, a
        baseline measurement, not ``session`` itself), nothing written; else the same
        :class:`InputError`. ``session`` itself may be of either kind."""
        with self.engine.connect() as conn:
            _baseline_id(conn, {**vars(session), "measurement": Measurement.LATER.value}, code)
        return self.session(code)

    # participants ---------------------------------------------------------------------
    def join(self, session_code: str, role: str, language: str = "nl") -> Participant:
        """Join a session anonymously with a role; returns the participant and its code."""
        session = self.session(session_code)
        try:
            role = Role(role).value
        except ValueError:
            raise InputError("role", f"unknown role '{role}'") from None
        language = language if language in ("nl", "en") else "nl"
        return self._new_participant(session, role, language)

    def _new_participant(
        self,
        session: Session,
        role: str,
        language: str,
        audience: str = Audience.TEAM.value,
        channel: str = Channel.ONLINE.value,
    ) -> Participant:
        for _ in range(20):
            code = _new_code(PARTICIPANT_CODE_LENGTH)
            try:
                with self.engine.begin() as conn:
                    conn.execute(
                        participants.insert().values(
                            session_id=session.id,
                            code=code,
                            role=role,
                            language=language,
                            created_at=_now(),
                            audience=audience,
                            channel=channel,
                        )
                    )
            except IntegrityError:  # pragma: no cover - a code clash is very rare
                continue
            return self.participant(code)
        raise RuntimeError("could not find a free participant code")  # pragma: no cover

    def participant(self, code: str) -> Participant:
        """The participant with this personal code; :class:`InputError` when there is none."""
        code = normalise_code(code, PARTICIPANT_CODE_LENGTH, "personal code")
        query = (
            select(participants, sessions, _baselines.c.code)
            .join(sessions, participants.c.session_id == sessions.c.id)
            .outerjoin(_baselines, sessions.c.baseline_id == _baselines.c.id)
            .where(participants.c.code == code)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise InputError("personal code", f"no participant with code {code}")
        m = row._mapping
        session = Session(
            m[sessions.c.id],
            m[sessions.c.code],
            m[sessions.c.school],
            m[sessions.c.frame],
            m[sessions.c.measurement],
            as_utc(m[sessions.c.created_at]),
            m[_baselines.c.code],
        )
        return Participant(
            m[participants.c.id],
            m[participants.c.code],
            session,
            m[participants.c.role],
            m[participants.c.language],
            m[participants.c.audience],
            m[participants.c.channel],
        )

    def set_language(self, participant: Participant, language: str) -> None:
        """Remember the language a participant chose: Dutch or English for the team, any
        language with a file (:mod:`betrokkenheid.languages`) for a parent or a child."""
        if participant.audience == Audience.TEAM.value and language not in ("nl", "en"):
            raise InputError("language", f"unknown language '{language}'")
        if participant.audience != Audience.TEAM.value:
            from .languages import language as known

            language = known(language).code
        with self.engine.begin() as conn:
            conn.execute(
                participants.update()
                .where(participants.c.id == participant.id)
                .values(language=language)
            )

    # parents and children ----------------------------------------------------------------
    def audience_code(self, session: Session, audience: str = Audience.PARENT.value) -> str:
        """The code of ``session``'s questionnaire for ``audience`` (``parent`` or ``child``),
        made the first time it is asked for. It is apart from the join code: whoever has it
        can answer the questionnaire, and nothing else.

        Examples
        --------
        >>> store = Store("sqlite://")
        >>> session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        >>> code = store.audience_code(session)
        >>> len(code), code == store.audience_code(session), code != session.code
        (7, True, True)
        """
        audience = _audience(audience)
        query = select(audience_codes.c.code).where(
            audience_codes.c.session_id == session.id, audience_codes.c.audience == audience
        )
        for _ in range(20):
            with self.engine.connect() as conn:
                found = conn.execute(query).scalar()
            if found:
                return found
            row = {"session_id": session.id, "audience": audience}
            try:
                with self.engine.begin() as conn:
                    code = _new_code(AUDIENCE_CODE_LENGTH)
                    conn.execute(audience_codes.insert().values(code=code, **row))
            except IntegrityError:  # another page made it in the same moment, or a clash
                continue
        raise RuntimeError("could not find a free questionnaire code")  # pragma: no cover

    def audience_codes(self, session: Session) -> dict[str, str]:
        """The questionnaire codes ``session`` has so far, by audience; none is made (an
        export reads them, see :meth:`audience_code`)."""
        query = (
            select(audience_codes.c.audience, audience_codes.c.code)
            .where(audience_codes.c.session_id == session.id)
            .order_by(audience_codes.c.audience)
        )
        with self.engine.connect() as conn:
            return dict(conn.execute(query).all())

    def audience_session(self, code: str) -> tuple[Session, str]:
        """The session and audience of a questionnaire code (as :meth:`audience_code` gives
        it); an :class:`InputError` (source ``questionnaire code``, ``reason="code"``) when
        there is none."""
        try:
            code = normalise_code(code, AUDIENCE_CODE_LENGTH, "questionnaire code")
        except InputError as exc:
            raise InputError(exc.source, exc.problem, reason="code") from None
        query = (
            select(audience_codes.c.audience, sessions.c.code)
            .join(sessions, audience_codes.c.session_id == sessions.c.id)
            .where(audience_codes.c.code == code)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None:
            raise InputError(
                "questionnaire code", f"no questionnaire with code {code}", reason="code"
            )
        return self.session(row.code), row.audience

    def join_audience(
        self, code: str, language: str, channel: str = Channel.ONLINE.value
    ) -> Participant:
        """A new parent (or child) in the session of questionnaire ``code``, answering in
        ``language`` (any language with a file) by ``channel`` (``online``, or ``paper`` for
        a form staff type in). Nothing personal is kept: no name, no address, no browser."""
        from .languages import language as known

        session, audience = self.audience_session(code)
        language = known(language).code
        try:
            channel = Channel(channel).value
        except ValueError:
            raise InputError("channel", f"unknown channel '{channel}'") from None
        return self._new_participant(session, audience, language, audience, channel)

    def audience_counts(
        self, session: Session, audience: str = Audience.PARENT.value
    ) -> dict[tuple[str, str], int]:
        """How many parents (or children) answered in ``session``, by (language, channel).
        These are counts of people for the trainer, not results: no answer is in them."""
        query = (
            select(participants.c.language, participants.c.channel, func.count())
            .where(
                participants.c.session_id == session.id,
                participants.c.audience == _audience(audience),
            )
            .group_by(participants.c.language, participants.c.channel)
        )
        with self.engine.connect() as conn:
            return {(lang, channel): n for lang, channel, n in conn.execute(query)}

    def delete_participant(self, session_code: str, participant_code: str) -> int:
        """Delete a participant of a session and all their answers; returns answers deleted."""
        session = self.session(session_code)
        participant = self.participant(participant_code)
        if participant.session.id != session.id:
            raise InputError(
                "personal code", f"{participant.code} is not in session {session.code}"
            )
        with self.engine.begin() as conn:
            gone = conn.execute(
                delete(answers).where(answers.c.participant_id == participant.id)
            ).rowcount
            conn.execute(delete(participants).where(participants.c.id == participant.id))
        return gone

    # answers ------------------------------------------------------------------------------
    def save_answer(
        self,
        participant: Participant,
        exercise: str,
        item: str,
        value: float | None = None,
        text: str | None = None,
    ) -> None:
        """Save (or replace) one answer of a participant, at once, in its own transaction.

        ``value`` must be a finite number and ``text`` real text of at most :data:`MAX_TEXT`
        characters; anything else is an :class:`InputError` and nothing is stored.
        """
        check_name(exercise, "exercise", limit=40)
        check_name(item, "item", limit=120)
        if value is not None:
            value = _finite(value)
        if text is not None:
            text = clean_text(text, "answer", limit=MAX_TEXT)
        row = {
            "participant_id": participant.id,
            "exercise": exercise,
            "item": item,
            "value": value,
            "text": text,
            "answered_at": _now(),
        }
        try:
            with self.engine.begin() as conn:
                conn.execute(self._upsert(row))
        except IntegrityError:  # the participant was deleted meanwhile
            raise InputError(
                "personal code", f"no participant with code {participant.code}"
            ) from None

    def _upsert(self, row: dict):
        if self.engine.dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(answers).values(**row)
        return statement.on_conflict_do_update(
            index_elements=["participant_id", "exercise", "item"],
            set_={k: statement.excluded[k] for k in ("value", "text", "answered_at")},
        )

    def answers_of(self, participant: Participant, exercise: str) -> dict[str, float | str]:
        """One participant's answers to an exercise, by item."""
        query = select(answers.c.item, answers.c.value, answers.c.text).where(
            answers.c.participant_id == participant.id, answers.c.exercise == exercise
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return {item: (text if value is None else value) for item, value, text in rows}

    def session_answers(
        self, session: Session, exercise: str | None = None, audience: str = Audience.TEAM.value
    ) -> list[Answer]:
        """Every answer the team (or the parents, the children: ``audience``) gave in a
        session, optionally to one exercise, without codes."""
        query = (
            select(
                answers.c.participant_id,
                participants.c.role,
                answers.c.exercise,
                answers.c.item,
                answers.c.value,
                answers.c.text,
            )
            .join(participants, answers.c.participant_id == participants.c.id)
            .where(
                participants.c.session_id == session.id,
                participants.c.audience == _audience(audience),
            )
            .order_by(answers.c.participant_id, answers.c.exercise, answers.c.item)
        )
        if exercise is not None:
            query = query.where(answers.c.exercise == exercise)
        with self.engine.connect() as conn:
            return [Answer(*row) for row in conn.execute(query)]

    def last_change(self, session: Session) -> tuple:
        """A cheap fingerprint of a session's state: how many people and answers, and the
        newest of each (by number and by moment).

        It changes whenever someone joins, answers or is deleted, so a dashboard can poll it
        and redraw only when something happened; also when one person is deleted and another
        joins between two looks (the count stays, the newest join moves: a count alone
        would keep showing the deleted person).
        """
        people = select(
            func.count(), func.max(participants.c.id), func.max(participants.c.created_at)
        ).where(participants.c.session_id == session.id)
        given = (
            select(func.count(), func.max(answers.c.id), func.max(answers.c.answered_at))
            .join(participants, answers.c.participant_id == participants.c.id)
            .where(participants.c.session_id == session.id)
        )
        with self.engine.connect() as conn:
            joined, last_id, last_joined = conn.execute(people).one()
            count, last_answer_id, latest = conn.execute(given).one()
        return joined, last_id, str(last_joined), count, last_answer_id, str(latest)

    def roles(self, session: Session) -> dict[str, int]:
        """How many team members joined a session, per role."""
        query = (
            select(participants.c.role, func.count())
            .where(participants.c.session_id == session.id, _team)
            .group_by(participants.c.role)
        )
        with self.engine.connect() as conn:
            return dict(conn.execute(query).all())

    def count_participants(self, session: Session) -> int:
        """How many team members joined a session."""
        query = select(func.count()).where(participants.c.session_id == session.id, _team)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()

    # whole sessions: exports, imports and the researcher's table ----------------------------
    def dump(self, session: Session) -> list[dict]:
        """Every participant of a session, in joining order, with their answers (and codes:
        this is what a backup holds)."""
        with self.engine.connect() as conn:
            people = conn.execute(
                select(participants)
                .where(participants.c.session_id == session.id)
                .order_by(participants.c.id)
            ).all()
            given = conn.execute(
                select(answers)
                .join(participants, answers.c.participant_id == participants.c.id)
                .where(participants.c.session_id == session.id)
                .order_by(answers.c.participant_id, answers.c.exercise, answers.c.item)
            ).all()
        by_person: dict[int, list] = {p.id: [] for p in people}
        for a in given:
            by_person[a.participant_id].append(
                {
                    "exercise": a.exercise,
                    "item": a.item,
                    "value": a.value,
                    "text": a.text,
                    "answered_at": as_utc(a.answered_at),
                }
            )
        return [
            {
                "code": p.code,
                "role": p.role,
                "language": p.language,
                "created_at": as_utc(p.created_at),
                "audience": p.audience,
                "channel": p.channel,
                "answers": by_person[p.id],
            }
            for p in people
        ]

    def load(self, session: dict, people: list[dict], source: str) -> str | None:
        """Write a checked session with its participants and answers in one transaction.

        ``session`` has the columns of a session (and perhaps ``baseline``, the join code of
        its baseline, and ``audience_codes``, its questionnaire codes by audience), each
        person those of a participant and a list ``answers``. Nothing is kept when anything
        fails; a session, personal or questionnaire code that exists already is an
        :class:`InputError` naming ``source``.

        A baseline that is not in the database, or may not be this session's (see
        :meth:`create_session`), fails nothing: the session is written without the link, and
        the reason is returned (``None`` when there was no link, or it was kept).
        """
        codes = [person["code"] for person in people]
        session = dict(session)
        baseline = session.pop("baseline", None)
        questionnaires = dict(session.pop("audience_codes", None) or {})
        unlinked = None
        try:
            with self.engine.begin() as conn:
                found = select(sessions.c.id).where(sessions.c.code == session["code"])
                if conn.execute(found).first():
                    raise InputError(
                        source, f"session {session['code']} exists already", "key 'session.code'"
                    )
                taken = select(participants.c.code).where(participants.c.code.in_(codes))
                if clash := conn.execute(taken).first():
                    raise InputError(
                        source, f"personal code {clash[0]} exists already", "key 'participants'"
                    )
                taken = select(audience_codes.c.code).where(
                    audience_codes.c.code.in_(list(questionnaires.values()))
                )
                if clash := conn.execute(taken).first():
                    where = "key 'session.audience_codes'"
                    raise InputError(source, f"questionnaire code {clash[0]} exists already", where)
                if baseline is not None:
                    try:
                        session["baseline_id"] = _baseline_id(conn, session, baseline)
                    except InputError as exc:
                        unlinked = exc.problem
                session_id = conn.execute(sessions.insert().values(**session)).inserted_primary_key[
                    0
                ]
                for audience, code in questionnaires.items():
                    conn.execute(
                        audience_codes.insert().values(
                            session_id=session_id, audience=audience, code=code
                        )
                    )
                for person in people:
                    row = {k: v for k, v in person.items() if k != "answers"}
                    pid = conn.execute(
                        participants.insert().values(session_id=session_id, **row)
                    ).inserted_primary_key[0]
                    if person["answers"]:
                        conn.execute(
                            answers.insert(),
                            [{"participant_id": pid, **a} for a in person["answers"]],
                        )
        except IntegrityError:  # another process took a code between the check and the write
            raise InputError(
                source, "a session, personal or questionnaire code exists already"
            ) from None
        return unlinked

    def answer_rows(self, codes: set[str] | None = None, exercise: str | None = None) -> list[dict]:
        """One row per answer of all sessions (or those with these join codes), by column:
        ``session`` (join code), ``school``, ``measurement``, ``baseline`` (the join code of
        the baseline it is linked to, or ``None``), ``role``, ``participant`` (a number within
        the session, in joining order, never the code), ``frame``, ``audience`` (``team``,
        ``parent``, ``child``), ``channel`` (``online``, ``paper``), ``language`` (the
        person's), ``exercise``, ``item``,
        ``value``, ``text`` and ``answered_at`` (UTC). :data:`betrokkenheid.data.COLUMNS`
        puts them in order."""
        numbered = select(
            participants.c.id,
            participants.c.role,
            participants.c.session_id,
            participants.c.audience,
            participants.c.channel,
            participants.c.language,
            func.row_number()
            .over(partition_by=participants.c.session_id, order_by=participants.c.id)
            .label("number"),
        ).subquery()
        query = (
            select(
                sessions.c.code.label("session"),
                sessions.c.school,
                sessions.c.measurement,
                _baselines.c.code.label("baseline"),
                numbered.c.role,
                numbered.c.number.label("participant"),
                sessions.c.frame,
                numbered.c.audience,
                numbered.c.channel,
                numbered.c.language,
                answers.c.exercise,
                answers.c.item,
                answers.c.value,
                answers.c.text,
                answers.c.answered_at,
            )
            .select_from(answers)
            .join(numbered, answers.c.participant_id == numbered.c.id)
            .join(sessions, numbered.c.session_id == sessions.c.id)
            .outerjoin(_baselines, sessions.c.baseline_id == _baselines.c.id)
            .order_by(sessions.c.id, numbered.c.number, answers.c.exercise, answers.c.item)
        )
        if codes is not None:
            query = query.where(sessions.c.code.in_(sorted(codes)))
        if exercise is not None:
            query = query.where(answers.c.exercise == exercise)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [{**row._mapping, "answered_at": as_utc(row.answered_at)} for row in rows]


def missing_tables(path: str | os.PathLike) -> list[str]:
    """The workbook's tables that a SQLite file lacks, read without writing anything (so that
    another program's database is never changed)."""
    import sqlite3
    from urllib.parse import quote

    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True)
        try:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise InputError(str(path), f"cannot read the database: {exc}") from None
    have = {name for (name,) in rows}
    return [name for name in ("sessions", "participants", "answers") if name not in have]


_team = participants.c.audience == Audience.TEAM.value  # the team's people, not parents or children


def _audience(audience: str) -> str:
    try:
        return Audience(audience).value
    except ValueError:
        raise InputError("audience", f"unknown audience '{audience}'") from None


def _sessions_query():
    """Sessions with their baseline's join code (``baseline``) beside their own columns."""
    return select(sessions, _baselines.c.code.label("baseline")).outerjoin(
        _baselines, sessions.c.baseline_id == _baselines.c.id
    )


def _session(row) -> Session:
    return Session(
        row.id,
        row.code,
        row.school,
        row.frame,
        row.measurement,
        as_utc(row.created_at),
        row.baseline,
    )


def _baseline_id(conn, later: dict, code: str) -> int:
    """The id of the session ``code`` that a session ``later`` (its code, school, frame and
    measurement) may be linked to as its baseline: a baseline measurement of the same school
    with the same frame. Anything else is an :class:`InputError` (source ``baseline``) that
    says why, without naming another school; its ``reason`` is ``itself``, ``code``,
    ``school``, ``frame`` or ``measurement``."""
    if later["measurement"] != Measurement.LATER.value:
        what = f"session {later['code']}" if later.get("code") else "this session"
        problem = f"{what} is a baseline measurement itself; only a later one has a baseline"
        raise InputError("baseline", problem, reason="itself")
    try:
        code = normalise_code(code, SESSION_CODE_LENGTH, "baseline")
    except InputError as exc:
        raise InputError("baseline", exc.problem, reason="code") from None
    row = conn.execute(select(sessions).where(sessions.c.code == code)).first()
    if row is None:
        raise InputError("baseline", f"no session with code {code}", reason="code")
    if row.code == later.get("code"):
        problem, reason = "is this session itself: give the join code of its baseline", "itself"
    elif row.school != later["school"]:
        problem, reason = "is of another school", "school"
    elif row.frame != later["frame"]:
        problem, reason = f"uses another frame ('{row.frame}', not '{later['frame']}')", "frame"
    elif row.measurement != Measurement.BASELINE.value:
        problem = f"is not a baseline measurement (it is '{row.measurement}')"
        reason = "measurement"
    else:
        return row.id
    raise InputError("baseline", f"session {code} {problem}", reason=reason)


def is_text(text: str) -> bool:
    """Whether every database keeps ``text`` as it is: no half character (a lone surrogate)
    and no NUL, which PostgreSQL refuses (so SQLite refuses it here too).

    Examples
    --------
    >>> is_text("Één ouder"), is_text("a" + chr(0) + "b")
    (True, False)
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def check_name(name: str, what: str, limit: int) -> str:
    """An exercise or item name: text of 1 to ``limit`` characters, kept exactly as given.

    Examples
    --------
    >>> check_name("triangle", "exercise", limit=40)
    'triangle'
    """
    if not isinstance(name, str) or not name or len(name) > limit:
        raise InputError(what, f"must be a name of 1 to {limit} characters")
    if not is_text(name):
        raise InputError(what, "contains characters that are not text")
    return name


def _finite(value) -> float:
    """A stored value: a finite number."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise InputError("answer", "must be a number") from None
    if not math.isfinite(number):
        raise InputError("answer", "must be a finite number")
    return number


def clean_text(text: str, what: str, limit: int) -> str:
    """Typed text as it is stored: stripped, not empty, at most ``limit`` characters, and real
    text (no NUL, no half characters), the same on SQLite and PostgreSQL.

    Examples
    --------
    >>> clean_text("  Een ouderavond  ", "answer", limit=1000)
    'Een ouderavond'
    >>> clean_text("a" + chr(0) + "b", "answer", limit=1000)
    Traceback (most recent call last):
    ...
    betrokkenheid.errors.InputError: answer: contains characters that are not text
    """
    if not isinstance(text, str):
        raise InputError(what, "must be text")
    if not is_text(text):
        raise InputError(what, "contains characters that are not text")
    text = text.strip()
    if not text:
        raise InputError(what, "is empty")
    if len(text) > limit:
        raise InputError(what, f"is longer than {limit} characters")
    return text
