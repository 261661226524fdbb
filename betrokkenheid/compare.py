"""Comparing frames: map the parts of one frame onto another, see what each covers alone.

A *mapping file* says which parts of frame A correspond to which parts of frame B, e.g. the
six components of *Samen met ouders* onto Epstein's six types. It is a YAML data file, found
by its name ``<a>__<b>.yaml`` in ``betrokkenheid/frames/mappings/`` or in a ``mappings/``
folder inside a folder of ``$BETROKKENHEID_FRAMES``, or given by path::

    from: samen-met-ouders          # frame A, by name
    to: epstein                     # frame B, by name
    note: {nl: ..., en: ...}        # optional: on what the mapping rests
    map:
      component.vision: []                          # considered: no counterpart in B
      component.conversation_partners: [form.communicating]

A part is ``kind.id``; the kinds are those of :data:`KINDS`. Every id is checked against its
frame when the file is loaded: an unknown one is an :class:`~betrokkenheid.errors.InputError`
naming the file, the line and the key. Only the kinds a mapping uses on a side are compared
on that side: a mapping of components onto types says nothing about barriers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .exercises import EXERCISES, of_frame

__all__ = [
    "KINDS",
    "Comparison",
    "FrameMapping",
    "compare_frames",
    "frame_units",
    "load_mapping",
    "map_frame",
    "mapping_paths",
]

#: The kinds of part a mapping can name, and where they live in a frame (each exercise names
#: its own, :mod:`betrokkenheid.exercises`).
KINDS = {
    **{kind: f"{e.name}: {what}" for e in EXERCISES for kind, what, _ in e.parts},
    "concept": "concepts: background knowledge",
}
_KEYS = {"from", "to", "map", "note"}


def _parts(frame) -> dict[str, dict[str, object]]:
    """Every part of a frame a mapping can name: kind → id → its label (a Text)."""
    found: dict[str, dict[str, object]] = {kind: {} for kind in KINDS}
    for unit in of_frame(frame):
        for kind, _, items in unit.parts:
            found[kind].update({item.id: item.label for item in items(unit.content(frame))})
    found["concept"].update({c.id: c.label for c in frame.concepts})
    return found


def frame_units(frame, language: str = "nl"):
    """Every part of a frame that a mapping can name, as a table.

    Parameters
    ----------
    frame : Frame or str
        A frame, or its name or path.
    language : {"nl", "en"}
        The language of the labels.

    Returns
    -------
    pandas.DataFrame
        Columns ``frame``, ``kind``, ``id``, ``label``, in the frame's own order.

    Examples
    --------
    >>> units = frame_units("betrokkenheidsboom", language="en")
    >>> units[units["kind"] == "relation"]["label"].tolist()
    ['Parent and school', 'Child and school', 'Parent and child, about school']
    """
    import pandas as pd

    frame = _frame(frame)
    rows = [
        (frame.id, kind, part, label.get(language))
        for kind, parts in _parts(frame).items()
        for part, label in parts.items()
    ]
    return pd.DataFrame(rows, columns=["frame", "kind", "id", "label"])


@dataclass(frozen=True)
class FrameMapping:
    """A checked mapping (*koppeling*) of the parts of frame ``a`` onto parts of frame ``b``.

    ``pairs`` holds, for each part of ``a`` that the mapping considers (``kind.id``), the
    parts of ``b`` it corresponds to (possibly none). ``source`` is the file it came from.
    """

    a: object
    b: object
    pairs: tuple[tuple[str, tuple[str, ...]], ...]
    note: object = None
    source: str = ""

    def reversed(self) -> FrameMapping:
        """The same mapping read from ``b`` to ``a``.

        A part of ``b`` that no part of ``a`` maps onto is listed with no counterpart.
        """
        kinds_b = {target.split(".", 1)[0] for _, targets in self.pairs for target in targets}
        back: dict[str, list[str]] = {
            f"{kind}.{part}": []
            for kind, parts in _parts(self.b).items()
            if kind in kinds_b
            for part in parts
        }
        for key, targets in self.pairs:
            for target in targets:
                back[target].append(key)
        pairs = tuple((key, tuple(found)) for key, found in back.items())
        return FrameMapping(self.b, self.a, pairs, self.note, self.source)


@dataclass(frozen=True)
class Comparison:
    """Two frames side by side (*vergelijking*): what maps, and what each covers alone.

    Attributes
    ----------
    a, b : str
        The ids of the two frames.
    pairs : pandas.DataFrame
        One row per mapped pair: ``a_kind``, ``a_id``, ``a_label``, ``b_kind``, ``b_id``,
        ``b_label``.
    only_a : pandas.DataFrame
        Parts of ``a`` (of the kinds the mapping uses) with no counterpart in ``b``:
        ``kind``, ``id``, ``label``.
    only_b : pandas.DataFrame
        Parts of ``b`` (of the kinds the mapping uses) that no part of ``a`` maps onto.
    """

    a: str
    b: str
    pairs: object
    only_a: object
    only_b: object

    def __str__(self) -> str:
        def listed(table) -> str:
            return (
                ", ".join(f"{k}.{i}" for k, i in zip(table["kind"], table["id"], strict=True))
                or "nothing"
            )

        return (
            f"{self.a} → {self.b}: {len(self.pairs)} mapped pairs\n"
            f"only in {self.a}: {listed(self.only_a)}\n"
            f"only in {self.b}: {listed(self.only_b)}"
        )


def mapping_paths() -> dict[str, Path]:
    """Mapping files by name (``<a>__<b>``): the shipped ones, then those of your folders.

    Your own mapping files go in a ``mappings/`` folder inside a folder named in
    ``$BETROKKENHEID_FRAMES`` (not beside the frames themselves: every YAML file there is read
    as a frame).

    Examples
    --------
    >>> "samen-met-ouders__epstein" in mapping_paths()
    True
    """
    from .frames import yaml_files

    return yaml_files("mappings")


def load_mapping(path, a=None, b=None) -> FrameMapping:
    """Load and check a mapping file.

    Parameters
    ----------
    path : str or path
        The mapping file.
    a, b : Frame, optional
        Frames to check it against, used for the ``from`` or ``to`` whose name is their id
        (e.g. frames of your own loaded by path); the others are loaded by name.

    Raises
    ------
    InputError
        A broken file, an unknown frame, kind or id; the message names file, line and key.

    Examples
    --------
    >>> mapping = load_mapping(mapping_paths()["samen-met-ouders__epstein"])
    >>> mapping.a.id, mapping.b.id
    ('samen-met-ouders', 'epstein')
    >>> dict(mapping.pairs)["component.conversation_partners"]
    ('form.communicating',)
    """
    from .frames import read_yaml

    path = Path(path)
    name = str(path)
    try:
        data, lines = read_yaml(path)
    except InputError as exc:
        problem = exc.problem.replace("frame file", "mapping file")
        raise InputError(exc.source, problem, exc.where) from None

    def fail(problem: str, *key) -> InputError:
        line = next((lines[key[:i]] for i in range(len(key), -1, -1) if key[:i] in lines), None)
        label = repr(".".join(str(k) for k in key)) if key else "(top level)"
        where = f"line {line}, key {label}" if line else f"key {label}"
        return InputError(name, problem, where=where)

    if not isinstance(data, dict):
        raise fail("a mapping file holds the keys from, to and map")
    for key in data:
        if key not in _KEYS:
            raise fail(f"unknown key {str(key)[:60]!r} (a mapping has: from, to, map, note)", key)
    for key in ("from", "to", "map"):
        if key not in data:
            raise fail(f"missing key '{key}'")
    given = {frame.id: frame for frame in (a, b) if frame is not None}
    frames = []
    for key in ("from", "to"):
        wanted = data[key]
        if not isinstance(wanted, str):
            raise fail("names a frame by its name", key)
        if wanted not in given:
            try:
                given[wanted] = _frame(wanted)
            except InputError as exc:
                raise fail(f"no frame '{wanted[:60]}' ({exc.problem})", key) from None
        frames.append(given[wanted])
    note = _note(data.get("note"), fail)
    given_map = data["map"]
    if not isinstance(given_map, dict) or not given_map:
        raise fail("map holds at least one 'kind.id: [kind.id, ...]'", "map")
    parts_a, parts_b = _parts(frames[0]), _parts(frames[1])
    pairs = []
    for key, targets in given_map.items():
        _check_part(key, parts_a, frames[0], fail, ("map", key))
        if isinstance(targets, str):
            targets = [targets]
        if targets is None:
            targets = []
        if not isinstance(targets, list):
            raise fail("maps to a list of kind.id (or [] for no counterpart)", "map", key)
        for i, target in enumerate(targets):
            _check_part(target, parts_b, frames[1], fail, ("map", key, i))
            if target in targets[:i]:
                raise fail(f"names '{target}' twice", "map", key, i)
        pairs.append((key, tuple(targets)))
    return FrameMapping(frames[0], frames[1], tuple(pairs), note, name)


def _note(note, fail):
    if note is None:
        return None
    from pydantic import ValidationError

    from .model import Text

    try:
        return Text.model_validate(note)
    except ValidationError:
        raise fail("note is a text {nl: ..., en: ...}", "note") from None


def _check_part(text, parts, frame, fail, key) -> None:
    if not isinstance(text, str) or "." not in text:
        shown = repr(text)[:60]
        raise fail(f"{shown} is not kind.id (kinds: {', '.join(KINDS)})", *key)
    kind, part = text.split(".", 1)
    if kind not in KINDS:
        raise fail(f"unknown kind '{kind[:40]}' (kinds: {', '.join(KINDS)})", *key)
    if part not in parts[kind]:
        raise fail(f"frame '{frame.id}' has no {kind} '{part[:60]}'", *key)


def _frame(frame):
    if isinstance(frame, (str, os.PathLike)):
        from .frames import load_frame

        return load_frame(frame)
    return frame


def _find(a, b, mapping) -> FrameMapping:
    """The mapping of ``a`` onto ``b``: the one given, or ``a__b`` or ``b__a`` reversed."""
    if mapping is not None:
        found = mapping if isinstance(mapping, FrameMapping) else load_mapping(mapping, a, b)
        if (found.a.id, found.b.id) == (a.id, b.id):
            return found
        if (found.a.id, found.b.id) == (b.id, a.id):
            return found.reversed()
        raise InputError(
            found.source or "mapping",
            f"maps '{found.a.id}' onto '{found.b.id}', not '{a.id}' onto '{b.id}'",
        )
    known = mapping_paths()
    if f"{a.id}__{b.id}" in known:
        return load_mapping(known[f"{a.id}__{b.id}"], a, b)
    if f"{b.id}__{a.id}" in known:
        return load_mapping(known[f"{b.id}__{a.id}"], b, a).reversed()
    raise InputError(
        "mapping",
        f"no mapping file {a.id}__{b.id}.yaml (or {b.id}__{a.id}.yaml); "
        f"known: {', '.join(sorted(known)) or 'none'}",
    )


def map_frame(a, b, *, mapping=None, language: str = "nl"):
    """The parts of frame ``a`` mapped onto frame ``b``: one row per mapped pair.

    Parameters
    ----------
    a, b : Frame or str
        The two frames (or their names or paths).
    mapping : str, path or FrameMapping, optional
        A mapping file of your own; by default the file ``<a>__<b>.yaml`` (or ``<b>__<a>``,
        read backwards) from :func:`mapping_paths`.
    language : {"nl", "en"}
        The language of the labels.

    Returns
    -------
    pandas.DataFrame
        Columns ``a_kind``, ``a_id``, ``a_label``, ``b_kind``, ``b_id``, ``b_label``. Merge it
        with scale scores (``a_id`` is a climate component, a relation, ...) to see your
        results in the other frame's terms.

    Examples
    --------
    >>> pairs = map_frame("samen-met-ouders", "epstein", language="en")
    >>> pairs[pairs["a_id"] == "shared_responsibility"][["b_kind", "b_id"]].to_dict("records")
    [{'b_kind': 'form', 'b_id': 'learning_at_home'}]
    """
    import pandas as pd

    a, b = _frame(a), _frame(b)
    found = _find(a, b, mapping)
    labels_a, labels_b = _parts(a), _parts(b)
    rows = []
    for key, targets in found.pairs:
        kind_a, id_a = key.split(".", 1)
        for target in targets:
            kind_b, id_b = target.split(".", 1)
            rows.append(
                (
                    kind_a,
                    id_a,
                    labels_a[kind_a][id_a].get(language),
                    kind_b,
                    id_b,
                    labels_b[kind_b][id_b].get(language),
                )
            )
    columns = ["a_kind", "a_id", "a_label", "b_kind", "b_id", "b_label"]
    return pd.DataFrame(rows, columns=columns)


def compare_frames(a, b, *, mapping=None, language: str = "nl") -> Comparison:
    """Compare two frames through a mapping: what maps, what only one of them covers.

    Parameters
    ----------
    a, b, mapping, language
        As in :func:`map_frame`.

    Returns
    -------
    Comparison
        ``pairs`` (as :func:`map_frame`), ``only_a`` and ``only_b``: the parts of each
        frame, of the kinds the mapping uses on that side, without a counterpart.

    Examples
    --------
    >>> comparison = compare_frames("samen-met-ouders", "epstein")
    >>> comparison.only_a["id"].tolist()
    ['vision', 'visible_behaviour']
    >>> comparison.only_b["id"].tolist()
    ['parenting', 'collaborating_with_community']
    """
    import pandas as pd

    a, b = _frame(a), _frame(b)
    found = _find(a, b, mapping)
    pairs = map_frame(a, b, mapping=found, language=language)
    kinds_a = {key.split(".", 1)[0] for key, _ in found.pairs}
    kinds_b = {t.split(".", 1)[0] for _, targets in found.pairs for t in targets}
    mapped_a = set(zip(pairs["a_kind"], pairs["a_id"], strict=True))
    mapped_b = set(zip(pairs["b_kind"], pairs["b_id"], strict=True))

    def alone(frame, kinds, mapped):
        rows = [
            (kind, part, label.get(language))
            for kind, parts in _parts(frame).items()
            if kind in kinds
            for part, label in parts.items()
            if (kind, part) not in mapped
        ]
        return pd.DataFrame(rows, columns=["kind", "id", "label"])

    return Comparison(a.id, b.id, pairs, alone(a, kinds_a, mapped_a), alone(b, kinds_b, mapped_b))
