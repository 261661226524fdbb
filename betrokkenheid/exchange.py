"""Export a session to JSON, CSV or XLSX, and import a JSON export again (all or nothing).

Two JSON exports, told apart by their ``kind``:

- a **shareable** export (``betrokkenheid export SESSION --format json``): the session and its
  participants numbered 1, 2, ... in joining order, with their answers, and no personal
  codes. Importing it makes a new join code and new personal codes.
- a **backup** (``betrokkenheid export SESSION --format json --backup``, a file named
  ``*.backup.json``): the same with the personal codes, so that people can go on with their
  codes after it is imported. It must not be shared.

Both kinds name a later session's baseline (``session.baseline``, its join code, or null);
an import links to it when that baseline is in the database, and otherwise imports the
session without the link and says so (:attr:`Imported.unlinked`).

Both kinds also hold who answered and how: every participant's ``audience`` (``team``,
``parent``, ``child``), ``channel`` (``online``, ``paper``) and ``language`` (``nl`` or
``en`` for the team, any language with a file for a parent or a child:
:mod:`betrokkenheid.languages`), and the session's questionnaire codes
(``session.audience_codes``, by audience: ``parent``, ``child``). A backup's import keeps
those codes, so a letter to parents printed before, or the children's code a teacher wrote
down, still works after a restore; a shareable export's import makes new ones, as it makes a
new join code (:attr:`Imported.audience_codes` names them). A parent's and a child's answers
are checked with their questionnaire's rules (:func:`betrokkenheid.questionnaire.check_person`).

Version 1 files (before the two kinds) hold the personal codes: they are read as backups.
Version 1 and 2 files (before the link) name no baseline. Version 1 to 3 files (before
parents answered) hold the team only: every participant is ``team`` and ``online``.
Every import is checked completely, against the session's frame too (see
:mod:`betrokkenheid.answers`), before anything is written. Answers to items an earlier
version of the frame asked and this one no longer does are left out rather than refused (a
quality a side of the triangle is not rated on any more, the direction of an activity whose
form has none: :func:`betrokkenheid.exercises.retired`); the tidy tables leave them out too.
"""

from __future__ import annotations

import csv
import io
import json
import secrets
from dataclasses import dataclass, replace
from dataclasses import field as _field
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Annotated

from .errors import InputError

__all__ = [
    "BACKUP",
    "BACKUP_SUFFIX",
    "FORMAT",
    "MAX_IMPORT_BYTES",
    "SHAREABLE",
    "VERSION",
    "Imported",
    "export_csv",
    "export_json",
    "export_xlsx",
    "import_json",
    "import_session",
    "parse_export",
    "read_export_file",
    "suggested_name",
]

FORMAT = "betrokkenheid-session"
VERSION = 4  # 4: audience, channel, audience_codes; 3: session.baseline; 2: a kind; 1: codes
SHAREABLE = "shareable"
BACKUP = "backup"
BACKUP_SUFFIX = ".backup.json"
MAX_IMPORT_BYTES = 50 * 1024 * 1024
MAX_DIGITS = 40  # a whole number in an import file longer than this is read as a float


