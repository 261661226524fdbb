"""Answers as a tidy pandas DataFrame: one answer a row, ready for the statistics.

:func:`answers_frame` reads the answers of one or many sessions (many schools, both
measurements) from a :class:`~betrokkenheid.store.Store`, a database file or URL, or a JSON
export made with ``betrokkenheid export``. Participants appear as a number within their session
(1, 2, ... in the order they joined), never with their personal code.

:func:`check_answers` is the gate of every function in :mod:`betrokkenheid.stats`: a DataFrame
with a missing column, a wrong type or an empty cell where a label belongs is refused with an
:class:`~betrokkenheid.errors.InputError` that names the column, before anything is computed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from .errors import InputError

__all__ = ["COLUMNS", "answers_frame", "check_answers"]

#: The columns of :func:`answers_frame`, in order, and what each holds.
COLUMNS = {
    "session": "label",  # the session's join code
    "school": "label",
    "measurement": "label",  # baseline or later
    "baseline": "optional label",  # the join code of the baseline it is linked to; or <NA>
    "role": "label",  # a team member's role; "parent" (or "child") for the others
    "audience": "label",  # who answered: team, parent or child
    "channel": "label",  # how: online, or paper (a form staff typed in)
    "language": "label",  # the person's: nl or en for the team, any for a parent or child
    "participant": "integer",  # 1, 2, ... within the session; never the personal code
    "frame": "label",
    "exercise": "label",
    "item": "label",
    "value": "number",  # NaN for a text answer
    "text": "text",  # <NA> for a rating
    "answered_at": "moment",  # UTC
}
_LABELS = [name for name, kind in COLUMNS.items() if kind == "label"]
_KINDS = {
    "label": "text labels (str or category)",
    "optional label": "text labels (str or category) or empty cells",
    "integer": "whole numbers",
    "number": "numbers",
    "text": "text",
    "moment": "date-times",
}


def answers_frame(
    source,
    *,
    sessions: Iterable[str] | None = None,
    exercise: str | None = None,
    audience: str | None = None,
):
    """The answers of one or many sessions as a tidy DataFrame: one answer a row.

    Parameters
    ----------
    source : Store, str, path, dict or a list of these
        A :class:`~betrokkenheid.store.Store`; the path of a SQLite file or a database URL
        (``postgresql://...``); the path of a JSON export (``.json``) or such an export already
        read (a dict). A list or tuple reads several sources, e.g. the exports of many schools.
    sessions : iterable of str, optional
        Only these sessions (join codes); all by default.
    exercise : str, optional
        Only the answers to this exercise (``"triangle"``, ``"perspectives"``, ...).
    audience : str, optional
        Only the answers of the team (``"team"``), of parents (``"parent"``) or of children
        (``"child"``); everybody's by default.

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`COLUMNS`: ``session`` (join code), ``school``, ``measurement``,
        ``baseline`` (the join code of the baseline session a later one is linked to, ``NaN``
        where there is none), ``role``, ``audience`` (``team``, ``parent``, ``child``),
        ``channel`` (``online``, or ``paper`` for a form staff typed in), ``language`` (the
        person's), ``participant`` (a number within the session, parents and children
        numbered among the team in joining order), ``frame``, ``exercise``, ``item``,
        ``value`` (float, NaN for text), ``text`` (string, ``<NA>`` for a rating) and
        ``answered_at`` (UTC). Label columns are categorical; ``measurement`` is ordered
        (baseline before later). A parent's answers are under the exercise ``parents``, a
        child's under ``children`` (see :mod:`betrokkenheid.questionnaire`);
        ``answers[answers["audience"] == "team"]`` keeps the team's. These are rows, not
        results: the statistics (:mod:`betrokkenheid.stats`) show a group of parents or
        children only from :data:`~betrokkenheid.privacy.MIN_FAMILY` (5) on.

    Raises
    ------
    InputError
        A file that does not exist, is not a database or not a valid export; an unknown
        session code.

    Examples
    --------
    >>> from betrokkenheid import Store
    >>> store = Store("sqlite://")
    >>> base = None
    >>> for measurement, values in (("baseline", [2, 3, 4]), ("later", [4, 4])):
    ...     code = store.create_session(
    ...         "De Linde", "betrokkenheidsboom", measurement, baseline=base
    ...     ).code
    ...     base = code
    ...     for value in values:
    ...         me = store.join(code, "teacher")
    ...         store.save_answer(me, "triangle", "parent_child.equality", value)
    >>> answers = answers_frame(store)
    >>> answers[["measurement", "role", "participant", "item", "value"]]
      measurement     role  participant                   item  value
    0    baseline  teacher            1  parent_child.equality    2.0
    1    baseline  teacher            2  parent_child.equality    3.0
    2    baseline  teacher            3  parent_child.equality    4.0
    3       later  teacher            1  parent_child.equality    4.0
    4       later  teacher            2  parent_child.equality    4.0
    >>> list(answers.columns[:10])  # doctest: +NORMALIZE_WHITESPACE
    ['session', 'school', 'measurement', 'baseline', 'role', 'audience', 'channel',
     'language', 'participant', 'frame']
    >>> answers["baseline"].isna().tolist() == [True] * 3 + [False] * 2
    True
    """
    import pandas as pd

    wanted = None if sessions is None else _codes(sessions)
    if audience is not None:
        from .terms import Audience

        try:
            audience = Audience(audience).value
        except ValueError:
            known = ", ".join(a.value for a in Audience)
            problem = f"unknown audience {str(audience)[:20]!r} (one of {known})"
            raise InputError("audience", problem) from None
    parts = [_read(one, wanted, exercise) for one in _sources(source)]
    table = pd.concat(parts, ignore_index=True) if parts else _empty()
    if audience is not None:  # after reading: the participants keep their numbers
        table = table[table["audience"].astype(str) == audience].reset_index(drop=True)
    if wanted is not None:
        missing = sorted(wanted - set(table["session"]))
        if missing:
            raise InputError("sessions", f"no session with code {', '.join(missing)}")
    return _typed(table)


def check_answers(answers, needed: Iterable[str], what: str = "answers") -> None:
    """Refuse a DataFrame that lacks a column of ``needed`` or holds the wrong type in it.

    Only the columns named in ``needed`` are checked (the statistics each name theirs), so a
    table of your own needs only those. Label columns take text or categories without empty
    cells (``baseline`` may have empty ones); ``participant`` takes whole numbers; ``value``
    takes numbers (NaN allowed).

    Raises
    ------
    InputError
        Naming the first column that is missing or wrong, and what it should hold.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"session": ["A"], "participant": [1], "value": ["4"]})
    >>> check_answers(table, ["session", "participant"])
    >>> check_answers(table, ["session", "item"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    betrokkenheid.errors.InputError: answers, column 'item': missing column (the table has: ...)
    >>> check_answers(table, ["value"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    betrokkenheid.errors.InputError: answers, column 'value': holds ..., not numbers (...)
    """
    import pandas as pd
    from pandas.api import types

    if not isinstance(answers, pd.DataFrame):
        raise InputError(what, f"must be a pandas DataFrame, not {type(answers).__name__}")
    for name in needed:
        kind = COLUMNS.get(name, "label")
        where = f"column '{name}'"
        if name not in answers.columns:
            have = ", ".join(map(str, answers.columns[:20])) or "no columns"
            raise InputError(what, f"missing column (the table has: {have})", where=where)
        column = answers[name]
        if isinstance(column, pd.DataFrame):
            raise InputError(what, "the table has two columns of this name", where=where)
        dtype = column.dtype
        if kind in ("label", "optional label", "text"):
            values = column.cat.categories if isinstance(dtype, pd.CategoricalDtype) else column
            inferred = types.infer_dtype(values, skipna=True)
            good = inferred in ("string", "empty")
        elif kind == "integer":
            good = types.is_integer_dtype(dtype) and not types.is_bool_dtype(dtype)
            inferred = str(dtype)
        elif kind == "number":
            good = types.is_numeric_dtype(dtype) and not types.is_bool_dtype(dtype)
            inferred = str(dtype)
            if types.is_object_dtype(dtype) or types.is_string_dtype(dtype):
                inferred = types.infer_dtype(column, skipna=True)
        else:  # a moment
            good = types.is_datetime64_any_dtype(dtype)
            inferred = str(dtype)
        if not good:
            hint = " (pandas.to_numeric can convert it)" if kind == "number" else ""
            raise InputError(what, f"holds {inferred}, not {_KINDS[kind]}{hint}", where=where)
        if kind in ("label", "integer") and column.isna().any():
            row = column.index[column.isna().to_numpy()][0]
            raise InputError(what, f"has an empty cell (row {row!r})", where=where)


# reading --------------------------------------------------------------------------------------


def _sources(source) -> list:
    if isinstance(source, (list, tuple)):
        return list(source)
    return [source]


def _codes(sessions: Iterable[str]) -> set[str]:
    from .store import SESSION_CODE_LENGTH, normalise_code

    if isinstance(sessions, str):
        sessions = [sessions]
    return {normalise_code(code, SESSION_CODE_LENGTH, "join code") for code in sessions}


def _read(source, wanted: set[str] | None, exercise: str | None):
    from .store import Store, missing_tables

    if isinstance(source, Store):
        return _from_store(source, wanted, exercise)
    if isinstance(source, Mapping):
        return _from_export(source, "export", wanted, exercise)
    if not isinstance(source, (str, os.PathLike)):
        raise InputError(
            "source",
            f"cannot read answers from a {type(source).__name__}: give a Store, a database "
            "path or URL, or a JSON export",
        )
    text = os.fspath(source)
    if "://" in text:
        return _from_store(Store(text), wanted, exercise)
    path = Path(text).expanduser()
    if not path.is_file():  # never create an empty database for a mistyped path
        raise InputError(text, "file not found")
    if path.suffix.lower() == ".json" or _starts_like_json(path):
        from .exchange import read_export_file

        return _from_export(read_export_file(path), text, wanted, exercise)
    if not _is_sqlite(path):
        raise InputError(text, "is neither a SQLite database nor a JSON export")
    missing = missing_tables(path)
    if missing:  # never add our tables to another program's database
        raise InputError(text, f"is not a betrokkenheid database (no table '{missing[0]}')")
    return _from_store(Store(path), wanted, exercise)


def _starts_like_json(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(16) == b"SQLite format 3\x00"


def _from_export(raw, name: str, wanted: set[str] | None, exercise: str | None):
    """Rows from an export, checked with the same rules as ``betrokkenheid import``."""
    from .exchange import parse_export

    data = parse_export(raw, name, "not a valid export: ")
    session = data.session
    if wanted is not None and session.code not in wanted:
        return _empty()
    rows = [
        {
            "session": session.code,
            "school": session.school,
            "measurement": session.measurement.value,
            "baseline": session.baseline,
            "role": person.role,
            "audience": person.audience.value,
            "channel": person.channel.value,
            "language": person.language,
            "participant": number,
            "frame": session.frame,
            "exercise": answer.exercise,
            "item": answer.item,
            "value": answer.value,
            "text": answer.text,
            "answered_at": answer.answered_at,
        }
        for number, person in enumerate(data.participants, start=1)
        for answer in person.answers
        if exercise is None or answer.exercise == exercise
    ]
    return _table(rows)


def _from_store(store, wanted: set[str] | None, exercise: str | None):
    """Rows from a database: participants numbered per session in the order they joined."""
    return _table(store.answer_rows(wanted, exercise))


def _table(rows: list[dict]):
    """Rows given by column name as a table in the order of :data:`COLUMNS` (the one place
    that orders them)."""
    import pandas as pd

    return pd.DataFrame(rows, columns=list(COLUMNS)) if rows else _empty()


def _empty():
    import pandas as pd

    return pd.DataFrame({name: [] for name in COLUMNS})


def _typed(table):
    """The dtypes every reader gives: categories for labels, UTC moments, nullable text."""
    import pandas as pd

    from .model import Measurement

    out = {}
    for name, kind in COLUMNS.items():
        column = table[name]
        if kind == "optional label":  # an empty cell stays empty (never the text "None")
            column = column.astype(object).where(column.notna(), None).astype("category")
        elif kind == "label":
            column = column.astype(str)
            if name == "measurement":
                order = [m.value for m in Measurement]
                extra = sorted(set(column) - set(order))
                categories = pd.CategoricalDtype(order + extra, ordered=True)
                column = column.astype(categories)
            else:
                column = column.astype("category")
        elif kind == "integer":
            column = column.astype("int64")
        elif kind == "number":
            column = pd.to_numeric(column).astype("float64")
        elif kind == "text":
            column = column.astype("string")
        else:
            column = pd.to_datetime(column, utc=True).dt.as_unit("us")
        out[name] = column.reset_index(drop=True)
    return pd.DataFrame(out)
