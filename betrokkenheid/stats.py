"""Statistics on answers: scale scores, reliability, agreement, change and role differences.

Every function takes the tidy answers of :func:`~betrokkenheid.data.answers_frame` (or a
DataFrame of your own with the same columns) and returns a tidy DataFrame. A *scale* is a set
of items scored together (the mean of the items a person answered):

* ``triangle``: a relation of the partnership triangle; its items are ``relation.quality``;
* ``perspectives``: the statements of one actor's side on one aspect, e.g. ``parent.present``
  with the items ``statement.present``;
* ``climate``: a component of the partnership climate (one item, the level chosen: 1 is the
  first level of the rubric).

:func:`scale_items` lists them for a frame; pass a table of your own as ``scales=`` to score
other scales (an item may belong to several).

Privacy (:mod:`betrokkenheid.privacy`): a group result (a team, a role, a session, a
measurement, any ``by=``) for fewer than :data:`~betrokkenheid.privacy.MIN_GROUP` people is
NaN, never a number, and so is a group whose result would give a hidden group away by
subtraction (the complementary rule, over every split of the same answers). ``n`` is always
shown. Per-person scale scores are not group results; they show a participant number, never
a code.

Team, parents and children: every function computes the results of one ``audience`` (the
answers' ``audience`` column): the team's by default, so a table with parents' or children's
rows in it (as :func:`~betrokkenheid.data.answers_frame` gives) never mixes them into a team
result. ``audience="parent"`` computes the parents' and ``audience="child"`` the children's
(each questionnaire is one scale by default, :func:`scale_items`), and then a group result
needs at least :data:`~betrokkenheid.privacy.MIN_FAMILY` (5) parents or children, also in a
split by ``language`` or ``channel``, with the same complementary rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .data import COLUMNS, check_answers
from .errors import InputError
from .privacy import MIN_FAMILY, MIN_GROUP, SPLIT_COLUMNS, shown_rows, threshold

if TYPE_CHECKING:
    import pandas

__all__ = [
    "change",
    "cronbach_alpha",
    "role_differences",
    "rwg",
    "scale_items",
    "scale_scores",
]

_PERSON = ["session", "participant"]
_CARRIED = ("school", "measurement", "role", "frame")  # kept beside a person when present
_SCALE_COLUMNS = ["frame", "exercise", "scale", "item", "low", "high"]
_DENSE_KEYS = 1 << 22  # up to this many possible (frame, exercise, item) keys: a lookup array
_SCALE_NUMBER = "_s"  # the column of a mapped answer that holds the number of its scale


# scales -----------------------------------------------------------------------------------------


def scale_items(frame, audience: str = "team"):
    """The scales of a frame and their items: one row per item of a scale.

    Parameters
    ----------
    frame : Frame or str
        A frame, or the name or path of one.
    audience : str
        ``"team"``: the scales of the team's exercises. ``"parent"``: the parents'
        questionnaire as one scale (exercise and scale ``parents``, its statements on its
        scale of faces; none for a frame without one). ``"child"``: the children's, alike
        (exercise and scale ``children``).

    Returns
    -------
    pandas.DataFrame
        Columns ``frame``, ``exercise``, ``scale``, ``item``, and ``low`` and ``high``: the
        ends of the rating scale of the item (a rubric of four levels is 1 to 4).

    Examples
    --------
    >>> items = scale_items("betrokkenheidsboom")
    >>> mine = items[items["scale"] == "parent_child"]
    >>> print(mine[["exercise", "item", "low", "high"]].to_string(index=False))
    exercise                               item  low  high
    triangle         parent_child.communication    1     5
    triangle parent_child.shared_responsibility    1     5
    >>> len(scale_items("betrokkenheidsboom", "parent"))   # the parents' 12 statements
    12
    >>> len(scale_items("betrokkenheidsboom", "child"))   # the children's 9
    9
    """
    import pandas as pd

    from .exercises import scales_of  # each exercise says which scales it has

    frame = _frame(frame)
    audience = _audience(audience)
    if audience == "team":
        rows = [
            (exercise, scale.id, item, scale.low, scale.high)
            for exercise, scale in scales_of(frame)
            for item, _ in scale.items
        ]
    else:
        from .questionnaire import EXERCISE

        name = EXERCISE[audience]
        section = getattr(frame, name, None)
        items = section.items if section is not None else ()
        rows = [(name, name, i.id, section.scale.min, section.scale.max) for i in items]
    table = pd.DataFrame(rows, columns=_SCALE_COLUMNS[1:])
    table.insert(0, "frame", frame.id)
    return table.astype({"low": "int64", "high": "int64"})


def _frame(frame):
    import os

    if isinstance(frame, (str, os.PathLike)):
        from .frames import load_frame

        return load_frame(frame)
    return frame


def _by(by) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def _audience(audience) -> str:
    from .terms import Audience

    try:
        return Audience(audience).value
    except ValueError:
        known = ", ".join(a.value for a in Audience)
        problem = f"unknown audience {str(audience)[:20]!r} (one of {known})"
        raise InputError("audience", problem) from None


def _of_audience(answers, audience, min_group):
    """The rows of one audience, and the threshold its group results need: ``min_group``
    for the team, at least :data:`~betrokkenheid.privacy.MIN_FAMILY` for parents and
    children. A table without an ``audience`` column is the team's."""
    audience = _audience(audience)
    minimum = threshold(min_group)
    if audience != "team":
        minimum = max(minimum, MIN_FAMILY)
    check_answers(answers, [])
    if "audience" not in answers.columns:
        if audience != "team":
            problem = f"has no column 'audience': nothing says which rows are a {audience}'s"
            raise InputError("answers", problem)
        return answers, minimum, audience
    check_answers(answers, ["audience"])
    keep = (answers["audience"] == audience).to_numpy(dtype=bool)  # categories: no copy as text
    if not keep.all():
        answers = answers[keep].reset_index(drop=True)
    return answers, minimum, audience