def export_json(store, session_code: str, *, backup: bool = False) -> dict:
    """Everything of a session as plain data; :func:`import_json` takes it back.

    Without ``backup`` the export is *shareable*: participants are numbered (1, 2, ... in
    joining order) and no personal code is in it; an import makes new codes. With
    ``backup=True`` every participant keeps their personal code, and an import gives back
    exactly this session, codes and all: keep such a file to yourself.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    >>> me = store.join(code, "teacher")
    >>> shared = export_json(store, code)
    >>> shared["kind"], shared["participants"][0]["number"], "code" in shared["participants"][0]
    ('shareable', 1, False)
    >>> export_json(store, code, backup=True)["participants"][0]["code"] == me.code
    True
    """
    session = store.session(session_code)
    people = []
    for number, person in enumerate(store.dump(session), start=1):
        who = {"code": person["code"]} if backup else {"number": number}
        people.append(
            {
                **who,
                "role": person["role"],
                "audience": person["audience"],
                "channel": person["channel"],
                "language": person["language"],
                "created_at": person["created_at"].isoformat(),
                "answers": [
                    {**a, "answered_at": a["answered_at"].isoformat()} for a in person["answers"]
                ],
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "kind": BACKUP if backup else SHAREABLE,
        "session": {
            "code": session.code,
            "school": session.school,
            "frame": session.frame,
            "measurement": session.measurement,
            "created_at": session.created_at.isoformat(),
            "baseline": session.baseline,
            "audience_codes": store.audience_codes(session),
        },
        "participants": people,
    }


def suggested_name(session_code: str, *, backup: bool = False) -> str:
    """The file name to give an export: a backup's ends in ``.backup.json``, so that nobody
    takes it for the shareable one.

    Examples
    --------
    >>> suggested_name("K7MQ2P"), suggested_name("K7MQ2P", backup=True)
    ('K7MQ2P.json', 'K7MQ2P.backup.json')
    """
    return f"{session_code}{BACKUP_SUFFIX if backup else '.json'}"


def export_csv(store, session_code: str, language: str = "nl") -> str:
    """A tidy table of a session: one answer a row, participants numbered (no codes), with
    the role's name and the question in ``language`` beside their codes, and who answered
    how: ``audience`` (``team``, ``parent``, ``child``), ``channel`` (``online``, ``paper``)
    and the person's ``language``. A parent's or a child's question is what they were asked
    (the statement, the chip, the open question), in ``language``."""
    _, rows = _tidy(store, session_code, language)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_TIDY_COLUMNS)
    for row in rows:
        writer.writerow(
            "" if cell is None else _cell(cell) if isinstance(cell, str) else cell for cell in row
        )
    return out.getvalue()


def export_xlsx(store, session_code: str, language: str = "nl") -> bytes:
    """A tidy workbook of a session: sheet "answers" (one answer a row), sheet "session".

    The sheet "answers" has the columns of :func:`export_csv`, participants numbered in joining
    order (no personal codes), the role's name and the question in ``language`` beside their
    codes, values as numbers and times as UTC date-times (to the millisecond, as a
    spreadsheet keeps them; shown with "UTC"). Typed text that a spreadsheet could read as a
    formula starts with ``'``, as in the CSV. The sheet "session" says how many people
    answered: ``participants`` in all, the ``team``, ``parents`` and ``children``.

    Examples
    --------
    >>> import io, openpyxl
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    >>> me = store.join(code, "teacher")
    >>> store.save_answer(me, "triangle", "parent_school.equality", 4)
    >>> book = openpyxl.load_workbook(io.BytesIO(export_xlsx(store, code, "en")))
    >>> book.sheetnames, book["answers"].max_row, book["answers"]["H2"].value
    (['answers', 'session'], 2, 'Teacher')
    """
    try:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font
    except ImportError:
        raise InputError("export", "XLSX needs openpyxl: pip install openpyxl") from None

    from .questionnaire import EXERCISE

    def text(value) -> str:
        return _cell(ILLEGAL_CHARACTERS_RE.sub("", value or ""))

    data, rows = _tidy(store, session_code, language)
    session = data["session"]
    book = Workbook()
    sheet = book.active
    sheet.title = "answers"
    sheet.append(list(_TIDY_COLUMNS))
    moment = _TIDY_COLUMNS.index("answered_at")
    for row in rows:
        cells = [text(c) or None if isinstance(c, str) else c for c in row]
        cells[moment] = _spreadsheet_time(row[moment])
        sheet.append(cells)
    widths = {
        "school": 28,
        "role_name": 22,
        "exercise": 14,
        "item": 30,
        "question": 48,
        "text": 40,
        "answered_at": 24,
    }
    _style_sheet(sheet, _by_letter(widths, _TIDY_COLUMNS), Font(bold=True), table=True)
    for (cell,) in sheet.iter_rows(min_row=2, min_col=moment + 1, max_col=moment + 1):
        cell.number_format = _UTC_FORMAT

    about = book.create_sheet("session")
    about.append(["field", "value"])
    fields = (
        ("code", session["code"]),
        ("school", text(session["school"])),
        ("frame", text(session["frame"])),
        ("measurement", session["measurement"]),
        ("baseline", session["baseline"]),
        ("created_at", _spreadsheet_time(session["created_at"])),
        ("participants", len(data["participants"])),
        ("team", sum(p["audience"] == "team" for p in data["participants"])),
        *(  # how many parents, how many children
            (name, sum(p["audience"] == audience for p in data["participants"]))
            for audience, name in EXERCISE.items()
        ),
        ("answers", len(rows)),
        ("exported_at", datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)),
        ("times", "UTC"),
        ("format", f"{FORMAT} {data['version']}"),
    )
    for field, value in fields:
        about.append([field, value])
    _style_sheet(about, {"A": 16, "B": 36}, Font(bold=True), table=False)
    for row, (field, _) in enumerate(fields, start=2):
        if field in ("created_at", "exported_at"):
            about.cell(row=row, column=2).number_format = _UTC_FORMAT
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_TIDY_COLUMNS = (
    "session",
    "school",
    "frame",
    "measurement",
    "baseline",
    "participant",
    "role",
    "role_name",
    "audience",
    "channel",
    "language",
    "exercise",
    "item",
    "question",
    "value",
    "text",
    "answered_at",
)
_UTC_FORMAT = 'yyyy-mm-dd hh:mm:ss "UTC"'


