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
    keys = [f"{audience}.{part}" for part in ("intro", "thanks", "hard", "open")]
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


def read_language(path: Path) -> Language:
    """One language file, checked: an :class:`InputError` naming the file, line and key for
    a missing or unknown key, or a text that is not text."""
    from pydantic import ValidationError

    from .frames import _explain, read_yaml
    from .model import _LanguageFile

    data, lines = read_yaml(Path(path))
    try:
        checked = _LanguageFile.model_validate(data)
    except ValidationError as exc:
        raise _explain(Path(path), exc, lines) from None
    if checked.code != Path(path).stem:
        raise InputError(str(path), f"code '{checked.code}' is not the file's name", "key 'code'")
    return Language(
        checked.code,
        checked.name,
        checked.english,
        checked.direction,
        checked.checked,
        dict(checked.texts),
        {frame: dict(texts) for frame, texts in checked.frames.items()},
    )