def _checked(
    answers, frame, scales, by: list[str], first: Iterable[str] = (), audience: str = "team"
):
    """The front door of every statistic: check the answers and the scales, once.

    The columns ``first`` (a statistic's own, e.g. ``role``) are checked first, then those
    every statistic reads and ``by``, then ``scales`` (or the frame is loaded); the helpers
    after this trust what it let in.

    Returns
    -------
    pandas.DataFrame
        The items of the scales to use: ``exercise``, ``scale``, ``item``, ``low``, ``high``,
        and ``frame`` only when each answer's ``frame`` must match that of its item.
    """
    import pandas as pd

    own_frames = frame is None and scales is None  # each row's frame gives its scales
    read = [*_PERSON, "exercise", "item", "value", *by, *(["frame"] if own_frames else [])]
    check_answers(answers, list(dict.fromkeys([*first, *read])))
    if scales is not None:
        check_answers(scales, ["exercise", "scale", "item"], what="scales")
        table = scales.copy()
        for end in ("low", "high"):
            if end not in table.columns:
                table[end] = float("nan")
        if "frame" in table.columns:
            check_answers(scales, ["frame"], what="scales")
            check_answers(answers, ["frame"])
    elif frame is not None:
        table = scale_items(frame, audience).drop(columns="frame")
    else:
        names = sorted({str(name) for name in answers["frame"].unique()})
        parts = [scale_items(name, audience) for name in names]
        table = (
            pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=_SCALE_COLUMNS)
        )
        table = table.reindex(columns=_SCALE_COLUMNS)
    for name in ("frame", "exercise", "scale", "item"):
        if name in table.columns:
            table[name] = table[name].astype(str)
    return table.reset_index(drop=True)


@dataclass(frozen=True)
class _Mapped:
    """The answers that belong to a scale, as the statistics read them (:func:`_mapped`).

    Attributes
    ----------
    rows : pandas.DataFrame
        One row per answer and scale it belongs to (an item in two scales gives two rows):
        the columns ``kept``, ``item``, ``value`` (float) and :data:`_SCALE_NUMBER`, the
        number of the scale in ``scales``.
    scales : pandas.DataFrame
        One row per scale, indexed by its number, in the order of the scale table (the
        frame's own): ``exercise``, ``scale``, ``low`` and ``high`` (the ends of its rating
        scale, NaN when not known) and ``mixed`` (its items have different ends).
    kept : list of str
        The columns kept beside each answer: the person, the carried attributes present
        (when asked for), ``by`` and the extra columns.
    """

    rows: pandas.DataFrame
    scales: pandas.DataFrame
    kept: list[str]


def _codes(column, categories=None):
    """Integer codes of a label column (-1 for a value outside ``categories``)."""
    import pandas as pd

    if categories is None:
        if not isinstance(column.dtype, pd.CategoricalDtype):
            column = column.astype("category")
        return column.cat.codes.to_numpy().astype("int64"), column.cat.categories
    return categories.get_indexer(column).astype("int64"), categories