def _tidy(store, session_code: str, language: str):
    """The session's export and its rows for the tidy tables, in :data:`_TIDY_COLUMNS`' order,
    texts as typed (each format makes them safe its own way)."""
    from .answers import known_frame, question
    from .exercises import retired
    from .questionnaire import EXERCISE
    from .questionnaire import question as asked_of
    from .texts import tr

    if language not in ("nl", "en"):
        raise InputError("--language", f"unknown language '{str(language)[:20]}' (nl or en)")
    data = export_json(store, session_code)
    session = data["session"]
    try:
        frame = known_frame(session["frame"])
    except InputError:  # a frame no longer here: the codes alone
        frame = None
    rows = []
    for person in data["participants"]:
        role, audience = person["role"], person["audience"]
        for a in person["answers"]:
            if frame and retired(frame, a["exercise"], a["item"]):
                continue  # an item the frame no longer asks
            if not frame:
                asked = ""
            elif audience in EXERCISE and a["exercise"] == EXERCISE[audience]:
                asked = asked_of(frame, a["item"], language, audience)
            else:
                asked = question(frame, a["exercise"], a["item"], language)
            row = {
                "session": session["code"],
                "school": session["school"],
                "frame": session["frame"],
                "measurement": session["measurement"],
                "baseline": session["baseline"],
                "participant": person["number"],
                "role": role,
                "role_name": tr(f"role_{role}", language),
                "audience": audience,
                "channel": person["channel"],
                "language": person["language"],
                "exercise": a["exercise"],
                "item": a["item"],
                "question": asked,
                "value": a["value"],
                "text": a["text"],
                "answered_at": a["answered_at"],
            }
            rows.append([row[name] for name in _TIDY_COLUMNS])
    return data, rows


def _spreadsheet_time(iso: str) -> datetime:
    """An exported moment as a spreadsheet can hold it: UTC, without a zone."""
    from .store import as_utc

    return as_utc(datetime.fromisoformat(iso)).replace(tzinfo=None)


def _by_letter(widths: dict, columns) -> dict:
    """Column widths by name as a sheet takes them: by letter (``school`` is ``B``)."""
    from openpyxl.utils import get_column_letter

    return {get_column_letter(list(columns).index(name) + 1): w for name, w in widths.items()}


def _style_sheet(sheet, widths: dict, bold, table: bool) -> None:
    for cell in sheet[1]:
        cell.font = bold
    sheet.freeze_panes = "A2"
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width
    if table and sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions


