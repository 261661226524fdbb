"""Persistence of sessions, participants and answers (SQLAlchemy Core).

SQLite is the default: one file in the user's data directory (or a path of your choice), in WAL
mode so that every Voila kernel of a room can write at once. Any SQLAlchemy database URL, such
as ``postgresql://...``, works too.
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
from .terms import Measurement, Role

__all__ = [
    "Answer",
    "DB_ENV",
    "MAX_TEXT",
    "Participant",
    "Session",
    "Store",
    "default_db_path",
    "normalise_code",
]

DB_ENV = "BETROKKENHEID_DB"
MAX_TEXT = 1000
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read aloud and type
SESSION_CODE_LENGTH = 6
PARTICIPANT_CODE_LENGTH = 8

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
)
participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False),
    Column("code", String(16), nullable=False, unique=True),
    Column("role", String(32), nullable=False),
    Column("language", String(2), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
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
    """A school team's session (*sessie*): one measurement of one school with one frame."""

    id: int
    code: str
    school: str
    frame: str
    measurement: str
    created_at: datetime


@dataclass(frozen=True)
class Participant:
    """An anonymous team member (*deelnemer*): a role and a personal code, never a name."""

    id: int
    code: str
    session: Session
    role: str
    language: str


@dataclass(frozen=True)
class Answer:
    """One answer of one participant, as the team views see it (no personal code)."""

    participant_id: int
    role: str
    exercise: str
    item: str
    value: float | None
    text: str | None


def default_db_path() -> Path:
    """The database file: ``$BETROKKENHEID_DB`` or one in the user's data directory."""
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    from platformdirs import user_data_dir

    return Path(user_data_dir("betrokkenheid", appauthor=False)) / "betrokkenheid.sqlite"


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
    if len(code) != length or any(c not in _ALPHABET for c in code):
        shown = text.strip()[:20].encode("utf-8", "replace").decode("utf-8")
        raise InputError(what, f"'{shown}' is not a valid code ({length} characters)")
    return code