def _mapped(answers, table, by: list[str], carried: bool = True, extra=()) -> _Mapped:
    """The answers that belong to a scale of ``table`` (the items :func:`_checked` gave).

    Keeps the person, the carried attributes (when ``carried``), ``by`` and the ``extra``
    columns (for the privacy rule) beside each answer. Vectorised: the (frame, exercise,
    item) of every row is looked up as one integer key.
    """
    import numpy as np
    import pandas as pd

    keys = [name for name in ("frame", "exercise", "item") if name in table.columns]
    row_key = np.zeros(len(answers), dtype="int64")
    map_key = np.zeros(len(table), dtype="int64")
    unmatched = np.zeros(len(table), dtype=bool)
    space = 1  # how many keys there can be
    for name in keys:
        row_codes, categories = _codes(answers[name])
        map_codes, _ = _codes(table[name], categories)
        row_key = row_key * (len(categories) + 1) + row_codes
        map_key = map_key * (len(categories) + 1) + map_codes
        unmatched |= map_codes < 0
        space *= len(categories) + 1
    # scales keep the order of their first item in the table (the frame's own order)
    scales = table[["exercise", "scale"]].drop_duplicates().reset_index(drop=True)
    scales[_SCALE_NUMBER] = np.arange(len(scales))
    table = table.assign(_key=map_key).merge(scales, on=["exercise", "scale"], how="left")
    ends = table.groupby(_SCALE_NUMBER).agg(
        low=("low", "min"), high=("high", "max"), lows=("low", "nunique"), highs=("high", "nunique")
    )
    ends["mixed"] = (ends.pop("lows") > 1) | (ends.pop("highs") > 1)
    scales = scales.set_index(_SCALE_NUMBER).join(ends)
    # items no answer names cannot match; an item listed twice in one scale counts once
    table = table[~unmatched].drop_duplicates(["_key", _SCALE_NUMBER])

    values = answers["value"].to_numpy(dtype="float64", na_value=np.nan)
    rows, numbers = [], []
    layer = table.groupby("_key").cumcount().to_numpy()
    if space <= _DENSE_KEYS:  # a small key space: look up by position, not by hashing
        row_key = np.where(row_key >= 0, row_key, space)
    for depth in range(int(layer.max()) + 1 if len(layer) else 0):
        part = table[layer == depth]
        if space <= _DENSE_KEYS:
            scale_at = np.full(space + 1, -1, dtype="int64")
            scale_at[part["_key"].to_numpy()] = part[_SCALE_NUMBER].to_numpy()
            found = scale_at[row_key]
        else:
            where = pd.Index(part["_key"].to_numpy()).get_indexer(row_key)
            found = np.where(where >= 0, part[_SCALE_NUMBER].to_numpy()[where], -1)
        hit = (found >= 0) & ~np.isnan(values)
        rows.append(np.flatnonzero(hit))
        numbers.append(found[hit])
    rows = np.concatenate(rows) if rows else np.zeros(0, dtype="int64")
    numbers = np.concatenate(numbers) if numbers else np.zeros(0, dtype="int64")
    kept = [*_PERSON]
    if carried:
        kept += [c for c in _CARRIED if c in answers.columns and c not in kept]
    kept = list(dict.fromkeys([*kept, *by, *extra]))
    picked = answers.iloc[rows][[*kept, "item", "value"]].reset_index(drop=True)
    picked[_SCALE_NUMBER] = numbers
    picked["value"] = picked["value"].astype("float64")
    return _Mapped(rows=picked, scales=scales, kept=kept)


def _with_scale(table, scales):
    """Replace the scale number by the columns ``exercise`` and ``scale`` (of ``scales``)."""
    at = table.columns.get_loc(_SCALE_NUMBER)
    numbers = table.pop(_SCALE_NUMBER).to_numpy()
    table.insert(at, "scale", scales["scale"].to_numpy()[numbers])
    table.insert(at, "exercise", scales["exercise"].to_numpy()[numbers])
    return table


def _ordered(columns: Iterable[str]) -> list[str]:
    """Columns in the order of :data:`~betrokkenheid.data.COLUMNS`, others after."""
    columns = list(dict.fromkeys(columns))
    known = [c for c in COLUMNS if c in columns]
    return known + [c for c in columns if c not in known]


def _in_frame_order(table, scales, by: list[str]):
    """Rows sorted by the groups, then by the scales in the order of the frame."""
    import pandas as pd

    where = pd.MultiIndex.from_frame(scales[["exercise", "scale"]])
    rank = pd.Index(where).get_indexer(pd.MultiIndex.from_frame(table[["exercise", "scale"]]))
    table = table.assign(_rank=rank).sort_values([*by, "_rank"], kind="stable")
    return table.drop(columns="_rank").reset_index(drop=True)