def _cell(text: str) -> str:
    """Typed text for a spreadsheet cell: never read as a formula.

    Examples
    --------
    >>> _cell("=HYPERLINK(1)"), _cell("gewoon")
    ("'=HYPERLINK(1)", 'gewoon')
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def read_export_file(path: Path):
    """The parsed JSON of an export file, refusing a folder, a pipe, a file too large, not
    UTF-8 or not JSON. A whole number of more than :data:`MAX_DIGITS` digits is read as a float
    (the checks then refuse it where it stands, naming its key)."""
    name = str(path)
    try:
        if not path.exists():
            raise InputError(name, "file not found")
        if path.is_dir():
            raise InputError(name, "is a folder, not an export file")
        if not path.is_file():
            raise InputError(name, "is not a regular file (a pipe, a device?); give an export file")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise InputError(name, f"file is larger than {MAX_IMPORT_BYTES // 2**20} MiB")
        raw = path.read_bytes()
    except OSError as exc:  # no permission, a name too long, ...
        raise InputError(name, f"cannot read: {exc.strerror or type(exc).__name__}") from None
    try:
        return json.loads(raw.decode("utf-8-sig"), parse_int=_whole_number)
    except UnicodeDecodeError as exc:
        raise InputError(name, "is not UTF-8 text", where=f"byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise InputError(name, f"not valid JSON: {exc.msg}", where=f"line {exc.lineno}") from None
    except RecursionError:
        raise InputError(name, "nested too deeply") from None


def _whole_number(digits: str):
    """A whole number from JSON; one too long to be meant is a float (perhaps infinite), so
    that Python's limit on digits never raises and the checks name its key."""
    return int(digits) if len(digits) <= MAX_DIGITS else float(digits)


@dataclass(frozen=True)
class Imported:
    """What an import made: the session's join code, its school, the kind of file it came
    from, how many participants and answers, and whether the codes are new (a shareable
    export holds none, so the session got a new join code and new personal codes).

    ``baseline`` is the join code of the baseline the session was linked to. ``unlinked``
    says, in one sentence, why a link that the file names was not made (e.g. the baseline is
    not in this database), or is ``None``: the session was imported all the same.

    ``audience_codes`` are the session's questionnaire codes, by audience: a backup's own,
    or new ones for a shareable export (then a letter printed with the old code does not
    open the imported session).
    """

    code: str
    school: str
    kind: str
    participants: int
    answers: int
    baseline: str | None = None
    unlinked: str | None = None
    audience_codes: dict = _field(default_factory=dict)

    @property
    def new_codes(self) -> bool:
        return self.kind == SHAREABLE


def import_json(store, path: str | Path) -> str:
    """Import a session exported with :func:`export_json`; returns its join code.

    See :func:`import_session`, which says more about what it made.
    """
    return import_session(store, path).code


def import_session(store, path: str | Path) -> Imported:
    """Import a session from a shareable export or a backup (all or nothing).

    The file is checked completely first (its shape, and every answer against the session's
    frame), then written in one transaction. A backup keeps its join code and personal codes;
    one that exists already is refused. A shareable export gets a new join code and new
    personal codes.

    A later session is linked to the baseline the file names when that baseline is in the
    database already (and is this school's, with this frame); if not, the session is
    imported without the link and :attr:`Imported.unlinked` says why, so that it can be
    linked afterwards (:meth:`~betrokkenheid.store.Store.link_baseline`).

    Examples
    --------
    >>> import json, tempfile
    >>> from pathlib import Path
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    >>> store.save_answer(store.join(code, "teacher"), "triangle", "parent_school.equality", 4)
    >>> path = Path(tempfile.mkdtemp()) / "linde.json"
    >>> _ = path.write_text(json.dumps(export_json(store, code)), encoding="utf-8")
    >>> made = import_session(store, path)
    >>> made.new_codes, made.code != code, made.participants, made.answers
    (True, True, 1, 1)
    """
    from .store import (
        ALPHABET,
        AUDIENCE_CODE_LENGTH,
        PARTICIPANT_CODE_LENGTH,
        SESSION_CODE_LENGTH,
    )

    path = Path(path)
    name = str(path)
    data = parse_export(read_export_file(path), name)
    session = data.session.model_dump()
    people = [
        {
            "code": person.code,
            "role": person.role,
            "language": person.language,
            "created_at": person.created_at,
            "audience": person.audience.value,
            "channel": person.channel.value,
            "answers": [a.model_dump() for a in person.answers],
        }
        for person in data.participants
    ]
    made = Imported(
        session["code"],
        session["school"],
        BACKUP if data.is_backup else SHAREABLE,
        len(people),
        sum(len(p["answers"]) for p in people),
    )

    def summary(unlinked: str | None, code: str) -> Imported:
        done = replace(made, code=code, audience_codes=dict(session["audience_codes"]))
        if session["baseline"] is None:
            return done
        if unlinked is None:
            return replace(done, baseline=session["baseline"])
        why = f"not linked to its baseline {session['baseline']} ({unlinked}); "
        why += "the session is imported without the link"
        return replace(done, unlinked=why)

    if data.is_backup:
        return summary(store.load(session, people, name), session["code"])

    def new_code(length: int) -> str:
        return "".join(secrets.choice(ALPHABET) for _ in range(length))

    for attempt in range(5):  # a new code that another session holds already: very rare
        session["code"] = new_code(SESSION_CODE_LENGTH)
        codes: set[str] = set()
        while len(codes) < len(people):
            codes.add(new_code(PARTICIPANT_CODE_LENGTH))
        for person, code in zip(people, codes, strict=True):
            person["code"] = code
        session["audience_codes"] = {  # the letter's code goes with the join code
            audience: new_code(AUDIENCE_CODE_LENGTH) for audience in session["audience_codes"]
        }
        try:
            unlinked = store.load(session, people, name)
        except InputError as exc:
            if not exc.problem.endswith("exists already") or attempt == 4:
                raise
            continue
        break
    return summary(unlinked, session["code"])


