"""Privacy: the one owner of the threshold and of the complementary rule.

No group result (a team, a session, a role, a measurement, any group a statistic is split
by) is a number for fewer than :data:`MIN_GROUP` people. That alone is not enough: when a
group is split into parts and the whole is shown too, the whole minus the shown parts is the
result of the hidden parts together. So when a set of people is split, every part shown has
at least the minimum, and the hidden people together are either none or at least the minimum
as well; otherwise the smallest shown part is hidden too, and the rule is applied again. This
is the *complementary rule* (*aanvullende onderdrukking*).

Pages, the dashboard, the report and the statistics all ask here. The minimum can be raised
(parents' and children's results need :data:`MIN_FAMILY`, 5), never lowered below
:data:`MIN_GROUP`.

What :func:`shown_rows` guarantees for the statistics, on the same answers:

* no shown group has fewer than the minimum;
* **a whole and its shown parts:** for every group by any combination of the split columns
  that is a union of the parts of a split, the hidden parts inside it are none or at least
  the minimum together;
* **any two results:** so a shown group never lies inside another such group with fewer
  than the minimum more (the difference of the two would be their result);
* a group is hidden or shown by what it holds, not by the call: the same people get the same
  answer from every function and every ``by=`` (among the split columns).

Counts (``n``) are always shown: how many people a hidden group holds says nothing about
their scores, and every subtraction above needs a mean that stays hidden.

What the rule cannot see: results of other tables (a subset of the answers, answers of a
later moment: a live team mean with 3 and then 4 people differs by the fourth), and the
team's own results on the pages and in the report, which are per session and shown from
:data:`MIN_GROUP` people on, also where the statistics hide that session beside a school.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .errors import InputError

__all__ = [
    "MIN_FAMILY",
    "MIN_GROUP",
    "SPLIT_COLUMNS",
    "enough",
    "hidden_parts",
    "role_groups",
    "shown_rows",
    "threshold",
]

#: The fewest staff a group result is shown for.
MIN_GROUP = 3

#: The fewest parents, and the fewest children, a result of theirs is shown for: they are
#: easier to recognise than staff.
MIN_FAMILY = 5

#: Columns of the tidy answers whose groups a result may show: a reader can combine results
#: split by any of them, so the rule looks at all of them (those present) together.
SPLIT_COLUMNS = (
    "frame",
    "school",
    "measurement",
    "session",
    "role",
    "language",
    "audience",
    "channel",
)


def threshold(minimum=MIN_GROUP, name: str = "min_group") -> int:
    """The privacy threshold asked for: a whole number, never below :data:`MIN_GROUP`.

    Parameters
    ----------
    minimum : int
        The fewest people a group result is shown for.
    name : str
        The parameter's name, for the error message.

    Raises
    ------
    InputError
        ``minimum`` is not a whole number of at least :data:`MIN_GROUP`.

    Examples
    --------
    >>> threshold(5)
    5
    >>> threshold(2)
    Traceback (most recent call last):
    ...
    betrokkenheid.errors.InputError: min_group: must be a whole number of at least 3 (the privacy threshold), not 2
    """  # noqa: E501
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < MIN_GROUP:
        problem = f"must be a whole number of at least {MIN_GROUP} (the privacy threshold)"
        raise InputError(name, f"{problem}, not {minimum!r}")
    return minimum


def enough(n: int, minimum=MIN_GROUP, *, own: bool = False) -> bool:
    """Whether a result of ``n`` people may be shown.

    Parameters
    ----------
    n : int
        How many people the result is of.
    minimum : int
        The threshold (:func:`threshold`: never below :data:`MIN_GROUP`).
    own : bool
        The answers are a person's own, shown only to that person (a page's "my answers"):
        then any ``minimum`` is allowed, but at least one answer is needed.

    Examples
    --------
    >>> enough(2), enough(3), enough(4, minimum=5)
    (False, True, False)
    >>> enough(1, minimum=1, own=True), enough(0, minimum=0, own=True)
    (True, False)
    """
    return n >= (max(int(minimum), 1) if own else threshold(minimum))


def hidden_parts(sizes: Mapping, minimum=MIN_GROUP, *, always: Iterable = (), order=None) -> set:
    """The parts of one split that must be hidden: the complementary rule.

    A part of fewer than ``minimum`` people is hidden (and the parts in ``always``). While
    the hidden people together are more than none but fewer than ``minimum`` and some part is
    still shown, the smallest shown part is hidden too (ties: the first in ``order``, by
    default the sorted keys).

    Parameters
    ----------
    sizes : mapping
        How many people each part holds.
    minimum : int
        The threshold (:func:`threshold`).
    always : iterable
        Parts hidden whatever their size (e.g. the role "other", which names nobody).
    order : callable, optional
        A sort key for ties between parts of the same size.

    Returns
    -------
    set
        The keys of the hidden parts.

    Examples
    --------
    >>> sorted(hidden_parts({"teacher": 3, "director": 1}))
    ['director', 'teacher']
    >>> sorted(hidden_parts({"teacher": 3, "director": 1, "care_coordinator": 2}))
    ['care_coordinator', 'director']
    >>> sorted(hidden_parts({"teacher": 7, "director": 2, "other": 3}))
    ['director', 'other']
    """
    minimum = threshold(minimum)
    key = order or (lambda part: str(part))
    hidden = {part for part, n in sizes.items() if n < minimum} | set(always) & set(sizes)
    shown = {part: n for part, n in sizes.items() if part not in hidden}
    rest = sum(sizes[part] for part in hidden)
    while 0 < rest < minimum and shown:
        smallest = min(shown, key=lambda part: (shown[part], key(part)))
        rest += shown.pop(smallest)
        hidden.add(smallest)
    return hidden


def role_groups(counts: Mapping[str, int], min_group=MIN_GROUP) -> tuple[dict[str, int], int]:
    """How many joined per role, told without letting anybody stand out.

    The complementary rule (:func:`hidden_parts`) on the roles: a role of fewer than
    ``min_group`` people (and the role "other") joins the rest; while the rest itself stays
    below ``min_group``, the smallest role joins it too. Returns the roles that stay named,
    in the order of :class:`~betrokkenheid.terms.Role`, and the size of the rest. No named
    role means: give no breakdown at all.

    Examples
    --------
    >>> role_groups({"teacher": 7, "director": 1, "care_coordinator": 2})
    ({'teacher': 7}, 3)
    >>> role_groups({"teacher": 7, "director": 1})
    ({}, 8)
    """
    from .terms import Role

    hidden = hidden_parts(counts, min_group, always=[Role.OTHER.value])
    rest = sum(n for role, n in counts.items() if role in hidden)
    order = [r.value for r in Role]
    named = [role for role in counts if role not in hidden]
    named.sort(key=lambda role: order.index(role) if role in order else len(order))
    return {role: counts[role] for role in named}, rest


def shown_rows(people, by, *, per=(), among=None, person=None, minimum=MIN_GROUP):
    """For each row of a table of people: may the result of its group (by ``by``) be shown?

    The rule of this module over every split a reader can get from the same table: the
    groups are those by any combination of the columns ``among`` (within each ``per``
    group, e.g. a scale). A group is hidden when

    1. it has fewer than ``minimum`` people; or
    2. it is a part of a split of another such group (whose parts lie wholly inside it), and
       the hidden parts there are more than none but fewer than ``minimum`` together while a
       part is still shown: then the smallest shown parts are hidden first (ties: the part
       whose first person comes first, ordered by the columns and then ``person``).

    Rule 2 is repeated until nothing changes. Because the groups of every combination of
    columns are among them, two results never differ by fewer than ``minimum`` people
    either: a group inside another is a part of the other's split by both their columns.
    Whether a group is hidden depends only on who is in it, so every ``by=`` (over the same
    ``among``) agrees.

    Parameters
    ----------
    people : pandas.DataFrame
        One row per person (and ``per`` group): a person's scale score, say.
    by : str or list of str
        The columns of the split asked for.
    per : list of str
        Columns results are always apart by (``exercise``, ``scale``): groups never cross them.
    among : list of str, optional
        The columns whose groups a reader may also get. By default ``by`` and the
        :data:`SPLIT_COLUMNS` present in ``people``.
    person : list of str, optional
        Columns that name a person (e.g. ``session``, ``participant``), for ties that do not
        depend on the order of the rows.
    minimum : int
        The threshold (:func:`threshold`).

    Returns
    -------
    numpy.ndarray of bool
        One per row of ``people``: whether its group by ``per`` and ``by`` may be shown.

    Examples
    --------
    A session of 3 teachers and a director: the session may be shown, its teachers not
    (the session minus its teachers is the director).

    >>> import pandas as pd
    >>> people = pd.DataFrame({"session": "K7MQ2P", "participant": [1, 2, 3, 4],
    ...                        "role": ["teacher"] * 3 + ["director"]})
    >>> shown_rows(people, ["session"]).tolist()
    [True, True, True, True]
    >>> shown_rows(people, ["session", "role"]).tolist()
    [False, False, False, False]
    """
    import numpy as np
    import pandas as pd

    minimum = threshold(minimum)
    by = [by] if isinstance(by, str) else list(by)
    per = list(per)
    if among is None:
        among = [c for c in SPLIT_COLUMNS if c in people.columns]
    among = list(dict.fromkeys([*among, *sorted(set(by) - set(among))]))
    among = [c for c in among if c not in per]
    size = len(people)
    if size == 0:
        return np.zeros(0, dtype=bool)

    def codes(name):
        values = people[name]
        strings = values.astype(str).where(values.notna(), "\x00")  # missing: a value too
        return pd.factorize(strings)[0].astype("int64")

    coded = {name: codes(name) for name in dict.fromkeys([*per, *among, *(person or [])])}
    # a canonical order of the rows (by what they hold, not where they stand) for ties
    sort_keys = [*per, *among, *(person or [])]
    text = {name: np.asarray(people[name].astype(str), dtype=str) for name in sort_keys}
    rank = np.empty(size, dtype="int64")
    if sort_keys:
        order = np.lexsort([text[name] for name in reversed(sort_keys)])
    else:
        order = np.arange(size)
    rank[order] = np.arange(size)

    spans = {name: int(values.max()) + 1 for name, values in coded.items()}

    def partition(columns):
        """Group numbers 0, 1, ... in the order of first appearance: equal splits, equal arrays."""
        key, span = np.zeros(size, dtype="int64"), 1
        for name in [*per, *columns]:
            if span * spans[name] >= 1 << 62:
                key, span = pd.factorize(key)[0].astype("int64"), size
            key, span = key * spans[name] + coded[name], span * spans[name]
        return pd.factorize(key)[0].astype("int64")

    from itertools import combinations

    parts, seen = [], {}
    for k in range(len(among) + 1):
        for columns in combinations(among, k):
            labels = partition(columns)
            seen.setdefault(labels.tobytes(), len(parts))
            if seen[labels.tobytes()] == len(parts):
                parts.append(labels)
    asked = seen[partition([c for c in among if c in by]).tobytes()]

    # every group of every partition, with one number per set of people (equal sets, one id)
    weight = pd.util.hash_array(rank).astype("uint64")
    sets, first, counts = [], [], []
    for labels in parts:
        groups = int(labels.max()) + 1
        total = np.zeros(groups, dtype="uint64")
        np.add.at(total, labels, weight)  # wraps around: a fingerprint of who is in it
        lowest = np.full(groups, size, dtype="int64")
        np.minimum.at(lowest, labels, rank)
        counts.append(np.bincount(labels, minlength=groups))
        first.append(lowest)
        sets.append(total)
    fingerprint = pd.MultiIndex.from_arrays([np.concatenate(counts), np.concatenate(sets)])
    ids = pd.factorize(fingerprint)[0]
    offsets = np.cumsum([0] + [len(c) for c in counts])
    set_of = [ids[offsets[i] : offsets[i + 1]] for i in range(len(parts))]
    n_sets = int(ids.max()) + 1
    set_size = np.zeros(n_sets, dtype="int64")
    set_first = np.zeros(n_sets, dtype="int64")
    for i in range(len(parts)):
        set_size[set_of[i]] = counts[i]
        set_first[set_of[i]] = first[i]
    hidden = set_size < minimum  # rule 1

    # rule 2: each group of partition q that lies inside a group of partition p
    child, parent, parents = [], [], 0
    for q, fine in enumerate(parts):
        for p, coarse in enumerate(parts):
            if p == q:
                continue
            groups = len(counts[q])
            low = np.full(groups, size, dtype="int64")
            high = np.full(groups, -1, dtype="int64")
            np.minimum.at(low, fine, coarse)
            np.maximum.at(high, fine, coarse)
            inside = low == high
            outer = low[inside]
            more = counts[p][outer] - counts[q][inside]
            if not (more > 0).any():
                continue  # partition q is partition p, or coarser where they meet
            # the groups of p that are unions of groups of q: their splits
            broken = np.bincount(coarse, weights=~inside[fine], minlength=len(counts[p])) > 0
            whole = ~broken[outer]
            child.append(set_of[q][inside][whole])
            parent.append(parents + outer[whole])
            parents += len(counts[p])
    if child:
        child, parent = np.concatenate(child), np.concatenate(parent)
        tie = np.lexsort((set_first[child], set_size[child], parent))
        child, parent = child[tie], parent[tie]
        for _ in range(n_sets):  # each round hides at least one group
            off = hidden[child]
            rest = np.bincount(parent, weights=set_size[child] * off, minlength=parents)
            left = np.bincount(parent, weights=~off, minlength=parents) > 0
            unsafe = (rest > 0) & (rest < minimum) & left
            if not unsafe.any():
                break
            candidates = np.flatnonzero(~off & unsafe[parent])
            _, at = np.unique(parent[candidates], return_index=True)
            hidden[child[candidates[at]]] = True
    return ~hidden[set_of[asked][parts[asked]]]