def _split_columns(answers) -> list[str]:
    """The columns a reader may split the same answers by, for the privacy rule."""
    return [c for c in SPLIT_COLUMNS if c in answers.columns]


def _shown(people, by: list[str], min_group: int, per=("exercise", "scale")):
    """Per row of ``people``: may the result of its group be shown (:func:`shown_rows`)."""
    return shown_rows(people, by, per=list(per), person=_PERSON, minimum=min_group)


def _person_scores(mapped: _Mapped):
    """Per person and scale: ``score``, the mean of the items answered, and ``items``."""
    kept = _ordered(mapped.kept)
    keys = [*_PERSON, *[c for c in kept if c not in _PERSON], _SCALE_NUMBER]
    grouped = mapped.rows.groupby(keys, observed=True, sort=True)["value"]
    scores = grouped.agg(score="mean", items="count").reset_index()
    scores = scores[[*kept, _SCALE_NUMBER, "score", "items"]]
    return _with_scale(scores, mapped.scales)


# public statistics ----------------------------------------------------------------------------


def scale_scores(
    answers, frame=None, *, scales=None, by=None, min_group: int = MIN_GROUP, audience="team"
):
    """Scale scores: per participant the mean of the items of each scale they answered.

    Parameters
    ----------
    answers : pandas.DataFrame
        Tidy answers (:func:`~betrokkenheid.data.answers_frame`); needs ``session``,
        ``participant``, ``exercise``, ``item``, ``value`` (and ``frame`` when neither
        ``frame`` nor ``scales`` is given).
    frame : Frame or str, optional
        The frame whose scales to use for every row; by default each row's own frame (the
        ``frame`` column).
    scales : pandas.DataFrame, optional
        Scales of your own, shaped like :func:`scale_items` (``exercise``, ``scale``,
        ``item``; with a ``frame`` column they apply to that frame's rows only).
    by : str or list of str, optional
        Group columns (e.g. ``"session"``): then the result is one row per group and scale
        with ``n`` (people), ``mean`` and ``sd`` (sample standard deviation), NaN for a group
        of fewer than ``min_group`` and for a group that, with other results of the same
        answers, would give a hidden group away (:mod:`betrokkenheid.privacy`).
    min_group : int
        The privacy threshold for group results: :data:`MIN_GROUP` (3) or more; for parents
        and children never below :data:`~betrokkenheid.privacy.MIN_FAMILY` (5).
    audience : str
        Whose answers: the team's (``"team"``, the default: other rows are left out), the
        parents' (``"parent"``) or the children's (``"child"``; by default their
        questionnaire as one scale).

    Returns
    -------
    pandas.DataFrame
        Without ``by``: one row per participant and scale, with the person's ``session``,
        ``school``, ``measurement``, ``role``, ``participant``, ``frame`` (those present),
        ``exercise``, ``scale``, ``score`` and ``items`` (how many items the score is the mean
        of). Answers to items outside every scale, and text answers, are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({
    ...     "session": "K7MQ2P", "participant": [1, 1, 2, 2], "frame": "betrokkenheidsboom",
    ...     "exercise": "triangle",
    ...     "item": ["parent_school.communication", "parent_school.equality"] * 2,
    ...     "value": [4.0, 2.0, 5.0, 4.0]})
    >>> scale_scores(answers)[["participant", "scale", "score", "items"]]
       participant          scale  score  items
    0            1  parent_school    3.0      2
    1            2  parent_school    4.5      2
    >>> scale_scores(answers, by="session")[["scale", "n", "mean"]]  # 2 people: hidden
               scale  n  mean
    0  parent_school  2   NaN
    """
    by = _by(by)
    answers, min_group, audience = _of_audience(answers, audience, min_group)
    items = _checked(answers, frame, scales, by, audience=audience)
    mapped = _mapped(answers, items, by, extra=_split_columns(answers) if by else [])
    scores = _person_scores(mapped)
    if not by:
        return scores
    scores["_shown"] = _shown(scores, by, min_group)
    grouped = scores.groupby([*by, "exercise", "scale"], observed=True, sort=False)
    table = grouped.agg(
        n=("score", "count"), mean=("score", "mean"), sd=("score", "std"), _shown=("_shown", "all")
    ).reset_index()
    table = _in_frame_order(table, mapped.scales, by)
    return _hide(table, ~table.pop("_shown"), ["mean", "sd"])