def parse_export(raw, name: str, what: str = ""):
    """An export read from JSON, checked completely; an :class:`InputError` naming the first
    key that is wrong (``what`` goes before the problem, e.g. ``"not a valid export: "``).

    Checked: the shape (keys, types, codes the store makes, moments); the kind (a backup holds
    the personal codes, a shareable export numbers its participants and holds none); the
    session's school and frame (a known frame by name, never a path); and every answer
    against that frame, with the rules of the pages (:mod:`betrokkenheid.answers`).
    """
    from pydantic import ValidationError

    try:
        data = _models().model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(_one_line(p) for p in error["loc"]) or "(top level)"
        if error["type"] == "extra_forbidden":
            problem = f"unknown key '{_one_line(error['loc'][-1])}'"
        elif error["type"] == "missing":
            problem = f"missing key '{_one_line(error['loc'][-1])}'"
        else:
            problem = error["msg"].removeprefix("Value error, ")
        raise InputError(name, what + problem, where=f"key '{key}'") from None
    data = _without_retired(data)
    try:
        _check(data)
    except InputError as exc:
        raise InputError(name, what + exc.problem, where=f"key '{exc.source}'") from None
    return data


def _without_retired(data):
    """The export without the team's answers to items its frame no longer asks
    (:func:`betrokkenheid.exercises.retired`); as it is when the frame is unknown
    (:func:`_check` says so)."""
    from .answers import known_frame
    from .exercises import retired

    try:
        frame = known_frame(data.session.frame)
    except InputError:
        return data
    people = []
    for person in data.participants:
        kept = [a for a in person.answers if not retired(frame, a.exercise, a.item)]
        people.append(person.model_copy(update={"answers": kept}))
    return data.model_copy(update={"participants": people})


def _one_line(key) -> str:
    """A key from a file as a message shows it: short, on one line, control characters and
    half characters escaped.

    Examples
    --------
    >>> _one_line("a" + chr(10) + "b"), _one_line(3)
    ('a\\\\nb', '3')
    """
    text = str(key)
    text = text if len(text) <= 60 else text[:59] + "…"
    return text if text.isprintable() else repr(text)[1:-1]


