"""The baseline (*nulmeting*) and a later measurement in plain words, for a team.

Per scale a team sees the two results, the difference and a few words: "hier zijn we
gegroeid", "ongeveer gelijk gebleven" or "hier zijn we gedaald" (:func:`word`). The words
are chosen from :func:`betrokkenheid.stats.change` (:func:`direction`): grown when the whole
95% interval of the difference lies above 0, gone down when it lies below 0, about the same
when it holds 0. So a small difference in a small or divided team is "about the same", and
the team is not told it grew by what chance alone could give. Every number says its scale
("op 1–5"; the climate "op 1–4").

The dashboard's table, the words under its pictures of both measurements and the report's
comparison all come from :func:`change_rows` and :func:`change_lines`: one rule, one set of
words. Effect sizes and intervals stay with researchers, in :func:`~betrokkenheid.stats.change`.
"""

from __future__ import annotations

from .privacy import MIN_GROUP
from .texts import number, tr

__all__ = ["DIRECTIONS", "change_lines", "change_rows", "direction", "on_scale", "word"]

DIRECTIONS = ("up", "same", "down")  # and None: not to compare (too few people)


def direction(ci_low, ci_high) -> str | None:
    """Which way a scale went: ``"up"`` when the interval of the difference lies above 0,
    ``"down"`` when it lies below 0, ``"same"`` when it holds 0; ``None`` when there is no
    interval (fewer than :data:`~betrokkenheid.privacy.MIN_GROUP` people in a measurement).

    Examples
    --------
    >>> direction(0.2, 0.9), direction(-0.3, 0.4), direction(-1.2, -0.1)
    ('up', 'same', 'down')
    >>> direction(float("nan"), float("nan")) is None
    True
    """
    if ci_low is None or ci_high is None or ci_low != ci_low or ci_high != ci_high:
        return None
    if ci_low > 0:
        return "up"
    if ci_high < 0:
        return "down"
    return "same"


def word(found: str | None, language: str = "nl") -> str:
    """The words a team reads for a :func:`direction`.

    Examples
    --------
    >>> word("up"), word("same", "en"), word("down", "en"), word(None)
    ('hier zijn we gegroeid', 'about the same', 'this went down', 'nog niet te vergelijken')
    """
    return tr(f"change_word_{found or 'unknown'}", language)


def on_scale(low, high, language: str = "nl") -> str:
    """What a number is on: "op 1–5".

    Examples
    --------
    >>> on_scale(1, 4), on_scale(1, 5, "en")
    ('op 1–4', 'on 1–5')
    """
    low, high = number(low, language, 0), number(high, language, 0)
    return tr("change_on_scale", language, low=low, high=high)


def change_rows(store, baseline, later, frame, language: str = "nl") -> list[dict]:
    """Per scale of ``frame``: the baseline's result, the later one, the difference and the
    words, for the team's answers of the two sessions.

    Parameters
    ----------
    store : Store
    baseline, later : store.Session
        The two measurements (the baseline first).
    frame : Frame
        Their frame.
    language : {"nl", "en"}

    Returns
    -------
    list of dict
        In the frame's order, each with ``exercise``, ``scale``, ``label``, ``low``, ``high``,
        ``before``, ``after``, ``difference`` (float, NaN where a measurement has fewer than
        :data:`~betrokkenheid.privacy.MIN_GROUP` people), ``direction`` (:func:`direction`),
        ``word`` (:func:`word`), ``scale_note`` ("op 1–5") and the numbers as a team reads
        them: ``before_text`` and ``after_text`` with their scale ("3,0 op 1–5"),
        ``difference_text`` ("+0,9").

    Examples
    --------
    >>> from betrokkenheid import Store, load_frame
    >>> from betrokkenheid.demo import make_demo
    >>> store = Store("sqlite://")
    >>> codes = make_demo(store)
    >>> sessions = [store.session(codes[m]) for m in ("baseline", "later")]
    >>> rows = change_rows(store, *sessions, load_frame("betrokkenheidsboom"))
    >>> row = next(r for r in rows if r["scale"] == "parent_school")
    >>> row["label"], row["word"], row["before_text"], row["scale_note"]
    ('Ouder en school', 'hier zijn we gegroeid', '3,0 op 1–5', 'op 1–5')
    """
    from .data import answers_frame
    from .exercises import scales_of
    from .stats import change

    # a session without answers yet (a baseline made to link to, say) has no rows to read
    answered = [s.code for s in (baseline, later) if store.session_answers(s)]
    answers = answers_frame(store if answered else [], sessions=answered or None)
    sides = {baseline.code: "baseline", later.code: "later"}
    answers["measurement"] = answers["session"].astype(str).map(sides)
    answers["school"] = later.school  # one team, also if its name was typed differently
    table = change(answers, frame)
    scales = {(name, scale.id): scale for name, scale in scales_of(frame, language)}
    rows = []
    for row in table.itertuples():
        scale = scales.get((row.exercise, row.scale))
        low, high = (scale.low, scale.high) if scale else (row.low, row.high)
        note = on_scale(low, high, language)
        found = direction(row.ci_low, row.ci_high)
        before, after = float(row.mean_baseline), float(row.mean_later)
        rows.append(
            {
                "exercise": row.exercise,
                "scale": row.scale,
                "label": scale.label if scale else row.scale,
                "low": low,
                "high": high,
                "before": before,
                "after": after,
                "difference": float(row.difference),
                "direction": found,
                "word": word(found, language),
                "scale_note": note,
                "before_text": _on(before, note, language),
                "after_text": _on(after, note, language),
                "difference_text": number(row.difference, language, sign=True),
            }
        )
    return rows


def _on(value: float, note: str, language: str) -> str:
    shown = number(value, language)
    return shown if shown == "–" else f"{shown} {note}"


def change_lines(rows, language: str = "nl") -> list[str]:
    """Plain sentences for under a picture of both measurements: the rows of
    :func:`change_rows` gathered by their words, each part with its numbers and its scale.

    Examples
    --------
    >>> rows = [
    ...     {"label": "Visie", "direction": "up", "before": 2.0, "after_text": "3,0 op 1–4"},
    ...     {"label": "Gedrag", "direction": "same", "before": 3.0, "after_text": "3,1 op 1–4"},
    ...     {"label": "Ouders", "direction": None, "before": None, "after_text": "2,0 op 1–4"},
    ... ]
    >>> for line in change_lines(rows):
    ...     print(line)
    Hier zijn we gegroeid: Visie (2,0 → 3,0 op 1–4).
    Ongeveer gelijk gebleven: Gedrag (3,0 → 3,1 op 1–4).
    Nog niet te vergelijken (minder dan 3 mensen in een meting): Ouders.
    """
    lines = []
    for found in DIRECTIONS:
        parts = [
            tr(
                "change_part",
                language,
                name=row["label"],
                before=number(row["before"], language),
                after=row["after_text"],
            )
            for row in rows
            if row["direction"] == found
        ]
        if parts:
            said = word(found, language)
            said = said[:1].upper() + said[1:]
            lines.append(tr("change_line", language, word=said, parts="; ".join(parts)))
    unknown = [r["label"] for r in rows if r["direction"] is None]
    if unknown:
        lines.append(tr("change_unknown", language, min=MIN_GROUP, parts=", ".join(unknown)))
    return lines
