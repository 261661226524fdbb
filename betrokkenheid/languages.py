"""The languages parents (and children) answer in: one YAML file per language.

The team works in Dutch or English (:mod:`betrokkenheid.texts`); a parent may read little of
either. Each file in ``betrokkenheid/languages/`` (or in a folder named by
``BETROKKENHEID_LANGUAGES``) holds one language:

- ``code`` (ISO 639-1, e.g. ``tr``), ``name`` (the language named in itself, "Türkçe"),
  ``english`` (its English name), ``direction`` (``ltr`` or ``rtl``);
- ``checked``: ``true`` only once a native speaker has read every text in the file. A
  translation not yet checked is marked so for the trainer (dashboard, report); parents never
  see the mark;
- ``texts``: what the parents' page, the letter and the paper form say, by key (every key
  of ``nl.yaml``);
- ``frames``: per frame id, the frame's questionnaire in this language, by key:
  ``parents.intro``, ``parents.thanks``, ``parents.hard``, ``parents.open``,
  ``parents.scale.1`` … (one per step), ``parents.items.ITEM`` and ``parents.barriers.BARRIER``.
  Dutch and English come from the frame file itself.

A translator copies ``en.yaml`` (or another file), changes ``code``, ``name`` and the texts,
and leaves ``checked: false``: no code is touched. A language is offered for a frame's
questionnaire only when every text is there (:func:`offered`).

Examples
--------
>>> language("ar").direction, language("tr").name
('rtl', 'Türkçe')
>>> say("progress", "en", step=3, total=12)
'3 of 12'
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .errors import InputError

__all__ = [
    "LANGUAGES_ENV",
    "Language",
    "language",
    "languages",
    "offered",
    "questionnaire_keys",
    "questionnaire_text",
    "say",
]

LANGUAGES_DIR = Path(__file__).parent / "languages"
LANGUAGES_ENV = "BETROKKENHEID_LANGUAGES"
_OWN = ("nl", "en")  # the workbook's own languages: a frame file holds these texts itself


@dataclass(frozen=True)
class Language:
    """A language a parent can answer in (*taal*), as its file describes it."""

    code: str
    name: str
    english: str
    direction: str
    checked: bool
    texts: dict
    frames: dict

    @property
    def rtl(self) -> bool:
        """Whether it is written from right to left (Arabic)."""
        return self.direction == "rtl"


def _folders() -> list[Path]:
    extra = [Path(p) for p in os.environ.get(LANGUAGES_ENV, "").split(os.pathsep) if p]
    return [LANGUAGES_DIR, *extra]


def _paths() -> tuple[Path, ...]:
    found: dict[str, Path] = {}
    for folder in _folders():
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found.setdefault(path.stem, path)
    return tuple(found.values())


@cache
def _load(paths: tuple[Path, ...]) -> dict[str, Language]:
    loaded = [read_language(path) for path in paths]

    def order(lang):
        return (_OWN.index(lang.code) if lang.code in _OWN else len(_OWN), lang.english)

    ordered = sorted(loaded, key=order)
    return {lang.code: lang for lang in ordered}


def languages() -> dict[str, Language]:
    """Every language there is a file for, by code: Dutch and English first, then the others
    by their English name."""
    return _load(_paths())


def language(code: str) -> Language:
    """The language with this code; an :class:`InputError` (source ``language``) when there
    is no file for it."""
    found = languages()
    key = str(code).strip().lower()[:12]
    if key not in found:
        raise InputError(
            "language", f"unknown language '{key}': one of {', '.join(found)}", reason="language"
        )
    return found[key]


def say(key: str, lang: str, **values) -> str:
    """What the parents' page, letter or paper form says for ``key`` in ``lang``, with
    ``{name}`` filled in; Dutch for a language there is no file for."""
    found = languages()
    chosen = found.get(lang) or found["nl"]
    text = chosen.texts.get(key) or found["nl"].texts[key]
    return text.format(**values) if values else text


def questionnaire_keys(frame, audience: str = "parents") -> list[str]:
    """The keys of every text of a frame's questionnaire, as a language file names them."""
    section = getattr(frame, audience)
    parts = [p for p in ("intro", "thanks", "hard", "open") if getattr(section, p, None)]
    keys = [f"{audience}.{part}" for part in parts]
    keys += [f"{audience}.scale.{v}" for v in section.scale.values]
    keys += [f"{audience}.items.{item.id}" for item in section.items]
    keys += [f"{audience}.barriers.{chip.barrier}" for chip in section.barriers]
    return keys