def _check(data) -> None:
    """What the shapes cannot say: the kind's codes or numbers, and the session's school,
    frame and answers; an :class:`InputError` whose source is the key."""
    from .answers import check_person, check_school, known_frame
    from .questionnaire import check_person as check_questionnaire

    if data.version == 1 and data.kind is not None:
        raise InputError("kind", "a version 1 file has no kind (it is a backup)")
    if data.version > 1 and data.kind is None:
        raise InputError("kind", "missing key 'kind' (shareable or backup)")
    backup = data.is_backup
    for i, person in enumerate(data.participants):
        given = person.model_fields_set
        if backup:
            if "number" in given:
                raise InputError(f"participants.{i}.number", "a backup holds codes, not numbers")
            if person.code is None:
                raise InputError(f"participants.{i}.code", "missing key 'code' (a backup)")
        else:
            if "code" in given:
                problem = "a shareable export holds no personal codes"
                raise InputError(f"participants.{i}.code", problem)
            if person.number != i + 1:
                problem = f"must be {i + 1}: participants are numbered 1, 2, ... in order"
                if "number" not in given:
                    problem = "missing key 'number'"
                raise InputError(f"participants.{i}.number", problem)
    if data.version < 4:  # before parents answered: the team only, online
        if data.session.audience_codes:
            problem = f"a version {data.version} file has no questionnaire codes (version 4 does)"
            raise InputError("session.audience_codes", problem)
        for i, person in enumerate(data.participants):
            for key, default in (("audience", "team"), ("channel", "online")):
                if getattr(person, key).value != default:
                    problem = f"a version {data.version} file knows no {key} but {default}"
                    raise InputError(f"participants.{i}.{key}", problem + " (version 4 does)")
    baseline = data.session.baseline
    if data.version < 3 and baseline is not None:
        problem = f"a version {data.version} file names no baseline (version 3 does)"
        raise InputError("session.baseline", problem)
    if baseline is not None and data.session.measurement.value != "later":
        problem = "a baseline measurement has no baseline; only a later one is linked to one"
        raise InputError("session.baseline", problem)
    if baseline is not None and baseline == data.session.code:
        raise InputError("session.baseline", "is the session itself, not its baseline")
    try:
        check_school(data.session.school, exact=True)
    except InputError as exc:
        raise InputError("session.school", exc.problem) from None
    try:
        frame = known_frame(data.session.frame)
    except InputError as exc:
        raise InputError("session.frame", exc.problem) from None
    for i, person in enumerate(data.participants):
        given = [a.model_dump() for a in person.answers]
        try:
            if person.audience.value == "team":
                check_person(frame, given)
            else:  # a parent's (or child's) questionnaire: its own rules
                check_questionnaire(frame, given, person.audience.value)
        except InputError as exc:
            raise InputError(f"participants.{i}.answers.{exc.source}", exc.problem) from None


