"""The texts people see, from ``texts.yaml``: Dutch first, English beside it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["LANGUAGES", "has", "number", "tr"]

LANGUAGES = ("nl", "en")


@cache
def _texts() -> dict:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # our own file: libyaml when there
    return yaml.load((Path(__file__).parent / "texts.yaml").read_text("utf-8"), Loader=loader)


def has(key: str) -> bool:
    """Whether ``texts.yaml`` has a text ``key``.

    Examples
    --------
    >>> has("step_of"), has("no_such_text")
    (True, False)
    """
    return key in _texts()


def tr(key: str, language: str, **values) -> str:
    """The text ``key`` in ``language`` (Dutch when unknown), with ``{name}`` filled in.

    Examples
    --------
    >>> tr("step_of", "en", step=2, total=5)
    'Step 2 of 5'
    >>> tr("step_of", "fr", step=2, total=5)
    'Stap 2 van 5'
    """
    entry = _texts()[key]
    text = entry.get(language) or entry["nl"]
    return text.format(**values) if values else text


def number(value, language: str, digits: int = 1, sign: bool = False) -> str:
    """A number as people read it: a decimal comma in Dutch, "–" for none (or NaN).

    A negative number gets a real minus sign; with ``sign`` a positive one gets "+".

    Examples
    --------
    >>> number(3.456, "nl"), number(3.456, "en", digits=2), number(-0.5, "nl")
    ('3,5', '3.46', '−0,5')
    >>> number(0.74, "nl", 2, sign=True), number(-0.001, "en")
    ('+0,74', '0.0')
    >>> number(None, "nl"), number(float("nan"), "en")
    ('–', '–')
    """
    if value is None or value != value:
        return "–"
    text = f"{abs(value):.{digits}f}"
    if language != "en":
        text = text.replace(".", ",")
    if value < 0 and text.strip("0,."):
        return "−" + text
    return ("+" + text) if sign and value > 0 else text
