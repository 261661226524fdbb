"""The texts people see, from ``texts.yaml``: Dutch first, English beside it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

__all__ = ["LANGUAGES", "tr"]

LANGUAGES = ("nl", "en")


@cache
def _texts() -> dict:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # our own file: libyaml when there
    return yaml.load((Path(__file__).parent / "texts.yaml").read_text("utf-8"), Loader=loader)


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