def questionnaire_text(frame, key: str, lang: str) -> str:
    """A text of ``frame``'s questionnaire (a key of :func:`questionnaire_keys`) in ``lang``:
    from the frame for Dutch and English, from the language file for the others (English when
    that file lacks it, so a page never breaks)."""
    if lang not in _OWN:
        text = languages().get(lang, languages()["en"]).frames.get(frame.id, {}).get(key)
        if text:
            return text
        lang = "en"
    audience, part, *rest = key.split(".")
    section = getattr(frame, audience)
    if part == "scale":
        return section.scale.labels[int(rest[0]) - section.scale.min].get(lang)
    if part == "items":
        return next(i.text for i in section.items if i.id == rest[0]).get(lang)
    if part == "barriers":
        return next(b.text for b in section.barriers if b.barrier == rest[0]).get(lang)
    return getattr(section, part).get(lang)


def offered(frame, audience: str = "parents") -> list[Language]:
    """The languages ``frame``'s questionnaire can be answered in: Dutch, English and every
    language whose file has all its texts and all the page's texts."""
    if getattr(frame, audience, None) is None:
        return []
    keys = questionnaire_keys(frame, audience)
    page = set(languages()["nl"].texts)
    return [
        lang
        for lang in languages().values()
        if lang.code in _OWN
        or (page <= set(lang.texts) and all(lang.frames.get(frame.id, {}).get(key) for key in keys))
    ]


@cache
def _dutch_keys() -> frozenset[str]:
    """The keys of the shipped Dutch file's texts: every text a page, letter or form says
    (read once, not again for each language checked against it)."""
    return frozenset(read_language(LANGUAGES_DIR / "nl.yaml").texts)


def _frame_keys(frame_id: str) -> set[str] | None:
    """The keys a language file may give for a frame's questionnaires; ``None`` for a frame
    that is not installed here (its texts are kept as they are)."""
    from .frames import frame_paths, load_frame
    from .model import QUESTIONNAIRES

    if frame_id not in frame_paths():
        return None
    frame = load_frame(frame_id)
    return {
        key
        for audience in QUESTIONNAIRES
        if getattr(frame, audience, None) is not None
        for key in questionnaire_keys(frame, audience)
    }


def read_language(path: Path) -> Language:
    """One language file, checked: an :class:`InputError` naming the file, line and key for
    a missing or unknown key (a text Dutch does not have, a frame text the frame does not
    ask), a code that is not the file's name, or a text that is not text."""
    from pydantic import ValidationError

    from .frames import _explain, read_yaml
    from .model import _LanguageFile

    data, lines = read_yaml(Path(path))
    try:
        checked = _LanguageFile.model_validate(data)
    except ValidationError as exc:
        raise _explain(Path(path), exc, lines) from None

    def refuse(problem: str, key: tuple) -> InputError:
        line = next((lines[key[:i]] for i in range(len(key), 0, -1) if key[:i] in lines), None)
        where = ".".join(map(str, key))
        return InputError(str(path), problem, f"line {line}, key '{where}'" if line else None)

    if checked.code != Path(path).stem:
        raise refuse(f"code '{checked.code}' is not the file's name", ("code",))
    if checked.code != "nl":  # Dutch holds every key of the page; a key it lacks is a typo
        known = _dutch_keys()
        for key in checked.texts:
            if key not in known:
                raise refuse(f"unknown text '{key}' (nl.yaml has no such key)", ("texts", key))
    for frame_id, texts in checked.frames.items():
        known = _frame_keys(frame_id)
        for key in texts:
            if known is not None and key not in known:
                problem = f"unknown text '{key}' of frame '{frame_id}'"
                raise refuse(problem, ("frames", frame_id, key))
    return Language(
        checked.code,
        checked.name,
        checked.english,
        checked.direction,
        checked.checked,
        dict(checked.texts),
        {frame: dict(texts) for frame, texts in checked.frames.items()},
    )