def _new_code(length: int) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


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
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Store:
    """Sessions, participants and answers in one database.

    Parameters
    ----------
    db : str or path, optional
        A file path (SQLite) or a SQLAlchemy URL; by default :func:`default_db_path`.

    Examples
    --------
    >>> store = Store("sqlite://")          # in memory, for trying things out
    >>> session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    >>> me = store.join(session.code, "teacher", "nl")
    >>> store.save_answer(me, "triangle", "parent_school.communication", 4)
    >>> store.answers_of(me, "triangle")
    {'parent_school.communication': 4.0}
    """

    def __init__(self, db: str | os.PathLike | None = None):
        text = os.fspath(db) if db is not None else str(default_db_path())
        if "://" in text:
            self.url = text
        else:
            _sqlite_file(Path(text))
            self.url = f"sqlite:///{Path(text).expanduser()}"
        is_sqlite = self.url.startswith("sqlite")
        kwargs = {"connect_args": {"timeout": 30}} if is_sqlite else {}
        self.engine = create_engine(self.url, **kwargs)
        if is_sqlite:
            event.listen(self.engine, "connect", _on_sqlite_connect)
        metadata.create_all(self.engine)

    def __repr__(self) -> str:
        return f"Store({self.engine.url.render_as_string(hide_password=True)!r})"

    # sessions ---------------------------------------------------------------------------
    def create_session(
        self, school: str, frame: str, measurement: str, code: str | None = None
    ) -> Session:
        """Start a session for a school team and return it with its new join code."""
        school = _clean_text(school, "school name", limit=200)
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
            row = conn.execute(select(sessions).where(sessions.c.code == code)).first()
        if row is None:
            raise InputError("join code", f"no session with code {code}")
        return _session(row)

    def sessions(self) -> list[Session]:
        """All sessions, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(sessions).order_by(sessions.c.id)).all()
        return [_session(row) for row in rows]

    # participants ---------------------------------------------------------------------
    def join(self, session_code: str, role: str, language: str = "nl") -> Participant:
        """Join a session anonymously with a role; returns the participant and its code."""
        session = self.session(session_code)
        try:
            role = Role(role).value
        except ValueError:
            raise InputError("role", f"unknown role '{role}'") from None
        language = language if language in ("nl", "en") else "nl"
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
            select(participants, sessions)
            .join(sessions, participants.c.session_id == sessions.c.id)
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
            _utc(m[sessions.c.created_at]),
        )
        return Participant(
            m[participants.c.id],
            m[participants.c.code],
            session,
            m[participants.c.role],
            m[participants.c.language],
        )

    def set_language(self, participant: Participant, language: str) -> None:
        """Remember the language a participant chose."""
        if language not in ("nl", "en"):
            raise InputError("language", f"unknown language '{language}'")
        with self.engine.begin() as conn:
            conn.execute(
                participants.update()
                .where(participants.c.id == participant.id)
                .values(language=language)
            )

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
        _check_name(exercise, "exercise", limit=40)
        _check_name(item, "item", limit=120)
        if value is not None:
            value = _finite(value)
        if text is not None:
            text = _clean_text(text, "answer", limit=MAX_TEXT)
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

    def session_answers(self, session: Session, exercise: str | None = None) -> list[Answer]:
        """Every answer given in a session (optionally to one exercise), without codes."""
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
            .where(participants.c.session_id == session.id)
            .order_by(answers.c.participant_id, answers.c.exercise, answers.c.item)
        )
        if exercise is not None:
            query = query.where(answers.c.exercise == exercise)
        with self.engine.connect() as conn:
            return [Answer(*row) for row in conn.execute(query)]

    def last_change(self, session: Session) -> tuple[int, int, str]:
        """A cheap fingerprint of a session's state: people, answers and the latest answer.

        It changes whenever someone joins, answers or is deleted, so a dashboard can poll it
        and redraw only when something happened.
        """
        people = select(func.count()).where(participants.c.session_id == session.id)
        given = (
            select(func.count(), func.max(answers.c.answered_at))
            .join(participants, answers.c.participant_id == participants.c.id)
            .where(participants.c.session_id == session.id)
        )
        with self.engine.connect() as conn:
            joined = conn.execute(people).scalar_one()
            count, latest = conn.execute(given).one()
        return joined, count, str(latest)

    def roles(self, session: Session) -> dict[str, int]:
        """How many people joined a session, per role."""
        query = (
            select(participants.c.role, func.count())
            .where(participants.c.session_id == session.id)
            .group_by(participants.c.role)
        )
        with self.engine.connect() as conn:
            return dict(conn.execute(query).all())

    def count_participants(self, session: Session) -> int:
        """How many people joined a session."""
        query = select(func.count()).where(participants.c.session_id == session.id)
        with self.engine.connect() as conn:
            return conn.execute(query).scalar_one()


def _session(row) -> Session:
    return Session(row.id, row.code, row.school, row.frame, row.measurement, _utc(row.created_at))


def _check_name(name: str, what: str, limit: int) -> None:
    """An exercise or item name: text of 1 to ``limit`` characters, kept exactly as given."""
    if not isinstance(name, str) or not name or len(name) > limit:
        raise InputError(what, f"must be a name of 1 to {limit} characters")
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(what, "contains characters that are not text") from None


def _finite(value) -> float:
    """A stored value: a finite number."""
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        raise InputError("answer", "must be a number") from None
    if not math.isfinite(number):
        raise InputError("answer", "must be a finite number")
    return number


def _clean_text(text: str, what: str, limit: int) -> str:
    if not isinstance(text, str):
        raise InputError(what, "must be text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: half a character, not text
        raise InputError(what, "contains characters that are not text") from None
    text = text.strip()
    if not text:
        raise InputError(what, "is empty")
    if len(text) > limit:
        raise InputError(what, f"is longer than {limit} characters")
    return text