def _hide(table, small, columns):
    import numpy as np

    table.loc[small.to_numpy(), columns] = np.nan
    return table


def _wide(rows, number: int, by: list[str]):
    """One scale's answers: participants (and ``by``) as rows, its items as columns."""
    part = rows[rows[_SCALE_NUMBER].to_numpy() == number]
    index = [*by, *[c for c in _PERSON if c not in by]]
    items = part["item"].astype(str)
    wide = part.groupby([*[part[c] for c in index], items], observed=True, sort=True)["value"]
    return wide.mean().unstack("item")


def _per_group(frame, by: list[str]):
    """Group the rows of a wide table by the ``by`` levels of its index, or as one group."""
    if by:
        return frame.groupby(level=by, observed=True, sort=True)
    return frame.groupby(lambda _: 0)


def _people_of(rows, by: list[str], extra):
    """Who each person is (the ``extra`` columns not in ``by``), one row per person."""
    columns = [*_PERSON, *[c for c in extra if c not in by and c not in _PERSON]]
    return rows[columns].drop_duplicates(_PERSON)


def _groups_shown(wide, by: list[str], people, min_group: int, index):
    """Per group of the complete cases in ``wide`` (in the order of ``index``): shown?"""
    import pandas as pd

    cases = wide.index.to_frame(index=False).merge(people, on=_PERSON, how="left")
    cases["_shown"] = _shown(cases, by, min_group, per=())
    if not by:
        return pd.Series(bool(cases["_shown"].all()), index=index)
    shown = cases.groupby(by, observed=True, sort=True)["_shown"].all()
    return shown.reindex(index, fill_value=False).astype(bool)


def _scale_rows(result, by, scales, number, **columns):
    """Rows of a per-scale result: the groups (or one row), exercise, scale, then ``columns``."""
    import pandas as pd

    table = pd.DataFrame(columns, index=result)
    table = table.reset_index() if by else table.reset_index(drop=True)
    table.insert(len(by), "scale", scales.at[number, "scale"])
    table.insert(len(by), "exercise", scales.at[number, "exercise"])
    return table


def _combine(parts, by, names, scales):
    import pandas as pd

    if parts:
        return _in_frame_order(pd.concat(parts, ignore_index=True), scales, by)
    return pd.DataFrame(columns=[*by, "exercise", "scale", *names])