@cache
def _models():
    """The pydantic shapes of an export file (built on first use: pydantic loads late)."""
    from typing import Literal

    from pydantic import (
        AfterValidator,
        BaseModel,
        BeforeValidator,
        ConfigDict,
        Field,
        StringConstraints,
        field_validator,
    )

    from .model import Measurement, Role
    from .store import (
        ALPHABET,
        AUDIENCE_CODE_LENGTH,
        MAX_TEXT,
        PARTICIPANT_CODE_LENGTH,
        SESSION_CODE_LENGTH,
        as_utc,
        is_text,
    )
    from .terms import Audience, Channel

    # exactly the codes the store makes, so that an imported session can be opened again
    def code(length: int):
        pattern = f"^[{ALPHABET}]{{{length}}}$"
        return Annotated[str, StringConstraints(pattern=pattern, strict=True)]

    SessionCode = code(SESSION_CODE_LENGTH)
    PersonalCode = code(PARTICIPANT_CODE_LENGTH)
    QuestionnaireCode = code(AUDIENCE_CODE_LENGTH)

    def moment(text):  # ISO 8601 text only: no numbers read as seconds since 1970
        if not isinstance(text, str):
            raise ValueError("must be a date and time as text, e.g. 2026-03-01T12:00:00+00:00")
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"{text[:40]!r} is not a date and time (ISO 8601)") from None

    def in_utc(value: datetime) -> datetime:
        try:
            return as_utc(value)
        except OverflowError:  # e.g. 0001-01-01T00:00+01:00
            raise ValueError("is not a moment that can be stored") from None

    # stored in UTC: SQLite keeps no zone, so 12:00+02:00 would come back as 12:00 UTC
    Moment = Annotated[datetime, BeforeValidator(moment), AfterValidator(in_utc)]

    def real_text(text: str) -> str:  # the same rule as the pages: no NUL, no half characters
        if not is_text(text):
            raise ValueError("contains characters that are not text")
        return text

    Text = AfterValidator(real_text)
    Name = Annotated[str, StringConstraints(min_length=1, max_length=120, strict=True), Text]
    Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]

    class _Strict(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

    class AnswerIn(_Strict):
        exercise: Name
        item: Name
        value: Number | None
        text: Annotated[str, StringConstraints(max_length=MAX_TEXT, strict=True), Text] | None
        answered_at: Moment

    class ParticipantIn(_Strict):
        code: PersonalCode | None = None  # a backup's (and every version 1 file's)
        number: Annotated[int, Field(strict=True, ge=1)] | None = None  # a shareable export's
        audience: Audience = Audience.TEAM  # version 4; before it, the team only
        channel: Channel = Channel.ONLINE
        role: Annotated[str, StringConstraints(max_length=40, strict=True)]
        language: Annotated[str, StringConstraints(max_length=12, strict=True)]
        created_at: Moment
        answers: Annotated[list[AnswerIn], Field(max_length=10_000)]

        @field_validator("role")
        @classmethod
        def _role_of_the_audience(cls, role, info):
            audience = info.data.get("audience")
            if audience is None:  # refused already
                return role
            if audience is Audience.TEAM:
                if role not in {r.value for r in Role}:
                    roles = ", ".join(r.value for r in Role)
                    raise ValueError(f"unknown role '{_one_line(role)}': one of {roles}")
            elif role != audience.value:
                raise ValueError(f"a {audience.value}'s role is '{audience.value}'")
            return role

        @field_validator("language")
        @classmethod
        def _language_of_the_audience(cls, language, info):
            from .languages import language as known

            audience = info.data.get("audience")
            if audience is Audience.TEAM and language not in ("nl", "en"):
                shown = _one_line(language)
                raise ValueError(f"unknown language '{shown}' for the team (nl or en)")
            if audience is not None and audience is not Audience.TEAM:
                try:
                    if known(language).code != language:  # stored as the code, exactly
                        raise InputError("language", f"'{_one_line(language)}' is not a code")
                except InputError as exc:
                    raise ValueError(exc.problem) from None
            return language

        @field_validator("answers")
        @classmethod
        def _one_answer_per_item(cls, given):
            seen = set()
            for i, a in enumerate(given):
                if (a.exercise, a.item) in seen:
                    repeated = _one_line(f"{a.exercise}/{a.item}")
                    raise ValueError(f"answer {i} repeats item '{repeated}'")
                seen.add((a.exercise, a.item))
            return given

    class SessionIn(_Strict):
        code: SessionCode  # a shareable export's names the session; an import makes a new one
        school: Annotated[str, StringConstraints(min_length=1, max_length=200, strict=True), Text]
        frame: Name
        measurement: Measurement
        created_at: Moment
        baseline: SessionCode | None = None  # a later session's baseline (version 3)
        # the codes of its questionnaires, by audience (version 4)
        audience_codes: dict[Literal["parent", "child"], QuestionnaireCode] = {}

        @field_validator("audience_codes")
        @classmethod
        def _codes_apart(cls, codes):
            if len(set(codes.values())) != len(codes):
                raise ValueError("two questionnaires have the same code")
            return codes

        def model_dump(self, **kwargs):
            return {**super().model_dump(**kwargs), "measurement": self.measurement.value}

    class Export(_Strict):
        format: Annotated[str, StringConstraints(pattern=f"^{FORMAT}$", strict=True)]
        version: Annotated[int, Field(strict=True, ge=1, le=VERSION)]
        kind: Literal["shareable", "backup"] | None = None
        session: SessionIn
        participants: Annotated[list[ParticipantIn], Field(max_length=5000)]

        @property
        def is_backup(self) -> bool:
            """Whether the file holds the personal codes: a backup, or any version 1 file."""
            return self.kind == BACKUP or self.version == 1

        @field_validator("participants")
        @classmethod
        def _unique_codes(cls, people):
            codes = [p.code for p in people if p.code is not None]
            if len(set(codes)) != len(codes):
                raise ValueError("two participants have the same code")
            return people

    return Export
