"""Loading frames from YAML files, safely, with messages that name the file, key and line.

A frame is a data file: the shipped ones live in ``betrokkenheid/frames/``; a researcher's own
files can live in any folder named by the ``BETROKKENHEID_FRAMES`` environment variable (several
folders separated by ``os.pathsep``) or be loaded by path.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml

from .errors import InputError

__all__ = [
    "MAX_FRAME_BYTES",
    "MAX_FRAME_DEPTH",
    "frame_paths",
    "list_frames",
    "load_frame",
    "read_yaml",
]

MAX_FRAME_BYTES = 512 * 1024
MAX_FRAME_DEPTH = 12
FRAMES_DIR = Path(__file__).parent / "frames"
FRAMES_ENV = "BETROKKENHEID_FRAMES"


def frame_paths() -> dict[str, Path]:
    """Frame names and their files: the shipped ones, then those in ``$BETROKKENHEID_FRAMES``.

    Examples
    --------
    >>> "betrokkenheidsboom" in frame_paths()
    True
    """
    return yaml_files()


def yaml_files(subfolder: str = "") -> dict[str, Path]:
    """YAML files by name in the shipped frames folder, then in ``$BETROKKENHEID_FRAMES``
    (or in a ``subfolder`` of each, such as ``mappings``); the first of a name wins."""
    folders = [FRAMES_DIR]
    folders += [Path(p) for p in os.environ.get(FRAMES_ENV, "").split(os.pathsep) if p]
    found: dict[str, Path] = {}
    for folder in folders:
        folder = folder / subfolder
        if folder.is_dir():
            for path in sorted(folder.glob("*.y*ml")):
                found.setdefault(path.stem, path)
    return found


def list_frames() -> list[str]:
    """The names of all frames that :func:`load_frame` finds by name.

    Examples
    --------
    >>> list_frames()[:1]
    ['betrokkenheidsboom']
    """
    return sorted(frame_paths())


def load_frame(name_or_path: str | os.PathLike):
    """Load and validate a frame, by shipped name or from a YAML file of your own.

    Parameters
    ----------
    name_or_path : str or path
        A frame name such as ``"betrokkenheidsboom"`` or the path of a ``.yaml`` file.

    Returns
    -------
    Frame

    Raises
    ------
    InputError
        When the file is missing, unsafe or invalid; the message names the file and the key
        or line.

    Examples
    --------
    >>> load_frame("betrokkenheidsboom").title.get("en")
    'The involvement tree'
    """
    from pydantic import ValidationError

    from .model import Frame

    path = _resolve(name_or_path)
    cached = _CACHE.get(str(path))
    if cached is not None and cached[0] == _stamps(p for p, _, _ in cached[0]):
        return cached[1]
    data, lines = read_yaml(path)
    used = [path]
    if isinstance(data, dict):
        data = _borrow_sections(path, data, lines, used)
    try:
        frame = Frame.model_validate(data)
    except ValidationError as exc:
        raise _explain(path, exc, lines) from None
    _CACHE[str(path)] = (_stamps(used), frame)
    return frame


# Loaded frames by file: frames are frozen, so one object can serve every caller. An entry
# holds the modification time and size of its file and of the files it borrowed from, so a
# changed file is read again.
_CACHE: dict[str, tuple] = {}


def _stamps(paths) -> tuple:
    stamps = []
    for path in paths:
        try:
            stat = Path(path).stat()
        except OSError:
            return ()
        stamps.append((Path(path), stat.st_mtime_ns, stat.st_size))
    return tuple(stamps)


def _borrow_sections(path: Path, data: dict, lines: dict, used: list) -> dict:
    """Replace ``section: {use: other-frame}`` by that frame's own section.

    So two frames can share one exercise (the tree uses the climate rubric of
    *Samen met ouders*) without copying its text. A borrowed section must be the other
    frame's own, not borrowed in turn.
    """
    from .model import SECTIONS

    data = dict(data)
    for section in SECTIONS:
        value = data.get(section)
        if not (isinstance(value, dict) and set(value) == {"use"}):
            continue
        where = f"line {lines.get((section,), '?')}, key '{section}.use'"
        other = value["use"]
        if not isinstance(other, str) or other == data.get("id"):
            raise InputError(str(path), "'use' names another frame by its name", where=where)
        if other not in frame_paths():
            raise InputError(str(path), f"no frame '{other[:60]}' to use", where=where)
        borrowed, _ = read_yaml(frame_paths()[other])
        used.append(frame_paths()[other])
        own = borrowed.get(section) if isinstance(borrowed, dict) else None
        if not isinstance(own, dict) or set(own) == {"use"}:
            problem = f"frame '{other}' has no {section} section of its own"
            raise InputError(str(path), problem, where=where)
        data[section] = own
    return data


def _resolve(name_or_path) -> Path:
    text = os.fspath(name_or_path)
    known = frame_paths()
    if text in known:
        return known[text]
    path = Path(text)
    if path.suffix in {".yaml", ".yml"} or os.sep in text or _exists(path):
        return path
    raise InputError(
        text, f"no such frame; known frames: {', '.join(sorted(known))}", where="frame name"
    )


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # e.g. a name too long for the file system
        return False


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader, also refusing aliases, duplicate keys and deep nesting."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed in a frame", problem_mark=mark
            )
        self._depth += 1
        if self._depth > MAX_FRAME_DEPTH:
            mark = self.peek_event().start_mark
            raise yaml.MarkedYAMLError(
                problem=f"nested deeper than {MAX_FRAME_DEPTH} levels", problem_mark=mark
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value if isinstance(node, yaml.MappingNode) else ():
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a list or mapping as key: the safe loader refuses it, with its line
            key = key_node.value
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"key {_quote(key)} appears twice", problem_mark=key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except (ArithmeticError, AttributeError, LookupError, TypeError, ValueError) as exc:
            # PyYAML's own constructors fail like this on e.g. 2020-13-45, 0b_ or !!bool maybe
            value = _quote(node.value) if isinstance(node, yaml.ScalarNode) else "this value"
            raise yaml.MarkedYAMLError(
                problem=f"cannot read {value} as {node.tag.rsplit(':', 1)[-1]}",
                problem_mark=node.start_mark,
            ) from exc


def _shipped(path: Path) -> bool:
    """Whether ``path`` is one of the package's own frames (our file: no need to distrust it)."""
    try:
        return path.resolve().parent == FRAMES_DIR.resolve()
    except OSError:
        return False