def cronbach_alpha(
    answers, frame=None, *, scales=None, by=None, min_group: int = MIN_GROUP, audience="team"
):
    """Cronbach's alpha of each scale: how consistently its items measure one thing.

    Participants are rows and the scale's items columns; only complete cases count (people
    who answered every item of the scale that appears in the answers)::

        alpha = k / (k - 1) * (1 - sum of item variances / variance of the sum score)

    with ``k`` items and sample variances.

    Parameters
    ----------
    answers, frame, scales
        As in :func:`scale_scores`.
    by : str or list of str, optional
        Compute alpha per group (e.g. ``"measurement"``); all participants together by
        default.
    min_group : int
        Fewer complete cases than this (3 or more; 5 or more for parents and children): NaN.
    audience : str
        As in :func:`scale_scores`.

    Returns
    -------
    pandas.DataFrame
        Per scale (and group): ``exercise``, ``scale``, ``items`` (k), ``n`` (complete cases)
        and ``alpha``; NaN for a scale of one item, too few cases or no variance at all.

    Examples
    --------
    >>> import pandas as pd
    >>> values = {1: (1, 2), 2: (2, 2), 3: (3, 4)}   # participant: (communication, equality)
    >>> answers = pd.DataFrame(
    ...     [("K7MQ2P", p, "triangle", f"parent_school.{q}", float(v))
    ...      for p, pair in values.items() for q, v in zip(("communication", "equality"), pair)],
    ...     columns=["session", "participant", "exercise", "item", "value"])
    >>> table = cronbach_alpha(answers, "betrokkenheidsboom")
    >>> table[["scale", "items", "n"]].to_dict("records")
    [{'scale': 'parent_school', 'items': 2, 'n': 3}]
    >>> round(float(table["alpha"].iloc[0]), 4)   # 2 * (1 - (1 + 4/3) / (13/3))
    0.9231
    """
    import numpy as np

    by = _by(by)
    answers, min_group, audience = _of_audience(answers, audience, min_group)
    items = _checked(answers, frame, scales, by, audience=audience)
    extra = _split_columns(answers)
    mapped = _mapped(answers, items, by, carried=False, extra=extra)
    rows, scale_of = mapped.rows, mapped.scales
    people = _people_of(rows, by, extra)
    parts = []
    for number in scale_of.index:
        wide = _wide(rows, number, by).dropna()
        if wide.empty:
            continue
        k = wide.shape[1]
        groups = _per_group(wide, by)
        n = groups.size()
        item_variance = groups.var(ddof=1).sum(axis=1, min_count=1)
        total_variance = _per_group(wide.sum(axis=1), by).var(ddof=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            alpha = k / (k - 1) * (1 - item_variance / total_variance) if k > 1 else np.nan * n
        shown = _groups_shown(wide, by, people, min_group, n.index)
        alpha = alpha.where(shown & (total_variance > 0))
        parts.append(_scale_rows(n.index, by, scale_of, number, items=k, n=n, alpha=alpha))
    return _combine(parts, by, ["items", "n", "alpha"], scale_of)


def rwg(
    answers, frame=None, *, scales=None, by="session", min_group: int = MIN_GROUP, audience="team"
):
    """Within-team agreement rwg(j) of James, Demaree & Wolf (1984), per team and scale.

    The observed variance of the team's answers is compared with the variance expected when
    everybody answered at random (a uniform null over ``A`` scale points)::

        sigma2_EU = (A**2 - 1) / 12
        rwg(j)    = J * (1 - s2 / sigma2_EU) / (J * (1 - s2 / sigma2_EU) + s2 / sigma2_EU)

    where ``s2`` is the mean of the ``J`` item variances (sample variances, complete cases:
    members who answered every item of the scale). For one item this is
    ``rwg = 1 - s2 / sigma2_EU``. 1 is full agreement; when the team varies as much as random
    answers or more (``s2 >= sigma2_EU``) rwg is set to 0, as James et al. advise.

    Parameters
    ----------
    answers, frame, scales
        As in :func:`scale_scores`; the ends of each scale (``low``, ``high``) give ``A``.
    by : str or list of str
        What a team is: a session by default (one school at one measurement).
    min_group : int
        A team with fewer complete cases than this (3 or more; 5 or more for parents and
        children) gets NaN.
    audience : str
        As in :func:`scale_scores`.

    Returns
    -------
    pandas.DataFrame
        Per team and scale: ``exercise``, ``scale``, ``items`` (J), ``n``, ``variance`` (the
        mean item variance ``s2``), ``expected`` (``sigma2_EU``) and ``rwg``.

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({
    ...     "session": "K7MQ2P", "participant": [1, 2, 3], "exercise": "triangle",
    ...     "item": "parent_child.communication", "value": [2.0, 3.0, 4.0]})
    >>> table = rwg(answers, "betrokkenheidsboom")   # s2 = 1, sigma2_EU = (25 - 1) / 12 = 2
    >>> table[["session", "scale", "items", "n", "variance", "expected", "rwg"]]
      session         scale  items  n  variance  expected  rwg
    0  K7MQ2P  parent_child      1  3       1.0       2.0  0.5
    """
    import numpy as np

    by = _by(by)
    answers, min_group, audience = _of_audience(answers, audience, min_group)
    items = _checked(answers, frame, scales, by, audience=audience)
    extra = _split_columns(answers)
    mapped = _mapped(answers, items, by, carried=False, extra=extra)
    rows, scale_of = mapped.rows, mapped.scales
    people = _people_of(rows, by, extra)
    parts = []
    for number in scale_of.index:
        low, high = (float(scale_of.at[number, end]) for end in ("low", "high"))
        where = f"scale '{scale_of.at[number, 'scale']}'"
        if np.isnan(low) or np.isnan(high):
            problem = "needs 'low' and 'high', the ends of its rating scale"
            raise InputError("scales", problem, where=where)
        if scale_of.at[number, "mixed"]:
            problem = "needs the same rating scale (low and high) for all its items"
            raise InputError("scales", problem, where=where)
        expected = ((high - low + 1) ** 2 - 1) / 12
        wide = _wide(rows, number, by).dropna()
        if wide.empty:
            continue
        j = wide.shape[1]
        groups = _per_group(wide, by)
        n = groups.size()
        variance = groups.var(ddof=1).mean(axis=1)
        ratio = variance / expected
        agreement = (j * (1 - ratio) / (j * (1 - ratio) + ratio)).where(ratio < 1, 0.0)
        small = ~_groups_shown(wide, by, people, min_group, n.index)
        parts.append(
            _scale_rows(
                n.index,
                by,
                scale_of,
                number,
                items=j,
                n=n,
                variance=variance.mask(small),
                expected=expected,
                rwg=agreement.mask(small),
            )
        )
    return _combine(parts, by, ["items", "n", "variance", "expected", "rwg"], scale_of)


def change(
    answers,
    frame=None,
    *,
    scales=None,
    by="school",
    baseline: str = "baseline",
    later: str = "later",
    confidence: float = 0.95,
    min_group: int = MIN_GROUP,
    audience: str = "team",
):
    """Change from the baseline (*nulmeting*) to a later measurement (*eindmeting*), per scale.

    Participants are anonymous, so the two measurements are treated as independent groups of
    scale scores (:func:`scale_scores`):

    * ``difference``: mean later minus mean baseline;
    * ``d``: Cohen's d, the difference divided by the pooled standard deviation
      ``sqrt(((n1 - 1) s1**2 + (n2 - 1) s2**2) / (n1 + n2 - 2))`` (NaN when that is 0);
    * ``ci_low``, ``ci_high``: the Welch confidence interval of the difference,
      ``difference ± t(df) * sqrt(s1**2/n1 + s2**2/n2)`` with Welch–Satterthwaite ``df``
      (``scipy.stats.t``).

    Parameters
    ----------
    answers, frame, scales
        As in :func:`scale_scores`; ``answers`` needs a ``measurement`` column.
    by : str or list of str
        What a team is: a school by default (its baseline and later sessions together).
    baseline, later : str
        The two values of ``measurement`` to compare.
    confidence : float
        The level of the interval, 0.95 by default.
    min_group : int
        A measurement with fewer people than this (3 or more; 5 or more for parents and
        children) shows no mean; the change is then NaN. So does a measurement whose mean,
        with the team's, would give the other measurement (or another hidden group) away
        (:mod:`betrokkenheid.privacy`).
    audience : str
        As in :func:`scale_scores`.

    Returns
    -------
    pandas.DataFrame
        Per team and scale: ``n_baseline``, ``mean_baseline``, ``sd_baseline``, ``n_later``,
        ``mean_later``, ``sd_later``, ``difference``, ``d``, ``ci_low``, ``ci_high``.

    Examples
    --------
    >>> import pandas as pd
    >>> given = {"baseline": [2.0, 3.0, 4.0], "later": [3.0, 4.0, 5.0, 4.0]}
    >>> answers = pd.DataFrame(
    ...     [("De Linde", m, f"S{m[0]}", p, "triangle", "parent_child.communication", v)
    ...      for m, values in given.items() for p, v in enumerate(values, 1)],
    ...     columns=["school", "measurement", "session", "participant", "exercise", "item",
    ...              "value"])
    >>> table = change(answers, "betrokkenheidsboom")
    >>> table[["scale", "n_baseline", "n_later", "difference"]]
              scale  n_baseline  n_later  difference
    0  parent_child           3        4         1.0
    >>> round(float(table["d"].iloc[0]), 4)   # 1 / sqrt((2 * 1 + 3 * 2/3) / 5)
    1.118
    """
    import numpy as np

    if not 0 < confidence < 1:
        raise InputError("confidence", f"must lie between 0 and 1, not {confidence!r}")
    by = _by(by)
    answers, min_group, audience = _of_audience(answers, audience, min_group)
    split = [*by, "measurement"]
    items = _checked(answers, frame, scales, split, first=["measurement", *by], audience=audience)
    mapped = _mapped(answers, items, split, extra=_split_columns(answers))
    scores = _person_scores(mapped)
    scores["_shown"] = _shown(scores, split, min_group)
    measured = scores["measurement"].astype(str)
    keys = [*by, "exercise", "scale"]
    sides = []
    for name, label in (("baseline", baseline), ("later", later)):
        part = scores[measured.to_numpy() == label]
        grouped = part.groupby(keys, observed=True, sort=False)
        side = grouped.agg(
            n=("score", "count"),
            mean=("score", "mean"),
            sd=("score", "std"),
            shown=("_shown", "all"),
        )
        side = side.mask(~side.pop("shown")).assign(n=side["n"])
        sides.append(side.add_suffix(f"_{name}"))
    table = sides[0].join(sides[1], how="outer")
    for name in ("baseline", "later"):
        table[f"n_{name}"] = table[f"n_{name}"].fillna(0).astype("int64")
    n1, m1, s1 = (table[f"{c}_baseline"] for c in ("n", "mean", "sd"))
    n2, m2, s2 = (table[f"{c}_later"] for c in ("n", "mean", "sd"))
    table["difference"] = m2 - m1
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = np.sqrt(((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / (n1 + n2 - 2))
        table["d"] = (table["difference"] / pooled).where(pooled > 0)
        v1, v2 = s1**2 / n1, s2**2 / n2
        se = np.sqrt(v1 + v2)
        df = (v1 + v2) ** 2 / (v1**2 / (n1 - 1) + v2**2 / (n2 - 1))
    margin = _t_quantile((1 + confidence) / 2, df) * se
    margin = margin.where(se > 0, 0.0).where(se.notna())
    table["ci_low"] = table["difference"] - margin
    table["ci_high"] = table["difference"] + margin
    return _in_frame_order(table.reset_index(), mapped.scales, by)


def _t_quantile(p: float, df):
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom (NaN stays NaN)."""
    import numpy as np
    import pandas as pd
    from scipy.stats import t

    df = df.astype("float64")
    out = np.full(len(df), np.nan)
    good = (df > 0).to_numpy()
    out[good] = t.ppf(p, df.to_numpy()[good])
    return pd.Series(out, index=df.index)


def role_differences(
    answers, frame=None, *, scales=None, by="session", min_group: int = MIN_GROUP, audience="team"
):
    """How each role sees a scale, next to the whole team.

    Per team and scale: each role's ``n``, ``mean`` and ``sd`` of the scale scores, the team's
    ``team_n`` and ``team_mean``, and ``difference`` (role mean minus team mean).

    A role of fewer than ``min_group`` people shows no numbers. Because the team's mean is
    shown as well, the hidden roles together must also be ``min_group`` people or more (or
    none): otherwise the smallest shown role is hidden too, until they are. Else the score of
    one hidden person could be worked out from the others. This is the rule of
    :mod:`betrokkenheid.privacy`, which also keeps other splits of the same answers in mind.

    Parameters
    ----------
    answers, frame, scales
        As in :func:`scale_scores`; ``answers`` needs a ``role`` column.
    by : str or list of str
        What a team is: a session by default.
    min_group : int
        The privacy threshold: :data:`MIN_GROUP` (3) or more.
    audience : str
        As in :func:`scale_scores` (the team's roles by default).

    Returns
    -------
    pandas.DataFrame
        Per team, scale and role: ``n``, ``mean``, ``sd``, ``team_n``, ``team_mean``,
        ``difference``.

    Examples
    --------
    >>> import pandas as pd
    >>> people = [("teacher", 2.0), ("teacher", 3.0), ("teacher", 4.0),
    ...           ("director", 5.0), ("other", 4.0), ("other", 5.0), ("other", 5.0)]
    >>> answers = pd.DataFrame(
    ...     [("K7MQ2P", p, role, "triangle", "parent_school.equality", v)
    ...      for p, (role, v) in enumerate(people, 1)],
    ...     columns=["session", "participant", "role", "exercise", "item", "value"])
    >>> table = role_differences(answers, "betrokkenheidsboom")
    >>> table[["role", "n", "mean", "team_mean", "difference"]]   # the one director: hidden
           role  n  mean  team_mean  difference
    0  director  1   NaN        4.0         NaN
    1     other  3   NaN        4.0         NaN
    2   teacher  3   3.0        4.0        -1.0
    """
    import numpy as np

    by = _by(by)
    answers, min_group, audience = _of_audience(answers, audience, min_group)
    items = _checked(answers, frame, scales, by, first=["role", *by], audience=audience)
    mapped = _mapped(answers, items, by, extra=_split_columns(answers))
    scores = _person_scores(mapped)
    scores["_shown"] = _shown(scores, [*by, "role"], min_group)
    scores["_team_shown"] = _shown(scores, by, min_group)
    team_keys = [*by, "exercise", "scale"]
    roles = scores.groupby([*team_keys, "role"], observed=True, sort=True)
    table = roles.agg(
        n=("score", "count"), mean=("score", "mean"), sd=("score", "std"), _shown=("_shown", "all")
    ).reset_index()
    team = scores.groupby(team_keys, observed=True, sort=False)
    team = team.agg(
        team_n=("score", "count"), team_mean=("score", "mean"), _team=("_team_shown", "all")
    ).reset_index()
    table = _in_frame_order(table.merge(team, on=team_keys, how="left"), mapped.scales, by)
    table["team_mean"] = table["team_mean"].where(table.pop("_team").astype(bool))
    table["difference"] = table["mean"] - table["team_mean"]
    hidden = ~table.pop("_shown").to_numpy(dtype=bool)
    table.loc[hidden, ["mean", "sd", "difference"]] = np.nan
    return table[[*team_keys, "role", "n", "mean", "sd", "team_n", "team_mean", "difference"]]
