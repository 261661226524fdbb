"""Export a session to JSON, CSV or XLSX, and import a JSON export again (all or nothing)."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Annotated

from .errors import InputError

__all__ = [
    "FORMAT",
    "MAX_IMPORT_BYTES",
    "export_csv",
    "export_json",
    "export_xlsx",
    "import_json",
]

FORMAT = "betrokkenheid-session"
MAX_IMPORT_BYTES = 50 * 1024 * 1024


def export_json(store, session_code: str) -> dict:
    """Everything of a session as plain data; :func:`import_json` takes it back exactly.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    >>> export_json(store, code)["session"]["school"]
    'De Linde'
    """
    session = store.session(session_code)
    people = store.dump(session)
    for person in people:
        person["created_at"] = person["created_at"].isoformat()
        for a in person["answers"]:
            a["answered_at"] = a["answered_at"].isoformat()
    return {
        "format": FORMAT,
        "version": 1,
        "session": {
            "code": session.code,
            "school": session.school,
            "frame": session.frame,
            "measurement": session.measurement,
            "created_at": session.created_at.isoformat(),
        },
        "participants": people,
    }


def export_csv(store, session_code: str) -> str:
    """A tidy table of a session: one answer a row, participants numbered (no codes)."""
    data = export_json(store, session_code)
    session = data["session"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_TIDY_COLUMNS)
    for number, person in enumerate(data["participants"], start=1):
        for a in person["answers"]:
            writer.writerow(
                [
                    session["code"],
                    _cell(session["school"]),
                    session["frame"],
                    session["measurement"],
                    number,
                    person["role"],
                    a["exercise"],
                    a["item"],
                    "" if a["value"] is None else a["value"],
                    _cell(a["text"] or ""),
                    a["answered_at"],
                ]
            )
    return out.getvalue()


def export_xlsx(store, session_code: str) -> bytes:
    """A tidy workbook of a session: sheet "answers" (one answer a row), sheet "session".

    The sheet "answers" has the columns of :func:`export_csv`, participants numbered in joining
    order (no personal codes), values as numbers and times as UTC date-times (to the
    millisecond, as a spreadsheet keeps them). Typed text that a
    spreadsheet could read as a formula starts with ``'``, as in the CSV.

    Examples
    --------
    >>> import io, openpyxl
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
    >>> me = store.join(code, "teacher")
    >>> store.save_answer(me, "triangle", "parent_school.equality", 4)
    >>> book = openpyxl.load_workbook(io.BytesIO(export_xlsx(store, code)))
    >>> book.sheetnames, book["answers"].max_row
    (['answers', 'session'], 2)
    """
    try:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font
    except ImportError:
        raise InputError("export", "XLSX needs openpyxl: pip install openpyxl") from None

    def text(value) -> str:
        return _cell(ILLEGAL_CHARACTERS_RE.sub("", value or ""))

    data = export_json(store, session_code)
    session = data["session"]
    book = Workbook()
    sheet = book.active
    sheet.title = "answers"
    sheet.append(list(_TIDY_COLUMNS))
    count = 0
    for number, person in enumerate(data["participants"], start=1):
        for a in person["answers"]:
            sheet.append(
                [
                    session["code"],
                    text(session["school"]),
                    text(session["frame"]),
                    session["measurement"],
                    number,
                    person["role"],
                    text(a["exercise"]),
                    text(a["item"]),
                    a["value"],
                    text(a["text"]) or None,
                    _spreadsheet_time(a["answered_at"]),
                ]
            )
            count += 1
    widths = {"B": 28, "G": 14, "H": 30, "J": 40, "K": 20}
    _style_sheet(sheet, widths, Font(bold=True), table=True)
    for (cell,) in sheet.iter_rows(min_row=2, min_col=11, max_col=11):
        cell.number_format = "yyyy-mm-dd hh:mm:ss"

    about = book.create_sheet("session")
    about.append(["field", "value"])
    for field, value in (
        ("code", session["code"]),
        ("school", text(session["school"])),
        ("frame", text(session["frame"])),
        ("measurement", session["measurement"]),
        ("created_at", _spreadsheet_time(session["created_at"])),
        ("participants", len(data["participants"])),
        ("answers", count),
        ("exported_at", datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)),
        ("times", "UTC"),
        ("format", f"{FORMAT} {data['version']}"),
    ):
        about.append([field, value])
    _style_sheet(about, {"A": 16, "B": 36}, Font(bold=True), table=False)
    for row in (6, 9):
        about.cell(row=row, column=2).number_format = "yyyy-mm-dd hh:mm:ss"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_TIDY_COLUMNS = (
    "session",
    "school",
    "frame",
    "measurement",
    "participant",
    "role",
    "exercise",
    "item",
    "value",
    "text",
    "answered_at",
)


def _spreadsheet_time(iso: str) -> datetime:
    """An exported moment as a spreadsheet can hold it: UTC, without a zone."""
    from .store import as_utc

    return as_utc(datetime.fromisoformat(iso)).replace(tzinfo=None)


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
    """The parsed JSON of an export file, refusing one too large, not UTF-8 or not JSON."""
    name = str(path)
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise InputError(name, f"file is larger than {MAX_IMPORT_BYTES // 2**20} MiB")
    try:
        return json.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(name, "is not UTF-8 text", where=f"byte {exc.start}") from None
    except json.JSONDecodeError as exc:
        raise InputError(name, f"not valid JSON: {exc.msg}", where=f"line {exc.lineno}") from None
    except RecursionError:
        raise InputError(name, "nested too deeply") from None


def import_json(store, path: str | Path) -> str:
    """Import a session exported with :func:`export_json`; returns its join code.

    All or nothing: the file is checked completely first, then written in one transaction.
    A session code or personal code that exists already is refused.
    """
    path = Path(path)
    name = str(path)
    if not path.is_file():
        raise InputError(name, "file not found")
    data = parse_export(read_export_file(path), name)
    people = [
        {
            **person.model_dump(exclude={"answers"}),
            "answers": [a.model_dump() for a in person.answers],
        }
        for person in data.participants
    ]
    store.load(data.session.model_dump(), people, name)
    return data.session.code


def parse_export(raw, name: str, what: str = ""):
    """An export read from JSON, checked completely; an :class:`InputError` naming the first
    key that is wrong (``what`` goes before the problem, e.g. ``"not a valid export: "``)."""
    from pydantic import ValidationError

    try:
        return _models().model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(p) for p in error["loc"]) or "(top level)"
        if error["type"] == "extra_forbidden":
            problem = f"unknown key '{error['loc'][-1]}'"
        elif error["type"] == "missing":
            problem = f"missing key '{error['loc'][-1]}'"
        else:
            problem = error["msg"].removeprefix("Value error, ")
        raise InputError(name, what + problem, where=f"key '{key}'") from None


@cache
def _models():
    """The pydantic shapes of an export file (built on first use: pydantic loads late)."""
    from pydantic import (
        AfterValidator,
        BaseModel,
        ConfigDict,
        Field,
        StringConstraints,
        field_validator,
    )

    from .model import Measurement, Role
    from .store import (
        ALPHABET,
        MAX_TEXT,
        PARTICIPANT_CODE_LENGTH,
        SESSION_CODE_LENGTH,
        as_utc,
        is_text,
    )

    # exactly the codes the store makes, so that an imported session can be opened again
    def code(length: int):
        pattern = f"^[{ALPHABET}]{{{length}}}$"
        return Annotated[str, StringConstraints(pattern=pattern, strict=True)]

    SessionCode = code(SESSION_CODE_LENGTH)
    PersonalCode = code(PARTICIPANT_CODE_LENGTH)
    # stored in UTC: SQLite keeps no zone, so 12:00+02:00 would come back as 12:00 UTC
    Moment = Annotated[datetime, AfterValidator(as_utc)]

    def real_text(text: str) -> str:  # the same rule as the pages: no NUL, no half characters
        if not is_text(text):
            raise ValueError("contains characters that are not text")
        return text

    Text = AfterValidator(real_text)
    Name = Annotated[str, StringConstraints(min_length=1, max_length=120, strict=True), Text]

    class _Strict(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)

    class AnswerIn(_Strict):
        exercise: Name
        item: Name
        value: Annotated[float, Field(allow_inf_nan=False)] | None
        text: Annotated[str, StringConstraints(max_length=MAX_TEXT), Text] | None
        answered_at: Moment

    class ParticipantIn(_Strict):
        code: PersonalCode
        role: Role
        language: Annotated[str, StringConstraints(pattern="^(nl|en)$")]
        created_at: Moment
        answers: Annotated[list[AnswerIn], Field(max_length=10_000)]

        @field_validator("answers")
        @classmethod
        def _one_answer_per_item(cls, given):
            seen = set()
            for i, a in enumerate(given):
                if (a.exercise, a.item) in seen:
                    raise ValueError(f"answer {i} repeats item '{a.exercise}/{a.item}'")
                seen.add((a.exercise, a.item))
            return given

        def model_dump(self, **kwargs):
            data = super().model_dump(**kwargs)
            if "role" in data:
                data["role"] = self.role.value
            return data

    class SessionIn(_Strict):
        code: SessionCode
        school: Annotated[str, StringConstraints(min_length=1, max_length=200), Text]
        frame: Name
        measurement: Measurement
        created_at: Moment

        def model_dump(self, **kwargs):
            return {**super().model_dump(**kwargs), "measurement": self.measurement.value}

    class Export(_Strict):
        format: Annotated[str, StringConstraints(pattern=f"^{FORMAT}$")]
        version: Annotated[int, Field(ge=1, le=1)]
        session: SessionIn
        participants: Annotated[list[ParticipantIn], Field(max_length=5000)]

        @field_validator("participants")
        @classmethod
        def _unique_codes(cls, people):
            codes = [p.code for p in people]
            if len(set(codes)) != len(codes):
                raise ValueError("two participants have the same code")
            return people

    return Export