# The package's own frames are read with libyaml, when there, which is about ten times faster;
# anything else (a researcher's file) goes through _SafeLoader with all its checks.
_ShippedLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path):
    """The data of a YAML file (a frame or a mapping) and the line of each key, for messages;
    an :class:`InputError` naming the file (and line) for a file too large, not UTF-8, not
    YAML or nested too deeply. Shipped files are read with libyaml, a user's with the strict
    loader."""
    name = str(path)
    try:
        if not path.exists():
            raise InputError(name, "file not found")
        if not path.is_file():
            raise InputError(name, "is not a file")
        if path.stat().st_size > MAX_FRAME_BYTES:
            raise InputError(name, f"file is larger than {MAX_FRAME_BYTES // 1024} KiB")
        raw = path.read_bytes()
    except OSError as exc:  # no permission, a name too long, ...
        raise InputError(name, f"cannot read: {exc.strerror or exc.__class__.__name__}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(name, "is not UTF-8 text", where=f"byte {exc.start}") from None
    try:
        loader = _ShippedLoader(text) if _shipped(path) else _SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        problem = f"character #x{exc.character:04x} is not allowed"
        raise InputError(name, f"not a valid frame file: {problem}", where=f"line {line}") from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError(name, "the file is empty")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else None
        problem = (exc.problem or exc.context or "not valid YAML").strip()
        raise InputError(name, f"not a valid frame file: {problem}", where=where) from None
    except yaml.YAMLError as exc:
        raise InputError(name, f"not valid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise InputError(name, "nested too deeply") from None
    finally:
        loader.dispose()
    return data, _line_map(node)


def _line_map(node, path=()) -> dict[tuple, int]:
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            lines.update(_line_map(value_node, (*path, str(key_node.value))))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines.update(_line_map(item, (*path, i)))
    return lines


def _explain(path: Path, exc, lines: dict[tuple, int]) -> InputError:
    from .model import FrameKeyError

    error = exc.errors()[0]
    loc = tuple(part for part in error["loc"] if not str(part).startswith("function-"))
    found = (error.get("ctx") or {}).get("error")
    if isinstance(found, FrameKeyError):  # found when all was read: it says its own key
        loc = (*loc, *found.key)
    kind = error["type"]
    if kind == "extra_forbidden":
        problem = f"unknown key {_quote(loc[-1])}"
    elif kind == "missing":
        problem = f"missing key {_quote(loc[-1])}"
    else:
        problem = " ".join(error["msg"].removeprefix("Value error, ").split())
    key = repr(".".join(_clip(p) for p in loc) or "(top level)")
    line = next((lines[loc[:i]] for i in range(len(loc), -1, -1) if loc[:i] in lines), None)
    more = len(exc.errors()) - 1
    if more:
        problem += f" (and {more} more problem{'s' if more > 1 else ''})"
    where = f"line {line}, key {key}" if line else f"key {key}"
    return InputError(str(path), problem, where=where)


def _clip(key, limit: int = 60) -> str:
    text = str(key)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _quote(key) -> str:
    """A key from a file, quoted on one short line (newlines and control characters escaped)."""
    return repr(_clip(key))
